"""The Dask engine: the same pipeline, run on a Dask cluster (``--engine dask``).

Stages, all Dask tasks (no scheduler, queue or RPC of licscan's own):

1. **discover**: one task walks the roots (the files must be readable by the workers under the
   same paths, as on a shared filesystem or a :class:`distributed.LocalCluster`).
2. **fingerprint** (only with a source index): tasks over file batches load and detect each
   document and build its query (:mod:`licscan.match.query`, as the local matcher does): the
   n-grams it looks up in each store, as a DataFrame partition.
3. **join** (only with a source index): a ``dask.dataframe`` merge of those n-grams with the
   index's fingerprints, read in partitions from its Parquet export, then a group-by that
   counts the hits per (document, source) pair: the counts the local matcher would find in the
   index.
4. **scan**: tasks over file batches load, detect, align each document with the candidate
   sources chosen from its hits (by the matcher, from the counts the join passed), judge the
   reuse, and return the :class:`~licscan.model.DocumentResult`\\ s.

Results are gathered in discovery order with a bounded window of batches in flight, through
the same ordering (and cache) as the local engine, so the tables are identical.  Files are
joined in chunks (:data:`CHUNK_FILES`, more on a bigger cluster) so that the client never holds
more than one chunk's candidate counts, whatever the size of the corpus.

A worker process that dies is Dask's business: its nanny restarts it and the scheduler runs
its tasks again elsewhere; a task whose workers keep dying (``allowed-failures``) fails with
``KilledWorker``, which stops the scan.  Unlike the local engine, the file is not isolated.
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import replace
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from licscan.model import DocStatus, DocumentResult, FileEntry
from licscan.options import ScanOptions
from licscan.run.cache import Lookup, ResultCache
from licscan.run.cache_rows import index_version
from licscan.run.context import ContextSpec, worker_context
from licscan.run.local import (
    BATCH_FILES,
    BATCHES_PER_WORKER,
    looked_up,
    ordered_results,
    worker_count,
)
from licscan.run.pool import process_batch
from licscan.run.progress import file_progress
from licscan.run.timelimit import fewer_collections

if TYPE_CHECKING:
    import pandas as pd
    from distributed import Client, Future

    from licscan.match import SourceIndex
    from licscan.match.query import Query, SourceHits
    from licscan.run.context import ScanContext

# Files per join: each join reads the index's whole fingerprint export once, so chunks are
# large, and grow with the cluster; they bound the candidate counts the client holds.
CHUNK_FILES = 50_000
CHUNK_FILES_PER_THREAD = 10_000
# Up to this many files, the join first keeps only the index fingerprints some document has
# (a semi-join with the chunk's distinct hashes, gathered in one task): fast on a small
# cluster.  Bigger chunks use a plain shuffle join, which spreads over every worker.
SEMI_JOIN_MAX_FILES = 50_000
THREADS_PER_BATCH_STEP = 16  # one more batch size step per 16 worker threads
EXPORT_DIRNAME = "parquet"  # the index's Parquet export, beside its SQLite file
_VERSION_FILE = "VERSION"

# Each document's query hits, store by store (sids and the n-grams each holds): what the
# matcher ranks candidate sources by.
Hits = dict[str, dict[int, "SourceHits"]]


def run_dask(roots: list[Path], context: ScanContext) -> Iterator[DocumentResult]:
    options = context.options
    with ExitStack() as stack:
        stack.enter_context(fewer_collections())
        client = stack.enter_context(dask_client(options))
        cache = ResultCache.open_for(context)
        if cache is not None:
            stack.enter_context(cache)
        # Sent once to every worker, which keeps it: each reopens the index a single time.
        spec = client.scatter(ContextSpec.of(context), broadcast=True)
        export = _parquet_export(context.index) if context.index is not None else None
        threads = _threads(client)
        window = BATCHES_PER_WORKER * threads
        # Bigger batches on bigger clusters: the scheduler's cost is per task.
        batch_files = BATCH_FILES * max(1, threads // THREADS_PER_BATCH_STEP)
        entries = client.submit(_discover, roots, options, pure=False).result()
        progress = stack.enter_context(
            file_progress(options.progress, "scanning", total=len(entries)))
        chunk_files = max(CHUNK_FILES, CHUNK_FILES_PER_THREAD * threads)
        for chunk in _chunks(looked_up(entries, cache), chunk_files):
            todo = [entry for entry, lookup in chunk if lookup.result is None]
            joining = export is not None and todo
            hits = _join(client, spec, export, todo, batch_files) if joining else None

            def submit(batch: list[FileEntry], hits: Hits | None = hits) -> Future:
                wanted = None if hits is None else {k: hits.get(k, {}) for k in map(_key, batch)}
                return client.submit(_scan_task, batch, spec, wanted, pure=False)

            for result in ordered_results(chunk, submit, cache, window, batch_files):
                progress.advance()
                yield result


@contextmanager
def dask_client(options: ScanOptions) -> Iterator[Client]:
    """A client of ``options.scheduler``, or of a new LocalCluster (one single-threaded worker
    process per job: the pipeline is CPU-bound Python and holds the GIL)."""
    try:
        from distributed import Client, LocalCluster
    except ModuleNotFoundError:  # an optional extra, not installed by a plain `pip install`
        raise RuntimeError(
            "the dask engine needs the dask extra: pip install 'licscan[dask]'"
        ) from None

    if options.scheduler:
        with Client(options.scheduler) as client:
            yield client
        return
    with (
        LocalCluster(
            n_workers=worker_count(options),
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",  # a free port: never clash with another cluster
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


def _threads(client: Client) -> int:
    return max(1, sum(client.nthreads().values()))


def _chunks(
    items: Iterator[tuple[FileEntry, Lookup]], size: int
) -> Iterator[list[tuple[FileEntry, Lookup]]]:
    while chunk := list(islice(items, size)):
        yield chunk


def _key(entry: FileEntry) -> str:
    """The entry's name in the hits a task gets: its file, and the item of a container."""
    path = os.fspath(entry.path)
    return f"{path}#{entry.member}" if entry.member else path


# -- Tasks -----------------------------------------------------------------------------------


def _discover(roots: list[Path], options: ScanOptions) -> list[FileEntry]:
    from licscan.discover import discover

    return list(discover(roots, options))


def _grams_task(entries: list[FileEntry], spec: ContextSpec) -> pd.DataFrame:
    """The n-grams each document's query looks up in each store of the index: the matcher's
    own question (:mod:`licscan.match.query`), asked in the join instead."""
    import pandas as pd

    context = worker_context(spec)
    assert context.index is not None
    frames = [_empty_grams()]
    for entry in entries:
        query = _query(entry, context)
        if query is None:
            continue
        for number, store in enumerate(context.index.stores):
            asked = query.asked(store.high)
            frames.append(
                pd.DataFrame(
                    {
                        "doc": pd.Series([_key(entry)] * len(asked), dtype="string"),
                        "store": np.full(len(asked), number, dtype=np.int16),
                        "hash": asked,
                    }
                )
            )
    return pd.concat(frames, ignore_index=True)


def _query(entry: FileEntry, context: ScanContext) -> Query | None:
    """The query the scan task's matcher makes for ``entry``: the same document, with the same
    rights lines (those the rules find) left out."""
    from licscan.detect import detect
    from licscan.load import LoadError, load_document
    from licscan.match.query import query_of

    if entry.status is not DocStatus.ok:
        return None
    try:
        document = load_document(entry, max_size=context.options.max_size)
        return query_of(document, detect(document, context.rules).rights_ranges)
    except LoadError:
        return None
    except Exception:  # a bug on one page must not stop the join: the scan task reports it
        return None


