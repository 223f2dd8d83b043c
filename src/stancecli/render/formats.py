"""Plain-text output formats (JSON, JSONL, CSV, Markdown) and the list of formats itself.

Everything here is standard library only, so output meant for scripts never passes
through Rich and never depends on the terminal. Each renderer returns a string; the
CLI decides where it goes.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterable, Sequence
from enum import StrEnum

from stancecli.models import ArticleInfo, Comparison, Stance, Topic, TopicPack, TopicStance
from stancecli.render.escape import spreadsheet_safe, terminal_safe
from stancecli.serialize import (
    cell_to_dict,
    clamp_score,
    comparison_to_dict,
    grid_lookup,
    iter_grid,
)


class OutputFormat(StrEnum):
    """Every `--format` choice; declared once so all commands offer the same names."""

    TABLE = "table"
    JSON = "json"
    JSONL = "jsonl"
    CSV = "csv"
    MARKDOWN = "markdown"


#: A glyph per stance. Never the only carrier of meaning: the pole word is printed beside it.
STANCE_GLYPH: dict[Stance, str] = {
    Stance.PRO: "▲",
    Stance.CON: "▼",
    Stance.MIXED: "◆",
    Stance.NEUTRAL: "●",
    Stance.ABSENT: "—",
}

ELLIPSIS = "…"
CSV_HEADER = (
    "article",
    "title",
    "topic",
    "label",
    "stance",
    "pole",
    "score",
    "confidence",
    "mentions",
    "evidence",
)
MARKDOWN_SENTENCE_LIMIT = 200


def strength_word(score: float) -> str:
    """Put |score| in words, since a bare 0.41 means little to a reader."""
    magnitude = abs(score)
    if magnitude >= 0.6:
        return "strong"
    if magnitude >= 0.3:
        return "moderate"
    return "weak"


def flatten(text: str) -> str:
    """Collapse whitespace so a sentence spanning source lines stays one line."""
    return " ".join(text.split())


def one_line(text: str) -> str:
    """Article text as a renderer may show it: on one line, with no escape sequence or
    control character left (see `render.safe`)."""
    return flatten(terminal_safe(text))


def shorten(text: str, limit: int) -> str:
    """Cut at a word boundary and mark the cut with "…", so a cell never hides that it was cut."""
    text = one_line(text)
    if limit < 1:
        return ""
    if len(text) <= limit:
        return text
    if limit == 1:
        return ELLIPSIS
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space >= (limit - 1) // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-–—") + ELLIPSIS


# C1 controls and DEL, which `json.dumps(ensure_ascii=False)` leaves raw: some terminals
# act on U+009B (CSI) when a user prints JSON to the screen.
_RAW_IN_JSON = re.compile(r"[\x7f-\x9f]")


def dumps_json(data: object, indent: int | None = None) -> str:
    """JSON that still decodes to exactly the article's text, every control escaped."""
    text = json.dumps(data, ensure_ascii=False, indent=indent)
    if _RAW_IN_JSON.search(text) is None:
        return text
    return _RAW_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]], *, raw: bool = False) -> str:
    """CSV for spreadsheets: text cells made safe to open (see `render.safe`) unless `raw`.

    A cell that is a plain number ("-0.44") is left alone: a spreadsheet reads it as the
    number it is, and a negative score must stay one.
    """
    buffer = io.StringIO()
    import csv  # only this format needs it

    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(row if raw else [_sheet_cell(value) for value in row])
    return buffer.getvalue()


_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?\Z")


def _sheet_cell(value: object) -> object:
    if not isinstance(value, str) or _NUMBER.match(value):
        return value
    return spreadsheet_safe(terminal_safe(value))


def render_json(c: Comparison) -> str:
    """The whole comparison as one JSON document, for `jq` and for saving results."""
    return dumps_json(comparison_to_dict(c), indent=2) + "\n"


def render_jsonl(c: Comparison) -> str:
    """One cell per line, each carrying its article title and topic label so lines stand alone."""
    return "".join(
        _jsonl_line(article, topic, cell) + "\n" for article, topic, cell in iter_grid(c)
    )


