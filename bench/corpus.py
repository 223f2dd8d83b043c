"""A large, realistic, scored corpus built from text already on this machine.

The benchmark must not download anything, yet a throughput figure on a toy text would say
little about a user's 50 MB folder of news. So prose is gathered from what every machine of
this kind has (the bundled op-eds, the Python standard library's docstrings, package
METADATA, licence texts, /usr/share/doc, man pages), cut into sentences, and shuffled with a
fixed seed into news-like articles. Into those, topic phrases of the default pack are planted
together with the spelling variants the matcher promises to handle (case, accents, hyphens
and spacing, inflection, doubled letters, one-letter typos) and look-alike traps it promises
to refuse ("nation", "Minsky", "crime"); every planted span is recorded, so recall and the
false-positive rate can be scored exactly rather than estimated.

The result is written once under bench/.cache/<key>/ (articles as Markdown files with front
matter, a manifest of planted spans) and reused while the key (version, seed, sizes and a
signature of the source files) is unchanged.
"""

from __future__ import annotations

import ast
import gzip
import hashlib
import json
import os
import random
import re
import shutil
import sys
import sysconfig
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from stancecli.io.loading import bundled_corpus, load_text
from stancecli.match.matcher import Matcher
from stancecli.models import TopicPack
from stancecli.text.tokens import tokenize
from stancecli.topics import default_pack

#: Bump when the generator changes, so an old cache is never mistaken for the new corpus.
CORPUS_VERSION = 4
DEFAULT_SEED = 20170201


@dataclass(frozen=True)
class CorpusSpec:
    """How big a corpus to build and from which kinds of source material."""

    name: str
    articles: int  # at least this many articles ...
    min_bytes: int  # ... and at least this many bytes of article text (UTF-8)
    sources: tuple[str, ...]
    pool_budget: int  # most bytes of sentences taken from any one source


_ALL_SOURCES = ("bundled", "stdlib", "metadata", "licenses", "doc", "man")
SPECS: dict[str, CorpusSpec] = {
    "full": CorpusSpec("full", 10_500, 52_000_000, _ALL_SOURCES, 6_000_000),
    "quick": CorpusSpec("quick", 1_000, 5_000_000, _ALL_SOURCES, 1_500_000),
    # A few seconds end to end: only small sources, so the smoke test stays fast.
    "smoke": CorpusSpec("smoke", 40, 150_000, ("bundled", "licenses"), 400_000),
}


@dataclass(frozen=True)
class Planted:
    """One span put into an article on purpose: a topic variant to find or a trap to refuse."""

    start: int  # offsets into the article body (what `Article.text` holds)
    end: int
    kind: str  # "variant" (must be found) or "trap" (must not be)
    cls: str  # how the surface form was made: exact, case, accent, hyphen, ..., or trap
    topic: str  # the topic it must be found as; "" for a trap
    surface: str  # the text as planted
    phrase: str  # the pack phrase (or trap word) it came from


@dataclass
class Corpus:
    """A built corpus: article files on disk and, per article, what was planted where."""

    root: Path
    paths: list[Path]
    planted: list[list[Planted]]
    stats: dict[str, object] = field(default_factory=dict)

    @property
    def article_dir(self) -> Path:
        return self.root / "articles"


# --------------------------------------------------------------------------- source text


def _stdlib_docstrings() -> Iterator[str]:
    """Docstrings are the most prose-like text every Python install carries."""
    root = Path(sysconfig.get_paths()["stdlib"])
    skip = {"test", "tests", "site-packages", "idle_test", "lib2to3"}
    for path in sorted(root.rglob("*.py")):
        if skip.intersection(path.relative_to(root).parts):
            continue
        try:
            tree = ast.parse(path.read_bytes())
        except (SyntaxError, ValueError, OSError):
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
                doc = ast.get_docstring(node)
                if doc:
                    yield doc


