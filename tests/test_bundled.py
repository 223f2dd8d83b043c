"""Shipped files are found beside the package, and through importlib.resources without it.

`stancecli.bundled` reads data/ as a folder on disk and falls back on importlib.resources
where the package is not one (a zipped install). Both ways must give the same files.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from stancecli import bundled
from stancecli.io import loading
from stancecli.serialize import load_comparison_schema
from stancecli.topics import DEFAULT_PACK, _bundled_text


def test_the_fallback_finds_what_the_folder_holds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lexicon = bundled.data_bytes("lexicon.toml")
    with bundled.data_file("model") as folder:
        assert folder.is_dir()
    pack, schema = _bundled_text(DEFAULT_PACK), load_comparison_schema()
    corpus = loading._bundled_corpus()
    assert corpus and all(path.is_file() for path in corpus)
    assert bundled.local_data("no-such-file") is None

    monkeypatch.setattr(bundled, "_DATA", tmp_path / "not-a-folder")
    loading._bundled_corpus.cache_clear()
    try:
        assert bundled.local_data("lexicon.toml") is None
        assert bundled.data_bytes("lexicon.toml") == lexicon
        with bundled.data_file("lexicon.toml") as path:
            assert path.read_bytes() == lexicon
        assert _bundled_text(DEFAULT_PACK) == pack
        assert load_comparison_schema() == schema
        found = loading._bundled_corpus()
        assert [p.name for p in found] == [p.name for p in corpus]
        assert [p.read_bytes() for p in found] == [p.read_bytes() for p in corpus]
    finally:
        loading._bundled_corpus.cache_clear()
