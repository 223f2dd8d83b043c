"""Errors the core raises; the CLI turns each into one line and an exit code.

Every message is written for the person at the prompt: it names the file (and where
possible the line, topic or key) and the problem, so it can be acted on without a traceback.
"""

from __future__ import annotations


class StanceError(Exception):
    """Base of every error a user may see; never raised bare."""


class InputError(StanceError):
    """An article could not be read: missing, unreadable, undecodable, empty or malformed."""


class TopicPackError(StanceError):
    """A topic pack is malformed: the message names the file, the topic and the key.

    `problems` holds every problem found, so `stance topics validate` can list them all
    while other commands show the first in one line.
    """

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or [message]


class GoldError(StanceError):
    """A gold-label file for `stance eval` is malformed: the message names the file and line."""


class ModelError(StanceError):
    """A stance model file cannot be used: missing, unreadable or of another format."""


class NoArticlesError(StanceError):
    """Nothing usable was left to compare after every input was read."""


class NoMatchError(StanceError):
    """What was looked up is not there: no sentence, article or topic matches the query.

    Its own exit code, like grep's, so a script can tell "not found" from "failed".
    """


class UsageError(StanceError):
    """A request that cannot be answered as put (an unknown --topic, a title matching
    several articles); the message says how to put it instead."""