def _site_dirs() -> list[Path]:
    paths = sysconfig.get_paths()
    seen: list[Path] = []
    for key in ("purelib", "platlib"):
        path = Path(paths[key])
        if path.is_dir() and path not in seen:
            seen.append(path)
    base = Path(sysconfig.get_paths(vars={"base": os.path.realpath(sys.base_prefix)})["purelib"])
    if base.is_dir() and base not in seen:
        seen.append(base)
    return seen


def _metadata_files() -> list[Path]:
    files: list[Path] = []
    for site in _site_dirs():
        files.extend(sorted(site.glob("*.dist-info/METADATA")))
    return files


def _metadata() -> Iterator[str]:
    """Package long descriptions: READMEs in the body after the header block."""
    for path in _metadata_files():
        text = path.read_text(encoding="utf-8", errors="replace")
        _, _, body = text.partition("\n\n")
        yield body


def _license_files() -> list[Path]:
    root = Path("/usr/share/common-licenses")
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if p.is_file() and not p.is_symlink())


def _licenses() -> Iterator[str]:
    for path in _license_files():
        yield path.read_text(encoding="utf-8", errors="replace")


_DOC_NAME = re.compile(r"(?i)^(readme|news|copyright|.*\.(txt|md|rst))(\.gz)?$")


def _doc_files() -> list[Path]:
    root = Path("/usr/share/doc")
    if not root.is_dir():
        return []
    files = [Path(d) / f for d, _, fs in os.walk(root) for f in fs if _DOC_NAME.match(f)]
    return sorted(p for p in files if p.is_file())


def _read_maybe_gz(path: Path) -> str:
    data = path.read_bytes()
    if path.suffix == ".gz":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError):
            return ""
    return data.decode("utf-8", errors="replace")


def _docs() -> Iterator[str]:
    for path in _doc_files():
        yield _read_maybe_gz(path)


def _man_files() -> list[Path]:
    root = Path("/usr/share/man")
    files: list[Path] = []
    for section in ("man1", "man5", "man7", "man8"):
        folder = root / section
        if folder.is_dir():
            files.extend(sorted(p for p in folder.iterdir() if p.is_file()))
    return files


_ROFF_FONT = re.compile(r"\\f(?:\[[^\]]*\]|\(..|.)")
_ROFF_SPECIAL = re.compile(r"\\(?:\(..|\[[^\]]*\]|\*.|[&|^%:])")
_ROFF_TEXT_MACROS = {"B", "I", "BI", "BR", "IB", "IR", "RB", "RI", "SM", "SB"}


def _strip_roff(source: str) -> str:
    """Man pages are roff; keep the running text and the words of font macros only."""
    lines: list[str] = []
    for line in source.splitlines():
        if line.startswith((".", "'")):
            macro, _, rest = line[1:].partition(" ")
            if macro in ("PP", "LP", "P", "SH", "SS", "TP", "IP", "sp", "br"):
                lines.append("")
            if macro in _ROFF_TEXT_MACROS:
                lines.append(rest.replace('"', ""))
            continue
        lines.append(line)
    text = "\n".join(lines)
    text = _ROFF_FONT.sub("", text)
    text = _ROFF_SPECIAL.sub("", text)
    return text.replace("\\-", "-").replace("\\e", "\\")


def _man_pages(seed: int) -> Iterator[str]:
    """Man pages in a seeded order, so a budget cut does not keep only commands named a*."""
    files = _man_files()
    random.Random(seed).shuffle(files)
    for path in files:
        yield _strip_roff(_read_maybe_gz(path))


def _bundled() -> Iterator[str]:
    """The op-eds: the one source with the debate's own vocabulary."""
    for path in bundled_corpus():
        yield load_text(path.read_text(encoding="utf-8"), article_id=path.stem, path=str(path)).text


