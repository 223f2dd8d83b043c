"""Dates and groups: what stances over time are drawn from, and what JSON hands scripts."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from speeches import write_speech_jsonl, write_speeches
from stancecli.cli import app
from stancecli.dating import Dating, NamePattern, dated, normalize_date
from stancecli.errors import UsageError
from stancecli.exit_codes import ExitCode
from stancecli.io.loading import load_articles
from stancecli.models import ArticleInfo
from stancecli.serialize import load_comparison_schema

runner = CliRunner()


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("2017-02", "2017-02"),
        ("2017", "2017"),
        ("2017-02-03T10:00:00Z", "2017-02-03"),
        ("February 3, 2017", "2017-02-03"),
        ("3rd Feb. 2017", "2017-02-03"),
        ("Sept 2022", "2022-09"),
        ("20170203", "2017-02-03"),
        ("03.02.2017", "2017-02-03"),
        ("2017/2/3", "2017-02-03"),
        ("published on Monday, 2019-11-04 at noon", "2019-11-04"),
        ("2017-13-01", None),  # no thirteenth month: not a date, not a guess
        ("soon", None),
        ("", None),
        (None, None),
    ],
)
def test_dates_become_sortable_iso_prefixes(raw: str | None, iso: str | None) -> None:
    assert normalize_date(raw) == iso


@given(st.text(max_size=300))
def test_any_date_text_gives_an_iso_prefix_or_none(raw: str) -> None:
    iso = normalize_date(raw)
    assert iso is None or len(iso) in (4, 7, 10)


def info(path: str, article_id: str | None = None, **kwargs: object) -> ArticleInfo:
    stem = Path(path).stem
    return ArticleInfo(article_id or stem, "T", path, **kwargs)  # type: ignore[arg-type]


def test_date_from_reads_the_year_off_a_file_name() -> None:
    dating = Dating.parse("{country}_{session}_{year}", "country")
    got = dated(info("speeches/RUS_77_2022.md"), dating)
    assert (got.iso_date, got.group) == ("2022", "RUS")
    # A name that does not fit keeps the date its metadata gave.
    other = dated(info("speeches/notes.md", date="March 2021"), dating)
    assert (other.iso_date, other.group) == ("2021-03", None)


def test_date_from_takes_month_day_or_a_whole_date_and_wildcards() -> None:
    assert (
        dated(info("x/{}.md".format("2022-05-09_minutes")), Dating.parse("{date}_*", None)).iso_date
        == "2022-05-09"
    )
    got = dated(info("x/speech-2021-7-4.txt"), Dating.parse("speech-{year}-{month}-{day}", None))
    assert got.iso_date == "2021-07-04"
    # A record of an export is matched by its id (its path is the export's).
    record = info("export.jsonl", article_id="UKR_78_2023")
    assert dated(record, Dating.parse("{c}_{s}_{year}", "c")).group == "UKR"


def test_group_by_a_field_or_a_pattern() -> None:
    article = info("in/GBR_70_2015.md", source="FCO", fields=(("speaker", "Philip Hammond"),))
    assert dated(article, Dating.parse(None, "speaker")).group == "Philip Hammond"
    assert dated(article, Dating.parse(None, "Source")).group == "FCO"
    assert dated(article, Dating.parse(None, "{group}_*")).group == "GBR"
    assert dated(article, Dating.parse(None, "missing")).group is None


@pytest.mark.parametrize(
    ("date_from", "group_by", "message"),
    [
        ("{country}", None, "needs {year} or {date}"),
        ("plain", None, "no {field}"),
        ("{year}_{year}", None, "appears twice"),
        ("{year}_{bad-name}", None, "a field is written"),
        (None, "{country}_*", "needs {group}"),
        ("{country}{year}", None, "put a separator"),
        ("*{year}", None, "put a separator"),
        ("*_*_*_{year}", None, "at most 2 *"),
        (None, "  ", "empty field name"),
    ],
)
def test_bad_patterns_say_what_is_wrong(
    date_from: str | None, group_by: str | None, message: str
) -> None:
    with pytest.raises(UsageError, match=message.replace("{", r"\{").replace("}", r"\}")):
        Dating.parse(date_from, group_by)


def test_a_long_hostile_name_is_matched_quickly_or_not_at_all() -> None:
    pattern = NamePattern.parse("{a}_{b}_{c}_{d}_{e}_{year}", "--date-from")
    assert pattern.fields(info("x/" + "_" * 5000 + ".md")) is None
    assert pattern.fields(info("x/" + "_" * 250 + ".md")) is None
    assert pattern.fields(info("x/" + "a_" * 5 + "1999.md")) is not None
    assert pattern.fields(info("x/" + "a_" * 100 + "1999.md")) is None  # a_ x100: too many


def test_front_matter_and_record_fields_are_kept_for_group_by(tmp_path: Path) -> None:
    write_speeches(tmp_path / "folder", 2, dated=True)
    write_speech_jsonl(tmp_path / "export.jsonl", 2)
    loaded = load_articles([str(tmp_path / "folder"), str(tmp_path / "export.jsonl")])
    assert not loaded.skipped
    for article in loaded.articles:
        fields = dict(article.info.fields)
        assert fields["speaker"] and fields["country"]
        assert "text" not in fields and "title" not in fields
        assert article.info.iso_date is not None and len(article.info.iso_date) == 10


def test_compare_json_carries_date_and_group_and_fits_the_schema(tmp_path: Path) -> None:
    ids = write_speeches(tmp_path, 3)
    result = runner.invoke(
        app,
        [
            "compare",
            str(tmp_path),
            "-q",
            "-f",
            "json",
            "--date-from",
            "{country}_{session}_{year}",
            "--group-by",
            "country",
        ],
    )
    assert result.exit_code == ExitCode.OK, result.output
    data = json.loads(result.stdout)
    jsonschema.validate(data, load_comparison_schema())
    by_id = {a["id"]: a for a in data["articles"]}
    assert set(by_id) == set(ids)
    for article_id, article in by_id.items():
        country, _, year = article_id.split("_")
        assert article["iso_date"] == year
        assert article["group"] == country
        assert article["date"] is None  # the source gave none; the name did


def test_compare_json_reads_dates_from_metadata_without_options(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(
        "---\ntitle: A\ndate: 5 March 2019\n---\nWe must keep the sanctions on Russia.\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["compare", str(tmp_path), "-q", "-f", "json"])
    article = json.loads(result.stdout)["articles"][0]
    assert (article["date"], article["iso_date"], article["group"]) == (
        "5 March 2019",
        "2019-03-05",
        None,
    )


def test_bad_date_from_is_a_usage_error(tmp_path: Path) -> None:
    write_speeches(tmp_path, 1)
    result = runner.invoke(app, ["compare", str(tmp_path), "--date-from", "{country}"])
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr.startswith("Error: --date-from '{country}': needs {year} or {date}")
