"""Is a word a real English word? The guard that tells a typo from a different word.

Edit distance alone cannot tell "sanctons" (a misspelt keyword) from "confession" (a real
word one letter from "concession"). pyspellchecker ships a word-frequency list built from
a large English corpus; a word that is common in it is a word, not a typo. It is loaded on
first use only, because most runs never meet a fuzzy candidate.
"""

from __future__ import annotations

import gzip
import json
from functools import cache
from importlib import resources

COMMON = 100  # occurrences in the frequency list that make a word a real word


@cache
def _common_words() -> frozenset[str]:
    """The common words of pyspellchecker's English list, read straight from its data file
    (0.1 s) rather than through its SpellChecker object (0.2 s), with the API as fallback."""
    try:
        data = (resources.files("spellchecker") / "resources" / "en.json.gz").read_bytes()
        frequencies: dict[str, int] = json.loads(gzip.decompress(data))
    except (OSError, ValueError, ModuleNotFoundError):
        from spellchecker import SpellChecker

        frequencies = dict(SpellChecker(language="en", distance=1).word_frequency.dictionary)
    return frozenset(word for word, count in frequencies.items() if count >= COMMON)


def is_english_word(word: str) -> bool:
    """True for a common English word (folded, lower-case)."""
    return word in _common_words()
