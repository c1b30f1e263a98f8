"""Republication detection: find text reused from a corpus of sources.

- :func:`build_index` / :func:`open_sources` / :func:`build_cross_index` make the source
  index (:mod:`licscan.match.store` documents its SQLite layout, :meth:`SourceIndex.
  export_parquet` its Parquet layout);
- :func:`match_document` finds each passage of a document reused from a source, with exact
  offsets on both sides, a similarity, a kind and the credit the document gives;
- :mod:`licscan.judge` decides whether that credit satisfies the source's terms.
"""

from __future__ import annotations

from licscan.match.build import (
    BuildStats,
    build_cross_index,
    build_index,
    index_documents,
    open_sources,
    source_record,
)
from licscan.match.index import SourceIndex
from licscan.match.matcher import match_document
from licscan.match.records import SourceInfo
from licscan.match.store import IndexUnusable

__all__ = [
    "BuildStats",
    "IndexUnusable",
    "SourceIndex",
    "SourceInfo",
    "build_cross_index",
    "build_index",
    "index_documents",
    "match_document",
    "open_sources",
    "source_record",
]
