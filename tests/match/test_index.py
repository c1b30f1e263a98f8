"""The source index: incremental builds, replacement, boilerplate, manifests, export."""

from __future__ import annotations

import json
import pickle
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from licscan.match import IndexUnusable, SourceIndex, index_documents, match_document
from licscan.match.manifest import read_manifest, terms_from_id
from licscan.match.store import SCHEME
from tests.match.sources import (
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


def test_adding_sources_later_keeps_the_earlier_ones(tmp_path, builtin_rules):
    first = _add(tmp_path, [("harbour", data_text("harbour.txt"))])
    assert (first.added, first.sources) == (1, 1)
    second = _add(tmp_path, [("harbour", data_text("harbour.txt")),
                             ("library", data_text("library.txt"))])
    assert (second.added, second.unchanged, second.sources) == (1, 1, 2)
    index = SourceIndex([tmp_path / "index"])
    draft = text_doc(f"{FILLER}\n\n{paragraph('harbour.txt', 2)}\n\n{paragraph('library.txt', 3)}")
    matches = match_document(draft, index, builtin_rules)
    assert [m.source_id for m in matches] == ["harbour", "library"]


def test_re_adding_a_changed_source_replaces_its_text_and_fingerprints(tmp_path, builtin_rules):
    _add(tmp_path, [("orchard", data_text("orchard.txt"))])
    changed = data_text("library.txt")  # same path, new content
    stats = _add(tmp_path, [("orchard", changed)])
    assert (stats.replaced, stats.sources) == (1, 1)
    index = SourceIndex([tmp_path / "index"])
    old = text_doc(f"{FILLER}\n\n{paragraph('orchard.txt', 3)}")
    new = text_doc(f"{FILLER}\n\n{paragraph('library.txt', 3)}")
    assert match_document(old, index, builtin_rules) == []
    [m] = match_document(new, index, builtin_rules)
    assert m.source_id == "orchard"
    assert changed[m.source_start : m.source_end] == paragraph("library.txt", 3)


def test_text_shared_by_many_sources_is_boilerplate_and_never_matches(tmp_path, builtin_rules):
    footer = data_text("footer.txt").strip()
    bodies = [paragraph(name, n) for name in ("harbour.txt", "library.txt", "orchard.txt")
              for n in range(2, 5)]
    sources = [(f"s{i}", f"{body}\n{footer}", {}) for i, body in enumerate(bodies)]
    index = make_index(tmp_path, sources, max_df=4)
    assert len(index.stores[0].high) > 0
    only_footer = text_doc(f"{FILLER}\n\n{footer}\n")
    assert match_document(only_footer, index, builtin_rules) == []
    body_and_footer = text_doc(f"{FILLER}\n\n{bodies[4]}\n{footer}\n")
    [m] = match_document(body_and_footer, index, builtin_rules)
    assert m.source_id == "s4"
    assert body_and_footer.text[m.text_start : m.text_end] == bodies[4]


def test_without_the_cap_the_same_footer_would_match(tmp_path, builtin_rules):
    footer = data_text("footer.txt").strip()
    index = make_index(tmp_path, [("a", f"{paragraph('harbour.txt', 2)}\n{footer}", {}),
                                  ("b", f"{paragraph('library.txt', 2)}\n{footer}", {})])
    matches = match_document(text_doc(f"{FILLER}\n{footer}"), index, builtin_rules)
    assert {m.source_id for m in matches} == {"a", "b"}


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
    assert (term.term_type, term.credit_required or term.non_commercial, term.license) == (
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


def test_index_survives_pickling_for_worker_processes(tmp_path, builtin_rules):
    index = make_index(tmp_path, [("harbour", data_text("harbour.txt"), HARBOUR)])
    copy = pickle.loads(pickle.dumps(index))
    draft = text_doc(f"{FILLER}\n\n{paragraph('harbour.txt', 4)}")
    assert [m.source_id for m in match_document(draft, copy, builtin_rules)] == ["harbour"]


def test_cross_index_matches_documents_with_each_other_never_themselves(tmp_path, builtin_rules):
    from licscan.match.build import index_documents as build_docs

    shared = paragraph("orchard.txt", 3)
    a = text_doc(f"{FILLER}\n\n{shared}", relpath="a.txt")
    b = text_doc(f"{paragraph('library.txt', 2)}\n\n{shared}", relpath="b.txt")
    build_docs([(a, None), (b, None)], tmp_path / "cross", None, cross=True)
    index = SourceIndex([tmp_path / "cross"], exclude_ids=True)
    assert [m.source_id for m in match_document(a, index, builtin_rules)] == ["b.txt"]
    assert [m.source_id for m in match_document(b, index, builtin_rules)] == ["a.txt"]


# --- a damaged index is an error naming the file and saying how to build it again ----------


def _built_index(tmp_path):
    _add(tmp_path, [("harbour", data_text("harbour.txt")), ("library", data_text("library.txt"))])
    return tmp_path / "index"


def _not_a_database(folder):
    (folder / "sources.sqlite").write_bytes(b"licscan? " * 1000)


def _other_tables(folder):
    (folder / "sources.sqlite").unlink()
    with closing(sqlite3.connect(folder / "sources.sqlite")) as db:
        db.execute("CREATE TABLE meta (key TEXT, value TEXT)")


def _truncated(folder):
    path = folder / "sources.sqlite"
    with open(path, "r+b") as handle:
        handle.truncate(path.stat().st_size // 2)


def _rebuild(folder):
    return (f"delete {folder} and build it again with "
            f"`licscan index build --index {folder} SOURCES...`")


@pytest.mark.parametrize(("damage", "problem"), [
    (_not_a_database, "is damaged, or is not a SQLite database"),
    (_truncated, "is damaged, or is not a SQLite database"),
    (_other_tables, "is not a licscan source index (no table df_high, fp, fp_new, sources)"),
])
def test_a_damaged_index_names_its_file_and_how_to_rebuild_it(tmp_path, damage, problem):
    folder = _built_index(tmp_path)
    damage(folder)
    with pytest.raises(IndexUnusable) as raised:
        SourceIndex([folder])
    assert str(raised.value) == f"source index {folder / 'sources.sqlite'} {problem}; " + _rebuild(
        folder)


def test_an_index_of_another_fingerprint_scheme_must_be_built_again(tmp_path):
    folder = _built_index(tmp_path)
    with closing(sqlite3.connect(folder / "sources.sqlite")) as db, db:
        db.execute("UPDATE meta SET value = 'md5/n3' WHERE key = 'scheme'")
    with pytest.raises(IndexUnusable) as raised:
        SourceIndex([folder])
    assert str(raised.value) == (
        f"source index {folder / 'sources.sqlite'} uses fingerprint scheme 'md5/n3', this "
        f"licscan uses {SCHEME!r}; " + _rebuild(folder))


def test_a_folder_without_an_index_file_says_how_to_build_one(tmp_path):
    with pytest.raises(IndexUnusable) as raised:
        SourceIndex([tmp_path])
    assert str(raised.value) == (
        f"{tmp_path} is not a source index (no sources.sqlite); build one with "
        f"`licscan index build --index {tmp_path} SOURCES...`")


def _licscan(*args, cwd):
    return subprocess.run([sys.executable, "-m", "licscan", *args], cwd=cwd,
                          capture_output=True, text=True)


@pytest.mark.parametrize("command", [
    ["scan", "drafts", "--sources", "index", "--no-cache"],
    ["check", "drafts", "--sources", "index"],
    ["index", "export", "out", "--index", "index"],
    ["index", "build", "drafts", "--index", "index"],
])
def test_every_command_stops_on_a_damaged_index_with_exit_2(tmp_path, command):
    _not_a_database(_built_index(tmp_path))
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "draft.txt").write_text(paragraph("harbour.txt", 2), encoding="utf-8")
    done = _licscan(*command, cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr == (
        f"licscan: error: source index {Path('index', 'sources.sqlite')} is damaged, or is not "
        f"a SQLite database; {_rebuild(Path('index'))}\n")


def test_damage_found_in_the_middle_of_a_scan_stops_it(tmp_path):
    folder = _built_index(tmp_path)
    with closing(sqlite3.connect(folder / "sources.sqlite")) as db:
        pages = [n for (n,) in db.execute("SELECT pageno FROM dbstat WHERE name = 'fp'")]
        page_size = db.execute("PRAGMA page_size").fetchone()[0]
    with open(folder / "sources.sqlite", "r+b") as handle:  # the fingerprints, read per draft
        for page in pages:
            handle.seek((page - 1) * page_size)
            handle.write(b"\xff" * 64)
    SourceIndex([folder]).close()  # opening it does not read the fingerprints
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "draft.txt").write_text(paragraph("harbour.txt", 2), encoding="utf-8")
    done = _licscan("scan", "drafts", "--sources", "index", "--no-cache", "-q", cwd=tmp_path)
    assert done.returncode == 2  # not a scan of error rows that a gate would let through
    assert done.stderr.startswith(f"licscan: error: source index {Path('index', 'sources.sqlite')}")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("MIT", ("free_with_attribution", "MIT", None)),
        ("GPL-3.0-or-later", ("free_with_attribution", "GPL-3.0-or-later", True)),
        ("gfdl-1.3-only", ("free_with_attribution", "GFDL-1.3-only", True)),
        ("Unlicense", ("other", "Unlicense", None)),
    ],
)
def test_manifest_terms_name_any_licence_of_the_catalogue(value, expected, builtin_rules):
    [term] = terms_from_id(value, "a.txt", builtin_rules.licenses)
    assert (term.term_type, term.license, term.share_alike) == expected
