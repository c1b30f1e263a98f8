"""Judging reuse: does each matched passage respect its source's terms?

The governing term of a source is taken from its manifest when the manifest names one, else
from what the rights rules found on the source; when a source states several, a permission
("excerpts may be used…", a Creative Commons licence) is the exception to its general
reservation ("© … all rights reserved") and governs.

Verdicts (f = share of the source reused; credit = any credit evidence):

- the same site (the document's canonical URL or ``og:url`` and the source share their
  registered domain): ok, ``same_site`` — a site reusing its own text is not republication.
- licensed source (``options.licensed_sources``): ok.
- excerpts with credit: no credit → violation; f ≥ 0.8 or a stated limit passed → violation;
  0.25 ≤ f < 0.8 → review; else ok (a link the terms ask for but missing is reported at low
  severity).
- Creative Commons BY…, republish with credit: no credit → violation; a required link missing
  → review; a no-derivatives licence and edited text → review; else ok.
- all rights reserved, no reproduction, permission required, wire copy, personal use only: a
  credited short quotation (f < 0.25) → review; else violation.
- unknown or other terms: review.

Severities: violation → high, review → medium, ok → info (low for the missing link of a
credited short excerpt).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from licscan.model import Finding, LoadedDocument, Match, Severity, Term, fingerprint

if TYPE_CHECKING:
    from licscan.match.store import SourceInfo
    from licscan.run.context import ScanContext

SHORT_EXCERPT = 0.25  # share of the source up to which a credited excerpt is short
WHOLE_ARTICLE = 0.8  # share of the source from which the whole article counts as copied

RULES = {
    "reuse.uncredited": "Reused text without the credit its source requires",
    "reuse.missing-link": "Reused text credited without the link its source requires",
    "reuse.excerpt-too-long": "Reused text longer than its source's terms allow",
    "reuse.needs-permission": "Reused text from a source that reserves its rights",
    "reuse.license-conditions": "Reused text may break its licence's conditions",
    "reuse.review": "Reused text from a source whose terms are unknown",
    "reuse.credited": "Reused text credited as its source's terms require",
    "reuse.licensed": "Reused text from a licensed source",
    "reuse.same-site": "Text shared by two pages of the same site",
}

_PERMISSIVE = ("creative_commons", "free_with_attribution")
_RESTRICTIVE = ("wire_service_ban", "no_reproduction", "all_rights_reserved",
                "permission_required", "personal_use_only")
_PRIORITY = (*_PERMISSIVE, "excerpt_with_credit", *_RESTRICTIVE)
_SEVERITY = {"violation": Severity.high, "review": Severity.medium, "ok": Severity.info}
_VERBS = {
    "verbatim": "copied verbatim",
    "near_verbatim": "copied",
    "edited": "copied with light edits",
    "reordered": "copied with its sentences reordered",
}


@dataclass
class Verdict:
    verdict: str  # ok | review | violation
    reason: str  # credited | missing_credit | missing_link | excerpt_too_long | ...
    rule_id: str
    problem: str  # what is wrong (or right), for the message
    fix: str = ""
    severity: Severity | None = None  # default: from the verdict


def judge_matches(
    document: LoadedDocument, matches: list[Match], context: ScanContext
) -> tuple[list[Match], list[Finding]]:
    """Set each match's terms and verdict; one finding per match."""
    index = context.index
    licensed = [name.casefold() for name in context.options.licensed_sources]
    own_site = _site_of_document(document)
    findings = []
    for match in matches:
        info = index.find(match.source_id) if index is not None else None
        term = governing_term(info.terms if info else [])
        if own_site and info is not None and _source_site(info) == own_site:
            verdict = Verdict("ok", "same_site", "reuse.same-site",
                              f"both pages belong to {own_site}, so this is not republication")
        else:
            verdict = decide(match, term, info, licensed)
        match.source_terms = term.term_type if term else "unknown"
        match.verdict, match.verdict_reason = verdict.verdict, verdict.reason
        passage = document.text[match.text_start : match.text_end]
        match.fingerprint = fingerprint("reuse.match", document.relpath,
                                        f"{match.source_id}\0{_normalised(passage)}")
        findings.append(_finding(document, match, term, info, verdict, passage))
    return matches, findings


