"""Is a word a real English word? The guard that tells a typo from a different word.

Edit distance alone cannot tell "sanctons" (a misspelt keyword) from "confession" (a real
word one letter from "concession"). pyspellchecker ships a word-frequency list built from
a large English corpus; a word that is common in it is a word, not a typo. It is loaded on
first use only, because most runs never meet a fuzzy candidate.
"""

from __future__ import annotations

import json
import os
from functools import cache

from stancecli.cache import cached, new_digest

COMMON = 100  # occurrences in the frequency list that make a word a real word


def words_file() -> str | None:
    """Where pyspellchecker's English list is, found without importing pyspellchecker
    (2.7 ms of a cold start, for a path the matcher's cache key only stats)."""
    from importlib.util import find_spec

    spec = find_spec("spellchecker")
    folders = spec.submodule_search_locations if spec is not None else None
    if not folders:
        return None
    return os.path.join(next(iter(folders)), "resources", "en.json.gz")


@cache
def _common_words() -> frozenset[str]:
    """The common words of pyspellchecker's English list. Parsing its 1.5 MB of JSON costs
    a tenth of a second, most of a cold `stance compare`, so the derived set is cached,
    keyed by the list's bytes (a new pyspellchecker is a new entry)."""
    data = _list_bytes()
    if data is None:
        return _common(_frequencies(None))
    key = new_digest(data).digest() + str(COMMON).encode()
    return cached("common-words", key, lambda: _common(_frequencies(data)), _is_word_set)


def word_frequencies() -> dict[str, int]:
    """Every word of the English list with its count (for training: the word classes)."""
    return _frequencies(_list_bytes())


def _list_bytes() -> bytes | None:
    try:
        from importlib import resources  # only to rebuild the entry

        return (resources.files("spellchecker") / "resources" / "en.json.gz").read_bytes()
    except (OSError, ModuleNotFoundError):
        return None


def _frequencies(data: bytes | None) -> dict[str, int]:
    """Read straight from the data file (0.1 s), else through SpellChecker (0.2 s)."""
    if data is not None:
        import gzip  # only when the run cache has no entry

        try:
            frequencies: dict[str, int] = json.loads(gzip.decompress(data))
            return frequencies
        except (OSError, ValueError):
            pass
    from spellchecker import SpellChecker

    return dict(SpellChecker(language="en", distance=1).word_frequency.dictionary)


def _common(frequencies: dict[str, int]) -> frozenset[str]:
    return frozenset(word for word, count in frequencies.items() if count >= COMMON)


def _is_word_set(value: object) -> bool:
    """A frozenset will do: a member that is not a string can never equal a word looked up,
    and checking each of the 47,000 took longer than reading the entry."""
    return isinstance(value, frozenset)


def is_english_word(word: str) -> bool:
    """True for a common English word (folded, lower-case)."""
    return word in _common_words()
