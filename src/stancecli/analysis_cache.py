"""Analyses kept between runs, so a quick look-up of the same few articles is not read again.

With the pack, the lexicon and the model in the run cache, most of what remained of a cold
`stance compare` on the two bundled articles beyond its imports was building the Engine and
segmenting, matching and judging them: about 70 ms of a 180 ms run. This keeps each
article's analysis in the run cache (`stancecli.cache`), and a run that finds every one of
its articles there builds no Engine at all.

An article's entry is keyed by a digest of everything its analysis is derived from:

- the article: `repr` of its `ArticleInfo` (every field, as the analysis carries it on)
  and its text;
- the run: the pack (`repr` of the whole `TopicPack`, and the key of its compiled matcher,
  which names the matcher's code, word list, stemmer and rapidfuzz version), the bundled
  lexicon's key, the model's (`StanceModel.file_key`: the model file's bytes and the code
  that reads it), the threshold, the evidence and explanation counts, whether judgements
  are kept, the interpreter's version, and the bytes of every module of the package
  outside `cli/` and `render/`: the code of an analysis is among them whether or not this
  run has imported it yet, so an edit anywhere in the core library is a miss.

A run whose model was made in memory (it has no `file_key`), or whose code cannot be read
(a zipped install), neither looks up nor keeps anything. An entry is checked on the way
back (`plain.decoder` checks every value's type, and the analysis must be the article's,
over the pack's topics in order): anything else is a miss, never an error.

Entries are one per article, not one per run: an edit to one of a few articles then
re-reads only that one, and a run reading stdin looks each article up as it arrives,
where a single entry for the run would have to wait for all its input to be keyed. They
are written at the end of a run, and only by a run of at most `MOST_ARTICLES` articles and
`MOST_CHARS` characters of text: a larger corpus would write a file per article, each
unlikely to be asked for again, and push the entries quick look-ups need out of the
folder, so it writes none (and stops looking after its first `MOST_ARTICLES`). The newest
`KEEP` entries are kept, as many as two of the largest runs kept.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stancecli.cache import cache_dir, load, new_digest, store_all
from stancecli.judge.lexicon import lexicon_key
from stancecli.learned.model import StanceModel, default_model_key
from stancecli.match.matcher import pack_key
from stancecli.models import Article, TopicPack
from stancecli.plain import decoder, to_plain

if TYPE_CHECKING:  # pipeline imports this module: its class is fetched when first decoded
    from stancecli.pipeline import ArticleAnalysis

NAME = "analysis"
MOST_ARTICLES = 32
MOST_CHARS = 1_000_000
KEEP = 2 * MOST_ARTICLES
_NOT_CODE = frozenset({"cli", "render", "data", "__pycache__"})  # folders of the package


class AnalysisCache:
    """The kept analyses of one run's settings; `recall` before analysing an article,
    `note` what was analysed, `keep` at the end of the run."""

    def __init__(self, run: bytes, topics: tuple[str, ...], model: bytes) -> None:
        self._run = run
        self._topics = topics
        self.model_key = model  # the `file_key` of the model the run is keyed by
        self._articles = 0
        self._chars = 0
        self._new: list[tuple[bytes, Any]] = []
        self._last: tuple[Article, bytes] | None = None

    def recall(self, article: Article) -> ArticleAnalysis | None:
        """The analysis an earlier run kept for `article` under these settings, if any."""
        self._articles += 1
        self._chars += len(article.text)
        if not self._small():
            self._new.clear()
            return None
        key = self._key(article)
        self._last = (article, key)
        found: list[ArticleAnalysis] = []

        def check(value: Any) -> bool:
            try:
                analysis = _decode()(value)
            except (ValueError, TypeError):  # not the shape of an analysis
                return False
            if analysis.info != article.info or tuple(c.topic for c in analysis.cells) != (
                self._topics
            ):
                return False
            if any(cell.article != article.id for cell in analysis.cells):
                return False
            found.append(analysis)
            return True

        if load(NAME, key, check) is None:
            return None
        return found[0]

    def note(self, article: Article, analysis: ArticleAnalysis) -> None:
        """Keep `analysis` of `article` for the next run, if this run stays small."""
        if not self._small():
            return
        key = self._last[1] if self._last and self._last[0] is article else self._key(article)
        try:
            self._new.append((key, to_plain(analysis)))
        except ValueError:  # a value with no plain form: not kept, still returned
            pass

    def keep(self) -> None:
        """Write what this run analysed afresh, if the run was small enough to keep."""
        if self._new and self._small():
            store_all(NAME, self._new, KEEP)
        self._new = []

    def _small(self) -> bool:
        return self._articles <= MOST_ARTICLES and self._chars <= MOST_CHARS

    def _key(self, article: Article) -> bytes:
        digest = new_digest(self._run)
        for part in (repr(article.info), article.text):
            data = part.encode("utf-8", "surrogatepass")
            digest.update(len(data).to_bytes(8, "little") + data)
        return digest.digest()


def analysis_cache(
    pack: TopicPack,
    *,
    threshold: float,
    evidence: int,
    explain: int,
    model: StanceModel | None,
    keep_judgements: bool,
) -> AnalysisCache | None:
    """The kept analyses of a run with these settings (`model` None: the shipped one), or
    None when there is no cache or the settings cannot be keyed."""
    if cache_dir() is None:
        return None
    model_key = default_model_key() if model is None else model.file_key
    if model_key is None:
        return None
    parts = [model_key, pack_key(pack, threshold), lexicon_key(), _code_key()]
    settings = (pack, threshold, evidence, explain, keep_judgements, sys.version)
    digest = new_digest(NAME.encode())
    for part in [*parts, repr(settings).encode("utf-8", "surrogatepass")]:
        if part is None:
            return None
        digest.update(len(part).to_bytes(8, "little") + part)
    return AnalysisCache(digest.digest(), pack.ids, model_key)


@cache
def _decode() -> Callable[[Any], ArticleAnalysis]:
    from stancecli.pipeline import ArticleAnalysis

    return decoder(ArticleAnalysis)


@cache
def _code_key() -> bytes | None:
    """The bytes of every module of the core library (the package but `_NOT_CODE`), with
    their paths: 60 files, about a millisecond to read."""
    root = Path(__file__).parent
    digest = new_digest()
    try:
        for path in sorted(_modules(root)):
            data = path.read_bytes()
            name = str(path.relative_to(root)).encode()
            digest.update(len(name).to_bytes(8, "little") + name)
            digest.update(len(data).to_bytes(8, "little") + data)
    except (OSError, ValueError):  # a zipped or frozen install: nothing is kept
        return None
    return digest.digest()


def _modules(folder: Path) -> list[Path]:
    found: list[Path] = []
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir():
                if entry.name not in _NOT_CODE and not entry.name.startswith("."):
                    found += _modules(Path(entry.path))
            elif entry.name.endswith(".py"):
                found.append(Path(entry.path))
    return found
