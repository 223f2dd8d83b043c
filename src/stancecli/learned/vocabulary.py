"""Names the features, the model file and the trainer agree on; one place for each."""

from __future__ import annotations

SHARED = "*"  # the prefix of a feature weighed the same for every topic
CLASSES = ("none", "neutral", "pro", "con")  # what a sentence does on a topic (the author's)
DOC_CLASSES = ("absent", "neutral", "pro", "con", "mixed")  # what a document's cell is
FORMAT_VERSION = 1
