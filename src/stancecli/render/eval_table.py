"""The terminal view of `stance eval`: figures per topic, the overall line, the confusion
matrix and the wrong cells, in that order, so the summary comes first and the evidence
for it follows. Returns a renderable; never prints.
"""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from stancecli.evaluation import (
    STANCE_ORDER,
    EvalReport,
    Figures,
    KindFigures,
    expected_calibration_error,
)
from stancecli.models import Stance


def _fraction(numerator: int, denominator: int) -> str:
    """ "10/12 83%": the counts show how much the percentage can be trusted."""
    if not denominator:
        return "–"
    return f"{numerator}/{denominator} {round(100 * numerator / denominator)}%"


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{round(100 * value)}%"


def _gold_text(gold: tuple[Stance, ...]) -> str:
    return " or ".join(stance.value for stance in gold)


def _figures_row(f: Figures) -> list[str]:
    return [
        _fraction(f.polar_correct, f.polar_cells),
        str(f.sign_errors),
        _fraction(f.correct, f.cells),
        _percent(f.detection_precision),
        _percent(f.detection_recall),
    ]


def _topics_table(r: EvalReport) -> Table:
    table = Table(title="By topic", box=box.SIMPLE_HEAD, title_justify="left")
    table.add_column("Topic", overflow="fold")
    for name in ("Polar acc.", "Sign err.", "Accuracy", "Det. P", "Det. R"):
        table.add_column(name, justify="right", no_wrap=True)
    for t in r.topics:
        sign_style = "bold red" if t.figures.sign_errors else ""
        row = _figures_row(t.figures)
        table.add_row(t.label, row[0], Text(row[1], style=sign_style), *row[2:])
    table.add_section()
    overall = _figures_row(r.overall)
    table.add_row(
        Text("Overall", style="bold"),
        *(Text(cell, style="bold") for cell in overall),
    )
    return table


def _overall_line(r: EvalReport) -> Text:
    f = r.overall
    docs = len(r.scored_docs)
    text = Text()
    text.append("Overall: ", style="bold")
    text.append(f"polar accuracy {_fraction(f.polar_correct, f.polar_cells)}, ")
    text.append(
        f"{f.sign_errors} sign error{'s' if f.sign_errors != 1 else ''}",
        style="bold red" if f.sign_errors else "",
    )
    text.append(
        f", accuracy {_fraction(f.correct, f.cells)}, "
        f"detection precision {_percent(f.detection_precision)} "
        f"recall {_percent(f.detection_recall)} "
        f"({docs} doc{'s' if docs != 1 else ''} scored)"
    )
    return text


def _kinds_line(kinds: tuple[KindFigures, ...]) -> Text | None:
    if not kinds:
        return None
    parts = [f"{k.kind} {_fraction(k.figures.correct, k.figures.cells)}" for k in kinds]
    return Text("By kind: " + ", ".join(parts))


def _confusion_table(r: EvalReport) -> Table:
    table = Table(
        title="Confusion (rows gold, columns predicted)",
        box=box.SIMPLE_HEAD,
        title_justify="left",
    )
    table.add_column("gold \\ predicted", no_wrap=True)
    for stance in STANCE_ORDER:
        table.add_column(stance.value, justify="right", no_wrap=True)
    for i, gold in enumerate(STANCE_ORDER):
        cells: list[RenderableType] = [gold.value]
        for j, count in enumerate(r.confusion[i]):
            style = "bold" if i == j and count else ("dim" if not count else "")
            cells.append(Text(str(count), style=style))
        table.add_row(*cells)
    return table


def _wrong_table(r: EvalReport) -> RenderableType:
    wrong = r.wrong
    if not wrong:
        return Text("No wrong cells.", style="green")
    labels = {t.topic: t.label for t in r.topics}
    show_kind = any(o.kind for o in wrong)
    table = Table(title=f"Wrong cells ({len(wrong)})", box=box.SIMPLE_HEAD, title_justify="left")
    table.add_column("Doc", overflow="fold")
    table.add_column("Topic", overflow="fold")
    table.add_column("Gold", overflow="fold")
    table.add_column("Predicted", overflow="fold")
    if show_kind:
        table.add_column("Kind")
    for o in wrong:
        predicted = Text(o.predicted.value, style="bold red" if o.sign_error else "")
        if o.sign_error:
            predicted.append(" (sign error)", style="bold red")
        row: list[RenderableType] = [
            o.doc,
            labels.get(o.topic, o.topic),
            _gold_text(o.gold),
            predicted,
        ]
        if show_kind:
            row.append(o.kind or "")
        table.add_row(*row)
    return table


def _notes(r: EvalReport) -> list[Text]:
    notes = []
    if r.missing_from_comparison:
        notes.append(
            Text(
                "In gold but not compared (not scored): " + ", ".join(r.missing_from_comparison),
                style="yellow",
            )
        )
    if r.missing_from_gold:
        notes.append(
            Text(
                "Compared but not in gold (not scored): " + ", ".join(r.missing_from_gold),
                style="yellow",
            )
        )
    if r.unknown_topics:
        notes.append(
            Text(
                "Gold topics not in the pack (ignored): " + ", ".join(r.unknown_topics),
                style="yellow",
            )
        )
    return notes


def _calibration_line(r: EvalReport) -> Text | None:
    """How far a cell's confidence is from how often cells that sure are right."""
    ece = expected_calibration_error(r.calibration)
    if ece is None:
        return None
    bins = " · ".join(
        f"{b.low:.1f}–{b.high:.1f}: {b.cells} cells, sure {b.mean_confidence:.2f}, "
        f"right {round(100 * b.accuracy)}%"
        for b in r.calibration
    )
    return Text(f"Calibration (expected error {ece:.2f}): {bins}", style="dim")


def eval_renderable(r: EvalReport) -> RenderableType:
    """The whole report as one renderable, for the CLI to print or page."""
    parts: list[RenderableType] = [_topics_table(r), _overall_line(r)]
    kinds = _kinds_line(r.kinds)
    if kinds is not None:
        parts.append(kinds)
    calibrated = _calibration_line(r)
    if calibrated is not None:
        parts.append(calibrated)
    parts.append(Text())
    parts.append(_confusion_table(r))
    parts.append(_wrong_table(r))
    parts.extend(_notes(r))
    return Group(*parts)
