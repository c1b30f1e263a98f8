"""Runs the per-file unit (:func:`licscan.run.unit.process_entry`) over every discovered file.

* ``jobs == 1``: in this process.
* ``jobs > 1`` (``0``: one per core): over a pool of worker processes (:mod:`licscan.run.pool`).
  Each worker builds its own :class:`~licscan.run.context.ScanContext` once, from a picklable
  :class:`~licscan.run.context.ContextSpec` (rule sets hold compiled patterns and source
  indexes hold database connections: they are re-created from paths, never sent).  Files
  travel in batches to amortise the inter-process traffic.

Results come out in discovery order whatever the number of workers, so a parallel scan's
tables are identical to a one-process scan's.  A file that takes longer than
``options.file_timeout`` (60 s by default; 0: no limit) becomes an ``error`` row: with
``jobs == 1`` an alarm stops it in this process (:mod:`licscan.run.timelimit`); in a pool, the
worker scanning it is killed and the rest takes the path of a crash.  Where no alarm is
available, ``jobs == 1`` with a limit runs one worker.

Results are streamed: at most a few batches per worker are in flight, and each result is
handed to the consumer as soon as every result before it is done.  Unchanged files are
answered from the cache (:mod:`licscan.run.cache`).
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from licscan.model import DocumentResult, FileEntry
from licscan.options import ScanOptions
from licscan.run.cache import Lookup, ResultCache
from licscan.run.context import ContextSpec
from licscan.run.pool import WORKER_DIED, ProcessEntry, WorkerPool, process_batch
from licscan.run.progress import file_progress
from licscan.run.timelimit import (
    TIMED_OUT,
    can_stop_here,
    fewer_collections,
    file_time_limit,
)

if TYPE_CHECKING:
    from licscan.run.context import ScanContext

BATCH_FILES = 32  # files per task: large enough to amortise pickling, small enough to balance
BATCH_BYTES = 8 * 1024 * 1024  # ... and a bound on the bytes a single task reads
BATCHES_PER_WORKER = 3  # in-flight window: keeps workers busy while bounding memory
NOT_CACHED = (WORKER_DIED, TIMED_OUT)  # reasons of rows that say nothing lasting about a file

def run_local(
    roots: list[Path], context: ScanContext, process: ProcessEntry | None = None
) -> Iterator[DocumentResult]:
    """The local engine: this process, or a process pool when ``options.jobs > 1``.

    ``process`` is the per-file function (:func:`licscan.run.unit.process_entry` by default);
    with a pool it must be a module-level function, which workers import by name.
    """
    from licscan.discover import discover

    options = context.options
    with ExitStack() as stack:
        stack.enter_context(fewer_collections())
        cache = ResultCache.open_for(context)
        if cache is not None:
            stack.enter_context(cache)
        entries = list(discover(roots, options))  # discovery walks everything before it yields
        progress = stack.enter_context(
            file_progress(options.progress, "scanning", total=len(entries)))
        submit = stack.enter_context(_submitter(context, process))
        window = BATCHES_PER_WORKER * worker_count(options)
        for result in ordered_results(looked_up(entries, cache), submit, cache, window):
            progress.advance()
            yield result


def process_entries(entries: Iterable[FileEntry], context: ScanContext) -> Iterator[DocumentResult]:
    """The results of files already discovered, in their order, without the cache: ``check``
    where no alarm can hold a file to the time limit in this process."""
    with _submitter(context, None) as submit:
        window = BATCHES_PER_WORKER * worker_count(context.options)
        yield from ordered_results(looked_up(entries, None), submit, None, window)


def worker_count(options: ScanOptions) -> int:
    """Worker processes a scan uses: ``options.jobs``, or one per core when it is 0."""
    return options.jobs if options.jobs > 0 else os.cpu_count() or 1


# -- Batching and ordering ------------------------------------------------------------------


class Pending(Protocol):
    """Work started on a batch: a :class:`~concurrent.futures.Future`, a Dask future, or a
    batch of the local pool, which survives the death of the worker it was sent to."""

    def done(self) -> bool: ...

    def result(self) -> list[DocumentResult]: ...


@dataclass
class _Batch:
    """Consecutive discovered files; ``future`` computes those the cache did not answer."""

    entries: list[FileEntry] = field(default_factory=list)
    lookups: list[Lookup] = field(default_factory=list)
    future: Pending | None = None
    size: int = 0

    def todo(self) -> list[FileEntry]:
        return [e for e, hit in zip(self.entries, self.lookups, strict=True) if hit.result is None]

    def done(self) -> bool:
        return self.future is None or self.future.done()


Submit = Callable[[list[FileEntry]], Pending]


def looked_up(
    entries: Iterable[FileEntry], cache: ResultCache | None
) -> Iterator[tuple[FileEntry, Lookup]]:
    """Each entry with the cache's answer for it (no answer without a cache)."""
    for entry in entries:
        yield entry, (cache.lookup(entry) if cache is not None else Lookup(None))


def ordered_results(
    items: Iterable[tuple[FileEntry, Lookup]],
    submit: Submit,
    cache: ResultCache | None,
    window: int,
    batch_files: int = BATCH_FILES,
) -> Iterator[DocumentResult]:
    """Results in the order of ``items``, with at most ``window`` batches in flight; files the
    cache answered are not submitted, and computed results are stored batch by batch."""
    pending: deque[_Batch] = deque()
    for batch in _batches(items, batch_files):
        todo = batch.todo()
        if todo:
            batch.future = submit(todo)
        pending.append(batch)
        while pending and (len(pending) >= window or pending[0].done()):
            yield from _finish(pending.popleft(), cache)
    while pending:
        yield from _finish(pending.popleft(), cache)


def _batches(items: Iterable[tuple[FileEntry, Lookup]], batch_files: int) -> Iterator[_Batch]:
    batch = _Batch()
    for entry, lookup in items:
        batch.entries.append(entry)
        batch.lookups.append(lookup)
        if lookup.result is None:
            batch.size += entry.size
        if len(batch.entries) >= batch_files or batch.size >= BATCH_BYTES:
            yield batch
            batch = _Batch()
    if batch.entries:
        yield batch


def _finish(batch: _Batch, cache: ResultCache | None) -> Iterator[DocumentResult]:
    computed = iter(batch.future.result() if batch.future is not None else ())
    results = []
    for lookup in batch.lookups:
        if lookup.result is not None:
            results.append(lookup.result)
            continue
        result = next(computed)
        if cache is not None and not result.document.reason.startswith(NOT_CACHED):
            cache.store(lookup, result)  # a death or an overrun may not recur: scan it again
        results.append(result)
    if cache is not None:
        cache.commit()  # one transaction per batch: a killed scan keeps every finished batch
    yield from results


@contextmanager
def _submitter(context: ScanContext, process: ProcessEntry | None) -> Iterator[Submit]:
    """A function that starts the work on a batch: in this process, or in the pool."""
    jobs = worker_count(context.options)
    limit = file_time_limit(context.options)
    if jobs == 1 and can_stop_here(limit):

        def run_here(entries: list[FileEntry]) -> Future[list[DocumentResult]]:
            future: Future[list[DocumentResult]] = Future()
            future.set_result(process_batch(entries, context, process, limit))
            return future

        yield run_here
        return
    workers = WorkerPool(ContextSpec.of(context), jobs, process)
    try:
        yield workers.submit
    finally:
        workers.close()
