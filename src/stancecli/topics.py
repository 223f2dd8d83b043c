"""Topic packs: the debate's questions as data, validated before anything is matched.

A pack is TOML so users can write their own for their own debate. Every mistake is found
on load and named by file, topic and key, because a silently ignored typo ("keyword" for
"keywords") would make a topic quietly absent from every article.

A pack may say `extends = "default"`: it then starts from the bundled pack, a topic with
an id already there replaces only the keys it gives, and new ids are added after. Users
mostly want to adjust a pack that nearly fits, not to copy and maintain all of it.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from stancecli.bundled import data_bytes
from stancecli.cache import cached, source_key
from stancecli.errors import TopicPackError
from stancecli.models import Topic, TopicPack
from stancecli.serialize import topic_to_dict

DEFAULT_PACK = "default"
_ID_RE = re.compile(r"^[a-z][a-z0-9_-]*$")
_TOPIC_KEYS = {"id", "label", "question", "pro", "con", "keywords", "pro_cues", "con_cues"}
_PACK_KEYS = {"name", "description", "topic", "extends"}
#: Packs a user's pack may build on with `extends = "..."`; only the bundled one for now.
EXTENDABLE = (DEFAULT_PACK,)
_REQUIRED_TEXT = ("id", "label", "question", "pro", "con")

# Limits on a pack, far above any real debate (the bundled pack has 9 topics, 531 phrases,
# none over 34 characters) and low enough that compiling a pack and matching with it stay
# quick: the matcher compares each distinct word of a text with every phrase word, and
# indexes each way of splitting a long word, so a hostile pack (100,000 keywords, a 1 MB
# keyword) would otherwise take minutes per article. Each is a validation problem.
MAX_PACK_BYTES = 1_000_000
MAX_TOPICS = 200
MAX_PACK_PHRASES = 5_000  # keyword variants and cues, over all topics
MAX_PHRASE_CHARS = 200
MAX_PHRASE_WORDS = 12
MAX_TEXT_CHARS = 500  # a label, question, pole word, name or description


def default_pack() -> TopicPack:
    """The bundled pack for the 2017 debate on a rapprochement with Russia."""
    return parse_pack(_bundled_text(DEFAULT_PACK), source=DEFAULT_PACK)


def starter_pack_text() -> str:
    """The commented pack `stance topics init` writes: a template that already validates."""
    return _bundled_text("starter")


def _bundled_text(name: str) -> str:
    return data_bytes("topics", f"{name}.toml").decode("utf-8")


def load_pack(path: Path | str | None) -> TopicPack:
    """A user's pack from a file, or the default pack when no path is given."""
    if path is None:
        return default_pack()
    return parse_pack(read_pack_text(path), source=str(Path(path)))


def pack_problems(text: str, *, source: str) -> list[str]:
    """Every problem of a pack, each a line naming the file, topic and key; empty when valid."""
    import tomllib  # imported where a pack is parsed: a cached pack needs no parser

    if len(text) > MAX_PACK_BYTES:
        return [_too_large(source)]
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return [f"{source}: invalid TOML: {exc}"]
    except RecursionError:
        return [f"{source}: invalid TOML: nested too deeply"]
    problems: list[str] = []
    _check_pack(data, source, problems, _base_topics(data, source, problems))
    if not problems:
        _check_limits(data, source, problems)
    return problems


def _too_large(source: str) -> str:
    return f"{source}: larger than a topic pack may be ({MAX_PACK_BYTES:,} characters)"


def _check_limits(data: Mapping[str, Any], source: str, problems: list[str]) -> None:
    """The pack's size against the MAX_ limits above (its structure is already valid)."""
    topics = data.get("topic", [])
    if len(topics) > MAX_TOPICS:
        problems.append(f"{source}: {len(topics):,} topics, more than the {MAX_TOPICS} allowed")
    for key in ("name", "description"):
        if isinstance(data.get(key), str) and len(data[key]) > MAX_TEXT_CHARS:
            problems.append(f"{source}: key '{key}': longer than {MAX_TEXT_CHARS} characters")
    phrases = 0
    for raw in topics:
        where = f"{source}: topic '{raw['id']}'"
        for key in _REQUIRED_TEXT:
            if len(raw.get(key, "")) > MAX_TEXT_CHARS:
                problems.append(f"{where}: key '{key}': longer than {MAX_TEXT_CHARS} characters")
        for key in ("keywords", "pro_cues", "con_cues"):
            for entry in raw.get(key, []):
                for phrase in entry if isinstance(entry, list) else [entry]:
                    phrases += 1
                    if len(phrase) > MAX_PHRASE_CHARS or len(phrase.split()) > MAX_PHRASE_WORDS:
                        problems.append(
                            f"{where}: key '{key}': phrase '{phrase[:40]}...' is longer than "
                            f"{MAX_PHRASE_WORDS} words or {MAX_PHRASE_CHARS} characters"
                        )
    if phrases > MAX_PACK_PHRASES:
        problems.append(
            f"{source}: {phrases:,} keywords and cues, more than the {MAX_PACK_PHRASES:,} allowed"
        )


def parse_pack(text: str, *, source: str) -> TopicPack:
    """Validate and build a pack; the error carries every problem, the message the first.

    What validation leaves (the name, the description and the topics' tables, merged with
    the bundled pack's when the pack extends it) is kept in the run cache: parsing and
    checking the TOML was most of the time a cold start spent on the pack. The key names
    the text, its source, the bundled pack and this module's code.
    """
    inputs = "\0".join((source, text, _bundled_text(DEFAULT_PACK)))
    key = source_key([sys.modules[__name__]], inputs.encode("utf-8", "surrogatepass"))
    if key is None:
        name, description, topics = _validated(text, source)
    else:
        name, description, topics = cached(
            "pack", key, lambda: _validated(text, source), _is_validated
        )
    return TopicPack(
        name=name,
        source=source,
        topics=tuple(_build_topic(raw) for raw in topics),
        description=description,
    )


