"""Turning command-line inputs (files, folders, globs, `-`) into Articles.

A comparison of many articles should not die on one bad file, so every problem with an
input becomes a `Skipped` entry the caller can report, and only the readable articles go
on. Files are opened read-only; nothing here writes to the user's disk.
"""

from __future__ import annotations

import atexit
import codecs
import glob
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TextIO

from stancecli.errors import InputError
from stancecli.frontmatter import split_front_matter
from stancecli.models import Article, ArticleInfo, Skipped

__all__ = [
    "ARTICLE_SUFFIXES",
    "STDIN_ID",
    "STDIN_PATH",
    "LoadResult",
    "bundled_corpus",
    "bundled_corpus_inputs",
    "decode_bytes",
    "guess_title",
    "load_articles",
    "load_text",
]

ARTICLE_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".text"})
STDIN_INPUT = "-"
STDIN_ID = "stdin"
STDIN_PATH = "<stdin>"

_GLOB_MAGIC = frozenset("*?[")
_TITLE_MAX_WORDS = 20
_TITLE_SCAN_LINES = 40  # leading lines searched for a title, so a huge file costs nothing

_SOURCE_KEYS = ("source", "publisher", "publication")
_DATE_KEYS = ("date", "published")
_URL_KEYS = ("url", "link")

NOT_FOUND = "no such file or directory"
EMPTY = "empty file"
BINARY = "binary file"
UNDECODABLE = "not valid UTF-8 or Windows-1252 text"
NO_BODY = "no text after front matter"
NO_MATCH = "glob matched no files"
EMPTY_FOLDER = "no .txt, .md, .markdown or .text files in folder"
STDIN_AGAIN = "stdin already read"


@dataclass(frozen=True)
class LoadResult:
    """The articles that could be read and, in input order, the inputs that could not."""

    articles: tuple[Article, ...]
    skipped: tuple[Skipped, ...]


class _Rejected(Exception):
    """An input that cannot become an article; `reason` is what the user is shown."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def load_articles(inputs: Sequence[str], *, stdin: TextIO | None = None) -> LoadResult:
    """Load every input; bad ones are returned as skipped instead of raised.

    Each input is `-` (stdin), a file (read whatever its extension, since it was named),
    a folder (searched recursively for article files, hidden entries left out), or, when
    no such path exists, a glob pattern. A file reached twice is loaded once.
    """
    loader = _Loader(stdin)
    for raw in inputs:
        loader.add(raw)
    return LoadResult(tuple(loader.articles), tuple(loader.skipped))


def load_text(text: str, *, article_id: str, path: str) -> Article:
    """Build an Article from text already in memory (front matter read, title found)."""
    metadata, body, _ = split_front_matter(normalize_newlines(text))
    return _article(metadata, body, article_id, path)


def normalize_newlines(text: str) -> str:
    """One newline convention, so offsets and blank-line paragraph breaks mean one thing."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def decode_bytes(data: bytes) -> str:
    """Decode a file's bytes as UTF-8 (BOM stripped), BOM-marked UTF-16/32, or cp1252.

    Windows-1252 is the fallback because it is what older Word and web exports are, and
    it is strict here (five byte values are undefined), so random binary rarely passes.
    Raises InputError with a short reason when none applies.
    """
    try:
        return _decode(data)
    except _Rejected as exc:
        raise InputError(exc.reason) from None


def guess_title(body: str) -> str | None:
    """The first leading line that reads like a headline, or None.

    Pages copied from the web start with section labels ("News", "Analysis"); those are
    single words and are passed over. The first longer line is the title if it is short
    and not a sentence (no final period); otherwise there is no title to find.
    """
    pos = 0
    for _ in range(_TITLE_SCAN_LINES):
        if pos >= len(body):
            break
        end = body.find("\n", pos)
        if end < 0:
            end = len(body)
        line = body[pos:end].strip().lstrip("#").strip()
        pos = end + 1
        words = line.split()
        if len(words) < 2:
            continue
        if len(words) <= _TITLE_MAX_WORDS and not line.endswith("."):
            return line
        return None
    return None


def bundled_corpus() -> list[Path]:
    """The sample articles shipped in the package, as filesystem paths, sorted by name.

    Found through importlib.resources so it works from any working directory and from an
    installed wheel; a zipped install is extracted to temporary files kept until exit.
    """
    return list(_bundled_corpus())


def bundled_corpus_inputs() -> list[str]:
    """The bundled corpus as `load_articles` inputs."""
    return [str(path) for path in _bundled_corpus()]


_extracted = ExitStack()
atexit.register(_extracted.close)


@cache
def _bundled_corpus() -> tuple[Path, ...]:
    root = resources.files("stancecli") / "data" / "corpus"
    if not root.is_dir():
        raise InputError("the bundled corpus is missing from the installed stancecli package")
    entries = sorted(
        (entry for entry in root.iterdir() if entry.is_file() and _is_article_name(entry.name)),
        key=lambda entry: entry.name,
    )
    return tuple(_extracted.enter_context(resources.as_file(entry)) for entry in entries)


