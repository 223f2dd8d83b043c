"""A second run of the same few articles takes their analyses from the run cache, and says
exactly what the first said; any change to an input, or a damaged entry, is read afresh."""

from __future__ import annotations

import json
import marshal
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import stancecli.pipeline
from conftest import KEEP_TEXT, LIFT_TEXT
from stancecli import analysis_cache as ac
from stancecli.cache import ENV
from stancecli.cli import app
from stancecli.learned.model import default_model
from stancecli.models import Article, ArticleInfo, Stance, TopicStance
from stancecli.pipeline import EXPLAINED, ArticleAnalysis, Engine
from stancecli.plain import PlainError, decoder, to_plain
from stancecli.topics import default_pack

runner = CliRunner()

#: Names the sanctions and a second topic, so judgements, mentions and evidence are many.
MIXED_TEXT = (
    "The sanctions must stay until Russia withdraws. NATO enlargement was a mistake, "
    "said the minister, but the Minsk agreements could still be revived.\n"
)


def _compare(*args: str | Path) -> str:
    result = runner.invoke(app, ["compare", "--format", "json", *map(str, args)])
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture
def folder(article_dir: Path) -> Path:
    """conftest's two articles and one that names several topics."""
    (article_dir / "mixed.txt").write_text(f"Mixed\n\n{MIXED_TEXT}", encoding="utf-8")
    return article_dir


def _entries(cache: Path) -> list[Path]:
    return sorted(cache.glob(f"{ac.NAME}-*.marshal"))


def _no_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    """From here on, analysing an article fails: only the cache can answer."""

    class Refused:
        def __init__(self, *args: object, **kwargs: object) -> None:
            raise AssertionError("an article was analysed again")

    monkeypatch.setattr(stancecli.pipeline, "Engine", Refused)


def _uncached(monkeypatch: pytest.MonkeyPatch, *args: str | Path) -> str:
    with monkeypatch.context() as m:
        m.setenv(ENV, "")
        return _compare(*args)


