"""Judging reuse: does each matched passage respect its source's terms?

The governing term of a source is taken from its manifest when the manifest names one, else
from what the rights rules found on the source; when a source states several, a permission
("excerpts may be used…", a Creative Commons licence) is the exception to its general
reservation ("© … all rights reserved") and governs.

Verdicts (f = share of the source reused; credit = any credit evidence):

- the same site (the document's canonical URL or ``og:url`` and the source share their
  registered domain): ok, ``same_site`` — a site reusing its own text is not republication.
- licensed source (named in ``licensed_sources``, the option of the same name): ok.
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

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, NamedTuple, Protocol

from licscan.catalogue import (
    MATCH_FINGERPRINT,
    REUSE_CREDITED,
    REUSE_EXCERPT_TOO_LONG,
    REUSE_LICENSE_CONDITIONS,
    REUSE_LICENSED,
    REUSE_MISSING_LINK,
    REUSE_NEEDS_PERMISSION,
    REUSE_PARAPHRASE,
    REUSE_REVIEW,
    REUSE_SAME_SITE,
    REUSE_UNCREDITED,
)
from licscan.model import (
    Finding,
    LoadedDocument,
    Match,
    Severity,
    Term,
    TermType,
    Verdict,
    fingerprint,
)

if TYPE_CHECKING:
    from licscan.match.store import SourceInfo

SHORT_EXCERPT = 0.25  # share of the source up to which a credited excerpt is short
WHOLE_ARTICLE = 0.8  # share of the source from which the whole article counts as copied

_PERMISSIVE = (TermType.creative_commons, TermType.free_with_attribution)
_RESTRICTIVE = (TermType.wire_service_ban, TermType.no_reproduction,
                TermType.all_rights_reserved, TermType.permission_required,
                TermType.personal_use_only)
_PRIORITY = (*_PERMISSIVE, TermType.excerpt_with_credit, *_RESTRICTIVE)
_SEVERITY = {Verdict.violation: Severity.high, Verdict.review: Severity.medium,
             Verdict.ok: Severity.info}
_VERBS = {
    "verbatim": "copied verbatim",
    "near_verbatim": "copied",
    "edited": "copied with light edits",
    "reordered": "copied with its sentences reordered",
    "paraphrase": "retold sentence by sentence",
}


@dataclass
class Decision:
    verdict: Verdict
    reason: str  # credited | missing_credit | missing_link | excerpt_too_long | ...
    rule_id: str
    problem: str  # what is wrong (or right), for the message
    fix: str = ""
    severity: Severity | None = None  # default: from the verdict


class Judgement(NamedTuple):
    matches: list[Match]  # new rows: the input's, with their terms, verdicts and fingerprints
    findings: list[Finding]  # one per match


class SourceLookup(Protocol):
    """A source index, as far as the judge's caller reads it."""

    def find(self, source_id: str) -> SourceInfo | None: ...


def sources_for(matches: Sequence[Match], index: SourceLookup) -> dict[str, SourceInfo]:
    """The sources ``matches`` come from, by id: what the judge reads of a source index."""
    found = {}
    for source_id in dict.fromkeys(m.source_id for m in matches):
        info = index.find(source_id)
        if info is not None:
            found[source_id] = info
    return found


def judge_matches(
    document: LoadedDocument,
    matches: Sequence[Match],
    sources: Mapping[str, SourceInfo],
    licensed_sources: Sequence[str] = (),
) -> Judgement:
    """Each match judged against its source's terms, and one finding per match.

    ``sources`` holds the matches' sources by id (a source missing from it has unknown
    terms); ``licensed_sources`` the names, sites or ids of sources reused under licence.
    The matches given are left as they are: the judged rows are new.
    """
    licensed = [name.casefold() for name in licensed_sources]
    own_site = _site_of_document(document)
    judged, findings = [], []
    for match in matches:
        info = sources.get(match.source_id)
        term = governing_term(info.terms if info else [])
        if own_site and info is not None and _source_site(info) == own_site:
            decision = Decision(Verdict.ok, "same_site", REUSE_SAME_SITE,
                                f"both pages belong to {own_site}, so this is not republication")
        else:
            decision = decide(match, term, info, licensed)
        passage = document.text[match.text_start : match.text_end]
        judged.append(_judged_row(document, match, term, decision, passage))
        findings.append(_finding(document, match, term, info, decision, passage))
    return Judgement(judged, findings)


