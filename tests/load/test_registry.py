"""The registry of loaders is the one list of document types: discovery reads what it lists,
loading dispatches through it, and a loader added to it is scanned like a built-in one."""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from licscan.api import scan
from licscan.detect import RuleError, RuleSet
from licscan.discover import discover
from licscan.load import load_document, load_text
from licscan.load.loader import FileLoader, Parsed
from licscan.load.plaintext import read_plain_text
from licscan.load.registry import containers, loaders, names, register, suffixes, unregister
from licscan.model import DocStatus, DocType, FileEntry
from licscan.options import ScanOptions
from licscan.report.tables import plain
from tests.conftest import REPO

BUILT_IN_SUFFIXES = {
    ".html", ".htm", ".xhtml", ".md", ".markdown", ".mdx",
    ".txt", ".text", ".rst", ".adoc", ".org", ".textile", ".pdf", ".docx", ".odt", ".epub",
    ".jpg", ".jpeg", ".png", ".webp", ".tif", ".tiff", ".heic", ".heif", ".hif",
}  # fmt: skip
CONTAINER_SUFFIXES = {".xml", ".rss", ".atom", ".warc"}  # files of many documents
EVERY_SUFFIX = BUILT_IN_SUFFIXES | CONTAINER_SUFFIXES


def _entries(root: Path) -> dict[str, FileEntry]:
    return {entry.relpath: entry for entry in discover([root], ScanOptions())}


def test_discovery_reads_the_registered_suffixes_and_skips_others(tmp_path: Path) -> None:
    assert suffixes() == EVERY_SUFFIX
    for suffix in BUILT_IN_SUFFIXES:
        (tmp_path / f"page{suffix}").write_text("Our own words.", encoding="utf-8")
    (tmp_path / "page.pages").write_text("Our own words.", encoding="utf-8")
    entries = _entries(tmp_path)
    read = {name for name, entry in entries.items() if entry.status is DocStatus.ok}
    assert read == {f"page{suffix}" for suffix in BUILT_IN_SUFFIXES}
    assert entries["page.pages"].reason == "format not read: .pages"


def test_notice_and_licence_files_are_read_as_text_by_their_name(tmp_path: Path) -> None:
    assert names() == {"copyright", "notice", "authors", "license", "licence"}
    for name in ("COPYRIGHT", "NOTICE", "AUTHORS", "LICENSE", "licence.gz", "LICENSE.txt"):
        data = b"Copyright 2024 Jane Doe. All rights reserved.\n"
        (tmp_path / name).write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    (tmp_path / "LICENSE.md").write_text("# Licence\n\nCopyright 2024 Jane Doe.\n", "utf-8")
    (tmp_path / "notes.rst").write_text("Notes\n=====\n\nCopyright 2024 Jane Doe.\n", "utf-8")
    (tmp_path / "NOTICE.bin").write_bytes(b"\x00\x01")
    result = scan([tmp_path], cache=False)
    types = dict(zip(result.documents["path"], result.documents["type"], strict=True))
    assert types == {
        "AUTHORS": "text", "COPYRIGHT": "text", "LICENSE": "text", "LICENSE.md": "markdown",
        "LICENSE.txt": "text", "NOTICE": "text", "NOTICE.bin": "unknown", "licence.gz": "text",
        "notes.rst": "text",
    }  # fmt: skip
    read = result.documents[result.documents["status"] == "ok"]["path"]
    assert sorted(read) == sorted(set(types) - {"NOTICE.bin"})
    assert sorted(result.notices["path"]) == sorted(set(types) - {"NOTICE.bin"})


def test_a_name_belongs_to_one_loader() -> None:
    with pytest.raises(ValueError, match="license is read by the text loader"):
        register(FileLoader(DocType.markdown, (".lic",), read_plain_text, names=("license",)))
    with pytest.raises(ValueError, match="lower-case file name"):
        register(FileLoader(DocType.text, (".lic",), read_plain_text, names=("LICENSE",)))
    assert suffixes() == EVERY_SUFFIX


def test_every_document_type_but_unknown_has_one_loader() -> None:
    types = [loader.doc_type for loader in (*loaders(), *containers())]
    assert sorted(types) == [DocType.docx, DocType.epub, DocType.feed, DocType.html,
                             DocType.image, DocType.markdown, DocType.odt, DocType.pdf,
                             DocType.text, DocType.warc]


