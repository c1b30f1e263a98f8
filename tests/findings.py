"""Documents with HTML comments and findings at chosen places, for the baseline, inline-ignore
and SARIF tests.

Plain functions, not fixtures: those tests build documents and findings at import (module
constants) and in their own module-level helper functions, where pytest hands out no fixture.
"""

from __future__ import annotations

import re
from pathlib import Path

from licscan.model import Finding, LoadedDocument, Severity, fingerprint
from licscan.textmap import OffsetMap

_COMMENT = re.compile(r"<!--(.*?)-->", re.DOTALL)


def document(source: str, relpath: str = "posts/draft.md") -> LoadedDocument:
    """A Markdown document whose HTML comments are recorded as a loader records them."""
    comments = [(m.start(), m.end(), m.group(1)) for m in _COMMENT.finditer(source)]
    return LoadedDocument(
        path=Path(relpath),
        relpath=relpath,
        doc_type="markdown",
        source=source,
        text=source,
        offsets=OffsetMap(),
        comments=comments,
    )


def finding_at(
    doc: LoadedDocument,
    needle: str,
    rule_id: str = "reuse.uncredited",
    severity: Severity = Severity.high,
    number: int = 1,
) -> Finding:
    """A finding on the first occurrence of ``needle`` in the document's source."""
    start = doc.source.index(needle)
    return Finding(
        relpath=doc.relpath,
        rule_id=rule_id,
        kind=rule_id.split(".", 1)[0],
        severity=severity,
        message=f"{rule_id} on {needle!r}",
        span=doc.source_span(start, start + len(needle)),
        excerpt=needle,
        fingerprint=f"{fingerprint(rule_id, doc.relpath, needle)}:{number}",
    )