def render_article_jsonl(
    article: ArticleInfo, cells: Sequence[TopicStance], pack: TopicPack
) -> str:
    """One article's lines of `render_jsonl`, for printing while later articles are read."""
    by_topic = {cell.topic: cell for cell in cells}
    return "".join(
        _jsonl_line(article, topic, by_topic[topic.id]) + "\n"
        for topic in pack.topics
        if topic.id in by_topic
    )


def _jsonl_line(article: ArticleInfo, topic: Topic, cell: TopicStance) -> str:
    base = cell_to_dict(cell, topic)
    row: dict[str, object] = {
        "article": base.pop("article"),
        "title": article.title,
        "topic": base.pop("topic"),
        "label": topic.label,
    }
    row.update(base)
    return dumps_json(row)


def _evidence_sentences(cell: TopicStance, evidence: int) -> list[str]:
    return [one_line(e.sentence) for e in cell.evidence[: max(0, evidence)]]


def render_csv(c: Comparison, evidence: int = 1, *, raw: bool = False) -> str:
    """One row per cell for spreadsheets; evidence sentences share a column, split by " | ".

    `raw` keeps article text as it is (`--csv-raw`), for scripts rather than spreadsheets.
    """
    rows = []
    for article, topic, cell in iter_grid(c):
        data = cell_to_dict(cell, topic)
        sentences = [flatten(e.sentence) for e in cell.evidence[: max(0, evidence)]]
        rows.append(
            [
                article.id,
                article.title,
                topic.id,
                topic.label,
                data["stance"],
                data["pole"],
                data["score"],
                data["confidence"],
                data["mentions"],
                " | ".join(sentences),
            ]
        )
    return csv_text(CSV_HEADER, rows, raw=raw)


def _md_escape(text: str) -> str:
    """Keep user text from breaking the table: a pipe starts a column, a newline a row."""
    return one_line(text).replace("\\", "\\\\").replace("|", "\\|")


def markdown_cell(cell: TopicStance, topic: Topic, evidence: int = 1) -> str:
    """One cell as `**keep** ▲ 0.82 — “sentence”`: word first, so it reads without the glyph."""
    if cell.stance is Stance.ABSENT:
        return "—"
    pole = _md_escape(topic.pole_label(cell.stance))
    strength = abs(clamp_score(cell.score))
    text = f"**{pole}** {STANCE_GLYPH[cell.stance]} {strength:.2f}"
    if cell.conditional:
        text += " _(conditional)_"
    quotes = [
        "“" + _md_escape(shorten(sentence, MARKDOWN_SENTENCE_LIMIT)) + "”"
        for sentence in _evidence_sentences(cell, evidence)
    ]
    if quotes:
        text += " — " + "<br>".join(quotes)
    return text


def render_markdown(c: Comparison, evidence: int = 1) -> str:
    """A GitHub table, topics down and articles across, for pasting into issues and reports."""
    cells = grid_lookup(c)
    header = ["Topic"] + [
        f"{_md_escape(article.title)} (`{_md_escape(article.id)}`)" for article in c.articles
    ]
    lines = [
        "| " + " | ".join(header) + " |",
        "|" + "|".join(["---"] * len(header)) + "|",
    ]
    for topic in c.pack.topics:
        row = [f"**{_md_escape(topic.label)}**<br>{_md_escape(topic.question)}"]
        for article in c.articles:
            row.append(markdown_cell(cells[(article.id, topic.id)], topic, evidence))
        lines.append("| " + " | ".join(row) + " |")
    if c.skipped:
        lines.append("")
        lines.append("Skipped:")
        lines.append("")
        for skipped in c.skipped:
            where = skipped.path if skipped.line is None else f"{skipped.path}:{skipped.line}"
            lines.append(f"- `{_md_escape(where)}`: {_md_escape(skipped.reason)}")
    return "\n".join(lines) + "\n"
