"""Discovery: which files a scan reads, their relpaths and order, and unusable ones as rows."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import pytest

from licscan.discover import discover
from licscan.load.registry import doc_type_for_name
from licscan.model import DocStatus
from licscan.options import ScanOptions


def _tree(root: Path, files: dict[str, bytes | str]) -> Path:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            content = content.encode()
        path.write_bytes(content)
    return root


def _rows(roots, **options) -> list[tuple[str, str]]:
    return [(e.relpath, e.status.value) for e in discover(roots, ScanOptions(**options))]


def _paths(roots, **options) -> list[str]:
    """The files a scan reads (or reports as unusable), without the skipped ones."""
    return [relpath for relpath, status in _rows(roots, **options) if status != "skipped"]


def _skipped(roots, **options) -> dict[str, str]:
    entries = discover(roots, ScanOptions(**options))
    return {e.relpath: e.reason for e in entries if e.status is DocStatus.skipped}


@pytest.fixture
def site(tmp_path):
    return _tree(
        tmp_path / "site",
        {
            "index.html": "<p>home</p>",
            "about.HTM": "<p>about</p>",
            "blog/post.md": "# post",
            "blog/post.mdx": "# mdx post",
            "blog/notes.markdown": "notes",
            "notes.txt": "notes",
            "readme.text": "read me",
            "archive/old.xhtml": "<p>old</p>",
            "archive/page.html.gz": gzip.compress(b"<p>zipped</p>"),
            "archive/data.json.gz": gzip.compress(b"{}"),
            "style.css": "p {}",
            "app.js": "var a;",
            "data.json": "{}",
            "LICENSE": "Copyright 2024 Example Ltd\n",
            "Makefile.bin": b"\x7fELF\x00\x00",
            "image": b"\x89PNG\r\n\x1a\n\x00\x00",
            "empty-marker": "",
            "plain-page": "<!DOCTYPE html><html><body>x</body></html>",
            ".hidden/secret.md": "hidden",
            ".draft.md": "hidden file",
            ".git/HEAD": "ref: refs/heads/main",
        },
    )


def test_doc_type_for_name():
    assert doc_type_for_name("a/b/Page.HTML") == "html"
    assert doc_type_for_name("page.html.gz") == "html"
    assert doc_type_for_name("post.mdx") == "markdown"
    assert doc_type_for_name("notes.text") == "text"
    assert doc_type_for_name("LICENSE") == doc_type_for_name("docs/notes.rst") == "text"
    for name in ("style.css", "data.json.gz", "README", ".md", "archive.gz"):
        assert doc_type_for_name(name) is None


def test_supported_files_sorted_with_relpaths_relative_to_the_root(site):
    assert _paths([site]) == [
        "LICENSE",  # no extension, reads as text
        "about.HTM",
        "archive/old.xhtml",
        "archive/page.html.gz",
        "blog/notes.markdown",
        "blog/post.md",
        "blog/post.mdx",
        "index.html",
        "notes.txt",
        "plain-page",  # no extension, reads as HTML
        "readme.text",
    ]


def test_same_result_every_time(site):
    assert _rows([site]) == _rows([site])


def test_single_file_root_is_its_name(site):
    assert _paths([site / "blog" / "post.md"]) == ["post.md"]


def test_explicit_files_are_scanned_whatever_their_type(site):
    assert _rows([site / "data.json"]) == [("data.json", "ok")]


def test_several_roots_stay_distinct_and_overlaps_count_once(site, tmp_path):
    drafts = _tree(tmp_path / "drafts", {"post.md": "# draft", "blog/post.md": "# other"})
    paths = _paths([site / "blog", drafts, site / "blog" / "post.md"])
    assert paths == [
        "drafts/blog/post.md",
        "drafts/post.md",
        "site/blog/notes.markdown",
        "site/blog/post.md",
        "site/blog/post.mdx",
    ]


def test_glob_pattern_root_is_expanded(site):
    assert _paths([str(site / "blog" / "*.md*")]) == ["post.md", "post.mdx"]
    assert _paths([str(site / "nothing-*.html")]) == []


def test_missing_root_is_a_row(tmp_path):
    assert _rows([tmp_path / "missing"]) == [("missing", "unreadable")]


def test_include_and_exclude_patterns(site):
    assert _paths([site], include=["*.md"]) == ["blog/post.md"]
    assert _paths([site], include=["blog/"]) == [  # a folder pattern selects what it holds
        "blog/notes.markdown",
        "blog/post.md",
        "blog/post.mdx",
    ]
    assert _paths([site], include=["blog/*"], exclude=["*.mdx"]) == [
        "blog/notes.markdown",
        "blog/post.md",
    ]
    assert "archive/old.xhtml" not in _paths([site], exclude=["archive/"])
    assert _paths([site / "notes.txt"], exclude=["notes.txt"]) == []
    assert _paths([site / "notes.txt"], include=["*.md"]) == ["notes.txt"]


def test_files_of_formats_not_read_are_skipped_rows(site):
    assert _skipped([site]) == {
        "Makefile.bin": "format not read: .bin",
        "app.js": "format not read: .js",
        "archive/data.json.gz": "format not read: .json.gz",
        "data.json": "format not read: .json",
        "empty-marker": "format not read: empty file without extension",
        "image": "format not read: binary file without extension",
        "style.css": "format not read: .css",
    }  # hidden files and folders (.git, .hidden) are not visited at all


def test_skipped_rows_honour_include_exclude_and_gitignore(site):
    (site / "blog" / "slides.KEY").write_bytes(b"PK\x03\x04")  # a Keynote presentation
    (site / ".gitignore").write_text("*.css\n")
    assert set(_skipped([site], include=["blog/"])) == {"blog/slides.KEY"}
    assert set(_skipped([site], exclude=["*.js", "*.json*"])) == {
        "Makefile.bin", "blog/slides.KEY", "empty-marker", "image",
    }  # fmt: skip


def test_a_file_name_that_is_not_utf8_is_kept_and_shown_escaped(tmp_path):
    root = tmp_path / "site"
    root.mkdir()
    (root / "good.md").write_text("good")
    bad = os.path.join(os.fsencode(root), b"bad\xffname.md")
    with open(bad, "wb") as handle:
        handle.write(b"bad")
    entries = {e.relpath: e for e in discover([root], ScanOptions())}
    assert sorted(entries) == ["bad\\xffname.md", "good.md"]
    assert os.fsencode(entries["bad\\xffname.md"].path) == bad  # opened under its real name


def test_gitignore_nested_and_negated(site):
    (site / ".gitignore").write_text("*.txt\narchive/\n!readme.text\n")
    (site / "blog" / ".gitignore").write_text("post.*\n!post.md\n")
    (site / "readme.text").write_text("kept")
    assert _paths([site]) == [
        "LICENSE",
        "about.HTM",
        "blog/notes.markdown",
        "blog/post.md",
        "index.html",
        "plain-page",
        "readme.text",
    ]
    assert "notes.txt" in _paths([site], use_gitignore=False)


def test_gitignore_of_the_enclosing_repository_applies(tmp_path):
    repo = _tree(
        tmp_path / "repo",
        {
            ".git/HEAD": "ref: refs/heads/main",
            ".gitignore": "content/drafts/\nbuild/\n",
            "content/a.md": "a",
            "content/drafts/b.md": "b",
            "build/out.html": "<p>built</p>",
        },
    )
    assert _paths([repo / "content"]) == ["a.md"]
    # a folder named on the command line is scanned even when the repository ignores it
    assert _paths([repo / "build"]) == ["out.html"]


def test_symlink_loops_and_broken_links_are_rows(site):
    os.symlink("..", site / "blog" / "up")
    os.symlink("self.md", site / "self.md")
    os.symlink("missing.html", site / "dangling.html")
    os.symlink("missing", site / "dangling-no-type")
    rows = dict(_rows([site]))
    assert rows["blog/up"] == "symlink_loop"
    assert rows["self.md"] == "symlink_loop"
    assert rows["dangling.html"] == "unreadable"
    assert "dangling-no-type" not in rows


def test_links_out_of_the_roots_are_skipped_rows_unless_followed(site, tmp_path):
    outside = _tree(tmp_path / "shared", {"snippet.md": "shared", "secret.txt": "secret"})
    os.symlink(outside, site / "linked")
    os.symlink(outside / "secret.txt", site / "secret.txt")
    hint = "; use --follow-symlinks to scan it"
    assert _skipped([site], include=["linked", "*.txt"]) == {
        "linked": f"symbolic link to a path outside the scanned folders ({outside}){hint}",
        "secret.txt": "symbolic link to a path outside the scanned folders "
        f"({outside / 'secret.txt'}){hint}",
    }
    assert not [p for p in _paths([site]) if p.startswith("linked") or p == "secret.txt"]
    followed = _paths([site], follow_symlinks=True)
    assert {"linked/secret.txt", "linked/snippet.md"} <= set(followed)
    assert "secret.txt" not in followed  # the same file, through a second link: read once


def test_a_link_out_of_one_root_into_another_is_followed(site, tmp_path):
    shared = _tree(tmp_path / "shared", {"snippet.md": "shared"})
    os.symlink(shared / "snippet.md", site / "snippet.md")
    paths = _paths([site / "blog", site / "snippet.md", shared])
    assert paths == [
        "shared/snippet.md",
        "site/blog/notes.markdown",
        "site/blog/post.md",
        "site/blog/post.mdx",
        "site/snippet.md",  # a root named on the command line: read, even as a link
    ]
    os.symlink(site / "blog", shared / "blog")
    assert [p for p in _paths([site, shared]) if "blog" in p] == [
        "site/blog/notes.markdown",  # once: shared/blog leads to the same folder
        "site/blog/post.md",
        "site/blog/post.mdx",
    ]


def test_a_gitignore_linked_out_of_the_roots_is_not_read(site, tmp_path):
    outside = _tree(tmp_path / "outside", {"ignore-all": "*\n"})
    os.symlink(outside / "ignore-all", site / ".gitignore")
    assert "index.html" in _paths([site])
    assert _paths([site], follow_symlinks=True) == []


def test_links_inside_the_roots_are_followed_once(site):
    os.symlink("index.html", site / "a-link-to-index.html")
    os.symlink("blog", site / "a-link-to-blog")
    os.symlink(".hidden", site / "shown")
    os.symlink("../.hidden/secret.md", site / "blog" / "secret.md")
    paths = _paths([site])
    assert paths.count("index.html") == 1
    assert not [p for p in paths if p.startswith("a-link-to")]  # the real paths win
    # hidden, so only reachable through links: followed, through the first link met
    assert [p for p in paths if p.endswith("secret.md")] == ["shown/secret.md"]


def test_files_over_the_size_limit_are_rows_and_never_opened(site, monkeypatch):
    (site / "big.html").write_text("<p>" + "x" * 5000 + "</p>")
    real_open = open

    def guarded(path, *args, **kwargs):
        assert not str(path).endswith("big.html"), "a file over the limit was opened"
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr("builtins.open", guarded)
    (entry,) = [e for e in discover([site], ScanOptions(max_size=1000)) if e.relpath == "big.html"]
    assert (entry.status, entry.size) == (DocStatus.too_large, 5007)
    assert entry.reason == "5007 bytes, over the limit of 1000 bytes"


def test_special_files(site):
    os.mkfifo(site / "pipe.html")
    os.mkfifo(site / "pipe-without-type")  # must not be opened: that would block the scan
    rows = {e.relpath: e for e in discover([site], ScanOptions())}
    assert (rows["pipe.html"].status, rows["pipe.html"].reason) == (
        DocStatus.unreadable,
        "not a regular file",
    )
    assert "pipe-without-type" not in rows


def test_folder_that_cannot_be_listed_is_a_row_and_the_walk_goes_on(site, monkeypatch):
    real_scandir = os.scandir

    def deny(path):
        if str(path).endswith("blog"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", deny)
    rows = {e.relpath: e for e in discover([site], ScanOptions())}
    assert rows["blog"].status is DocStatus.unreadable
    assert rows["blog"].reason == "folder cannot be listed: permission denied"
    assert "index.html" in rows


def test_git_info_exclude_applies_at_the_top_of_the_work_tree(tmp_path):
    repo = _tree(
        tmp_path / "repo",
        {".git/info/exclude": "private/\n", "a.md": "a", "private/b.md": "b"},
    )
    assert _paths([repo]) == ["a.md"]
