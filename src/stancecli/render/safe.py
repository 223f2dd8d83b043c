"""A console for the terminal that cannot print a control character; see render/escape.py.

Article text is untrusted. `render/escape.py` keeps escape sequences and formulas inert in
the strings renderers build; `SafeConsole` is the last guard on what reaches a terminal.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.console import Console
from rich.segment import Segment

from stancecli.render.escape import (
    FORMULA_LEADS,
    spreadsheet_safe,
    terminal_safe,
    without_controls,
)

__all__ = ["FORMULA_LEADS", "SafeConsole", "spreadsheet_safe", "terminal_safe", "without_controls"]


class SafeConsole(Console):
    """A Rich console whose printed text cannot carry a control character.

    Rich counts control characters as zero width, so dropping them here leaves its layout
    as measured. Control segments (cursor moves of a live display) are Rich's own. Markup
    and emoji codes are off by default: a title "[link=http://x]" is text, not a link.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("markup", False)
        kwargs.setdefault("emoji", False)
        super().__init__(*args, **kwargs)

    def _render_buffer(self, buffer: Iterable[Segment]) -> str:
        cleaned = (
            segment if segment.control else Segment(without_controls(segment.text), segment.style)
            for segment in buffer
        )
        return super()._render_buffer(cleaned)
