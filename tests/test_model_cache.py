"""A model read from the run cache judges as the file does, and a bad file is still refused.

`load_model` keeps the parsed model as plain data in the run cache. If a cached copy lost
a weight or an index entry, every cell would shift; if the cache hid a broken file, a user
would never hear of it.
"""

from __future__ import annotations

import gzip
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from stancecli.cache import ENV
from stancecli.errors import ModelError
from stancecli.learned.holder import holder_from_json
from stancecli.learned.model import DEFAULT_MODEL, load_model

SHIPPED = Path(str(resources.files("stancecli") / "data" / "model" / DEFAULT_MODEL))


def test_a_cached_model_is_the_model_in_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV, "")  # no cache: straight from the file
    plain = load_model(SHIPPED)
    monkeypatch.setenv(ENV, str(tmp_path))
    first = load_model(SHIPPED)  # builds the entry
    assert list(tmp_path.glob("model-*.marshal")), "the entry is written"
    second = load_model(SHIPPED)  # reads it
    for model in (first, second):
        assert model.to_json() == plain.to_json()
        assert model.weights.blocks == plain.weights.blocks
        assert model.trigger_stems == plain.trigger_stems and model.topics == plain.topics


def test_a_corrupt_cache_entry_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV, str(tmp_path))
    expected = load_model(SHIPPED).to_json()
    (entry,) = tmp_path.glob("model-*.marshal")
    entry.write_bytes(b"\x00 not marshal")
    assert load_model(SHIPPED).to_json() == expected


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"plain text, not gzip", "not a gzipped JSON model"),
        (gzip.compress(b"{not json")[:-12], "not a gzipped JSON model"),  # cut short
        (gzip.compress(b'{"format": 0}'), "not a stance model"),
    ],
)
def test_a_bad_model_file_is_refused_with_the_cache_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: bytes, says: str
) -> None:
    monkeypatch.setenv(ENV, str(tmp_path / "cache"))
    bad = tmp_path / "bad.json.gz"
    bad.write_bytes(content)
    for _ in range(2):  # and again: nothing was cached for it
        with pytest.raises(ModelError, match=says):
            load_model(bad)
    with pytest.raises(ModelError, match="no such model file"):
        load_model(tmp_path / "missing.json.gz")


@pytest.mark.parametrize(
    ("holder", "says"),
    [
        ({"weights": {"a": float("nan")}, "bias": 0.0, "cut": 0.5}, "non-finite"),
        ({"weights": {"a": float("inf")}, "bias": 0.0, "cut": 0.5}, "non-finite"),
        ({"weights": {"a": "heavy"}, "bias": 0.0, "cut": 0.5}, "malformed holder"),
        ({"weights": ["a", 1.0], "bias": 0.0, "cut": 0.5}, "malformed holder"),
        ({"weights": {"a": 1.0}, "cut": 0.5}, "malformed holder"),
    ],
)
def test_a_bad_holder_step_is_refused(holder: dict[str, Any], says: str) -> None:
    """The holder's weights are taken as they are when they are already floats: a bad
    weight must still fail at load, not turn every sentence's holder into noise."""
    with pytest.raises(ModelError, match=says):
        holder_from_json(holder, "model")


def test_holder_weights_written_as_ints_read_as_floats() -> None:
    """A hand-edited file may write 1 for 1.0: the step weighs it the same."""
    holder = holder_from_json({"weights": {"a": 1, "b": 0.5}, "bias": -1, "cut": 0.5}, "m")
    assert holder is not None
    assert holder.weights == {"a": 1.0, "b": 0.5} and holder.bias == -1.0
    assert all(type(w) is float for w in holder.weights.values())