def _judged_row(document: LoadedDocument, match: Match, term: Term | None, decision: Decision,
                passage: str) -> Match:
    """A new row for ``match``, with its terms, verdict and fingerprint (its lists its own)."""
    return replace(
        match,
        evidence=list(match.evidence),
        source_terms=term.term_type.value if term else "unknown",
        verdict=decision.verdict,
        verdict_reason=decision.reason,
        fingerprint=fingerprint(MATCH_FINGERPRINT, document.relpath,
                                f"{match.source_id}\0{_normalised(passage)}"),
    )


def governing_term(terms: list[Term]) -> Term | None:
    """The term that decides: manifest first, then a permission over a reservation."""
    pool = [t for t in terms if t.origin == "manifest"] or terms
    ranked = [t for t in pool if t.term_type in _PRIORITY]
    if ranked:
        return min(ranked, key=lambda t: _PRIORITY.index(t.term_type))
    return pool[0] if pool else None


def decide(match: Match, term: Term | None, info: SourceInfo | None,
           licensed: list[str]) -> Decision:
    name = _name(match, info)
    if info is not None and _is_licensed(info, licensed):
        return Decision(Verdict.ok, "licensed", REUSE_LICENSED,
                        "it is listed as a licensed source")
    if match.kind == "paraphrase":  # rewritten, not copied: a person weighs it, never a violation
        return Decision(Verdict.review, "paraphrase", REUSE_PARAPHRASE,
                        _credit_state(match) + "; a close paraphrase may still take the "
                        "source's expression", f"rewrite it in your own words and order, "
                        f"or credit {name} and check its terms")
    if term is None or term.term_type not in _PRIORITY:
        return Decision(Verdict.review, "unknown_terms", REUSE_REVIEW,
                        _credit_state(match) + "; its reuse terms are unknown",
                        f"check {name}'s terms, or ask for permission")
    if term.term_type == TermType.excerpt_with_credit:
        return _excerpt(match, term, name)
    if term.term_type in _PERMISSIVE:
        return _attribution(match, term, name)
    return _restricted(match, term, name)


def _excerpt(match: Match, term: Term, name: str) -> Decision:
    f = match.source_fraction
    link = " with a link to the original article" if term.link_required else ""
    if not match.attributed:
        return Decision(Verdict.violation, "missing_credit", REUSE_UNCREDITED,
                        "no credit found", f"add a credit line naming {name}{link}")
    if f >= WHOLE_ARTICLE or _over_limit(match, term):
        return Decision(Verdict.violation, "excerpt_too_long", REUSE_EXCERPT_TOO_LONG,
                        f"it covers {f:.0%} of the article, more than an excerpt",
                        f"cut it to a short excerpt, or ask {name} for permission")
    if f >= SHORT_EXCERPT:
        return Decision(Verdict.review, "excerpt_too_long", REUSE_EXCERPT_TOO_LONG,
                        f"credit found, but it covers {f:.0%} of the article",
                        "check that this still counts as an excerpt, or shorten it")
    if term.link_required and not match.linked:
        return Decision(Verdict.ok, "missing_link", REUSE_MISSING_LINK,
                        "credit found, but no link to the original",
                        f"link to the original article on {name}", Severity.low)
    return Decision(Verdict.ok, "credited", REUSE_CREDITED, _credit_state(match))


def _attribution(match: Match, term: Term, name: str) -> Decision:
    if term.credit_required is False:
        return Decision(Verdict.ok, "credited", REUSE_CREDITED, "no credit is required")
    if not match.attributed:
        return Decision(Verdict.violation, "missing_credit", REUSE_UNCREDITED,
                        "no credit found",
                        f"add a credit line naming {name} with a link to the original article")
    if term.link_required and not match.linked:
        return Decision(Verdict.review, "missing_link", REUSE_MISSING_LINK,
                        "credit found, but no link back to the original",
                        f"link to the original article on {name}")
    if term.no_derivatives and match.kind in ("edited", "reordered"):
        return Decision(Verdict.review, "derivative", REUSE_LICENSE_CONDITIONS,
                        "credit found, but the text was changed and the licence allows no "
                        "derivatives", "reuse the text unchanged, or ask for permission")
    return Decision(Verdict.ok, "credited", REUSE_CREDITED, _credit_state(match))


