"""Labelled text for training and measuring: sentence labels, document labels, the texts.

One JSONL format for ours and a user's (documented in the README):

- a sentence label: `{"doc", "start", "end", "text", "labels": [{"topic", "holder", "stance"}]}`
  (`start`/`end` index the document's text when it is given, else the sentence stands alone);
- a document label: `{"doc", "labels": {topic: stance}}`;
- optionally the texts: `{"doc", "text"}` lines (plain or gzipped JSONL), or a folder of
  `DOC.txt` / `DOC.md` files (front matter removed, as `stance` reads them).

A document's `group` is what cross-validation keeps together. The model never sees it, nor
the document id: both only decide which fold a document falls in.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from stancecli.errors import GoldError
from stancecli.io.frontmatter import split_front_matter
from stancecli.judge.attribution import AUTHOR
from stancecli.learned.vocabulary import CLASSES
from stancecli.models import Sentence

STANCES = ("pro", "con", "neutral", "mixed")


@dataclass(frozen=True)
class SentenceLabel:
    """What the labellers said of one sentence on one topic."""

    topic: str
    holder: str
    stance: str


@dataclass(frozen=True)
class LabelledSentence:
    sentence: Sentence
    labels: tuple[SentenceLabel, ...]


@dataclass
class LabelledDocument:
    """A document with whatever labels it has; `text` is empty for sentence-only data."""

    doc: str
    group: str
    text: str = ""
    sentences: list[LabelledSentence] = field(default_factory=list)
    labels: dict[str, str] | None = None  # None: no document labels were given

    def author_cells(self) -> dict[str, str]:
        """Document labels, or the author's sentence labels summed up when none were given."""
        if self.labels is not None:
            return dict(self.labels)
        sides: dict[str, set[str]] = {}
        for item in self.sentences:
            for label in item.labels:
                side = label.stance if label.holder == "author" else "neutral"
                sides.setdefault(label.topic, set()).add(side)
        cells: dict[str, str] = {}
        for topic, seen in sides.items():
            polar = seen & {"pro", "con", "mixed"}
            if "mixed" in polar or polar == {"pro", "con"}:
                cells[topic] = "mixed"
            elif polar:
                cells[topic] = next(iter(polar))
            else:
                cells[topic] = "neutral"
        return cells


def _lines(path: Path) -> Iterator[tuple[int, dict[str, object]]]:
    opener: Callable[..., IO[str]] = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rt", encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise GoldError(f"{path}:{number}: not JSON ({exc.msg})") from None
                if not isinstance(record, dict) or not isinstance(record.get("doc"), str):
                    raise GoldError(f"{path}:{number}: a label line needs a string 'doc'")
                yield number, record
    except OSError as exc:
        raise GoldError(f"{path}: cannot read ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise GoldError(f"{path}: not UTF-8") from None


def _sentence_labels(raw: object, where: str) -> tuple[SentenceLabel, ...]:
    if not isinstance(raw, list):
        raise GoldError(f"{where}: 'labels' must be a list of {{topic, holder, stance}}")
    labels: list[SentenceLabel] = []
    for item in raw:
        if not isinstance(item, dict):
            raise GoldError(f"{where}: a label must be an object")
        topic, stance = item.get("topic"), item.get("stance")
        holder = item.get("holder", "author")
        if not isinstance(topic, str) or not isinstance(holder, str) or stance not in STANCES:
            raise GoldError(f"{where}: a label needs a topic, a holder and a stance in {STANCES}")
        labels.append(SentenceLabel(topic, holder, str(stance)))
    return tuple(labels)


def read_labels(
    paths: Iterable[Path],
    *,
    texts: Mapping[str, str] | None = None,
    group_of: Callable[[str], str] = lambda doc: doc,
) -> list[LabelledDocument]:
    """Documents from label files (sentence lines, document lines or both), in file order."""
    docs: dict[str, LabelledDocument] = {}
    for path in paths:
        for number, record in _lines(path):
            where = f"{path}:{number}"
            name = str(record["doc"])
            doc = docs.get(name)
            if doc is None:
                doc = docs[name] = LabelledDocument(name, group_of(name))
                if texts is not None and name in texts:
                    doc.text = texts[name]
            if "labels" not in record and isinstance(text := record.get("text"), str):
                doc.text = text  # a text line
            elif isinstance(labels := record.get("labels"), dict):
                doc.labels = _document_labels(labels, where)
            elif "labels" in record:
                doc.sentences.append(_sentence(record, where, doc))
            else:
                raise GoldError(f"{where}: a line needs 'labels' (or a document's 'text')")
    for doc in docs.values():
        _place_sentences(doc)
    return list(docs.values())


def _document_labels(raw: Mapping[str, object], where: str) -> dict[str, str]:
    labels: dict[str, str] = {}
    for topic, stance in raw.items():
        if stance not in STANCES:
            raise GoldError(f"{where}: topic {topic!r}: stance must be one of {STANCES}")
        labels[str(topic)] = str(stance)
    return labels


def _sentence(record: Mapping[str, object], where: str, doc: LabelledDocument) -> LabelledSentence:
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise GoldError(f"{where}: a sentence label needs its 'text'")
    start, end = record.get("start"), record.get("end")
    if not isinstance(start, int) or not isinstance(end, int) or not 0 <= start <= end:
        start, end = -1, -1  # placed later, after the text if any is known
    labels = _sentence_labels(record["labels"], where)
    return LabelledSentence(Sentence(len(doc.sentences), start, end, text), labels)


def _place_sentences(doc: LabelledDocument) -> None:
    """Offsets must slice the text; a sentence that does not is read standalone instead.

    Sentence-only data has no text: its sentences are joined into one, each keeping its
    own span, so the reader sees them in order as it would in an article.
    """
    if doc.text and all(
        doc.text[s.sentence.start : s.sentence.end] == s.sentence.text for s in doc.sentences
    ):
        doc.sentences.sort(key=lambda s: s.sentence.start)
        return
    pieces: list[str] = []
    placed: list[LabelledSentence] = []
    offset = 0
    for index, item in enumerate(doc.sentences):
        text = item.sentence.text
        placed.append(
            LabelledSentence(Sentence(index, offset, offset + len(text), text), item.labels)
        )
        pieces.append(text)
        offset += len(text) + 2
    doc.text = "\n\n".join(pieces)
    doc.sentences = placed


def read_texts(path: Path) -> dict[str, str]:
    """Texts by document id from `{"doc", "text"}` JSONL (maybe gzipped) or a folder."""
    if path.is_dir():
        texts: dict[str, str] = {}
        for file in sorted(path.iterdir()):
            if file.suffix in (".txt", ".md"):
                _, body, _ = split_front_matter(file.read_text(encoding="utf-8"))
                texts[file.stem] = body
        return texts
    return {str(r["doc"]): str(r.get("text", "")) for _, r in _lines(path)}


def sentence_class(item: LabelledSentence, topic: str) -> int:
    """The author's stance on a topic as a class: a reported view is the author's 'neutral'."""
    labels = [label for label in item.labels if label.topic == topic]
    if not labels:
        return 0
    own = [label.stance for label in labels if label.holder == AUTHOR]
    if not own:
        return CLASSES.index("neutral")
    side = own[0]
    return CLASSES.index(side) if side in CLASSES else CLASSES.index("neutral")
