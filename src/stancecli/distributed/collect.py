"""The client's side: one task per partition, results taken back in input order.

Partitions finish in any order; a finished one waits on the client only until those
before it are done, so output streams in the order of a local run. Progress is Dask's
own: a callback hears of each partition as its task completes.

A partition whose worker died under it (Dask gives up with `KilledWorker` once a task
has killed workers more often than `distributed.scheduler.allowed-failures`) is not
lost: its records are run again in halves, and halves of halves, until the record that
kills a worker is alone; that record is skipped with its file and line, the rest compared.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from stancecli.distributed.items import Item, as_item
from stancecli.distributed.worker import EngineSpec, Entry, analyze_items
from stancecli.errors import StanceError
from stancecli.models import Skipped

if TYPE_CHECKING:
    from dask.bag import Bag
    from dask.delayed import Delayed
    from distributed import Client

T = TypeVar("T")


@dataclass(frozen=True)
class PartitionDone:
    """What a progress callback hears: partitions done of all, and what the last held."""

    done: int
    total: int
    articles: int
    size: int


Progress = Callable[[PartitionDone], None]


class ClusterError(StanceError):
    """The cluster could not run a partition for a reason no record explains."""


@dataclass(frozen=True)
class _Plan(Generic[T]):
    parts: Sequence[Delayed]
    spec: Delayed
    run: Callable[..., T]  # (items, spec, partition, *extra) -> T, on a worker
    extra: tuple[Any, ...]
    measure: Callable[[T], tuple[int, int]]  # (articles, characters) a result holds


def plan(bag: Bag, spec: EngineSpec, run: Callable[..., T], *extra: Any,
         measure: Callable[[T], tuple[int, int]]) -> _Plan[T]:  # fmt: skip
    from dask import delayed

    parts = bag.to_delayed(optimize_graph=True)
    return _Plan(parts, delayed(spec, pure=True), run, extra, measure)


def in_order(
    work: _Plan[T],
    *,
    client: Client | None = None,
    on_partition: Progress | None = None,
    salvage: Callable[[Client, _Plan[T], int], T] | None = None,
) -> Iterator[T]:
    """Each partition's result in partition order, computed on `client` (or the one in
    use; without a distributed client, Dask's default scheduler computes them all)."""
    from dask import delayed

    tasks = [
        delayed(work.run, pure=True)(part, work.spec, index, *work.extra)
        for index, part in enumerate(work.parts)
    ]
    total = len(tasks)
    client = client or _current_client()
    if client is None:
        import dask

        for done, result in enumerate(dask.compute(*tasks), start=1):
            _tell(on_partition, work, done, total, result)
            yield result
        return
    from distributed import KilledWorker, as_completed

    futures = client.compute(tasks)
    index_of = {future.key: index for index, future in enumerate(futures)}
    ready: dict[int, T] = {}
    upcoming = done = 0
    for future in as_completed(futures):
        index = index_of[future.key]
        try:
            result = future.result()
        except KilledWorker:
            if salvage is None:
                raise
            result = salvage(client, work, index)
        except Exception as exc:
            raise ClusterError(f"partition {index} failed on the cluster: {_why(exc)}") from exc
        finally:
            future.release()
        done += 1
        _tell(on_partition, work, done, total, result)
        ready[index] = result
        while upcoming in ready:
            yield ready.pop(upcoming)
            upcoming += 1


def _tell(on_partition: Progress | None, work: _Plan[T], done: int, total: int, result: T) -> None:
    if on_partition is not None:
        articles, size = work.measure(result)
        on_partition(PartitionDone(done, total, articles, size))


def _current_client() -> Client | None:
    try:
        from distributed import get_client

        return get_client()
    except (ImportError, ValueError):
        return None


def _why(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {' '.join(str(exc).split())[:200]}"


# --------------------------------------------------------------------------- salvage


def bisect_entries(client: Client, work: _Plan[list[Entry]], index: int) -> list[Entry]:
    """A partition whose worker died, run again in halves until the killer is alone."""
    from dask import delayed

    part = work.parts[index]
    try:
        count: int = client.compute(delayed(len)(part)).result()
    except Exception as exc:  # reading the partition is what kills the worker
        return [Skipped(f"<partition {index}>", f"a worker died reading it ({_why(exc)})")]

    def run(start: int, stop: int) -> list[Entry]:
        task = delayed(_analyze_range, pure=True)(part, work.spec, index, start, stop)
        try:
            result: list[Entry] = client.compute(task).result()
            return result
        except Exception as exc:
            if stop - start > 1:
                middle = (start + stop) // 2
                return run(start, middle) + run(middle, stop)
            item: Item = client.compute(delayed(_describe)(part, index, start)).result()
            reason = f"a worker died on this record ({_why(exc)})"
            return [Skipped(item.source, reason, item.line)]

    return run(0, count) if count else []


def _analyze_range(
    items: Sequence[object], spec: EngineSpec, partition: int, start: int, stop: int
) -> list[Entry]:
    """`analyze_items` on items[start:stop], keeping their places for names and ids."""
    chosen = [as_item(value, partition, start + k) for k, value in enumerate(items[start:stop])]
    return analyze_items(chosen, spec, partition)


def _describe(items: Sequence[object], partition: int, position: int) -> Item:
    """Where one item came from, without its value (the client needs only the name)."""
    item = as_item(items[position], partition, position)
    return Item(item.kind, item.source, item.line, item.stem, None)
