"""Connecting to a scheduler: an address (`tcp://HOST:8786`) or `local:N` worker processes.

`local:N` starts a LocalCluster of N single-threaded worker processes on this machine:
the engine is pure Python, so a process per core is what uses the cores, and the same
code then runs unchanged against a real cluster's address.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from stancecli.distributed.extra import require_dask
from stancecli.errors import UsageError

if TYPE_CHECKING:
    from distributed import Client

_LOCAL = re.compile(r"local:(\d+)")
_ADDRESS = re.compile(r"(tcp|tls|ws|wss|ucx|inproc)://\S+")
CONNECT_TIMEOUT = "20s"


def check_scheduler(address: str) -> None:
    """Refuse an address that is neither a scheduler URL nor local:N, before any import."""
    local = _LOCAL.fullmatch(address)
    if local is not None and int(local.group(1)) >= 1:
        return
    if _ADDRESS.fullmatch(address) is None:
        raise UsageError(
            f"--scheduler {address!r}: expected a scheduler address such as "
            "tcp://HOST:8786, or local:N for N worker processes on this machine"
        )


@contextmanager
def connect(address: str) -> Iterator[Client]:
    """A client of the scheduler at `address`, or of a LocalCluster for `local:N`."""
    check_scheduler(address)
    require_dask()
    from distributed import Client

    local = _LOCAL.fullmatch(address)
    if local is not None:
        with local_cluster(int(local.group(1))) as client:
            yield client
        return
    try:
        client = Client(address, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError) as exc:
        reason = " ".join(str(exc).split())[:200]
        raise UsageError(f"cannot reach the Dask scheduler at {address}: {reason}") from None
    with client:
        yield client


@contextmanager
def local_cluster(workers: int, *, quiet: int = logging.ERROR) -> Iterator[Client]:
    """A client of `workers` single-threaded worker processes on this machine.

    One thread a process because the engine is pure Python: threads would share one
    core under the GIL. The dashboard takes any free port, so two runs never clash.
    """
    require_dask()
    from distributed import Client, LocalCluster

    with (
        LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
            silence_logs=quiet,
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client