def _source_files(name: str) -> list[Path]:
    """The files a source reads, for the cache key (their sizes change when they change)."""
    if name == "bundled":
        return bundled_corpus()
    if name == "metadata":
        return _metadata_files()
    if name == "licenses":
        return _license_files()
    if name == "doc":
        return _doc_files()
    if name == "man":
        return _man_files()
    root = Path(sysconfig.get_paths()["stdlib"])
    return sorted(root.glob("*.py"))


def _source_texts(name: str, seed: int) -> Iterator[str]:
    if name == "bundled":
        return _bundled()
    if name == "stdlib":
        return _stdlib_docstrings()
    if name == "metadata":
        return _metadata()
    if name == "licenses":
        return _licenses()
    if name == "doc":
        return _docs()
    if name == "man":
        return _man_pages(seed)
    raise ValueError(f"unknown source {name!r}")


# --------------------------------------------------------------------------- sentences

_SPLIT = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“(]?[A-Z])")
_BAD_CHARS = re.compile(r"[{}\[\]<>=_\\|@#$%^~`*]|https?:|\.\.|::|\s-\w|\w\(")
_LETTER = re.compile(r"[^\W\d_]")


def sentences_of(text: str) -> Iterator[str]:
    """Prose sentences of a document: paragraphs joined, code, markup and lists dropped."""
    for paragraph in re.split(r"\n\s*\n", text):
        lines = [line.strip() for line in paragraph.splitlines()]
        if any(line.startswith((">>>", "$ ", "#", "|", "+-", "..")) for line in lines):
            continue
        joined = " ".join(line for line in lines if line)
        for raw in _SPLIT.split(joined):
            sentence = " ".join(raw.split())
            if _is_prose(sentence):
                yield sentence


def _is_prose(sentence: str) -> bool:
    if not 40 <= len(sentence) <= 400 or not sentence[0].isupper() or sentence[-1] not in ".!?":
        return False
    if _BAD_CHARS.search(sentence):
        return False
    words = sentence.split()
    if len(words) < 7:
        return False
    letters = len(_LETTER.findall(sentence))
    return letters >= 0.75 * len(sentence) and sum(w.isupper() for w in words) <= len(words) // 4


def sentence_pool(spec: CorpusSpec, seed: int) -> tuple[list[str], dict[str, int]]:
    """Distinct prose sentences from every source of the spec, at most pool_budget bytes each."""
    seen: set[str] = set()
    pool: list[str] = []
    per_source: dict[str, int] = {}
    for name in spec.sources:
        taken = 0
        for document in _source_texts(name, seed):
            for sentence in sentences_of(document):
                if sentence not in seen:
                    seen.add(sentence)
                    pool.append(sentence)
                    taken += len(sentence) + 1
            if taken >= spec.pool_budget:
                break
        per_source[name] = taken
    return pool, per_source


# --------------------------------------------------------------------------- planting

# Frames a planted phrase is set in. None holds a word of the pack (checked on build), so a
# hit on a planted sentence can only come from the planted phrase itself.
FRAMES = (
    "{X} was discussed at length by officials on Tuesday.",
    "Few issues have divided the capitals as sharply as {X}.",
    "The question of {X} came up again at the summit in Brussels.",
    "Analysts said {X} would stay on the agenda for months.",
    "{X} featured prominently in the minister's speech to parliament.",
    "Observers expect {X} to dominate the next meeting.",
    "In interviews, several diplomats mentioned {X} without prompting.",
    "The report devotes a whole chapter to {X}.",
    "Opinion polls show voters are split over {X}.",
    "Little has changed on {X} since the spring, according to the newspaper.",
    "A senior adviser declined to comment on {X} when asked by reporters.",
    "Writing in a weekly column, the former ambassador returned to {X}.",
    "Lawmakers held a hearing on {X} that lasted well into the evening.",
    "For the foreign ministry, {X} is now a matter of routine.",
)

