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
  opened).  So are the files licscan does not read (``photo.png``, ``paper.pdf``, a binary file
  without extension): status ``skipped``, reason ``format not read: .png``.
* Symbolic links are followed when their target lies inside the scanned roots, once: a link to
  a file or folder the walk reaches anyway adds nothing.  A link leading out of the roots is a
  ``skipped`` row unless ``follow_symlinks`` is set, so that a link to ``/etc`` in a scanned
  repository reads nothing of ``/etc``.  Links are looked at after the roots' own files, so a
  file keeps its real path rather than that of a link to it.
* ``relpath`` is POSIX and relative to the scan root: a folder root's files are relative to
  it, a file root is its name; several roots are made relative to their common parent folder,
  so they stay distinct.  A byte of a file name that is not UTF-8 is shown as ``\\xff``
  (:func:`readable`); ``path`` keeps the name as the file system has it.  Entries come sorted
  by ``relpath``.
"""

from __future__ import annotations

import errno
import glob
import os
import stat
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from licscan.model import DocStatus, FileEntry
from licscan.options import ScanOptions

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
    real_roots = [os.path.realpath(root) for root in expanded]
    walker = _Walker(options, relpath_base(expanded, options.root), real_roots)
    for root in expanded:
        walker.add_root(root)
    walker.follow_links()
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
FORMAT_NOT_READ = "format not read: "  # the reason of a skipped file, before its format
LINK_OUT_OF_ROOTS = "symbolic link to a path outside the scanned folders"


@dataclass(frozen=True)
class _Folder:
    """A folder to list, with the .gitignore rules in force there and the folders above it."""

    path: str
    ignores: _Ignores
    ancestors: frozenset[tuple[int, int]]  # (st_dev, st_ino) of it and the folders above it


@dataclass
class _Walker:
    options: ScanOptions
    anchor: Path
    real_roots: list[str]  # the roots with every symbolic link resolved
    entries: dict[str, FileEntry] = field(default_factory=dict)  # by normalised absolute path
    _files: set[tuple[int, int]] = field(default_factory=set)  # identities of files in entries
    _folders: set[tuple[int, int]] = field(default_factory=set)  # identities of folders walked
    _links: deque[tuple[str, _Folder]] = field(default_factory=deque)  # met, not yet followed

    def __post_init__(self) -> None:
        self._include = _pattern_spec(self.options.include)
        self._exclude = _pattern_spec(self.options.exclude)

    def add_root(self, root: Path) -> None:
        path = os.path.abspath(root)
        info, problem = _stat(path)
        if problem is not None:
            self._report(path, *problem)
        elif stat.S_ISDIR(info.st_mode):
            self._walk(self._root_folder(path, info))
        elif not self._excluded(path, is_dir=False):
            self._file(path, info, explicit=True)

    def follow_links(self) -> None:
        """Follow the symbolic links the walk met, and those met in the folders they lead to.

        Done after every root is walked, so that a file or folder reached both directly and
        through a link is scanned once, under its own path.
        """
        while self._links:
            path, parent = self._links.popleft()
            folder = self._visit(path, parent, is_link=True)
            if folder is not None:
                self._walk(folder)

    def _root_folder(self, path: str, info: os.stat_result) -> _Folder:
        ignores = _Ignores()
        if self.options.use_gitignore:
            ignores = _outer_ignores(path)
            if ignores.ignored(path, is_dir=True):
                ignores = _Ignores()  # a folder named explicitly is scanned even if ignored
        key = (info.st_dev, info.st_ino)
        self._folders.add(key)
        return _Folder(path, ignores, frozenset({key}))

    def _walk(self, top: _Folder) -> None:
        stack = [top]
        while stack:
            folder = stack.pop()
            children = self._list(folder.path)
            if children is None:
                continue
            gitignore = next((c for c in children if c.name == ".gitignore"), None)
            if self.options.use_gitignore and gitignore and self._may_read(gitignore):
                ignores = folder.ignores.with_file(folder.path, gitignore.path)
                folder = _Folder(folder.path, ignores, folder.ancestors)
            subfolders = []
            for child in children:
                if child.name.startswith("."):
                    continue
                if child.is_symlink():
                    self._links.append((child.path, folder))
                    continue
                found = self._visit(child.path, folder, is_link=False)
                if found is not None:
                    subfolders.append(found)
            stack.extend(reversed(subfolders))

    def _may_read(self, file: os.DirEntry) -> bool:
        """A regular file, and not through a link out of the roots (a .gitignore linked to
        /dev/zero or to a file of someone else's must not be read)."""
        return file.is_file() and not (file.is_symlink() and self._target_out_of_roots(file.path))

    def _list(self, folder: str) -> list[os.DirEntry] | None:
        try:
            with os.scandir(folder) as listing:
                return sorted(listing, key=lambda entry: entry.name)
        except OSError as error:
            self._report(folder, DocStatus.unreadable, f"folder cannot be listed: {_why(error)}")
            return None

    def _visit(self, path: str, parent: _Folder, is_link: bool) -> _Folder | None:
        """Handle one entry of ``parent``; return the folder to descend into, if any."""
        info, problem = _stat(path)
        if problem is not None:
            if doc_type_for_name(os.path.basename(path)) or problem[0] is DocStatus.symlink_loop:
                self._report(path, *problem)
            return None
        is_dir = stat.S_ISDIR(info.st_mode)
        if parent.ignores.ignored(path, is_dir) or self._excluded(path, is_dir):
            return None
        key = (info.st_dev, info.st_ino)
        if is_dir and key in parent.ancestors:
            self._report(
                path, DocStatus.symlink_loop, "symbolic link loops back to a parent folder"
            )
            return None
        outside = self._target_out_of_roots(path) if is_link else None
        if not is_dir:
            if not (is_link and key in self._files):  # else the file is scanned already
                self._file(path, info, explicit=False, outside=outside)
            return None
        if outside is not None:
            self._report(path, DocStatus.skipped, _out_of_roots_reason(outside))
            return None
        if key in self._folders:
            return None  # the folder is scanned already
        self._folders.add(key)
        return _Folder(path, parent.ignores, parent.ancestors | {key})

    def _target_out_of_roots(self, link: str) -> str | None:
        """Where ``link`` leads, when that is outside the roots and may not be followed."""
        if self.options.follow_symlinks:
            return None
        target = os.path.realpath(link)
        return None if any(_within(target, root) for root in self.real_roots) else target

    def _file(
        self, path: str, info: os.stat_result, explicit: bool, outside: str | None = None
    ) -> None:
        name = os.path.basename(path)
        doc_type = doc_type_for_name(name)
        if not explicit:
            if self._include is not None and not self._include.match_file(self._relpath(path)):
                return
            if outside is not None:
                self._report(path, DocStatus.skipped, _out_of_roots_reason(outside))
                return
        if not stat.S_ISREG(info.st_mode):
            if doc_type or explicit:
                self._report(path, DocStatus.unreadable, "not a regular file", info.st_size)
            return
        self._files.add((info.st_dev, info.st_ino))
        if doc_type is None and not explicit:
            problem = _unknown_type_problem(path, name)
            if problem is not None:
                self._report(path, *problem, info.st_size)
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
        return readable(rel.replace(os.sep, "/"))

    def _report(self, path: str, status: DocStatus, reason: str, size: int = 0) -> None:
        self._add(FileEntry(Path(path), self._relpath(path), size, status, reason))

    def _add(self, entry: FileEntry) -> None:
        self.entries.setdefault(os.path.normpath(str(entry.path)), entry)


def skipped_summary(reasons: Iterable[str]) -> str:
    """ "3 files skipped (formats not read: .pdf 1, .png 2)" from the reasons of the skipped
    files; "" when there are none."""
    kinds = Counter(reason.split(" (", 1)[0] for reason in reasons)  # a link's target dropped
    formats = [(kind.removeprefix(FORMAT_NOT_READ), n) for kind, n in sorted(kinds.items())
               if kind.startswith(FORMAT_NOT_READ)]
    parts = [f"{kind}: {n}" for kind, n in sorted(kinds.items())
             if not kind.startswith(FORMAT_NOT_READ)]
    if formats:
        parts.insert(0, "formats not read: " + ", ".join(f"{name} {n}" for name, n in formats))
    total = sum(kinds.values())
    return f"{total} file{'s' * (total != 1)} skipped ({'; '.join(parts)})" if total else ""


def readable(path: str) -> str:
    """``path`` fit for a report: a byte of a name that is not UTF-8 (which Python keeps as a
    lone surrogate) written ``\\xff``, so that distinct names stay distinct."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _within(path: str, folder: str) -> bool:
    try:
        return os.path.commonpath([path, folder]) == folder
    except ValueError:  # on another drive
        return False


def _out_of_roots_reason(target: str) -> str:
    return f"{LINK_OUT_OF_ROOTS} ({readable(target)}); use --follow-symlinks to scan it"


def _unknown_type_problem(path: str, name: str) -> tuple[DocStatus, str] | None:
    """Why a file of no known type is not scanned; None when it has no extension and reads as
    text (``LICENSE``, an HTML page saved without extension)."""
    if "." in name.removesuffix(".gz"):
        return DocStatus.skipped, FORMAT_NOT_READ + _extension(name)
    return _sniff_unknown(path)


def _extension(name: str) -> str:
    """``.pdf`` of ``paper.PDF``; ``.tar.gz`` of ``site.tar.gz``."""
    base = name.lower()
    suffix = ".gz" if base.endswith(".gz") else ""
    base = base.removesuffix(suffix)
    return base[base.rfind(".") :] + suffix


def _stat(path: str) -> tuple[os.stat_result | None, tuple[DocStatus, str] | None]:
    try:
        return os.stat(path), None
    except OSError as error:
        if error.errno == errno.ELOOP:
            return None, (DocStatus.symlink_loop, "symbolic link loop")
        if isinstance(error, FileNotFoundError) and os.path.islink(path):
            return None, (DocStatus.unreadable, "broken symbolic link")
        return None, (DocStatus.unreadable, _why(error))


def _sniff_unknown(path: str) -> tuple[DocStatus, str] | None:
    """For a file without extension: None if it reads as text, else why it is not scanned."""
    import zlib

    from licscan.load.reading import GZIP_MAGIC
    from licscan.load.sniff import SNIFF_BYTES, binary_reason

    try:
        with open(path, "rb") as handle:
            head = handle.read(SNIFF_BYTES)
    except OSError as error:
        return DocStatus.unreadable, _why(error)
    binary = (DocStatus.skipped, FORMAT_NOT_READ + "binary file without extension")
    if head[:2] == GZIP_MAGIC:
        try:  # the first bytes of the decompressed stream are enough to tell
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, SNIFF_BYTES)
        except zlib.error:
            return binary
    if not head.strip():
        return DocStatus.skipped, FORMAT_NOT_READ + "empty file without extension"
    return binary if binary_reason(head) else None


def _why(error: OSError) -> str:
    if isinstance(error, PermissionError):
        return "permission denied"
    if isinstance(error, FileNotFoundError):
        return "not found"
    return error.strerror or str(error)
