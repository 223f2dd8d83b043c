"""When each article was written, and which group (speaker, country, outlet) it is in.

Stances over time need a date that sorts, whatever the source wrote: "2017-02",
"February 3, 2017", "2017-02-03T10:00:00Z" or only the year in a file name such as
`RUS_77_2022`. Every date is brought to an ISO 8601 prefix (YYYY, YYYY-MM or
YYYY-MM-DD), never to a guessed day, so "2017" stays a year and is drawn as one.

`--date-from` and `--group-by` take a small pattern language on file names rather than
regular expressions: `{country}_{session}_{year}` is what a user can write and read back,
and it cannot backtrack badly (each field is a lazy run of characters other than the
separators that follow it, on a name of bounded length).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import PurePath

from stancecli.errors import UsageError
from stancecli.models import ArticleInfo

__all__ = ["Dating", "NamePattern", "article_fields", "dated", "normalize_date", "sortable_date"]

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_ISO = re.compile(r"(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?(?![\d])")
_COMPACT = re.compile(r"(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d)")
_EUROPEAN = re.compile(r"(?<!\d)(\d{1,2})[./](\d{1,2})[./](\d{4})(?!\d)")


@cache
def _named_month_patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    """Dates that name their month, each with the order of its parts. Compiled on first
    use: the month alternations are slow to compile, and most dates are all digits."""
    return (
        (re.compile(rf"(\d{{1,2}})(?:st|nd|rd|th)?\.?\s+({_MONTH})\.?,?\s+(\d{{4}})", re.I), "dmy"),
        (re.compile(rf"({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})", re.I), "mdy"),
        (re.compile(rf"({_MONTH})\.?,?\s+(\d{{4}})", re.I), "my"),
    )


#: Longest date text looked at: a date is short; a paragraph in a date field is not one.
_MAX_DATE_TEXT = 80
MIN_YEAR, MAX_YEAR = 1000, 2999


def _iso(year: int, month: int | None = None, day: int | None = None) -> str | None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    if month is None:
        return f"{year:04d}"
    if not 1 <= month <= 12:
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    if not 1 <= day <= 31:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def normalize_date(raw: str | None) -> str | None:
    """The date as an ISO prefix (YYYY, YYYY-MM or YYYY-MM-DD), or None if none is there."""
    if not raw:
        return None
    text = raw.strip()[:_MAX_DATE_TEXT]
    # A month's name is letters (any letter that matches one case-blind is a letter too),
    # so a date with none cannot match those patterns.
    named = _named_month_patterns() if any(map(str.isalpha, text)) else ()
    for pattern, order in named:
        match = pattern.search(text)
        if match:
            parts = dict(zip(order, match.groups(), strict=True))
            month = _MONTHS[parts["m"].lower()]
            day = int(parts["d"]) if "d" in parts else None
            return _iso(int(parts["y"]), month, day)
    match = _EUROPEAN.search(text)
    if match:
        return _iso(int(match.group(3)), int(match.group(2)), int(match.group(1)))
    match = _COMPACT.search(text)
    if match:
        return _iso(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    match = _ISO.search(text)
    if match:
        y, m, d = match.groups()
        return _iso(int(y), int(m) if m else None, int(d) if d else None)
    return None


_FIELD = re.compile(r"\{([A-Za-z_]\w*)\}")
_DATE_FIELDS = {
    "year": r"\d{4}",
    "month": r"\d{1,2}",
    "day": r"\d{1,2}",
    "date": r"\d{4}(?:-?\d{2}(?:-?\d{2})?)?",
}
_MAX_WILDCARDS = 2
#: A file name longer than this is not matched: keeps every match linear and short.
_MAX_NAME = 255


@dataclass(frozen=True)
class NamePattern:
    """A pattern on file names: `{name}` captures a field, `*` skips any text.

    `{year}`, `{month}`, `{day}` and `{date}` match digits; any other `{name}` matches
    one or more characters. The pattern matches the whole file name without its
    extension (`RUS_77_2022.md` is `RUS_77_2022`), or, for a record of a JSON export,
    its id.
    """

    text: str
    regex: re.Pattern[str]
    names: tuple[str, ...]

    @classmethod
    def parse(cls, text: str, option: str) -> NamePattern:
        names: list[str] = []
        parts: list[str] = []
        fields = list(_FIELD.finditer(text))
        literals = [
            text[start:end]
            for start, end in zip(
                [0, *(m.end() for m in fields)],
                [*(m.start() for m in fields), len(text)],
                strict=True,
            )
        ]
        if text.count("*") > _MAX_WILDCARDS:
            raise UsageError(f"{option} {text!r}: at most {_MAX_WILDCARDS} * in a pattern")
        for number, match in enumerate(fields):
            before, after = literals[number], literals[number + 1]
            if (number and not before) or before.endswith("*") or after.startswith("*"):
                raise UsageError(
                    f"{option} {text!r}: put a separator such as _ or - between "
                    "{" + match.group(1) + "} and the field or * beside it"
                )
            parts.append(_literal(literals[number], option, text))
            name = match.group(1)
            if name in names:
                raise UsageError(f"{option} {text!r}: {{{name}}} appears twice")
            names.append(name)
            # A field runs up to the separator after it and never past one, so a name
            # with many separators is matched in one pass, not by trying every split.
            run = f"[^{re.escape(after[0])}]+" if after else ".+"
            parts.append(f"(?P<{name}>{_DATE_FIELDS.get(name, run)})")
        parts.append(_literal(literals[-1], option, text))
        if not names:
            raise UsageError(f"{option} {text!r}: no {{field}} in the pattern, e.g. {{year}}")
        return cls(text, re.compile("".join(parts), re.IGNORECASE), tuple(names))

    def fields(self, info: ArticleInfo) -> dict[str, str] | None:
        """The captured fields of the article's file name (or record id), if it matches."""
        for name in (PurePath(info.path).stem, info.id):
            if len(name) <= _MAX_NAME:
                match = self.regex.fullmatch(name)
                if match:
                    return match.groupdict()
        return None


