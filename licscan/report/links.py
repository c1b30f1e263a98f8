"""Hyperlinks in reports: relative links to the scanned files, and checked web URLs.

Only two kinds of link are ever made: a relative path from the report's folder to a file the
scan read (built from our own paths), and an absolute ``http``/``https`` URL that passes
:func:`web_url`.  ``javascript:``, ``data:``, ``file:`` and anything odd stays plain text.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

URL_LIMIT = 2_079  # Excel's longest hyperlink target


def web_url(value: str) -> str | None:
    """``value`` if it is a plain absolute http(s) URL fit for a hyperlink, else ``None``."""
    value = value.strip()
    if not value or len(value) > URL_LIMIT:
        return None
    if any(ord(ch) < 0x21 or ch in '"<>\\^`{|}' or ord(ch) == 0x7F for ch in value):
        return None
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return value


class FileLinks:
    """Relative POSIX paths from a report's folder to each scanned file (``None``: no link)."""

    def __init__(self, root_dirs: list[str], report_dir: Path) -> None:
        self.roots = [Path(root) for root in root_dirs]
        self.report_dir = Path(report_dir).resolve()
        self._cache: dict[str, str | None] = {}

    def __call__(self, relpath: str) -> str | None:
        if relpath not in self._cache:
            self._cache[relpath] = self._link(relpath)
        return self._cache[relpath]

    def _link(self, relpath: str) -> str | None:
        # '#' and '%' would be read as an anchor or an escape by spreadsheets and browsers.
        if not self.roots or not relpath or any(ch in relpath for ch in "#%?\0"):
            return None
        candidates = [root / relpath for root in self.roots]
        path = next((c for c in candidates if c.exists()), candidates[0])
        try:
            relative = Path(os.path.relpath(path, self.report_dir)).as_posix()
        except ValueError:  # another drive on Windows
            return None
        return relative if relative.startswith("../") else "./" + relative
