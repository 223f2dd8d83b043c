"""Word classes: stems that occur in the same company, so a cue learned for one counts for all.

A linear model over words knows only the words its labels showed it. "The expansion of the
alliance" is NATO enlargement whether or not a labelled sentence said "alliance", and
"punitive measures" is a stance on sanctions as "coercive measures" is. Stems that occur
among the same neighbours in the training texts (`stancecli.train.word_classes` groups them,
from unlabelled text) get a shared name, and every word's class is a feature beside the word:
a weight learned for "embargo" then carries over to "blockade". The classes are fitted once
and travel inside the model file, so a model reads new text with the classes it was fitted
with.

A class is named by its most frequent stem ("like:sanction"), so an explanation reads as
"words like sanction". Two granularities: broad classes ("like:") and narrow ones ("close:").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

BROAD = "like:"
NARROW = "close:"
PREFIXES = (BROAD, NARROW)


class WordClasses:
    """Each stem's class names, one per granularity; a stem of no class has none."""

    __slots__ = ("_names",)

    def __init__(self, names: Mapping[str, tuple[str, ...]] | None = None) -> None:
        self._names: dict[str, tuple[str, ...]] = dict(names or {})

    def __bool__(self) -> bool:
        return bool(self._names)

    def __len__(self) -> int:
        return len(self._names)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, WordClasses) and other._names == self._names

    def __hash__(self) -> int:
        return hash(len(self._names))

    def of(self, stem: str) -> tuple[str, ...]:
        return self._names.get(stem, ())

    @classmethod
    def grouped(cls, groups: Iterable[Mapping[str, str]]) -> WordClasses:
        """From one stem -> class-name map per granularity, broad first."""
        names: dict[str, list[str]] = {}
        for prefix, group in zip(PREFIXES, groups, strict=False):
            for stem, name in group.items():
                names.setdefault(stem, []).append(prefix + name)
        return cls({stem: tuple(found) for stem, found in names.items()})

    def to_json(self) -> dict[str, list[str]]:
        return {stem: list(names) for stem, names in sorted(self._names.items())}

    @classmethod
    def from_json(cls, data: object, where: str) -> WordClasses:
        """Checked, so a damaged model fails at load and not in mid-run."""
        if data is None:
            return NO_CLASSES
        if not isinstance(data, Mapping) or not all(
            isinstance(stem, str)
            and isinstance(names, list)
            and all(isinstance(n, str) and n.startswith(PREFIXES) for n in names)
            for stem, names in data.items()
        ):
            raise ValueError(f"{where}: malformed word classes")
        return cls({stem: tuple(names) for stem, names in data.items()})


NO_CLASSES = WordClasses()
