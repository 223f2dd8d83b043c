"""Every format users have: saved web pages, JSON and JSONL exports, any common encoding.

What is asserted is what a user would notice: the article's own text and metadata come
through, the page furniture (menus, captions, comments) does not, and every evidence
offset slices the reported sentence out of the article's text, whatever the format.

`fixtures/formats/overcoming-the-wrong-detente.html` is a saved page (menu, breadcrumbs,
share buttons, photo caption, related links, reader comments that argue the other way,
footer) around the body of `corpus/overcoming-the-wrong-detente.md`; `fixtures/formats/
folder` holds an op-ed page, exports and encodings of texts written for these tests.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from stancecli.io.loading import iter_articles, load_articles
from stancecli.models import Article, Skipped, Stance
from stancecli.pipeline import compare
from stancecli.text.segment import split_sentences

FORMATS = Path(__file__).parent / "fixtures" / "formats"
FOLDER = FORMATS / "folder"
CORPUS = Path(__file__).parent.parent / "corpus"
OP_ED = FOLDER / "op-ed.html"

KEEP = "We must keep the sanctions on Russia in place. Lifting sanctions would be a grave mistake."
LIFT = "The sanctions have failed and should be lifted now."


def only(result_inputs: list[str], **options: object) -> Article:
    result = load_articles(result_inputs, **options)  # type: ignore[arg-type]
    assert result.skipped == ()
    (article,) = result.articles
    return article


def stances(article: Article) -> dict[str, Stance]:
    return {cell.topic: cell.stance for cell in compare([article]).cells}


def page(body: str, head: str = "") -> str:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"


def stdin_bytes(data: bytes) -> io.TextIOWrapper:
    return io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")


# --------------------------------------------------------------------------- HTML


def test_saved_page_gives_the_article_and_its_metadata() -> None:
    article = only([str(OP_ED)])

    info = article.info
    assert info.id == "op-ed"
    assert info.title == "Europe Must Not Blink on Sanctions"
    assert info.author == "Marta Kovalenko"
    assert info.date == "2017-03-14"
    assert info.source == "The Harbour Review"
    assert "honoured in full" in article.text  # the page is windows-1252: decoded, not garbled
    assert "\r" not in article.text


def test_saved_page_leaves_out_navigation_caption_comments_and_footer() -> None:
    text = only([str(OP_ED)]).text

    for furniture in ["Podcasts", "Demonstrators in Riga", "farmer_joe", "Comments (2)", "Privacy"]:
        assert furniture not in text
    # The comments and the caption call for lifting; the op-ed itself says keep.
    assert stances(only([str(OP_ED)]))["sanctions"] is Stance.PRO


def test_paragraphs_of_a_page_stay_paragraphs() -> None:
    text = only([str(OP_ED)]).text

    paragraphs = text.split("\n\n")
    assert len(paragraphs) == 4  # the headline and three paragraphs
    assert all("\n" not in p for p in paragraphs)


def test_html_form_of_a_seed_article_gives_the_same_cells_as_its_text_form() -> None:
    html = only([str(FORMATS / "overcoming-the-wrong-detente.html")])
    text = only([str(CORPUS / "overcoming-the-wrong-detente.md")])

    assert html.info.title == text.info.title
    assert html.info.url == text.info.url
    assert stances(html) == stances(text)
    assert len(html.text) > 0.9 * len(text.text)


@pytest.mark.parametrize("name", ["page.html", "page.htm", "page.HTML", "saved.txt", "noext"])
def test_html_is_read_from_html_files_and_sniffed_elsewhere(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text(page(f"<nav>Home | World</nav><article><p>{KEEP}</p></article>"))

    article = only([str(path)])

    assert article.text == KEEP
    assert "<" not in article.text


@pytest.mark.parametrize(
    "prefix",
    ["", "\ufeff", "  \n", "<!-- saved from url=(0042)https://example.org/ -->\n"],
    ids=["plain", "bom", "blank-lines", "saved-from-comment"],
)
def test_html_on_stdin_is_sniffed(prefix: str) -> None:
    data = (prefix + page(f"<article><p>{LIFT}</p></article>")).encode("utf-8")

    article = only(["-"], stdin=stdin_bytes(data))

    assert article.id == "stdin"
    assert article.text == LIFT


def test_text_that_mentions_html_tags_stays_text(tmp_path: Path) -> None:
    text = "How to Write Pages\n\nPut <html> at the top and <p> around paragraphs.\n"
    path = tmp_path / "howto.md"
    path.write_text(text)

    assert only([str(path)]).text == text


def test_page_declaring_its_charset_is_decoded_with_it(tmp_path: Path) -> None:
    body = "<article><p>Санкции должны остаться в силе, пока соглашение не выполнено.</p></article>"
    path = tmp_path / "ru.html"
    path.write_bytes(page(body, '<meta charset="koi8-r">').encode("koi8-r"))

    assert only([str(path)]).text == "Санкции должны остаться в силе, пока соглашение не выполнено."


# --------------------------------------------------------------------------- JSON / JSONL


def write_json(path: Path, value: object) -> Path:
    path.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("document", "expected_ids"),
    [
        pytest.param({"id": "a1", "text": KEEP}, ["a1"], id="one-object"),
        pytest.param({"text": KEEP}, ["export"], id="one-object-no-id"),
        pytest.param([{"text": KEEP}, {"body": LIFT}], ["export:0", "export:1"], id="list"),
        pytest.param(
            {"articles": [{"id": 7, "content": KEEP}, {"id": 8, "content": LIFT}]},
            ["7", "8"],
            id="articles-key",
        ),
        pytest.param({"data": [{"maintext": KEEP}]}, ["export:0"], id="data-key-news-please"),
    ],
)
def test_json_shapes(tmp_path: Path, document: object, expected_ids: list[str]) -> None:
    path = write_json(tmp_path / "export.json", document)

    result = load_articles([str(path)])

    assert [a.id for a in result.articles] == expected_ids
    assert result.skipped == ()
    assert result.articles[0].text == KEEP


def test_json_record_metadata_in_export_shapes(tmp_path: Path) -> None:
    record = {
        "uuid": "x-1",
        "headline": "Ports Count the Cost",
        "body": ["First paragraph here.", "  Second paragraph here.  "],
        "source": {"id": "bt", "name": "Baltic Times"},
        "authors": ["A. Bērziņa", "J. Ozols"],
        "publishedAt": "2017-05-01T08:00:00Z",
        "link": "https://example.org/ports",
    }
    path = write_json(tmp_path / "newsapi.json", [record])

    article = only([str(path)])

    info = article.info
    assert (info.id, info.title, info.source) == ("x-1", "Ports Count the Cost", "Baltic Times")
    assert (info.author, info.date) == ("A. Bērziņa, J. Ozols", "2017-05-01T08:00:00Z")
    assert info.url == "https://example.org/ports"
    assert article.text == "First paragraph here.\n\nSecond paragraph here."


def test_jsonl_ids_are_the_id_field_or_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "wire.jsonl"
    lines = [{"id": "w-1", "text": KEEP}, {"text": LIFT}, {"id": "w-1", "text": "Other text."}]
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")

    result = load_articles([str(path)])

    assert [a.id for a in result.articles] == ["w-1", "wire:2", "w-1-2"]
    assert all(a.info.path == str(path) for a in result.articles)


def test_text_and_id_field_options_name_other_fields(tmp_path: Path) -> None:
    path = tmp_path / "db.jsonl"
    records = [
        {"doc": {"key": "d1"}, "fields": {"story": KEEP}, "text": "not this"},
        {"doc": {"key": "d2"}, "fields": {"story": LIFT}},
    ]
    path.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")

    result = load_articles([str(path)], text_field="fields.story", id_field="doc.key")

    assert [(a.id, a.text) for a in result.articles] == [("d1", KEEP), ("d2", LIFT)]


def test_missing_text_field_is_a_reason_naming_it(tmp_path: Path) -> None:
    path = write_json(tmp_path / "one.json", {"text": KEEP})

    result = load_articles([str(path)], text_field="story")

    assert [s.reason for s in result.skipped] == ['no "story" field']


def test_jsonl_on_stdin_is_sniffed_and_ids_name_stdin() -> None:
    data = "\n".join(json.dumps({"text": t}) for t in [KEEP, LIFT]).encode()

    result = load_articles(["-"], stdin=stdin_bytes(data))

    assert [a.id for a in result.articles] == ["stdin:1", "stdin:2"]


def test_pretty_printed_json_on_stdin_is_read() -> None:
    data = json.dumps({"articles": [{"text": KEEP}]}, indent=2).encode()

    assert only(["-"], stdin=stdin_bytes(data)).text == KEEP


def test_html_inside_a_record_is_extracted(tmp_path: Path) -> None:
    path = write_json(tmp_path / "pages.json", [{"id": "p", "html": "", "text": page(KEEP)}])

    assert only([str(path)]).text == KEEP


class _Drip:
    """A stdin that makes JSONL lines only as they are read, and counts them."""

    def __init__(self, total: int) -> None:
        self.served = 0
        self.total = total
        self.pending = b""

    def _fill(self) -> None:
        if not self.pending and self.served < self.total:
            self.served += 1
            text = f"Record number {self.served} says the sanctions should stay. " + "x" * 500
            self.pending = (json.dumps({"text": text}) + "\n").encode()

    def read(self, size: int = -1) -> bytes:
        out = b""
        while (size < 0 or len(out) < size) and (self.pending or self.served < self.total):
            self._fill()
            take = len(self.pending) if size < 0 else size - len(out)
            out, self.pending = out + self.pending[:take], self.pending[take:]
        return out

    def readline(self, size: int = -1) -> bytes:
        self._fill()
        cut = len(self.pending) if size is None or size < 0 else size
        line, self.pending = self.pending[:cut], self.pending[cut:]
        return line


class _DripStdin:
    def __init__(self, drip: _Drip) -> None:
        self.buffer = drip


def test_jsonl_streams_one_line_at_a_time() -> None:
    drip = _Drip(total=5_000)
    items: Iterator[Article | Skipped] = iter_articles(["-"], stdin=_DripStdin(drip))  # type: ignore[arg-type]

    first = next(items)

    assert isinstance(first, Article)
    assert first.id == "stdin:1"
    assert drip.served < 30  # a sniffing window, not the file
    assert sum(1 for _ in items) == 4_999


def test_big_jsonl_file_yields_its_first_article_before_reading_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for n in range(3_000):
            handle.write(json.dumps({"id": n, "text": f"Story {n} is about the harbour."}) + "\n")

    items = iter_articles([str(path)])
    first = next(items)
    path.unlink()  # the file stays open: the rest still comes, line by line

    assert isinstance(first, Article) and first.id == "0"
    assert sum(1 for item in items if isinstance(item, Article)) == 2_999


# --------------------------------------------------------------------------- encodings, shapes

CAFE = "Café Talk in Kyiv\n\nIt’s “quiet” – the sanctions should stay.\n"


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(CAFE.encode(), id="utf-8"),
        pytest.param(b"\xef\xbb\xbf" + CAFE.encode(), id="utf-8-bom"),
        pytest.param(CAFE.encode("utf-16"), id="utf-16-bom"),
        pytest.param(CAFE.encode("utf-16-be").join([b"\xfe\xff", b""]), id="utf-16-be-bom"),
        pytest.param(CAFE.encode("cp1252"), id="windows-1252"),
        pytest.param(CAFE.replace("\n", "\r\n").encode("cp1252"), id="windows-1252-crlf"),
        pytest.param(CAFE.replace("\n", "\r\n").encode(), id="crlf"),
    ],
)
@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_encodings_give_the_same_article(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = tmp_path / f"cafe{suffix}"
    path.write_bytes(data)

    article = only([str(path)])

    assert article.text == CAFE
    assert stances(article)["sanctions"] is Stance.PRO


RECORD = json.dumps({"id": "cafe", "text": CAFE}, ensure_ascii=False)


@pytest.mark.parametrize(
    "data",
    [
        pytest.param((RECORD + "\n").encode(), id="utf-8"),
        pytest.param(b"\xef\xbb\xbf" + (RECORD + "\n").encode(), id="utf-8-bom"),
        pytest.param((RECORD + "\n").encode("utf-16"), id="utf-16-bom"),
        pytest.param((RECORD + "\r\n").encode("cp1252"), id="windows-1252-crlf"),
    ],
)
def test_jsonl_encodings_give_the_same_article(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "cafe.jsonl"
    path.write_bytes(data)

    article = only([str(path)])

    assert (article.id, article.text) == ("cafe", CAFE)


def test_latin_1_is_decoded_not_garbled(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("Économie et société\n\nLes sanctions sont nécessaires.\n".encode("latin-1"))

    assert only([str(path)]).text == "Économie et société\n\nLes sanctions sont nécessaires.\n"


def test_hard_wrapped_lines_are_joined_into_sentences() -> None:
    flowing = (
        "Europe should keep the sanctions on Russia in place until the agreement is honoured "
        "in full. Lifting them now would be a mistake that the whole continent pays for."
    )
    wrapped = (
        "Europe should keep the sanctions on Russia in place until the\n"
        "agreement is honoured in full. Lifting them now would be a\n"
        "mistake that the whole continent pays for."
    )

    got = [" ".join(s.text.split()) for s in split_sentences(wrapped)]

    assert got == [s.text for s in split_sentences(flowing)]
    assert len(got) == 2


def test_very_long_line_is_read_and_compared(tmp_path: Path) -> None:
    sentence = "The sanctions should stay in place because they work. "
    path = tmp_path / "one-line.txt"
    path.write_text(sentence * 5_000, encoding="utf-8")  # 275 KB on one line

    article = only([str(path)])
    sentences = split_sentences(article.text)

    assert len(sentences) == 5_000
    assert stances(article)["sanctions"] is Stance.PRO


# ------------------------------------------------------------------ offsets in every format


def _format_inputs(tmp_path: Path) -> list[tuple[str, list[str], bytes | None]]:
    text = f"Hold the Line\n\n{KEEP}\n\nSome say {LIFT.lower()} They are wrong.\n"
    (tmp_path / "a.md").write_text(f"---\ntitle: Front Matter Title\n---\n{text}")
    (tmp_path / "b.txt").write_bytes(text.replace("\n", "\r\n").encode("cp1252"))
    (tmp_path / "c.html").write_text(page(f"<nav>Menu</nav><article><p>{KEEP}</p></article>"))
    write_json(tmp_path / "d.json", [{"text": text}])
    (tmp_path / "e.jsonl").write_text(json.dumps({"body": text}) + "\n")
    (tmp_path / "f.txt").write_bytes(text.encode("utf-16"))
    return [
        ("markdown", [str(tmp_path / "a.md")], None),
        ("windows-1252", [str(tmp_path / "b.txt")], None),
        ("html", [str(tmp_path / "c.html")], None),
        ("json", [str(tmp_path / "d.json")], None),
        ("jsonl", [str(tmp_path / "e.jsonl")], None),
        ("utf-16", [str(tmp_path / "f.txt")], None),
        ("html-stdin", ["-"], page(f"<article><p>{LIFT}</p></article>").encode()),
        ("text-stdin", ["-"], text.encode("cp1252")),
    ]


def test_evidence_offsets_slice_the_reported_sentence_in_every_format(tmp_path: Path) -> None:
    for name, inputs, stdin in _format_inputs(tmp_path):
        result = load_articles(inputs, stdin=None if stdin is None else stdin_bytes(stdin))
        assert result.skipped == (), name
        texts = {a.id: a.text for a in result.articles}
        comparison = compare(result.articles, evidence=5)
        cited = [(cell.article, e) for cell in comparison.cells for e in cell.evidence]
        assert cited, name
        for article_id, evidence in cited:
            assert texts[article_id][evidence.start : evidence.end] == evidence.sentence, name
