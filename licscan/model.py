"""Plain data passed between the pipeline's stages.

discover → :class:`FileEntry`; load → :class:`LoadedDocument`; detect → :class:`Notice`,
:class:`Term`, :class:`MetadataItem`; match → :class:`Match`; judge and every stage →
:class:`Finding`.  :mod:`licscan.report.tables` turns lists of these into DataFrames with
fixed, documented columns.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from licscan.textmap import LineIndex, Locations, OffsetMap, Span


class Severity(str, Enum):
    """How much a finding matters, highest first: the one list of severities, which ranks,
    the ``--fail-on`` choices, the configuration's checks and the reports' orders read."""

    high = "high"
    medium = "medium"
    low = "low"
    info = "info"

    @property
    def rank(self) -> int:
        """3 for high down to 0 for info: a finding blocks when its rank reaches the
        ``--fail-on`` severity's."""
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {severity: len(Severity) - 1 - n for n, severity in enumerate(Severity)}


class _Word(str, Enum):
    """A str enum that reads as its value in messages, f-strings and templates alike."""

    def __str__(self) -> str:
        return self.value


class TermType(_Word):
    """What a reuse term allows or forbids (``Term.term_type``; a terms rule's ``term_type``)."""

    all_rights_reserved = "all_rights_reserved"
    no_reproduction = "no_reproduction"
    permission_required = "permission_required"
    excerpt_with_credit = "excerpt_with_credit"
    free_with_attribution = "free_with_attribution"
    creative_commons = "creative_commons"
    wire_service_ban = "wire_service_ban"
    tdm_ai_reservation = "tdm_ai_reservation"
    personal_use_only = "personal_use_only"
    fair_use_statement = "fair_use_statement"
    other = "other"


TERM_TYPES: tuple[TermType, ...] = tuple(TermType)  # for checks of type names read as text


class Verdict(_Word):
    """The judge's answer for one reused passage (``Match.verdict``)."""

    ok = "ok"
    review = "review"
    violation = "violation"


class DocStatus(str, Enum):
    ok = "ok"
    empty = "empty"
    binary = "binary"
    too_large = "too_large"
    undecodable = "undecodable"
    unreadable = "unreadable"
    malformed = "malformed"
    no_text = "no_text"  # pages without text to read: a scanned PDF never run through OCR
    symlink_loop = "symlink_loop"
    error = "error"
    skipped = "skipped"  # not read on purpose: a format not read, a link out of the roots


class DocType(str, Enum):
    """What a file is read as; each type but ``unknown`` has its loader in
    :mod:`licscan.load.registry`."""

    html = "html"
    markdown = "markdown"
    text = "text"
    pdf = "pdf"
    docx = "docx"
    odt = "odt"
    epub = "epub"
    feed = "feed"  # an item of an RSS or Atom feed, or a post of a WordPress export (WXR)
    warc = "warc"  # an HTML response of a web archive
    image = "image"  # JPEG, PNG, WebP, TIFF: their rights metadata
    unknown = "unknown"  # the documents table's type of a file not read whose name names none


@dataclass(frozen=True)
class FileEntry:
    """A file chosen by discovery: its absolute path and its path relative to the scan root."""

    path: Path
    relpath: str  # POSIX, relative to the scan root; identical across runs
    size: int = 0
    status: DocStatus = DocStatus.ok  # discovery may already know a file is unusable
    reason: str = ""
    # an item of a container file (a feed's item, a web archive's record): where its loader
    # finds it in the file; relpath is then "<file>#<the item's name>"
    member: str = ""


@dataclass(frozen=True)
class Link:
    href: str
    text: str
    rel: tuple[str, ...] = ()
    text_start: int = -1  # anchor text's range in LoadedDocument.text (-1: not visible)
    text_end: int = -1
    src_start: int = 0  # the element's range in the source
    src_end: int = 0
    url: str = ""  # href made absolute (base/canonical URL); "" when relative with no base


@dataclass(frozen=True)
class MetaItem:
    """A machine-readable statement: meta tag, <link rel>, JSON-LD property, front matter, or
    the properties of a binary document (PDF document info, Office core properties, XMP, an
    EPUB's package metadata)."""

    source: str  # "meta" | "link" | "jsonld" | "front_matter" | "properties" | "xmp" | "opf"
    # | "exif" | "iptc" | "feed" | "http"
    name: str  # e.g. "copyright", "dc.rights", "license", "copyrightHolder"
    value: str
    src_start: int = 0
    src_end: int = 0
    location: str = ""  # where it is when not in the source ("XMP metadata"); see Span


@dataclass
class LoadedDocument:
    """A document as licscan reads it: the decoded source plus the text a reader sees."""

    path: Path
    relpath: str
    doc_type: DocType
    source: str  # the decoded original file, or a binary format's built text (offsets index this)
    text: str  # visible text, block boundaries as line breaks
    offsets: OffsetMap
    encoding: str = "utf-8"
    size: int = 0  # bytes on disk
    compressed: bool = False
    title: str = ""
    lang: str = ""
    canonical_url: str = ""
    links: list[Link] = field(default_factory=list)
    meta: list[MetaItem] = field(default_factory=list)
    quoted: list[tuple[int, int]] = field(default_factory=list)  # text ranges in quotes/blockquote
    # where the page says whom it quotes: <cite> text ranges (URL "") and <blockquote
    # cite=URL> (the quotation's text range, the URL)
    citations: list[tuple[int, int, str]] = field(default_factory=list)
    comments: list[tuple[int, int, str]] = field(default_factory=list)  # (src_start, src_end, body)
    # text ranges of site chrome (menus, headers, footers, comment forms, share widgets, cookie
    # banners, text outside <article>/<main>): not the document's own content
    boilerplate: list[tuple[int, int]] = field(default_factory=list)
    # text ranges of picture captions (figures, figcaptions, caption classes) and of the credit
    # lines in them (class or itemprop credit, copyright, photographer …): who holds a picture
    captions: list[tuple[int, int]] = field(default_factory=list)
    caption_credits: list[tuple[int, int]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # e.g. "malformed HTML repaired by parser"
    # a binary format's source is text its loader built: where its parts are in the file
    locations: Locations | None = None
    _lines: LineIndex | None = field(default=None, repr=False, compare=False)

    @property
    def lines(self) -> LineIndex:
        if self._lines is None:
            self._lines = LineIndex(self.source)
        return self._lines

    def text_span(self, start: int, end: int) -> Span:
        """Where the visible-text range [start, end) lies in the original file."""
        if not self.offsets.text_starts:  # plain text: the text is the source
            return self.source_span(start, max(start, end))
        return self.source_span(*self.offsets.source_range(start, end))

    def source_span(self, start: int, end: int) -> Span:
        span = self.lines.span(start, end)
        if self.locations is None:
            return span
        return span._replace(location=self.locations.describe(start, self.lines))


@dataclass
class Notice:
    """A copyright notice, or a third-party credit (photo, wire) when ``notice_type`` says so."""

    relpath: str
    rule_id: str
    notice_type: str  # "copyright" | "photo_credit" | "wire_credit" | "credit"
    text: str
    span: Span
    symbol: str = ""  # "©", "(c)", "Copyright", "℗", ...
    years: list[int] = field(default_factory=list)
    year_start: int | None = None
    year_end: int | None = None  # None with year_start set and present_open: "2019-present"
    holders: list[str] = field(default_factory=list)
    holder_domains: list[str] = field(default_factory=list)
    rights_reserved: bool = False
    origin: str = "text"  # "text" | "meta" | "jsonld" | "front_matter" | "link"
    fingerprint: str = ""


@dataclass
class Term:
    """A reuse term: what others may do with the page, under which conditions."""

    relpath: str
    rule_id: str
    term_type: TermType  # the most specific of ``clauses``; text of a TermType value is converted
    text: str
    span: Span
    licensor: str = ""  # who states it, when not the page's publisher (e.g. "AP")
    credit_required: bool | None = None
    link_required: bool | None = None
    credit_target: str = ""
    max_excerpt_words: int | None = None
    max_excerpt_percent: float | None = None
    max_excerpt_chars: int | None = None
    non_commercial: bool | None = None
    no_derivatives: bool | None = None
    share_alike: bool | None = None
    license: str = ""  # SPDX id
    contact: str = ""
    # every clause type the statement holds, most specific first (term_type is the first)
    clauses: list[str] = field(default_factory=list)
    cues: str = ""  # what decided term_type: "act:reproduce modality:prohibited …"
    origin: str = "text"
    fingerprint: str = ""

    def __post_init__(self) -> None:
        # manifests and source indexes give the type as text; an unknown one fails here,
        # where the term is made, not later in a scan
        self.term_type = TermType(self.term_type)


# A statement's term_type is its most specific clause: the first of these it holds.
TERM_PRECEDENCE: tuple[TermType, ...] = (
    TermType.creative_commons,
    TermType.excerpt_with_credit,
    TermType.free_with_attribution,
    TermType.personal_use_only,
    TermType.tdm_ai_reservation,
    TermType.wire_service_ban,
    TermType.permission_required,
    TermType.no_reproduction,
    TermType.fair_use_statement,
    TermType.all_rights_reserved,
    TermType.other,
)
if set(TERM_PRECEDENCE) != set(TermType):  # a new term type needs its place in the order
    raise ImportError(f"TERM_PRECEDENCE lacks {set(TermType) - set(TERM_PRECEDENCE)}")

TERM_CONDITIONS = (
    "credit_required",
    "link_required",
    "credit_target",
    "max_excerpt_words",
    "max_excerpt_percent",
    "max_excerpt_chars",
    "non_commercial",
    "no_derivatives",
    "share_alike",
    "license",
)


@dataclass
class MetadataRow:
    """A rights statement read from machine-readable metadata."""

    relpath: str
    rule_id: str
    source: str  # "meta" | "link" | "jsonld" | "front_matter" | "tdmrep"
    name: str
    value: str
    span: Span
    fingerprint: str = ""


@dataclass
class Finding:
    """One thing a user should look at."""

    relpath: str
    rule_id: str
    kind: str  # "notice" | "terms" | "metadata" | "credit" | "reuse" | "document" | "config"
    severity: Severity
    message: str
    span: Span
    excerpt: str = ""
    fingerprint: str = ""
    accepted: str = ""  # "" | "baseline" | "inline"
    accepted_reason: str = ""


@dataclass
class Match:
    """One reused passage: a stretch of a scanned document that comes from a source."""

    relpath: str
    source_id: str
    span: Span  # the passage in the scanned document's original file
    text_start: int  # the passage in the scanned document's visible text
    text_end: int
    source_path: str = ""
    source_url: str = ""
    source_publisher: str = ""  # resolved: manifest, holder or agency, metadata, site, domain
    source_aliases: list[str] = field(default_factory=list)  # every name a credit may use
    source_start: int = 0  # the passage in the source's visible text
    source_end: int = 0
    source_line: int = 0
    source_end_line: int = 0
    matched_words: int = 0
    source_words: int = 0  # length of the whole source article, in words
    source_fraction: float = 0.0  # share of the source reused
    similarity: float = 0.0  # 0..1
    kind: str = ""  # "verbatim" | "near_verbatim" | "edited" | "reordered" | "paraphrase"
    quoted: bool = False
    attributed: bool = False
    linked: bool = False
    evidence: list[str] = field(default_factory=list)  # e.g. "link:globaldefensecorp.com@L12"
    source_terms: str = ""  # the TermType that governs reuse of the source, or "unknown"
    verdict: Verdict | None = None  # None until judged (+ reason in verdict_reason)
    verdict_reason: str = ""  # "missing_credit" | "missing_link" | "excerpt_too_long" | ...
    excerpt: str = ""
    source_excerpt: str = ""
    # a paraphrase's aligned sentences: "start-end=source_start-source_end", visible-text offsets
    pairs: list[str] = field(default_factory=list)
    fingerprint: str = ""


@dataclass
class DocumentRow:
    relpath: str
    doc_type: DocType
    size: int
    encoding: str
    status: DocStatus
    reason: str = ""
    title: str = ""
    lang: str = ""
    canonical_url: str = ""
    compressed: bool = False
    chars: int = 0  # visible text length
    words: int = 0
    holders: list[str] = field(default_factory=list)  # the page's own copyright holders
    license: str = ""  # SPDX id the page declares, if any
    sha256: str = ""


@dataclass
class DocumentResult:
    """Everything one document yields: the unit of work for local, parallel and Dask engines."""

    document: DocumentRow
    notices: list[Notice] = field(default_factory=list)
    terms: list[Term] = field(default_factory=list)
    metadata: list[MetadataRow] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    matches: list[Match] = field(default_factory=list)


@dataclass(frozen=True)
class ScanWarning:
    """Something about the scan as a whole that may make its result wrong without any error:
    a manifest row that matches no file, an empty source index, nothing to scan.  Shown on the
    console and kept as a ``warning`` row of the errors table."""

    path: str  # the file or folder concerned, as the user named it
    message: str  # one line: what is wrong and what to do

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


def fingerprint(rule_id: str, relpath: str, evidence: str) -> str:
    """First 16 hex of sha256(rule_id NUL relpath NUL normalised evidence).

    No line numbers: an edit above a finding must not change it.  The caller appends
    ``:n`` for the n-th identical occurrence in a document (see :func:`number_fingerprints`).
    """
    normalised = " ".join(evidence.casefold().split())
    text = f"{rule_id}\0{relpath}\0{normalised}"
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return digest[:16]


def number_fingerprints(items: list, key: str = "fingerprint") -> None:
    """Give each row's bare fingerprint its occurrence number: ``abcd…:1``, ``abcd…:2``."""
    seen: dict[str, int] = {}
    for item in items:
        base = getattr(item, key)
        seen[base] = seen.get(base, 0) + 1
        setattr(item, key, f"{base}:{seen[base]}")
