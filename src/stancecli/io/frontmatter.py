"""Front matter: the `---` YAML or `+++` TOML block some article files open with.

Only flat `key: value` scalars are understood, because all the loader wants from it is a
title, source, date and URL; pulling in a YAML library for that would be a dependency for
four strings. A block that does not look like front matter (no closing fence, or prose
between the fences) is left in the body rather than raised, so an unusual file is still
compared instead of rejected.
"""

from __future__ import annotations

import datetime as _dt
import re

__all__ = ["split_front_matter"]

_YAML_FENCE = "---"
_TOML_FENCE = "+++"

# A closing fence is the fence alone on a line; YAML also allows `...` to end a document.
_YAML_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.MULTILINE)
_TOML_CLOSE = re.compile(r"^\+\+\+[ \t]*\r?$", re.MULTILINE)

_KEY_VALUE = re.compile(r"([A-Za-z_][\w.-]*)[ \t]*:(?:[ \t]+(.*))?$")
_DOUBLE_QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"[ \t]*(?:#.*)?$')
_SINGLE_QUOTED = re.compile(r"'((?:[^']|'')*)'[ \t]*(?:#.*)?$")
_COMMENT = re.compile(r"[ \t]+#.*$")
_ESCAPE = re.compile(r"\\(.)")
_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "/": "/"}
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})


def split_front_matter(text: str) -> tuple[dict[str, str], str, int]:
    """Separate metadata from the body, returning (metadata, body, body_offset).

    `body == text[body_offset:]`, so a caller can map body offsets back to the file.
    Text without recognisable front matter comes back whole, with empty metadata.
    """
    first_end = text.find("\n")
    first_line = (text if first_end < 0 else text[:first_end]).rstrip()
    if first_line.startswith("\ufeff"):
        first_line = first_line[1:]
    if first_end < 0 or first_line not in (_YAML_FENCE, _TOML_FENCE):
        return {}, text, 0

    closer = _YAML_CLOSE if first_line == _YAML_FENCE else _TOML_CLOSE
    close = closer.search(text, first_end + 1)
    if close is None:
        return {}, text, 0

    block = text[first_end + 1 : close.start()]
    body_offset = close.end()
    if body_offset < len(text) and text[body_offset] == "\n":
        body_offset += 1

    metadata = _parse_yaml(block) if first_line == _YAML_FENCE else _parse_toml(block)
    if metadata is None:
        return {}, text, 0
    return metadata, text[body_offset:], body_offset


def _parse_yaml(block: str) -> dict[str, str] | None:
    """Read flat scalars; None when a line is prose, meaning the fences were not front matter.

    Nested mappings and lists are skipped rather than refused: a file carrying tags or
    authors as a list should still give its title.
    """
    metadata: dict[str, str] = {}
    for raw in block.split("\n"):
        line = raw.rstrip()
        stripped = line.lstrip()
        if not stripped or stripped.startswith("#"):
            continue
        if line[0] in " \t" or stripped.startswith("- ") or stripped == "-":
            continue  # nested value or list item
        match = _KEY_VALUE.match(line)
        if match is None:
            return None
        key, value = match.group(1), _yaml_scalar(match.group(2) or "")
        if value is not None:
            metadata[key] = value
    return metadata


def _yaml_scalar(raw: str) -> str | None:
    """Unquote a scalar the way YAML would for the few forms article metadata uses."""
    raw = raw.strip()
    if raw.startswith('"'):
        match = _DOUBLE_QUOTED.match(raw)
        if match:
            return _ESCAPE.sub(lambda m: _ESCAPES.get(m.group(1), m.group(0)), match.group(1))
    elif raw.startswith("'"):
        match = _SINGLE_QUOTED.match(raw)
        if match:
            return match.group(1).replace("''", "'")
    value = _COMMENT.sub("", raw).strip()
    if value in _NULLS or value in ("|", ">"):
        return None
    return value


def _parse_toml(block: str) -> dict[str, str] | None:
    """Keep top-level scalars as strings; tables and arrays carry nothing the loader uses."""
    import tomllib  # slow to import, and most front matter is YAML

    try:
        data = tomllib.loads(block)
    except tomllib.TOMLDecodeError:
        return None
    metadata: dict[str, str] = {}
    for key, value in data.items():
        if isinstance(value, bool):
            metadata[key] = "true" if value else "false"
        elif isinstance(value, str | int | float):
            metadata[key] = str(value)
        elif isinstance(value, _dt.date | _dt.time):  # datetime is a date
            metadata[key] = value.isoformat()
    return metadata
