"""`stance report`: the comparison as one self-contained HTML page.

One file that works from a USB stick or an e-mail attachment: CSS and JavaScript are
inlined, nothing is fetched (a Content-Security-Policy forbids every load, and only the
page's own script and style, by hash, may run). Article text is untrusted: the static
parts are escaped here with `html.escape`, and everything the script shows comes from
a JSON data block (with `<`, `>` and `&` written as JSON escapes, so no text can end the
block) and reaches the page through `textContent`, never as markup.

Static parts (topics, skipped inputs, timelines, footer) are plain HTML, so they print
and read without the script; the grid and the drill-down are the script's, rendered
lazily (only the rows in view), which keeps 2,000 articles × 9 topics responsive.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from html import escape
from importlib import resources

from stancecli.dating import sortable_date
from stancecli.drilldown import ArticleDetail
from stancecli.models import ActorStance, Comparison, Stance
from stancecli.render.formats import STANCE_GLYPH
from stancecli.render.svg_timeline import TimePoint, legend_html, ranked_groups, timeline_svg
from stancecli.serialize import clamp_confidence, clamp_score, grid_lookup

STANCE_ORDER = (Stance.PRO, Stance.CON, Stance.MIXED, Stance.NEUTRAL, Stance.ABSENT)
#: ColorBrewer PuOr, 9 classes: a diverging scale that stays distinct under the common
#: colour-vision deficiencies (orange for con, purple for pro; the glyphs say it too).
PALETTE = (
    "#b35806",
    "#e08214",
    "#fdb863",
    "#fee0b6",
    "#f7f7f7",
    "#d8daeb",
    "#b2abd2",
    "#8073ac",
    "#542788",
)


@dataclass(frozen=True)
class ReportMeta:
    """What the footer says: which stance made the page, when, and with which command."""

    version: str
    generated: str
    command: str


@cache
def _asset(name: str) -> str:
    return (
        resources.files("stancecli")
        .joinpath("render", "report_assets", name)
        .read_text(encoding="utf-8")
    )


def _hash(source: str) -> str:
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def script_json(data: object) -> str:
    """JSON safe inside a <script> block: no `</script>`, `<!--` or line separator can
    appear in it, whatever the strings hold (they are JSON escapes instead)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, code)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def report_data(
    c: Comparison,
    details: Mapping[str, ArticleDetail],
    actors: Sequence[ActorStance] = (),
) -> dict[str, object]:
    """The page's data, compact: cells as [stance, score, confidence, mentions, conditional]
    by article and topic index, evidence and actors keyed by those indexes."""
    topic_index = {t.id: j for j, t in enumerate(c.pack.topics)}
    cells = grid_lookup(c)
    by_article: dict[str, list[ActorStance]] = defaultdict(list)
    for actor in actors:
        by_article[actor.article].append(actor)
    articles, grid, evidence, reported = [], [], [], []
    for article in c.articles:
        detail = details.get(article.id)
        articles.append(
            {
                "id": article.id,
                "title": article.title,
                "source": article.source,
                "date": article.date,
                "iso": sortable_date(article),
                "group": article.group,
                "author": article.author,
                "url": article.url,
                "path": article.path,
                "words": detail.words if detail else None,
                "sentences": detail.sentences if detail else None,
            }
        )
        row = []
        for topic in c.pack.topics:
            cell = cells[(article.id, topic.id)]
            row.append(
                [
                    STANCE_ORDER.index(cell.stance),
                    clamp_score(cell.score),
                    clamp_confidence(cell.confidence),
                    cell.mentions,
                    1 if cell.conditional else 0,
                ]
            )
        grid.append(row)
        evidence.append(
            {
                str(topic_index[topic]): [
                    {
                        "s": item.evidence.sentence,
                        "b": item.before,
                        "a": item.after,
                        "m": [list(mark) for mark in item.marks],
                        "h": item.holder,
                        "p": item.evidence.polarity,
                        "w": list(item.evidence.reasons),
                    }
                    for item in items
                ]
                for topic, items in (detail.evidence.items() if detail else ())
                if topic in topic_index
            }
        )
        reported.append(
            [
                {
                    "actor": a.actor,
                    "t": topic_index[a.topic],
                    "st": STANCE_ORDER.index(a.stance),
                    "score": clamp_score(a.score),
                    "ev": [e.sentence for e in a.evidence],
                }
                for a in by_article.get(article.id, ())
                if a.topic in topic_index
            ]
        )
    return {
        "pack": {"name": c.pack.name, "source": c.pack.source},
        "topics": [
            {"id": t.id, "label": t.label, "question": t.question, "pro": t.pro, "con": t.con}
            for t in c.pack.topics
        ],
        "stances": [s.value for s in STANCE_ORDER],
        "glyphs": [STANCE_GLYPH[s] for s in STANCE_ORDER],
        "articles": articles,
        "cells": grid,
        "evidence": evidence,
        "actors": reported,
    }


