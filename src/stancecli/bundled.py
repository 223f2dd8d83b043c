"""The files shipped in the package's data/ folder: packs, the lexicon, the model, the corpus.

pip installs stancecli as a folder, so a shipped file is a path beside this module.
importlib.resources also finds them in a zipped install, but importing it and making its
first reader costs a cold start about 7 ms (zipfile, tempfile, random, ...): it is used
only when the folder is not on disk.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_DATA = Path(__file__).parent / "data"


def local_data(*parts: str) -> Path | None:
    """The shipped file or folder as a path on disk, or None when the package is not a
    folder there (then importlib.resources finds it). The path is not resolved, so it
    reads as importlib.resources gives it (`stance compare` prints the corpus' paths)."""
    path = _DATA.joinpath(*parts)
    return path if path.exists() else None


def data_bytes(*parts: str) -> bytes:
    """A shipped file's bytes."""
    local = local_data(*parts)
    if local is not None:
        return local.read_bytes()
    from importlib import resources

    return resources.files("stancecli").joinpath("data", *parts).read_bytes()


@contextmanager
def data_file(*parts: str) -> Iterator[Path]:
    """A shipped file as a path on disk while the block runs (extracted, when zipped)."""
    local = local_data(*parts)
    if local is not None:
        yield local
        return
    from importlib import resources

    with resources.as_file(resources.files("stancecli").joinpath("data", *parts)) as path:
        yield path
