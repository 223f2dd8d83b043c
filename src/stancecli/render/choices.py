"""`--layout`'s choices, apart from the Rich tables that use them, so parsing the option
does not import a console (the CLI declares its options before it knows the format)."""

from __future__ import annotations

from enum import StrEnum


class Layout(StrEnum):
    """`--layout` choices; AUTO picks by how many articles fit across the console."""

    AUTO = "auto"
    SIDE = "side"
    GRID = "grid"
