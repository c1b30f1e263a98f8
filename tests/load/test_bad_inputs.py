"""Bad inputs: each is a LoadError with a status and a reason, never another exception,
and in a scan each is a documents row with that status (the scan goes on)."""

from __future__ import annotations

import builtins
import gzip
import os
from pathlib import Path

import pytest

from licscan.catalogue import READ_ERROR as READ_ERROR_RULE
from licscan.load import LoadError, load_document
from licscan.model import DocStatus, FileEntry
from licscan.options import ScanOptions
from licscan.run.context import ScanContext
from licscan.run.unit import process_entry


def _entry(path, name=None) -> FileEntry:
    size = path.stat().st_size if path.is_file() else 0
    return FileEntry(path, name or path.name, size)


def _status(path, max_size: int = 1_000_000) -> tuple[DocStatus, str]:
    with pytest.raises(LoadError) as error:
        load_document(_entry(path), max_size)
    return error.value.status, error.value.reason


def test_binary_content_behind_a_text_extension(tmp_path):
    png = tmp_path / "logo.html"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    assert _status(png) == (DocStatus.binary, "binary content (PNG image)")
    nul = tmp_path / "data.txt"
    nul.write_bytes(b"some text\x00\x01\x02 more \x00 text " * 10)
    assert _status(nul) == (DocStatus.binary, "binary content (NUL bytes)")


def test_empty_and_whitespace_only_files(tmp_path):
    empty = tmp_path / "empty.md"
    empty.write_bytes(b"")
    assert _status(empty) == (DocStatus.empty, "0 bytes")
    blank = tmp_path / "blank.html"
    blank.write_bytes(b" \r\n\t\n")
    assert _status(blank) == (DocStatus.empty, "only whitespace")
    markup = tmp_path / "markup.html"
    markup.write_bytes(b"<!DOCTYPE html><!-- nothing here -->")
    assert _status(markup)[0] is DocStatus.empty
    gz = tmp_path / "empty.html.gz"
    gz.write_bytes(gzip.compress(b""))
    assert _status(gz) == (DocStatus.empty, "decompresses to 0 bytes")


def test_too_large_file_is_not_opened(tmp_path, monkeypatch):
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 2048)

    def no_open(*args, **kwargs):
        raise AssertionError("a file over the limit must not be opened")

    monkeypatch.setattr(builtins, "open", no_open)
    status, reason = _status(big, max_size=1024)
    assert status is DocStatus.too_large
    assert reason == "2048 bytes, over the limit of 1024 bytes"


def test_gzip_bomb_stops_at_the_limit(tmp_path):
    bomb = tmp_path / "bomb.html.gz"
    bomb.write_bytes(gzip.compress(b"<p>" + b"a" * 5_000_000, compresslevel=9))
    assert bomb.stat().st_size < 20_000
    status, reason = _status(bomb, max_size=100_000)
    assert status is DocStatus.too_large
    assert reason == "decompressed size exceeds the limit of 100000 bytes"


def test_corrupt_gzip_is_malformed(tmp_path):
    broken = tmp_path / "page.html.gz"
    broken.write_bytes(gzip.compress(b"<p>hello world</p>" * 100)[:-30])
    status, reason = _status(broken)
    assert status is DocStatus.malformed
    assert reason.startswith("corrupt gzip data")


def test_gzip_with_several_members_or_zero_padding_is_read_whole(tmp_path):
    # gzip allows concatenated members and zero bytes after a member (tape padding)
    page = tmp_path / "page.html.gz"
    page.write_bytes(gzip.compress(b"<p>first half, ") + gzip.compress(b"second half</p>"))
    document = load_document(_entry(page), 1_000_000)
    assert document.text == "first half, second half"
    page.write_bytes(gzip.compress(b"<p>padded page</p>") + b"\x00" * 512)
    assert load_document(_entry(page), 1_000_000).text == "padded page"


