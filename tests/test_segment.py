"""Sentence splitting: what a reader would call a sentence, at offsets that quote exactly."""

from __future__ import annotations

import time
from importlib.util import find_spec
from typing import Any

import pytest

from stancecli.models import Sentence
from stancecli.text.segment import sentence_at, split_sentences


def check_spans(text: str, sentences: list[Sentence]) -> None:
    """The invariants evidence quoting relies on, for any input."""
    previous_end = 0
    previous_paragraph = 0
    for i, sentence in enumerate(sentences):
        assert sentence.index == i
        assert text[sentence.start : sentence.end] == sentence.text
        assert sentence.text == sentence.text.strip()
        assert sentence.text
        assert previous_end <= sentence.start < sentence.end
        assert sentence.paragraph >= previous_paragraph
        previous_end = sentence.end
        previous_paragraph = sentence.paragraph


def texts(text: str) -> list[str]:
    sentences = split_sentences(text)
    check_spans(text, sentences)
    return [s.text for s in sentences]


def one_sentence(text: str, name: str) -> Any:
    """A case whose whole text must come out as one sentence."""
    return pytest.param(text, [text], id=name)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("", [], id="empty"),
        pytest.param("  \n\n \t\n", [], id="whitespace-only"),
        pytest.param("One here. Two there.", ["One here.", "Two there."], id="plain"),
        pytest.param("No final period", ["No final period"], id="unterminated"),
        pytest.param("Is it? Yes! Fine.", ["Is it?", "Yes!", "Fine."], id="question-exclamation"),
        pytest.param("Really?! Yes.", ["Really?!", "Yes."], id="interrobang-run"),
        pytest.param(
            "He paused... Then he went.", ["He paused...", "Then he went."], id="ellipsis"
        ),
        pytest.param(
            "It was… Then it ended.", ["It was…", "Then it ended."], id="unicode-ellipsis"
        ),
        pytest.param("Wait... and see.", ["Wait... and see."], id="ellipsis-midsentence"),
        pytest.param("It fell. then rose.", ["It fell. then rose."], id="lowercase-continues"),
        pytest.param(
            "The rate rose 3.5 percent. Then it fell.",
            ["The rate rose 3.5 percent.", "Then it fell."],
            id="decimal",
        ),
        pytest.param(
            "Growth was 2. 3 was next.",
            ["Growth was 2.", "3 was next."],
            id="digit-starts-sentence",
        ),
        pytest.param(
            "He said “no.” Then left.", ["He said “no.”", "Then left."], id="curly-quote-closes"
        ),
        pytest.param(
            'He said "no." Then left.', ['He said "no."', "Then left."], id="straight-quote-closes"
        ),
        pytest.param("(See below.) Next one.", ["(See below.)", "Next one."], id="bracket-closes"),
        pytest.param(
            "It ended. “Why?” she asked.", ["It ended.", "“Why?” she asked."], id="quote-opens"
        ),
        pytest.param(
            "It ended. (Mostly.) Fine.", ["It ended.", "(Mostly.)", "Fine."], id="bracket-opens"
        ),
        pytest.param(
            "Mr. Smith met Mrs. Jones. They spoke.",
            ["Mr. Smith met Mrs. Jones.", "They spoke."],
            id="mr-mrs",
        ),
        pytest.param(
            "Ask Dr. Who. Then Prof. Plum.", ["Ask Dr. Who.", "Then Prof. Plum."], id="dr-prof"
        ),
        pytest.param(
            "Gen. Mattis and Sen. McCain agreed.",
            ["Gen. Mattis and Sen. McCain agreed."],
            id="gen-sen",
        ),
        pytest.param(
            "Rep. Ryan and Gov. Brown met.", ["Rep. Ryan and Gov. Brown met."], id="rep-gov"
        ),
        pytest.param("Visit St. Louis. Go.", ["Visit St. Louis.", "Go."], id="saint"),
        pytest.param(
            "Acme Inc. Sales rose and Foo Ltd. Shares fell.",
            ["Acme Inc. Sales rose and Foo Ltd. Shares fell."],
            id="inc-ltd",
        ),
        pytest.param("Smith vs. Jones went on.", ["Smith vs. Jones went on."], id="vs"),
        pytest.param(
            "Some states, e.g. France, agree.", ["Some states, e.g. France, agree."], id="eg"
        ),
        pytest.param(
            "One thing, i.e. Russia, matters.", ["One thing, i.e. Russia, matters."], id="ie"
        ),
        pytest.param("As Smith et al. Argued, yes.", ["As Smith et al. Argued, yes."], id="et-al"),
        pytest.param(
            "It was on Jan. 5 and Sept. 9.", ["It was on Jan. 5 and Sept. 9."], id="months"
        ),
        pytest.param("See No. 5 here.", ["See No. 5 here."], id="number-abbrev"),
        pytest.param("He said no. The end.", ["He said no.", "The end."], id="no-as-word"),
        pytest.param("Written by J. Smith today.", ["Written by J. Smith today."], id="initial"),
        pytest.param("John F. Kennedy spoke.", ["John F. Kennedy spoke."], id="middle-initial"),
        pytest.param(
            "The U.S. Secretary spoke.", ["The U.S. Secretary spoke."], id="us-before-name"
        ),
        pytest.param(
            "Troops left the U.S. The next day they landed.",
            ["Troops left the U.S.", "The next day they landed."],
            id="us-then-the",
        ),
        pytest.param(
            "He won in the U.K. However it was close.",
            ["He won in the U.K.", "However it was close."],
            id="uk-then-however",
        ),
        pytest.param(
            "It went to the U.N. They voted.",
            ["It went to the U.N.", "They voted."],
            id="un-then-they",
        ),
        pytest.param("The E.U. Council met.", ["The E.U. Council met."], id="eu-before-name"),
        pytest.param("Mr. The is a name.", ["Mr. The is a name."], id="title-never-splits"),
        pytest.param("Dr. It is here.", ["Dr. It is here."], id="dr-never-splits"),
        pytest.param("Ends in the U.S.", ["Ends in the U.S."], id="abbreviation-at-end"),
        pytest.param("Costs $3.50 now. Cheap.", ["Costs $3.50 now.", "Cheap."], id="money"),
        pytest.param(
            "See example.com. Then go.", ["See example.com.", "Then go."], id="domain-then-sentence"
        ),
        pytest.param("One.Two stays.", ["One.Two stays."], id="no-space-no-split"),
        pytest.param("Ends. Élan begins.", ["Ends.", "Élan begins."], id="accented-capital"),
    ],
)
def test_sentences(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "The cat sat on the mat and looked at the door for quite a long while\n"
            "before it decided to leave. Then it went out into the yard.",
            [
                "The cat sat on the mat and looked at the door for quite a long while\n"
                "before it decided to leave.",
                "Then it went out into the yard.",
            ],
            id="wrapped-lowercase",
        ),
        pytest.param(
            "Relations between Washington and Moscow have been strained since the\n"
            "Crimea annexation. Sanctions followed.",
            [
                "Relations between Washington and Moscow have been strained since the\n"
                "Crimea annexation.",
                "Sanctions followed.",
            ],
            id="wrapped-before-capital",
        ),
        one_sentence(
            "It is a short line and\nRussia follows it.",
            "short-wrapped-line-ending-in-function-word",
        ),
        pytest.param(
            "First sentence ends here.\nSecond one starts on the next line.",
            ["First sentence ends here.", "Second one starts on the next line."],
            id="break-after-period",
        ),
        pytest.param(
            "A sentence without end\n\nAnother paragraph.",
            ["A sentence without end", "Another paragraph."],
            id="blank-line-ends-sentence",
        ),
        pytest.param(
            "Costs rose\n  \t\nThen they fell.",
            ["Costs rose", "Then they fell."],
            id="whitespace-only-line-is-blank",
        ),
        one_sentence(
            "Angola deplores the loss of lives caused by instability \n\n\nin the region "
            "and calls for dialogue.",
            "page-break-before-lower-case-word-goes-on",
        ),
        one_sentence(
            "Albania made clear its support for\n\nUkraine and its people.",
            "page-break-after-function-word-goes-on",
        ),
        pytest.param(
            "Sanctions have failed.\n\nthey said so in Riga.",
            ["Sanctions have failed.", "they said so in Riga."],
            id="finished-sentence-before-blank-line-ends",
        ),
    ],
)
def test_line_breaks(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Conclusion", [("Conclusion", True)], id="single-word-paragraph"),
        pytest.param(
            "The Wrong Choice\n\nIt was made. Badly.",
            [("The Wrong Choice", True), ("It was made.", False), ("Badly.", False)],
            id="heading-paragraph",
        ),
        pytest.param(
            "Background\nThe talks began in May. They failed.",
            [
                ("Background", True),
                ("The talks began in May.", False),
                ("They failed.", False),
            ],
            id="heading-line-glued-to-paragraph",
        ),
        pytest.param(
            "News\nAnalysis\n\nA Title Here\n\nBody text starts.",
            [
                ("News", True),
                ("Analysis", True),
                ("A Title Here", True),
                ("Body text starts.", False),
            ],
            id="section-labels",
        ),
        pytest.param(
            "Two Leaders Meeting\nThe president meets the chancellor in Berlin, May 10 (Photo)",
            [
                ("Two Leaders Meeting", True),
                ("The president meets the chancellor in Berlin, May 10 (Photo)", True),
            ],
            id="photo-caption",
        ),
        pytest.param(
            "Is this a title?\n\nYes.",
            [("Is this a title?", False), ("Yes.", False)],
            id="question-is-not-heading",
        ),
        pytest.param(
            "Note:\nThe text follows.",
            [("Note:\nThe text follows.", False)],
            id="colon-line-is-prose",
        ),
        pytest.param(
            "One sentence. And a fragment",
            [("One sentence.", False), ("And a fragment", False)],
            id="trailing-fragment-is-not-heading",
        ),
        pytest.param(
            "This line is much longer than any heading would be, so it is prose wrapped\n"
            "Across lines.",
            [
                (
                    "This line is much longer than any heading would be, so it is prose"
                    " wrapped\nAcross lines.",
                    False,
                )
            ],
            id="long-line-is-not-heading",
        ),
    ],
)
def test_headings(text: str, expected: list[tuple[str, bool]]) -> None:
    sentences = split_sentences(text)
    check_spans(text, sentences)
    assert [(s.text, s.heading) for s in sentences] == expected


