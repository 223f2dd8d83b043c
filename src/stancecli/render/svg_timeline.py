"""Stances over time as inline SVG: one small chart per topic, one line per group.

A charting library would have to be embedded whole in every report (and kept up to
date); what is drawn here is small: dated points on a −1..+1 axis, averaged per period
and group, joined by lines. Groups differ by colour (Okabe–Ito, safe for the common
colour-vision deficiencies) and by marker shape, so the legend reads in greyscale too.
Every label is escaped: group names and pole words come from the user's data.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from stancecli.models import Topic

#: Okabe & Ito's palette, black last: distinct under protanopia, deuteranopia, tritanopia.
GROUP_COLOURS = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#000000",
)
MARKERS = ("circle", "square", "triangle", "diamond", "down", "plus", "cross", "star")
MAX_GROUPS = len(GROUP_COLOURS)  # the rest are drawn together as "other"
OTHER = "other"
ALL = "all articles"

WIDTH, HEIGHT = 560, 230
LEFT, RIGHT, TOP, BOTTOM = 92, 16, 28, 40


@dataclass(frozen=True)
class TimePoint:
    """One article's score on a topic at its date (an ISO prefix), in its group."""

    when: str
    score: float
    group: str | None


def _position(iso: str) -> float:
    """An ISO prefix as a fractional year; a bare year or month sits in its middle."""
    parts = [int(p) for p in iso.split("-")]
    year = parts[0]
    if len(parts) == 1:
        return year + 0.5
    month = parts[1]
    day = parts[2] if len(parts) > 2 else 15
    return year + (month - 1) / 12 + (min(day, 30) - 1) / 360


def _period(iso: str, granularity: str) -> str:
    return iso[:4] if granularity == "year" else iso[:7] if granularity == "month" else iso


def _granularity(points: Sequence[TimePoint]) -> str:
    """Years when the dates span years, else months, else days: a readable number of
    periods whatever the data, and never a finer period than the dates carry."""
    span = max(_position(p.when) for p in points) - min(_position(p.when) for p in points)
    if span >= 3 or any(len(p.when) == 4 for p in points):
        return "year"
    if span >= 0.25 or any(len(p.when) == 7 for p in points):
        return "month"
    return "day"


def ranked_groups(points: Sequence[TimePoint]) -> list[str]:
    """The groups drawn, largest first; past MAX_GROUPS the rest go into "other"."""
    sizes: dict[str, int] = defaultdict(int)
    for p in points:
        sizes[p.group or ALL] += 1
    ranked = sorted(sizes, key=lambda g: (-sizes[g], g))
    if len(ranked) > MAX_GROUPS:
        return [*ranked[: MAX_GROUPS - 1], OTHER]
    return ranked


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    r = 4.5
    fill = f'fill="{colour}" stroke="#fff" stroke-width="1"'
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" {fill}/>'
    if shape == "square":
        return f'<rect x="{x - r:.1f}" y="{y - r:.1f}" width="{2 * r}" height="{2 * r}" {fill}/>'
    if shape in ("triangle", "down"):
        d = -1 if shape == "triangle" else 1
        pts = f"{x:.1f},{y + d * r:.1f} {x - r:.1f},{y - d * r:.1f} {x + r:.1f},{y - d * r:.1f}"
        return f'<polygon points="{pts}" {fill}/>'
    if shape == "diamond":
        pts = f"{x:.1f},{y - r:.1f} {x + r:.1f},{y:.1f} {x:.1f},{y + r:.1f} {x - r:.1f},{y:.1f}"
        return f'<polygon points="{pts}" {fill}/>'
    if shape == "star":  # a ring: hollow, unlike every other marker
        ring = f'fill="#fff" stroke="{colour}" stroke-width="2.5"'
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" {ring}/>'
    left, right, up, down = x - r, x + r, y - r, y + r
    if shape == "plus":
        arms = f"M{left:.1f},{y:.1f}H{right:.1f}M{x:.1f},{up:.1f}V{down:.1f}"
    else:
        arms = (
            f"M{left:.1f},{up:.1f}L{right:.1f},{down:.1f}"
            f"M{left:.1f},{down:.1f}L{right:.1f},{up:.1f}"
        )
    return f'<path d="{arms}" stroke="{colour}" stroke-width="2.5" fill="none"/>'