def test_gzip_with_a_wrong_checksum_is_malformed(tmp_path):
    data = bytearray(gzip.compress(b"<p>hello world</p>" * 100))
    data[-8] ^= 0xFF  # the CRC-32 of the trailer
    broken = tmp_path / "page.html.gz"
    broken.write_bytes(bytes(data))
    status, reason = _status(broken)
    assert status is DocStatus.malformed
    assert reason.startswith("corrupt gzip data: CRC check failed")


def test_unreadable_files(tmp_path, monkeypatch):
    fifo = tmp_path / "pipe.html"
    os.mkfifo(fifo)
    assert _status(fifo) == (DocStatus.unreadable, "not a regular file (named pipe)")
    folder = tmp_path / "folder.html"
    folder.mkdir()
    assert _status(folder) == (DocStatus.unreadable, "is a folder, not a file")
    missing = tmp_path / "gone.html"
    assert _status(missing)[0] is DocStatus.unreadable

    locked = tmp_path / "locked.html"
    locked.write_text("<p>secret</p>")
    real_open = builtins.open

    def deny(file, *args, **kwargs):  # chmod 000 does not stop root: deny the read instead
        if str(file) == str(locked):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", deny)
    assert _status(locked) == (DocStatus.unreadable, "permission denied")


def test_symlink_loop(tmp_path):
    (tmp_path / "a.html").symlink_to(tmp_path / "b.html")
    (tmp_path / "b.html").symlink_to(tmp_path / "a.html")
    assert _status(tmp_path / "a.html") == (DocStatus.symlink_loop, "symbolic link loop")


def test_markdown_nested_past_the_parser_limit_is_malformed(tmp_path):
    deep = tmp_path / "deep.md"
    deep.write_text("> " * 150 + "a quote markdown-it would leave out\n")
    assert _status(deep) == (
        DocStatus.malformed, "Markdown nested more than 100 levels deep (quotes or lists)"
    )


def test_a_loader_bug_is_an_error_status_not_an_exception(tmp_path, monkeypatch):
    import licscan.load.html as html_loader

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(html_loader, "extract_html", broken)
    page = tmp_path / "page.html"
    page.write_text("<p>x</p>")
    assert _status(page) == (DocStatus.error, "loader failed: RuntimeError: boom")


def test_entry_already_marked_by_discovery_is_not_read(tmp_path):
    entry = FileEntry(tmp_path / "x.html", "x.html", 0, DocStatus.symlink_loop, "loop")
    with pytest.raises(LoadError) as error:
        load_document(entry, 100)
    assert (error.value.status, error.value.reason) == (DocStatus.symlink_loop, "loop")


def test_each_bad_input_is_a_documents_row_and_the_scan_goes_on(tmp_path):
    (tmp_path / "binary.html").write_bytes(b"%PDF-1.7\n" + bytes(range(256)))
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "noise.txt").write_bytes(bytes(range(0x80, 0x100)) * 4)
    (tmp_path / "huge.md").write_bytes(b"# big\n" * 5000)
    (tmp_path / "deep.md").write_text("> " * 3000 + "x")
    os.mkfifo(tmp_path / "pipe.html")
    (tmp_path / "loop.md").symlink_to(tmp_path / "loop.md")
    expected = {
        "binary.html": DocStatus.binary,
        "empty.txt": DocStatus.empty,
        "noise.txt": DocStatus.undecodable,
        "huge.md": DocStatus.too_large,
        "deep.md": DocStatus.malformed,
        "pipe.html": DocStatus.unreadable,
        "loop.md": DocStatus.symlink_loop,
    }
    context = ScanContext(options=ScanOptions(max_size=10_000), rules=None)
    for name, status in expected.items():
        result = process_entry(FileEntry(tmp_path / name, name), context)
        assert result.document.status is status, name
        assert result.document.reason
        assert [f.rule_id for f in result.findings] == [READ_ERROR_RULE]


