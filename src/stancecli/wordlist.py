"""Is a word a real English word? The guard that tells a typo from a different word.

Edit distance alone cannot tell "sanctons" (a misspelt keyword) from "confession" (a real
word one letter from "concession"). pyspellchecker ships a word-frequency list built from
a large English corpus; a word that is common in it is a word, not a typo. It is loaded on
first use only, because most runs never meet a fuzzy candidate.
"""

from __future__ import annotations

from functools import cache

COMMON = 100  # occurrences in the frequency list that make a word a real word


@cache
def _frequencies() -> dict[str, int]:
    from spellchecker import SpellChecker  # deferred: costs ~0.2 s, needed for few words

    frequency = SpellChecker(language="en", distance=1).word_frequency
    return dict(frequency.dictionary)


def is_english_word(word: str) -> bool:
    """True for a common English word (folded, lower-case)."""
    return _frequencies().get(word, 0) >= COMMON