def test_a_document_type_is_written_as_its_name() -> None:
    assert json.dumps({"type": DocType.markdown}) == '{"type": "markdown"}'
    assert plain(DocType.html) == "html"
    assert load_text("<p>Hi</p>", "page.html", "html").doc_type is DocType.html


def test_the_schema_documents_every_document_type() -> None:
    schema = (REPO / "docs" / "schema.md").read_text(encoding="utf-8")
    row = next(line for line in schema.splitlines() if line.startswith("| `type` | text | Doc"))
    types = {"html", "markdown", "text", "pdf", "docx", "odt", "epub", "image", "feed", "warc",
             "unknown"}
    assert set(re.findall(r"`(\w+)`", row.split("|")[3])) == types
    assert {doc_type.value for doc_type in DocType} == types


def test_load_text_names_the_types_it_reads() -> None:
    with pytest.raises(ValueError, match=r"one of html, markdown, text, not 'pdf'"):
        load_text("x", "paper.pdf", "pdf")


def test_a_rule_example_names_the_types_it_may_be_given_in(tmp_path: Path) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text(
        "rules:\n"
        "  - id: custom.acme\n    kind: terms\n    term_type: permission_required\n"
        "    severity: medium\n    message: Ask Acme first\n    keywords: [acme]\n"
        "    pattern: 'ask Acme'\n"
        "    examples:\n      match:\n        - pdf: 'ask Acme'\n",
        encoding="utf-8",
    )
    with pytest.raises(RuleError, match=re.escape("{html|markdown|text: …, expect: {…}}")):
        RuleSet.load(extra=[rules], builtin=False)


def test_a_suffix_belongs_to_one_loader() -> None:
    with pytest.raises(ValueError, match=r"\.md is read by the markdown loader"):
        register(FileLoader(DocType.text, (".md",), read_plain_text))
    with pytest.raises(ValueError, match="lower-case"):
        register(FileLoader(DocType.text, (".PDF",), read_plain_text))
    assert suffixes() == EVERY_SUFFIX


# -- a loader added to the registry --------------------------------------------------------------
def _read_fake(data: bytes, path: Path, relpath: str) -> Parsed:
    """A binary format whose text is its bytes with NULs as spaces."""
    document, _ = read_plain_text(data.replace(b"\x00", b" ").decode("ascii"), path, relpath)
    document.encoding = "ascii"
    return Parsed(document)


FAKE = FileLoader(DocType.text, (".fake",), _read_fake, binary=True)
FAKE_BYTES = b"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"
FAKE_BYTES += b"Copyright 2024 Fake Corp. All rights reserved."


@pytest.fixture
def fake_loader() -> Iterator[FileLoader]:
    register(FAKE)
    try:
        yield FAKE
    finally:
        unregister(FAKE)


def _fake_file(tmp_path: Path) -> Path:
    path = tmp_path / "notes.FAKE.gz"
    path.write_bytes(gzip.compress(FAKE_BYTES))
    return path


def test_a_registered_loader_reads_its_files_until_removed(tmp_path: Path) -> None:
    path = _fake_file(tmp_path)
    assert _entries(tmp_path)["notes.FAKE.gz"].reason == "format not read: .fake.gz"

    register(FAKE)
    try:
        entry = _entries(tmp_path)["notes.FAKE.gz"]
        assert entry.status is DocStatus.ok
        document = load_document(entry, 1000)
    finally:
        unregister(FAKE)
    assert document.text == " " * 20 + "Copyright 2024 Fake Corp. All rights reserved."
    assert (document.doc_type, document.encoding, document.compressed) == ("text", "ascii", True)
    assert document.size == path.stat().st_size
    assert _entries(tmp_path)["notes.FAKE.gz"].status is DocStatus.skipped
    assert suffixes() == EVERY_SUFFIX


def test_a_scan_reads_a_registered_format(tmp_path: Path, fake_loader: FileLoader) -> None:
    _fake_file(tmp_path)
    result = scan([tmp_path], cache=False)
    rows = result.documents[["path", "type", "status", "encoding"]].values.tolist()
    assert rows == [["notes.FAKE.gz", "text", "ok", "ascii"]]
    assert result.notices["holders"].tolist() == [["Fake Corp."]]