def test_a_second_run_answers_from_the_cache_byte_for_byte(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv(ENV, str(cache))
    first = _compare(folder)
    assert len(_entries(cache)) == len(list(folder.iterdir()))  # one per article
    _no_engine(monkeypatch)
    assert _compare(folder) == first


def test_the_cache_off_or_unwritable_gives_the_same_answer(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    off = _uncached(monkeypatch, folder)
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(ENV, str(blocker / "cache"))  # cannot be made, let alone written
    assert _compare(folder) == off
    cache = tmp_path / "cache"
    monkeypatch.setenv(ENV, str(cache))
    _compare(folder)
    cache.chmod(0o555)  # read-only from here (root still writes: the answer is what counts)
    try:
        (folder / "keep.md").write_text(f"---\ntitle: Keep\n---\n{LIFT_TEXT}", encoding="utf-8")
        assert _compare(folder) == _uncached(monkeypatch, folder)
    finally:
        cache.chmod(0o755)


def test_an_edited_article_is_read_again_and_the_other_is_not(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV, str(tmp_path / "cache"))
    before = json.loads(_compare(folder))
    (folder / "keep.md").write_text(f"---\ntitle: Keep\n---\n{LIFT_TEXT}", encoding="utf-8")
    after = _compare(folder)
    assert after == _uncached(monkeypatch, folder)
    keep_before = [c for c in before["cells"] if c["article"] == "keep"]
    keep_after = [c for c in json.loads(after)["cells"] if c["article"] == "keep"]
    assert keep_after != keep_before  # the edit shows, not the kept answer
    # only a change to the text or what is known of it counts: a retitled article too
    (folder / "keep.md").write_text(f"---\ntitle: Other\n---\n{LIFT_TEXT}", encoding="utf-8")
    retitled = json.loads(_compare(folder))
    assert retitled["articles"][0]["title"] == "Other"
    assert _compare(folder) == _uncached(monkeypatch, folder)


def test_other_settings_are_other_entries(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv(ENV, str(cache))
    for args in (["--evidence", "1"], ["--threshold", "70"], ["--with-actors"]):
        assert _compare(*args, folder) == _uncached(monkeypatch, *args, folder)
    assert len(_entries(cache)) == 3 * len(list(folder.iterdir()))


@pytest.mark.parametrize(
    "damage",
    [
        b"\x00garbage",
        b"",
        marshal.dumps((1, 2, 3)),
        marshal.dumps(None),
        "swap",  # another article's sound entry
        "stance",  # a stance that is not a word of Stance
        "short",  # a cell cut short
    ],
)
def test_a_damaged_entry_is_read_afresh_not_trusted(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: bytes | str
) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv(ENV, str(cache))
    first = _compare(folder)
    entries = _entries(cache)
    values = [marshal.loads(p.read_bytes()) for p in entries]
    for path, value in zip(entries, values, strict=True):
        if damage == "swap":
            bad = values[1 - entries.index(path)]
        elif damage == "stance":
            bad = _with_cell(value, lambda cell: (*cell[:2], "sideways", *cell[3:]))
        elif damage == "short":
            bad = _with_cell(value, lambda cell: cell[:-1])
        else:
            assert isinstance(damage, bytes)
            path.write_bytes(damage)
            continue
        path.write_bytes(marshal.dumps(bad))
    assert _compare(folder) == first


def _with_cell(value: Any, change: Any) -> Any:
    info, cells, *rest = value
    return (info, (change(cells[0]), *cells[1:]), *rest)


def test_a_large_run_keeps_nothing(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv(ENV, str(cache))
    monkeypatch.setattr(ac, "MOST_ARTICLES", 1)
    first = _compare(folder)
    assert _entries(cache) == []
    assert _compare(folder / "keep.md") and len(_entries(cache)) == 1
    assert _compare(folder) == first  # the kept one is used, the other read


def test_workers_give_the_same_answer(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV, str(tmp_path / "cache"))
    one = _compare(folder)
    assert _compare("--jobs", "2", folder) == one
    assert _compare(folder) == one


def test_an_analysis_survives_its_plain_form() -> None:
    engine = Engine()
    texts = [MIXED_TEXT, KEEP_TEXT, LIFT_TEXT, "Nothing here.\n"]
    infos = [ArticleInfo(f"a{i}", "t", "p", date="2020", fields=(("k", "v"),)) for i in range(4)]
    analyses = [
        engine.analyze(Article(info, text)) for info, text in zip(infos, texts, strict=True)
    ]
    for analysis in analyses:
        again = decoder(ArticleAnalysis)(to_plain(analysis))
        assert again == analysis
        assert repr(again) == repr(analysis)  # the same types all through (int, float...)
    # every kind of value was round-tripped, not only empty tuples
    assert analyses[0].judgements and analyses[0].mentions
    assert any(cell.evidence and cell.evidence[0].reasons for cell in analyses[0].cells)


@pytest.mark.parametrize(
    "plain",
    [
        ("a", "t", 1.0),
        ("a", "t", "pro", 0.5, 0.5, 1, (), False, "extra"),
        ("a", "t", "pro", 0.5, 0.5, "1", (), False),
        ("a", "t", "pro", 0.5, 0.5, 1, [], False),
        ("a", "t", "pro", True, 0.5, 1, (), False),
        ("a", "t", "pro", 0.5, 0.5, 1, ((1, 2, 3),), False),
        ["a", "t", "pro", 0.5, 0.5, 1, (), False],
    ],
)
def test_plain_data_of_another_shape_is_refused(plain: Any) -> None:
    with pytest.raises(PlainError):
        decoder(TopicStance)(plain)
    good = ("a", "t", "pro", 0.5, 0.5, 1, (), False)
    assert decoder(TopicStance)(good) == TopicStance("a", "t", Stance.PRO, 0.5, 0.5, 1)


def test_a_model_not_read_from_a_file_keeps_nothing() -> None:
    from dataclasses import replace

    settings: dict[str, Any] = {
        "threshold": 85.0,
        "evidence": 3,
        "explain": EXPLAINED,
        "keep_judgements": False,
    }
    shipped = default_model()
    assert ac.analysis_cache(default_pack(), model=shipped, **settings) is not None
    changed = replace(shipped, absent_cut=0.9)  # another model, with no file behind it
    assert ac.analysis_cache(default_pack(), model=changed, **settings) is None


def test_a_model_file_replaced_mid_run_keeps_nothing(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The run was keyed by one model file and analysed with another: nothing is kept."""
    cache = tmp_path / "cache"
    monkeypatch.setenv(ENV, str(cache))
    monkeypatch.setattr(ac, "default_model_key", lambda: b"the file before")
    assert _compare(folder) == _uncached(monkeypatch, folder)
    assert _entries(cache) == []
