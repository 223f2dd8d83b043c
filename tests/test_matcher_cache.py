"""A matcher restored from the run cache finds what a freshly compiled one finds.

`Matcher` keeps a compiled pack in the run cache. A restored trie that lost a branch, an
anchor or a head noun would silently drop mentions; a key that missed the pack's phrases
or the threshold would hand one pack's matcher to another.
"""

from __future__ import annotations

import marshal
from dataclasses import replace
from pathlib import Path

import pytest

from stancecli.cache import ENV
from stancecli.io.loading import bundled_corpus_inputs, load_articles
from stancecli.match.matcher import Matcher, pack_key
from stancecli.models import Topic, TopicPack
from stancecli.text.segment import split_sentences
from stancecli.text.tokens import tokenize
from stancecli.topics import default_pack, load_pack

DATA = Path(__file__).resolve().parent / "data"
HELDOUT = DATA / "heldout"
CONGESTION = DATA / "packs" / "congestion.toml"


def sentences() -> list[tuple[str, list]]:  # type: ignore[type-arg]
    loaded = load_articles([*bundled_corpus_inputs(), str(HELDOUT), str(DATA / "congestion")])
    out = []
    for article in loaded.articles:
        for sentence in split_sentences(article.text):
            out.append((article.text, tokenize(article.text, sentence.start, sentence.end)))
    return out


def found(matcher: Matcher, texts: list[tuple[str, list]]) -> list[object]:  # type: ignore[type-arg]
    out: list[object] = []
    for text, tokens in texts:
        hits = matcher.find(tokens)
        out.append((hits, matcher.mentions(text, tokens, hits)))
    out.append(sorted(matcher.heads.items()))
    out.append([matcher.may_mention(word) for word in ("sanctons", "minsk", "nato", "congestion")])
    return out


def compiled(pack: TopicPack) -> Matcher:
    """A matcher as compiling leaves it, before any plain-data round trip."""
    matcher = object.__new__(Matcher)
    matcher.pack, matcher.threshold = pack, 85.0
    matcher._compiled_state()
    return matcher


@pytest.mark.parametrize("pack", [default_pack(), load_pack(CONGESTION)], ids=["default", "user"])
def test_a_restored_matcher_finds_what_a_compiled_one_finds(
    pack: TopicPack, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = sentences()
    expected = found(compiled(pack), texts)
    monkeypatch.setenv(ENV, "")  # no cache: compiled, then restored from the plain data
    assert found(Matcher(pack), texts) == expected
    monkeypatch.setenv(ENV, str(tmp_path))
    Matcher(pack)  # writes the entry
    assert len(list(tmp_path.glob("matcher-*.marshal"))) == 1
    restored = Matcher(pack)
    assert found(restored, texts) == expected
    assert any(hits for hits, _ in expected[:-2]), "the texts hold mentions"  # type: ignore[misc]


def test_a_corrupt_entry_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV, str(tmp_path))
    texts = sentences()[:200]
    expected = found(compiled(default_pack()), texts)
    Matcher(default_pack())
    (entry,) = tmp_path.glob("matcher-*.marshal")
    entry.write_bytes(b"\x00 not marshal")
    assert found(Matcher(default_pack()), texts) == expected


def test_the_key_follows_the_phrases_and_the_threshold() -> None:
    pack = default_pack()
    first = pack.topics[0]
    more: Topic = replace(first, pro_cues=(*first.pro_cues, "a brand new cue"))
    other = replace(pack, topics=(more, *pack.topics[1:]))
    keys = {pack_key(pack, 85.0), pack_key(pack, 80.0), pack_key(other, 85.0)}
    assert len(keys) == 3 and None not in keys
    assert pack_key(pack, 85.0) == pack_key(default_pack(), 85.0)


def test_an_entry_with_a_phrase_end_out_of_range_is_rebuilt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The shape check leaves phrase ends to the restore, which must not fail the run."""
    monkeypatch.setenv(ENV, str(tmp_path))
    texts = sentences()[:200]
    expected = found(compiled(default_pack()), texts)
    Matcher(default_pack())
    (entry,) = tmp_path.glob("matcher-*.marshal")
    state = list(marshal.loads(entry.read_bytes()))
    ends = next(ends for _, ends in state[4] if ends)
    ends[0] = 10**6
    entry.write_bytes(marshal.dumps(tuple(state)))
    assert found(Matcher(default_pack()), texts) == expected
    assert found(Matcher(default_pack()), texts) == expected  # the rebuilt entry was kept


def test_the_inflection_prefilter_lets_through_every_word_it_may_not_rule_out() -> None:
    """`_may_inflect` rules a text word out unstemmed when no pack word could be its
    inflection: the run cache keeps its keys as a bit per word length under each prefix.
    A word it wrongly ruled out would lose a mention ("sanctioned" of "sanction")."""
    matcher = Matcher(default_pack())
    norms = matcher._norms
    pairs = {
        (len(word), word[:cut])
        for word in norms
        for cut in range(max(0, len(word) - 4), len(word) + 1)
    }

    def expected(norm: str) -> bool:
        size = len(norm)
        return any(
            (other, norm[: max(0, max(size, other) - 4)]) in pairs
            for other in range(max(1, size - 4), size + 5)
        )

    articles = load_articles(bundled_corpus_inputs()).articles
    words = {t.norm for article in articles for t in tokenize(article.text)}
    words |= {w + ending for w in norms[::5] for ending in ("s", "ed", "ing", "ions", "x")}
    assert sum(map(matcher._may_inflect, words)) > 100
    assert all(matcher._may_inflect(w) == expected(w) for w in words)