def test_paragraph_numbers_count_blank_line_separated_blocks() -> None:
    text = "\n\nFirst one. Still first.\n\n\n\nSecond.\n   \nThird here.\n"
    sentences = split_sentences(text)
    check_spans(text, sentences)
    assert [(s.text, s.paragraph) for s in sentences] == [
        ("First one.", 0),
        ("Still first.", 0),
        ("Second.", 1),
        ("Third here.", 2),
    ]


def test_offsets_point_into_the_original_text() -> None:
    text = "  Intro line here.  Next one!\n\n\tIndented “quote.” Done"
    sentences = split_sentences(text)
    check_spans(text, sentences)
    assert [text[s.start : s.end] for s in sentences] == [
        "Intro line here.",
        "Next one!",
        "Indented “quote.”",
        "Done",
    ]


def test_normalized_crlf_text_splits_like_lf_text() -> None:
    crlf = "Heading\r\n\r\nFirst one. Second one.\r\nThird one."
    normalized = crlf.replace("\r\n", "\n")
    assert texts(normalized) == ["Heading", "First one.", "Second one.", "Third one."]


def test_sentence_at_finds_the_covering_sentence() -> None:
    text = "Alpha one. Beta two.\n\nGamma three."
    sentences = split_sentences(text)
    for sentence in sentences:
        for offset in (sentence.start, sentence.end - 1):
            assert sentence_at(sentences, offset) == sentence
    gap = sentences[0].end  # the space between the first two sentences
    assert sentence_at(sentences, gap) is None
    assert sentence_at(sentences, len(text) + 5) is None
    assert sentence_at(sentences, -1) is None
    assert sentence_at([], 0) is None


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("word " * 200_000, id="no-punctuation"),
        pytest.param("word\n" * 200_000, id="one-word-lines"),
        pytest.param("Mr. " * 200_000, id="abbreviations"),
        pytest.param("Short line\n" * 100_000, id="heading-like-lines"),
        pytest.param("A b. " * 200_000, id="many-sentences"),
        pytest.param("." * 1_000_000 + " A", id="long-punctuation-run"),
        pytest.param("x" * 1_000_000 + ". A", id="long-word"),
    ],
)
def test_large_inputs_stay_fast(text: str) -> None:
    # Linear time: about 1 MB of adversarial text must not take quadratic time.
    began = time.perf_counter()
    sentences = split_sentences(text)
    elapsed = time.perf_counter() - began
    assert elapsed < 10
    assert sentences
    assert sentences[-1].end <= len(text)


@pytest.mark.skipif(find_spec("hypothesis") is None, reason="hypothesis is not installed")
def test_arbitrary_text_keeps_the_span_invariants() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    tricky = st.text(
        alphabet=st.sampled_from(list("aZ .!?…\n\n \t\r\"'“”‘’()[]3USMrJe,:;-")),
        max_size=200,
    )

    @settings(max_examples=400, deadline=None)
    @given(st.one_of(tricky, st.text(max_size=200)))
    def check(text: str) -> None:
        check_spans(text, split_sentences(text))

    check()
