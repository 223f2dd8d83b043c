"""Options shared by the commands, declared once so every command spells them the same."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from stancecli.exit_codes import exit_code_table
from stancecli.render.choices import Layout
from stancecli.render.formats import OutputFormat

EXIT_CODES_EPILOG = "Exit codes:\n" + exit_code_table()

FormatOption = Annotated[
    OutputFormat,
    typer.Option(
        "--format",
        "-f",
        case_sensitive=False,
        help="Output format: table (for the terminal), json, jsonl, csv or markdown.",
    ),
]
TopicsOption = Annotated[
    Path | None,
    typer.Option(
        "--topics",
        metavar="FILE",
        help="A topic pack (TOML) to use instead of the bundled one.",
        show_default=False,
    ),
]
ModelOption = Annotated[
    Path | None,
    typer.Option(
        "--model",
        metavar="FILE",
        help="A stance model written by `stance train`, instead of the shipped one.",
        show_default=False,
    ),
]
ThresholdOption = Annotated[
    float,
    typer.Option(
        "--threshold",
        min=0.0,
        max=100.0,
        help="Fuzzy-match cut-off, 0-100: lower finds more near-miss spellings.",
    ),
]
EvidenceOption = Annotated[
    int,
    typer.Option("--evidence", min=1, metavar="N", help="Evidence sentences shown per cell."),
]
DebugOption = Annotated[
    bool,
    typer.Option("--debug", envvar="STANCE_DEBUG", help="Show the traceback of an error."),
]
PathsArgument = Annotated[
    list[str] | None,
    typer.Argument(
        metavar="PATHS",
        help="Article files, folders, globs, or - for stdin. Default: the bundled corpus.",
        show_default=False,
    ),
]
TextFieldOption = Annotated[
    str | None,
    typer.Option(
        "--text-field",
        metavar="NAME",
        help="JSON/JSONL: the field holding an article's text (dotted for nested: "
        "fields.body). Default: text, body, content, maintext.",
        show_default=False,
    ),
]
IdFieldOption = Annotated[
    str | None,
    typer.Option(
        "--id-field",
        metavar="NAME",
        help="JSON/JSONL: the field holding an article's id. Default: id; without one, "
        "FILE:LINE (JSONL) or FILE:INDEX (JSON list).",
        show_default=False,
    ),
]
MaxBytesOption = Annotated[
    int,
    typer.Option(
        "--max-bytes",
        min=1,
        metavar="N",
        help="Skip a file (or JSONL line) larger than N bytes.",
    ),
]
HiddenOption = Annotated[
    bool,
    typer.Option("--hidden", help="Also read hidden files and folders (.name) in folders."),
]
GoldArgument = Annotated[
    Path,
    typer.Argument(
        metavar="GOLD",
        help='Gold labels, JSONL: {"doc": "<article id>", "labels": {"<topic>": "pro"}}',
        show_default=False,
    ),
]

WithActorsOption = Annotated[
    bool,
    typer.Option(
        "--with-actors",
        help="Also show who else holds which position, according to each article.",
    ),
]
MergeOption = Annotated[
    bool,
    typer.Option("--merge", help="One row per actor across all articles, not per article."),
]

JobsOption = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        "-j",
        min=1,
        help="Worker processes (default: all cores for inputs over 4 MB, else 1).",
        show_default=False,
    ),
]
CsvRawOption = Annotated[
    bool,
    typer.Option(
        "--csv-raw",
        help="CSV: article text exactly as read. By default a cell starting with = + - @ "
        "(a spreadsheet formula) gets a leading ' and control characters are removed.",
    ),
]
QuietOption = Annotated[
    bool,
    typer.Option("--quiet", "-q", help="No progress bar on stderr (warnings still show)."),
]

LayoutOption = Annotated[
    Layout,
    typer.Option(
        "--layout",
        case_sensitive=False,
        help="Table layout: side (topics down, articles across), grid (articles down, "
        "topics across), or auto: side while every article's column fits, else grid.",
    ),
]
HideAbsentOption = Annotated[
    bool | None,
    typer.Option(
        "--hide-absent/--show-absent",
        help="Leave out topics no article addresses (default: hidden in the grid only).",
        show_default=False,
    ),
]

DateFromOption = Annotated[
    str | None,
    typer.Option(
        "--date-from",
        metavar="PATTERN",
        help="Date articles by their file name (or record id): {year}, {month}, {day} or "
        "{date} take digits, any other {field} a name, * any text. "
        "E.g. '{country}_{session}_{year}' for RUS_77_2022.md. Default: the date in "
        "front matter, JSON fields or the page's metadata.",
        show_default=False,
    ),
]
GroupByOption = Annotated[
    str | None,
    typer.Option(
        "--group-by",
        metavar="FIELD",
        help="Group articles by a metadata field (source, author, or any front matter or "
        "JSON field such as speaker), a {field} of --date-from, or a file-name pattern "
        "with {group}, e.g. '{group}_*'.",
        show_default=False,
    ),
]
SchedulerOption = Annotated[
    str | None,
    typer.Option(
        "--scheduler",
        metavar="ADDRESS",
        help="Run on a Dask cluster: its scheduler (tcp://HOST:8786), or local:N for N "
        "worker processes here. Needs pip install 'stancecli[dask]'.",
        show_default=False,
    ),
]
OutputDirOption = Annotated[
    str | None,
    typer.Option(
        "--output",
        "-o",
        metavar="DIR",
        help="With --scheduler and --format jsonl: write one part file per partition into "
        "DIR (a new or empty folder, or an fsspec URL), from the workers.",
        show_default=False,
    ),
]
BlocksizeOption = Annotated[
    int | None,
    typer.Option(
        "--blocksize",
        min=1,
        metavar="BYTES",
        help="With --scheduler: bytes of JSONL per partition (default 32000000).",
        show_default=False,
    ),
]
