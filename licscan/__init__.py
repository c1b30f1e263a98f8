"""licscan: finds copyright notices, reuse terms, rights metadata and republished text.

Library use::

    import licscan
    result = licscan.scan(["site/"])
    result.notices        # a pandas DataFrame; see docs/schema.md
    result.write("audit.xlsx")
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from licscan.version import __version__

if TYPE_CHECKING:
    from licscan.api import scan
    from licscan.options import ScanOptions
    from licscan.result import ScanResult

__all__ = ["ScanOptions", "ScanResult", "__version__", "scan"]


def __getattr__(name: str) -> Any:
    # Lazy so that `licscan --help` and the pre-commit hook start without importing pandas.
    if name == "scan":
        from licscan.api import scan

        return scan
    if name == "ScanResult":
        from licscan.result import ScanResult

        return ScanResult
    if name == "ScanOptions":
        from licscan.options import ScanOptions

        return ScanOptions
    raise AttributeError(name)
