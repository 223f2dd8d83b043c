"""The exit codes of the `stance` command, so scripts can tell outcomes apart.

====  ===============  ==========================================================
code  name             meaning
====  ===============  ==========================================================
0     OK               everything asked for was read and compared
1     NOTHING_USABLE   no article could be read, so there was nothing to compare
2     USAGE            bad options or arguments, a bad topic pack or gold file
3     PARTIAL          compared and printed, but some inputs were skipped
4     NO_MATCH         nothing matched: no sentence for `lookup`, no such article or topic
70    INTERNAL         a bug in stance; rerun with --debug and report the trace
====  ===============  ==========================================================

A run that exits 3 still wrote its full output; the skipped inputs are listed on
stderr as `warning: PATH[:LINE]: reason`. Every other non-zero code comes with one
`Error: ...` line on stderr and nothing on stdout, except that a `lookup` with no hit
still prints its (empty) result in the json, jsonl, csv and markdown formats, so a
script's parser does not break on "nothing found".
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """What `stance` returns to the shell; see the module docstring for the table."""

    OK = 0
    NOTHING_USABLE = 1
    USAGE = 2
    PARTIAL = 3
    NO_MATCH = 4  # grep's 1 is taken by NOTHING_USABLE
    INTERNAL = 70  # sysexits.h EX_SOFTWARE

    @property
    def meaning(self) -> str:
        """A short phrase for `--help` and the docs."""
        return _MEANINGS[self]


_MEANINGS: dict[ExitCode, str] = {
    ExitCode.OK: "everything was read and compared",
    ExitCode.NOTHING_USABLE: "no article could be read, nothing to compare",
    ExitCode.USAGE: "bad options or arguments, bad topic pack or gold file",
    ExitCode.PARTIAL: "compared, but some inputs were skipped (see the warnings)",
    ExitCode.NO_MATCH: "nothing matched the query: no sentence, article or topic",
    ExitCode.INTERNAL: "a bug in stance: rerun with --debug and report it",
}


def exit_code_table() -> str:
    """The codes as aligned lines, e.g. for a help epilog."""
    return "\n".join(f"{code.value:>3}  {code.meaning}" for code in ExitCode)
