"""Generated UN-style speeches for the many-article tests: a table, a report, a timeline.

The issue's user compares two dozen General Debate speeches named like `RUS_77_2022`
(country, session, year). These are made from one plain sentence per topic and side,
each of which the shipped judge reads the way it is written (checked by the tests that
use them), mixed with a seeded choice of topics per speech, so a folder of 24, 200 or
2,000 speeches has a realistic spread of stances and gaps without shipping any of them.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path

#: One sentence per topic and side; each reads as that side on that topic alone.
SIDES: dict[str, tuple[str, str]] = {
    "sanctions": (
        "We must keep the sanctions on Russia in place.",
        "The sanctions on Russia have failed and should be lifted now.",
    ),
    "minsk": (
        "Any relief must be tied to full implementation of the Minsk agreements.",
        "The Minsk agreements are dead and should be set aside.",
    ),
    "nato_enlargement": (
        "NATO's door must stay open to Ukraine and Georgia.",
        "Ukraine should never be let into NATO; enlargement must stop.",
    ),
    "syria": (
        "We should accept a settlement that keeps Assad in power in Syria.",
        "There can be no peace in Syria with Assad in power.",
    ),
    "crimea": (
        "It is time to recognize that Crimea is part of Russia.",
        "We will never recognize the illegal annexation of Crimea.",
    ),
    "rapprochement": (
        "We should seek a new détente and dialogue with Moscow now.",
        "There can be no rapprochement with Moscow while it wages war.",
    ),
    "deterrence": (
        "NATO must strengthen its forces and deterrence on the eastern flank.",
        "More NATO troops on Russia's border would only provoke Moscow.",
    ),
    "allied_unity": (
        "We must coordinate every step with our NATO and EU allies.",
        "We should act alone rather than wait for our allies.",
    ),
    "exchanges": (
        "We should expand student and cultural exchanges with Russians.",
        "Cultural exchanges with Russia should be curtailed.",
    ),
}

COUNTRIES: tuple[tuple[str, str], ...] = (
    ("RUS", "the Russian Federation"),
    ("USA", "the United States"),
    ("GBR", "the United Kingdom"),
    ("FRA", "France"),
    ("DEU", "Germany"),
    ("POL", "Poland"),
    ("EST", "Estonia"),
    ("LVA", "Latvia"),
    ("LTU", "Lithuania"),
    ("FIN", "Finland"),
    ("SWE", "Sweden"),
    ("ITA", "Italy"),
    ("ESP", "Spain"),
    ("UKR", "Ukraine"),
    ("GEO", "Georgia"),
    ("TUR", "Türkiye"),
    ("CHN", "China"),
    ("IND", "India"),
    ("BRA", "Brazil"),
    ("ZAF", "South Africa"),
    ("JPN", "Japan"),
    ("CAN", "Canada"),
    ("NOR", "Norway"),
    ("HUN", "Hungary"),
)

#: Planted in one speech's title and text by the report tests: it must show, never run.
HOSTILE = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">'


def speech(code: str, name: str, year: int, rng: random.Random) -> tuple[str, str]:
    """The title and body of one country's speech in one year."""
    session = year - 1945
    title = f"Statement by {name} at the {session}th session of the General Assembly"
    lines = [
        f"Mr. President, {name} congratulates you on your election to preside over the "
        f"{session}th session.",
        "",
    ]
    topics = rng.sample(sorted(SIDES), rng.randint(2, 6))
    for topic in topics:
        pro, con = SIDES[topic]
        lines.append(pro if rng.random() < 0.5 else con)
        lines.append("")
    lines.append(f"{name} will remain a faithful member of this Organization in {year}.")
    return title, "\n".join(lines) + "\n"


def speech_ids(
    count: int, first_year: int = 2014, per_year: int = 1
) -> Iterator[tuple[str, str, int]]:
    """(code, country name, year) for `count` speeches: every country `per_year` times a
    year, in turn."""
    for index in range(count):
        code, name = COUNTRIES[index % len(COUNTRIES)]
        yield code, name, first_year + index // (len(COUNTRIES) * per_year)


def write_speeches(
    folder: Path, count: int, *, seed: int = 77, hostile: bool = False, dated: bool = False
) -> list[str]:
    """Write `count` speeches as Markdown files named CODE_SESSION_YEAR.md; returns the ids.

    Without `dated` the front matter has no date, so only a `--date-from` pattern on the
    file name can date them (as for the issue's `RUS_77_2022`).
    """
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    ids = []
    for number, (code, name, year) in enumerate(speech_ids(count)):
        title, body = speech(code, name, year, rng)
        if hostile and number == 0:
            title += " " + HOSTILE
            body += f"\nWe must keep the sanctions on Russia in place, {HOSTILE} said none.\n"
        article_id = f"{code}_{year - 1945}_{year}"
        meta = [f'title: "{_yaml(title)}"', f'speaker: "{name}"', f"country: {code}"]
        if dated:
            meta.append(f"date: {year}-09-2{number % 7}")
        (folder / f"{article_id}.md").write_text(
            "---\n" + "\n".join(meta) + "\n---\n" + body, encoding="utf-8"
        )
        ids.append(article_id)
    return ids


def write_speech_jsonl(
    path: Path, count: int, *, seed: int = 2000, hostile: bool = False
) -> list[str]:
    """`count` speeches as one JSONL export with id, date, speaker and country fields."""
    rng = random.Random(seed)
    ids = []
    with path.open("w", encoding="utf-8") as handle:
        for number, (code, name, year) in enumerate(speech_ids(count, per_year=12)):
            title, body = speech(code, name, year, rng)
            # Many records a year: vary the wording so no two texts are duplicates.
            body += f"\nThis is statement {number} of the record.\n"
            if hostile and number == 0:
                title += " " + HOSTILE
                body += f"\n{HOSTILE}\n"
            article_id = f"{code}_{year - 1945}_{year}_{number}"
            record = {
                "id": article_id,
                "title": title,
                "date": f"{year}-{1 + number // len(COUNTRIES) % 12:02d}-15",
                "speaker": name,
                "country": code,
                "text": body,
            }
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            ids.append(article_id)
    return ids


def _yaml(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')