def governing_term(terms: list[Term]) -> Term | None:
    """The term that decides: manifest first, then a permission over a reservation."""
    pool = [t for t in terms if t.origin == "manifest"] or terms
    ranked = [t for t in pool if t.term_type in _PRIORITY]
    if ranked:
        return min(ranked, key=lambda t: _PRIORITY.index(t.term_type))
    return pool[0] if pool else None


def decide(match: Match, term: Term | None, info: SourceInfo | None,
           licensed: list[str]) -> Verdict:
    name = _name(match, info)
    if info is not None and _is_licensed(info, licensed):
        return Verdict("ok", "licensed", "reuse.licensed", "it is listed as a licensed source")
    if term is None or term.term_type not in _PRIORITY:
        return Verdict("review", "unknown_terms", "reuse.review",
                       _credit_state(match) + "; its reuse terms are unknown",
                       f"check {name}'s terms, or ask for permission")
    if term.term_type == "excerpt_with_credit":
        return _excerpt(match, term, name)
    if term.term_type in _PERMISSIVE:
        return _attribution(match, term, name)
    return _restricted(match, term, name)


def _excerpt(match: Match, term: Term, name: str) -> Verdict:
    f = match.source_fraction
    link = " with a link to the original article" if term.link_required else ""
    if not match.attributed:
        return Verdict("violation", "missing_credit", "reuse.uncredited", "no credit found",
                       f"add a credit line naming {name}{link}")
    if f >= WHOLE_ARTICLE or _over_limit(match, term):
        return Verdict("violation", "excerpt_too_long", "reuse.excerpt-too-long",
                       f"it covers {f:.0%} of the article, more than an excerpt",
                       f"cut it to a short excerpt, or ask {name} for permission")
    if f >= SHORT_EXCERPT:
        return Verdict("review", "excerpt_too_long", "reuse.excerpt-too-long",
                       f"credit found, but it covers {f:.0%} of the article",
                       "check that this still counts as an excerpt, or shorten it")
    if term.link_required and not match.linked:
        return Verdict("ok", "missing_link", "reuse.missing-link",
                       "credit found, but no link to the original",
                       f"link to the original article on {name}", Severity.low)
    return Verdict("ok", "credited", "reuse.credited", _credit_state(match))


def _attribution(match: Match, term: Term, name: str) -> Verdict:
    if term.credit_required is False:
        return Verdict("ok", "credited", "reuse.credited", "no credit is required")
    if not match.attributed:
        return Verdict("violation", "missing_credit", "reuse.uncredited", "no credit found",
                       f"add a credit line naming {name} with a link to the original article")
    if term.link_required and not match.linked:
        return Verdict("review", "missing_link", "reuse.missing-link",
                       "credit found, but no link back to the original",
                       f"link to the original article on {name}")
    if term.no_derivatives and match.kind in ("edited", "reordered"):
        return Verdict("review", "derivative", "reuse.license-conditions",
                       "credit found, but the text was changed and the licence allows no "
                       "derivatives", "reuse the text unchanged, or ask for permission")
    return Verdict("ok", "credited", "reuse.credited", _credit_state(match))


def _restricted(match: Match, term: Term, name: str) -> Verdict:
    f = match.source_fraction
    if match.attributed and f < SHORT_EXCERPT and not _over_limit(match, term):
        return Verdict("review", "short_quotation", "reuse.needs-permission",
                       "credit found; a short credited quotation may be allowed as fair "
                       "quotation", f"check that the quotation is short enough, or ask {name} "
                       "for permission")
    problem = "no credit found" if not match.attributed else (
        f"credit found, but it covers {f:.0%} of the article")
    return Verdict("violation", "needs_permission", "reuse.needs-permission", problem,
                   f"ask {name} for permission, or remove the passage")


def _over_limit(match: Match, term: Term) -> bool:
    words = term.max_excerpt_words is not None and match.matched_words > term.max_excerpt_words
    share = term.max_excerpt_percent is not None and (
        match.source_fraction * 100 > term.max_excerpt_percent
    )
    return words or share


def _site_of_document(document: LoadedDocument) -> str:
    from licscan.match.sites import site_of

    return site_of(document.canonical_url) if document.canonical_url else ""


def _source_site(info: SourceInfo) -> str:
    from licscan.match.sites import site_of

    return info.domain or site_of(info.url or info.host)


