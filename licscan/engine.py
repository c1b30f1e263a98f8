"""Runs the per-file pipeline (:func:`licscan.pipeline.process_entry`) over every discovered file.

* ``jobs == 1``: in this process.
* ``jobs > 1`` (``0``: one per core): over a pool of worker processes.  Each worker builds its own
  :class:`~licscan.pipeline.ScanContext` once, from a picklable :class:`ContextSpec` (rule sets
  hold compiled patterns and source indexes hold database connections: they are re-created
  from paths, never sent).  Files travel in batches to amortise the inter-process traffic.
* ``engine == "dask"``: :mod:`licscan.engine_dask`.

Results come out in discovery order whatever the number of workers, so a parallel scan's
tables are identical to a one-process scan's.  They are streamed: at most a few batches per
worker are in flight, and each result is handed to the consumer as soon as every result
before it is done.  Unchanged files are answered from the cache (:mod:`licscan.cache`).
"""

from __future__ import annotations

import gc
import hashlib
import multiprocessing
import os
import pickle
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .cache import Lookup, ResultCache
from .model import DocumentResult, FileEntry
from .options import ScanOptions

if TYPE_CHECKING:
    from rich.progress import Progress, Task

    from .match import SourceIndex
    from .pipeline import ScanContext

BATCH_FILES = 32  # files per task: large enough to amortise pickling, small enough to balance
BATCH_BYTES = 8 * 1024 * 1024  # ... and a bound on the bytes a single task reads
BATCHES_PER_WORKER = 3  # in-flight window: keeps workers busy while bounding memory
GC_ALLOCATIONS = 50_000  # see fewer_collections


def run_engine(roots: list[Path], context: ScanContext) -> Iterable[DocumentResult]:
    """Every document's result, in discovery order."""
    if context.options.engine == "dask":
        from .engine_dask import run_dask

        return run_dask(roots, context)
    if context.options.engine != "local":
        raise ValueError(f"unknown engine {context.options.engine!r} (use 'local' or 'dask')")
    return run_local(roots, context)


def run_local(roots: list[Path], context: ScanContext) -> Iterator[DocumentResult]:
    """The local engine: this process, or a process pool when ``options.jobs > 1``."""
    from .discover import discover

    options = context.options
    with ExitStack() as stack:
        stack.enter_context(fewer_collections())
        cache = ResultCache.open_for(context)
        if cache is not None:
            stack.enter_context(cache)
        progress = stack.enter_context(scan_progress(options))
        submit = stack.enter_context(_submitter(context))
        window = BATCHES_PER_WORKER * worker_count(options)
        items = looked_up(discover(roots, options), cache)
        for result in ordered_results(items, submit, cache, window):
            progress()
            yield result


def worker_count(options: ScanOptions) -> int:
    """Worker processes a scan uses: ``options.jobs``, or one per core when it is 0."""
    return options.jobs if options.jobs > 0 else os.cpu_count() or 1


@contextmanager
def fewer_collections(allocations: int = GC_ALLOCATIONS) -> Iterator[None]:
    """Run the cyclic garbage collector less often while a scan builds its tables.

    A scan creates millions of long-lived objects (results read back from the cache, table
    rows) and almost no reference cycles; with CPython's default threshold (a collection every
    700 allocations) the collector keeps traversing them, which doubles the time of a rescan.
    Cycles are still collected, every ``allocations`` allocations instead.
    """
    threshold = gc.get_threshold()
    gc.set_threshold(max(threshold[0], allocations), *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)


# -- Batching and ordering ------------------------------------------------------------------


@dataclass
class _Batch:
    """Consecutive discovered files; ``future`` computes those the cache did not answer."""

    entries: list[FileEntry] = field(default_factory=list)
    lookups: list[Lookup] = field(default_factory=list)
    future: Future[list[DocumentResult]] | None = None
    size: int = 0

    def todo(self) -> list[FileEntry]:
        return [e for e, hit in zip(self.entries, self.lookups, strict=True) if hit.result is None]

    def done(self) -> bool:
        return self.future is None or self.future.done()


