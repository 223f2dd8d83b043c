"""Which encoding a file's bytes are in, and whether they are text at all.

A byte-order mark decides first; then strict UTF-8, which nearly every file today is and
which costs one C-level pass. Only bytes that are not UTF-8 go to charset-normalizer, a
maintained detector, rather than hand rules: Windows tools write UTF-16 without a BOM, and
older exports are Windows-1252 or Latin-1. The detector is held to the encodings a reader
of English-language policy text meets (`CANDIDATES`), because on mostly-ASCII text with a
few accented letters an unrestricted guess can land on a Japanese, Cyrillic or Central
European code page and garble the very words a topic is found by (and such a code page
reads nearly any bytes, so a broken file would pass as text).

Whatever decodes must still look like text: a binary format that happens to decode
(Windows-1252 maps almost every byte) is refused by its share of control characters.
"""

from __future__ import annotations

import codecs
import re
from typing import NamedTuple

__all__ = ["BINARY", "CANDIDATES", "UNDECODABLE", "Decoded", "NotText", "decode_text"]

BINARY = "binary file"
UNDECODABLE = "not text in an encoding stance reads (UTF-8, UTF-16, UTF-32, Windows-1252)"
#: What the detector may choose from, besides UTF-8 (tried first) and BOM-marked text.
CANDIDATES = (
    "utf_16_le",
    "utf_16_be",
    "utf_32_le",
    "utf_32_be",
    "cp1252",
    "latin_1",
)
SNIFF_CHARS = 8192  # the head whose control characters decide "binary"
_CONTROL_SHARE = 0.01  # more control characters than this in the head: binary
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v\x1b")
_C1 = re.compile(r"[\x80-\x9f]")
_SPACE = re.compile(r"\s")
_SPACE_SHARE = 0.05  # English prose is about one character in six
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE, whose BOM it starts with
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class Decoded(NamedTuple):
    text: str
    encoding: str  # Python's codec name, for `--debug`


class NotText(Exception):
    """Bytes that are not text; `reason` is what the user is shown."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def decode_text(data: bytes) -> Decoded:
    """The text of `data` and the encoding it was read in; NotText when it is none."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(_text_not_binary(data.decode(encoding)), encoding)
            except UnicodeDecodeError:
                raise NotText(UNDECODABLE) from None
    if b"\x00" not in data:  # UTF-16/32 hold NULs; no other text does
        try:
            return Decoded(_text_not_binary(data.decode("utf-8")), "utf-8")
        except UnicodeDecodeError:
            pass
    from charset_normalizer import from_bytes  # only for text that is not UTF-8

    best = from_bytes(data, cp_isolation=list(CANDIDATES)).best()
    if best is None:
        if b"\x00" in data:
            raise NotText(BINARY)
        try:  # the detector declined a short or odd text; strict Windows-1252 still may
            return Decoded(_text_not_binary(data.decode("cp1252")), "cp1252")
        except UnicodeDecodeError:
            raise NotText(UNDECODABLE) from None
    text = str(best)
    head = text[:SNIFF_CHARS]
    if _C1.search(head):
        raise NotText(UNDECODABLE)  # Latin-1 read C1 controls: no 8-bit text has them
    if best.encoding.startswith("utf_") and len(_SPACE.findall(head)) < len(head) * _SPACE_SHARE:
        # Any run of bytes is "UTF-16" to a detector; prose in it has spaces.
        raise NotText(BINARY if b"\x00" in data else UNDECODABLE)
    return Decoded(_text_not_binary(text), best.encoding)


def _text_not_binary(text: str) -> str:
    if "\x00" in text:
        raise NotText(BINARY)
    head = text[:SNIFF_CHARS]
    controls = sum(1 for ch in head if ch < " " and ch not in _ALLOWED_CONTROLS)
    if "\x00" in head or controls > max(1, len(head) * _CONTROL_SHARE):
        raise NotText(BINARY)
    return text
