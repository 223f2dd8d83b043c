"""Topic packs: the debate's questions as data, validated before anything is matched.

A pack is TOML so users can write their own for their own debate. Every mistake is found
on load and named by file, topic and key, because a silently ignored typo ("keyword" for
"keywords") would make a topic quietly absent from every article.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from stancecli.errors import TopicPackError
from stancecli.models import Topic, TopicPack

DEFAULT_PACK = "default"
_ID_RE = re.compile(r"^[a-z][a-z0-9_-]*$")
_TOPIC_KEYS = {"id", "label", "question", "pro", "con", "keywords", "pro_cues", "con_cues"}
_PACK_KEYS = {"name", "description", "topic"}
_REQUIRED_TEXT = ("id", "label", "question", "pro", "con")


def default_pack() -> TopicPack:
    """The bundled pack for the 2017 debate on a rapprochement with Russia."""
    ref = resources.files("stancecli") / "data" / "topics" / f"{DEFAULT_PACK}.toml"
    return parse_pack(ref.read_text(encoding="utf-8"), source=DEFAULT_PACK)


def load_pack(path: Path | str | None) -> TopicPack:
    """A user's pack from a file, or the default pack when no path is given."""
    if path is None:
        return default_pack()
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise TopicPackError(f"{file}: no such topic pack") from None
    except IsADirectoryError:
        raise TopicPackError(f"{file}: is a folder, not a topic pack file") from None
    except UnicodeDecodeError:
        raise TopicPackError(f"{file}: not UTF-8 text") from None
    except OSError as exc:
        raise TopicPackError(f"{file}: cannot read ({exc.strerror or exc})") from None
    return parse_pack(text, source=str(file))


def pack_problems(text: str, *, source: str) -> list[str]:
    """Every problem of a pack, each a line naming the file, topic and key; empty when valid."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return [f"{source}: invalid TOML: {exc}"]
    problems: list[str] = []
    _check_pack(data, source, problems)
    return problems


def parse_pack(text: str, *, source: str) -> TopicPack:
    """Validate and build a pack; the error carries every problem, the message the first."""
    problems = pack_problems(text, source=source)
    if problems:
        raise TopicPackError(_summary(problems), problems)
    data = tomllib.loads(text)
    topics = tuple(_build_topic(raw) for raw in data["topic"])
    name = str(data.get("name") or Path(source).stem)
    return TopicPack(
        name=name, source=source, topics=topics, description=str(data.get("description", ""))
    )


def _summary(problems: list[str]) -> str:
    more = len(problems) - 1
    return problems[0] + (f" (and {more} more problem{'s' * (more > 1)})" if more else "")


def _check_pack(data: Mapping[str, Any], source: str, problems: list[str]) -> None:
    for key in sorted(set(data) - _PACK_KEYS):
        problems.append(
            f"{source}: unknown key '{key}' (expected one of: name, description, topic)"
        )
    topics = data.get("topic")
    if not isinstance(topics, list) or not topics:
        problems.append(f"{source}: no topics: add at least one [[topic]] table")
        return
    seen: set[str] = set()
    for number, raw in enumerate(topics, start=1):
        if not isinstance(raw, dict):
            problems.append(f"{source}: topic #{number}: must be a [[topic]] table")
            continue
        where = (
            f"{source}: topic '{raw['id']}'"
            if isinstance(raw.get("id"), str)
            else (f"{source}: topic #{number}")
        )
        _check_topic(raw, where, problems)
        topic_id = raw.get("id")
        if isinstance(topic_id, str):
            if topic_id in seen:
                problems.append(f"{where}: key 'id': duplicate id '{topic_id}'")
            seen.add(topic_id)


def _check_topic(raw: Mapping[str, Any], where: str, problems: list[str]) -> None:
    for key in sorted(set(raw) - _TOPIC_KEYS):
        problems.append(f"{where}: unknown key '{key}'")
    for key in _REQUIRED_TEXT:
        value = raw.get(key)
        if value is None:
            problems.append(f"{where}: key '{key}': missing")
        elif not isinstance(value, str) or not value.strip():
            problems.append(f"{where}: key '{key}': must be a non-empty string")
    topic_id = raw.get("id")
    if isinstance(topic_id, str) and topic_id and not _ID_RE.match(topic_id):
        problems.append(
            f"{where}: key 'id': '{topic_id}' must be lower-case letters, digits, '_' or '-'"
        )
    keywords = raw.get("keywords")
    if keywords is None:
        problems.append(f"{where}: key 'keywords': missing")
    elif not isinstance(keywords, list) or not keywords:
        problems.append(f"{where}: key 'keywords': must be a non-empty list of phrases")
    else:
        for index, entry in enumerate(keywords, start=1):
            variants = entry if isinstance(entry, list) else [entry]
            if not variants or not all(_is_phrase(v) for v in variants):
                problems.append(
                    f"{where}: key 'keywords': entry {index} must be a phrase with a word in it "
                    "or a list of such variants"
                )
    for key in ("pro_cues", "con_cues"):
        cues = raw.get(key, [])
        if not isinstance(cues, list) or not all(_is_phrase(c) for c in cues):
            problems.append(f"{where}: key '{key}': must be a list of phrases")


def _is_phrase(value: object) -> bool:
    return isinstance(value, str) and any(ch.isalnum() for ch in value)


def _build_topic(raw: Mapping[str, Any]) -> Topic:
    keywords = tuple(
        tuple(entry) if isinstance(entry, list) else (entry,) for entry in raw["keywords"]
    )
    return Topic(
        id=raw["id"],
        label=raw["label"].strip(),
        question=raw["question"].strip(),
        pro=raw["pro"].strip(),
        con=raw["con"].strip(),
        keywords=keywords,
        pro_cues=tuple(raw.get("pro_cues", ())),
        con_cues=tuple(raw.get("con_cues", ())),
    )
