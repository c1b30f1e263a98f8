"""The Dask engine: the same pipeline, run on a Dask cluster (``--engine dask``).

Stages, all Dask tasks (no scheduler, queue or RPC of licscan's own):

1. **discover**: one task walks the roots (the files must be readable by the workers under the
   same paths, as on a shared filesystem or a :class:`distributed.LocalCluster`).
2. **fingerprint** (only with a source index): tasks over file batches load each document and
   compute the fingerprints a query uses, as a DataFrame partition.
3. **join** (only with a source index): a ``dask.dataframe`` merge of the documents'
   fingerprints with the index's fingerprints, read in partitions from its Parquet export,
   then a group-by that counts shared fingerprints per (document, source) pair and keeps the
   candidates exactly as the local matcher does.
4. **scan**: tasks over file batches load, detect, align each document with its candidate
   sources, judge the reuse, and return the :class:`~licscan.model.DocumentResult`\\ s.

Results are gathered in discovery order with a bounded window of batches in flight, through
the same ordering (and cache) as the local engine, so the tables are identical.  Files are
processed in chunks of :data:`CHUNK_FILES` so that the client never holds more than one
chunk's candidate pairs, whatever the size of the corpus.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

from .cache import ResultCache
from .engine import BATCHES_PER_WORKER, ContextSpec, _ordered, process_batch, scan_progress
from .engine import worker_context
from .model import DocumentResult, FileEntry
from .options import ScanOptions

if TYPE_CHECKING:
    from distributed import Client

    from .pipeline import ScanContext

CHUNK_FILES = 50_000  # files per join: bounds the candidate pairs the client holds


def run_dask(roots: list[Path], context: ScanContext) -> Iterator[DocumentResult]:
    options = context.options
    spec = ContextSpec.of(context)
    with ExitStack() as stack:
        client = stack.enter_context(dask_client(options))
        cache = ResultCache.open_for(context)
        if cache is not None:
            stack.enter_context(cache)
        advance = stack.enter_context(scan_progress(options))
        window = BATCHES_PER_WORKER * max(1, _threads(client))
        entries = client.submit(_discover, roots, options, pure=False).result()
        for chunk in _chunks(entries, CHUNK_FILES):
            submit = _scan_submitter(client, spec, chunk, context)
            for result in _ordered(chunk, submit, cache, window):
                advance()
                yield result


@contextmanager
def dask_client(options: ScanOptions) -> Iterator[Client]:
    """A client of ``options.scheduler``, or of a new LocalCluster (one single-threaded worker
    process per job: the pipeline is CPU-bound Python and holds the GIL)."""
    from distributed import Client, LocalCluster

    if options.scheduler:
        with Client(options.scheduler) as client:
            yield client
        return
    with (
        LocalCluster(
            n_workers=max(1, options.jobs),
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


def _threads(client: Client) -> int:
    return sum(client.nthreads().values()) or 1


def _chunks(entries: list[FileEntry], size: int) -> Iterator[list[FileEntry]]:
    iterator = iter(entries)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _discover(roots: list[Path], options: ScanOptions) -> list[FileEntry]:
    from .discover import discover

    return list(discover(roots, options))


def _scan_submitter(client: Client, spec: ContextSpec, chunk: list[FileEntry], context: ScanContext):
    """The submit function of one chunk's scan tasks (with its candidates when matching)."""
    candidates = _join(client, spec, chunk, context) if context.index is not None else None

    def submit(entries: list[FileEntry]):
        if candidates is None:
            return client.submit(_scan_task, entries, spec, pure=False)
        wanted = {e.relpath: candidates.get(e.relpath, []) for e in entries}
        return client.submit(_scan_task, entries, spec, wanted, pure=False)

    return submit


def _scan_task(
    entries: list[FileEntry], spec: ContextSpec, candidates: dict[str, list[str]] | None = None
) -> list[DocumentResult]:
    context = worker_context(spec)
    if candidates is None:
        return process_batch(entries, context)
    raise NotImplementedError
