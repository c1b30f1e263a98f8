"""One file's unit of work: load, detect, match and judge it (:func:`process_entry`).

The local, parallel and Dask engines and the pre-commit check all call it, so their results
are identical.  A file that cannot be read becomes a ``licscan.read-error`` row
(:func:`unusable_result`), never an exception.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from licscan.catalogue import READ_ERROR
from licscan.load import LoadError, load_document
from licscan.model import (
    DocStatus,
    DocumentResult,
    DocumentRow,
    FileEntry,
    Finding,
    LoadedDocument,
    Notice,
    Severity,
    Term,
    fingerprint,
    number_fingerprints,
)
from licscan.textmap import Span

if TYPE_CHECKING:
    from licscan.options import ScanOptions
    from licscan.run.context import ScanContext

# A file licscan could not read or fully analyse may hold anything, an uncredited copy too: the
# gate fails closed on it.  An empty file or a symbolic link loop holds nothing to check.
_UNREAD_STATUSES = frozenset(
    {DocStatus.binary, DocStatus.too_large, DocStatus.undecodable, DocStatus.unreadable,
     DocStatus.malformed, DocStatus.no_text, DocStatus.error}
)  # fmt: skip
READ_ERROR_FIX = (
    "Fix: make the file readable, accept this finding in the baseline (`licscan baseline "
    f'update`), or lower its severity in licscan.toml: severity = {{"{READ_ERROR}" = "low"}}'
)


def process_entry(entry: FileEntry, context: ScanContext) -> DocumentResult:
    """Load, detect, match and judge one file.  Never raises for a bad file."""
    if entry.status is not DocStatus.ok:
        return unusable_result(entry, entry.status, entry.reason)
    try:
        document = load_document(entry, max_size=context.options.max_size)
    except LoadError as error:
        return unusable_result(entry, error.status, error.reason, encoding=error.encoding)
    try:
        return analyse(document, context)
    except Exception as error:  # a bug on one page must not lose the rest of the scan
        if _index_is_unusable(error):
            raise  # not this file's fault: every file would fail, so the scan stops
        reason = f"internal error: {type(error).__name__}: {error}"
        return unusable_result(entry, DocStatus.error, reason)


# A page of each text type that takes the pipeline through its lazy first-use work (imports,
# compiled rules, parsers), so that a worker's first file is not charged for it.
_WARM_UP = (
    ("warm-up.html", "html", "<html><head><title>T</title></head><body><p>A page of text, "
     "with a link to <a href='https://example.org/'>a source</a>.</p>"
     "<footer>© 2024 Example Ltd. All rights reserved.</footer></body></html>"),
    ("warm-up.md", "markdown", "---\ntitle: T\n---\n\nA page of text.\n\n© 2024 Example Ltd.\n"),
)


def warm_up(context: ScanContext) -> None:
    """Analyse a small page of each text type and drop the result: what a worker does before
    its first file, so a per-file time limit measures the file alone."""
    from licscan.load import load_text

    for relpath, doc_type, text in _WARM_UP:
        analyse(load_text(text, relpath, doc_type), context)


def _index_is_unusable(error: Exception) -> bool:
    from licscan.match import IndexUnusable  # already loaded by every scan with an index

    return isinstance(error, IndexUnusable)


def analyse(document: LoadedDocument, context: ScanContext) -> DocumentResult:
    from licscan.accept.ignores import apply_inline_ignores
    from licscan.detect import detect

    detection = detect(document, context.rules)
    result = DocumentResult(
        document=document_row(document, detection.notices, detection.terms),
        notices=detection.notices,
        terms=detection.terms,
        metadata=detection.metadata,
        findings=detection.findings,
    )
    if context.index is not None:
        from licscan.judge import judge_matches, sources_for
        from licscan.match import match_document

        matches = match_document(document, context.index, context.rules,
                                 ignored=detection.rights_ranges, hits=context.hits)
        sources = sources_for(matches, context.index)
        result.matches, reuse_findings = judge_matches(
            document, matches, sources, context.options.policy, context.options.licensed_sources
        )
        result.findings.extend(reuse_findings)
    apply_severity_overrides(result.findings, context.options)
    number_fingerprints(result.findings)
    if context.options.inline_ignores:
        apply_inline_ignores(document, result.findings)
    return result


def document_row(document: LoadedDocument, notices: list[Notice], terms: list[Term]) -> DocumentRow:
    holders: dict[str, None] = {}  # ordered, without duplicates, in linear time
    for notice in notices:
        if notice.notice_type == "copyright":
            holders.update(dict.fromkeys(notice.holders))
    licenses = sorted({t.license for t in terms if t.license})
    return DocumentRow(
        relpath=document.relpath,
        doc_type=document.doc_type,
        size=document.size,
        encoding=document.encoding,
        status=DocStatus.ok,
        reason="; ".join(document.warnings),
        title=document.title,
        lang=document.lang,
        canonical_url=document.canonical_url,
        compressed=document.compressed,
        chars=len(document.text),
        words=len(document.text.split()),
        holders=list(holders),
        license=",".join(licenses),
        sha256=hashlib.sha256(document.source.encode("utf-8", "surrogatepass")).hexdigest(),
    )


def unusable_result(
    entry: FileEntry, status: DocStatus, reason: str, encoding: str = ""
) -> DocumentResult:
    row = DocumentRow(
        relpath=entry.relpath,
        doc_type=_guess_type(entry.path.name if entry.member else entry.relpath),
        size=entry.size,
        encoding=encoding,
        status=status,
        reason=reason,
    )
    if status is DocStatus.skipped:  # left out on purpose (a format not read): no finding
        return DocumentResult(document=row)
    unread = status in _UNREAD_STATUSES
    message = f"Not scanned ({status.value}): {reason.rstrip('.')}."
    finding = Finding(
        relpath=entry.relpath,
        rule_id=READ_ERROR,
        kind="document",
        severity=Severity.high if unread else Severity.low,
        message=f"{message} {READ_ERROR_FIX}" if unread else message,
        span=Span(0, 0, 1, 1, 1, 1),
    )
    finding.fingerprint = fingerprint(READ_ERROR, entry.relpath, status.value)
    number_fingerprints([finding])
    return DocumentResult(document=row, findings=[finding])


def with_severity_overrides(
    results: Iterable[DocumentResult], options: ScanOptions
) -> Iterator[DocumentResult]:
    """The results with the configured severities, also on the rows made outside
    :func:`analyse` (files not read, timed out, or whose worker died)."""
    for result in results:
        apply_severity_overrides(result.findings, options)
        yield result


def apply_severity_overrides(findings: list[Finding], options: ScanOptions) -> None:
    for finding in findings:
        override = options.severity_overrides.get(finding.rule_id)
        if override:
            finding.severity = Severity(override)


def _guess_type(relpath: str) -> str:
    from licscan.load.registry import doc_type_for_name

    return doc_type_for_name(relpath) or "unknown"
