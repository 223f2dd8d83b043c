"""Judging stance: what side does each sentence take on each topic it mentions?

A sentence is read clause by clause. Each place a topic is found (a keyword, or a pole
cue: "lift" near "sanctions") is a target with a base pole: +1 for the topic itself or a
pro cue, -1 for a con cue. What surrounds the target decides the sign:

- the nearest *frame*: an evaluation ("would be a mistake", "wrong détente"), a consequence
  verb ("removing sanctions would undermine unity": against the doer, for the object), a
  normative or reporting operator ("should", "avoid", "opposed"), or a cost statement
  ("the cost of X has been negligible");
- *negation* between frame and target ("should not lift"), each negator counted once;
- *conditions* ("until", "unless", "without clear evidence of") make a stance conditional
  and do not reverse it; a cue inside the condition is what the author demands;
- *hedges* ("perhaps", "may") lower the weight, never the side;
- *concessions* the author warns against ("a deal would entail concessions. Perhaps
  recognition of ...") reverse the listed items unless the author calls them worth it;
- skeptical rhetorical questions ("what sort of deal is there to be made?") doubt their topic.

A cue with no frame is a weak signal; a bare keyword is a mention with no side.
Nothing here knows any particular article: only the pack and the lexicon carry words.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from stancecli.judge import lexicon as lx
from stancecli.judge.attribution import AUTHOR, OTHERS, Holder, agrees, find_holder, rebuts
from stancecli.judge.lexicon import Lexicon, LexiconHit
from stancecli.match.matcher import Hit, Matcher
from stancecli.models import Judgement, Mention, Sentence
from stancecli.text.tokens import Token, tokenize

NEGATION_REACH = 3  # a negator governs the next few words: "will not be let into"
PREDICATE_NEGATION_REACH = 8  # ... and the predicate it stands in, up to a comma
FRAME_REACH_BEFORE = 8
MODAL_REACH = (
    20  # "should be tied, explicitly and without loopholes, to X": a modal rules its clause
)
FRAME_REACH_AFTER = 25
ACTION_GAP = 3  # "sanctions should be lifted": a cue's action within a few words of its keyword
PASSIVE_GAP = 12  # a passive action may close a longer clause about its keyword
BARE_CUE_WEIGHT = 0.2
HEDGE_FACTOR = 0.6
HEADING_FACTOR = 0.5
CONDITIONAL_FACTOR = 0.9
QUESTION_FACTOR = 0.5
CONCESSION_WEIGHT = 0.8
# Targets of one topic read in one sentence: each reading looks at the sentence's other
# targets, so a sentence that is one keyword over and over ("sanctions sanctions ...")
# would cost the square of its length. Real sentences name a topic a few times at most.
MAX_TARGETS_PER_TOPIC = 12
_CLAUSE_PUNCT = frozenset(";:–—()[]")
_EVALUATIVE = frozenset({lx.POSITIVE, lx.NEGATIVE, lx.HARM, lx.SUPPORT, lx.BAD_OUTCOME})
_OPERATORS = frozenset({lx.ENDORSE, lx.REJECT})
_MODALS = frozenset(
    {
        "should",
        "must",
        "ought to",
        "need to",
        "needs to",
        "have to",
        "has to",
        "better to",
        "time to",
        "it is time to",
    }
)
_CONJUNCTIONS = frozenset({"and", "or", "but"})
_RELATIVES = frozenset({"that", "which", "who", "whose", "whom"})
# Words before an action that make it a predicate of an earlier keyword:
# "sanctions should be lifted", "the measures must remain", "we want sanctions to stay".
_PASSIVE = frozenset(
    {
        "be",
        "been",
        "being",
        "is",
        "are",
        "was",
        "were",
        "should",
        "must",
        "will",
        "would",
        "can",
        "could",
        "to",
    }
)


@dataclass(frozen=True)
class _Target:
    """A place a topic is found in a sentence, as token indices, with its base pole."""

    topic: str
    first: int  # span covering keyword and action
    last: int
    core_first: int  # the cue or keyword itself, excluded from its own frame
    core_last: int
    pole: int
    is_cue: bool
    mentions: tuple[Mention, ...]


@dataclass
class _Frame:
    """What the surroundings of a target say: a sign and how much to trust it."""

    sign: int
    weight: float
    reason: str


@dataclass
class ArticleContext:
    """State carried from sentence to sentence: the last holder and an open concession."""

    previous_holder: str | None = None
    holder: Holder | None = None  # the holder found in the sentence judged last
    concession_open: int = 0  # how many more sentences may list conceded items
    concession_accepted: bool = False


class Judge:
    """Applies the rules above with one pack's matcher and the general lexicon."""

    def __init__(self, matcher: Matcher, lexicon: Lexicon) -> None:
        self.matcher = matcher
        self.lexicon = lexicon
        self.speech_words = lexicon.first_words(lx.SPEECH) | lexicon.first_words(
            lx.ATTRIBUTION_MARKER
        )

    def judge_sentence(
        self,
        text: str,
        sentence: Sentence,
        tokens: Sequence[Token],
        hits: Sequence[Hit],
        mentions: Sequence[Mention],
        context: ArticleContext,
        upcoming: Sequence[str] = (),
        lex: Sequence[LexiconHit] | None = None,
    ) -> list[Judgement]:
        """One judgement per topic and holder (tokens/hits are the sentence's own).

        `upcoming` holds the texts of the next few sentences: an acceptance after a list of
        concessions, or a rebuttal right after a report, changes how this sentence reads.
        """
        norms = [t.norm for t in tokens]
        if lex is None:
            lex = self.lexicon.find(norms)
        holder = find_holder(text, tokens, lex, context.previous_holder)
        context.holder = holder
        if holder.name not in (AUTHOR, OTHERS):
            context.previous_holder = holder.name
        reported_calls = _noun_calls(norms, lex)
        clauses = _clauses(text, tokens, lex)
        targets = _bounded(_targets(tokens, hits, mentions, clauses))
        others = [(t.topic, t.core_first, t.core_last) for t in targets]
        cores = [(t.core_first, t.core_last) for t in targets]
        concession_here = any(h.category == lx.CONCESSION for h in lex)
        accepted = any(h.category == lx.ACCEPT for h in lex) or (
            concession_here and self._accepted_later(upcoming)
        )
        rebutted = seconded = False
        if holder.name != AUTHOR and upcoming:  # only a report can be denied or seconded
            next_hits, next_tokens = self._lex_of(upcoming[0])
            rebutted = rebuts(upcoming[0], next_hits, next_tokens)
            seconded = agrees(upcoming[0], next_hits, next_tokens)
        item = context.concession_open > 0 and _opens_with(lex, lx.CONCESSION_ITEM)
        judgements: dict[tuple[str, str], list[tuple[int, float, _Frame, _Target, bool, bool]]] = {}
        for target in targets:
            frame, conditional, hedged = self._read(
                text, tokens, norms, lex, clauses, target, others, cores
            )
            sign, weight = frame.sign * target.pole, frame.weight
            if item or (concession_here and not _is_concession_word(lex, target)):
                # A conceded item reads against its pole; so does what the concession buys.
                accepted_here = accepted or context.concession_accepted
                base = sign if sign else target.pole
                sign = base if accepted_here else -base
                weight = CONCESSION_WEIGHT if item else 0.6
                frame = _Frame(frame.sign, weight, f"{frame.reason}; conceded item")
                hedged = False
            if sentence.heading:
                weight *= HEADING_FACTOR
            who = holder.of(target.core_first)
            if who == AUTHOR and reported_calls is not None and reported_calls < target.core_first:
                who = OTHERS
            reading = (sign, weight, frame, target, conditional, hedged)
            judgements.setdefault((target.topic, who), []).append(reading)
            verdict = holder.author_sign or (-1 if rebutted else 1 if seconded else 0)
            if who != AUTHOR and verdict and sign:
                # The author shares ("rightly") or denies ("wrongly", "They have not.") the view.
                why = "the author agrees" if verdict > 0 else "the author rejects it"
                judgements.setdefault((target.topic, AUTHOR), []).append(
                    (
                        sign * verdict,
                        weight,
                        _Frame(frame.sign, weight, f"{frame.reason}; {why}"),
                        target,
                        conditional,
                        hedged,
                    )
                )
        if concession_here:
            context.concession_open = 4
            context.concession_accepted = accepted
        elif item:
            context.concession_open -= 1
        else:
            context.concession_open = 0
        return [
            _combine(topic, sentence, readings, who)
            for (topic, who), readings in judgements.items()
        ]

    def note_holder(self, text: str, tokens: Sequence[Token], context: ArticleContext) -> None:
        """A sentence without a topic may still name the holder a later 'he' points to."""
        context.holder = None
        if not self.speech_words.isdisjoint(t.norm for t in tokens):
            holder = find_holder(
                text, tokens, self.lexicon.find([t.norm for t in tokens]), context.previous_holder
            )
            context.holder = holder
            if holder.name not in (AUTHOR, OTHERS):
                context.previous_holder = holder.name

    def _lex_of(self, text: str) -> tuple[list[LexiconHit], list[Token]]:
        tokens = tokenize(text)
        return self.lexicon.find([t.norm for t in tokens]), tokens

    def _accepted_later(self, upcoming: Sequence[str]) -> bool:
        """After the listed items, does the author call the concessions worth it?"""
        for text in upcoming:
            hits, _ = self._lex_of(text)
            if _opens_with(hits, lx.CONCESSION_ITEM):
                continue
            return any(h.category == lx.ACCEPT for h in hits)
        return False

    def _read(
        self,
        text: str,
        tokens: Sequence[Token],
        norms: Sequence[str],
        lex: Sequence[LexiconHit],
        clauses: Sequence[int],
        target: _Target,
        others: Sequence[tuple[str, int, int]],
        cores: Sequence[tuple[int, int]],
    ) -> tuple[_Frame, bool, bool]:
        clause = clauses[target.core_first]
        lo = target.first
        while lo > 0 and clauses[lo - 1] == clause:
            lo -= 1
        hi = target.last
        while hi + 1 < len(tokens) and clauses[hi + 1] == clause:
            hi += 1
        in_clause = [h for h in lex if lo <= h.first and h.last <= hi]
        spans = _protected_spans(in_clause)
        negators = [
            (h.first, _scope_end(text, tokens, h.first, hi))
            for h in in_clause
            if h.category == lx.NEGATION and not _inside(h.first, spans)
        ]
        condition = next(
            (h for h in in_clause if h.category == lx.CONDITION and h.last < target.core_first),
            None,
        )
        hedged = any(h.category == lx.HEDGE for h in in_clause)
        if condition is not None and any(norms[i] == "if" for i in range(lo, condition.first)):
            # "if we wait until X, then ...": a hypothetical, not a demand for X
            return _Frame(0, 0.0, "hypothetical condition"), False, hedged
        if condition is not None and target.is_cue:
            # The author demands what the condition names: "not until Minsk is implemented".
            neg = _negations(negators, condition.last, target.core_first)
            return _Frame(neg, 1.0, f"demanded in condition '{condition.phrase}'"), False, hedged
        if condition is not None:
            return _Frame(0, 0.0, "inside a condition"), False, hedged
        if any(h.category == lx.UNASSERTED and h.last < target.core_first for h in in_clause):
            return _Frame(0, 0.0, "asked, not asserted ('whether')"), False, hedged
        conditional = any(
            h.category == lx.CONDITION and h.first > target.core_last for h in in_clause
        )
        neutral = [  # "he is simply right" judges the speaker, not the topic
            (h.first, h.last) for h in in_clause if h.category in (lx.NEUTRAL, lx.AGREE_AFTER)
        ]
        # A word inside another cue ("failed" in "sanctions have failed") is that cue's own.
        taken = [c for c in cores if c != (target.core_first, target.core_last)]
        usable = [
            h
            for h in in_clause
            if not any(a <= h.first <= b for a, b in neutral)
            and not _swallowed(h, in_clause)
            and not any(a <= h.first and h.last <= b for a, b in taken)
        ]
        conditioned = [h.last for h in in_clause if h.category == lx.CONDITION]
        blockers = [
            (a, b)
            for topic, a, b in others
            if topic != target.topic and not any(0 <= a - c <= 8 for c in conditioned)
        ]
        quoted = _quoted(text, tokens, target)  # "Assad must go" quoted is mentioned, not said
        frame = (None if quoted else _self_framed(usable, target)) or _nearest_frame(
            norms, usable, negators, target, blockers
        )
        if frame is None:
            neg = _negations(negators, lo - 1, target.core_first)
            if not target.is_cue:
                frame = self._question_frame(text, tokens, lex, target)
            elif _future_before(in_clause, target):
                frame = _Frame(neg, 0.0, "prediction, not a stance")
            else:
                frame = _Frame(neg, BARE_CUE_WEIGHT, "cue without a frame")
        weight = frame.weight
        if hedged:
            weight *= HEDGE_FACTOR
        if conditional:
            weight *= CONDITIONAL_FACTOR
        if text[tokens[-1].end : tokens[-1].end + 2].lstrip()[:1] == "?" or text[
            tokens[0].start : tokens[-1].end + 3
        ].rstrip().endswith("?"):
            weight *= QUESTION_FACTOR
        return _Frame(frame.sign, weight, frame.reason), conditional, hedged

    def _question_frame(
        self, text: str, tokens: Sequence[Token], lex: Sequence[LexiconHit], target: _Target
    ) -> _Frame:
        """A skeptical rhetorical question doubts the topic it names."""
        tail = text[tokens[-1].end : tokens[-1].end + 3]
        if "?" in tail and any(h.category == lx.SKEPTICAL for h in lex):
            return _Frame(-1, 0.8, "skeptical question")
        return _Frame(0, 0.0, "mention without a side")


