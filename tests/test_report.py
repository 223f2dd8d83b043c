"""`stance report`: one HTML file a colleague can open, checked as a file and in a browser.

The page is made for three corpora, as the issue asks: the bundled two op-eds, a folder
of 200 generated speeches (dated only by their file names) and a JSONL export of 2,000
records (dated by a field). Each carries one article with a planted `<script>` and an
`onerror=` handler in its title and text. The file checks need no browser; the browser
checks (`test_browser_*`) open each page in Debian's headless Chromium through `cdp.py`
and keep a screenshot of each in the artefacts folder (see `ARTIFACTS`).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from cdp import Browser, find_chromium
from speeches import HOSTILE, write_speech_jsonl, write_speeches
from stancecli.cli import app
from stancecli.exit_codes import ExitCode
from stancecli.io.loading import bundled_corpus_inputs, load_articles
from stancecli.models import Topic
from stancecli.render.html_report import script_json
from stancecli.render.svg_timeline import MAX_GROUPS, TimePoint, ranked_groups, timeline_svg

runner = CliRunner()
#: Screenshots of the browser test land here (the repository's test-artifacts/ unless
#: STANCE_ARTIFACTS names another folder); CI keeps them after the run.
ARTIFACTS = Path(
    os.environ.get("STANCE_ARTIFACTS")
    or Path(__file__).resolve().parent.parent / "test-artifacts" / "report"
)


@dataclass(frozen=True)
class Report:
    name: str
    path: Path
    html: str
    ids: list[str]
    exit_code: int


def make_report(out: Path, *args: str) -> tuple[str, int]:
    result = runner.invoke(app, ["report", *args, "-o", str(out), "--quiet"])
    assert result.exit_code in (ExitCode.OK, ExitCode.PARTIAL), result.output
    return out.read_text(encoding="utf-8"), result.exit_code


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Report]:
    root = tmp_path_factory.mktemp("reports")
    made: dict[str, Report] = {}
    html, code = make_report(root / "bundled.html")
    ids = [a.id for a in load_articles(bundled_corpus_inputs()).articles]
    made["bundled"] = Report("bundled", root / "bundled.html", html, ids, code)

    folder = root / "speeches"
    ids = write_speeches(folder, 200, hostile=True)
    (folder / "empty.md").write_text("", encoding="utf-8")  # reported and skipped
    html, code = make_report(
        root / "folder.html",
        str(folder),
        "--date-from",
        "{country}_{session}_{year}",
        "--group-by",
        "country",
    )
    made["folder"] = Report("folder", root / "folder.html", html, ids, code)

    export = root / "export.jsonl"
    ids = write_speech_jsonl(export, 2000, hostile=True)
    html, code = make_report(root / "jsonl.html", str(export), "--group-by", "speaker", "-j", "2")
    made["jsonl"] = Report("jsonl", root / "jsonl.html", html, ids, code)
    return made


CORPORA = ["bundled", "folder", "jsonl"]


class _Audit(HTMLParser):
    """Every element and attribute of a page, and the text of its style blocks."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles.append(data)


def audit(html: str) -> _Audit:
    parser = _Audit()
    parser.feed(html)
    parser.close()
    return parser


def page_data(html: str) -> dict[str, Any]:
    match = re.search(
        r'<script type="application/json" id="stance-data">(.*?)</script>', html, re.S
    )
    assert match, "no data block"
    data: dict[str, Any] = json.loads(match.group(1))
    return data


# ----------------------------------------------------------------------------- the file


@pytest.mark.parametrize("name", CORPORA)
def test_report_is_one_file_with_no_external_url(name: str, reports: dict[str, Report]) -> None:
    html = reports[name].html
    page = audit(html)
    for tag, attrs in page.tags:
        for key in ("src", "href", "xlink:href", "action", "poster", "data"):
            value = attrs.get(key)
            if value is not None:
                assert value.startswith("#"), f"<{tag} {key}={value!r}>"
        assert "url(" not in (attrs.get("style") or "")
    assert not any("url(" in css for css in page.styles)
    assert "<link" not in html and "@import" not in html
    policy = next(
        a["content"] for t, a in page.tags if a.get("http-equiv") == "Content-Security-Policy"
    )
    assert policy and "default-src 'none'" in policy and "unsafe-inline" not in policy


