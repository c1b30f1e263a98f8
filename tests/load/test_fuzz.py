"""Fuzzing the loaders and the per-file pipeline: whatever a file holds, licscan reads it or says
why not (a LoadError with a status, a documents row), and everything it reports points into
the file."""

from __future__ import annotations

import gzip
import json
import re
import subprocess
import sys
import textwrap
import zlib
from pathlib import Path

import pytest
from hypothesis import assume, event, given
from hypothesis import strategies as st

from licscan.catalogue import READ_ERROR as READ_ERROR_RULE
from licscan.load import LoadError, load_document, load_text
from licscan.load.registry import text_doc_types
from licscan.model import DocStatus, FileEntry
from licscan.options import DEFAULT_MAX_SIZE, ScanOptions
from licscan.run.context import ScanContext, build_context
from licscan.run.unit import process_entry
from tests.fuzzing import (
    any_text,
    assert_offsets_consistent,
    assert_span_in_file,
    file_bytes,
    html_source,
    markdown_source,
    time_limit,
)

MAX_SIZE = 1_000_000
_NAMES = ["page.html", "post.md", "notes.txt", "README", "page.html.gz", "notes.txt.gz"]
any_source = st.one_of(html_source, markdown_source, any_text)
# mostly text that decodes, so that most files get as far as the rules
any_file = st.one_of(file_bytes(), any_source.map(lambda s: s.encode("utf-8", "surrogatepass")))


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@pytest.fixture(scope="module")
def context() -> ScanContext:
    context = build_context(ScanOptions())
    context.rules.compile_all()  # compiled here, not in the first (timed) example
    load_text("<p>warm</p>", "warm.html", "html")  # lxml and markdown-it imported here too
    load_text("*warm*", "warm.md", "markdown")
    return context


def _write(folder: Path, name: str, data: bytes) -> FileEntry:
    path = folder / name
    path.write_bytes(data)
    return FileEntry(path, name, len(data))


def _load(entry: FileEntry):
    """The document, or the LoadError; any other exception fails the test."""
    try:
        return load_document(entry, MAX_SIZE)
    except LoadError as error:
        return error


def _gunzips(data: bytes) -> bool:
    try:
        gzip.decompress(data)
    except (OSError, EOFError, zlib.error):
        return False
    return True


def _assert_reported_not_crashed(error: LoadError) -> None:
    """A file licscan cannot use gets a status saying why, never the catch-all of a loader bug."""
    assert error.status is not DocStatus.error, error.reason
    assert error.reason and "\n" not in error.reason


# -- strings -------------------------------------------------------------------------------------
@given(any_source, st.sampled_from(text_doc_types()))
def test_any_string_loads_with_every_character_mapped_into_it(source, doc_type):
    with time_limit():
        document = load_text(source, "fuzz", doc_type)
    assert document.source == source
    assert_offsets_consistent(document)


@given(any_text)
def test_plain_text_is_the_file_itself_with_lf_line_ends_and_no_controls(source):
    document = load_text(source, "fuzz.txt", "text")
    # line ends become LF; invisible control characters (NUL among them) are left out
    assert document.text == re.sub(r"[\x00-\x08\x0b\x0e-\x1f]", "", re.sub(r"\r\n?", "\n", source))
    for position, char in enumerate(document.text):
        start, end = document.offsets.source_range(position, position + 1)
        assert source[start:end] == char or (char == "\n" and source[start:end] in ("\r\n", "\r"))


# -- files ---------------------------------------------------------------------------------------
@given(st.sampled_from(_NAMES), file_bytes())
def test_any_bytes_load_or_give_the_reason_they_cannot(folder, name, data):
    entry = _write(folder, name, data)
    with time_limit():
        outcome = _load(entry)
    event(f"status {getattr(outcome, 'status', DocStatus.ok).value}")
    if isinstance(outcome, LoadError):
        _assert_reported_not_crashed(outcome)
        return
    # the documented contract: offsets index the file decoded with the document's encoding
    assert outcome.source == data.decode(outcome.encoding, "replace")
    assert outcome.size == len(data)
    assert_offsets_consistent(outcome)


@given(st.sampled_from(_NAMES), file_bytes())
def test_a_gzip_file_reads_as_its_content(folder, name, data):
    assume(not data.startswith(b"\x1f\x8b"))  # already gzip: read through once, not twice
    plain = _load(_write(folder, name, data))
    packed = _load(_write(folder, name, gzip.compress(data)))
    if isinstance(plain, LoadError):
        assert isinstance(packed, LoadError)
        assert packed.status is plain.status
        return
    assert not isinstance(packed, LoadError), packed.reason
    assert packed.compressed and not plain.compressed
    assert (packed.source, packed.text, packed.encoding) == (
        plain.source,
        plain.text,
        plain.encoding,
    )


