"""The rights statements of one document: its text rules' hits become notice, credit and term
rows, its metadata rules' values metadata rows, each with its finding; and the conflicts
between a page's metadata and its text."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from functools import cache
from typing import TYPE_CHECKING, Any

from licscan.catalogue import CATALOGUE, RULE_TIMEOUT
from licscan.detect.clauses import statements
from licscan.detect.licences import Catalogue
from licscan.detect.links import apply_links, links_over
from licscan.detect.messages import render, render_fields
from licscan.detect.metadata import MetaResult, apply_metadata
from licscan.detect.rule import Rule
from licscan.detect.runner import (
    Hit,
    RuleTimeout,
    SpanOf,
    find_hits,
    merge_adjacent_notices,
    notice_from,
    resolve_notice_hits,
    resolve_term_hits,
    term_from,
)
from licscan.model import Finding, LoadedDocument, MetadataRow, Notice, Term, TermType, fingerprint
from licscan.textmap import Span

if TYPE_CHECKING:
    from licscan.detect.ruleset import RuleSet

_EXCERPT = 200
_TIMEOUT_SEVERITY = CATALOGUE[RULE_TIMEOUT].severity
_TEXT_ORIGIN = "text"


@dataclass
class Detection:
    notices: list[Notice] = field(default_factory=list)
    terms: list[Term] = field(default_factory=list)
    metadata: list[MetadataRow] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    # text ranges of the notices, credits and terms found in the text
    rights_ranges: list[tuple[int, int]] = field(default_factory=list)


def detect(document: LoadedDocument, rules: RuleSet) -> Detection:
    """Every notice, credit, term and metadata statement of ``document``, each with a finding."""
    text = document.text
    hits, timeouts = find_hits(text, rules, ranges=document_ranges(document))
    out = Detection()
    relpath = document.relpath
    notice_hits = merge_adjacent_notices(
        resolve_notice_hits([h for h in hits if h.rule.kind in ("notice", "credit")]), text
    )
    term_hits = _outside_picture_credits([h for h in hits if h.rule.kind == "terms"], notice_hits)
    term_hits = statements(resolve_term_hits(term_hits), text)
    links = links_over(document.links, [(h.start, h.end) for h in (*notice_hits, *term_hits)])
    notice_links, term_links = links[: len(notice_hits)], links[len(notice_hits) :]
    rows = _RowBuilder(text, relpath, document.text_span, rules.licenses)
    for hit, hit_links in zip(notice_hits, notice_links, strict=True):
        out.rights_ranges.append((hit.start, hit.end))
        built = rows.build(hit, hit_links, notice_from)
        if built is not None:
            out.notices.append(built[0])
            out.findings.append(built[1])
    for hit, hit_links in zip(term_hits, term_links, strict=True):
        out.rights_ranges.append((hit.start, hit.end))
        term, finding = rows.build(hit, hit_links, term_from)
        out.terms.append(term)
        out.findings.append(finding)
    for result in apply_metadata(document, rules, timeouts):
        _add_metadata(out, result, document.relpath)
    out.findings.extend(_conflicts(out.terms, rules, document.relpath))
    out.findings.extend(_timeout_findings(timeouts, document))
    return out


def _outside_picture_credits(term_hits: list[Hit], notice_hits: list[Hit]) -> list[Hit]:
    """The term matches that do not lie inside a picture credit: "Jane Doe, CC BY-SA 4.0"
    under a photo licenses the photo, not the page."""
    credits = sorted(
        (h.start, h.end) for h in notice_hits
        if h.rule.notice_type == "photo_credit" and h.values.get("holders")
    )  # fmt: skip
    if not credits:
        return term_hits
    starts = [start for start, _ in credits]
    kept = []
    for hit in term_hits:
        i = bisect.bisect_right(starts, hit.start) - 1  # the last credit starting at or before it
        if i < 0 or credits[i][1] < hit.end:
            kept.append(hit)
    return kept


def document_ranges(document: LoadedDocument) -> dict[str, list[tuple[int, int]]]:
    """The text ranges of ``document`` that rules read ``within`` (see :data:`rule.WITHIN`)."""
    return {"caption": document.captions, "caption_credit": document.caption_credits}


RowOf = Callable[[Hit, str, str, SpanOf, str], Notice | Term | None]


class _Prototype:
    """A row (or finding) to copy at other spans, its lists fresh in every copy."""

    def __init__(self, row: object) -> None:
        self.type = type(row)
        self.values = vars(row).copy()  # the first row may change later; its copies must not
        self.lists = [name for name, value in self.values.items() if isinstance(value, list)]

    def at(self, span: Span) -> Any:
        values = self.values.copy()
        values["span"] = span
        for name in self.lists:
            values[name] = values[name].copy()
        copied = object.__new__(self.type)
        copied.__dict__ = values
        return copied


@dataclass
class _RowBuilder:
    """The row and finding of each text hit.

    Identical hits (same rule, same matched text, same fields, no links) give the same row
    but for its span: the first is built, the others copy it.  A file of 200,000 identical
    notices builds and renders one row, not 200,000.
    """

    text: str
    relpath: str
    span_of: SpanOf
    licenses: Catalogue
    _built: dict[tuple[str, str, str], tuple[_Prototype, _Prototype] | None] = field(
        default_factory=dict
    )

    def build(self, hit: Hit, links: list[Any], row_of: RowOf) -> tuple[Any, Finding] | None:
        if links:
            return self._new(hit, links, row_of)
        key = (hit.rule.id, self.text[hit.start : hit.end], repr(hit.values))
        if key not in self._built:
            built = self._new(hit, links, row_of)
            self._built[key] = (
                None if built is None else (_Prototype(built[0]), _Prototype(built[1]))
            )
            return built
        prototypes = self._built[key]
        if prototypes is None:
            return None
        span = self.span_of(hit.start, hit.end)
        return prototypes[0].at(span), prototypes[1].at(span)

    def _new(self, hit: Hit, links: list[Any], row_of: RowOf) -> tuple[Any, Finding] | None:
        row = row_of(hit, self.text, self.relpath, self.span_of, _TEXT_ORIGIN)
        if row is None:
            return None
        apply_links(row, hit, links, self.licenses)
        return row, _row_finding(hit.rule, row, self.relpath)


def _values(row: Any) -> dict[str, Any]:
    return {name: getattr(row, name) for name in _value_fields(type(row))}


@cache
def _value_fields(row_type: type) -> tuple[str, ...]:
    """The fields of a row type but its span: what a message may read."""
    return tuple(f.name for f in fields(row_type) if f.name != "span")


def _rule_finding(
    rule: Rule, kind: str, relpath: str, message: str, span: Span, excerpt: str, fp: str
) -> Finding:
    """The finding of a rule, with its rendered message."""
    return Finding(
        relpath=relpath,
        rule_id=rule.id,
        kind=kind,
        severity=rule.severity,
        message=message,
        span=span,
        excerpt=excerpt[:_EXCERPT],
        fingerprint=fp,
    )


def _row_finding(rule: Rule, row: Notice | Term, relpath: str) -> Finding:
    row.fingerprint = fingerprint(rule.id, relpath, row.text)
    message = render_fields(rule.message, row, _value_fields(type(row)))
    return _rule_finding(rule, rule.kind, relpath, message, row.span, row.text, row.fingerprint)


def _add_metadata(out: Detection, result: MetaResult, relpath: str) -> None:
    row, rule = result.row, result.rule
    evidence = f"{row.source}:{row.name}={row.value}"
    row.fingerprint = fingerprint(rule.id, relpath, evidence)
    out.metadata.append(row)
    values = _values(row)
    for term in result.terms:  # a metadata rule's own term: a statement of one clause
        term.clauses = term.clauses or [term.term_type]
        term.cues = term.cues or f"metadata:{rule.id}"
    for derived in (*result.notices, *result.terms):
        derived.fingerprint = fingerprint(rule.id, relpath, f"{evidence}:{derived.text}")
        for key, value in _values(derived).items():
            if key not in ("text", "rule_id", "relpath", "fingerprint"):
                values.setdefault(key, value)
    out.notices.extend(result.notices)
    out.terms.extend(result.terms)
    message = render(rule.message, values)
    out.findings.append(
        _rule_finding(rule, "metadata", relpath, message, row.span, row.value, row.fingerprint)
    )


def _conflicts(terms: list[Term], rules: RuleSet, relpath: str) -> list[Finding]:
    """Metadata that licenses the page one way while its text says another."""
    findings: list[Finding] = []
    declared = _first_of_each_kind(t for t in terms if t.origin != _TEXT_ORIGIN)
    stated = _first_of_each_kind(t for t in terms if t.origin == _TEXT_ORIGIN)
    for rule in rules.of_kind("conflict"):
        for meta in declared:
            for text_term in stated:
                if _contradicts(rule, meta, text_term):
                    findings.append(_conflict_finding(rule, meta, text_term, relpath))
    return findings


def _first_of_each_kind(terms: Iterable[Term]) -> list[Term]:
    """The first term of each (type, licence): a conflict is reported once per pair of kinds,
    and comparing every term with every other made a page of many terms quadratic."""
    first: dict[tuple[str, str], Term] = {}
    for term in terms:
        first.setdefault((term.term_type, term.license), term)
    return list(first.values())


def _contradicts(rule: Rule, meta: Term, text_term: Term) -> bool:
    """Whether any clause of the text's statement contradicts the metadata's term."""
    pair = {meta.term_type, text_term.term_type}
    for clause in text_term.clauses or [text_term.term_type]:
        if (meta.term_type in rule.permissive and clause in rule.restrictive) or (
            meta.term_type in rule.restrictive and clause in rule.permissive
        ):
            return True
    return (
        pair == {TermType.creative_commons}
        and bool(meta.license and text_term.license)
        and meta.license != text_term.license
    )


def _conflict_finding(rule: Rule, meta: Term, text_term: Term, relpath: str) -> Finding:
    values = {
        "metadata_term": meta.term_type,
        "metadata_license": meta.license,
        "metadata_origin": meta.origin,
        "metadata_text": meta.text,
        "text_term": text_term.term_type,
        "text_license": text_term.license,
        "text": text_term.text,
        "line": text_term.span.line,
    }
    evidence = f"{meta.term_type}:{meta.license}|{text_term.term_type}:{text_term.license}"
    fp = fingerprint(rule.id, relpath, evidence)
    message = render(rule.message, values)
    return _rule_finding(rule, "terms", relpath, message, text_term.span, text_term.text, fp)


def _timeout_findings(timeouts: list[RuleTimeout], document: LoadedDocument) -> list[Finding]:
    findings = []
    reported: set[str] = set()
    for timeout in timeouts:
        if timeout.rule.id in reported:
            continue
        reported.add(timeout.rule.id)
        position = min(timeout.position, max(len(document.text) - 1, 0))
        span = (
            document.text_span(position, position + 1) if document.text else Span(0, 0, 1, 1, 1, 1)
        )
        findings.append(
            Finding(
                relpath=document.relpath,
                rule_id=RULE_TIMEOUT,
                kind="config",
                severity=_TIMEOUT_SEVERITY,
                message=(
                    f"Rule {timeout.rule.id} ({timeout.rule.file.name}:{timeout.rule.line}) ran "
                    f"out of time on this document; its matches here may be incomplete"
                ),
                span=span,
                fingerprint=fingerprint(RULE_TIMEOUT, document.relpath, timeout.rule.id),
            )
        )
    return findings
