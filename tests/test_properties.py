"""Property tests: no input of any kind makes a stage raise, and offsets stay in the text.

Users feed stance whatever they have: truncated downloads, binary files named .txt, JSON
from a buggy exporter, a pack typed in a hurry. Each stage gets arbitrary input here
(bytes for the loader, text for the segmenter, matcher and engine, TOML-ish text for the
pack parser) and must either do its job or say why it cannot, in its own error type.
Each property runs a thousand examples; together they stay within a few seconds a
thousand on two cores.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import examples
from stancecli.errors import TopicPackError
from stancecli.io.loading import iter_articles
from stancecli.match.matcher import Matcher
from stancecli.models import Article, Skipped
from stancecli.pipeline import Engine
from stancecli.text.segment import split_sentences
from stancecli.text.tokens import tokenize
from stancecli.topics import default_pack, parse_pack

EXAMPLES = examples(1000)  # per property; fifty times that under the nightly profile
many = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

PACK = default_pack()
MATCHER = Matcher(PACK)
ENGINE = Engine(PACK, evidence=3)

# Words that make the matcher and the judge work, mixed with noise and punctuation.
_PACK_WORDS = sorted(
    {
        word
        for topic in PACK.topics
        for phrase in (*(k for group in topic.keywords for k in group), *topic.pro_cues)
        for word in phrase.split()
    }
)
_GLUE = [
    "we", "must", "should", "not", "never", "lift", "keep", "the", "a", "would", "be",
    "mistake", "until", "unless", "perhaps", "said", "Putin", "Le", "Pen", "U.S.", "Mr.",
]  # fmt: skip
_MARKS = [".", ",", "!", "?", "…", ";", ":", "\n", "\n\n", "“", "”", "’", "(", ")", "-", " "]

prose = st.lists(
    st.one_of(
        st.sampled_from(_PACK_WORDS),
        st.sampled_from(_GLUE),
        st.sampled_from(_MARKS),
        st.text(max_size=8),
    ),
    max_size=80,
).map(lambda parts: " ".join(parts))
any_text = st.one_of(prose, st.text(max_size=400))


def _json_values() -> st.SearchStrategy[object]:
    scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=30))
    return st.recursive(
        scalars,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4),
            st.dictionaries(
                st.sampled_from(["text", "body", "content", "id", "title", "articles", "x"])
                | st.text(max_size=6),
                inner,
                max_size=5,
            ),
        ),
        max_leaves=12,
    )


_ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"]


def _encode(text: str, encoding: str) -> bytes:
    return text.encode(encoding, errors="replace")


# Raw bytes, and bytes that look like each format so every reader's deeper paths run.
article_bytes = st.one_of(
    st.binary(max_size=600),
    st.builds(_encode, any_text, st.sampled_from(_ENCODINGS)),
    st.builds(
        lambda values, cut: "\n".join(json.dumps(v) for v in values).encode()[:cut],
        st.lists(_json_values(), max_size=5),
        st.integers(min_value=0, max_value=2000),
    ),
    st.builds(
        lambda tags, words: (
            "<!DOCTYPE html><html><body>"
            + "".join(f"<{t}>{w}</{t}>" for t, w in zip(tags, words, strict=False))
        ).encode(),
        st.lists(st.sampled_from(["p", "nav", "div", "article", "figcaption", "h1", "li"])),
        st.lists(prose),
    ),
    st.builds(lambda text: b"---\n" + text.encode() + b"\n---\n", any_text),
)
suffixes = st.sampled_from([".txt", ".md", ".html", ".json", ".jsonl", ""])


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("properties")


def _check_loaded(items: Iterator[Article | Skipped]) -> list[Article]:
    articles: list[Article] = []
    for item in items:
        if isinstance(item, Skipped):
            assert item.reason and "\n" not in item.reason  # one warning line each
        else:
            assert item.text.strip()
            assert "\r" not in item.text
            assert item.id and item.info.title
            articles.append(item)
    return articles


@many
@given(data=article_bytes, suffix=suffixes)
def test_loader_takes_any_bytes_in_any_format(scratch: Path, data: bytes, suffix: str) -> None:
    if not suffix:  # no name to go by: the content decides, as for stdin
        _check_loaded(iter_articles(["-"], stdin=io.TextIOWrapper(io.BytesIO(data))))
        return
    path = scratch / f"sample{suffix}"
    path.write_bytes(data)

    _check_loaded(iter_articles([str(path)], max_bytes=1500))


@many
@given(text=any_text, encoding=st.sampled_from(_ENCODINGS))
def test_loader_reads_any_text_and_every_offset_stays_inside_it(
    scratch: Path, text: str, encoding: str
) -> None:
    path = scratch / "sample.txt"
    path.write_bytes(_encode(text, encoding))

    for article in _check_loaded(iter_articles([str(path)])):
        analysis = ENGINE.analyze(article)
        size = len(article.text)
        for mention in analysis.mentions:
            assert 0 <= mention.start < mention.end <= size
        for cell in analysis.cells:
            for evidence in cell.evidence:
                assert article.text[evidence.start : evidence.end] == evidence.sentence


@many
@given(text=any_text)
def test_segmenter_spans_are_verbatim_ordered_and_inside(text: str) -> None:
    sentences = split_sentences(text)

    previous_end = 0
    for index, sentence in enumerate(sentences):
        assert sentence.index == index
        assert previous_end <= sentence.start < sentence.end <= len(text)
        assert text[sentence.start : sentence.end] == sentence.text
        assert sentence.text == sentence.text.strip()
        previous_end = sentence.end


@many
@given(text=any_text)
def test_matcher_hits_and_mentions_stay_inside_the_text(text: str) -> None:
    tokens = tokenize(text)
    hits = MATCHER.find(tokens)

    for hit in hits:
        assert 0 <= hit.first <= hit.last < len(tokens)
        assert hit.entry.topic in PACK.ids
    for mention in MATCHER.mentions(text, tokens, hits):
        assert 0 <= mention.start < mention.end <= len(text)
        assert mention.matched == text[mention.start : mention.end]


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value)  # a JSON string is a TOML basic string
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return str(value)


_phrases = st.text(max_size=12)
_topic_values = st.one_of(
    _phrases,
    st.lists(st.one_of(_phrases, st.lists(_phrases, max_size=3)), max_size=4),
    st.integers(),
    st.booleans(),
)
_topics = st.dictionaries(
    st.sampled_from(
        ["id", "label", "question", "pro", "con", "keywords", "pro_cues", "con_cues", "keyword"]
    ),
    _topic_values,
    max_size=9,
)


def _pack_text(head: dict[str, object], topics: list[dict[str, object]]) -> str:
    lines = [f"{json.dumps(k)} = {_toml_value(v)}" for k, v in head.items()]
    for topic in topics:
        lines.append("[[topic]]")
        lines.extend(f"{json.dumps(k)} = {_toml_value(v)}" for k, v in topic.items())
    return "\n".join(lines) + "\n"


packs = st.one_of(
    st.text(max_size=300),
    st.builds(
        _pack_text,
        st.dictionaries(
            st.sampled_from(["name", "description", "extends", "topics"]),
            st.one_of(_phrases, st.just("default"), st.integers()),
            max_size=3,
        ),
        st.lists(_topics, max_size=3),
    ),
)


@many
@given(text=packs)
def test_pack_parser_raises_only_topic_pack_errors(text: str) -> None:
    try:
        pack = parse_pack(text, source="pack.toml")  # runs pack_problems first
    except TopicPackError as exc:
        assert str(exc)
        assert exc.problems and all(isinstance(p, str) and p for p in exc.problems)
    else:
        assert all(topic.id and topic.keywords for topic in pack.topics)
