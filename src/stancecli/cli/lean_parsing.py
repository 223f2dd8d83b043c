"""Option values that need no more than a type check are coerced without pydantic.

Typer (0.2x) coerces every parameter through a pydantic TypeAdapter that it builds while
parsing, and importing what those adapters need cost a cold `stance compare` more than
importing typer, rich and rapidfuzz together (bench/startup.py). Most values need none of
it: a default (already of its type), a plain string, a list of strings, an Enum's name, a
decimal integer or number inside the option's bounds, a path. Those are answered here the
way the adapter answers them (`tests/test_lean_parsing.py` holds the two to the same
values). Any other value, and any value this path refuses or fails on, goes to the very
adapter Typer would have used, so every error message and every odd case stay Typer's.

A Typer without this coercion layer (older or newer) is left as it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any, get_args, get_origin

from typer import core

try:
    from typer._click import Context
    from typer._coercion import RuntimeParam, TypeDescriptor
    from typer._param_types import coerce_cli_choice, coerce_cli_path
except ImportError:  # pragma: no cover - a Typer that parses with Click types
    SUPPORTED = False
else:
    SUPPORTED = hasattr(core, "build_runtime_param")

# What the adapters read the same way Python does: no sign, exponent, underscore, space
# or leading zero, and short enough for int() and float() to be exact and cheap.
_INTEGER = re.compile(r"[1-9][0-9]{0,17}|0")
_DECIMAL = re.compile(r"[0-9]{1,15}(?:\.[0-9]{1,15})?")


class Refused(Exception):
    """This value is the adapter's to coerce (and, when it is wrong, to word the error)."""


def lean_value(descriptor: TypeDescriptor, value: Any, param: Any, ctx: Context | None) -> Any:
    """The value Typer's adapter would give for `value`, or Refused.

    The checks follow the adapter's own order (typer._adapters.build_leaf_adapter).
    """
    annotation = descriptor.annotation
    info = descriptor.parameter_info
    if info.parser is not None or descriptor.file_annotation is not None:
        raise Refused
    if get_origin(annotation) is list:  # type: ignore[comparison-overlap]
        (item,) = get_args(annotation)
        if item is str and isinstance(value, list | tuple):
            if all(type(v) is str for v in value):
                return list(value)
        raise Refused
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return coerce_cli_choice(
            value, choices=list(annotation), case_sensitive=info.case_sensitive, ctx=ctx
        )
    if annotation is int or annotation is float:
        return _number(annotation, value, info.min, info.max, clamp=bool(info.clamp))
    if annotation is bool or annotation is str:
        if type(value) is annotation:
            return value
        raise Refused
    if annotation is Path and info.path_type is None:
        if type(value) is str and value and "\0" not in value:
            value = Path(value)
        if isinstance(value, Path):
            return coerce_cli_path(value, info, path_type=Path, param=param, ctx=ctx)
    raise Refused


def _number(kind: type, value: Any, low: Any, high: Any, *, clamp: bool) -> Any:
    if clamp:
        raise Refused
    if type(value) is kind:
        number = value
    elif type(value) is str and (_INTEGER if kind is int else _DECIMAL).fullmatch(value):
        number = kind(value)
    else:
        raise Refused
    if (low is not None and not number >= low) or (high is not None and not number <= high):
        raise Refused  # out of bounds: the adapter words the error
    return number


if SUPPORTED:

    @dataclass(frozen=True)
    class LeanRuntimeParam(RuntimeParam):
        """A parameter's coercion: `lean_value` first, Typer's own adapter otherwise."""

        descriptor: TypeDescriptor
        build: Callable[[TypeDescriptor], RuntimeParam]
        _adapter: list[RuntimeParam] = field(default_factory=list, compare=False)

        def _coerce_value(self, value: Any, param: Any, ctx: Context) -> Any:
            try:
                return lean_value(self.descriptor, value, param, ctx)
            except Exception:  # refused, or wrong: the adapter answers, in its own words
                pass
            if not self._adapter:
                self._adapter.append(self.build(self.descriptor))
            return self._adapter[0]._coerce_value(value, param=param, ctx=ctx)


def install() -> bool:
    """Route Typer's parameter coercion through `LeanRuntimeParam`; False if unsupported."""
    if not SUPPORTED:
        return False
    build = core.build_runtime_param  # type: ignore[attr-defined]
    if getattr(build, "lean", False):
        return True

    def lean_build(descriptor: TypeDescriptor) -> RuntimeParam:
        if descriptor.file_annotation is not None:
            return build(descriptor)
        return LeanRuntimeParam(
            parameter_info=descriptor.parameter_info,
            annotation=descriptor.annotation,
            descriptor=descriptor,
            build=build,
        )

    lean_build.lean = True  # type: ignore[attr-defined]
    core.build_runtime_param = lean_build  # type: ignore[attr-defined]
    return True