class _Loader:
    """Accumulates articles and skips across inputs, keeping ids unique and files single."""

    def __init__(self, stdin: TextIO | None) -> None:
        self.stdin = stdin
        self.stdin_read = False
        self.articles: list[Article] = []
        self.skipped: list[Skipped] = []
        self.used_ids: set[str] = set()
        self.seen_files: set[str] = set()

    def add(self, raw: str) -> None:
        if raw == STDIN_INPUT:
            self.add_stdin()
        elif os.path.isdir(raw):
            self.add_folder(raw)
        elif os.path.lexists(raw):
            self.add_file(raw)
        elif _GLOB_MAGIC.intersection(raw):
            self.add_glob(raw)
        else:
            self.skip(raw, NOT_FOUND)

    def skip(self, path: str, reason: str) -> None:
        self.skipped.append(Skipped(path=path, reason=reason))

    def add_stdin(self) -> None:
        if self.stdin_read:
            self.skip(STDIN_PATH, STDIN_AGAIN)
            return
        self.stdin_read = True
        stream = self.stdin if self.stdin is not None else sys.stdin
        if stream is None:
            self.skip(STDIN_PATH, "stdin is not available")
            return
        try:
            # Read bytes when there are any, so stdin is decoded by the same rules as files.
            buffer = getattr(stream, "buffer", None)
            text = _decode(buffer.read()) if buffer is not None else stream.read()
        except _Rejected as exc:
            self.skip(STDIN_PATH, exc.reason)
            return
        except UnicodeDecodeError:
            self.skip(STDIN_PATH, UNDECODABLE)
            return
        except OSError as exc:
            self.skip(STDIN_PATH, _os_reason(exc))
            return
        self.accept(text, STDIN_ID, STDIN_PATH, empty_reason="empty input")

    def add_folder(self, folder: str) -> None:
        found = False
        problems = len(self.skipped)
        for path in _walk(folder, self.skipped):
            found = True
            self.add_file(path)
        if not found and len(self.skipped) == problems:
            self.skip(folder, EMPTY_FOLDER)

    def add_glob(self, pattern: str) -> None:
        matches = sorted(glob.glob(pattern, recursive=True))
        if not matches:
            self.skip(pattern, NO_MATCH)
            return
        for match in matches:
            if os.path.isdir(match):
                self.add_folder(match)
            else:
                self.add_file(match)

    def add_file(self, path: str) -> None:
        key = os.path.realpath(path)
        if key in self.seen_files:
            return
        self.seen_files.add(key)
        try:
            text = _read(path)
        except _Rejected as exc:
            self.skip(path, exc.reason)
            return
        self.accept(text, Path(path).stem or path, path, empty_reason=EMPTY)

    def accept(self, text: str, stem: str, path: str, *, empty_reason: str) -> None:
        text = normalize_newlines(text)
        if not text.strip():
            self.skip(path, empty_reason)
            return
        metadata, body, _ = split_front_matter(text)
        if not body.strip():
            self.skip(path, NO_BODY)
            return
        self.articles.append(_article(metadata, body, self.unique_id(stem), path))

    def unique_id(self, stem: str) -> str:
        """The stem, or stem-2, stem-3... so ids stay unique in input order."""
        candidate, n = stem, 1
        while candidate in self.used_ids:
            n += 1
            candidate = f"{stem}-{n}"
        self.used_ids.add(candidate)
        return candidate


def _article(metadata: dict[str, str], body: str, article_id: str, path: str) -> Article:
    fields = {key.lower(): value.strip() for key, value in metadata.items()}
    title = fields.get("title") or guess_title(body) or article_id
    info = ArticleInfo(
        id=article_id,
        title=title,
        path=path,
        source=_first(fields, _SOURCE_KEYS),
        date=_first(fields, _DATE_KEYS),
        url=_first(fields, _URL_KEYS),
    )
    return Article(info=info, text=body)


def _first(fields: dict[str, str], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        if fields.get(key):
            return fields[key]
    return None


def _read(path: str) -> str:
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        raise _Rejected(_os_reason(exc)) from None
    return _decode(data)


def _decode(data: bytes) -> str:
    if not data.strip():
        raise _Rejected(EMPTY)
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8) :].decode("utf-8")
        except UnicodeDecodeError:
            raise _Rejected(UNDECODABLE) from None
    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                raise _Rejected(UNDECODABLE) from None
    if b"\x00" in data:
        raise _Rejected(BINARY)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise _Rejected(UNDECODABLE) from None


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return NOT_FOUND
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, IsADirectoryError):
        return "is a directory"
    if isinstance(exc, NotADirectoryError):
        return "not a directory"
    return (exc.strerror or "could not be read").lower()


def _is_article_name(name: str) -> bool:
    return not name.startswith(".") and os.path.splitext(name)[1].lower() in ARTICLE_SUFFIXES


def _walk(top: str, skipped: list[Skipped]) -> Iterator[str]:
    """Article files under `top`, depth first in name order, so runs are reproducible.

    Symlinked folders are followed once each: a folder already visited (by device and
    inode) is passed over, which stops link loops and double counting.
    """
    visited: set[tuple[int, int]] = set()

    def listing(folder: str) -> Iterator[os.DirEntry[str]] | None:
        try:
            info = os.stat(folder)
            key = (info.st_dev, info.st_ino)
            if key in visited:
                return None
            visited.add(key)
            with os.scandir(folder) as entries:
                return iter(sorted(entries, key=lambda entry: entry.name))
        except OSError as exc:
            skipped.append(Skipped(path=folder, reason=_os_reason(exc)))
            return None

    first = listing(top)
    stack = [] if first is None else [first]
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
            continue
        if entry.name.startswith("."):
            continue
        path = entry.path
        try:
            is_dir = entry.is_dir()
            is_file = not is_dir and entry.is_file()
        except OSError:
            continue
        if is_dir:
            sub = listing(path)
            if sub is not None:
                stack.append(sub)
        elif is_file and _is_article_name(entry.name):
            yield path