@pytest.mark.parametrize("name", CORPORA)
def test_report_has_every_article_and_topic_in_its_data(
    name: str, reports: dict[str, Report]
) -> None:
    report = reports[name]
    data = page_data(report.html)
    assert sorted(a["id"] for a in data["articles"]) == sorted(report.ids)
    assert len(data["cells"]) == len(report.ids)
    assert all(len(row) == len(data["topics"]) == 9 for row in data["cells"])
    assert "Keep the sanctions on Russia in place?" in report.html  # the pack's questions
    assert "▲ keep" in report.html and "▼ lift" in report.html  # and poles
    assert "Made by stance " in report.html and "stance report" in report.html  # footer


def test_planted_markup_is_text_not_markup(reports: dict[str, Report]) -> None:
    for name in ("folder", "jsonl"):
        html = reports[name].html
        page = audit(html)
        assert [t for t, _ in page.tags].count("script") == 2  # the data block and ours
        assert not any(tag == "img" for tag, _ in page.tags)
        assert not any(k.startswith("on") for _, attrs in page.tags for k in attrs)
        titles = [a["title"] for a in page_data(html)["articles"]]
        assert any(HOSTILE in title for title in titles)  # kept whole, as data
        assert "<script>window" not in html


def test_script_json_cannot_close_its_block() -> None:
    text = script_json({"s": "</script><!-- \u2028 & <b>"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"s": "</script><!-- \u2028 & <b>"}


def test_cell_evidence_carries_context_keyword_holder_and_why(reports: dict[str, Report]) -> None:
    data = page_data(reports["bundled"].html)
    topics = [t["id"] for t in data["topics"]]
    items = [
        item for article in data["evidence"] for per_topic in article.values() for item in per_topic
    ]
    assert items
    for item in items:
        assert item["h"] == "author"
        for start, end in item["m"]:
            assert 0 <= start < end <= len(item["s"])
    assert any(item["b"] and item["a"] for item in items)  # a sentence either side
    assert any(item["w"] for item in items)  # the learned judge's explanation
    sanctions = topics.index("sanctions")
    marked = [
        item["s"][s:e].lower()
        for article in data["evidence"]
        for item in article.get(str(sanctions), [])
        for s, e in item["m"]
    ]
    assert "sanctions" in marked


def test_dated_reports_draw_a_chart_per_topic_with_axes_and_legend(
    reports: dict[str, Report],
) -> None:
    html = reports["folder"].html
    assert html.count('<svg class="timeline"') == 9
    assert "200 of 200 articles are dated" in html
    assert 'class="tl-legend"' in html and ">RUS</li>" in html or ">other</li>" in html
    for year in ("2016", "2018", "2020"):
        assert f">{year}</text>" in html  # year ticks on the axis
    assert "+1 keep" in html and "−1 lift" in html  # the poles on the score axis
    jsonl = reports["jsonl"].html
    assert "2000 of 2000 articles are dated" in jsonl
    bundled = reports["bundled"].html
    assert "2 of 2 articles are dated" in bundled


def test_skipped_inputs_are_listed_and_exit_partial(reports: dict[str, Report]) -> None:
    folder = reports["folder"]
    assert folder.exit_code == ExitCode.PARTIAL
    assert re.search(r"<li><code>[^<]*empty\.md</code>: empty file</li>", folder.html)
    assert "1 input skipped" in folder.html
    assert "None: every input was read." in reports["bundled"].html


def test_undated_articles_say_where_dates_come_from(tmp_path: Path, article_dir: Path) -> None:
    html, _ = make_report(tmp_path / "r.html", str(article_dir))
    assert "No article carries a date" in html and "--date-from" in html
    assert '<svg class="timeline"' not in html


def test_report_refuses_to_overwrite_an_article(article_dir: Path) -> None:
    target = article_dir / "keep.md"
    before = target.read_bytes()
    result = runner.invoke(app, ["report", str(article_dir), "-o", str(target), "-q"])
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr.startswith("Error: ") and "is one of the articles read" in result.stderr
    assert "Traceback" not in result.output
    assert target.read_bytes() == before


def test_report_to_a_missing_folder_is_one_clear_error(tmp_path: Path, article_dir: Path) -> None:
    result = runner.invoke(
        app, ["report", str(article_dir), "-o", str(tmp_path / "nope" / "r.html"), "-q"]
    )
    assert result.exit_code == ExitCode.USAGE
    assert len(result.stderr.splitlines()) == 1 and "no such folder" in result.stderr


def test_report_to_stdout(article_dir: Path) -> None:
    result = runner.invoke(app, ["report", str(article_dir), "-o", "-", "-q"])
    assert result.exit_code == ExitCode.OK
    assert result.stdout.startswith("<!DOCTYPE html>") and result.stdout.rstrip().endswith(
        "</html>"
    )


def test_timeline_escapes_group_names_and_caps_the_groups() -> None:
    topic = Topic("t", "Tolls <b>", "?", "keep <i>", "cut", (("t",),))
    # Ten groups, each dated in four years: seven drawn alone, three as "other".
    points = [TimePoint(f"20{10 + n // 10}", 0.5, f"<g{n % 10}>&") for n in range(40)]
    groups = ranked_groups(points)
    assert len(groups) == MAX_GROUPS and groups[-1] == "other"
    svg = timeline_svg(topic, points, groups=groups)
    assert "<b>" not in svg and "<i>" not in svg and "<g1>" not in svg
    assert "Tolls &lt;b&gt;" in svg and "&lt;g" in svg
    assert svg.count("<polyline") == len(groups)


# ----------------------------------------------------------------------------- the browser


@pytest.fixture(scope="module")
def chromium() -> str:
    found = find_chromium()
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("Debian's chromium is missing in CI: .ci/run installs it")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    return found


@pytest.fixture
def browser(chromium: str) -> Iterator[Browser]:
    with Browser(chromium) as opened:
        yield opened


#: Scrolls the grid from top to bottom and returns every row's article id, in order:
#: rows are drawn lazily, so no single moment has them all in the page.
SCROLL_ALL_ROWS = """(async () => {
  const scroller = document.getElementById('grid-scroll');
  const seen = new Map();
  const frame = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  for (let top = 0; ; top += scroller.clientHeight) {
    scroller.scrollTop = top;
    await frame();
    for (const row of document.querySelectorAll('#grid .gbody [role=row]')) {
      seen.set(+row.getAttribute('aria-rowindex'), row.dataset.article);
    }
    if (top >= scroller.scrollHeight) break;
  }
  scroller.scrollTop = 0;
  await frame();
  return [...seen.entries()].sort((a, b) => a[0] - b[0]).map(e => e[1]);
})()"""


def search(browser: Browser, text: str) -> None:
    """Type into the report's text filter."""
    browser.evaluate(
        "(() => { const t = document.getElementById('f-text');"
        f" t.value = {json.dumps(text)}; t.dispatchEvent(new Event('input')); }})()"
    )


@pytest.mark.parametrize("name", CORPORA)
def test_browser_shows_the_report(name: str, reports: dict[str, Report], browser: Browser) -> None:
    report = reports[name]
    browser.open(report.path)
    # One grid row per article (the rows seen while scrolling, by position).
    assert browser.evaluate("document.getElementById('grid').getAttribute('aria-rowcount')") == str(
        len(report.ids) + 1
    )
    in_order = [a["id"] for a in page_data(report.html)["articles"]]
    assert browser.evaluate(SCROLL_ALL_ROWS) == in_order
    # Clicking a cell shows its evidence, keyword marked.
    browser.click("#grid .gbody .cell:not(.absent)")
    assert browser.evaluate("document.querySelectorAll('#detail .evidence').length") >= 1
    shown = browser.evaluate("document.querySelector('#detail .evidence .sent').textContent")
    cell = browser.evaluate(
        "(() => { const c = document.querySelector('#grid .cell.sel');"
        " return [+c.dataset.i, +c.dataset.j]; })()"
    )
    evidence = page_data(report.html)["evidence"][cell[0]][str(cell[1])]
    assert shown == evidence[0]["s"]
    assert browser.evaluate("document.querySelectorAll('#detail .evidence mark').length") >= 1
    assert browser.evaluate("document.querySelector('#detail .holder').textContent").startswith(
        "Holder: "
    )
    shot = browser.screenshot(ARTIFACTS / f"{name}.png")
    # Not blank: the heat map's colours, text and borders, not one flat background.
    assert browser.colours_on_screen() > 50
    assert len(shot) > 20_000
    # Clicking an article shows its profile.
    browser.click("#grid .gbody .art")
    assert browser.evaluate("document.querySelector('#detail dl.profile') !== null")
    # The planted markup did not run and is shown as text.
    assert browser.evaluate("typeof window.__pwned") == "undefined"
    assert browser.evaluate("document.querySelectorAll('img').length") == 0
    if name != "bundled":  # find the planted article by its id, open its profile
        search(browser, report.ids[0])
        browser.wait_for("document.getElementById('f-count').textContent.startsWith('Showing 1 ')")
        browser.click(f"#grid .gbody [data-article='{report.ids[0]}'] .art")
        title = browser.evaluate("document.querySelector('#detail h3').textContent")
        assert HOSTILE in title
        assert browser.evaluate("typeof window.__pwned") == "undefined"
    assert browser.errors() == []


def test_browser_filters_and_sorts(reports: dict[str, Report], browser: Browser) -> None:
    report = reports["folder"]
    browser.open(report.path)
    count = "document.getElementById('f-count').textContent"
    assert browser.evaluate(count) == "Showing 200 of 200 articles"
    search(browser, "RUS_")
    russian = [i for i in report.ids if i.startswith("RUS_")]
    browser.wait_for(f"{count} === 'Showing {len(russian)} of 200 articles'")
    rows = browser.evaluate(SCROLL_ALL_ROWS)
    assert sorted(rows) == sorted(russian)
    # Sort by a topic's score: strongest pro first, absent cells last.
    browser.click("#grid .ghead button[data-sort='t0']")
    scores = browser.evaluate(
        "[...document.querySelectorAll('#grid .gbody [role=row]')].map(r =>"
        " r.querySelector('.cell').textContent)"
    )
    values = [float(s.split()[1].replace("−", "-")) for s in scores if s != "—"]
    assert values == sorted(values, reverse=True)
    assert scores[len(values) :] == ["—"] * (len(scores) - len(values))
    # Stance filter: only rows with a con on a shown topic.
    browser.evaluate(
        "(() => { const s = document.getElementById('f-stance'); s.value = '1';"
        " s.dispatchEvent(new Event('change')); })()"
    )
    con_rows = browser.evaluate(
        "[...document.querySelectorAll('#grid .gbody [role=row]')].map(r =>"
        " [...r.querySelectorAll('.cell')].some(c => c.textContent.startsWith('▼')))"
    )
    assert con_rows and all(con_rows)
    assert browser.errors() == []


def test_browser_prints_without_the_controls(reports: dict[str, Report], browser: Browser) -> None:
    browser.open(reports["bundled"].path)
    browser.call("Emulation.setEmulatedMedia", media="print")
    hidden = browser.evaluate("getComputedStyle(document.querySelector('.controls')).display")
    assert hidden == "none"
    pdf = browser.call("Page.printToPDF", printBackground=True)
    assert len(pdf["data"]) > 10_000
    assert browser.errors() == []


def test_the_blank_screenshot_check_can_fail(browser: Browser) -> None:
    """The 'not blank' check above counts colours: a blank page has one."""
    browser.call("Page.navigate", url="about:blank")
    browser.wait_for("document.readyState === 'complete'")
    assert browser.colours_on_screen() == 1
