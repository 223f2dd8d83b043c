"""A topic pack read through the run cache is the pack its file says, every time.

A cold start takes the validated pack from the run cache. An entry that outlived an edit
of the pack would hide the edit; a damaged one must be rebuilt from the file, not used
half; a pack with problems must report them on every run, not once.
"""

from __future__ import annotations

import marshal
from pathlib import Path

import pytest

from stancecli.cache import ENV
from stancecli.errors import TopicPackError
from stancecli.topics import default_pack, load_pack

DATA = Path(__file__).resolve().parent / "data"
CONGESTION = DATA / "packs" / "congestion.toml"
EXTENDING = 'extends = "default"\n\n[[topic]]\nid = "sanctions"\nlabel = "Penalties"\n'


def uncached(monkeypatch: pytest.MonkeyPatch, path: Path | None) -> object:
    monkeypatch.setenv(ENV, "")
    pack = load_pack(path)
    return pack


@pytest.mark.parametrize("name", ["default", "user", "extending"])
def test_a_cached_pack_equals_the_parsed_one(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = {"default": None, "user": CONGESTION, "extending": tmp_path / "mine.toml"}[name]
    (tmp_path / "mine.toml").write_text(EXTENDING, encoding="utf-8")
    expected = uncached(monkeypatch, path)
    cache = tmp_path / "cache"
    monkeypatch.setenv(ENV, str(cache))
    assert load_pack(path) == expected  # parsed, and written for the next run
    assert len(list(cache.glob("pack-*.marshal"))) == 1
    assert load_pack(path) == expected  # read from the entry
    if name == "extending":
        assert load_pack(path).get("sanctions").label == "Penalties"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "damage",
    [
        b"\x00 not marshal",
        marshal.dumps(("default", "", [{"id": "x"}])),
        marshal.dumps(("default", "", [{1: "a", "id": "x"}])),
        marshal.dumps(("default", 3, [])),
        marshal.dumps(["default"]),
    ],
    ids=["not marshal", "topic missing keys", "odd key", "bad description", "not a tuple"],
)
def test_a_damaged_entry_is_rebuilt(
    damage: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = uncached(monkeypatch, None)
    monkeypatch.setenv(ENV, str(tmp_path))
    default_pack()
    (entry,) = tmp_path.glob("pack-*.marshal")
    entry.write_bytes(damage)
    assert default_pack() == expected


def test_an_edited_pack_is_read_again_and_a_broken_one_fails_every_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV, str(tmp_path / "cache"))
    mine = tmp_path / "mine.toml"
    mine.write_text(EXTENDING, encoding="utf-8")
    assert load_pack(mine).get("sanctions").label == "Penalties"
    mine.write_text(EXTENDING.replace("Penalties", "Measures"), encoding="utf-8")
    assert load_pack(mine).get("sanctions").label == "Measures"
    mine.write_text(EXTENDING.replace('label = "Penalties"', "labels = 1"), encoding="utf-8")
    for _ in range(2):
        with pytest.raises(TopicPackError, match="unknown key 'labels'"):
            load_pack(mine)
