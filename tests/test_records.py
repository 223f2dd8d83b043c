"""The frozen records behave as the frozen dataclasses they were declared as.

`stancecli.record` builds them without the methods `@dataclass(frozen=True)` compiles at
import, each writing its own `__init__`. A field left out of an `__init__`, a default that
drifted from the field's, or a hash of other values would change what a stage hands on,
what a set or dict of them holds, or what a cell reads in JSON, without an error anywhere.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import pkgutil
from typing import Any

import pytest

import stancecli
from stancecli.record import RECORDS

_SKIPPED = ("stancecli.__main__", "stancecli.distributed", "stancecli.train")
for _module in pkgutil.walk_packages(stancecli.__path__, "stancecli."):
    if not _module.name.startswith(_SKIPPED):
        importlib.import_module(_module.name)  # every record, wherever it is declared


def twin(cls: type) -> type:
    """The class as `@dataclass(frozen=True)` makes it, from the same fields."""
    namespace: dict[str, Any] = {
        "__annotations__": dict(cls.__annotations__),
        "__module__": cls.__module__,
        "__qualname__": cls.__qualname__,
    }
    for f in dataclasses.fields(cls):
        if f.default is not dataclasses.MISSING:
            namespace[f.name] = dataclasses.field(default=f.default, compare=f.compare)
    return dataclasses.dataclass(frozen=True)(type(cls.__name__, (), namespace))


def sample(cls: type, mark: str) -> dict[str, Any]:
    """A value per field, each its own (a tuple, so every one hashes)."""
    return {f.name: (mark, f.name) for f in dataclasses.fields(cls)}


def test_the_records_are_the_ones_made_that_way() -> None:
    assert len(RECORDS) == 24
    assert all(vars(cls)["__init__"].__module__ == cls.__module__ for cls in RECORDS)


@pytest.mark.parametrize("cls", RECORDS, ids=lambda c: c.__name__)
def test_a_record_is_built_as_its_dataclass_is(cls: type) -> None:
    reference = twin(cls)
    # The parameters, their defaults and annotations (its `-> None` is the one string).
    parameters = inspect.signature(cls.__init__).parameters
    assert parameters == inspect.signature(reference.__init__).parameters
    assert [(f.name, f.default, f.compare) for f in dataclasses.fields(cls)] == [
        (f.name, f.default, f.compare) for f in dataclasses.fields(reference)
    ]
    assert cls.__match_args__ == reference.__match_args__  # type: ignore[attr-defined]
    values = sample(cls, "a")
    record, expected = cls(**values), reference(**values)
    assert repr(record) == repr(expected)
    assert hash(record) == hash(expected)
    assert vars(record) == vars(expected)
    # Positionally too, and with every default left out.
    assert vars(cls(*values.values())) == vars(record)
    required = {
        f.name: values[f.name] for f in dataclasses.fields(cls) if f.default is dataclasses.MISSING
    }
    assert vars(cls(**required)) == vars(reference(**required))


@pytest.mark.parametrize("cls", RECORDS, ids=lambda c: c.__name__)
def test_a_record_compares_and_hashes_as_its_dataclass_does(cls: type) -> None:
    reference = twin(cls)
    values = sample(cls, "a")
    record = cls(**values)
    assert record == cls(**values) and hash(record) == hash(cls(**values))
    assert record != reference(**values), "another class is never equal"
    for f in dataclasses.fields(cls):
        other = dataclasses.replace(record, **{f.name: ("b", f.name)})
        assert type(other) is cls
        assert (other == record) == (not f.compare)
        expected = reference(**{**values, f.name: ("b", f.name)})
        assert hash(other) == hash(expected)
    assert len({record, cls(**values)}) == 1


@pytest.mark.parametrize("cls", RECORDS, ids=lambda c: c.__name__)
def test_a_record_is_frozen_as_its_dataclass_is(cls: type) -> None:
    reference = twin(cls)
    values = sample(cls, "a")
    frozen = dataclasses.FrozenInstanceError
    for target in (cls(**values), reference(**values)):
        name = dataclasses.fields(cls)[0].name
        with pytest.raises(frozen, match=f"cannot assign to field '{name}'"):
            setattr(target, name, 1)
        with pytest.raises(frozen, match="cannot assign to field 'new'"):
            target.new = 1
        with pytest.raises(frozen, match=f"cannot delete field '{name}'"):
            delattr(target, name)
    record = cls(**values)
    assert dataclasses.asdict(record) == dataclasses.asdict(reference(**values))


@pytest.mark.parametrize("cls", RECORDS, ids=lambda c: c.__name__)
def test_a_frozen_dataclass_may_extend_a_record(cls: type) -> None:
    """As `io.units.Found` extends `Article`: its own fields after the record's."""
    assert repr(cls.__dataclass_params__) == repr(twin(cls).__dataclass_params__)  # type: ignore[attr-defined]
    extended = dataclasses.dataclass(frozen=True)(
        type("Extended", (cls,), {"__annotations__": {"extra": "int"}, "extra": 0})
    )
    values = sample(cls, "a")
    record = extended(**values, extra=1)
    assert [f.name for f in dataclasses.fields(record)] == [*values, "extra"]
    assert record == extended(**values, extra=1) != extended(**values, extra=2)
    assert record != cls(**values)
    with pytest.raises(dataclasses.FrozenInstanceError):
        record.extra = 2
