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
from stancecli.distributed.parts import PartWritten, write_entries
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
    spec_value: EngineSpec


def plan(bag: Bag, spec: EngineSpec, run: Callable[..., T], *extra: Any,
         measure: Callable[[T], tuple[int, int]]) -> _Plan[T]:  # fmt: skip
    from dask import delayed

    parts = bag.to_delayed(optimize_graph=True)
    return _Plan(parts, delayed(spec, pure=True), run, extra, measure, spec)


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
    killed: list[int] = []
    upcoming = done = 0

    def take(index: int, got: T) -> Iterator[T]:
        nonlocal done, upcoming
        done += 1
        _tell(on_partition, work, done, total, got)
        ready[index] = got
        while upcoming in ready:
            yield ready.pop(upcoming)
            upcoming += 1

    # Results are fetched as each task ends (a result left on a worker that then dies
    # would be computed again). Partitions whose worker died are searched for their
    # killer only once the rest are in: with nothing else running, no other task dies
    # with the workers the search kills. Output after such a partition waits for it.
    for future, outcome in as_completed(futures, with_results=True, raise_errors=False):
        index = index_of[future.key]
        future.release()
        error = _error_in(outcome)
        if error is None:
            yield from take(index, outcome)
        elif isinstance(error, KilledWorker) and salvage is not None:
            killed.append(index)
        else:
            why = _why(error)
            raise ClusterError(f"partition {index} failed on the cluster: {why}") from error
    for index in sorted(killed):
        assert salvage is not None
        yield from take(index, salvage(client, work, index))


def _tell(on_partition: Progress | None, work: _Plan[T], done: int, total: int, result: T) -> None:
    if on_partition is not None:
        articles, size = work.measure(result)
        on_partition(PartitionDone(done, total, articles, size))


def _error_in(outcome: object) -> BaseException | None:
    """The exception in what `as_completed(raise_errors=False)` hands over for a failed
    task (the exception, or a (type, value, traceback) triple), None for a result."""
    if isinstance(outcome, BaseException):
        return outcome
    if isinstance(outcome, tuple) and len(outcome) == 3 and isinstance(outcome[1], BaseException):
        return outcome[1]
    return None


def _current_client() -> Client | None:
    try:
        from distributed import get_client

        return get_client()
    except (ImportError, ValueError):
        return None


def _why(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {' '.join(str(exc).split())[:200]}"


# --------------------------------------------------------------------------- salvage


SALVAGE_TRIES = 3  # a worker may die of another task's record: a lone record gets 3 tries


def bisect_entries(client: Client, work: _Plan[Any], index: int) -> list[Entry]:
    """A partition whose worker died, run again in halves until the killer is alone.

    Each try is one task that reads the partition itself (under a new key: the scheduler
    remembers the old ones as failed) and compares a range of it, so no try depends on
    data a dying worker held. A range that dies is split; one record that dies
    `SALVAGE_TRIES` times (not just once, since a dying worker also takes down what else
    it was running) is the killer.
    """
    import cloudpickle

    blob = cloudpickle.dumps(work.parts[index])

    def attempt(tries: int, function: Callable[..., Any], *args: Any) -> tuple[Any, str]:
        died = ""
        for _ in range(tries):
            try:
                return client.submit(function, blob, *args, pure=False).result(), ""
            except Exception as exc:  # KilledWorker, or its connection lost as it died
                died = type(exc).__name__
        return None, died

    count, died = attempt(SALVAGE_TRIES, _count_items)
    if died:
        return [Skipped(f"<partition {index}>", f"a worker died reading it ({died})")]

    def run(start: int, stop: int) -> list[Entry]:
        lone = stop - start == 1
        tries = SALVAGE_TRIES if lone else 1
        result, died = attempt(tries, _analyze_range, work.spec_value, index, start, stop)
        if not died:
            entries: list[Entry] = result
            return entries
        if not lone:
            middle = (start + stop) // 2
            return run(start, middle) + run(middle, stop)
        item, _ = attempt(SALVAGE_TRIES, _describe, index, start)
        source, line = (item.source, item.line) if item else (f"<partition {index}>", None)
        return [Skipped(source, f"a worker died on this record ({died})", line)]

    return run(0, count) if count else []


def bisect_written(client: Client, work: _Plan[PartWritten], index: int) -> PartWritten:
    """`bisect_entries` for `write_bag`: the part file is then written by a worker."""
    entries = bisect_entries(client, work, index)
    fs, folder = work.extra
    pack = work.spec_value.pack
    written: PartWritten = client.submit(
        write_entries, entries, pack, index, fs, folder, pure=False
    ).result()
    return written


def _read_partition(blob: bytes) -> list[object]:
    """A partition's items, its graph run inside this one task (so under new keys)."""
    import cloudpickle
    import dask

    part = cloudpickle.loads(blob)
    items: list[object] = list(dask.compute(part, scheduler="sync")[0])
    return items


def _count_items(blob: bytes) -> int:
    return len(_read_partition(blob))


def _analyze_range(blob: bytes, spec: EngineSpec, partition: int, start: int, stop: int
                   ) -> list[Entry]:  # fmt: skip
    """`analyze_items` on items[start:stop], keeping their places for names and ids."""
    items = _read_partition(blob)[start:stop]
    chosen = [as_item(value, partition, start + k) for k, value in enumerate(items)]
    return analyze_items(chosen, spec, partition)


def _describe(blob: bytes, partition: int, position: int) -> Item:
    """Where one item came from, without its value (the client needs only the name)."""
    item = as_item(_read_partition(blob)[position], partition, position)
    return Item(item.kind, item.source, item.line, item.stem, None)