def _is_licensed(info: SourceInfo, licensed: list[str]) -> bool:
    from licscan.match.sites import site_of

    if not licensed:
        return False
    own = {info.id.casefold(), info.publisher.casefold(), info.domain.casefold(),
           info.host.casefold()}
    own |= {n.casefold() for n in info.names}
    return any(entry in own or (site_of(entry) and site_of(entry) == info.domain)
               for entry in licensed)


def _credit_state(match: Match) -> str:
    if match.attributed and match.linked:
        return "credited and linked"
    if match.attributed:
        return "credited, without a link"
    return "no credit found"


def _name(match: Match, info: SourceInfo | None) -> str:
    if info is not None:
        return info.publisher or info.domain or info.host or info.id
    return match.source_publisher or match.source_id


# --- findings -----------------------------------------------------------------------------
def _finding(document: LoadedDocument, match: Match, term: Term | None,
             info: SourceInfo | None, verdict: Verdict, passage: str) -> Finding:
    label = _label(match, info)
    message = (
        f"{_where(document, match)} ({match.matched_words} words, {match.source_fraction:.0%} "
        f"of the source) {'are' if _plural(document, match) else 'is'} "
        f"{_VERBS.get(match.kind, 'copied')}{' as a quotation' if match.quoted else ''} from "
        f"{label}, whose terms {_requirement(term)}; {verdict.problem}."
    )
    if verdict.fix:
        message += f" Fix: {verdict.fix}."
    excerpt = " ".join(passage.split())
    return Finding(
        relpath=document.relpath,
        rule_id=verdict.rule_id,
        kind="reuse",
        severity=verdict.severity or _SEVERITY[verdict.verdict],
        message=message,
        span=match.span,
        excerpt=excerpt if len(excerpt) <= 200 else excerpt[:199] + "…",
        fingerprint=fingerprint(verdict.rule_id, document.relpath, _normalised(passage)),
    )


def _requirement(term: Term | None) -> str:
    if term is None or term.term_type not in _PRIORITY:
        return "are unknown"
    kind = term.term_type
    if kind == "excerpt_with_credit":
        limit = ""
        if term.max_excerpt_words:
            limit = f" of up to {term.max_excerpt_words} words"
        elif term.max_excerpt_percent:
            limit = f" of up to {term.max_excerpt_percent:g}%"
        link = " and a link" if term.link_required else ""
        return f"allow excerpts{limit} only with full credit{link}"
    if kind == "creative_commons":
        conditions = ["attribution"] if term.credit_required is not False else []
        if term.non_commercial:
            conditions.append("non-commercial use only")
        if term.no_derivatives:
            conditions.append("no changes")
        if term.share_alike:
            conditions.append("adaptations under the same licence")
        licence = term.cc_license or "a Creative Commons licence"
        return f"are {licence}" + (f" ({', '.join(conditions)})" if conditions else "")
    if kind == "free_with_attribution":
        return "allow republication with credit" + (" and a link back" if term.link_required
                                                     else "")
    return {
        "all_rights_reserved": "reserve all rights",
        "no_reproduction": "forbid reproduction",
        "permission_required": "require permission for reuse",
        "wire_service_ban": "forbid republication of wire copy",
        "personal_use_only": "allow personal use only",
    }[kind]


def _label(match: Match, info: SourceInfo | None) -> str:
    label = match.source_url or (info.label if info else "") or match.source_id
    label = label.split("://", 1)[-1]
    return label if len(label) <= 60 else label[:59] + "…"


def _paragraphs(document: LoadedDocument, match: Match) -> tuple[int, int]:
    """1-based numbers of the paragraphs (non-empty lines of the text) holding the match."""
    return _paragraph(document.text, match.text_start), _paragraph(
        document.text, max(match.text_start, match.text_end - 1)
    )


def _paragraph(text: str, pos: int) -> int:
    line_start = text.rfind("\n", 0, pos) + 1
    return sum(1 for line in text[:line_start].split("\n") if line.strip()) + 1


def _where(document: LoadedDocument, match: Match) -> str:
    first, last = _paragraphs(document, match)
    return f"Paragraph {first}" if first == last else f"Paragraphs {first}–{last}"


def _plural(document: LoadedDocument, match: Match) -> bool:
    first, last = _paragraphs(document, match)
    return first != last


def _normalised(text: str) -> str:
    from licscan.match.words import normalise_text

    return normalise_text(text)
