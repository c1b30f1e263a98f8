"""The Dask engine on a real LocalCluster (two worker processes): the same tables as the local
engine, with matching done as a distributed join against the index's Parquet export."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import licscan
from licscan.result import ScanResult
from licscan.run import dask_engine as engine_dask
from licscan.run.dask_engine import EXPORT_DIRNAME

distributed = pytest.importorskip("distributed")
pytest.importorskip("dask.dataframe")


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    """One cluster for the module: starting one takes a few seconds."""
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
    ) as local:
        yield local.scheduler_address


def test_dask_scan_gives_the_tables_of_the_local_engine(
    tmp_path: Path,
    cluster: str,
    make_site: Callable[..., Path],
    assert_same_tables: Callable[[ScanResult, ScanResult], None],
) -> None:
    site = make_site(tmp_path / "site", pages=60, seed=3)
    local = licscan.scan([site], jobs=1, cache=False)
    dask = licscan.scan([site], engine="dask", scheduler=cluster, cache=False)
    assert len(dask.documents) == 62
    assert_same_tables(local, dask)


@pytest.mark.parametrize("join", ["semi-join", "shuffle join"])
def test_dask_matching_joins_fingerprints_and_finds_the_same_reuse(
    tmp_path: Path,
    cluster: str,
    join: str,
    monkeypatch: pytest.MonkeyPatch,
    make_reuse_set: Callable[..., tuple[Path, Path]],
    assert_same_tables: Callable[[ScanResult, ScanResult], None],
) -> None:
    if join == "shuffle join":  # the join of big chunks on big clusters
        monkeypatch.setattr(engine_dask, "SEMI_JOIN_MAX_FILES", 0)
    sources, drafts = make_reuse_set(tmp_path, sources=8, candidates=12)
    index = tmp_path / "index"
    from licscan.match import build_index

    build_index([sources], index, rules=None)
    local = licscan.scan([drafts], sources=[index], jobs=1, cache=False)
    dask = licscan.scan([drafts], sources=[index], engine="dask", scheduler=cluster, cache=False)
    # every draft but the 4th of each 4 copies three paragraphs of a source
    copied = {f"draft{i}.md" for i in range(12) if i % 4 != 3}
    assert set(local.matches["path"]) == copied
    assert_same_tables(local, dask)
    # the join read the index in partitions from its Parquet export
    assert list((index / EXPORT_DIRNAME / "fingerprints").glob("bucket=*/*.parquet"))


def test_dask_engine_starts_its_own_local_cluster(
    tmp_path: Path, make_site: Callable[..., Path]
) -> None:
    site = make_site(tmp_path / "site", pages=6, seed=4, bad_files=False)
    result = licscan.scan([site], engine="dask", jobs=2, cache=False)
    assert sorted(result.documents["path"]) == sorted(
        p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()
    )


WIRE_NOTICE = (
    "© 2024 Harbour Wire Service. All rights reserved. No part of this article may be "
    "reproduced, distributed or transmitted in any form without the prior written permission "
    "of the Harbour Wire Service."
)


def test_a_drafts_own_notice_picks_no_candidate_sources_in_the_dask_engine_either(
    tmp_path: Path, cluster: str, assert_same_tables: Callable[[ScanResult, ScanResult], None]
) -> None:
    """The draft ends with a notice that fourteen wire stories also carry, and copies one
    sentence of another source.  Its own rights lines are not compared, so the notice must not
    crowd the copied source out of the candidates, on a cluster as on one machine."""
    sources, drafts = tmp_path / "sources", tmp_path / "drafts"
    sources.mkdir()
    drafts.mkdir()
    for number in range(14):
        story = f"Wire story {number} reports on the tide tables of pier {number}."
        (sources / f"wire{number}.txt").write_text(f"{story}\n\n{WIRE_NOTICE}\n", "utf-8")
    copied = ("The old ferry terminal will reopen as a maritime museum with a reading room "
              "for historians next spring.")
    (sources / "museum.txt").write_text(
        f"Town news.\n\n{copied} The council approved the plan on Tuesday.\n", "utf-8")
    (drafts / "draft.md").write_text(
        f"Our own column about the waterfront.\n\n{copied}\n\n{WIRE_NOTICE}\n", "utf-8")
    index = tmp_path / "index"
    from licscan.match import build_index

    # no rules and no boilerplate limit: the notice is fingerprinted in all fourteen stories
    build_index([sources], index, rules=None, max_df=100)
    local = licscan.scan([drafts], sources=[index], jobs=1, cache=False)
    dask = licscan.scan([drafts], sources=[index], engine="dask", scheduler=cluster, cache=False)
    assert list(local.matches["source_id"]) == ["museum.txt"]
    assert_same_tables(local, dask)