# Look-alikes of pack words, in the forms a news text would use them, each with a rough
# weight for how often English news prints it (common words often, rare names seldom), so
# the false-positive rate is that of a news-like mix rather than of this list's make-up.
# The score also reports each trap alone, so a rare trap that fires is not hidden.
TRAPS: tuple[tuple[str, float], ...] = (
    ("the nation", 10),
    ("nations", 8),
    ("national security", 8),
    ("the whole nation", 2),
    ("nationalism", 3),
    ("Asia", 6),
    ("South Asia", 2),
    ("Asian markets", 3),
    ("crimes", 6),
    ("violent crime", 4),
    ("crime rates", 3),
    ("organized crime", 3),
    ("pretrial detention", 1),
    ("detention centres", 2),
    ("the detention of activists", 2),
    ("detentions", 1),
    ("Serbian officials", 2),
    ("sanctity", 1),
    ("the sanctity of contracts", 1),
    ("sanctuary cities", 1),
    ("sanctimonious speeches", 0.5),
    ("a Minsky moment", 0.5),
    ("Hyman Minsky", 0.3),
    ("Minsky's theory", 0.3),
    ("Omar al-Bashir", 0.5),
    ("Syriza", 0.5),
    ("the Syriac liturgy", 0.2),
    ("Demetri Sevastopulo", 0.3),
    ("a Damascene conversion", 0.3),
    ("allays fears", 0.5),
    ("the alleys of the old town", 0.5),
    ("Assam tea", 0.2),
    ("a silk kerchief", 0.1),
    ("the annexe of the museum", 0.2),
    ("the detent of the lock", 0.1),
)
VARIANT_CLASSES = (
    ("exact", 30),
    ("case", 12),
    ("accent", 5),
    ("hyphen", 10),
    ("inflection", 12),
    ("possessive", 5),
    ("doubled", 7),
    ("typo", 15),
    ("spelling", 4),
    ("translit", 3),
)
_ACCENTS = {"e": "é", "a": "á", "o": "ó", "i": "í", "u": "ü", "c": "ç", "n": "ñ"}
_OPEN_SPELLINGS = {"countersanctions": ("counter-sanctions", "counter sanctions")}
_SPELLINGS = (  # American, British: applied either way
    ("defense", "defence"),
    ("normalize", "normalise"),
    ("normalization", "normalisation"),
    ("programs", "programmes"),
)
_TRANSLITERATIONS = {  # other romanizations English-language papers print
    "Sevastopol": "Sebastopol",
    "Kerch": "Kertch",
    "al-Assad": "el-Assad",
}
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _topic_phrases(pack: TopicPack) -> list[tuple[str, list[str]]]:
    """Each topic's keyword phrases (every listed variant): what a user's text would carry."""
    return [(t.id, [v for variants in t.keywords for v in variants]) for t in pack.topics]


def _long_word_index(words: list[str], min_len: int, lower_only: bool = False) -> list[int]:
    return [
        i
        for i, w in enumerate(words)
        if len(w) >= min_len and w.isalpha() and (not lower_only or w[0].islower())
    ]


