"""Frozen dataclasses as plain data and back, for entries of the run cache.

The run cache keeps only what `marshal` writes (see `stancecli.cache`), so a result kept
there is turned into tuples, strings and numbers on the way in and rebuilt on the way
out. Both directions follow the dataclasses' own fields and annotations, so a field added
to `TopicStance` or `Judgement` is kept without a list of fields to update here; and the
way back checks every value against its annotation, so an entry that was tampered with
or written by another layout is refused (`PlainError`), never half-rebuilt.
"""

from __future__ import annotations

import dataclasses
import types
from collections.abc import Callable, Hashable
from enum import StrEnum
from functools import cache
from typing import Any, TypeVar, Union, cast, get_args, get_origin, get_type_hints

T = TypeVar("T")
Decode = Callable[[Any], Any]


class PlainError(ValueError):
    """Plain data that is not the shape of the type asked for."""


def to_plain(value: Any) -> Any:
    """`value` as marshal data: a dataclass as the tuple of its fields' values (in field
    order), a tuple's items each made plain, a `StrEnum` as its string; str, int, float,
    bool and None as they are."""
    kind = type(value)
    if kind is tuple:
        return tuple(map(to_plain, value))
    if kind in _SCALARS:
        return value
    names = _field_names(cast(Hashable, kind))
    if names is not None:
        return tuple(to_plain(getattr(value, name)) for name in names)
    if isinstance(value, StrEnum):
        return str(value.value)
    raise PlainError(f"no plain form for a {kind.__name__}")


def decoder(kind: type[T]) -> Callable[[Any], T]:
    """The way back from `to_plain(x)` to `x` for a value `x` of the dataclass `kind`; the
    function it returns raises `PlainError` for data of any other shape."""
    return _decoder(cast(Hashable, kind))


_SCALARS = frozenset({str, int, float, bool, type(None)})


@cache
def _field_names(kind: Any) -> tuple[str, ...] | None:
    if not dataclasses.is_dataclass(kind):
        return None
    return tuple(f.name for f in dataclasses.fields(kind) if f.init)


@cache
def _decoder(kind: Any) -> Decode:
    """The decoder of one annotation. Built once per type: the annotations are read (and
    their strings evaluated) only the first time a type is decoded."""
    origin, args = get_origin(kind), get_args(kind)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return _tuple_of(_decoder(args[0]))
        return _fixed_tuple(tuple(map(_decoder, args)))
    if origin is Union or origin is types.UnionType:
        return _either(tuple(map(_decoder, args)))
    if kind is type(None) or kind is None:
        return _exactly(type(None))
    if kind is float:  # an int where a float is annotated is kept as it is (JSON says 0)
        return _number
    if kind in (str, int, bool):
        return _exactly(kind)
    if isinstance(kind, type) and issubclass(kind, StrEnum):
        return _member(kind)
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        return _record(kind)
    raise TypeError(f"no plain form for {kind!r}")  # a caller's mistake, not a bad entry


def _exactly(kind: type) -> Decode:
    def decode(value: Any) -> Any:
        if type(value) is not kind:
            raise PlainError(f"expected {kind.__name__}, got {type(value).__name__}")
        return value

    return decode


def _number(value: Any) -> Any:
    if type(value) is not float and type(value) is not int:
        raise PlainError(f"expected a number, got {type(value).__name__}")
    return value


def _member(kind: type[StrEnum]) -> Decode:
    def decode(value: Any) -> Any:
        if type(value) is not str:
            raise PlainError(f"expected a {kind.__name__} name, got {type(value).__name__}")
        return kind(value)  # ValueError (a PlainError's base) for a word not in it

    return decode


def _tuple_of(item: Decode) -> Decode:
    def decode(value: Any) -> Any:
        if type(value) is not tuple:
            raise PlainError(f"expected a tuple, got {type(value).__name__}")
        return tuple(map(item, value))

    return decode


def _fixed_tuple(items: tuple[Decode, ...]) -> Decode:
    def decode(value: Any) -> Any:
        if type(value) is not tuple or len(value) != len(items):
            raise PlainError(f"expected a tuple of {len(items)}")
        return tuple(item(v) for item, v in zip(items, value, strict=True))

    return decode


def _either(choices: tuple[Decode, ...]) -> Decode:
    def decode(value: Any) -> Any:
        for choice in choices:
            try:
                return choice(value)
            except ValueError:
                continue
        raise PlainError(f"{type(value).__name__} is none of the types allowed")

    return decode


def _record(kind: type) -> Decode:
    hints = get_type_hints(kind)  # evaluated in the modules that define `kind` and its bases
    names = _field_names(cast(Hashable, kind)) or ()
    fields = tuple(_decoder(hints[name]) for name in names)
    width = len(fields)

    def decode(value: Any) -> Any:
        if type(value) is not tuple or len(value) != width:
            raise PlainError(f"expected {width} fields of a {kind.__name__}")
        return kind(*[field(v) for field, v in zip(fields, value, strict=True)])

    return decode