def _combine(
    topic: str,
    sentence: Sentence,
    readings: list[tuple[int, float, _Frame, _Target, bool, bool]],
    holder: str,
) -> Judgement:
    """Several targets of one topic in one sentence make one judgement: the strongest wins."""
    total = sum(sign * weight for sign, weight, *_ in readings)
    strongest = max(readings, key=lambda r: r[1])
    polarity = (total > 0) - (total < 0)
    weight = min(1.0, max(abs(total), strongest[1] if polarity else 0.0))
    mentions = tuple(m for r in readings for m in r[3].mentions)
    reasons = tuple(dict.fromkeys(r[2].reason for r in readings if r[1] > 0))
    return Judgement(
        topic=topic,
        sentence=sentence,
        polarity=polarity if weight > 0 else 0,
        weight=round(weight, 3),
        holder=holder,
        conditional=any(r[4] for r in readings if r[1] > 0),
        hedged=any(r[5] for r in readings if r[1] > 0),
        reasons=reasons,
        mentions=mentions,
    )


def _clauses(text: str, tokens: Sequence[Token], lex: Sequence[LexiconHit]) -> list[int]:
    """Clause number of each token: breaks at ; : dashes, brackets and contrast words."""
    contrast_at = {h.first for h in lex if h.category == lx.CONTRAST}
    clause = 0
    out: list[int] = []
    for i, token in enumerate(tokens):
        if i:
            gap = text[tokens[i - 1].end : token.start]
            if (
                any(ch in _CLAUSE_PUNCT for ch in gap)
                or " - " in gap
                or (i in contrast_at and ("," in gap or i == 1))
            ):
                clause += 1
        out.append(clause)
    return out


