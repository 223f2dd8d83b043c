"""The match stage: each sentence that may bear on a topic, read once.

A `SentenceReading` is what every later stage needs of one sentence: its tokens (tokenized
once), the lexicon cues in them, the pack's hits and mentions, who holds the sentence's
views, and the rule judge's reading of it. The learned judge turns readings into features;
the actor view keeps the rule judgements of reported holders.

Most sentences of real news bear on no topic. A word can only start a mention if the
matcher has a candidate for it, so an article's distinct words are checked once (one
C-level findall, then a per-word cache), and only sentences holding such a word, or one
of the model's trigger words, are tokenized and read.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from stancecli.judge.attribution import AUTHOR, Holder
from stancecli.judge.lexicon import LexiconHit
from stancecli.judge.rules import ArticleContext, Judge
from stancecli.match.matcher import WORD_CACHE, Hit, Matcher, PhraseEntry
from stancecli.models import Judgement, Mention, Sentence
from stancecli.text.tokens import (
    NORM,
    TOKEN_RE,
    TextWords,
    Token,
    normalize_token,
    stem,
    tokenize,
)

ANAPHORA_REACH = 2  # "the agreement" may point back this many sentences
FOLLOW = 2  # sentences after a mention read even without a trigger: "It is dead."
_DETERMINERS = frozenset({"the", "this", "that"})
_SUBJECT_PRONOUNS = frozenset({"they", "these"})
_OBJECT_PRONOUNS = frozenset({"it", "them"})


@dataclass(frozen=True)
class SentenceReading:
    """One sentence as the match stage left it for the judge."""

    sentence: Sentence
    tokens: tuple[Token, ...]
    lex: tuple[LexiconHit, ...]
    hits: tuple[Hit, ...]
    mentions: tuple[Mention, ...]
    rules: tuple[Judgement, ...]  # the rule judge's reading, one per topic and holder
    holder: Holder
    previous: frozenset[str] = frozenset()  # topics named in the sentence just before

    @property
    def reported(self) -> bool:
        """Does the sentence report someone else's view rather than the author's?"""
        return self.holder.name != AUTHOR


class Reader:
    """Reads an article's sentences with one pack's matcher and the rule judge."""

    def __init__(self, matcher: Matcher, judge: Judge, trigger_stems: Iterable[str] = ()) -> None:
        self.matcher = matcher
        self.judge = judge
        self.trigger_stems = frozenset(trigger_stems)
        # Word forms, as written, already known to be triggers or not: sets, so an
        # article's words are sorted by set operations in C, not a lookup per word.
        self._trigger_words: set[str] = set()
        self._plain_words: set[str] = set()
        # Reporting verbs as they may be written, for the cheap test on sentences with no
        # mention ("Le Pen said ...", "According to ...").
        self._speech = frozenset(
            form for word in judge.speech_words for form in (word, word.capitalize(), word.upper())
        )

    def read(
        self,
        text: str,
        sentences: Sequence[Sentence],
        *,
        every: bool = False,
        triggers: set[str] | None = None,
        words: TextWords | None = None,
    ) -> list[SentenceReading]:
        """Readings of the sentences that may bear on a topic (of all of them if `every`).

        `every` is for training and scoring against labelled sentences, which may address
        a topic in words the pack does not list. `triggers` are the text's `triggers()`,
        when the caller has them already; `words` its TextWords, each sentence's words
        and tokens are then taken from them.
        """
        if triggers is None:
            triggers = self.triggers(text, words)
        context = ArticleContext()
        recent: list[tuple[int, set[str]]] = []  # (sentence index, topics) for anaphora
        readings: list[SentenceReading] = []
        last_read = -FOLLOW - 1  # position of the last sentence that named a topic
        last_end, last_topics = -1, frozenset[str]()
        for position, sentence in enumerate(sentences):
            where = None if words is None else words.span(sentence.start, sentence.end)
            if words is not None and where is not None:
                said = words.words[where[0] : where[1]]
            else:
                said = TOKEN_RE.findall(text, sentence.start, sentence.end)
            continues = bool(
                said
                and said[0].lower() in _SUBJECT_PRONOUNS
                and recent
                and recent[-1][0] == sentence.index - 1
            )  # "They must stay": may carry the previous sentence's topic
            follows = position - last_read <= FOLLOW
            if not every and triggers.isdisjoint(said) and not continues and not follows:
                if not self._speech.isdisjoint(said):
                    own = self._tokens(text, sentence, words, where)
                    self.judge.note_holder(text, own, context)
                continue
            own = self._tokens(text, sentence, words, where)
            if not own:
                continue
            hits = self.matcher.find(own)
            hits += self._anaphora(own, hits, recent, sentence.index)
            found = self.matcher.mentions(text, own, hits)
            # Every sentence with a trigger word is read, mention or not: the model finds
            # topics addressed in words the pack does not list ("the alliance's expansion").
            named = frozenset(m.topic for m in found if m.kind == "keyword")
            if found:
                recent.append((sentence.index, set(named)))
            if found or not triggers.isdisjoint(said):
                last_read = position
            adjacent = last_end >= 0 and not text[last_end : sentence.start].strip()
            previous = last_topics if adjacent else frozenset()
            last_end, last_topics = sentence.end, named
            lex = self.judge.lexicon.find(list(map(NORM, own)))
            if found:
                upcoming = [s.text for s in sentences[position + 1 : position + 6]]
                rules = self.judge.judge_sentence(
                    text, sentence, own, hits, found, context, upcoming, lex=lex
                )
            else:
                rules = []
                self.judge.note_holder(text, own, context)
            holder = context.holder or Holder(AUTHOR)
            readings.append(
                SentenceReading(
                    sentence,
                    tuple(own),
                    tuple(lex),
                    tuple(hits),
                    tuple(found),
                    tuple(rules),
                    holder,
                    previous,
                )
            )
        return readings

    @staticmethod
    def _tokens(
        text: str, sentence: Sentence, words: TextWords | None, where: tuple[int, int] | None
    ) -> list[Token]:
        if words is None or where is None:
            return tokenize(text, sentence.start, sentence.end)
        return words.tokens(*where)

    def triggers(self, text: str, words: TextWords | None = None) -> set[str]:
        """The words of a text, as written, that could anchor a mention or a model topic."""
        yes, no = self._trigger_words, self._plain_words
        found = set(TOKEN_RE.findall(text) if words is None else words.words)
        new = found - yes - no
        if new:
            if len(yes) + len(no) + len(new) > WORD_CACHE:  # bounded like the matcher's
                yes.clear()
                no.clear()
            for word in new:
                norm = normalize_token(word)
                if self.matcher.may_mention(norm) or stem(norm) in self.trigger_stems:
                    yes.add(word)
                else:
                    no.add(word)
        return found & yes

    def _anaphora(
        self,
        tokens: Sequence[Token],
        hits: Sequence[Hit],
        recent: Sequence[tuple[int, set[str]]],
        index: int,
    ) -> list[Hit]:
        """'The agreement' right after 'the Minsk II agreement' still mentions Minsk."""
        heads = self.matcher.heads
        extra_pronoun = self._pronoun_subject(tokens, hits, recent, index)
        if not any(token.norm in heads for token in tokens[1:]):
            return extra_pronoun
        present = {h.entry.topic for h in hits if h.entry.kind == "keyword"}
        nearby: set[str] = set()
        for i, topics in reversed(recent):
            if index - i > ANAPHORA_REACH:
                break
            nearby |= topics
        extra: list[Hit] = []
        for i in range(1, len(tokens)):
            topic = self.matcher.heads.get(tokens[i].norm)
            if (
                topic
                and topic in nearby
                and topic not in present
                and (tokens[i - 1].norm in _DETERMINERS)
            ):
                extra.append(Hit(i - 1, i, PhraseEntry(topic, "keyword", 0, tokens[i].norm), 80.0))
                present.add(topic)
        return extra + extra_pronoun

    def _pronoun_subject(
        self,
        tokens: Sequence[Token],
        hits: Sequence[Hit],
        recent: Sequence[tuple[int, set[str]]],
        index: int,
    ) -> list[Hit]:
        """'They must stay in place': a sentence opening with a pronoun continues the one
        topic the sentence before it was about (only when that was a single topic)."""
        if not recent or index - recent[-1][0] > ANAPHORA_REACH or len(recent[-1][1]) != 1:
            return []
        topic = next(iter(recent[-1][1]))
        if any(h.entry.kind == "keyword" and h.entry.topic == topic for h in hits):
            return []
        if tokens[0].norm in _SUBJECT_PRONOUNS and recent[-1][0] == index - 1:
            return [Hit(0, 0, PhraseEntry(topic, "keyword", 0, tokens[0].norm), 70.0)]
        # "... must never accept it": the object right after one of the topic's actions
        for hit in hits:
            after = hit.last + 1
            if (
                hit.entry.kind == "action"
                and hit.entry.topic == topic
                and after < len(tokens)
                and tokens[after].norm in _OBJECT_PRONOUNS
            ):
                return [
                    Hit(after, after, PhraseEntry(topic, "keyword", 0, tokens[after].norm), 70.0)
                ]
        return []
