"""Articles as JSON records: what news-database exports and scrapers hand over.

Exports disagree on names (`text`, `body`, `content`, news-please's `maintext`...) and on
shapes (a source given as `{"name": ...}`, authors as a list, the body as a list of
paragraphs), so a record is read by trying the common names in order, and the caller can
name its own field (`--text-field`, `--id-field`, dotted for nested objects: `fields.body`).
A record that has no text is refused with a reason instead of becoming an empty article.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from stancecli.errors import InputError

__all__ = [
    "CONTAINER_KEYS",
    "DEFAULT_ID_FIELDS",
    "DEFAULT_TEXT_FIELDS",
    "Record",
    "read_record",
    "records_in",
]

DEFAULT_TEXT_FIELDS = ("text", "body", "content", "maintext", "full_text", "article")
DEFAULT_ID_FIELDS = ("id", "_id", "doc_id", "uuid")
#: Keys under which an export object keeps its list of records: {"articles": [...]}.
#: Fields of a record looked at for extra metadata, and the longest value kept: bounded
#: so a record with thousands of keys costs no more than one with a few.
_MAX_SCANNED_FIELDS = 64
_MAX_EXTRA_CHARS = 200
CONTAINER_KEYS = ("articles", "records", "items", "documents", "docs", "data", "results")

_METADATA_FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline"),
    "source": ("source", "publisher", "publication", "outlet", "source_domain", "sitename"),
    "date": (
        "date",
        "published",
        "date_publish",
        "published_at",
        "publishedAt",
        "pubdate",
        "publication_date",
    ),
    "url": ("url", "link", "permalink"),
    "author": ("author", "authors", "byline", "creator"),
}


@dataclass(frozen=True)
class Record:
    """A record's text, its own id if it has one, and its metadata as plain strings."""

    text: str
    record_id: str | None
    metadata: dict[str, str]


def records_in(document: object) -> Iterator[tuple[int | None, object]]:
    """The records of a parsed JSON file as (index in the list or None, value).

    A file is one record, a list of records, or an object holding the list under a
    usual key (`articles`, `records`, `items`...). Anything else is one record, which
    `read_record` will refuse with a reason if it has no text.
    """
    if isinstance(document, list):
        yield from enumerate(document)
        return
    if isinstance(document, dict) and not _has_text(document):
        for key in CONTAINER_KEYS:
            value = document.get(key)
            if isinstance(value, list):
                yield from enumerate(value)
                return
    yield None, document


def read_record(
    value: object, *, text_field: str | None = None, id_field: str | None = None
) -> Record:
    """Read one record; raises InputError with a short reason when it holds no article."""
    if not isinstance(value, dict):
        raise InputError(f"not a JSON object (a {_json_type(value)})")
    if text_field is not None:
        raw = _lookup(value, text_field)
        if raw is None:
            raise InputError(f'no "{text_field}" field')
        text = _text(raw)
    else:
        text = ""
        for name in DEFAULT_TEXT_FIELDS:
            text = _text(_lookup(value, name))
            if text.strip():
                break
    if not text.strip():
        fields = f'"{text_field}"' if text_field else ", ".join(DEFAULT_TEXT_FIELDS[:3])
        raise InputError(f"no text (looked in {fields})")
    names = (id_field,) if id_field is not None else DEFAULT_ID_FIELDS
    record_id = next((s for s in (_scalar(_lookup(value, n)) for n in names) if s), None)
    metadata: dict[str, str] = {}
    for key, candidates in _METADATA_FIELDS.items():
        for name in candidates:
            found = _scalar(_lookup(value, name))
            if found:
                metadata[key] = found
                break
    # The record's other short scalar fields (speaker, country...), for `--group-by`.
    used = {*DEFAULT_TEXT_FIELDS, *names, *(n for c in _METADATA_FIELDS.values() for n in c)}
    for key, raw in list(value.items())[:_MAX_SCANNED_FIELDS]:
        if key not in used and key != text_field and isinstance(raw, str | int | float):
            found = _scalar(raw)
            if found and len(found) <= _MAX_EXTRA_CHARS:
                metadata.setdefault(key, found)
    return Record(text=text, record_id=record_id, metadata=metadata)


def _has_text(value: Mapping[str, object]) -> bool:
    return any(_text(value.get(name)).strip() for name in DEFAULT_TEXT_FIELDS)


def _lookup(value: Mapping[str, object], name: str) -> object:
    """`name` as a key, else as a dotted path into nested objects (`fields.body`)."""
    if name in value:
        return value[name]
    current: object = value
    for part in name.split("."):
        if not isinstance(current, dict) or part not in current:
            return None
        current = current[part]
    return current


def _text(raw: object) -> str:
    """A body is a string, or a list of paragraph strings joined by blank lines."""
    if isinstance(raw, str):
        return raw
    if isinstance(raw, list) and raw and all(isinstance(item, str) for item in raw):
        return "\n\n".join(item.strip() for item in raw if item.strip())
    return ""


def _scalar(raw: object) -> str | None:
    """A metadata value as one line: numbers as written, lists of names joined, and an
    object by its `name` (NewsAPI's `"source": {"id": ..., "name": "BBC News"}`)."""
    if isinstance(raw, bool) or raw is None:
        return None
    if isinstance(raw, str):
        return " ".join(raw.split()) or None
    if isinstance(raw, int | float):
        return str(raw)
    if isinstance(raw, list):
        parts = [part for part in (_scalar(item) for item in raw) if part]
        return ", ".join(parts) or None
    if isinstance(raw, dict):
        return _scalar(raw.get("name"))
    return None


def _json_type(value: object) -> str:
    if isinstance(value, list):
        return "list"
    if isinstance(value, str):
        return "string"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    return "null"
