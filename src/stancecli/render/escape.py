"""Article text is untrusted: what it may not do to a terminal or a spreadsheet.

A scraped page can hold terminal escape sequences (set the window title, clear the screen,
plant an OSC 8 hyperlink, forge lines with cursor moves) and cells a spreadsheet runs as
formulas (`=HYPERLINK(...)`). Two layers keep them inert:

- `terminal_safe` removes whole escape sequences and shows any other control character as
  U+FFFD, so the text a renderer measures is the text printed. Renderers apply it to every
  article-derived string (titles, evidence, actor names) through `formats.one_line`.
- `SafeConsole` drops any control character left in the text it prints, whoever built the
  renderable: a file name in a warning, a topic label, a renderer that forgot. Rich's own
  colour codes are added after that, from styles, and so pass.

JSON is exact on purpose (escaping is its consumer's job); CSV cells are neutralised by
`spreadsheet_safe` unless the user asks for the raw bytes (`--csv-raw`).

The string functions live here, with no Rich in them, so the plain-text formats (and a
cold `stance compare --format json`) never import a console; `render/safe.py` holds the
console and re-exports these.
"""

from __future__ import annotations

import re

__all__ = ["FORMULA_LEADS", "spreadsheet_safe", "terminal_safe", "without_controls"]

# ECMA-48 sequences: CSI (ESC [ or U+009B, parameters, a final byte), OSC/DCS/APC/PM/SOS
# strings (up to BEL or ST, or the end of the text), then any other two-byte escape.
_ESCAPE_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -/]*[0-~]?"
)
# Every other C0 control but tab and newline, DEL and the C1 block.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SHOWN_AS = "\ufffd"

#: What a spreadsheet reads as the start of a formula (OWASP, CSV injection).
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")


def terminal_safe(text: str) -> str:
    """`text` with escape sequences removed and other control characters made visible."""
    if _CONTROL.search(text) is None:
        return text  # the common case: one C-level scan, no copy
    return _CONTROL.sub(_SHOWN_AS, _ESCAPE_SEQUENCE.sub("", text))


def spreadsheet_safe(value: str) -> str:
    """A CSV cell a spreadsheet shows as text: a leading formula character is quoted
    with an apostrophe, which spreadsheets hide and never evaluate."""
    return "'" + value if value.startswith(FORMULA_LEADS) else value


def without_controls(text: str) -> str:
    """`text` with every control character but tab and newline removed (the last guard)."""
    return _CONTROL.sub("", text)
