"""The walk over the scanned folders: which files are listed, and which are reported as not
read, following symbolic links inside the roots once."""

from __future__ import annotations

import os
import stat
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

from licscan.discover.ignores import Ignores, outer_ignores, pattern_spec
from licscan.discover.paths import readable, within
from licscan.discover.unread import (
    out_of_roots_reason,
    stat_or_problem,
    unknown_type_problem,
    why_unreadable,
)
from licscan.load.container import ContainerLoader, member_relpath
from licscan.load.errors import LoadError
from licscan.load.registry import container_for_name, doc_type_for_name, loader_for_name
from licscan.model import DocStatus, FileEntry
from licscan.options import ScanOptions


@dataclass(frozen=True)
class _Folder:
    """A folder to list, with the .gitignore rules in force there and the folders above it."""

    path: str
    ignores: Ignores
    ancestors: frozenset[tuple[int, int]]  # (st_dev, st_ino) of it and the folders above it


@dataclass
class Walker:
    """Collects the entries of the roots it is given, by normalised absolute path."""

    options: ScanOptions
    anchor: Path
    real_roots: list[str]  # the roots with every symbolic link resolved
    entries: dict[str, FileEntry] = field(default_factory=dict)  # by normalised absolute path
    _files: set[tuple[int, int]] = field(default_factory=set)  # identities of files in entries
    _folders: set[tuple[int, int]] = field(default_factory=set)  # identities of folders walked
    _links: deque[tuple[str, _Folder]] = field(default_factory=deque)  # met, not yet followed

    def __post_init__(self) -> None:
        self._include = pattern_spec(self.options.include)
        self._exclude = pattern_spec(self.options.exclude)

    def add_root(self, root: Path) -> None:
        path = os.path.abspath(root)
        info, problem = stat_or_problem(path)
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
        ignores = Ignores()
        if self.options.use_gitignore:
            ignores = outer_ignores(path)
            if ignores.ignored(path, is_dir=True):
                ignores = Ignores()  # a folder named explicitly is scanned even if ignored
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
            reason = f"folder cannot be listed: {why_unreadable(error)}"
            self._report(folder, DocStatus.unreadable, reason)
            return None

    def _visit(self, path: str, parent: _Folder, is_link: bool) -> _Folder | None:
        """Handle one entry of ``parent``; return the folder to descend into, if any."""
        info, problem = stat_or_problem(path)
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
            self._report(path, DocStatus.skipped, out_of_roots_reason(outside))
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
        return None if any(within(target, root) for root in self.real_roots) else target

    def _file(
        self, path: str, info: os.stat_result, explicit: bool, outside: str | None = None
    ) -> None:
        name = os.path.basename(path)
        doc_type = doc_type_for_name(name)
        if not explicit:
            if self._include is not None and not self._include.match_file(self._relpath(path)):
                return
            if outside is not None:
                self._report(path, DocStatus.skipped, out_of_roots_reason(outside))
                return
        if not stat.S_ISREG(info.st_mode):
            if doc_type or explicit:
                self._report(path, DocStatus.unreadable, "not a regular file", info.st_size)
            return
        self._files.add((info.st_dev, info.st_ino))
        if doc_type is None and not explicit:
            problem = unknown_type_problem(path, name)
            if problem is not None:
                self._report(path, *problem, info.st_size)
                return
        container = container_for_name(name)
        if container is not None:  # the size limit holds for each of its items
            self._container(path, info, container)
            return
        if info.st_size > self.options.max_size and _whole_file(name):
            self._report(
                path, DocStatus.too_large,
                f"{info.st_size} bytes, over the limit of {self.options.max_size} bytes",
                info.st_size,
            )  # fmt: skip
            return
        self._add(FileEntry(Path(path), self._relpath(path), info.st_size))

    def _container(self, path: str, info: os.stat_result, container: ContainerLoader) -> None:
        """One entry per item of a file of many documents; one row for the file when it cannot
        be listed, and one ``skipped`` row counting the items left out, if any."""
        try:
            listing = container.members(Path(path), self.options.max_size)
        except LoadError as error:
            self._report(path, error.status, error.reason, info.st_size)
            return
        relpath = self._relpath(path)
        for member in listing.members:
            self._add(FileEntry(Path(path), member_relpath(relpath, member.label), member.size,
                                member.status, member.reason, member=member.key))  # fmt: skip
        if listing.left_out:
            self._report(path, DocStatus.skipped, listing.left_out_reason(), info.st_size)

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
        key = os.path.normpath(str(entry.path))
        self.entries.setdefault(f"{key}#{entry.member}" if entry.member else key, entry)


def _whole_file(name: str) -> bool:
    """Whether a file is read whole, so the size limit applies (an image is not: only its
    metadata is read)."""
    loader = loader_for_name(name)
    return loader is None or loader.whole_file
