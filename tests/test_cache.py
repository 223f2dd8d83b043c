"""The run-to-run cache: a second run reads what the first built, and a bad entry is rebuilt."""

from __future__ import annotations

from pathlib import Path

import pytest

from stancecli import wordlist
from stancecli.cache import ENV, cached


def _counting(value: object) -> tuple[list[int], object]:
    calls: list[int] = []

    def build() -> object:
        calls.append(1)
        return value

    return calls, build


def test_a_second_run_reads_the_entry_the_first_wrote(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV, str(tmp_path))
    calls, build = _counting(frozenset({"word", "other"}))
    first = cached("t", b"key", build, lambda v: isinstance(v, frozenset))
    second = cached("t", b"key", build, lambda v: isinstance(v, frozenset))
    assert first == second == frozenset({"word", "other"})
    assert len(calls) == 1
    calls_other, build_other = _counting(frozenset({"new"}))
    assert cached("t", b"another key", build_other, lambda v: True) == frozenset({"new"})


def test_a_corrupt_or_wrong_entry_is_rebuilt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV, str(tmp_path))
    calls, build = _counting([1, 2, 3])
    cached("t", b"key", build, lambda v: v == [1, 2, 3])
    (entry,) = tmp_path.glob("t-*.marshal")
    entry.write_bytes(b"\x00garbage")
    assert cached("t", b"key", build, lambda v: v == [1, 2, 3]) == [1, 2, 3]
    assert len(calls) == 2
    # a readable entry that fails the check (another layout) is not trusted either
    cached("u", b"key", lambda: {"a": 1}, lambda v: True)
    assert cached("u", b"key", lambda: [9], lambda v: isinstance(v, list)) == [9]


def test_an_empty_setting_turns_the_cache_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV, "")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    calls, build = _counting((1,))
    cached("t", b"key", build, lambda v: True)
    cached("t", b"key", build, lambda v: True)
    assert len(calls) == 2
    assert list(tmp_path.iterdir()) == []


def test_an_unwritable_cache_directory_still_answers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a file"
    blocker.write_text("not a directory")
    monkeypatch.setenv(ENV, str(blocker / "cache"))
    assert cached("t", b"key", lambda: (1, 2), lambda v: True) == (1, 2)


def test_the_cached_word_list_is_the_one_built_from_pyspellchecker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV, str(tmp_path))
    wordlist._common_words.cache_clear()
    try:
        built = wordlist._common_words()  # writes the entry
        wordlist._common_words.cache_clear()
        read = wordlist._common_words()  # reads it
        assert list(tmp_path.glob("common-words-*.marshal"))
    finally:
        wordlist._common_words.cache_clear()
    assert read == built
    assert "confession" in read and "sanctons" not in read


def test_the_cache_keeps_a_bounded_number_of_entries_per_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each new model file or pack writes a new entry; the folder must not grow forever."""
    import os

    from stancecli.cache import KEEP_PER_NAME

    monkeypatch.setenv(ENV, str(tmp_path))
    cached("t-rows", b"other kind", lambda: [0], lambda v: True)
    stamped: set[Path] = set()
    for n in range(KEEP_PER_NAME + 4):
        cached("t", f"key {n}".encode(), lambda n=n: [n], lambda v: True)  # type: ignore[misc]
        for entry in set(tmp_path.glob("t-*.marshal")) - stamped:
            os.utime(entry, ns=(n + 1, n + 1))  # written in this order, whatever the clock
            stamped.add(entry)
    names = list(tmp_path.glob("t-*.marshal"))
    assert len([p for p in names if not p.name.startswith("t-rows-")]) == KEEP_PER_NAME
    assert len(list(tmp_path.glob("t-rows-*.marshal"))) == 1  # another name is left alone
    # the newest entry is still read, not rebuilt
    calls, build = _counting([-1])
    last = KEEP_PER_NAME + 3
    assert cached("t", f"key {last}".encode(), build, lambda v: True) == [last]
    assert calls == []