Submit = Callable[[list[FileEntry]], "Future[list[DocumentResult]]"]


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
        if cache is not None:
            cache.store(lookup, result)
        results.append(result)
    if cache is not None:
        cache.commit()  # one transaction per batch: a killed scan keeps every finished batch
    yield from results


# -- Workers ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ContextSpec:
    """How a worker re-creates the scan's context: the options, and the source index, which
    pickles as the paths of its stores and reopens them where it is unpickled."""

    options: ScanOptions
    index: SourceIndex | None = None

    @classmethod
    def of(cls, context: ScanContext) -> ContextSpec:
        return cls(context.options, context.index)

    def digest(self) -> str:
        return hashlib.sha256(pickle.dumps(self)).hexdigest()

    def build(self) -> ScanContext:
        from .detect import RuleSet
        from .pipeline import ScanContext

        options = self.options
        rules = RuleSet.load(
            extra=options.rule_paths,
            builtin=options.builtin_rules,
            disabled=options.disabled_rules,
            timeout=options.regex_timeout,
        )
        return ScanContext(options=options, rules=rules, index=self.index)


_WORKER_CONTEXTS: dict[str, ScanContext] = {}


def worker_context(spec: ContextSpec) -> ScanContext:
    """The context of ``spec`` in this process, built on first use (also used by Dask tasks)."""
    key = spec.digest()
    context = _WORKER_CONTEXTS.get(key)
    if context is None:
        _WORKER_CONTEXTS.clear()  # one scan per worker at a time: drop the previous index
        context = _WORKER_CONTEXTS[key] = spec.build()
    return context


_CURRENT_SPEC: ContextSpec | None = None


def _init_worker(spec: ContextSpec) -> None:
    global _CURRENT_SPEC
    _CURRENT_SPEC = spec
    worker_context(spec)


def process_batch(entries: list[FileEntry], context: ScanContext) -> list[DocumentResult]:
    from .pipeline import process_entry

    return [process_entry(entry, context) for entry in entries]


def _process_batch(entries: list[FileEntry]) -> list[DocumentResult]:
    """The pool's task: the batch against this worker's context."""
    assert _CURRENT_SPEC is not None, "worker started without _init_worker"
    return process_batch(entries, worker_context(_CURRENT_SPEC))


@contextmanager
def _submitter(context: ScanContext) -> Iterator[Submit]:
    """A function that starts the work on a batch: in this process, or in the pool."""
    jobs = worker_count(context.options)
    if jobs == 1:

        def run_here(entries: list[FileEntry]) -> Future[list[DocumentResult]]:
            future: Future[list[DocumentResult]] = Future()
            future.set_result(process_batch(entries, context))
            return future

        yield run_here
        return
    # spawn: workers start clean, without the parent's open databases or threads.
    pool = ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_init_worker,
        initargs=(ContextSpec.of(context),),
    )
    try:
        yield lambda entries: pool.submit(_process_batch, entries)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


# -- Progress --------------------------------------------------------------------------------


@contextmanager
def scan_progress(
    options: ScanOptions, description: str = "scanning"
) -> Iterator[Callable[[], None]]:
    """A progress line on stderr (files done, files/s, elapsed); yields its ``advance``.

    Silent unless ``options.progress`` is set and stderr is a terminal.
    """
    progress = _make_progress() if options.progress else None
    if progress is None:
        yield lambda: None
        return
    with progress:
        task = progress.add_task(description, total=None)
        yield lambda: progress.advance(task)


def _make_progress() -> Progress | None:
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )
    from rich.text import Text

    console = Console(stderr=True)
    if not console.is_terminal:
        return None

    class FilesPerSecond(ProgressColumn):
        def render(self, task: Task) -> Text:
            speed = task.finished_speed or task.speed
            label = f"{speed:,.0f} files/s" if speed else "- files/s"
            return Text(label, style="progress.data.speed")

    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        FilesPerSecond(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )
