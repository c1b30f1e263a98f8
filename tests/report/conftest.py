"""Fixtures of the report tests: a small hand-made scan, model rows for four documents, one of
them hostile.

The figures below are what the report tests check against: 4 documents (1 not read),
3 notices, 2 terms, 3 metadata rows, 2 matches, 6 findings (high 2, medium 2, low 1, info 1;
one accepted).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from licscan.model import (
    DocStatus,
    DocumentResult,
    DocumentRow,
    Finding,
    Match,
    MetadataRow,
    Notice,
    Severity,
    Term,
)
from licscan.options import ScanOptions
from licscan.result import ScanResult
from licscan.textmap import Span

EVIL_FORMULA = '=HYPERLINK("http://evil","x")'
EVIL_SCRIPT = '<script>alert("pwned")</script>'
EVIL_CLOSE = '</script><script>alert(1)</script>'

SOURCE_TEXT = (
    "ANKARA - Turkey is weighing the purchase of a second batch of S-400 air defence systems "
    "from Russia, officials said on Monday."
)
COPIED_TEXT = (
    "Turkey is weighing the purchase of a second batch of S-400 air defence systems, "
    "according to reports."
)


class _FakeRules:
    version = "r3c0ffee"


def _span(line: int, column: int, length: int, start: int = 0) -> Span:
    return Span(start, start + length, line, column, line, column + length)


def _turkey_page() -> DocumentResult:
    path = "posts/turkey.html"
    notice = Notice(
        relpath=path, rule_id="notice.copyright", notice_type="copyright",
        text="© 2025 GDC, www.globaldefensecorp.com. All rights reserved.",
        span=_span(40, 5, 58, start=2100), symbol="©", years=[2025], year_start=2025,
        year_end=2025, holders=["GDC", "www.globaldefensecorp.com"],
        holder_domains=["globaldefensecorp.com"], rights_reserved=True, fingerprint="aa11:1",
    )
    term = Term(
        relpath=path, rule_id="terms.excerpt-with-credit", term_type="excerpt_with_credit",
        text="Excerpts and links may be used, provided that full and clear credit is given.",
        span=_span(41, 1, 77, start=2170), credit_required=True, link_required=True,
        credit_target="globaldefensecorp.com", fingerprint="bb22:1",
    )
    meta = MetadataRow(
        relpath=path, rule_id="metadata.license", source="link", name="license",
        value="https://creativecommons.org/licenses/by/4.0/", span=_span(5, 3, 60, start=120),
        fingerprint="cc33:1",
    )
    match = Match(
        relpath=path, source_id="src-1", span=_span(12, 1, len(COPIED_TEXT), start=800),
        text_start=300, text_end=300 + len(COPIED_TEXT),
        source_path="sources/bloomberg.html", source_url="https://www.bloomberg.com/turkey-s400",
        source_publisher="Bloomberg", source_start=9, source_end=120, source_line=3,
        source_end_line=3, matched_words=15, source_words=400, source_fraction=0.0375,
        similarity=0.91, kind="near_verbatim", evidence=[], source_terms="excerpt_with_credit",
        verdict="violation", verdict_reason="missing_credit,missing_link",
        excerpt=COPIED_TEXT, source_excerpt=SOURCE_TEXT, fingerprint="dd44:1",
    )
    findings = [
        Finding(path, "reuse.uncredited", "reuse", Severity.high,
                "Passage from Bloomberg lacks the credit and link its terms require",
                _span(12, 1, len(COPIED_TEXT), start=800), excerpt=COPIED_TEXT,
                fingerprint="ee55:1"),
        Finding(path, "notice.copyright", "notice", Severity.info,
                "Copyright notice: GDC (2025)", _span(40, 5, 58, start=2100),
                excerpt=notice.text, fingerprint="ff66:1"),
    ]
    row = DocumentRow(
        relpath=path, doc_type="html", size=5120, encoding="utf-8", status=DocStatus.ok,
        title="Turkey weighs S-400", canonical_url="https://example.com/turkey", chars=3000,
        words=500, holders=["GDC", "www.globaldefensecorp.com"], license="CC-BY-4.0",
        sha256="0" * 64,
    )
    return DocumentResult(row, [notice], [term], [meta], findings, [match])


def _evil_page() -> DocumentResult:
    """A hostile page: formulas, scripts and a javascript: URL in every field it controls."""
    path = "posts/evil.html"
    notice = Notice(
        relpath=path, rule_id="notice.copyright", notice_type="copyright",
        text=EVIL_FORMULA, span=_span(2, 1, 30, start=10), symbol="©", years=[2024],
        year_start=2024, year_end=2024, holders=[EVIL_FORMULA], fingerprint="ab12:1",
    )
    meta = MetadataRow(
        relpath=path, rule_id="metadata.copyright", source="meta", name="copyright",
        value=EVIL_FORMULA, span=_span(1, 1, 30), fingerprint="cd34:1",
    )
    match = Match(
        relpath=path, source_id="src-evil", span=_span(3, 1, 20, start=50), text_start=0,
        text_end=20, source_url="javascript:alert(1)", source_publisher=EVIL_SCRIPT,
        matched_words=5, similarity=0.5, kind="edited", evidence=[EVIL_CLOSE],
        verdict="review", verdict_reason="excerpt_too_long",
        excerpt=f"{EVIL_SCRIPT} copied words here",
        source_excerpt=f"copied words here {EVIL_CLOSE}",
        fingerprint="ef56:1",
    )
    findings = [
        Finding(path, "reuse.excerpt-too-long", "reuse", Severity.high,
                f"Message with {EVIL_CLOSE}", _span(3, 1, 20, start=50),
                excerpt="=cmd|' /C calc'!A0", fingerprint="1a2b:1"),
        Finding(path, "notice.copyright", "notice", Severity.medium,
                "+SUM(1,2) notice", _span(2, 1, 30, start=10), excerpt="@SUM(A1)",
                fingerprint="3c4d:1"),
    ]
    row = DocumentRow(
        relpath=path, doc_type="html", size=900, encoding="utf-8", status=DocStatus.ok,
        title=EVIL_SCRIPT, canonical_url="javascript:alert(1)", chars=200, words=30,
        holders=[EVIL_FORMULA],
    )
    return DocumentResult(row, [notice], [], [meta], findings, [match])


def _readme_page() -> DocumentResult:
    path = "notes/readme.md"
    notice = Notice(
        relpath=path, rule_id="notice.copyright", notice_type="copyright",
        text="Copyright 2019-2024 Example LLC", span=_span(30, 1, 31, start=900),
        symbol="Copyright", years=[2019, 2024], year_start=2019, year_end=2024,
        holders=["Example LLC"], fingerprint="5e6f:1",
    )
    term = Term(
        relpath=path, rule_id="terms.creative-commons", term_type="creative_commons",
        text="Licensed under CC BY-SA 4.0", span=_span(31, 1, 27, start=940),
        credit_required=True, share_alike=True, license="CC-BY-SA-4.0", fingerprint="7a8b:1",
    )
    meta = MetadataRow(
        relpath=path, rule_id="metadata.front-matter", source="front_matter", name="license",
        value="CC-BY-SA-4.0", span=_span(2, 1, 22, start=4), fingerprint="9c0d:1",
    )
    findings = [
        Finding(path, "terms.share-alike", "terms", Severity.medium,
                "Page is share-alike: derived work must carry the same licence",
                _span(31, 1, 27, start=940), excerpt=term.text, fingerprint="1f2e:1",
                accepted="inline", accepted_reason="licence checked by legal"),
    ]
    row = DocumentRow(
        relpath=path, doc_type="markdown", size=2048, encoding="utf-8", status=DocStatus.ok,
        title="Read me", chars=1000, words=180, holders=["Example LLC"], license="CC-BY-SA-4.0",
    )
    return DocumentResult(row, [notice], [term], [meta], findings, [])


def _broken_file() -> DocumentResult:
    path = "assets/logo.bin"
    row = DocumentRow(relpath=path, doc_type="unknown", size=4096, encoding="",
                      status=DocStatus.binary, reason="binary content (NUL bytes)")
    finding = Finding(path, "licscan.read-error", "document", Severity.low,
                      "Not scanned (binary): binary content (NUL bytes)", Span(0, 0, 1, 1, 1, 1),
                      fingerprint="3d4c:1")
    return DocumentResult(row, findings=[finding])


def _sample_documents() -> list[DocumentResult]:
    # Deliberately not in path order: the tables must sort them.
    return [_turkey_page(), _broken_file(), _evil_page(), _readme_page()]


def _write_site(root: Path) -> Path:
    """The scanned files on disk, so that report links have something to point at."""
    for result in _sample_documents():
        file = root / result.document.relpath
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text("placeholder for " + result.document.relpath, encoding="utf-8")
    return root


def _sample_result(root: Path) -> ScanResult:
    _write_site(root)
    return ScanResult.from_documents(
        iter(_sample_documents()), roots=[root], options=ScanOptions(), rules=_FakeRules()
    )


@pytest.fixture(scope="session")
def sample_documents() -> Callable[[], list[DocumentResult]]:
    """``sample_documents()``: the four documents' rows, new ones each call, not in path order."""
    return _sample_documents


@pytest.fixture(scope="session")
def sample_result() -> Callable[[Path], ScanResult]:
    """``sample_result(root)``: the sample scan of the files it writes under ``root``."""
    return _sample_result


@pytest.fixture(scope="session")
def fake_rules() -> _FakeRules:
    """The rule set the sample scan names (only its version is read)."""
    return _FakeRules()


@pytest.fixture(scope="session")
def evil_formula() -> str:
    """A spreadsheet formula that a hostile page puts in every field it controls."""
    return EVIL_FORMULA


@pytest.fixture(scope="session")
def evil_script() -> str:
    """A script element that a hostile page puts in the fields it controls."""
    return EVIL_SCRIPT


@pytest.fixture(scope="session")
def evil_close() -> str:
    """A script end tag followed by a script, in the hostile page's fields."""
    return EVIL_CLOSE


@pytest.fixture(scope="session")
def copied_text() -> str:
    """The passage of the sample scan's one draft that copies its source."""
    return COPIED_TEXT
