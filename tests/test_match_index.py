"""The source index: incremental builds, replacement, boilerplate, manifests, export."""

from __future__ import annotations

import json
import pickle

import pytest

from licscan.match import SourceIndex, index_documents, match_document
from licscan.match.manifest import read_manifest, terms_from_id
from tests.match_helpers import (
    HARBOUR,
    data_text,
    make_index,
    paragraph,
    source_row,
    text_doc,
)

FILLER = "Our reporter spent the week in the valley talking to people about the season ahead."


def _add(tmp_path, sources):
    docs = [
        (text_doc(text, relpath=f"{sid}.txt", path=tmp_path / "src" / f"{sid}.txt"),
         source_row(sid))
        for sid, text in sources
    ]
    return index_documents(docs, tmp_path / "index", None)


def test_adding_sources_later_keeps_the_earlier_ones(tmp_path):
    first = _add(tmp_path, [("harbour", data_text("harbour.txt"))])
    assert (first.added, first.sources) == (1, 1)
    second = _add(tmp_path, [("harbour", data_text("harbour.txt")),
                             ("library", data_text("library.txt"))])
    assert (second.added, second.unchanged, second.sources) == (1, 1, 2)
    index = SourceIndex([tmp_path / "index"])
    draft = text_doc(f"{FILLER}\n\n{paragraph('harbour.txt', 2)}\n\n{paragraph('library.txt', 3)}")
    assert [m.source_id for m in match_document(draft, index)] == ["harbour", "library"]


def test_re_adding_a_changed_source_replaces_its_text_and_fingerprints(tmp_path):
    _add(tmp_path, [("orchard", data_text("orchard.txt"))])
    changed = data_text("library.txt")  # same path, new content
    stats = _add(tmp_path, [("orchard", changed)])
    assert (stats.replaced, stats.sources) == (1, 1)
    index = SourceIndex([tmp_path / "index"])
    old = text_doc(f"{FILLER}\n\n{paragraph('orchard.txt', 3)}")
    new = text_doc(f"{FILLER}\n\n{paragraph('library.txt', 3)}")
    assert match_document(old, index) == []
    [m] = match_document(new, index)
    assert m.source_id == "orchard"
    assert changed[m.source_start : m.source_end] == paragraph("library.txt", 3)


def test_text_shared_by_many_sources_is_boilerplate_and_never_matches(tmp_path):
    footer = data_text("footer.txt").strip()
    bodies = [paragraph(name, n) for name in ("harbour.txt", "library.txt", "orchard.txt")
              for n in range(2, 5)]
    sources = [(f"s{i}", f"{body}\n{footer}", {}) for i, body in enumerate(bodies)]
    index = make_index(tmp_path, sources, max_df=4)
    assert len(index.stores[0].high) > 0
    only_footer = text_doc(f"{FILLER}\n\n{footer}\n")
    assert match_document(only_footer, index) == []
    body_and_footer = text_doc(f"{FILLER}\n\n{bodies[4]}\n{footer}\n")
    [m] = match_document(body_and_footer, index)
    assert m.source_id == "s4"
    assert body_and_footer.text[m.text_start : m.text_end] == bodies[4]


def test_without_the_cap_the_same_footer_would_match(tmp_path):
    footer = data_text("footer.txt").strip()
    index = make_index(tmp_path, [("a", f"{paragraph('harbour.txt', 2)}\n{footer}", {}),
                                  ("b", f"{paragraph('library.txt', 2)}\n{footer}", {})])
    assert {m.source_id for m in match_document(text_doc(f"{FILLER}\n{footer}"), index)} == {
        "a", "b"}


def test_manifest_metadata_and_terms_are_stored_and_win(tmp_path):
    index = make_index(tmp_path, [("harbour", data_text("harbour.txt"), HARBOUR)])
    info = index.find("harbour")
    assert info.url == HARBOUR["url"]
    assert info.publisher == "Harbour Times"
    assert info.domain == "harbourtimes.test"
    assert [(t.term_type, t.origin, t.link_required) for t in info.terms] == [
        ("excerpt_with_credit", "manifest", True)]
    assert "Harbour Times" in info.names


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("all-rights-reserved", ("all_rights_reserved", None, "")),
        ("CC-BY-NC-SA-4.0", ("creative_commons", True, "CC-BY-NC-SA-4.0")),
        ("republish-with-link", ("free_with_attribution", True, "")),
        ("no_reproduction", ("no_reproduction", None, "")),
        ("whatever we like", ("other", None, "")),
    ],
)
def test_manifest_terms_names_become_terms(value, expected):
    [term] = terms_from_id(value, "a.txt")
    assert (term.term_type, term.credit_required or term.non_commercial, term.cc_license) == (
        expected)


def test_jsonl_and_csv_manifests_resolve_paths(tmp_path):
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "m.jsonl").write_text(json.dumps(
        {"id": "s1", "text_path": "a.txt", "url": "https://a.test/x", "terms": "cc-by-4.0",
         "chars": 1}) + "\n", encoding="utf-8")
    (tmp_path / "m.csv").write_text("path,url,publisher\na.txt,https://a.test/x,A Press\n",
                                    encoding="utf-8")
    [jsonl] = read_manifest(tmp_path / "m.jsonl")
    [csv] = read_manifest(tmp_path / "m.csv")
    assert jsonl.path == csv.path == (tmp_path / "a.txt").resolve()
    assert (jsonl.id, jsonl.terms, jsonl.extra) == ("s1", "cc-by-4.0", {"chars": 1})
    assert csv.publisher == "A Press"


def test_parquet_export_holds_every_fingerprint(tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    index = make_index(tmp_path, [("harbour", data_text("harbour.txt"), HARBOUR),
                                  ("library", data_text("library.txt"), {})])
    done = index.export_parquet(tmp_path / "export", buckets=8)
    table = pq.read_table(tmp_path / "export" / "fingerprints")
    assert table.num_rows == done["fingerprints"] == index.stats()["fingerprints"]
    buckets = {p.name for p in (tmp_path / "export" / "fingerprints").iterdir()}
    assert buckets <= {f"bucket={b:02d}" for b in range(8)}
    sources = pq.read_table(tmp_path / "export" / "sources.parquet").to_pydict()
    assert sorted(sources["id"]) == ["harbour", "library"]


def test_index_survives_pickling_for_worker_processes(tmp_path):
    index = make_index(tmp_path, [("harbour", data_text("harbour.txt"), HARBOUR)])
    copy = pickle.loads(pickle.dumps(index))
    draft = text_doc(f"{FILLER}\n\n{paragraph('harbour.txt', 4)}")
    assert [m.source_id for m in match_document(draft, copy)] == ["harbour"]


def test_cross_index_matches_documents_with_each_other_never_themselves(tmp_path):
    from licscan.match.build import index_documents as build_docs

    shared = paragraph("orchard.txt", 3)
    a = text_doc(f"{FILLER}\n\n{shared}", relpath="a.txt")
    b = text_doc(f"{paragraph('library.txt', 2)}\n\n{shared}", relpath="b.txt")
    build_docs([(a, None), (b, None)], tmp_path / "cross", None, cross=True)
    index = SourceIndex([tmp_path / "cross"], exclude_ids=True)
    assert [m.source_id for m in match_document(a, index)] == ["b.txt"]
    assert [m.source_id for m in match_document(b, index)] == ["a.txt"]
