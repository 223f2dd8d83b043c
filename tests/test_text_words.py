"""One scan of a text gives each sentence the words and tokens a scan of the sentence gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from stancecli.match.reading import SentenceReading
from stancecli.pipeline import Engine
from stancecli.text.segment import split_sentences
from stancecli.text.tokens import TOKEN_RE, TextWords, tokenize

# Letters, digits, apostrophes, the decimal marks and separators the token pattern treats
# specially, accented and non-Latin letters, so words touch and cross span bounds.
_ALPHABET = "ab’'.,- \n1Zé9_ДΣ"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=60), st.data())
def test_a_span_has_the_words_its_own_scan_finds(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    words = TextWords(text)
    where = words.span(start, end)
    crossing = any(
        m.start() < bound < m.end() for m in TOKEN_RE.finditer(text) for bound in (start, end)
    )
    assert (where is None) == crossing
    if where is not None:
        assert words.words[where[0] : where[1]] == TOKEN_RE.findall(text, start, end)
        assert words.tokens(*where) == tokenize(text, start, end)


def _readings(engine: Engine, text: str, shared: bool) -> list[SentenceReading]:
    sentences = split_sentences(text)
    words = TextWords(text) if shared else None
    triggers = engine.reader.triggers(text, words)
    return engine.reader.read(text, sentences, triggers=triggers, words=words)


def test_the_reader_reads_the_same_from_one_scan() -> None:
    engine = Engine()
    texts = [
        "Sanctions on Russia must stay. They work. The Minsk II agreement is dead; "
        "NATO's enlargement, said the minister, was a mistake.\n\nCrimea was annexed.",
        # one unbroken 'word' far over the sentence bound: cut mid-word by the segmenter
        "sanctions " + "x" * 2_500 + " sanctions must be lifted",
        " ".join(["sanctions must be lifted"] * 200),  # cut at the word bound, no stop
        "Le Pen said the ceasefire (cease fire) holds. It is dead. Donbas 2014, 3.5%.",
    ]
    for text in texts:
        assert _readings(engine, text, shared=True) == _readings(engine, text, shared=False)
