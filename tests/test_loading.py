"""Loading articles from files, folders, globs and stdin, and what happens to bad inputs."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from stancecli.errors import InputError
from stancecli.io.frontmatter import split_front_matter
from stancecli.io.loading import (
    LoadResult,
    bundled_corpus,
    bundled_corpus_inputs,
    decode_bytes,
    guess_title,
    load_articles,
    load_text,
)

FIXTURES = Path(__file__).parent / "fixtures"
RAW_DETENTE = FIXTURES / "raw" / "overcoming-the-wrong-detente.txt"

BODY = "A Headline For Tests\n\nThe first sentence is here. Another follows.\n"


def body(name: str) -> str:
    """A text of its own for each file, so files of one test are not duplicates."""
    return f"A Headline For {name}\n\nThe first sentence is about {name}. Another follows.\n"


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def ids(result: LoadResult) -> list[str]:
    return [article.id for article in result.articles]


def reasons(result: LoadResult) -> dict[str, str]:
    return {skip.path: skip.reason for skip in result.skipped}


# --- folders -------------------------------------------------------------------------


def test_folder_is_searched_recursively_in_name_order(tmp_path: Path) -> None:
    for name in ["b.md", "a.txt", "sub/c.markdown", "sub/deeper/d.text", "z/E.TXT"]:
        write(tmp_path / "corpus" / name, body(name))
    write(tmp_path / "corpus" / "notes.csv", "not,an,article\n")
    write(tmp_path / "corpus" / "image.png", b"\x89PNG\r\n\x1a\n\x00\x00")

    result = load_articles([str(tmp_path / "corpus")])

    assert ids(result) == ["a", "b", "c", "d", "E"]
    # Not read, and said so: nothing is skipped silently (issue 13).
    assert [(Path(s.path).name, s.reason) for s in result.skipped] == [
        ("image.png", "unknown file type"),
        ("notes.csv", "unknown file type"),
    ]
    assert load_articles([str(tmp_path / "corpus")]) == result  # deterministic


def test_hidden_files_and_folders_are_left_out(tmp_path: Path) -> None:
    write(tmp_path / "visible.md", BODY)
    write(tmp_path / ".draft.md", BODY)
    write(tmp_path / ".git" / "inside.md", BODY)
    write(tmp_path / "sub" / ".cache" / "deep.md", BODY)

    assert ids(load_articles([str(tmp_path)])) == ["visible"]


def test_paths_are_reported_as_found_under_the_given_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "corpus" / "sub" / "one.md", BODY)
    monkeypatch.chdir(tmp_path)

    result = load_articles(["corpus"])

    assert [a.info.path for a in result.articles] == [os.path.join("corpus", "sub", "one.md")]


def test_symlinked_folder_loop_does_not_hang_or_duplicate(tmp_path: Path) -> None:
    write(tmp_path / "corpus" / "one.md", BODY)
    try:
        (tmp_path / "corpus" / "loop").symlink_to(tmp_path / "corpus", target_is_directory=True)
    except OSError:
        pytest.skip("symlinks not supported here")

    assert ids(load_articles([str(tmp_path / "corpus")])) == ["one"]


def test_folder_without_articles_is_reported(tmp_path: Path) -> None:
    write(tmp_path / "empty" / "data.csv", "a,b\n")

    result = load_articles([str(tmp_path / "empty")])

    assert result.articles == ()
    assert [s.path for s in result.skipped] == [
        str(tmp_path / "empty" / "data.csv"),
        str(tmp_path / "empty"),
    ]
    assert result.skipped[0].reason == "unknown file type"
    assert "no .txt" in result.skipped[1].reason


def test_explicit_file_is_read_whatever_its_extension(tmp_path: Path) -> None:
    path = write(tmp_path / "saved-page.html", BODY)

    result = load_articles([str(path)])

    assert ids(result) == ["saved-page"]


# --- globs ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        pytest.param("*.md", ["alpha", "beta"], id="star"),
        pytest.param("?lpha.md", ["alpha"], id="question-mark"),
        pytest.param("[b]*.md", ["beta"], id="bracket"),
        pytest.param("**/*.txt", ["gamma", "delta"], id="recursive"),
        pytest.param("nested/*", ["gamma", "delta"], id="matched-folder-is-searched"),
    ],
)
def test_glob_patterns_expand_when_no_such_path_exists(
    tmp_path: Path, pattern: str, expected: list[str]
) -> None:
    write(tmp_path / "alpha.md", body("alpha"))
    write(tmp_path / "beta.md", body("beta"))
    write(tmp_path / "nested" / "gamma.txt", body("gamma"))
    write(tmp_path / "nested" / "more" / "delta.txt", body("delta"))
    write(tmp_path / ".hidden.md", body("hidden"))

    result = load_articles([str(tmp_path / pattern)])

    assert sorted(ids(result)) == sorted(expected)
    assert result.skipped == ()


def test_glob_matching_nothing_is_skipped(tmp_path: Path) -> None:
    pattern = str(tmp_path / "*.md")

    result = load_articles([pattern])

    assert reasons(result) == {pattern: "glob matched no files"}


def test_a_file_named_like_a_glob_is_read_literally(tmp_path: Path) -> None:
    literal = write(tmp_path / "what?.md", BODY)
    write(tmp_path / "whatX.md", BODY)

    assert [a.info.path for a in load_articles([str(literal)]).articles] == [str(literal)]


# --- stdin ---------------------------------------------------------------------------


def test_dash_reads_stdin() -> None:
    result = load_articles(["-"], stdin=io.StringIO(BODY))

    assert ids(result) == ["stdin"]
    (article,) = result.articles
    assert article.info.path == "<stdin>"
    assert article.info.title == "A Headline For Tests"
    assert article.text == BODY


def test_stdin_bytes_are_decoded_like_files() -> None:
    raw = io.BytesIO("Caf\u00e9 Society Today\r\n\r\nIt was good.\r\n".encode("cp1252"))
    stream = io.TextIOWrapper(raw, encoding="utf-8")

    (article,) = load_articles(["-"], stdin=stream).articles

    assert article.info.title == "Café Society Today"
    assert "\r" not in article.text


@pytest.mark.parametrize("content", ["", "  \n\t\n"], ids=["empty", "blank"])
def test_empty_stdin_is_skipped(content: str) -> None:
    result = load_articles(["-"], stdin=io.StringIO(content))

    assert result.articles == ()
    assert [s.path for s in result.skipped] == ["<stdin>"]


def test_stdin_is_read_once(tmp_path: Path) -> None:
    result = load_articles(["-", "-"], stdin=io.StringIO(BODY))

    assert ids(result) == ["stdin"]
    assert [s.path for s in result.skipped] == ["<stdin>"]


# --- bad inputs are skipped, not raised ----------------------------------------------


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        pytest.param(b"", "empty file", id="empty"),
        pytest.param(b"  \n\r\n\t  \n", "empty file", id="whitespace-only"),
        pytest.param("\ufeff".encode("utf-16"), "empty file", id="utf16-bom-only"),
        pytest.param(b"Some text\x00\x01\x02 more", "binary file", id="binary"),
        pytest.param(
            b"\x81\x8d caf\xe9 \x90\x9d",
            "not text in an encoding stance reads (UTF-8, UTF-16, UTF-32, Windows-1252)",
            id="undecodable",
        ),
        pytest.param(
            b"---\ntitle: Only Metadata\n---\n\n",
            "no text after front matter",
            id="front-matter-only",
        ),
    ],
)
def test_unusable_files_are_skipped_with_a_reason(
    tmp_path: Path, content: bytes, reason: str
) -> None:
    path = write(tmp_path / "bad.txt", content)
    write(tmp_path / "good.txt", BODY)

    result = load_articles([str(path), str(tmp_path / "good.txt")])

    assert ids(result) == ["good"]
    assert reasons(result) == {str(path): reason}


def test_missing_file_is_skipped(tmp_path: Path) -> None:
    missing = str(tmp_path / "nope.md")

    result = load_articles([missing])

    assert result.articles == ()
    assert reasons(result) == {missing: "no such file or directory"}


def test_broken_symlink_is_skipped(tmp_path: Path) -> None:
    link = tmp_path / "dangling.md"
    try:
        link.symlink_to(tmp_path / "gone.md")
    except OSError:
        pytest.skip("symlinks not supported here")

    assert reasons(load_articles([str(link)])) == {str(link): "no such file or directory"}


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root can read anything")
def test_unreadable_file_is_skipped(tmp_path: Path) -> None:
    path = write(tmp_path / "locked.md", BODY)
    path.chmod(0)
    try:
        result = load_articles([str(path)])
    finally:
        path.chmod(0o644)

    assert reasons(result) == {str(path): "permission denied"}


def test_skip_reasons_are_short_lowercase_phrases(tmp_path: Path) -> None:
    write(tmp_path / "empty.md", "")
    write(tmp_path / "binary.md", b"\x00\x01")
    inputs = [str(tmp_path / "empty.md"), str(tmp_path / "binary.md"), str(tmp_path / "x?.md")]
    inputs.append(str(tmp_path / "missing.md"))

    result = load_articles(inputs)

    assert len(result.skipped) == 4
    for skip in result.skipped:
        assert skip.reason == skip.reason.lower()
        assert len(skip.reason) < 60


# --- decoding ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        pytest.param("Café au lait\n\nIt is good.".encode(), id="utf-8"),
        pytest.param("\ufeffCafé au lait\n\nIt is good.".encode(), id="utf-8-bom"),
        pytest.param("Café au lait\n\nIt is good.".encode("utf-16"), id="utf-16-bom"),
        pytest.param(
            "Café au lait\n\nIt is good.".encode("utf-16-be").join([b"\xfe\xff", b""]),
            id="utf-16-be-bom",
        ),
        pytest.param("Café au lait\n\nIt is good.".encode("cp1252"), id="cp1252"),
        pytest.param("Café au lait\r\n\r\nIt is good.".encode("cp1252"), id="cp1252-crlf"),
        pytest.param("Café au lait\r\rIt is good.".encode(), id="old-mac-cr"),
    ],
)
def test_encodings_decode_to_the_same_text(tmp_path: Path, data: bytes) -> None:
    path = write(tmp_path / "cafe.txt", data)

    (article,) = load_articles([str(path)]).articles

    assert article.text == "Café au lait\n\nIt is good."
    assert article.info.title == "Café au lait"


def test_cp1252_punctuation_is_decoded(tmp_path: Path) -> None:
    path = write(tmp_path / "quotes.txt", "It’s “quoted” – ok.".encode("cp1252"))

    (article,) = load_articles([str(path)]).articles

    assert article.text == "It’s “quoted” – ok."


def test_decode_bytes_raises_input_error_for_binary() -> None:
    with pytest.raises(InputError, match="binary file"):
        decode_bytes(b"abc\x00def")


# --- front matter --------------------------------------------------------------------

YAML_DOC = """---
# a comment line
title: "Quoted: Title # not a comment"
source: 'It''s a Source'   # trailing comment
date: 2017-02-01
url: https://example.org/a#frag
tags:
  - one
  - two
