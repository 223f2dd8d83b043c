"""Fitting the word classes (`stancecli.learned.word_classes`) from unlabelled text.

Stems are grouped by the company they keep: a stem's vector is its row of positive
pointwise mutual information with the stems within five words of it, reduced to 128
dimensions by SVD (Levy and Goldberg's recipe: context counts smoothed to the power 0.75,
the singular values' square root kept), and k-means groups the unit vectors at two
granularities. Only the texts are read, never a label, a file name or a speaker, so the
classes of cross-validation's held-out documents owe nothing to their gold.

    python -m stancecli.train.word_classes training/ -o training/word_classes.json

Needs the `train` extra (numpy, scipy, scikit-learn); deterministic for a seed on one
machine's libraries.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from stancecli.learned.word_classes import WordClasses
from stancecli.text.tokens import stem, tokenize
from stancecli.train.corpora import read_texts

WINDOW = 5
MIN_COUNT = 5  # rarer stems get no class: their company says too little
DIMENSIONS = 128
SIZES = (256, 1024)  # broad classes, narrow classes


def stem_lists(texts: Iterable[str]) -> list[list[str]]:
    """Each text's word stems (numbers and punctuation left out), as the features stem them."""
    return [
        [stem(t.norm) for t in tokenize(text) if any(c.isalpha() for c in t.norm)] for text in texts
    ]


def fit_word_classes(
    texts: Iterable[str], seed: int = 13, sizes: Sequence[int] = SIZES
) -> WordClasses:
    import numpy as np
    from scipy import sparse
    from sklearn.cluster import MiniBatchKMeans
    from sklearn.decomposition import TruncatedSVD

    docs = stem_lists(texts)
    freq = Counter(s for d in docs for s in d)
    vocab = sorted(s for s, c in freq.items() if c >= MIN_COUNT)
    index = {s: i for i, s in enumerate(vocab)}
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    for doc in docs:
        ids = [index.get(s, -1) for s in doc]
        for i, a in enumerate(ids):
            if a < 0:
                continue
            for offset in range(1, WINDOW + 1):
                if i + offset >= len(ids):
                    break
                b = ids[i + offset]
                if b >= 0:
                    rows += (a, b)
                    cols += (b, a)
                    vals += (1.0 / offset, 1.0 / offset)
    size = len(vocab)
    counts = sparse.coo_matrix(
        (np.array(vals, dtype=np.float64), (np.array(rows), np.array(cols))), shape=(size, size)
    ).tocsr()
    counts.sum_duplicates()
    total = counts.sum()
    row_p = np.asarray(counts.sum(axis=1)).ravel() / total
    col_p = np.asarray(counts.sum(axis=0)).ravel() ** 0.75
    col_p /= col_p.sum()
    cells = counts.tocoo()
    pmi = np.log(cells.data / total / row_p[cells.row] / col_p[cells.col])
    keep = pmi > 0
    ppmi = sparse.csr_matrix((pmi[keep], (cells.row[keep], cells.col[keep])), shape=(size, size))
    svd = TruncatedSVD(min(DIMENSIONS, size - 1), random_state=seed, n_iter=7)
    scaled = svd.fit_transform(ppmi)  # U * S
    vectors = scaled / svd.singular_values_ * np.sqrt(svd.singular_values_)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-9
    groups: list[dict[str, str]] = []
    for k in sizes:
        found = MiniBatchKMeans(min(k, size), random_state=seed, n_init=3, batch_size=4096)
        labels = found.fit(vectors).labels_
        groups.append(_named(vocab, [int(x) for x in labels], freq))
    return WordClasses.grouped(groups)


def _named(vocab: Sequence[str], labels: Sequence[int], freq: Counter[str]) -> dict[str, str]:
    """Each stem's class, named by the class's most frequent stem (ties: the first)."""
    best: dict[int, str] = {}
    for word, label in zip(vocab, labels, strict=True):
        held = best.get(label)
        if held is None or freq[word] > freq[held]:
            best[label] = word
    return {word: best[label] for word, label in zip(vocab, labels, strict=True)}


def training_texts(root: Path) -> list[str]:
    """Every text of the training folder: the UN speeches and the op-ed-register texts."""
    texts = read_texts(root / "ungdc" / "speeches.jsonl.gz")
    texts |= read_texts(root / "synthetic" / "texts")
    return [texts[doc] for doc in sorted(texts)]


def read_word_classes(path: Path) -> WordClasses:
    data: Any = json.loads(path.read_text(encoding="utf-8"))
    return WordClasses.from_json(data.get("classes"), str(path))


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Fit the word classes of the shipped model.")
    parser.add_argument("root", type=Path, help="the training/ folder")
    parser.add_argument("-o", "--output", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args(argv)
    classes = fit_word_classes(training_texts(args.root), args.seed)
    record = {"seed": args.seed, "sizes": list(SIZES), "classes": classes.to_json()}
    args.output.write_text(json.dumps(record, sort_keys=True, indent=0) + "\n", encoding="utf-8")
    print(f"wrote {args.output}: {len(classes)} stems", file=sys.stderr)


if __name__ == "__main__":
    main()