def _targets(
    tokens: Sequence[Token],
    hits: Sequence[Hit],
    mentions: Sequence[Mention],
    clauses: Sequence[int],
) -> list[_Target]:
    """Keywords and cues of each topic; an action near its keyword makes a cue reading."""
    by_start = {(m.topic, m.start): m for m in mentions}
    keywords = [h for h in hits if h.entry.kind == "keyword"]
    targets: list[_Target] = []
    used_keywords: set[tuple[int, int]] = set()
    for hit in hits:
        if hit.entry.kind == "action":
            passive = hit.first > 0 and tokens[hit.first - 1].norm in _PASSIVE
            reach_back = PASSIVE_GAP if passive else ACTION_GAP  # "X ... should be suspended"
            near = [
                k
                for k in keywords
                if k.entry.topic == hit.entry.topic
                and clauses[k.first] == clauses[hit.first]
                and (
                    0 <= k.first - hit.last - 1 <= ACTION_GAP
                    or 0 <= hit.first - k.last - 1 <= reach_back
                )
            ]
            if near:
                key = min(near, key=lambda k: min(abs(k.first - hit.last), abs(hit.first - k.last)))
                used_keywords.add((key.first, key.last))
                targets.append(
                    _target(
                        hit,
                        key,
                        by_start,
                        tokens,
                        hit.entry.pole,
                        is_cue=True,
                        span=(min(hit.first, key.first), max(hit.last, key.last)),
                    )
                )
        elif hit.entry.kind == "cue":
            if hit.entry.standalone or any(k.entry.topic == hit.entry.topic for k in keywords):
                targets.append(_target(hit, hit, by_start, tokens, hit.entry.pole, is_cue=True))
    unique: dict[tuple[str, int, int, int], _Target] = {}
    for target in sorted(targets, key=lambda t: t.core_first - t.core_last):  # longest first
        inside = any(
            key[0] == target.topic
            and key[3] == target.pole
            and key[1] <= target.core_first
            and target.core_last <= key[2]
            for key in unique
        )
        if not inside:  # "implementation" within "full implementation": one cue, once
            unique[(target.topic, target.core_first, target.core_last, target.pole)] = target
    targets = sorted(unique.values(), key=lambda t: t.core_first)
    cue_spans = [(t.topic, t.core_first, t.core_last) for t in targets]
    for hit in keywords:
        if (hit.first, hit.last) in used_keywords or any(
            topic == hit.entry.topic and first <= hit.last and hit.first <= last
            for topic, first, last in cue_spans
        ):
            continue  # a cue over the keyword ("unilaterally") says which pole it is
        targets.append(_target(hit, hit, by_start, tokens, 1, is_cue=False))
    return targets