@pytest.mark.parametrize(("name", "source"), [
    ("notes.txt", "The brass\x00 tide ga\x00uge\x01 at Marrow Point.\r\nSecond line.\n"),
    ("notes.md", "# Tide\n\nThe brass\x00 tide ga\x00uge\x01 at Marrow Point.\r\nSecond line.\n"),
    ("notes.html", "<p>The brass\x00 tide ga\x00uge\x01 at Marrow Point.</p><p>Second line.</p>"),
])
def test_stray_nul_and_control_bytes_are_text_left_out_of_the_visible_text(
    tmp_path, name, source
):
    path = tmp_path / name
    path.write_bytes(source.encode())
    document = load_document(_entry(path), 1_000_000)
    words = " ".join(document.text.split())
    assert words.endswith("The brass tide gauge at Marrow Point. Second line.")
    start = document.text.index("gauge")
    src_start, src_end = document.offsets.source_range(start, start + len("gauge"))
    assert document.source[src_start:src_end] == "ga\x00uge"
    assert document.warnings == []


def test_a_file_of_many_nul_bytes_is_binary_but_utf16_is_not(tmp_path):
    mostly_nul = tmp_path / "dump.txt"
    mostly_nul.write_bytes(b"word\x00\x00 " * 200)
    assert _status(mostly_nul) == (DocStatus.binary, "binary content (NUL bytes)")
    utf16 = tmp_path / "utf16.txt"
    utf16.write_bytes("All rights reserved. " .encode("utf-16-le") * 20)
    assert load_document(_entry(utf16), 1_000_000).text.startswith("All rights reserved.")


@pytest.mark.parametrize("depth", [3_000, 100_000])
def test_html_nested_past_the_parser_limit_is_read(tmp_path, depth):
    page = tmp_path / "deep.html"
    page.write_text(
        "<p>Intro.</p>" + "<div>" * depth + "<p>Deep text.</p>" + "</div>" * depth
        + "<p>After &amp; all.</p>"
    )
    document = load_document(_entry(page), 10_000_000)
    assert document.text.split() == ["Intro.", "Deep", "text.", "After", "&", "all."]
    assert document.warnings == [
        "HTML nested more than 512 levels deep: deeper elements read as part of the element "
        "at that depth"
    ]
    start = document.text.index("Deep")
    assert document.source[slice(*document.offsets.source_range(start, start + 4))] == "Deep"


def test_deeply_nested_json_ld_is_ignored_with_a_warning(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        '<script type="application/ld+json">' + "[" * 100_000 + "]" * 100_000 + "</script>"
        "<p>Visible text.</p>"
    )
    document = load_document(_entry(page), 10_000_000)
    assert document.text == "Visible text."
    assert document.warnings == ["JSON-LD nested too deeply: ignored"]


EXAMPLE_PAGES = sorted((Path(__file__).resolve().parents[2] / "examples").rglob("*.html"))


@pytest.mark.parametrize("page", EXAMPLE_PAGES, ids=[page.name for page in EXAMPLE_PAGES])
def test_a_page_read_as_a_stream_has_the_text_and_links_of_the_tree_walk(monkeypatch, page):
    import licscan.load.html as html_loader

    entry = FileEntry(page, page.name, page.stat().st_size)
    whole = load_document(entry, 1_000_000)
    monkeypatch.setattr(html_loader, "STREAM_ABOVE", 0)  # as for a page of millions of tags
    streamed = load_document(entry, 1_000_000)
    assert streamed.text == whole.text
    assert streamed.offsets == whole.offsets
    assert (streamed.links, streamed.title, streamed.meta, streamed.quoted, streamed.comments) == (
        whole.links, whole.title, whole.meta, whole.quoted, whole.comments
    )


def test_a_page_read_as_a_stream_nested_as_deep_as_the_parser_reads_is_malformed(
    tmp_path, monkeypatch
):
    import licscan.load.html as html_loader

    monkeypatch.setattr(html_loader, "STREAM_ABOVE", 1000)
    page = tmp_path / "deep.html"
    page.write_text("<div>" * 3000 + "text" + "</div>" * 3000)
    assert _status(page) == (
        DocStatus.malformed,
        "HTML of more than 1,000 tags nested 2,048 levels deep: too large and too deep to read",
    )