def _literal(text: str, option: str, pattern: str) -> str:
    if "{" in text or "}" in text:
        raise UsageError(
            f"{option} {pattern!r}: a field is written {{name}}, letters, digits and _"
        )
    return ".*?".join(re.escape(piece) for piece in text.split("*"))


@dataclass(frozen=True)
class Dating:
    """How `--date-from` and `--group-by` date and group the articles."""

    date_from: NamePattern | None = None
    group_by: str | None = None  # a field name, or the `{group}` of `group_pattern`
    group_pattern: NamePattern | None = field(default=None)

    @classmethod
    def parse(cls, date_from: str | None, group_by: str | None) -> Dating:
        pattern = None if date_from is None else NamePattern.parse(date_from, "--date-from")
        if pattern is not None and not {"year", "date"} & set(pattern.names):
            raise UsageError(f"--date-from {date_from!r}: needs {{year}} or {{date}}")
        group_pattern = None
        if group_by is not None:
            if not group_by.strip():
                raise UsageError("--group-by: empty field name")
            if "{" in group_by or "*" in group_by:
                group_pattern = NamePattern.parse(group_by, "--group-by")
                if "group" not in group_pattern.names:
                    raise UsageError(f"--group-by {group_by!r}: a pattern needs {{group}}")
        return cls(pattern, group_by, group_pattern)


def article_fields(info: ArticleInfo) -> dict[str, str]:
    """The article's metadata by lower-case name: the known ones and its other fields."""
    known = {
        "title": info.title,
        "source": info.source,
        "author": info.author,
        "date": info.date,
        "url": info.url,
        "path": info.path,
        "id": info.id,
    }
    found = {key.lower(): value for key, value in info.fields}
    found.update({key: value for key, value in known.items() if value})
    return found


def sortable_date(info: ArticleInfo) -> str | None:
    """The article's ISO date: as set when it was read, else its `date` read now (for an
    ArticleInfo made by hand, as a library caller may)."""
    return info.iso_date if info.iso_date is not None else normalize_date(info.date)


def dated(info: ArticleInfo, dating: Dating) -> ArticleInfo:
    """The article with its sortable date and its group set as `dating` says."""
    captured = dating.date_from.fields(info) if dating.date_from is not None else None
    iso_date = sortable_date(info)
    if captured is not None:
        raw = captured.get("date")
        if raw is None:
            month, day = captured.get("month"), captured.get("day")
            raw = "-".join(part for part in (captured["year"], month, month and day) if part)
        iso_date = normalize_date(raw) or iso_date
    group = None
    if dating.group_pattern is not None:
        matched = dating.group_pattern.fields(info)
        group = matched["group"] if matched else None
    elif dating.group_by is not None:
        name = dating.group_by.strip().lower()
        group = (captured or {}).get(name) or article_fields(info).get(name)
    return replace(info, iso_date=iso_date, group=group)