def _bounded(targets: Sequence[_Target]) -> list[_Target]:
    """The first `MAX_TARGETS_PER_TOPIC` targets of each topic, cues first as found."""
    seen: dict[str, int] = {}
    kept: list[_Target] = []
    for target in targets:
        count = seen.get(target.topic, 0)
        if count < MAX_TARGETS_PER_TOPIC:
            seen[target.topic] = count + 1
            kept.append(target)
    return kept


def _target(
    hit: Hit,
    keyword: Hit,
    by_start: Mapping[tuple[str, int], Mention],
    tokens: Sequence[Token],
    pole: int,
    *,
    is_cue: bool,
    span: tuple[int, int] | None = None,
) -> _Target:
    """A target at `hit` whose mention is `keyword`'s; `span` widens it over both."""
    mention = by_start.get((keyword.entry.topic, tokens[keyword.first].start))
    first, last = span or (hit.first, hit.last)
    return _Target(
        hit.entry.topic,
        first,
        last,
        hit.first,
        hit.last,
        pole,
        is_cue,
        (mention,) if mention else (),
    )


def _protected_spans(hits: Sequence[LexiconHit]) -> list[tuple[int, int]]:
    """Spans whose 'no'/'not'/'without' is part of a fixed phrase, not a negation."""
    return [
        (h.first, h.last)
        for h in hits
        if h.category in (lx.NOT_NEGATION, lx.CONDITION, lx.POSITIVE, lx.NEGATIVE, lx.SKEPTICAL)
        and h.last > h.first
    ]


