"""Builders for the match and judge tests: in-memory documents and small source indexes.

Tests receive these as fixtures (tests/conftest.py, tests/match/conftest.py).  They are also plain
functions here for code that runs outside any test, where pytest hands out no fixture: constants
built at import and the module-level helper functions of a few test modules.
"""

from __future__ import annotations

from pathlib import Path

from licscan.match import SourceIndex, index_documents
from licscan.match.manifest import ManifestRow
from licscan.model import Link, LoadedDocument
from licscan.textmap import TextBuilder

DATA = Path(__file__).parent / "data"


def data_text(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


def paragraph(name: str, number: int) -> str:
    """The n-th line (1-based) of a data article: line 1 is its headline."""
    return data_text(name).split("\n")[number - 1]


def text_doc(
    text: str,
    relpath: str = "draft.txt",
    links: list[tuple[str, str]] | None = None,
    canonical: str = "",
    quoted: list[tuple[int, int]] | None = None,
    path: Path | None = None,
) -> LoadedDocument:
    """A document whose visible text is ``text`` itself (offsets map one to one).

    ``links`` are (anchor text, href) pairs; each anchor is the first occurrence of its text.
    """
    builder = TextBuilder()
    builder.add(text, 0)
    doc_links = []
    for anchor, href in links or []:
        start = text.index(anchor)
        doc_links.append(Link(href=href, text=anchor, text_start=start,
                              text_end=start + len(anchor), src_start=start,
                              src_end=start + len(anchor), url=href))
    return LoadedDocument(
        path=path or Path("/nonexistent") / relpath,
        relpath=relpath,
        doc_type="text",
        source=text,
        text=builder.text(),
        offsets=builder.map,
        canonical_url=canonical,
        links=doc_links,
        quoted=list(quoted or []),
    )


def source_row(source_id: str, **fields: str) -> ManifestRow:
    return ManifestRow(path=None, id=source_id, **fields)


def make_index(
    tmp_path: Path,
    sources: list[tuple[str, str, dict]],
    max_df: int | None = None,
    rules: object | None = None,
    folder: str = "index",
) -> SourceIndex:
    """An index of (id, text, manifest fields) sources, built with the library API."""
    loaded = [
        (text_doc(text, relpath=f"{sid}.txt", path=tmp_path / "src" / f"{sid}.txt"),
         source_row(sid, **fields))
        for sid, text, fields in sources
    ]
    index_documents(loaded, tmp_path / folder, rules, max_df=max_df)
    return SourceIndex([tmp_path / folder])


HARBOUR = {"url": "https://www.harbourtimes.test/news/dredging-vote",
           "publisher": "Harbour Times", "terms": "excerpts-with-credit"}
LIBRARY = {"url": "https://citynews.test/library-reopens", "publisher": "City News",
           "terms": "all-rights-reserved"}
ORCHARD = {"url": "https://valleypost.test/frost", "publisher": "The Valley Post",
           "terms": "CC-BY-4.0"}


def standard_index(tmp_path: Path) -> SourceIndex:
    return make_index(tmp_path, [
        ("harbour", data_text("harbour.txt"), HARBOUR),
        ("library", data_text("library.txt"), LIBRARY),
        ("orchard", data_text("orchard.txt"), ORCHARD),
    ])
