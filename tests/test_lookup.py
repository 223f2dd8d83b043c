"""`stance lookup` as a user meets it: which sentences come back, how they are marked, what
a miss says and returns.

Sentences of the bundled corpus are never written out here: the engine's own mentions
say which sentences are about Minsk, and hits are checked against them.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from typer.testing import CliRunner, Result

from stancecli.cli import app
from stancecli.exit_codes import ExitCode
from stancecli.io.loading import bundled_corpus_inputs, load_articles
from stancecli.lookup import lookup
from stancecli.models import Article
from stancecli.pipeline import Engine, sentences_of
from stancecli.render.lookup_formats import LOOKUP_CSV_HEADER
from stancecli.render.lookup_table import MATCH_STYLE, highlighted_sentence, lookup_table
from stancecli.topics import default_pack

runner = CliRunner()
BUNDLED = {a.id: a for a in load_articles(bundled_corpus_inputs()).articles}
WRONG_DETENTE = "overcoming-the-wrong-detente"


def invoke(*args: str | Path, input: str | None = None) -> Result:
    return runner.invoke(app, [str(a) for a in args], input=input)


def lookup_json(*args: str | Path, code: ExitCode = ExitCode.OK) -> dict[str, Any]:
    result = invoke("lookup", *args, "--format", "json")
    assert result.exit_code == code, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def topic_sentences(article: Article, topic: str) -> set[tuple[int, int]]:
    """Spans of the sentences the engine found the topic mentioned in."""
    sentences = sentences_of(article)
    mentions = [m for m in Engine().analyze(article).mentions if m.topic == topic]
    return {
        (s.start, s.end) for s in sentences if any(s.start <= m.start < s.end for m in mentions)
    }


# --------------------------------------------------------------------------- topic queries


@pytest.mark.parametrize("query", ["minsk 2", "Minsk-II", "MinskII", "minks", "minsk", "Minsk II"])
def test_every_spelling_of_minsk_finds_the_minsk_sentences_of_one_article(query: str) -> None:
    data = lookup_json(query)
    hits = data["hits"]
    assert hits
    assert {hit["article"] for hit in hits} == {WRONG_DETENTE}
    assert {hit["topic"] for hit in hits} == {"minsk"}
    article = BUNDLED[WRONG_DETENTE]
    # every hit is a sentence with a Minsk mention, and every such sentence is a hit
    assert {(hit["start"], hit["end"]) for hit in hits} == topic_sentences(article, "minsk")
    assert data["resolved"]["topics"] == ["minsk"]


def test_hits_slice_the_article_text() -> None:
    for hit in lookup_json("sanctions")["hits"]:
        text = BUNDLED[hit["article"]].text
        assert text[hit["start"] : hit["end"]] == hit["sentence"]
        for match in hit["matches"]:
            assert text[match["start"] : match["end"]] == match["text"]
            assert hit["start"] <= match["start"] < match["end"] <= hit["end"]
        assert hit["matched"] == hit["matches"][0]["text"]


def test_hits_come_in_article_order_then_position() -> None:
    hits = lookup_json("sanctions")["hits"]
    order = list(BUNDLED)
    keys = [(order.index(hit["article"]), hit["start"]) for hit in hits]
    assert keys == sorted(keys)
    assert len({hit["article"] for hit in hits}) == 2  # both articles talk about sanctions


def test_misspelt_topic_name_finds_the_topic() -> None:
    data = lookup_json("sanktions")
    assert data["resolved"]["topics"] == ["sanctions"]
    assert data["hits"] and {hit["topic"] for hit in data["hits"]} == {"sanctions"}


def test_a_keyword_finds_the_sentences_that_use_it(article_dir: Path) -> None:
    (article_dir / "embargo.txt").write_text(
        "The embargo must stay. Sanctions work.\n", encoding="utf-8"
    )
    data = lookup_json("embargo", article_dir)
    assert data["resolved"]["as"] == "keyword"
    assert [hit["matched"] for hit in data["hits"]] == ["embargo"]
    assert data["hits"][0]["topic"] == "sanctions"


# --------------------------------------------------------------------------- free words


def test_nation_is_not_nato() -> None:
    result = invoke("lookup", "nation", "--format", "json")
    assert result.exit_code == ExitCode.NO_MATCH, result.output
    data = json.loads(result.stdout)
    assert data["resolved"]["topics"] == []
    assert not any(
        hit["topic"] == "nato_enlargement" or "nato" in hit["matched"].lower()
        for hit in data["hits"]
    )


def test_nation_finds_nation_but_not_nato(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(
        "NATO enlargement divides the alliance. Every nation has a vote.\n", encoding="utf-8"
    )
    data = lookup_json("nation", tmp_path)
    assert [hit["matched"] for hit in data["hits"]] == ["nation"]
    assert data["hits"][0]["topic"] is None


def test_free_words_match_across_hyphens_and_spacing(tmp_path: Path) -> None:
    (tmp_path / "truce.txt").write_text(
        "The cease-fire held.\n\nA ceasefire is not peace.\n", encoding="utf-8"
    )
    for query in ("ceasefire", "cease fire", "Cease-Fire"):
        data = lookup_json(query, tmp_path)
        assert len(data["hits"]) == 2, query
        assert data["resolved"]["as"] == "words"


def test_free_words_inside_a_topic_mention_carry_its_stance(article_dir: Path) -> None:
    data = lookup_json("sanction", article_dir, "--words")
    stances = {hit["article"]: hit["stance"] for hit in data["hits"]}
    assert stances["lift"] == "con"
    assert "pro" in {hit["stance"] for hit in data["hits"] if hit["article"] == "keep"}
    assert all(hit["topic"] == "sanctions" for hit in data["hits"])


def test_a_reported_view_names_its_holder(tmp_path: Path) -> None:
    (tmp_path / "report.txt").write_text(
        "Marine Le Pen said the sanctions should be lifted.\n", encoding="utf-8"
    )
    (hit,) = lookup_json("sanctions", tmp_path)["hits"]
    assert hit["holder"] != "author"
    assert "Le Pen" in hit["holder"]


# --------------------------------------------------------------------------- no hit


def test_no_hit_is_one_error_line_and_exit_4() -> None:
    result = invoke("lookup", "nation")
    assert result.exit_code == ExitCode.NO_MATCH
    assert result.stdout == ""
    assert "Traceback" not in result.output
    (line,) = result.stderr.splitlines()
    assert line.startswith("Error: no match for 'nation'")


@pytest.mark.parametrize(
    ("query", "topic"), [("embarg", "sanctions"), ("minsk sanctons", "minsk"), ("crime", "crimea")]
)
def test_a_near_miss_gets_a_did_you_mean(query: str, topic: str) -> None:
    result = invoke("lookup", query)
    assert result.exit_code == ExitCode.NO_MATCH, result.output
    assert "did you mean" in result.stderr
    assert f"topic {topic}" in result.stderr


def test_a_topic_with_no_mention_says_so(article_dir: Path) -> None:
    result = invoke("lookup", "minsk", article_dir)
    assert result.exit_code == ExitCode.NO_MATCH
    assert "Minsk II" in result.stderr and "2 articles" in result.stderr


def test_no_hit_in_jsonl_prints_nothing_and_csv_only_the_header() -> None:
    jsonl = invoke("lookup", "nation", "--format", "jsonl")
    assert (jsonl.exit_code, jsonl.stdout) == (ExitCode.NO_MATCH, "")
    table = invoke("lookup", "nation", "--format", "csv")
    assert table.exit_code == ExitCode.NO_MATCH
    assert list(csv.reader(io.StringIO(table.stdout))) == [list(LOOKUP_CSV_HEADER)]


@pytest.mark.parametrize("query", ["", "--- ...", "   "])
def test_a_query_without_words_is_a_usage_error(query: str) -> None:
    result = invoke("lookup", "--", query)
    assert result.exit_code == ExitCode.USAGE, result.output
    assert "no words" in result.stderr


# --------------------------------------------------------------------------- options


def test_context_adds_neighbouring_sentences() -> None:
    hits = lookup_json("minsk", "--context", "1")["hits"]
    sentences = sentences_of(BUNDLED[WRONG_DETENTE])
    texts = [s.text for s in sentences]
    for hit in hits:
        index = texts.index(hit["sentence"])
        assert hit["before"] == texts[max(0, index - 1) : index]
        assert hit["after"] == texts[index + 1 : index + 2]
    assert all(len(hit["before"]) == 1 for hit in hits)


def test_no_context_by_default() -> None:
    assert all(not h["before"] and not h["after"] for h in lookup_json("minsk")["hits"])


def test_limit_keeps_the_first_hits_and_counts_all() -> None:
    everything = lookup_json("sanctions")
    limited = lookup_json("sanctions", "--limit", "2")
    assert limited["hits"] == everything["hits"][:2]
    assert limited["total"] == everything["total"] > 2
    table = invoke("lookup", "sanctions", "-n", "2")
    assert f"showing 2 of {everything['total']} hits" in table.stdout


def test_topic_option_restricts_free_words(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(
        "Russia faces sanctions. Russia must honor Minsk.\n", encoding="utf-8"
    )
    everything = lookup_json("sanctions minsk", tmp_path, "--words", code=ExitCode.NO_MATCH)
    assert everything["hits"] == []
    data = lookup_json("Minsk", tmp_path, "--words", "--topic", "minsk")
    assert {hit["topic"] for hit in data["hits"]} == {"minsk"}
    result = invoke("lookup", "sanctions", tmp_path, "--topic", "minsk")
    assert result.exit_code == ExitCode.NO_MATCH
    assert "--topic minsk" in result.stderr


def test_unknown_topic_option_is_a_usage_error() -> None:
    result = invoke("lookup", "sanctions", "--topic", "sanction")
    assert result.exit_code == ExitCode.USAGE
    assert result.stdout == ""
    assert "'sanction'" in result.stderr and "did you mean 'sanctions'" in result.stderr


@pytest.mark.parametrize("args", [["--context", "-1"], ["--limit", "0"], ["-f", "yaml"]])
def test_bad_option_values_are_usage_errors(args: list[str]) -> None:
    result = invoke("lookup", "minsk", *args)
    assert result.exit_code == ExitCode.USAGE
    assert result.stdout == ""


def test_stdin_and_skipped_inputs(tmp_path: Path, sample_text: dict[str, str]) -> None:
    result = invoke("lookup", "sanctions", "-", "-f", "json", input=sample_text["lift"])
    assert result.exit_code == ExitCode.OK, result.output
    assert {hit["article"] for hit in json.loads(result.stdout)["hits"]} == {"stdin"}
    missing = tmp_path / "gone.md"
    result = invoke("lookup", "sanctions", missing, "-", input=sample_text["lift"])
    assert result.exit_code == ExitCode.PARTIAL
    assert f"warning: {missing}: no such file or directory" in result.stderr
    assert invoke("lookup", "sanctions", missing).exit_code == ExitCode.NOTHING_USABLE


# --------------------------------------------------------------------------- output formats


def test_table_shows_article_topic_stance_and_sentence(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    result = invoke("lookup", "minsk 2")
    assert result.exit_code == ExitCode.OK, result.output
    assert result.stderr == ""
    out = result.stdout
    assert WRONG_DETENTE in out and BUNDLED[WRONG_DETENTE].info.title in out
    assert "Minsk II" in out
    assert "insist" in out or "set aside" in out or "neutral" in out
    assert "2 hits in 1 of 2 articles" in out
    assert "\x1b[" not in out
    assert max(len(line) for line in out.splitlines()) <= 200


def test_table_fits_a_narrow_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    result = invoke("lookup", "minsk", "--context", "2")
    assert result.exit_code == ExitCode.OK
    assert max(len(line) for line in result.stdout.splitlines()) <= 60


def test_table_highlights_each_match() -> None:
    article = load_articles([str(Path(__file__).parent / "data" / "congestion")]).articles[0]
    found = lookup("council", [article], default_pack())
    hit = found.hits[0]
    text = highlighted_sentence(hit)
    styled = [text.plain[s.start : s.end] for s in text.spans if s.style == MATCH_STYLE]
    assert styled == [m.text for m in hit.matches]
    console = Console(force_terminal=True, color_system="standard", width=100)
    with console.capture() as capture:
        console.print(lookup_table(found, width=100))
    assert "\x1b[" in capture.get()  # on a terminal the match is marked


def test_jsonl_is_one_hit_a_line() -> None:
    result = invoke("lookup", "sanctions", "--format", "jsonl")
    assert result.exit_code == ExitCode.OK
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows == [{"query": "sanctions", **hit} for hit in lookup_json("sanctions")["hits"]]


def test_csv_and_markdown() -> None:
    table = list(csv.reader(io.StringIO(invoke("lookup", "minsk", "-f", "csv").stdout)))
    assert tuple(table[0]) == LOOKUP_CSV_HEADER
    assert len(table) == 1 + len(lookup_json("minsk")["hits"])
    markdown = invoke("lookup", "minsk", "-f", "markdown").stdout.splitlines()
    assert markdown[0].startswith("| Article |")
    assert len(markdown) == 2 + len(table) - 1
    assert all(line.count("**") >= 2 for line in markdown[2:])  # the match in bold


def test_json_shape() -> None:
    data = lookup_json("minsk 2")
    assert data["schema_version"] == 1
    assert data["query"] == "minsk 2"
    assert data["articles"] == list(BUNDLED)
    hit = data["hits"][0]
    for key in ("article", "topic", "matched", "sentence", "start", "end", "stance"):
        assert key in hit
    assert hit["stance"] in ("pro", "con", "mixed", "neutral")