def _empty_grams() -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame(
        {
            "doc": pd.Series([], dtype="string"),
            "store": np.array([], dtype=np.int16),
            "hash": np.array([], dtype=np.int64),
        }
    )


def _scan_task(
    entries: list[FileEntry], spec: ContextSpec, hits: Hits | None
) -> list[DocumentResult]:
    """Load, detect, align with the candidates the join found, judge: the local pipeline."""
    from licscan.run.unit import process_entry

    context = worker_context(spec)
    if hits is None:
        return process_batch(entries, context)
    return [process_entry(entry, replace(context, hits=hits.get(_key(entry), {})))
            for entry in entries]


# -- The distributed join --------------------------------------------------------------------


def _join(
    client: Client, spec: Future, export: Path, todo: list[FileEntry], batch_files: int
) -> Hits:
    """Candidate sources of every document of ``todo``, with their hit counts."""
    import dask
    import dask.dataframe as dd

    batches = [todo[i : i + batch_files] for i in range(0, len(todo), batch_files)]
    parts = client.map(_grams_task, batches, spec=spec, pure=False)
    grams = dd.from_delayed(parts, meta=_empty_grams())
    prints = dd.read_parquet(export / "fingerprints", columns=["hash", "store", "sid"])
    if len(todo) <= SEMI_JOIN_MAX_FILES:
        # Of the index's fingerprints, only those some document has: what is left is small,
        # and is joined with every partition of n-grams as one partition, without a shuffle.
        known = client.submit(_distinct_hashes, parts, pure=False)
        shared = prints.map_partitions(_shared_only, dask.delayed(known), meta=prints._meta)
        pairs = grams.merge(shared.repartition(npartitions=1), on=["hash", "store"])
    else:
        pairs = grams.merge(prints, on=["hash", "store"])
    counts = pairs.groupby(["doc", "store", "sid"]).size().rename("hits").reset_index()
    table = client.compute(counts).result()
    hits: Hits = {}
    for (doc, store), group in table.groupby(["doc", "store"], sort=False):
        hits.setdefault(str(doc), {})[int(store)] = (
            group["sid"].to_numpy(dtype=np.int64),
            group["hits"].to_numpy(dtype=np.int64),
        )
    return hits


def _distinct_hashes(parts: list[pd.DataFrame]) -> np.ndarray:
    """Every n-gram hash of the chunk's documents, sorted, once."""
    return np.unique(np.concatenate([part["hash"].to_numpy(dtype=np.int64) for part in parts]))


def _shared_only(prints: pd.DataFrame, known: np.ndarray) -> pd.DataFrame:
    """The rows of a partition of the index's fingerprints whose hash is in ``known``."""
    if not len(known) or not len(prints):
        return prints.iloc[:0]
    hashes = prints["hash"].to_numpy(dtype=np.int64)
    found = np.searchsorted(known, hashes).clip(max=len(known) - 1)
    return prints[known[found] == hashes]


def _parquet_export(index: SourceIndex) -> Path:
    """The index's fingerprints as partitioned Parquet, written beside its first store (where
    the workers can read it, as they read the index) and rewritten when the index changes."""
    version = index_version(index) or ""
    target = Path(index.directories[0]) / EXPORT_DIRNAME
    marker = target / _VERSION_FILE
    if marker.is_file() and marker.read_text(encoding="utf-8").strip() == version:
        return target
    staging = target.with_name(f"{EXPORT_DIRNAME}.{os.getpid()}.tmp")
    shutil.rmtree(staging, ignore_errors=True)
    index.export_parquet(staging)
    (staging / _VERSION_FILE).write_text(version + "\n", encoding="utf-8")
    shutil.rmtree(target, ignore_errors=True)
    try:
        staging.rename(target)
    except OSError:  # another scan exported the same index at the same moment
        shutil.rmtree(staging, ignore_errors=True)
        if marker.read_text(encoding="utf-8").strip() != version:
            raise
    return target
