"""`stance lookup` as data: JSON, JSONL, CSV and Markdown, standard library only.

Each renderer returns a string. JSONL lines carry the query so a line stands alone when
results of several lookups are concatenated; CSV and Markdown flatten a hit to one row.
"""

from __future__ import annotations

from stancecli.lookup import LookupHit, LookupResult, hit_to_dict, lookup_to_dict
from stancecli.render.formats import csv_text, dumps_json, flatten, one_line

LOOKUP_CSV_HEADER = (
    "article",
    "title",
    "topic",
    "label",
    "stance",
    "pole",
    "holder",
    "matched",
    "start",
    "end",
    "sentence",
)


def render_lookup_json(result: LookupResult) -> str:
    """The whole lookup as one document: query, how it was read, hits, suggestions."""
    return dumps_json(lookup_to_dict(result), indent=2) + "\n"


def render_lookup_jsonl(result: LookupResult) -> str:
    """One hit a line, each with the query, for `grep`-style pipelines."""
    lines = []
    for hit in result.hits:
        row: dict[str, object] = {"query": result.query}
        row.update(hit_to_dict(hit))
        lines.append(dumps_json(row))
    return "".join(line + "\n" for line in lines)


def render_lookup_csv(result: LookupResult, *, raw: bool = False) -> str:
    """One row a hit for spreadsheets; the sentence on one line, context left out.

    `raw` keeps article text as it is (`--csv-raw`), for scripts rather than spreadsheets.
    """
    rows = []
    for hit in result.hits:
        data = hit_to_dict(hit)
        rows.append(
            [
                data["article"],
                data["title"],
                data["topic"] or "",
                data["label"] or "",
                data["stance"] or "",
                data["pole"] or "",
                data["holder"] or "",
                data["matched"],
                data["start"],
                data["end"],
                flatten(hit.sentence.text),
            ]
        )
    return csv_text(LOOKUP_CSV_HEADER, rows, raw=raw)


def _escape(text: str) -> str:
    """Keep user text from breaking a Markdown table or turning bold."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("*", "\\*")


def _md(text: str) -> str:
    return _escape(one_line(text))


def marked_sentence(hit: LookupHit, open_mark: str = "**", close_mark: str = "**") -> str:
    """The sentence on one line with each match wrapped in marks (Markdown bold by default)."""
    sentence = hit.sentence
    parts: list[str] = []
    pos = sentence.start
    for match in hit.matches:
        parts.append(_escape(sentence.text[pos - sentence.start : match.start - sentence.start]))
        parts.append(open_mark + _escape(match.text) + close_mark)
        pos = match.end
    parts.append(_escape(sentence.text[pos - sentence.start :]))
    return one_line("".join(parts))


def render_lookup_markdown(result: LookupResult) -> str:
    """A GitHub table of the hits, matches in bold, for pasting into notes and issues."""
    lines = [
        "| Article | Topic | Stance | Sentence |",
        "|---|---|---|---|",
    ]
    for hit in result.hits:
        topic = _md(hit.topic.label) if hit.topic else "—"
        stance = "—"
        if hit.stance is not None:
            stance = _md(hit.stance.pole)
            if hit.stance.holder != "author":
                stance += f" ({_md(hit.stance.holder)})"
        lines.append(f"| `{_md(hit.article.id)}` | {topic} | {stance} | {marked_sentence(hit)} |")
    return "\n".join(lines) + "\n"