def render_report(
    c: Comparison,
    details: Mapping[str, ArticleDetail],
    meta: ReportMeta,
    *,
    actors: Sequence[ActorStance] = (),
) -> str:
    """The whole page as one string."""
    css, js = _asset("report.css"), _asset("report.js")
    policy = (
        "default-src 'none'; "
        f"script-src {_hash(js)}; style-src {_hash(css)}; img-src data:; "
        "base-uri 'none'; form-action 'none'"
    )
    name = c.pack.name or "topics"
    n, k = len(c.articles), len(c.pack.topics)
    title = f"stance report: {name}, {n} article{'s' * (n != 1)}"
    return "".join(
        [
            '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f'<meta http-equiv="Content-Security-Policy" content="{escape(policy)}">',
            '<meta name="referrer" content="no-referrer">',
            f"<title>{escape(title)}</title><style>{css}</style></head><body>",
            f'<header><h1>{escape(title)}</h1><p class="summary">{n} articles × {k} topics '
            f"· pack <b>{escape(name)}</b> ({escape(c.pack.source)})"
            f"{_skipped_note(c)}</p></header>",
            _controls(),
            '<main><section id="grid-section" aria-labelledby="grid-h">'
            '<h2 id="grid-h">Stances</h2>',
            _legend(),
            '<div id="grid-scroll" tabindex="-1"><div id="grid" role="grid" '
            f'aria-rowcount="{n + 1}" aria-colcount="{k + 1}"></div></div>',
            "<noscript><p>The grid and the evidence need JavaScript; the topics, timelines "
            "and skipped inputs below are plain HTML.</p></noscript></section>",
            '<aside id="detail" aria-live="polite" aria-label="Details">'
            '<p class="hint">Click a cell for its evidence, or an article for its profile '
            "and the views it reports.</p></aside>",
            _timelines(c),
            _topics_table(c),
            _skipped_section(c),
            "</main>",
            f"<footer>Made by stance {escape(meta.version)} on {escape(meta.generated)} "
            f"with <code>{escape(meta.command)}</code></footer>",
            '<script type="application/json" id="stance-data">',
            script_json(report_data(c, details, actors)),
            f"</script><script>{js}</script></body></html>\n",
        ]
    )


def _skipped_note(c: Comparison) -> str:
    if not c.skipped:
        return ""
    return f' · <a href="#skipped">{len(c.skipped)} input{"s" * (len(c.skipped) != 1)} skipped</a>'


def _controls() -> str:
    return (
        '<nav class="controls" aria-label="Filter and sort">'
        '<label>Text <input id="f-text" type="search" placeholder="id, title, source, '
        'evidence…" autocomplete="off"></label>'
        '<label>Stance <select id="f-stance"><option value="">any</option></select></label>'
        '<label>Sort by <select id="f-sort"><option value="input">input order</option>'
        '<option value="id">id</option><option value="title">title</option>'
        '<option value="date">date</option></select></label>'
        '<button type="button" id="f-dir" aria-label="Sort direction">↑ ascending</button>'
        '<details id="f-topics"><summary>Topics</summary><div id="f-topic-list"></div>'
        "</details>"
        '<output id="f-count" aria-live="polite"></output></nav>'
    )


def _legend() -> str:
    swatches = "".join(
        f'<span class="sw b{i}" title="score {(-1 + i / 4):+.2f}"></span>'
        for i in range(len(PALETTE))
    )
    glyphs = " ".join(f"{STANCE_GLYPH[s]} {s.value}" for s in STANCE_ORDER)
    return (
        '<p class="legend"><span class="scale">−1 con '
        f"{swatches} +1 pro</span> <span>{escape(glyphs)}</span></p>"
    )


def _timelines(c: Comparison) -> str:
    cells = grid_lookup(c)
    points: dict[str, list[TimePoint]] = {t.id: [] for t in c.pack.topics}
    dated = 0
    for article in c.articles:
        when = sortable_date(article)
        if when is None:
            continue
        dated += 1
        for topic in c.pack.topics:
            cell = cells[(article.id, topic.id)]
            if cell.stance is not Stance.ABSENT:
                points[topic.id].append(TimePoint(when, clamp_score(cell.score), article.group))
    head = (
        '<section id="timeline" aria-labelledby="timeline-h">'
        '<h2 id="timeline-h">Stances over time</h2>'
    )
    if not dated:
        return head + (
            "<p>No article carries a date. Dates come from front matter (<code>date:</code>), "
            "a JSON date field, a page's metadata, or <code>--date-from PATTERN</code> on "
            "file names.</p></section>"
        )
    every = [p for topic_points in points.values() for p in topic_points]
    groups = ranked_groups(every) if every else []
    charts = "".join(
        f'<figure class="tl">{timeline_svg(t, points[t.id], groups=groups)}</figure>'
        for t in c.pack.topics
    )
    note = (
        f"<p>{dated} of {len(c.articles)} articles are dated. Each point is the mean score "
        "of a group's articles in one period; absent topics are left out.</p>"
    )
    return head + note + legend_html(groups) + f'<div class="tl-grid">{charts}</div></section>'


def _topics_table(c: Comparison) -> str:
    rows = "".join(
        f'<tr><th scope="row">{escape(t.label)}</th><td>{escape(t.question)}</td>'
        f"<td>{STANCE_GLYPH[Stance.PRO]} {escape(t.pro)}</td>"
        f"<td>{STANCE_GLYPH[Stance.CON]} {escape(t.con)}</td></tr>"
        for t in c.pack.topics
    )
    return (
        '<section id="topics" aria-labelledby="topics-h"><h2 id="topics-h">Topics and '
        "their poles</h2><table><thead><tr><th>Topic</th><th>Question</th><th>pro</th>"
        f"<th>con</th></tr></thead><tbody>{rows}</tbody></table></section>"
    )


def _skipped_section(c: Comparison) -> str:
    if not c.skipped:
        items = "<p>None: every input was read.</p>"
    else:
        items = (
            "<ul>"
            + "".join(
                f"<li><code>{escape(s.path)}{'' if s.line is None else f':{s.line}'}</code>: "
                f"{escape(s.reason)}</li>"
                for s in c.skipped
            )
            + "</ul>"
        )
    return (
        '<section id="skipped" aria-labelledby="skipped-h"><h2 id="skipped-h">Skipped '
        f"inputs</h2>{items}</section>"
    )
