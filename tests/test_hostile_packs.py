"""A hostile topic pack gets a clear one-line error, never a hang (issue 13).

The limits are the documented MAX_ constants of `stancecli.topics`; every one is a
validation problem, so `stance topics validate` names it and `--topics` exits 2.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from stancecli.cli import app
from stancecli.errors import TopicPackError
from stancecli.topics import (
    MAX_PACK_BYTES,
    MAX_PACK_PHRASES,
    MAX_PHRASE_CHARS,
    MAX_TOPICS,
    pack_problems,
    parse_pack,
)

runner = CliRunner()
HEAD = '[[topic]]\nid = "t"\nlabel = "T"\nquestion = "Q?"\npro = "yes"\ncon = "no"\n'


def _pack(keywords: list[str]) -> str:
    return HEAD + "keywords = [" + ", ".join(f'"{k}"' for k in keywords) + "]\n"


HOSTILE = {
    "100k-keywords": _pack([f"k{i}" for i in range(100_000)]),
    "over-the-phrase-limit": _pack([f"k{i}" for i in range(MAX_PACK_PHRASES + 1)]),
    "1mb-keyword": _pack(["a" * 1_000_000]),
    "long-keyword": _pack(["a" * (MAX_PHRASE_CHARS + 1)]),
    "many-words": _pack([" ".join(["word"] * 40)]),
    "deep-arrays": "a = " + "[" * 100_000 + "]" * 100_000 + "\n",
    "deep-tables": "a = " + "{b = " * 5_000 + "1" + "}" * 5_000 + "\n",
    "nested-keywords": HEAD + "keywords = " + "[" * 50 + '"x"' + "]" * 50 + "\n",
    "many-topics": "".join(
        HEAD.replace('"t"', f'"t{i}"') + 'keywords = ["k"]\n' for i in range(MAX_TOPICS + 1)
    ),
    "long-label": HEAD.replace('"T"', '"' + "T" * 10_000 + '"') + 'keywords = ["k"]\n',
}
EXPECTED = {
    "100k-keywords": "100,000 keywords and cues, more than the",
    "over-the-phrase-limit": f"more than the {MAX_PACK_PHRASES:,} allowed",
    "1mb-keyword": "larger than a topic pack may be",
    "long-keyword": f"{MAX_PHRASE_CHARS} characters",
    "many-words": "longer than 12 words",
    "deep-arrays": "nested too deeply",
    "deep-tables": "nested too deeply",
    "nested-keywords": "entry 1 must be a phrase",
    "many-topics": f"more than the {MAX_TOPICS} allowed",
    "long-label": "key 'label': longer than",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_pack_is_one_clear_error(name: str) -> None:
    problems = pack_problems(HOSTILE[name], source="hostile.toml")
    assert problems, name
    assert EXPECTED[name] in problems[0], problems[0]
    assert all(p.startswith("hostile.toml") and "\n" not in p for p in problems)
    with pytest.raises(TopicPackError):
        parse_pack(HOSTILE[name], source="hostile.toml")


@pytest.mark.parametrize("name", ["1mb-keyword", "deep-arrays", "over-the-phrase-limit"])
def test_the_cli_exits_2_with_one_line(tmp_path: Path, name: str) -> None:
    path = tmp_path / "hostile.toml"
    path.write_text(HOSTILE[name], encoding="utf-8")
    result = runner.invoke(app, ["compare", "--topics", str(path)])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: {path}"), result.stderr
    assert EXPECTED[name] in lines[0]


def test_invalid_utf8_and_a_file_far_over_the_limit_are_refused_unread(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_bytes(b'name = "x\xff\xfe"\n' + HEAD.encode())
    huge = tmp_path / "huge.toml"
    huge.write_bytes(b"# " + b"x" * (MAX_PACK_BYTES * 4 + 10) + b"\n")
    for path, expected in ((bad, "not UTF-8 text"), (huge, "larger than a topic pack")):
        result = runner.invoke(app, ["topics", "validate", str(path)])
        assert result.exit_code == 2, result.output
        assert expected in result.stderr


def test_a_pack_at_the_limits_still_loads() -> None:
    words = [f"keyword{i}" for i in range(MAX_PACK_PHRASES)]
    pack = parse_pack(_pack(words), source="big.toml")
    assert len(pack.topics[0].keywords) == MAX_PACK_PHRASES