@given(file_bytes(), st.data())
def test_a_cut_or_damaged_gzip_file_is_malformed(folder, content, data):
    packed = bytearray(gzip.compress(content))
    if data.draw(st.booleans(), label="cut rather than damaged"):
        del packed[data.draw(st.integers(2, len(packed) - 1), label="cut at") :]
    else:  # past the 10-byte header, whose time stamp and OS bytes are free
        position = data.draw(st.integers(10, len(packed) - 1), label="damaged byte")
        packed[position] ^= data.draw(st.integers(1, 255), label="xor")
        assume(not _gunzips(bytes(packed)))  # a flipped padding bit of the last block is harmless
    outcome = _load(_write(folder, "page.html.gz", bytes(packed)))
    assert isinstance(outcome, LoadError)
    assert outcome.status is DocStatus.malformed, outcome.reason


# -- one file through the whole pipeline ----------------------------------------------------------
@given(st.sampled_from(_NAMES), any_file)
def test_any_file_gives_one_row_and_findings_inside_it(folder, context, name, data):
    entry = _write(folder, name, data)
    with time_limit():
        result = process_entry(entry, context)
    row = result.document
    event(f"status {row.status.value}")
    event("with findings" if result.findings else "no findings")
    assert row.relpath == name
    assert row.status is not DocStatus.error, row.reason  # "internal error" or "loader failed"
    if row.status is not DocStatus.ok:
        assert [f.rule_id for f in result.findings] == [READ_ERROR_RULE]
        return
    source = load_document(entry, MAX_SIZE).source
    for item in (*result.findings, *result.notices, *result.terms, *result.metadata):
        assert_span_in_file(item.span, source)


# -- memory --------------------------------------------------------------------------------------
MEMORY_LIMIT = 256 * 1024 * 1024  # address space of the process (it needs about 120 MiB now)

_BOUNDED_LOADS = textwrap.dedent(
    """
    import json, resource, sys
    from pathlib import Path
    from licscan.model import FileEntry
    from licscan.options import DEFAULT_MAX_SIZE, ScanOptions
    from licscan.run.context import build_context
    from licscan.run.unit import process_entry

    context = build_context(ScanOptions())
    resource.setrlimit(resource.RLIMIT_AS, (int(sys.argv[2]), int(sys.argv[2])))
    rows = {}
    for path in sorted(Path(sys.argv[1]).iterdir()):
        row = process_entry(FileEntry(path, path.name, path.stat().st_size), context).document
        rows[path.name] = [row.status.value, row.reason]
    print(json.dumps(rows))
    """
)


def _pathological_files(folder: Path) -> None:
    notice = "© 2024 Example Ltd. All rights reserved.\n"
    files = {
        "long-line.txt": ("word " * 400_000).encode(),  # 2 MB, one line
        "tiny-elements.html": b"<html><body>" + b"<b>x</b>" * 125_000,  # 1 MB
        "deep.html": b"<div>" * 5_000 + b"deep text",
        "notices.md": (notice * 1_000).encode(),
        "nul.txt": b"Draft with a stray NUL \x00 byte.\n" * 100,
        "bomb.html.gz": gzip.compress(b"<p>" + b"a" * 50_000_000),  # 50 MB from 50 KB
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)


def test_pathological_files_load_within_a_memory_limit(tmp_path):
    _pathological_files(tmp_path)
    run = subprocess.run(
        [sys.executable, "-c", _BOUNDED_LOADS, str(tmp_path), str(MEMORY_LIMIT)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    rows = json.loads(run.stdout)
    assert rows.pop("bomb.html.gz") == [
        "too_large",
        f"decompressed size exceeds the limit of {DEFAULT_MAX_SIZE} bytes",
    ]
    # a stray NUL and deep nesting are still refused (binary, malformed) rather than read;
    # anything but a crash or a loader error is accepted for them here
    for name in ("nul.txt", "deep.html"):
        assert rows.pop(name)[0] in ("ok", "binary", "malformed")
    assert {name: status for name, (status, _) in rows.items()} == {
        "long-line.txt": "ok",
        "notices.md": "ok",
        "tiny-elements.html": "ok",
    }
