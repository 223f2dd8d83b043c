"""Frozen dataclasses made without compiling their methods at import (see `record`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import FrozenInstanceError, dataclass, field, fields
from operator import attrgetter
from reprlib import recursive_repr
from typing import Any, TypeVar, dataclass_transform

_T = TypeVar("_T")
set_field = object.__setattr__  # what a frozen dataclass's __init__ sets its fields with
RECORDS: list[type] = []  # every class `record` made, for tests/test_records.py


def _values(names: list[str]) -> Callable[[Any], tuple[Any, ...]]:
    """The tuple of these fields a dataclass compares and hashes, read in C."""
    if len(names) > 1:
        return attrgetter(*names)
    return lambda value: tuple(getattr(value, name) for name in names)


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
def record(cls: type[_T]) -> type[_T]:
    """`@dataclass(frozen=True)` as it behaves, without compiling its methods at import.

    dataclasses writes each class's six methods as source text and compiles them, about
    0.6 ms a class: 14 ms for the two dozen a cold compare imports, a third of what
    stancecli's own modules take to import. Each class writes out its `__init__` (the one
    `dataclass` would make, with `set_field`: tests/test_records.py holds every record to
    it); the others are made here, from the fields, with no compiling.
    """
    cls = dataclass(init=False, repr=False, eq=False)(cls)
    names = tuple(f.name for f in fields(cls))  # type: ignore[arg-type]
    compared = [f.name for f in fields(cls) if f.compare]  # type: ignore[arg-type]
    values = _values(compared)

    def __eq__(self: Any, other: object) -> Any:
        if other.__class__ is self.__class__:
            return values(self) == values(other)
        return NotImplemented

    def __hash__(self: Any) -> int:
        return hash(values(self))

    @recursive_repr()
    def __repr__(self: Any) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in names)
        return f"{self.__class__.__qualname__}({shown})"

    def __setattr__(self: Any, name: str, value: object) -> None:
        if type(self) is cls or name in names:
            raise FrozenInstanceError(f"cannot assign to field {name!r}")
        super(cls, self).__setattr__(name, value)

    def __delattr__(self: Any, name: str) -> None:
        if type(self) is cls or name in names:
            raise FrozenInstanceError(f"cannot delete field {name!r}")
        super(cls, self).__delattr__(name)

    for method in (__eq__, __hash__, __repr__, __setattr__, __delattr__):
        method.__qualname__ = f"{cls.__qualname__}.{method.__name__}"
        setattr(cls, method.__name__, method)
    # What `dataclass(frozen=True)` records, so a frozen dataclass may inherit from it
    # (`io.units.Found` does): the parameters' own fields, whatever the Python version.
    params = cls.__dataclass_params__  # type: ignore[attr-defined]
    kept = {name: getattr(params, name) for name in type(params).__slots__}
    kept.update(init=True, repr=True, eq=True, frozen=True)
    cls.__dataclass_params__ = type(params)(**kept)  # type: ignore[attr-defined]
    RECORDS.append(cls)
    return cls
