"""How discovery names files: paths relative to the scan root, fit for a report."""

from __future__ import annotations

import os
from pathlib import Path


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


def readable(path: str) -> str:
    """``path`` fit for a report: a byte of a name that is not UTF-8 (which Python keeps as a
    lone surrogate) written ``\\xff``, so that distinct names stay distinct."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def within(path: str, folder: str) -> bool:
    """Whether ``path`` lies in ``folder`` (both absolute)."""
    try:
        return os.path.commonpath([path, folder]) == folder
    except ValueError:  # on another drive
        return False
