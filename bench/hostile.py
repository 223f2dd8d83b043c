"""The inputs that used to hang `stance` (issue 13), timed per MB beside normal news.

- `unpunctuated`: the corpus's own articles with every full stop, question and
  exclamation mark taken out and every line joined, as a transcript or an OCR dump comes:
  one "sentence" of 1.27 MB.
- `sanctions`: one line of `sanctions sanctions ...`, 2 MB: every word a mention.

Each also comes 20 MB long ("... long": the same text repeated; the smoke run scales every
size down), so time per MB shows whether cost grows with length. Both are run as a user's
file is (load from disk, then compare), the same as the benchmark's "ours: full analysis"
row, and each run checks its cells: the repeated keyword is one neutral topic and nothing
else, and the long variant of each input takes the same sides as the short one (it may
find a topic the short one barely touches, as neutral: it holds that evidence 16 times).
"""

from __future__ import annotations

import re
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stancecli.io.loading import load_articles
from stancecli.models import Comparison
from stancecli.pipeline import compare

UNPUNCTUATED_BYTES = 1_270_000
SANCTIONS_BYTES = 2_000_000
LONG_BYTES = 20_000_000
TARGET = 3.0  # time per MB within this many times that of normal news
_SENTENCE_ENDS = re.compile(r"[.!?…]+")


@dataclass
class HostileRun:
    name: str
    mb: float
    seconds: list[float]
    stances: dict[str, str]
    mentions: dict[str, int]
    ok: bool
    note: str = ""
    cpu_seconds: list[float] = field(default_factory=list)

    @property
    def seconds_per_mb(self) -> float:
        return statistics.median(self.seconds) / self.mb

    @property
    def cpu_seconds_per_mb(self) -> float:
        return statistics.median(self.cpu_seconds) / self.mb

    def as_json(self, news_s_per_mb: float, news_cpu_s_per_mb: float) -> dict[str, Any]:
        """Wall time is what the ratio uses (what a user waits); CPU time beside it, since
        on a shared machine the wall time of one long run can be mostly waiting."""
        return {
            "name": self.name,
            "mb": round(self.mb, 3),
            "seconds": [round(s, 3) for s in self.seconds],
            "cpu_seconds": [round(s, 3) for s in self.cpu_seconds],
            "seconds_per_mb": round(self.seconds_per_mb, 4),
            "vs_news": round(self.seconds_per_mb / news_s_per_mb, 3),
            "cpu_seconds_per_mb": round(self.cpu_seconds_per_mb, 4),
            "cpu_vs_news": round(self.cpu_seconds_per_mb / news_cpu_s_per_mb, 3),
            "stances": self.stances,
            "mentions": self.mentions,
            "cells_ok": self.ok,
            "note": self.note,
        }


def unpunctuated(texts: Sequence[str], size: int) -> str:
    """The articles run together with no sentence punctuation and no line breaks."""
    parts: list[str] = []
    total = 0
    while total < size:  # a small corpus is repeated until the size is reached
        for text in texts:
            flat = " ".join(_SENTENCE_ENDS.sub("", text).split())
            parts.append(flat)
            total += len(flat.encode("utf-8")) + 1
            if total >= size:
                break
    return " ".join(parts).encode("utf-8")[:size].decode("utf-8", "ignore")


def repeated_keyword(size: int, word: str = "sanctions") -> str:
    return (word + " ") * (size // (len(word) + 1))


def lengthened(text: str, size: int) -> str:
    """`text` repeated (one space between) to `size` bytes, cut at a space: at most
    stance's default --max-bytes, so a user's run reads it as this one does."""
    copies = -(-size // max(1, len(text.encode("utf-8")) + 1))
    data = " ".join([text] * copies).encode("utf-8")[:size]
    return data[: data.rfind(b" ")].decode("utf-8", "ignore")


def _run_file(path: Path) -> Comparison:
    loaded = load_articles([str(path)])
    return compare(loaded.articles, skipped=loaded.skipped)


def run_hostile(
    texts: Sequence[str],
    *,
    reps: int,
    long: bool,
    scale: float = 1.0,
    log: Callable[[str], None] = print,
) -> list[HostileRun]:
    """Time each hostile input (and, if `long`, its 20 MB variant); `scale` shrinks all
    sizes for a smoke run."""
    base = {
        "unpunctuated": unpunctuated(texts, int(UNPUNCTUATED_BYTES * scale)),
        "sanctions": repeated_keyword(int(SANCTIONS_BYTES * scale)),
    }
    inputs: list[tuple[str, str, str]] = []  # (name, text, the base it must agree with)
    for name, text in base.items():
        inputs.append((name, text, name))
        if long:
            inputs.append((f"{name} long", lengthened(text, int(LONG_BYTES * scale)), name))
    runs: list[HostileRun] = []
    stances_of: dict[str, dict[str, str]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, text, like in inputs:
            path = Path(tmp) / "hostile.txt"
            path.write_text(text, encoding="utf-8")
            mb = len(text.encode("utf-8")) / 1e6
            wall: list[float] = []
            cpu: list[float] = []
            result: Comparison | None = None
            for _ in range(reps if mb < 5 else 1):  # one run of a 20 MB file is enough
                result = None
                cpu_started = time.process_time()
                started = time.perf_counter()
                result = _run_file(path)
                wall.append(time.perf_counter() - started)
                cpu.append(time.process_time() - cpu_started)
            assert result is not None
            stances = {c.topic: c.stance.value for c in result.cells}
            mentions = {c.topic: c.mentions for c in result.cells if c.mentions}
            stances_of.setdefault(like, stances)
            ok, note = _check(like, stances, mentions, stances_of[like], text)
            runs.append(HostileRun(name, mb, wall, stances, mentions, ok, note, cpu))
            log(f"  {name}: {mb:.1f} MB in {statistics.median(wall):.2f} s ({note or 'cells ok'})")
    return runs


def _check(
    like: str,
    stances: dict[str, str],
    mentions: dict[str, int],
    base: dict[str, str],
    text: str,
) -> tuple[bool, str]:
    """Are the cells the right ones? The repeated keyword is the sanctions topic, neutral,
    every word a mention; a long variant takes the sides its short input takes."""
    if like == "sanctions":
        expected = {t: ("neutral" if t == "sanctions" else "absent") for t in stances}
        if stances != expected:
            return False, f"expected only sanctions, neutral: {stances}"
        if mentions.get("sanctions") != len(text.split()):
            return False, f"{mentions.get('sanctions')} mentions of {len(text.split())} words"
    if _sides(stances) != _sides(base):
        return False, f"sides differ from the short input's: {stances} vs {base}"
    return True, ""


def _sides(stances: dict[str, str]) -> dict[str, str]:
    """The cells that take a side. Sixteen copies of a text are sixteen times its evidence,
    which may make a topic it barely touches present (neutral) where one copy leaves it
    absent; repetition must never invent, drop or flip a side."""
    return {t: s for t, s in stances.items() if s not in ("absent", "neutral")}


def hostile_ratio(runs: Sequence[HostileRun], news_s_per_mb: float) -> float:
    """The worst time per MB of the hostile inputs over that of normal news."""
    return max(run.seconds_per_mb for run in runs) / news_s_per_mb