---
Body Headline Here

Body text.
"""

TOML_DOC = """+++
title = "Toml Title"
source = "Toml Source"
date = 2017-02-01
url = "https://example.org/t"
draft = false
[extra]
x = 1
+++
Body Headline Here

Body text.
"""


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        pytest.param(
            YAML_DOC,
            (
                "Quoted: Title # not a comment",
                "It's a Source",
                "2017-02-01",
                "https://example.org/a#frag",
            ),
            id="yaml",
        ),
        pytest.param(
            TOML_DOC,
            ("Toml Title", "Toml Source", "2017-02-01", "https://example.org/t"),
            id="toml",
        ),
    ],
)
def test_front_matter_gives_article_metadata(
    tmp_path: Path, document: str, expected: tuple[str, str, str, str]
) -> None:
    path = write(tmp_path / "doc.md", document)

    (article,) = load_articles([str(path)]).articles

    info = article.info
    assert (info.title, info.source, info.date, info.url) == expected
    assert article.text == "Body Headline Here\n\nBody text.\n"


@pytest.mark.parametrize(
    "document",
    [
        pytest.param("---\ntitle: Never Closed\n\nBody Line Here.\n", id="no-closing-fence"),
        pytest.param("+++\ntitle = 'Never Closed'\nBody Line Here.\n", id="toml-no-closing-fence"),
        pytest.param(
            "---\nThis is just a rule, then prose.\n---\nMore prose.\n", id="prose-between-rules"
        ),
        pytest.param("+++\nnot = [valid toml\n+++\nBody.\n", id="invalid-toml"),
        pytest.param("Text first\n---\ntitle: x\n---\n", id="fence-not-on-first-line"),
        pytest.param("---", id="fence-only"),
    ],
)
def test_text_that_is_not_front_matter_stays_in_the_body(document: str) -> None:
    metadata, body, offset = split_front_matter(document)

    assert (metadata, body, offset) == ({}, document, 0)


@pytest.mark.parametrize(
    "document",
    [
        YAML_DOC,
        TOML_DOC,
        "---\n---\nBody.",
        "---\ntitle: a\n---",
        "---\r\ntitle: a\r\n---\r\nBody.",
    ],
    ids=["yaml", "toml", "empty-block", "no-body", "crlf"],
)
def test_body_offset_indexes_the_body(document: str) -> None:
    _, body, offset = split_front_matter(document)

    assert document[offset:] == body
    assert not body.startswith("---")


def test_front_matter_without_title_falls_back_to_headline(tmp_path: Path) -> None:
    path = write(
        tmp_path / "doc.md", "---\nsource: Somewhere\n---\nNews\n\nThe Actual Headline\n\nText.\n"
    )

    (article,) = load_articles([str(path)]).articles

    assert article.info.title == "The Actual Headline"
    assert article.info.source == "Somewhere"
    assert article.info.date is None


# --- titles --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "title"),
    [
        pytest.param(
            "News\nAnalysis\n\nThe Real Title\n\nText.", "The Real Title", id="section-labels"
        ),
        pytest.param(
            "# Markdown Heading Title\n\nText.", "Markdown Heading Title", id="markdown-heading"
        ),
        pytest.param(
            "\n\n  Padded Title Line  \nText.", "Padded Title Line", id="leading-blank-lines"
        ),
        pytest.param("Is This the Title?\n\nText.", "Is This the Title?", id="question"),
        pytest.param("This is a sentence, not a title.\n\nMore.", None, id="sentence"),
        pytest.param(" ".join(["word"] * 21) + "\n\nText.", None, id="too-long"),
        pytest.param("Single\nWords\nOnly", None, id="only-single-words"),
        pytest.param("", None, id="empty"),
    ],
)
def test_guess_title(body: str, title: str | None) -> None:
    assert guess_title(body) == title


def test_raw_page_title_skips_section_labels() -> None:
    result = load_articles([str(RAW_DETENTE)])

    (article,) = result.articles
    assert article.info.title == "Overcoming the Wrong Détente"
    assert article.id == "overcoming-the-wrong-detente"


def test_title_without_headline_falls_back_to_the_id(tmp_path: Path) -> None:
    path = write(tmp_path / "plain-notes.txt", "Just one sentence with a period.\n")

    (article,) = load_articles([str(path)]).articles

    assert article.info.title == "plain-notes"


def test_load_text_keeps_the_title_line_in_the_text() -> None:
    article = load_text("Section\n\nHeadline Of The Day\r\n\r\nBody.", article_id="x", path="x.txt")

    assert article.info.title == "Headline Of The Day"
    assert article.text == "Section\n\nHeadline Of The Day\n\nBody."
    assert article.info.path == "x.txt"


# --- ids -----------------------------------------------------------------------------


def test_duplicate_stems_get_numbered_suffixes_in_input_order(tmp_path: Path) -> None:
    inputs = []
    for folder in ["one", "two", "three"]:
        inputs.append(str(write(tmp_path / folder / "report.md", body(folder))))
    write(tmp_path / "four" / "report-2.md", body("four"))
    inputs.append(str(tmp_path / "four" / "report-2.md"))

    result = load_articles(inputs)

    assert ids(result) == ["report", "report-2", "report-3", "report-2-2"]
    assert [a.info.path for a in result.articles] == inputs


def test_same_file_given_twice_is_loaded_once(tmp_path: Path) -> None:
    path = write(tmp_path / "corpus" / "once.md", BODY)

    result = load_articles([str(path), str(tmp_path / "corpus"), str(tmp_path / "corpus" / "*.md")])

    assert ids(result) == ["once"]
    assert result.skipped == ()


# --- side effects --------------------------------------------------------------------


def test_loading_never_modifies_files(tmp_path: Path) -> None:
    write(tmp_path / "a.md", YAML_DOC)
    write(tmp_path / "b.txt", "Windows text\r\n\r\nHere.\r\n")
    write(tmp_path / "c.txt", "\ufeffBOM text\n".encode("utf-16"))
    write(tmp_path / "d.txt", b"\x00binary")
    write(tmp_path / "e.txt", "")

    def snapshot() -> dict[str, tuple[bytes, int]]:
        return {
            str(p): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(tmp_path.rglob("*"))
            if p.is_file()
        }

    before = snapshot()
    load_articles([str(tmp_path), str(tmp_path / "*.txt")])

    assert snapshot() == before


# --- bundled corpus ------------------------------------------------------------------


def test_bundled_corpus_loads_from_any_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)

    inputs = bundled_corpus_inputs()
    result = load_articles(inputs)

    assert len(inputs) == 2
    assert inputs == sorted(inputs)
    assert [str(p) for p in bundled_corpus()] == inputs
    assert len(result.articles) == 2
    assert result.skipped == ()
    for article, path in zip(result.articles, inputs, strict=True):
        metadata, body, _ = split_front_matter(Path(path).read_text(encoding="utf-8"))
        assert article.info.title == metadata["title"]
        assert article.info.title != article.id
        assert article.text == body
        assert article.info.source