def _ticks(low: float, high: float, granularity: str) -> list[tuple[float, str]]:
    """Year ticks (every n-th year, at most eight), or month ticks in a short span."""
    if granularity != "year" and high - low < 2:
        ticks = []
        month = int(low * 12)
        while month / 12 <= high:
            year, m = divmod(month, 12)
            ticks.append((year + m / 12, f"{year}-{m + 1:02d}"))
            month += 1
        step = max(1, len(ticks) // 8 + (len(ticks) % 8 > 0))
        return [t for t in ticks if low <= t[0] <= high][::step]
    first, last = int(low), int(high)
    step = max(1, (last - first) // 8 + 1)
    return [(float(y), str(y)) for y in range(first, last + 1, step) if low <= y <= high]


def timeline_svg(topic: Topic, points: Sequence[TimePoint], *, groups: Sequence[str]) -> str:
    """One topic's chart: mean score per period and group, with axes, labels, legend.

    `groups` is `ranked_groups` of all topics' points, so a group keeps one colour and
    one marker in every chart of the report.
    """
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    title = escape(topic.label)
    head = (
        f'<svg class="timeline" viewBox="0 0 {WIDTH} '
        f'{HEIGHT}" role="img" aria-labelledby="tl-{escape(topic.id)}">'
        f'<title id="tl-{escape(topic.id)}">{title}: stance over time</title>'
        f'<text x="{LEFT}" y="16" class="tl-title">{title}</text>'
    )
    if not points:
        return head + (
            f'<text x="{LEFT}" y="{TOP + plot_h / 2:.0f}" class="tl-empty">No dated article '
            "takes this topic up.</text></svg>"
        )
    granularity = _granularity(points)
    known = set(groups)
    sums: dict[tuple[str, str], list[float]] = defaultdict(list)
    for p in points:
        group = p.group or ALL
        sums[(group if group in known else OTHER, _period(p.when, granularity))].append(p.score)
    xs = [_position(period) for _, period in sums]
    low, high = min(xs), max(xs)
    if high - low < 1e-9:
        low, high = low - 0.5, high + 0.5
    pad = (high - low) * 0.04
    low, high = low - pad, high + pad

    def x_of(value: float) -> float:
        return LEFT + (value - low) / (high - low) * plot_w

    def y_of(score: float) -> float:
        return TOP + (1 - (score + 1) / 2) * plot_h

    parts = [head]
    for score in (-1.0, -0.5, 0.0, 0.5, 1.0):
        y = y_of(score)
        cls = "tl-zero" if score == 0 else "tl-rule"
        parts.append(
            f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{y:.1f}" y2="{y:.1f}" class="{cls}"/>'
        )
        label = {1.0: f"+1 {topic.pro}", -1.0: f"−1 {topic.con}", 0.0: "0"}.get(
            score, f"{score:+.1f}".replace("-", "−")
        )
        parts.append(
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" class="tl-label" text-anchor="end">'
            f"{escape(_fit(label, 13))}</text>"
        )
    base = TOP + plot_h
    parts.append(
        f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{base}" y2="{base}" class="tl-axis"/>'
    )
    parts.append(f'<line x1="{LEFT}" x2="{LEFT}" y1="{TOP}" y2="{base}" class="tl-axis"/>')
    for value, label in _ticks(low, high, granularity):
        x = x_of(value)
        parts.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{base}" y2="{base + 5}" class="tl-axis"/>'
        )
        parts.append(
            f'<text x="{x:.1f}" y="{base + 18}" class="tl-label" '
            f'text-anchor="middle">{label}</text>'
        )
    parts.append(
        f'<text x="{LEFT + plot_w / 2:.0f}" y="{HEIGHT - 4}" class="tl-axis-name" '
        f'text-anchor="middle">date (mean score per {granularity})</text>'
    )
    for number, group in enumerate(groups):
        series = sorted(
            (_position(period), sum(v) / len(v), len(v))
            for (g, period), v in sums.items()
            if g == group
        )
        if not series:
            continue
        colour = GROUP_COLOURS[number % len(GROUP_COLOURS)]
        shape = MARKERS[number % len(MARKERS)]
        if len(series) > 1:
            path = " ".join(f"{x_of(x):.1f},{y_of(y):.1f}" for x, y, _ in series)
            parts.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="1.8" '
                'stroke-opacity="0.85"/>'
            )
        for x, y, count in series:
            parts.append(
                f"<g><title>{escape(group)}: {y:+.2f} over {count} "
                f"article{'s' if count != 1 else ''}</title>"
                f"{_marker(shape, x_of(x), y_of(y), colour)}</g>"
            )
    parts.append("</svg>")
    return "".join(parts)


def legend_html(groups: Sequence[str]) -> str:
    """The groups' colours and markers, once for all the charts."""
    items = []
    for number, group in enumerate(groups):
        colour = GROUP_COLOURS[number % len(GROUP_COLOURS)]
        shape = MARKERS[number % len(MARKERS)]
        items.append(
            '<li><svg width="16" height="16" '
            f'viewBox="0 0 16 16" aria-hidden="true">{_marker(shape, 8, 8, colour)}</svg>'
            f"{escape(group)}</li>"
        )
    return '<ul class="tl-legend">' + "".join(items) + "</ul>"


def _fit(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
