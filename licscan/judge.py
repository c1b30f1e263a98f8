"""Judging reuse: does each matched passage respect its source's terms?

The governing term of a source is taken from its manifest when the manifest names one, else
from what the rights rules found on the source; when a source states several, a permission
("excerpts may be used…", a Creative Commons licence) is the exception to its general
reservation ("© … all rights reserved") and governs.

The verdict is the quotation policy's (licscan.policy, docs/policy.md): it reads each passage
with what the whole document takes from the same source, as several quotations add up.
Severities: violation → high, review → medium, ok → info (low for the missing link of a
credited excerpt).  Each finding names the policy clause that decided it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, NamedTuple, Protocol

from licscan.catalogue import MATCH_FINGERPRINT, REUSE_SAME_SITE
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
from licscan.policy import (
    DEFAULT_POLICY,
    RULED,
    Clause,
    Decision,
    Extent,
    QuotationPolicy,
    clause_text,
    decide,
)

if TYPE_CHECKING:
    from licscan.match.store import SourceInfo

_PRIORITY = RULED  # the first of a source's terms in this order governs
_SEVERITY = {Verdict.violation: Severity.high, Verdict.review: Severity.medium,
             Verdict.ok: Severity.info}
_VERBS = {
    "verbatim": "copied verbatim",
    "near_verbatim": "copied",
    "edited": "copied with light edits",
    "reordered": "copied with its sentences reordered",
    "paraphrase": "retold sentence by sentence",
}


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
    policy: QuotationPolicy = DEFAULT_POLICY,
    licensed_sources: Sequence[str] = (),
) -> Judgement:
    """Each match judged against its source's terms under ``policy``, and one finding each.

    ``sources`` holds the matches' sources by id (a source missing from it has unknown
    terms); ``licensed_sources`` the names, sites or ids of sources reused under licence.
    The matches given are left as they are: the judged rows are new.
    """
    licensed = [name.casefold() for name in licensed_sources]
    own_site = _site_of_document(document)
    taken = _taken_by_source(matches)
    judged, findings = [], []
    for match in matches:
        info = sources.get(match.source_id)
        term = governing_term(info.terms if info else [])
        if own_site and info is not None and _source_site(info) == own_site:
            decision = Decision(Verdict.ok, "same_site", REUSE_SAME_SITE,
                                f"both pages belong to {own_site}, so this is not republication",
                                clause=Clause.same_site)
        else:
            extent = replace(taken.get(match.source_id) or Extent.of(match),
                             paragraphs=_paragraph_count(document, match))
            decision = decide(match, term, info, licensed, policy, extent)
        passage = document.text[match.text_start : match.text_end]
        judged.append(_judged_row(document, match, term, decision, passage))
        findings.append(_finding(document, match, term, info, decision, passage, policy))
    return Judgement(judged, findings)


def _taken_by_source(matches: Sequence[Match]) -> dict[str, Extent]:
    """What the document takes from each source, all its copied passages together (a
    paraphrase copies no words)."""
    taken: dict[str, Extent] = {}
    for match in matches:
        if match.kind == "paraphrase":
            continue
        before = taken.get(match.source_id)
        taken[match.source_id] = before.plus(match) if before else Extent.of(match)
    return taken


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


def _site_of_document(document: LoadedDocument) -> str:
    from licscan.match.sites import site_of

    return site_of(document.canonical_url) if document.canonical_url else ""


def _source_site(info: SourceInfo) -> str:
    from licscan.match.sites import site_of

    return info.domain or site_of(info.url or info.host)


# --- findings -----------------------------------------------------------------------------
def _finding(document: LoadedDocument, match: Match, term: Term | None,
             info: SourceInfo | None, decision: Decision, passage: str,
             policy: QuotationPolicy) -> Finding:
    label = _label(match, info)
    message = (
        f"{_where(document, match)} ({match.matched_words} words, {match.source_fraction:.0%} "
        f"of the source) {'are' if _plural(document, match) else 'is'} "
        f"{_VERBS.get(match.kind, 'copied')}{' as a quotation' if match.quoted else ''} from "
        f"{label}, whose terms {_requirement(term)}; {decision.problem}. "
        f"Policy {decision.clause.value}: {clause_text(decision.clause, policy)}."
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
    return _paragraph_count(document, match) > 1


def _paragraph_count(document: LoadedDocument, match: Match) -> int:
    first, last = _paragraphs(document, match)
    return last - first + 1


def _normalised(text: str) -> str:
    from licscan.match.words import normalise_text

    return normalise_text(text)
