"""Inputs as people have them: mixed folders, FIFOs, stdin, UTF-16 without a BOM, cp1252.

Issue 13: a folder walk says what it passed over (one note line per reason, `skipped` in
JSON, exit 3); a FIFO or /dev/stdin named on the command line is read as `cat` would; the
encoding is detected, not guessed by hand rules, and binary is still refused.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stancecli.cli import app
from stancecli.io.encoding import BINARY, UNDECODABLE
from stancecli.io.loading import load_articles

runner = CliRunner()
CORPUS = Path(__file__).resolve().parents[1] / "corpus"
KEEP = (
    "We must keep the sanctions on Russia in place. Lifting sanctions would be a grave mistake.\n"
)
needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "keep.md").write_text(KEEP, encoding="utf-8")
    (folder / "r.bin").write_bytes(os.urandom(64))
    (folder / "notes.docx").write_bytes(b"PK\x03\x04" + os.urandom(32))
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "f.txt")
    return folder


@needs_fifo
def test_a_mixed_folder_notes_each_reason_once_lists_skipped_and_exits_3(mixed: Path) -> None:
    result = runner.invoke(app, ["compare", str(mixed), "--format", "json"])
    assert result.exit_code == 3, result.output
    notes = [line for line in result.stderr.splitlines() if line.startswith("note:")]
    assert notes == [
        f"note: 1 file not read: not a regular file ({mixed / 'f.txt'})",
        "note: 2 files not read: unknown file type (.bin, .docx)",
    ]
    assert "warning:" not in result.stderr  # one line per reason, not one per file
    data = json.loads(result.stdout)
    assert [a["id"] for a in data["articles"]] == ["keep"]
    assert sorted((Path(s["path"]).name, s["reason"]) for s in data["skipped"]) == [
        ("f.txt", "not a regular file"),
        ("notes.docx", "unknown file type"),
        ("r.bin", "unknown file type"),
    ]


@needs_fifo
def test_a_fifo_named_on_the_command_line_is_read_like_cat_would(tmp_path: Path) -> None:
    fifo = tmp_path / "speech.txt"
    os.mkfifo(fifo)

    def writer() -> None:
        with open(fifo, "w", encoding="utf-8") as handle:
            handle.write(KEEP)

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    result = runner.invoke(app, ["compare", str(fifo), "--format", "json"])
    thread.join(timeout=10)
    assert result.exit_code == 0, result.output
    cells = {c["topic"]: c["stance"] for c in json.loads(result.stdout)["cells"]}
    assert cells["sanctions"] == "pro"


@pytest.mark.skipif(not Path("/dev/stdin").exists(), reason="no /dev/stdin on this platform")
def test_dev_stdin_is_read() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "stancecli", "compare", "/dev/stdin", "--format", "json"],
        input=KEEP.encode("utf-8"),
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr.decode()
    cells = {c["topic"]: c["stance"] for c in json.loads(proc.stdout)["cells"]}
    assert cells["sanctions"] == "pro"


ARTICLE = (CORPUS / "overcoming-the-wrong-detente.md").read_text(encoding="utf-8")
FRENCH_NAMES = "Le président Macron a parlé de la détente; l'élève était fâché, à côté du garçon."


@pytest.mark.parametrize(
    ("encoding", "text", "read_as"),
    [
        ("utf-16-le", ARTICLE, "utf_16_le"),
        ("utf-16-be", ARTICLE, "utf_16_be"),
        ("utf-32-le", ARTICLE, "utf_32_le"),
        ("cp1252", ARTICLE + "\n\nIt costs €5 – “they said” – naïve.\n", "cp1252"),
        (
            "latin-1",
            ARTICLE.replace("’", "'")
            .replace("“", '"')
            .replace("”", '"')
            .replace("—", "-")
            .replace("–", "-")
            + "\n\n"
            + FRENCH_NAMES
            + "\n",
            None,
        ),
        ("utf-16-le", "The sanctions must stay.\n", "utf_16_le"),
        ("latin-1", "Détente with Russia.\n", None),
    ],
    ids=[
        "utf-16-le",
        "utf-16-be",
        "utf-32-le",
        "cp1252",
        "latin-1",
        "short-utf-16",
        "short-latin1",
    ],
)
def test_files_without_a_bom_are_read_with_the_right_text(
    tmp_path: Path, encoding: str, text: str, read_as: str | None
) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(text.encode(encoding))
    loaded = load_articles([str(path)])
    assert loaded.skipped == ()
    expected = load_articles([str(_utf8_copy(tmp_path, text))]).articles[0]
    assert loaded.articles[0].text == expected.text
    assert loaded.articles[0].info.title == expected.info.title

    result = runner.invoke(app, ["compare", str(path), "--format", "json", "--debug"])
    assert result.exit_code == 0, result.output
    used = [line for line in result.stderr.splitlines() if "read as" in line]
    assert used and used[0].startswith("debug: ")
    if read_as is not None:
        assert used[0].endswith(f"read as {read_as}")


def _utf8_copy(tmp_path: Path, text: str) -> Path:
    (tmp_path / "utf8").mkdir()
    path = tmp_path / "utf8" / "article.txt"  # the same name: a title may be the file's
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(4000), id="png"),
        pytest.param(os.urandom(8000), id="random"),
        pytest.param(b"\x1f\x8b\x08\x00" + os.urandom(3000), id="gzip"),
        pytest.param(b"\x00\x01", id="two-bytes"),
        pytest.param(b"PK\x03\x04" + bytes(range(256)) * 20, id="zip-like"),
    ],
)
def test_binary_is_still_refused(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "scan.txt"
    path.write_bytes(data)
    loaded = load_articles([str(path)])
    assert loaded.articles == ()
    assert loaded.skipped[0].reason in (BINARY, UNDECODABLE)