def _scope_end(text: str, tokens: Sequence[Token], first: int, last: int) -> int:
    """The last token a negator at `first` can reach: up to the next comma, or `last`."""
    for i in range(first, last):
        if "," in text[tokens[i].end : tokens[i + 1].start]:
            return i
    return last


def _inside(index: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(first <= index <= last for first, last in spans)


def _negations(
    negators: Sequence[tuple[int, int]], after: int, before: int, reach: int = NEGATION_REACH
) -> int:
    """-1 for an odd number of negators in (after, before) whose scope reaches `before`.

    A negator's scope is the next few words up to a comma: in "without loopholes, to
    the full implementation" the 'without' is over by the time the cue comes.
    """
    count = sum(
        1
        for n, scope_end in negators
        if after < n < before and before - n <= reach + 1 and before <= scope_end
    )
    return -1 if count % 2 else 1


def _self_framed(hits: Sequence[LexiconHit], target: _Target) -> _Frame | None:
    """A cue that judges by itself ("illegal annexation", "Assad must go") keeps its pole."""
    if not target.is_cue:
        return None
    for hit in hits:
        judging = hit.category in (lx.POSITIVE, lx.NEGATIVE) or (
            hit.category == lx.ENDORSE and hit.phrase in _MODALS
        )
        if judging and target.core_first <= hit.first and hit.last <= target.core_last:
            return _Frame(1, 1.0, f"cue '{hit.phrase}' judges by itself")
    return None


def _quoted(text: str, tokens: Sequence[Token], target: _Target) -> bool:
    """Is the target's cue inside quotation marks ("'Assad must go' has become an obstacle")?"""
    before = text[max(0, tokens[target.core_first].start - 2) : tokens[target.core_first].start]
    after = text[tokens[target.core_last].end : tokens[target.core_last].end + 2]
    return any(q in before for q in '"“‘') and any(q in after for q in '"”’')


def _swallowed(hit: LexiconHit, hits: Sequence[LexiconHit]) -> bool:
    """'bad' inside 'least bad' is not a judgement of its own."""
    judging = _EVALUATIVE | _OPERATORS
    return hit.category in judging and any(
        other.category in judging
        and other is not hit
        and other.first <= hit.first
        and hit.last <= other.last
        and other.last - other.first > hit.last - hit.first
        for other in hits
    )


def _nearest_frame(
    norms: Sequence[str],
    hits: Sequence[LexiconHit],
    negators: Sequence[tuple[int, int]],
    target: _Target,
    blockers: Sequence[tuple[int, int]],
) -> _Frame | None:
    """The evaluation nearest the target, else the nearest operator; None when neither."""
    evaluations: list[tuple[int, _Frame]] = []
    operators: list[tuple[int, _Frame]] = []
    cost = _cost_statement(hits, target)
    if cost is not None:
        evaluations.append(cost)
    for hit in hits:
        if target.core_first <= hit.first <= target.core_last:
            continue
        before = hit.last < target.first or (
            target.first <= hit.first and hit.last < target.core_first
        )
        after = hit.first > target.last
        if before:
            distance = target.core_first - hit.last
            reach = (
                MODAL_REACH
                if hit.phrase in _MODALS
                # "I would be dismayed if X": the judgement covers the whole if-clause
                or (hit.last + 1 < len(norms) and norms[hit.last + 1] == "if")
                else FRAME_REACH_BEFORE
            )
            if distance > reach or (
                hit.category not in _OPERATORS and _blocked(blockers, hit.last, target.core_first)
            ):
                continue  # an evaluation belongs to the nearer target; an operator distributes
            if hit.first >= target.first and hit.category not in _OPERATORS:
                continue  # between keyword and action: it describes the keyword, not the action
            if (
                hit.category in _OPERATORS
                and hit.phrase not in _MODALS
                and _CONJUNCTIONS & set(norms[hit.last + 1 : target.core_first])
                and not _gerunds(norms, hit.last + 1, target.core_first)
            ):
                continue  # "stop pretending and accept X": stop does not reach X
            valence = _valence_before(hit, distance)
            if valence is None:
                continue
            own = _negations(negators, -1, hit.first)
            between = _negations(negators, hit.last, target.core_first)
            if "than" in norms[hit.last + 1 : target.core_first]:
                between = -between  # "worth more than X": the comparison runs against X
            chain = _operator_chain(norms, hits, negators, hit)
            frame = _Frame(valence * own * between * chain, 1.0, f"{hit.category} '{hit.phrase}'")
            (operators if hit.category in _OPERATORS else evaluations).append((distance, frame))
        elif after and hit.category in _EVALUATIVE:
            distance = hit.first - target.last
            if distance > FRAME_REACH_AFTER or _blocked(blockers, target.last, hit.first):
                continue
            cleft = any(  # "it was the expansion of NATO ... that created this crisis"
                norms[k] == "it" and norms[k + 1] in ("is", "was") for k in range(target.first - 1)
            )
            if not cleft and _RELATIVES & set(norms[target.last + 2 : hit.first]):
                # "lift X, starting with the restrictions that hurt us": another noun's
                # clause; a clause right after the target ("sanctions that hurt") is its own
                continue
            # "no government should ever lend it legitimacy": the negator rules the predicate
            own = _negations(negators, target.last, hit.first, reach=PREDICATE_NEGATION_REACH)
            before_target = _negations(negators, -1, target.core_first)
            frame = _Frame(
                _valence_after(hit) * own * before_target, 1.0, f"{hit.category} '{hit.phrase}'"
            )
            evaluations.append((distance, frame))
    governing = [c for c in operators if c[1].reason.endswith(tuple(f"'{m}'" for m in _MODALS))]
    if governing and operators:
        nearest = min(operators, key=lambda c: c[0])
        if not any(c[0] < nearest[0] for c in evaluations):
            # "Europe should begin lifting X, starting with ... that hurt us": when a modal
            # governs the target, the nearest operator outranks an evaluation further off
            return nearest[1]
    for candidates in (evaluations, operators):
        if candidates:
            return min(candidates, key=lambda c: c[0])[1]
    return None


def _gerunds(norms: Sequence[str], first: int, target: int) -> bool:
    """'consider recognizing X and lifting Y': coordinated gerunds share their operator."""
    return first < len(norms) and norms[first].endswith("ing") and norms[target].endswith("ing")


def _blocked(blockers: Sequence[tuple[int, int]], left: int, right: int) -> bool:
    """Another topic's target between a cue word and this target takes the cue word."""
    return any(left < first and last < right for first, last in blockers)


def _operator_chain(
    norms: Sequence[str],
    hits: Sequence[LexiconHit],
    negators: Sequence[tuple[int, int]],
    frame: LexiconHit,
) -> int:
    """Operators right before a frame compose: 'avoids pursuing', 'hesitation over the virtue'.

    An evaluation joins the chain when it governs the next step through "to"/"of":
    "runs the risk of forgoing vital talks" is risk(forgo(vital)) and speaks for the talks.
    """
    sign, current = 1, frame
    while True:
        previous = [
            h
            for h in hits
            if h.last < current.first
            and current.first - h.last <= 3
            and (
                h.category in _OPERATORS
                or (
                    h.category in (lx.POSITIVE, lx.NEGATIVE)
                    and {"to", "of"} & set(norms[h.last + 1 : current.first])
                )
            )
        ]
        if not previous:
            return sign
        current = max(previous, key=lambda h: h.last)
        positive = current.category in (lx.ENDORSE, lx.POSITIVE)
        sign *= (1 if positive else -1) * _negations(negators, -1, current.first)


def _valence_before(hit: LexiconHit, distance: int) -> int | None:
    """How a cue word before a target judges it: 'wrong détente', 'undermine unity'."""
    if hit.category == lx.HARM:
        # "undermine unity": the object is worth protecting; "spook states into
        # dismantling X": X is part of the harm done.
        return 1 if distance <= 3 else -1
    if hit.category in (lx.POSITIVE, lx.ENDORSE, lx.SUPPORT):
        return 1
    if hit.category in (lx.NEGATIVE, lx.REJECT):
        return -1
    return None  # a bad outcome before the target says nothing of it


def _valence_after(hit: LexiconHit) -> int:
    """How a predicate after a target judges it: 'X would be positive', 'X would undermine'."""
    if hit.category in (lx.POSITIVE, lx.SUPPORT):
        return 1
    return -1


def _cost_statement(hits: Sequence[LexiconHit], target: _Target) -> tuple[int, _Frame] | None:
    """'The cost of X has been negligible' speaks for X; 'huge' against it."""
    costs = [h for h in hits if h.category == lx.COST]
    for size in hits:
        if size.category not in (lx.LOW, lx.HIGH):
            continue
        for cost in costs:
            if abs(size.first - cost.first) <= 8:
                sign = 1 if size.category == lx.LOW else -1
                distance = abs(size.first - target.core_first)
                return distance, _Frame(sign, 1.0, f"cost '{cost.phrase}' is '{size.phrase}'")
    return None


def _future_before(hits: Sequence[LexiconHit], target: _Target) -> bool:
    return any(h.category == lx.FUTURE and h.last < target.core_first for h in hits)


def _opens_with(hits: Sequence[LexiconHit], category: str) -> bool:
    return any(h.category == category and h.first == 0 for h in hits)


def _noun_calls(norms: Sequence[str], hits: Sequence[LexiconHit]) -> int | None:
    """Where "calls for X" is a noun ("we can expect calls for X"): others call, not the author.

    Returns the token index after which targets are the unnamed others' view.
    """
    for hit in hits:
        if (
            hit.category == lx.ENDORSE
            and norms[hit.first] in ("calls", "demands")
            and (hit.first > 0 and norms[hit.first - 1] not in ("he", "she", "it", "who", "that"))
        ):
            return hit.first
    return None


def _is_concession_word(hits: Sequence[LexiconHit], target: _Target) -> bool:
    return any(
        h.category == lx.CONCESSION and target.core_first <= h.first <= target.core_last
        for h in hits
    )
