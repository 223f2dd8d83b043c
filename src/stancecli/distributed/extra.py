"""Whether the `dask` extra is installed, asked only when a cluster is asked for.

Nothing of Dask is imported by `stancecli` itself: a user without the extra never pays
for it, and one who asks for a cluster without it gets one line saying what to install.
"""

from __future__ import annotations

import importlib

from stancecli.errors import UsageError

DASK_INSTALL = "pip install 'stancecli[dask]'"
_MODULES = ("dask.bag", "distributed", "fsspec")


def require_dask() -> None:
    """Raise a UsageError naming the install command unless Dask and fsspec import."""
    for name in _MODULES:
        try:
            importlib.import_module(name)
        except ImportError:
            raise UsageError(
                f"running on a Dask cluster needs the dask extra ({name} is not installed): "
                f"{DASK_INSTALL}"
            ) from None