def make_variant(phrase: str, cls: str, rng: random.Random) -> str | None:
    """The phrase spelled as a writer might; None when the class does not apply to it."""
    words = phrase.split(" ")
    if cls == "exact":
        return phrase
    if cls == "case":
        return rng.choice((phrase.upper(), phrase.lower(), phrase.title()))
    if cls == "accent":
        idx = _long_word_index(words, 5)
        if not idx:
            return None
        i = rng.choice(idx)
        spots = [k for k, ch in enumerate(words[i]) if ch.lower() in _ACCENTS and k > 0]
        if not spots:
            return None
        k = rng.choice(spots)
        ch = words[i][k]
        accented = _ACCENTS[ch.lower()]
        words[i] = (
            words[i][:k] + (accented.upper() if ch.isupper() else accented) + words[i][k + 1 :]
        )
        return " ".join(words)
    if cls == "hyphen":  # hyphens and spaces swapped, as writers and style guides do
        if words[-1] in ("II", "2") and len(words) == 2:
            return words[0] + rng.choice(("-II", "-2", "II", " 2"))
        if "-" in phrase:
            return phrase.replace("-", " ")
        if len(words) == 2:  # a two-word compound: missile-defense, NATO-enlargement
            return "-".join(words)
        open_forms = _OPEN_SPELLINGS.get(phrase.lower())
        return rng.choice(open_forms) if open_forms else None
    if cls == "inflection":  # the head noun, last, in the other number
        i = len(words) - 1
        if i not in _long_word_index(words, 5, lower_only=True):
            return None
        w = words[i]
        if w.endswith("ies"):
            words[i] = w[:-3] + "y"
        elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
            words[i] = w[:-1]
        elif w.endswith("y") and w[-2] not in "aeiou":
            words[i] = w[:-1] + "ies"
        elif w.endswith(("ch", "sh", "x")):
            words[i] = w + "es"
        else:
            words[i] = w + "s"
        return " ".join(words)
    if cls == "possessive":
        if phrase[-1].lower() == "s":
            return None
        return phrase + rng.choice(("'s", "’s"))
    if cls == "doubled":
        idx = _long_word_index(words, 5)
        if not idx:
            return None
        i = rng.choice(idx)
        w = words[i]
        doubles = [k for k in range(1, len(w)) if w[k] == w[k - 1]]
        if doubles:
            k = rng.choice(doubles)
            words[i] = w[:k] + w[k + 1 :]
        else:
            spots = [k for k in range(1, len(w) - 1) if w[k] not in "aeiouy" and w[k].isalpha()]
            if not spots:
                return None
            k = rng.choice(spots)
            words[i] = w[: k + 1] + w[k] + w[k + 1 :]
        return " ".join(words)
    if cls == "spelling":
        for american, british in _SPELLINGS:
            for a, b in ((american, british), (british, american)):
                if a in phrase:
                    return phrase.replace(a, b)
        return None
    if cls == "translit":
        for word, other in _TRANSLITERATIONS.items():
            if word in words:
                return " ".join(other if w == word else w for w in words)
        return None
    if cls == "typo":  # one slip of the keyboard, likelier in a longer word
        idx = _long_word_index(words, 5)
        if not idx:
            return None
        i = rng.choices(idx, [len(words[k]) for k in idx])[0]
        w = words[i]
        k = rng.randrange(1, len(w) - 1)
        kind = rng.choice(("delete", "swap", "replace"))
        if kind == "delete":
            w = w[:k] + w[k + 1 :]
        elif kind == "swap" and w[k] != w[k + 1]:
            w = w[:k] + w[k + 1] + w[k] + w[k + 2 :]
        else:
            options = [c for c in _LETTERS if c != w[k].lower()]
            w = w[:k] + rng.choice(options) + w[k + 1 :]
        words[i] = w
        return " ".join(words)
    raise ValueError(f"unknown variant class {cls!r}")


def _typo_length_class(cls: str, phrase: str, surface: str) -> str:
    """A typo in a word of five or six letters is scored apart ("typo_short"): the README
    allows edit distance only between words of six letters or more, and one edit in a
    six-letter word already falls below the default cut-off of 85."""
    if cls != "typo":
        return cls
    for before, after in zip(phrase.split(" "), surface.split(" "), strict=True):
        if before != after:
            return "typo_short" if len(before) <= 6 else "typo"
    return cls


def _check_frames(pack: TopicPack) -> None:
    """A frame that itself mentions a topic would credit the matcher with hits it did not earn."""
    matcher = Matcher(pack)
    for frame in FRAMES:
        text = frame.replace("{X}", "Zqx")
        tokens = tokenize(text)
        if matcher.mentions(text, tokens, matcher.find(tokens)):
            raise AssertionError(f"benchmark frame mentions a topic: {frame!r}")


# --------------------------------------------------------------------------- articles

