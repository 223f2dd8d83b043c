"""Turning command-line inputs (files, folders, globs, `-`) into Articles.

A comparison of many articles should not die on one bad file, so every problem with an
input becomes a `Skipped` entry the caller can report, and only the readable articles go
on. Files are opened read-only; nothing here writes to the user's disk.

Inputs come as users have them: plain text and Markdown, saved web pages (the article is
extracted, see `html_extract`), and JSON or JSONL exports of news databases (one article a
record, see `records`). `iter_articles` yields articles one at a time and reads a JSONL
file line by line, so an export of any size streams through in constant memory; the same
text met twice (a story syndicated to two outlets, a file copied into two folders) is
compared once and the repeat reported.
"""

from __future__ import annotations

import atexit
import codecs
import io
import json
import os
import sys
import unicodedata
from collections.abc import Generator, Iterable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, TextIO

try:  # hashlib's own blake2b, without hashlib, which loads OpenSSL (2.5 ms) on import
    from _blake2 import blake2b
except ImportError:  # an interpreter built without it
    from hashlib import blake2b

from stancecli.bundled import local_data
from stancecli.dating import normalize_date
from stancecli.errors import InputError
from stancecli.io.encoding import BINARY, UNDECODABLE, NotText, decode_text
from stancecli.io.frontmatter import split_front_matter
from stancecli.io.html_extract import (
    declared_charset,
    extract_html,
    has_markup,
    looks_like_html,
)
from stancecli.io.records import read_record, records_in
from stancecli.models import Article, ArticleInfo, Skipped

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

__all__ = [
    "ARTICLE_SUFFIXES",
    "DEFAULT_MAX_BYTES",
    "PASSED_OVER",
    "HTML_SUFFIXES",
    "JSONL_SUFFIXES",
    "JSON_SUFFIXES",
    "STDIN_ID",
    "STDIN_PATH",
    "TEXT_SUFFIXES",
    "LoadResult",
    "bundled_corpus",
    "bundled_corpus_inputs",
    "decode_bytes",
    "guess_title",
    "iter_articles",
    "load_articles",
    "load_text",
    "normalize_newlines",
]

TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".text"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
JSON_SUFFIXES = frozenset({".json"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
ARTICLE_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES | JSONL_SUFFIXES
STDIN_INPUT = "-"
STDIN_ID = "stdin"
STDIN_PATH = "<stdin>"
#: Far above any article (a long report is a few hundred KB) and low enough that a
#: mistaken disk image or video is refused before it is read into memory.
DEFAULT_MAX_BYTES = 20_000_000

_GLOB_MAGIC = frozenset("*?[")
_TITLE_MAX_WORDS = 20
_TITLE_SCAN_LINES = 40  # leading lines searched for a title, so a huge file costs nothing
_SNIFF_BYTES = 8192  # read to tell binary from text and HTML or JSON from prose

_SOURCE_KEYS = ("source", "publisher", "publication")
_DATE_KEYS = ("date", "published")
_URL_KEYS = ("url", "link")
_AUTHOR_KEYS = ("author", "authors", "byline")

NOT_FOUND = "no such file or directory"
EMPTY = "empty file"
NO_BODY = "no text after front matter"
NO_ARTICLE_IN_HTML = "no article text found in the HTML"
UNPARSABLE_HTML = "the HTML could not be parsed"
NO_RECORDS = "no articles in the JSON (an empty list)"
NO_MATCH = "glob matched no files"
EMPTY_FOLDER = "no .txt, .md, .html, .json or .jsonl files in folder"
STDIN_AGAIN = "stdin already read"
# A folder walk passes over these (it never opens them) and says so in one summary line
# per reason; a file named on the command line is always opened, as `cat` would.
UNKNOWN_TYPE = "unknown file type"
NOT_REGULAR = "not a regular file"
BROKEN_LINK = "broken symbolic link"
PASSED_OVER = frozenset({UNKNOWN_TYPE, NOT_REGULAR, BROKEN_LINK})


def duplicate_of(first: str) -> str:
    """The skip reason for a text that repeats an earlier article's: the first is kept."""
    return f"duplicate of {first}"


def too_large(max_bytes: int) -> str:
    """The skip reason for an input over the limit, naming the option that raises it."""
    return f"larger than --max-bytes ({max_bytes} bytes)"


@dataclass(frozen=True)
class LoadResult:
    """The articles that could be read and, in input order, the inputs that could not."""

    articles: tuple[Article, ...]
    skipped: tuple[Skipped, ...]


class _Rejected(Exception):
    """An input that cannot become an article; `reason` is what the user is shown."""

    def __init__(self, reason: str, line: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line


def iter_articles(
    inputs: Iterable[str],
    *,
    stdin: TextIO | None = None,
    text_field: str | None = None,
    id_field: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    hidden: bool = False,
) -> Iterator[Article | Skipped]:
    """Yield every article, and a `Skipped` for every input or record that is not one.

    Lazy: a file is read when its turn comes, a JSONL file one line at a time, so a
    caller can compare an export of any size and report problems as they are met.

    Each input is `-` (stdin), a file (read whatever its extension, since it was named),
    a folder (searched recursively for article files, hidden entries left out unless
    `hidden`), or, when no such path exists, a glob pattern. A file reached twice is
    loaded once; an article whose text repeats an earlier one is skipped as a duplicate.
    `text_field`/`id_field` name the JSON field holding a record's text/id; `max_bytes`
    caps one file (or one JSONL line).
    """
    loader = _Loader(
        stdin,
        text_field=text_field,
        id_field=id_field,
        max_bytes=max_bytes,
        hidden=hidden,
    )
    for raw in inputs:
        yield from loader.add(raw)


def load_articles(
    inputs: Sequence[str],
    *,
    stdin: TextIO | None = None,
    text_field: str | None = None,
    id_field: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    hidden: bool = False,
) -> LoadResult:
    """Load every input at once; bad ones are returned as skipped instead of raised.

    See `iter_articles` for what an input may be; this keeps them all in memory, which
    is what a caller that needs the whole set (or the skips up front) wants.
    """
    articles: list[Article] = []
    skipped: list[Skipped] = []
    for item in iter_articles(
        inputs,
        stdin=stdin,
        text_field=text_field,
        id_field=id_field,
        max_bytes=max_bytes,
        hidden=hidden,
    ):
        if isinstance(item, Skipped):
            skipped.append(item)
        else:
            articles.append(item)
    return LoadResult(tuple(articles), tuple(skipped))


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
    """Decode a file's bytes by `io.encoding`'s rules (BOM, UTF-8, then the detector).

    Raises InputError with a short reason when the bytes are not text.
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
    local = local_data("corpus")
    if local is not None and local.is_dir():  # a folder on disk: its files are the paths
        return tuple(_corpus_files(local))
    from importlib import resources

    root = resources.files("stancecli") / "data" / "corpus"
    if not root.is_dir():
        raise InputError("the bundled corpus is missing from the installed stancecli package")
    return tuple(_extracted.enter_context(resources.as_file(e)) for e in _corpus_files(root))


def _corpus_files(root: Traversable) -> list[Any]:
    """The corpus folder's articles, by name."""
    return sorted(
        (entry for entry in root.iterdir() if entry.is_file() and _is_article_name(entry.name)),
        key=lambda entry: entry.name,
    )


class _Loader:
    """Turns inputs into articles one at a time, keeping ids unique, files and texts single."""

    def __init__(
        self,
        stdin: TextIO | None,
        *,
        text_field: str | None,
        id_field: str | None,
        max_bytes: int,
        hidden: bool,
    ) -> None:
        self.stdin = stdin
        self.stdin_read = False
        self.text_field = text_field
        self.id_field = id_field
        self.max_bytes = max_bytes
        self.hidden = hidden
        self.used_ids: set[str] = set()
        self.seen_files: set[str] = set()
        self.seen_texts: dict[bytes, str] = {}  # digest of normalized text -> first id

    def add(self, raw: str) -> Iterator[Article | Skipped]:
        for entry in self.walk(raw):
            if isinstance(entry, Skipped):
                yield entry
            elif entry == STDIN_INPUT:
                yield from self.add_stdin()
            else:
                yield from self.read_file(entry)

    # --- where inputs come from ------------------------------------------------------

    def walk(self, raw: str) -> Iterator[str | Skipped]:
        """The files an input names, in reading order (each file once, `-` as itself),
        and a Skipped for each that cannot be listed: where the articles will come from,
        before any is read. Worker processes read the files it names (see `io.units`)."""
        if raw == STDIN_INPUT:
            yield raw
        elif os.path.isdir(raw):
            yield from self.walk_folder(raw)
        elif os.path.lexists(raw):
            yield from self.once(raw)
        elif _GLOB_MAGIC.intersection(raw):
            yield from self.walk_glob(raw)
        else:
            yield Skipped(path=raw, reason=NOT_FOUND)

    def once(self, path: str) -> Iterator[str]:
        key = os.path.realpath(path)
        if key not in self.seen_files:
            self.seen_files.add(key)
            yield path

    def add_stdin(self) -> Iterator[Article | Skipped]:
        if self.stdin_read:
            yield Skipped(path=STDIN_PATH, reason=STDIN_AGAIN)
            return
        self.stdin_read = True
        stream = self.stdin if self.stdin is not None else sys.stdin
        if stream is None:
            yield Skipped(path=STDIN_PATH, reason="stdin is not available")
            return
        # Read bytes when there are any, so stdin is decoded by the same rules as files.
        buffer: BinaryIO | None = getattr(stream, "buffer", None)
        try:
            if buffer is None:
                buffer = io.BytesIO(stream.read().encode("utf-8", "surrogatepass"))
            yield from self.read_stream(buffer, STDIN_PATH, STDIN_ID, suffix="")
        except _Rejected as exc:
            yield Skipped(path=STDIN_PATH, reason=exc.reason, line=exc.line)
        except UnicodeError:
            yield Skipped(path=STDIN_PATH, reason=UNDECODABLE)
        except OSError as exc:
            yield Skipped(path=STDIN_PATH, reason=_os_reason(exc))

    def walk_folder(self, folder: str) -> Iterator[str | Skipped]:
        found = False
        problems = 0
        for entry in _walk(folder, hidden=self.hidden):
            if isinstance(entry, Skipped):
                problems += entry.reason not in PASSED_OVER
                yield entry
                continue
            found = True
            yield from self.once(entry)
        if not found and not problems:
            yield Skipped(path=folder, reason=EMPTY_FOLDER)

    def walk_glob(self, pattern: str) -> Iterator[str | Skipped]:
        import glob  # only a pattern needs it

        matches = sorted(glob.glob(pattern, recursive=True, include_hidden=self.hidden))
        if not matches:
            yield Skipped(path=pattern, reason=NO_MATCH)
            return
        for match in matches:
            if os.path.isdir(match):
                yield from self.walk_folder(match)
            else:
                yield from self.once(match)

    def read_file(self, path: str) -> Iterator[Article | Skipped]:
        """A file's articles, or why it has none; `walk` has already seen it is new."""
        stem = Path(path).stem or path
        try:
            with open(path, "rb") as handle:
                size = os.fstat(handle.fileno()).st_size
                suffix = Path(path).suffix.lower()
                if size > self.max_bytes and suffix not in JSONL_SUFFIXES:
                    raise _Rejected(too_large(self.max_bytes))
                yield from self.read_stream(handle, path, stem, suffix=suffix)
        except _Rejected as exc:
            yield Skipped(path=path, reason=exc.reason, line=exc.line)
        except OSError as exc:
            yield Skipped(path=path, reason=_os_reason(exc))

    # --- what the bytes hold ---------------------------------------------------------

    def read_stream(
        self, handle: BinaryIO, path: str, stem: str, *, suffix: str
    ) -> Iterator[Article | Skipped]:
        """Tell the format from the name (or, for stdin and unknown names, the content)."""
        head = handle.read(_SNIFF_BYTES)
        if len(head) < _SNIFF_BYTES and not head.strip():
            raise _Rejected(EMPTY if path != STDIN_PATH else "empty input")
        if suffix in JSONL_SUFFIXES or (not suffix and _sniff_jsonl(head)):
            yield from self.read_jsonl(handle, head, path, stem)
            return
        data = head + handle.read(self.max_bytes + 1 - len(head))
        if len(data) > self.max_bytes:
            raise _Rejected(too_large(self.max_bytes))
        if suffix in HTML_SUFFIXES:
            text = _decode_html(data, path)
            if has_markup(text):
                yield from self.accept_html(text, stem, path)
                return
            yield from self.accept_text(text, stem, path)
            return
        text = _decode(data, path)
        if suffix in JSON_SUFFIXES or (not suffix and _sniff_json(text)):
            yield from self.read_json(text, path, stem)
        elif looks_like_html(text):
            yield from self.accept_html(_decode_html(data, path), stem, path)
        else:
            yield from self.accept_text(text, stem, path)

    def read_json(self, text: str, path: str, stem: str) -> Iterator[Article | Skipped]:
        try:
            document = json.loads(text)
        except json.JSONDecodeError as exc:
            raise _Rejected(_json_reason(exc), exc.lineno) from None
        except RecursionError:
            raise _Rejected("not valid JSON (nested too deeply)") from None
        found = False
        for index, value in records_in(document):
            found = True
            fallback = stem if index is None else f"{stem}:{index}"
            try:
                yield from self.accept_record(value, path, fallback, line=None)
            except _Rejected as exc:
                where = "" if index is None else f"item {index}: "
                yield Skipped(path=path, reason=where + exc.reason)
        if not found:
            raise _Rejected(NO_RECORDS)

    def read_jsonl(
        self, handle: BinaryIO, head: bytes, path: str, stem: str
    ) -> Iterator[Article | Skipped]:
        """One record a line, read line by line; a bad line is skipped, not the file."""
        if b"\x00" in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            raise _Rejected(BINARY)
        found = yield from self.jsonl_records(handle, head, path, stem, first_line=1)
        if not found:
            raise _Rejected(EMPTY)

    def jsonl_records(
        self, handle: BinaryIO, head: bytes, path: str, stem: str, *, first_line: int
    ) -> Generator[Article | Skipped, None, bool]:
        """The lines' articles and skips; returns whether any line was not blank.

        `first_line` numbers a piece of a file that starts further down (a worker reads a
        large export in byte ranges), so ids and warnings name the file's own lines.
        """
        found = False
        for number, line in _jsonl_lines(handle, head, self.max_bytes, first_line):
            if isinstance(line, _Rejected):
                yield Skipped(path=path, reason=line.reason, line=number)
                continue
            if not line.strip():
                continue
            found = True
            yield from self.read_jsonl_line(line, path, stem, number)
        return found

    def read_jsonl_line(
        self, line: str, path: str, stem: str, number: int
    ) -> Iterator[Article | Skipped]:
        """The article on one JSONL line, or why that line is skipped."""
        try:
            value = json.loads(line.rstrip("\r\n"))
        except json.JSONDecodeError as exc:
            yield Skipped(path=path, reason=_json_reason(exc), line=number)
            return
        except RecursionError:
            yield Skipped(path=path, reason="not valid JSON (nested too deeply)", line=number)
            return
        try:
            yield from self.accept_record(value, path, f"{stem}:{number}", line=number)
        except _Rejected as exc:
            yield Skipped(path=path, reason=exc.reason, line=number)

    # --- building articles -----------------------------------------------------------

    def accept_text(self, text: str, stem: str, path: str) -> Iterator[Article | Skipped]:
        text = normalize_newlines(text)
        if not text.strip():
            raise _Rejected(EMPTY if path != STDIN_PATH else "empty input")
        metadata, body, _ = split_front_matter(text)
        if not body.strip():
            raise _Rejected(NO_BODY)
        yield from self.emit(metadata, body, stem, path, line=None)

    def accept_html(self, html: str, stem: str, path: str) -> Iterator[Article | Skipped]:
        try:
            page = extract_html(html)
        except Exception:  # a third-party parser on arbitrary input
            # lxml and trafilatura raise a variety of errors (ValueError, RecursionError on
            # absurd nesting...) on malformed pages; for the user it is one thing.
            raise _Rejected(UNPARSABLE_HTML) from None
        if page is None:
            raise _Rejected(NO_ARTICLE_IN_HTML)
        metadata = {
            key: value
            for key, value in (
                ("title", page.title),
                ("author", page.author),
                ("date", page.date),
                ("url", page.url),
                ("source", page.source),
            )
            if value
        }
        yield from self.emit(metadata, normalize_newlines(page.text), stem, path, line=None)

    def accept_record(
        self, value: object, path: str, fallback_id: str, *, line: int | None
    ) -> Iterator[Article | Skipped]:
        try:
            record = read_record(value, text_field=self.text_field, id_field=self.id_field)
        except InputError as exc:
            raise _Rejected(str(exc), line) from None
        except RecursionError:
            raise _Rejected("record nested too deeply", line) from None
        text = normalize_newlines(record.text)
        metadata = dict(record.metadata)
        if looks_like_html(text):
            page = None
            try:
                page = extract_html(text)
            except Exception:  # see accept_html
                page = None
            if page is None:
                raise _Rejected(NO_ARTICLE_IN_HTML, line)
            text = normalize_newlines(page.text)
            metadata.setdefault("title", page.title or "")
        yield from self.emit(metadata, text, record.record_id or fallback_id, path, line=line)

    def emit(
        self, metadata: dict[str, str], body: str, stem: str, path: str, *, line: int | None
    ) -> Iterator[Article | Skipped]:
        """The article, unless its text repeats an earlier one's (then a duplicate skip)."""
        article_id, fresh = self.claim(_fingerprint(body), stem)
        if not fresh:
            yield Skipped(path=path, reason=duplicate_of(article_id), line=line)
            return
        yield _article(metadata, body, article_id, path)

    def claim(self, digest: bytes, stem: str) -> tuple[str, bool]:
        """(a new unique id, True) for a text not met before; (the first one's id, False)
        for a repeat. One place for both rules, whoever reads the texts."""
        first = self.seen_texts.get(digest)
        if first is not None:
            return first, False
        article_id = self.unique_id(stem)
        self.seen_texts[digest] = article_id
        return article_id, True

    def unique_id(self, stem: str) -> str:
        """The stem, or stem-2, stem-3... so ids stay unique in input order."""
        candidate, n = stem, 1
        while candidate in self.used_ids:
            n += 1
            candidate = f"{stem}-{n}"
        self.used_ids.add(candidate)
        return candidate


def _fingerprint(text: str) -> bytes:
    """A digest of the text with case, Unicode forms and spacing evened out, so a copy
    that was re-wrapped or re-encoded on the way still counts as the same article."""
    folded = " ".join(unicodedata.normalize("NFKC", text).casefold().split())
    return blake2b(folded.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def _article(metadata: dict[str, str], body: str, article_id: str, path: str) -> Article:
    fields = _fields(metadata)
    title = fields.get("title") or guess_title(body) or article_id
    date = _first(fields, _DATE_KEYS)
    info = ArticleInfo(
        id=article_id,
        title=title,
        path=path,
        source=_first(fields, _SOURCE_KEYS),
        date=date,
        url=_first(fields, _URL_KEYS),
        author=_first(fields, _AUTHOR_KEYS),
        iso_date=normalize_date(date),
        fields=_other_fields(fields),
    )
    return Article(info=info, text=body)


def _fields(metadata: dict[str, str]) -> dict[str, str]:
    return {key.lower(): value.strip() for key, value in metadata.items()}


def _titled_by_id(metadata: dict[str, str], body: str) -> bool:
    """Whether `_article` falls back on the id for a title (so a renamed id renames it)."""
    return not _fields(metadata).get("title") and guess_title(body) is None


_KNOWN_KEYS = frozenset(("title", *_SOURCE_KEYS, *_DATE_KEYS, *_URL_KEYS, *_AUTHOR_KEYS))
#: Other metadata kept for `--group-by` (speaker, country...): a few short values only,
#: so an export with a hundred fields a record costs no more memory than one with five.
_MAX_FIELDS = 24
_MAX_FIELD_CHARS = 200


def _other_fields(fields: dict[str, str]) -> tuple[tuple[str, str], ...]:
    kept = [
        (key, value)
        for key, value in fields.items()
        if key not in _KNOWN_KEYS and value and len(value) <= _MAX_FIELD_CHARS
    ]
    return tuple(kept[:_MAX_FIELDS])


def _first(fields: dict[str, str], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        if fields.get(key):
            return fields[key]
    return None


def _sniff_json(text: str) -> bool:
    """Unnamed input (stdin) is JSON when it parses as an object or a list of objects."""
    stripped = text.lstrip()
    if not stripped.startswith(("{", "[")):
        return False
    try:
        value = json.loads(stripped)
    except (ValueError, RecursionError):
        return False
    return isinstance(value, dict) or (
        isinstance(value, list) and any(isinstance(item, dict) for item in value)
    )


def _sniff_jsonl(head: bytes) -> bool:
    """Unnamed input is JSONL when its first line alone is a JSON object and more follow."""
    first, newline, rest = head.lstrip().partition(b"\n")
    if not first.startswith(b"{") or not newline or not rest.strip():
        return False
    try:
        return isinstance(json.loads(first.decode("utf-8-sig")), dict)
    except (ValueError, RecursionError):
        return False


def _json_reason(exc: json.JSONDecodeError) -> str:
    """'not valid JSON (unterminated string starting at column 12)': what and where."""
    what = exc.msg.lower().removesuffix(" at").removesuffix(":")
    return f"not valid JSON ({what} at column {exc.colno})"


def _jsonl_lines(
    handle: BinaryIO, head: bytes, max_bytes: int, first_line: int = 1
) -> Iterator[tuple[int, str | _Rejected]]:
    """(line number, decoded line or the reason it cannot be used), one line in memory.

    A line longer than `max_bytes` is drained without being kept. UTF-16 exports (with a
    BOM) are decoded by a text wrapper; anything else line by line as UTF-8 or cp1252.
    """
    source = _Prefixed(head, handle)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        wrapper = io.TextIOWrapper(io.BufferedReader(source), encoding="utf-16")
        number = first_line - 1
        while True:
            try:
                text = wrapper.readline(max_bytes + 1)
            except UnicodeDecodeError:
                yield number + 1, _Rejected(UNDECODABLE)
                return
            if not text:
                return
            number += 1
            if len(text) > max_bytes and not text.endswith("\n"):
                while text and not text.endswith("\n"):
                    text = wrapper.readline(65536)
                yield number, _Rejected(too_large(max_bytes))
            else:
                yield number, text
    number = first_line - 1
    while True:
        raw = source.readline(max_bytes + 1)
        if not raw:
            return
        number += 1
        if len(raw) > max_bytes and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):
                raw = source.readline(65536)
            yield number, _Rejected(too_large(max_bytes))
            continue
        if number == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8) :]
        try:
            yield number, raw.decode("utf-8")
        except UnicodeDecodeError:
            try:
                yield number, raw.decode("cp1252")
            except UnicodeDecodeError:
                yield number, _Rejected(UNDECODABLE)


class _Prefixed(io.RawIOBase):
    """Bytes already read for sniffing, then the rest of the stream, as one binary file."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        super().__init__()
        self._head = io.BytesIO(head)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        data = self._head.read(len(buffer)) or self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def readline(self, size: int | None = -1) -> bytes:
        line = self._head.readline(size)
        if line.endswith(b"\n") or (size is not None and 0 <= size <= len(line)):
            return line
        more = self._rest.readline(-1 if size is None or size < 0 else size - len(line))
        return line + more


def _debug(message: str, *args: object) -> None:
    """A debug record for the `stancecli` logger. Where nothing imported logging, nothing
    configured it, and the record would go nowhere: a run then does not import it."""
    logging = sys.modules.get("logging")
    if logging is not None:
        logging.getLogger(__name__).debug(message, *args)


def _decode_html(data: bytes, path: str = "") -> str:
    """A page in the charset it declares, else by the same rules as any text file."""
    charset = declared_charset(data)
    if charset is not None and not data.startswith(
        (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
    ):
        try:
            text = data.decode(charset)
        except (UnicodeDecodeError, LookupError):
            pass
        else:
            _debug("%s: read as %s (the charset the page declares)", path or "<bytes>", charset)
            return text
    return _decode(data, path)


def _decode(data: bytes, path: str = "") -> str:
    if not data.strip():
        raise _Rejected(EMPTY)
    try:
        decoded = decode_text(data)
    except NotText as exc:
        raise _Rejected(exc.reason) from None
    _debug("%s: read as %s", path or "<bytes>", decoded.encoding)
    return decoded.text


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


def _is_article_name(name: str, hidden: bool = False) -> bool:
    if name.startswith(".") and not hidden:
        return False
    return os.path.splitext(name)[1].lower() in ARTICLE_SUFFIXES


def _walk(top: str, *, hidden: bool = False) -> Iterator[str | Skipped]:
    """Article files under `top`, depth first in name order, so runs are reproducible;
    a folder that cannot be listed comes as a Skipped in its place.

    Symlinked folders are followed once each: a folder already visited (by device and
    inode) is passed over, which stops link loops and double counting. Names starting
    with a dot (.git, .cache, editor backups) are left out unless `hidden`, as `ls`
    leaves them out. Any other entry that is not read comes as a Skipped with one of the
    `PASSED_OVER` reasons: nothing is skipped silently.
    """
    visited: set[tuple[int, int]] = set()
    problems: list[Skipped] = []

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
            problems.append(Skipped(path=folder, reason=_os_reason(exc)))
            return None

    first = listing(top)
    yield from problems
    problems.clear()
    stack = [] if first is None else [first]
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
            continue
        if entry.name.startswith(".") and not hidden:
            continue
        path = entry.path
        try:
            is_dir = entry.is_dir()
            is_file = not is_dir and entry.is_file()
            broken = not is_dir and not is_file and entry.is_symlink() and not os.path.exists(path)
        except OSError as exc:
            yield Skipped(path=path, reason=_os_reason(exc))
            continue
        if is_dir:
            sub = listing(path)
            yield from problems
            problems.clear()
            if sub is not None:
                stack.append(sub)
        elif not is_file:  # a FIFO, socket or device: opening it may block forever
            yield Skipped(path=path, reason=BROKEN_LINK if broken else NOT_REGULAR)
        elif _is_article_name(entry.name, hidden):
            yield path
        else:
            yield Skipped(path=path, reason=UNKNOWN_TYPE)
