"""Discovery: which files of the given folders, files and glob patterns are scanned.

* Supported types by extension — HTML (``.html .htm .xhtml``), Markdown (``.md .markdown
  .mdx``), plain text (``.txt .text``), each also gzip-compressed (``page.html.gz``) — and, for
  files without an extension, a look at the content (HTML or text; binary ones are skipped).
* Files and folders whose name starts with a dot are skipped (``.git`` always); ``.gitignore``
  files are honoured (nested ones too, and those of the enclosing Git work tree above the scan
  root, plus ``.git/info/exclude``); ``include``/``exclude`` are gitignore-style patterns
  matched against the path relative to the scan root.  Files named explicitly are always
  scanned unless an ``exclude`` pattern matches them.
* Unusable files are reported, not skipped: a symbolic link loop, a broken link, a folder that
  cannot be listed, a special file, a file over the size limit each become a
  :class:`~licscan.model.FileEntry` with a status and a reason (files over the limit are not
  opened).
* ``relpath`` is POSIX and relative to the scan root: a folder root's files are relative to
  it, a file root is its name; several roots are made relative to their common parent folder,
  so they stay distinct.  Entries come sorted by ``relpath``.
"""

from __future__ import annotations

import errno
import glob
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .model import DocStatus, FileEntry
from .options import ScanOptions

EXTENSIONS = {
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdx": "markdown",
    ".txt": "text",
    ".text": "text",
}
_GLOB_CHARS = frozenset("*?[")


def doc_type_for_name(name: str) -> str | None:
    """ "html", "markdown" or "text" from a file name (``.gz`` looked through); None otherwise."""
    base = PurePosixPath(name).name.lower()
    if base.endswith(".gz"):
        base = base[:-3]
    dot = base.rfind(".")
    if dot <= 0:
        return None
    return EXTENSIONS.get(base[dot:])


def discover(roots: Iterable[Path | str], options: ScanOptions) -> Iterator[FileEntry]:
    """Every file to scan (or to report as unusable) under ``roots``, sorted by relpath."""
    expanded = _expand(roots)
    if not expanded:
        return iter(())
    walker = _Walker(options, relpath_base(expanded, options.root))
    for root in expanded:
        walker.add_root(root)
    return iter(sorted(walker.entries.values(), key=lambda entry: entry.relpath))


# -- roots -----------------------------------------------------------------------------------
def _expand(roots: Iterable[Path | str]) -> list[Path]:
    """Roots as paths, glob patterns expanded (a pattern matching nothing gives nothing)."""
    expanded: list[Path] = []
    for root in roots:
        text = str(root)
        if _GLOB_CHARS & set(text) and not os.path.lexists(text):
            expanded.extend(Path(p) for p in sorted(glob.glob(text, recursive=True)))
        else:
            expanded.append(Path(root))
    return expanded


def relpath_base(roots: list[Path], project_root: Path | None) -> Path:
    """The folder relpaths are relative to: the project root when every root lies inside it."""
    folders = []
    for root in roots:
        absolute = os.path.abspath(root)
        folders.append(absolute if os.path.isdir(absolute) else os.path.dirname(absolute))
    common = folders[0] if len(roots) == 1 else os.path.commonpath(folders)
    if project_root is not None:
        base = os.path.abspath(project_root)
        if os.path.commonpath([base, common]) == base:
            return Path(base)
    return Path(common)


# -- ignore rules ------------------------------------------------------------------------------
@dataclass
class _Ignores:
    """The .gitignore specs in force in one folder, outermost first: (folder, spec)."""

    specs: tuple = ()

    def ignored(self, path: str, is_dir: bool) -> bool:
        decision = False
        for folder, spec in self.specs:
            rel = os.path.relpath(path, folder).replace(os.sep, "/")
            if rel.startswith("../"):
                continue
            result = spec.check_file(rel + "/" if is_dir else rel)
            if result.include is not None:
                decision = result.include
        return decision

    def with_file(self, folder: str, path: str) -> _Ignores:
        spec = _read_spec(path)
        return _Ignores((*self.specs, (folder, spec))) if spec is not None else self


def _read_spec(path: str):
    import pathspec

    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            lines = handle.read().splitlines()
    except OSError:
        return None
    return pathspec.GitIgnoreSpec.from_lines(lines) if lines else None


def _outer_ignores(folder: str) -> _Ignores:
    """``.git/info/exclude`` and the .gitignore files above ``folder`` in its Git work tree."""
    chain = [folder]  # folder, its parent, ... up to the work tree's top
    while not os.path.exists(os.path.join(chain[-1], ".git")):
        parent = os.path.dirname(chain[-1])
        if parent == chain[-1]:
            return _Ignores()  # not inside a Git work tree
        chain.append(parent)
    top = chain[-1]
    ignores = _Ignores().with_file(top, os.path.join(top, ".git", "info", "exclude"))
    for parent in reversed(chain[1:]):  # the folder's own .gitignore is read by the walk
        ignores = ignores.with_file(parent, os.path.join(parent, ".gitignore"))
    return ignores


def _pattern_spec(patterns: list[str]):
    if not patterns:
        return None
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines(patterns)