def _restricted(match: Match, term: Term, name: str) -> Decision:
    f = match.source_fraction
    if match.attributed and f < SHORT_EXCERPT and not _over_limit(match, term):
        return Decision(Verdict.review, "short_quotation", REUSE_NEEDS_PERMISSION,
                        "credit found; a short credited quotation may be allowed as fair "
                        "quotation", f"check that the quotation is short enough, or ask {name} "
                        "for permission")
    problem = "no credit found" if not match.attributed else (
        f"credit found, but it covers {f:.0%} of the article")
    return Decision(Verdict.violation, "needs_permission", REUSE_NEEDS_PERMISSION, problem,
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
             info: SourceInfo | None, decision: Decision, passage: str) -> Finding:
    label = _label(match, info)
    message = (
        f"{_where(document, match)} ({match.matched_words} words, {match.source_fraction:.0%} "
        f"of the source) {'are' if _plural(document, match) else 'is'} "
        f"{_VERBS.get(match.kind, 'copied')}{' as a quotation' if match.quoted else ''} from "
        f"{label}, whose terms {_requirement(term)}; {decision.problem}."
    )
    if decision.fix:
        message += f" Fix: {decision.fix}."
    excerpt = " ".join(passage.split())
    return Finding(
        relpath=document.relpath,
        rule_id=decision.rule_id,
        kind="reuse",
        severity=decision.severity or _SEVERITY[decision.verdict],
        message=message,
        span=match.span,
        excerpt=excerpt if len(excerpt) <= 200 else excerpt[:199] + "…",
        fingerprint=fingerprint(decision.rule_id, document.relpath, _normalised(passage)),
    )


# --- what a source's terms require, in words ----------------------------------------------
def _requirement(term: Term | None) -> str:
    return _WORDING[term.term_type](term) if term is not None else _UNKNOWN


def _excerpts_wording(term: Term) -> str:
    limit = ""
    if term.max_excerpt_words:
        limit = f" of up to {term.max_excerpt_words} words"
    elif term.max_excerpt_percent:
        limit = f" of up to {term.max_excerpt_percent:g}%"
    link = " and a link" if term.link_required else ""
    return f"allow excerpts{limit} only with full credit{link}"


def _licence_wording(term: Term) -> str:
    conditions = ["attribution"] if term.credit_required is not False else []
    if term.non_commercial:
        conditions.append("non-commercial use only")
    if term.no_derivatives:
        conditions.append("no changes")
    if term.share_alike:
        conditions.append("adaptations under the same licence")
    licence = term.license or "a Creative Commons licence"
    return f"are {licence}" + (f" ({', '.join(conditions)})" if conditions else "")


def _republish_wording(term: Term) -> str:
    return "allow republication with credit" + (" and a link back" if term.link_required
                                                 else "")


def _fixed(words: str) -> Callable[[Term], str]:
    return lambda _term: words


_UNKNOWN = "are unknown"
# Every term type, in the words of "… from <source>, whose terms <wording>": the types the
# judge does not rule on (not in _PRIORITY) read as unknown, as their verdict is "review".
_WORDING: dict[TermType, Callable[[Term], str]] = {
    TermType.all_rights_reserved: _fixed("reserve all rights"),
    TermType.no_reproduction: _fixed("forbid reproduction"),
    TermType.permission_required: _fixed("require permission for reuse"),
    TermType.excerpt_with_credit: _excerpts_wording,
    TermType.free_with_attribution: _republish_wording,
    TermType.creative_commons: _licence_wording,
    TermType.wire_service_ban: _fixed("forbid republication of wire copy"),
    TermType.tdm_ai_reservation: _fixed(_UNKNOWN),
    TermType.personal_use_only: _fixed("allow personal use only"),
    TermType.fair_use_statement: _fixed(_UNKNOWN),
    TermType.other: _fixed(_UNKNOWN),
}
if set(_WORDING) != set(TermType):  # a new term type must say what it requires
    raise RuntimeError(f"licscan.judge: no wording for the term types "
                       f"{', '.join(sorted(set(TermType) - set(_WORDING)))}")


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