_OUTLETS = (
    "The Daily Ledger",
    "Northern Review",
    "Policy Weekly",
    "The Atlantic Observer",
    "Continental Times",
    "The Evening Standard-Bearer",
    "Global Affairs Digest",
)


@dataclass
class _Article:
    title: str
    source: str
    date: str
    body: str
    planted: list[Planted]


def _compose(
    index: int,
    pool: Sequence[str],
    phrases: Sequence[tuple[str, list[str]]],
    mean_chars: int,
    seed: int,
) -> _Article:
    """One article: a title, paragraphs of pool sentences, planted variants and traps."""
    rng = random.Random(seed * 1_000_003 + index)
    target = int(min(max(rng.lognormvariate(0, 0.45) * mean_chars * 0.9, 1_200), mean_chars * 5))
    on_topic = rng.random() < 0.45
    n_variants = rng.randint(4, 14) if on_topic else rng.randint(0, 2)
    n_traps = rng.randint(0, 3)
    sentences: list[str] = []
    size = 0
    while size < target:
        sentence = rng.choice(pool)
        sentences.append(sentence)
        size += len(sentence) + 1
    items: list[tuple[str, str, str, str, str]] = []  # (kind, cls, topic, surface, phrase)
    classes = [c for c, _ in VARIANT_CLASSES]
    weights = [w for _, w in VARIANT_CLASSES]
    for _ in range(n_variants):
        for _attempt in range(20):
            topic, topic_phrases = rng.choice(phrases)
            phrase = rng.choice(topic_phrases)
            cls = rng.choices(classes, weights)[0]
            surface = make_variant(phrase, cls, rng)
            if surface is not None and (cls == "exact" or surface != phrase):
                items.append(
                    ("variant", _typo_length_class(cls, phrase, surface), topic, surface, phrase)
                )
                break
    trap_names = [t for t, _ in TRAPS]
    trap_weights = [w for _, w in TRAPS]
    for trap in rng.choices(trap_names, trap_weights, k=n_traps):
        items.append(("trap", "trap", "", trap, trap))
    # Each planted item becomes a frame sentence inserted before a pool sentence.
    rng.shuffle(items)
    before: dict[int, list[tuple[str, str, str, str, str]]] = {}
    for item in items:
        before.setdefault(rng.randrange(len(sentences) + 1), []).append(item)
    body_parts: list[str] = []
    planted: list[Planted] = []
    offset = 0
    in_paragraph = 0
    paragraph_len = rng.randint(2, 5)

    def add(sentence: str, item: tuple[str, str, str, str, str] | None) -> None:
        nonlocal offset, in_paragraph, paragraph_len
        if body_parts:
            sep = " "
            if in_paragraph >= paragraph_len:
                sep, in_paragraph, paragraph_len = "\n\n", 0, rng.randint(2, 5)
            body_parts.append(sep)
            offset += len(sep)
        if item is not None:
            kind, cls, topic, surface, phrase = item
            frame = rng.choice(FRAMES)
            if frame.startswith("{X}"):
                surface = surface[:1].upper() + surface[1:]
            head, tail = frame.split("{X}")
            start = offset + len(head)
            planted.append(Planted(start, start + len(surface), kind, cls, topic, surface, phrase))
            sentence = head + surface + tail
        body_parts.append(sentence)
        offset += len(sentence)
        in_paragraph += 1

    for position in range(len(sentences) + 1):
        for item in before.get(position, ()):
            add("", item)
        if position < len(sentences):
            add(sentences[position], None)
    body = "".join(body_parts) + "\n"
    title_words = rng.choice(pool).rstrip(".!?").split()[: rng.randint(4, 9)]
    title = " ".join(title_words).strip(",;:")
    date = f"{rng.randint(2014, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    return _Article(title, rng.choice(_OUTLETS), date, body, planted)


