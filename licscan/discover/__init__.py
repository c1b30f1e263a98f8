"""Discovery: which files of the given folders, files and glob patterns are scanned.

* A file is read when a loader of :mod:`licscan.load.registry` claims its suffix (HTML
  ``.html``, Markdown ``.md``, plain text ``.txt``, ``.rst`` …) or its name (``LICENSE``,
  ``NOTICE`` …), each also gzip-compressed (``page.html.gz``); another file without an
  extension is read when its content is text (binary and empty ones are skipped).
* Files and folders whose name starts with a dot are skipped (``.git`` always); ``.gitignore``
  files are honoured (nested ones too, and those of the enclosing Git work tree above the scan
  root, plus ``.git/info/exclude``); ``include``/``exclude`` are gitignore-style patterns
  matched against the path relative to the scan root.  Files named explicitly are always
  scanned unless an ``exclude`` pattern matches them.
* Unusable files are reported, not skipped: a symbolic link loop, a broken link, a folder that
  cannot be listed, a special file, a file over the size limit each become a
  :class:`~licscan.model.FileEntry` with a status and a reason (files over the limit are not
  opened).  So are the files licscan does not read (``photo.png``, ``deck.pages``, a binary file
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

The walk is in :mod:`.walk`, the ignore rules in :mod:`.ignores`, the rows of files not read in
:mod:`.unread`.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from licscan.discover.paths import readable, relpath_base
from licscan.discover.unread import skipped_summary
from licscan.discover.walk import Walker
from licscan.model import FileEntry
from licscan.options import ScanOptions

__all__ = ["discover", "readable", "relpath_base", "skipped_summary"]

_GLOB_CHARS = frozenset("*?[")


def discover(roots: Iterable[Path | str], options: ScanOptions) -> Iterator[FileEntry]:
    """Every file to scan (or to report as unusable) under ``roots``, sorted by relpath."""
    expanded = _expand(roots)
    if not expanded:
        return iter(())
    real_roots = [os.path.realpath(root) for root in expanded]
    walker = Walker(options, relpath_base(expanded, options.root), real_roots)
    for root in expanded:
        walker.add_root(root)
    walker.follow_links()
    return iter(sorted(walker.entries.values(), key=lambda entry: entry.relpath))


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