_Validated = tuple[str, str, list[dict[str, Any]]]


def _validated(text: str, source: str) -> _Validated:
    """The pack's name, description and merged topic tables, or the error naming its problems."""
    import tomllib

    problems = pack_problems(text, source=source)
    if problems:
        raise TopicPackError(_summary(problems), problems)
    data = tomllib.loads(text)
    base = _base_topics(data, source, [])
    topics = _merged_topics(data.get("topic", []), base)
    name = str(data.get("name") or Path(source).stem)
    description = data.get("description")
    if description is None and base is not None:
        description = _base_description(str(data["extends"]))
    return name, str(description or ""), topics


def _is_validated(value: object) -> bool:
    """Shaped like `_validated`'s answer, and a pack that passes the checks a file must
    pass? A tampered entry is then rebuilt from the file, never half used."""
    if not (isinstance(value, tuple) and len(value) == 3):
        return False
    name, description, topics = value
    if not (isinstance(name, str) and isinstance(description, str)):
        return False
    data = {"name": name, "description": description, "topic": topics}
    problems: list[str] = []
    _check_pack(data, "cache", problems)
    if not problems:
        _check_limits(data, "cache", problems)
    return not problems


def _summary(problems: list[str]) -> str:
    more = len(problems) - 1
    return problems[0] + (f" (and {more} more problem{'s' * (more > 1)})" if more else "")


def _base_topics(
    data: Mapping[str, Any], source: str, problems: list[str]
) -> list[dict[str, Any]] | None:
    """The raw topics of the pack named by `extends`, or None when there is none to extend.

    Raw TOML tables rather than Topics, so a user's topic can override single keys of
    the one it replaces and the merged table is validated as a whole.
    """
    if "extends" not in data:
        return None
    name = data["extends"]
    if not isinstance(name, str) or name not in EXTENDABLE:
        shown = f"unknown pack '{name}'" if isinstance(name, str) else "must be a string"
        expected = ", ".join(f"'{pack}'" for pack in EXTENDABLE)
        problems.append(f"{source}: key 'extends': {shown} (expected {expected})")
        return None
    import tomllib

    topics: list[dict[str, Any]] = tomllib.loads(_bundled_text(name))["topic"]
    return topics


def _base_description(name: str) -> str:
    import tomllib

    return str(tomllib.loads(_bundled_text(name)).get("description", ""))


def _merged_topics(
    own: list[dict[str, Any]], base: list[dict[str, Any]] | None
) -> list[dict[str, Any]]:
    """The base pack's topics in its order, each overridden key by key by the user's topic
    of the same id, then the user's new topics in file order."""
    if base is None:
        return own
    overrides = {raw["id"]: raw for raw in own}
    merged = [{**raw, **overrides.get(raw["id"], {})} for raw in base]
    base_ids = {raw["id"] for raw in base}
    return merged + [raw for raw in own if raw["id"] not in base_ids]


def _check_pack(
    data: Mapping[str, Any],
    source: str,
    problems: list[str],
    base: list[dict[str, Any]] | None = None,
) -> None:
    for key in sorted(set(data) - _PACK_KEYS):
        problems.append(
            f"{source}: unknown key '{key}' (expected one of: name, description, extends, topic)"
        )
    extending = "extends" in data
    topics = data.get("topic", [] if extending else None)
    if not isinstance(topics, list) or not (topics or extending):
        problems.append(f"{source}: no topics: add at least one [[topic]] table")
        return
    base_by_id = {raw["id"]: raw for raw in base or ()}
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
        topic_id = raw.get("id")
        if isinstance(topic_id, str) and topic_id in base_by_id:
            raw = {**base_by_id[topic_id], **raw}  # an override: keys left out come from the base
        _check_topic(raw, where, problems)
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


def topic_detail_to_dict(topic: Topic) -> dict[str, object]:
    """A topic in full (keywords and cues too), for `stance topics --format json`."""
    return {
        **topic_to_dict(topic),
        "keywords": [list(variants) for variants in topic.keywords],
        "pro_cues": list(topic.pro_cues),
        "con_cues": list(topic.con_cues),
    }


def pack_to_dict(pack: TopicPack, topics: tuple[Topic, ...] | None = None) -> dict[str, object]:
    """A pack (or some of its topics) as JSON-ready data, schema_version 1 like every output."""
    return {
        "schema_version": 1,
        "pack": {"name": pack.name, "source": pack.source, "description": pack.description},
        "topics": [topic_detail_to_dict(t) for t in (pack.topics if topics is None else topics)],
    }


def read_pack_text(path: Path | str) -> str:
    """A pack file's text, with the same one-line errors as `load_pack`."""
    file = Path(path)
    try:
        with file.open("rb") as handle:
            data = handle.read(MAX_PACK_BYTES * 4 + 1)  # UTF-8 needs at most 4 bytes a character
        if len(data) > MAX_PACK_BYTES * 4:
            raise TopicPackError(_too_large(str(file)))
        return data.decode("utf-8")
    except FileNotFoundError:
        raise TopicPackError(f"{file}: no such topic pack") from None
    except IsADirectoryError:
        raise TopicPackError(f"{file}: is a folder, not a topic pack file") from None
    except UnicodeDecodeError:
        raise TopicPackError(f"{file}: not UTF-8 text") from None
    except OSError as exc:
        raise TopicPackError(f"{file}: cannot read ({exc.strerror or exc})") from None
