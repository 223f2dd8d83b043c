"""The terminal view of a comparison: topics down, articles across, one stance per cell.

Rich lives here (and in eval_table.py) only, so the core can be used without a terminal.
The renderer returns a renderable and never prints; the CLI owns the console.
Every cell leads with the pole's own word, so the table reads the same with NO_COLOR,
on a monochrome terminal or piped through `less`.
"""

from __future__ import annotations

from rich import box
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from stancecli.models import Comparison, Stance, Topic, TopicStance
from stancecli.render.formats import STANCE_GLYPH, one_line, shorten, strength_word
from stancecli.serialize import clamp_score, grid_lookup

STANCE_STYLE: dict[Stance, str] = {
    Stance.PRO: "bold green",
    Stance.CON: "bold red",
    Stance.MIXED: "bold yellow",
    Stance.NEUTRAL: "dim",
    Stance.ABSENT: "dim",
}

#: Lines of column width a quoted sentence may take before it is cut with "…".
SENTENCE_LINES = 3


def _topic_width(width: int) -> int:
    return max(14, min(28, width // 5))


def article_column_width(width: int, articles: int) -> int:
    """What Rich will give each article column, so sentences can be cut to fit beforehand
    (and the layout chooser can tell when the side-by-side columns get too narrow)."""
    columns = articles + 1
    overhead = (columns + 1) + 2 * columns  # rounded box verticals + one space padding each side
    return max(10, (width - overhead - _topic_width(width)) // max(1, articles))


def sentence_budget(width: int, articles: int) -> int:
    """How many characters of evidence fit in about three lines of one article column."""
    # Word wrap leaves a few cells empty at the end of each line; budget for that too.
    return max(24, SENTENCE_LINES * (article_column_width(width, articles) - 5))


def _topic_header(topic: Topic) -> Text:
    text = Text(topic.label, style="bold")
    if topic.question:
        text.append("\n")
        text.append(topic.question, style="dim")
    return text


def _article_header(title: str, article_id: str, limit: int, width: int) -> Text:
    """Title (wrapped) over the id on one line: an id cut mid-word is hard to type back."""
    text = Text(shorten(title, limit) or one_line(article_id), style="bold")
    if title:
        text.append("\n")
        shown = article_id if len(article_id) <= width else article_id[: max(1, width - 1)] + "…"
        text.append(shown, style="dim")
    return text


def stance_cell(cell: TopicStance, topic: Topic, *, evidence: int = 1, budget: int = 80) -> Text:
    """One cell: pole word with glyph, strength in numbers and words, mentions, quoted evidence."""
    style = STANCE_STYLE[cell.stance]
    if cell.stance is Stance.ABSENT:
        return Text(STANCE_GLYPH[Stance.ABSENT], style=style)
    text = Text(f"{STANCE_GLYPH[cell.stance]} {topic.pole_label(cell.stance)}", style=style)
    score = clamp_score(cell.score)
    details = [f"{score:+.2f} {strength_word(score)}", f"{cell.mentions}×"]
    if cell.conditional:
        details.append("conditional")
    text.append("\n")
    text.append(" · ".join(details))
    for item in cell.evidence[: max(0, evidence)]:
        sentence = shorten(item.sentence, budget)
        if sentence:
            text.append("\n")
            text.append(f"“{sentence}”", style="italic")
    return text


def skipped_caption(c: Comparison) -> str | None:
    if not c.skipped:
        return None
    parts = []
    for skipped in c.skipped:
        where = skipped.path if skipped.line is None else f"{skipped.path}:{skipped.line}"
        parts.append(f"{where} ({skipped.reason})")
    noun = "input" if len(parts) == 1 else "inputs"
    return f"Skipped {len(parts)} {noun}: " + "; ".join(parts)


def comparison_table(c: Comparison, *, evidence: int = 1, width: int = 80) -> RenderableType:
    """The comparison grid, sized for a console `width` wide (pass the console's width).

    Sentences are cut to fit before Rich sees them: Rich would otherwise wrap a long quote
    into a tall column and push the other topics off screen.
    """
    budget = sentence_budget(width, len(c.articles))
    column_width = article_column_width(width, len(c.articles))
    table = Table(
        title=Text(one_line(c.pack.name)) if c.pack.name else None,
        caption=skipped_caption(c),
        caption_justify="left",
        box=box.ROUNDED,
        show_lines=True,
        expand=True,
    )
    table.add_column("Topic", max_width=_topic_width(width), overflow="fold")
    for article in c.articles:
        table.add_column(
            _article_header(article.title, article.id, SENTENCE_LINES * column_width, column_width),
            ratio=1,
            overflow="fold",
        )
    cells = grid_lookup(c)
    for topic in c.pack.topics:
        row: list[RenderableType] = [_topic_header(topic)]
        for article in c.articles:
            row.append(
                stance_cell(cells[(article.id, topic.id)], topic, evidence=evidence, budget=budget)
            )
        table.add_row(*row)
    return table


def legend(*, mentions: bool = True) -> Text:
    """A one-line key to the glyphs and numbers, for `--legend` or the foot of a report
    (the grid view shows no mention counts, so it leaves their key out)."""
    text = Text()
    for stance in Stance:
        if text:
            text.append("  ")
        text.append(f"{STANCE_GLYPH[stance]} {stance.value}", style=STANCE_STYLE[stance])
    text.append("   score −1 (con) … +1 (pro)", style="dim")
    if mentions:
        text.append("   n× = mentions", style="dim")
    return text
