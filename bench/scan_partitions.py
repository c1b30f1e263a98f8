"""Per-partition costs of the Dask engine's stages, the basis of the estimate in docs/scaling.md.

    python bench/scan_partitions.py --index /tmp/licscan-bench-scale/index \\
        --candidates /tmp/scale-bench-100k/candidates --files 640

Measured on one worker process at a time (a LocalCluster of one single-threaded worker), over
batches of 32 files (one task each):

- export: writing the index's fingerprints as partitioned Parquet (once per index version);
- fingerprint: loading a batch and emitting its n-gram hashes (stage 2);
- join: merging the batches' hashes with the index's fingerprints and counting the hits per
  (document, source) (stage 3), for all the files at once;
- scan: loading, detecting, aligning with the candidates and judging a batch (stage 4).
"""

from __future__ import annotations

import argparse
import shutil
import time
from pathlib import Path

from scan_common import TreeMemory


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--candidates", type=Path, required=True)
    parser.add_argument("--files", type=int, default=640)
    args = parser.parse_args()

    import os

    from distributed import Client, LocalCluster

    from licscan.model import FileEntry
    from licscan.options import ScanOptions
    from licscan.run import dask_engine as engine_dask
    from licscan.run.context import ContextSpec, build_context
    from licscan.run.local import BATCH_FILES

    options = ScanOptions(sources=[args.index], cache=False)
    context = build_context(options)
    export = args.index / engine_dask.EXPORT_DIRNAME
    shutil.rmtree(export, ignore_errors=True)
    start = time.perf_counter()
    with TreeMemory(os.getpid()) as memory:
        engine_dask._parquet_export(context.index)
    size = sum(p.stat().st_size for p in export.rglob("*.parquet")) / 2**20
    print(f"export: {time.perf_counter() - start:.1f} s, {size:.0f} MB of Parquet, "
          f"peak RSS {memory.total_peak / 2**20:.0f} MB")  # fmt: skip

    paths = sorted(args.candidates.iterdir())[: args.files]
    entries = [FileEntry(p, p.name, p.stat().st_size) for p in paths]
    batches = [entries[i : i + BATCH_FILES] for i in range(0, len(entries), BATCH_FILES)]
    with (
        LocalCluster(
            n_workers=1, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as c,
        Client(c) as client,
    ):
        spec = client.scatter(ContextSpec.of(context), broadcast=True)
        client.submit(engine_dask._scan_task, batches[0][:1], spec, None).result()  # warm up

        start = time.perf_counter()
        client.gather(client.map(engine_dask._grams_task, batches, spec=spec, pure=False))
        grams = (time.perf_counter() - start) / len(batches)

        start = time.perf_counter()
        hits = engine_dask._join(client, spec, export, entries, BATCH_FILES)
        join = time.perf_counter() - start

        start = time.perf_counter()
        futures = [
            client.submit(engine_dask._scan_task, batch, spec,
                          {engine_dask._key(e): hits.get(engine_dask._key(e), {}) for e in batch},
                          pure=False)
            for batch in batches
        ]  # fmt: skip
        client.gather(futures)
        scan = (time.perf_counter() - start) / len(batches)
        worker_rss = max(
            info["metrics"]["memory"] for info in client.scheduler_info()["workers"].values()
        )
    pairs = sum(len(sids) for doc in hits.values() for sids, _ in doc.values())
    print(f"{len(entries)} files in {len(batches)} batches of {BATCH_FILES}")
    print(f"fingerprint: {grams:.2f} s per batch ({grams / BATCH_FILES * 1000:.0f} ms per file)")
    print(f"join: {join:.1f} s for {len(entries)} files ({join / len(batches):.2f} s per batch), "
          f"{pairs} candidate (document, source) pairs")  # fmt: skip
    print(f"scan: {scan:.2f} s per batch ({scan / BATCH_FILES * 1000:.0f} ms per file)")
    print(f"worker RSS at the end: {worker_rss / 2**20:.0f} MB")


if __name__ == "__main__":
    main()