def _front_matter(article: _Article) -> str:
    title = article.title.replace('"', "'")
    return f'---\ntitle: "{title}"\nsource: {article.source}\ndate: {article.date}\n---\n'


# --------------------------------------------------------------------------- building


def cache_key(spec: CorpusSpec, seed: int) -> str:
    """Version, seed, sizes and the source files' names and sizes, hashed.

    Listing the sources costs a fraction of a second; a changed man page or a new package
    changes the material and so must change the corpus it is built from.
    """
    h = hashlib.sha256(f"{CORPUS_VERSION}|{seed}|{asdict(spec)}".encode())
    for name in spec.sources:
        for path in _source_files(name):
            try:
                h.update(f"{path}|{path.stat().st_size}\n".encode())
            except OSError:
                continue
    return f"{spec.name}-v{CORPUS_VERSION}-s{seed}-{h.hexdigest()[:12]}"


def build_or_load(
    spec: CorpusSpec,
    cache_dir: Path,
    *,
    seed: int = DEFAULT_SEED,
    log: Callable[[str], None] | None = None,
) -> Corpus:
    """The corpus for spec and seed, built into cache_dir unless it is already there."""
    key = cache_key(spec, seed)
    root = cache_dir / key
    manifest = root / "manifest.json"
    if manifest.exists():
        return _load(root)
    say = log or (lambda _msg: None)
    started = time.perf_counter()
    pack = default_pack()
    _check_frames(pack)
    pool, per_source = sentence_pool(spec, seed)
    say(f"corpus: {len(pool):,} distinct sentences from {per_source}")
    phrases = _topic_phrases(pack)
    mean_chars = max(spec.min_bytes // spec.articles, 1_500)
    tmp = cache_dir / (key + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    (tmp / "articles").mkdir(parents=True)
    entries: list[dict[str, object]] = []
    total = 0
    index = 0
    while index < spec.articles or total < spec.min_bytes:
        article = _compose(index, pool, phrases, mean_chars, seed)
        name = f"a{index:05d}.md"
        (tmp / "articles" / name).write_text(_front_matter(article) + article.body, "utf-8")
        total += len(article.body.encode("utf-8"))
        entries.append({"file": name, "planted": [asdict(p) for p in article.planted]})
        index += 1
    variants = sum(1 for e in entries for p in e["planted"] if p["kind"] == "variant")  # type: ignore[attr-defined]
    traps = sum(1 for e in entries for p in e["planted"] if p["kind"] == "trap")  # type: ignore[attr-defined]
    stats: dict[str, object] = {
        "key": key,
        "seed": seed,
        "version": CORPUS_VERSION,
        "articles": index,
        "body_bytes": total,
        "pool_sentences": len(pool),
        "pool_bytes_by_source": per_source,
        "planted_variants": variants,
        "planted_traps": traps,
        "build_seconds": round(time.perf_counter() - started, 1),
    }
    (tmp / "manifest.json").write_text(
        json.dumps({"stats": stats, "articles": entries}), encoding="utf-8"
    )
    shutil.rmtree(root, ignore_errors=True)
    tmp.rename(root)
    say(f"corpus: built {index:,} articles, {total / 1e6:.1f} MB in {stats['build_seconds']} s")
    return _load(root)


def _load(root: Path) -> Corpus:
    data = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    paths = [root / "articles" / e["file"] for e in data["articles"]]
    planted = [[Planted(**p) for p in e["planted"]] for e in data["articles"]]
    return Corpus(root, paths, planted, data["stats"])


def write_jsonl(path: Path, texts: Iterable[tuple[str, str, str]]) -> int:
    """The corpus as one JSONL file, one article a line, for a JSONL-reading `stance compare`.

    Records carry id, title and text; returns the bytes written.
    """
    with path.open("w", encoding="utf-8") as out:
        for article_id, title, text in texts:
            out.write(json.dumps({"id": article_id, "title": title, "text": text}) + "\n")
    return path.stat().st_size