# -- the walk ----------------------------------------------------------------------------------
@dataclass
class _Walker:
    options: ScanOptions
    anchor: Path
    entries: dict[str, FileEntry] = field(default_factory=dict)  # by normalised absolute path

    def __post_init__(self) -> None:
        self._include = _pattern_spec(self.options.include)
        self._exclude = _pattern_spec(self.options.exclude)

    def add_root(self, root: Path) -> None:
        path = os.path.abspath(root)
        info, problem = _stat(path)
        if problem is not None:
            self._report(path, *problem)
        elif stat.S_ISDIR(info.st_mode):
            self._walk_root(path, info)
        elif not self._excluded(path, is_dir=False):
            self._file(path, info, explicit=True)

    def _walk_root(self, folder: str, info: os.stat_result) -> None:
        ignores = _Ignores()
        if self.options.use_gitignore:
            ignores = _outer_ignores(folder)
            if ignores.ignored(folder, is_dir=True):
                ignores = _Ignores()  # a folder named explicitly is scanned even if ignored
        stack = [(folder, ignores, frozenset({(info.st_dev, info.st_ino)}))]
        while stack:
            folder, ignores, ancestors = stack.pop()
            children = self._list(folder)
            if children is None:
                continue
            if self.options.use_gitignore and any(c.name == ".gitignore" for c in children):
                ignores = ignores.with_file(folder, os.path.join(folder, ".gitignore"))
            subfolders = []
            for child in children:
                if child.name.startswith("."):
                    continue
                found = self._child(child, ignores, ancestors)
                if found is not None:
                    subfolders.append(found)
            stack.extend(reversed(subfolders))

    def _list(self, folder: str) -> list[os.DirEntry] | None:
        try:
            with os.scandir(folder) as listing:
                return sorted(listing, key=lambda entry: entry.name)
        except OSError as error:
            self._report(folder, DocStatus.unreadable, f"folder cannot be listed: {_why(error)}")
            return None

    def _child(self, child: os.DirEntry, ignores: _Ignores, ancestors: frozenset):
        """Handle one folder entry; return (folder, ignores, ancestors) to descend into."""
        path = child.path
        is_link = child.is_symlink()
        if is_link and not self.options.follow_symlinks:
            return None
        info, problem = _stat(path)
        if problem is not None:
            if doc_type_for_name(child.name) or problem[0] is DocStatus.symlink_loop:
                self._report(path, *problem)
            return None
        is_dir = stat.S_ISDIR(info.st_mode)
        if ignores.ignored(path, is_dir) or self._excluded(path, is_dir):
            return None
        if not is_dir:
            self._file(path, info, explicit=False)
            return None
        key = (info.st_dev, info.st_ino)
        if key in ancestors:
            self._report(
                path, DocStatus.symlink_loop, "symbolic link loops back to a parent folder"
            )
            return None
        return (path, ignores, ancestors | {key})

    def _file(self, path: str, info: os.stat_result, explicit: bool) -> None:
        name = os.path.basename(path)
        doc_type = doc_type_for_name(name)
        if not explicit:
            if doc_type is None and ("." in name.removesuffix(".gz")):
                return  # an extension licscan does not read
            if self._include is not None and not self._include.match_file(self._relpath(path)):
                return
        if not stat.S_ISREG(info.st_mode):
            if doc_type or explicit:
                self._report(path, DocStatus.unreadable, "not a regular file", info.st_size)
            return
        if doc_type is None and not explicit:
            problem = _sniff_unknown(path)
            if problem is None:
                return  # binary or empty: not a document
            if problem:
                self._report(path, DocStatus.unreadable, problem, info.st_size)
                return
        if info.st_size > self.options.max_size:
            self._report(
                path, DocStatus.too_large,
                f"{info.st_size} bytes, over the limit of {self.options.max_size} bytes",
                info.st_size,
            )  # fmt: skip
            return
        self._add(FileEntry(Path(path), self._relpath(path), info.st_size))

    def _excluded(self, path: str, is_dir: bool) -> bool:
        if self._exclude is None:
            return False
        rel = self._relpath(path)
        return self._exclude.match_file(rel + "/" if is_dir else rel)

    def _relpath(self, path: str) -> str:
        rel = os.path.relpath(path, self.anchor)
        if rel == ".":
            rel = os.path.basename(path)
        return rel.replace(os.sep, "/")

    def _report(self, path: str, status: DocStatus, reason: str, size: int = 0) -> None:
        self._add(FileEntry(Path(path), self._relpath(path), size, status, reason))

    def _add(self, entry: FileEntry) -> None:
        self.entries.setdefault(os.path.normpath(str(entry.path)), entry)


def _stat(path: str) -> tuple[os.stat_result | None, tuple[DocStatus, str] | None]:
    try:
        return os.stat(path), None
    except OSError as error:
        if error.errno == errno.ELOOP:
            return None, (DocStatus.symlink_loop, "symbolic link loop")
        if isinstance(error, FileNotFoundError) and os.path.islink(path):
            return None, (DocStatus.unreadable, "broken symbolic link")
        return None, (DocStatus.unreadable, _why(error))


def _sniff_unknown(path: str) -> str | None:
    """For a file without extension: "" if it reads as text, None if not, or a read problem."""
    import zlib

    from .load.reading import GZIP_MAGIC
    from .load.sniff import SNIFF_BYTES, binary_reason

    try:
        with open(path, "rb") as handle:
            head = handle.read(SNIFF_BYTES)
    except OSError as error:
        return _why(error)
    if head[:2] == GZIP_MAGIC:
        try:  # the first bytes of the decompressed stream are enough to tell
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, SNIFF_BYTES)
        except zlib.error:
            return None
    if not head.strip() or binary_reason(head):
        return None
    return ""


def _why(error: OSError) -> str:
    if isinstance(error, PermissionError):
        return "permission denied"
    if isinstance(error, FileNotFoundError):
        return "not found"
    return error.strerror or str(error)
