"""The quotation policy: how much of a source a document may take, under which terms.

docs/policy.md states it for a rights team; :class:`QuotationPolicy` holds the numbers a
``[policy]`` table of ``licscan.toml`` may change, and :func:`decide` applies it to one reused
passage.  Every :class:`Decision` names the clause that decided it (``Clause``) and, when the
reuse is not acceptable, says what would make it so.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

from licscan.catalogue import (
    REUSE_CREDITED,
    REUSE_EXCERPT_TOO_LONG,
    REUSE_LICENSE_CONDITIONS,
    REUSE_LICENSED,
    REUSE_MISSING_LINK,
    REUSE_NEEDS_PERMISSION,
    REUSE_PARAPHRASE,
    REUSE_REVIEW,
    REUSE_UNCREDITED,
)
from licscan.model import Match, Severity, Term, TermType, Verdict

if TYPE_CHECKING:
    from licscan.match.store import SourceInfo


@dataclass(frozen=True)
class QuotationPolicy:
    """The numbers of the policy (``[policy]`` in licscan.toml; docs/policy.md)."""

    short_quote_words: int = 50  # a short quotation: at most this many words from one source
    excerpt_share: float = 0.25  # excerpt terms without a stated limit: reviewed from here
    whole_article_share: float = 0.8  # from this share on, a passage is the whole article


DEFAULT_POLICY = QuotationPolicy()

PERMISSIVE = (TermType.creative_commons, TermType.free_with_attribution)
RESERVED = (TermType.wire_service_ban, TermType.no_reproduction, TermType.all_rights_reserved,
            TermType.permission_required, TermType.personal_use_only)
RULED = (*PERMISSIVE, TermType.excerpt_with_credit, *RESERVED)  # the term types the policy rules


class Clause(str, Enum):
    """The clauses of docs/policy.md, by the number and heading a message cites."""

    same_site = "§1 (same site)"
    licensed = "§2 (licensed sources)"
    short_quotation = "§3 (short quotation)"
    reserved = "§4 (reserved sources)"
    excerpts = "§5 (excerpts with credit)"
    licences = "§6 (licences with credit)"
    unknown = "§7 (unknown terms)"
    paraphrase = "§8 (paraphrase)"


def clause_text(clause: Clause, policy: QuotationPolicy = DEFAULT_POLICY) -> str:
    """What ``clause`` says, with the policy's numbers, as a finding's message quotes it."""
    short = (f"quoted (quotation marks or a blockquote), credited, at most "
             f"{policy.short_quote_words} words from one source per document, in one paragraph")
    texts = {
        Clause.same_site: "a site reusing its own text is not republication",
        Clause.licensed: "a source listed in licensed-sources may be reused",
        Clause.short_quotation: f"a short quotation ({short}) is reviewed, not refused",
        Clause.reserved: "a source that reserves its rights allows no more than a short "
                         f"quotation ({short}) without a licence",
        Clause.excerpts: "credited excerpts are allowed within the source's own limits, else "
                         f"below {policy.excerpt_share:.0%} of the article (reviewed up to "
                         f"{policy.whole_article_share:.0%})",
        Clause.licences: "a licence allows reuse with the credit and link it asks for",
        Clause.unknown: "reuse of a source whose terms are unknown is reviewed",
        Clause.paraphrase: "a passage retold sentence by sentence is reviewed, never a "
                           "violation on its own",
    }
    return texts[clause]


@dataclass(frozen=True)
class Extent:
    """How much a document takes from one source: one passage, and all its passages."""

    paragraphs: int = 1  # paragraphs the passage spans
    passages: int = 1  # passages the document takes from the source (this one included)
    words: int = 0  # words of all of them
    share: float = 0.0  # their share of the source
    chars: int = 0  # their length in the source, in characters

    @classmethod
    def of(cls, match: Match, paragraphs: int = 1) -> Extent:
        """The extent of a document that takes ``match`` alone from its source."""
        return cls(paragraphs, 1, match.matched_words, match.source_fraction,
                   match.source_end - match.source_start)

    def plus(self, match: Match) -> Extent:
        """This extent with one more passage of the same source."""
        return Extent(self.paragraphs, self.passages + 1, self.words + match.matched_words,
                      self.share + match.source_fraction,
                      self.chars + match.source_end - match.source_start)


@dataclass
class Decision:
    verdict: Verdict
    reason: str  # credited | missing_credit | missing_link | excerpt_too_long | ...
    rule_id: str
    problem: str  # what is wrong (or right), for the message
    fix: str = ""
    severity: Severity | None = None  # default: from the verdict
    clause: Clause = Clause.unknown


def decide(match: Match, term: Term | None, info: SourceInfo | None, licensed: list[str],
           policy: QuotationPolicy = DEFAULT_POLICY, extent: Extent | None = None) -> Decision:
    """The policy's decision on ``match`` under ``term``; ``extent`` says how much the whole
    document takes from the source (default: this passage alone, in one paragraph)."""
    name = source_name(match, info)
    extent = extent or Extent.of(match)
    if info is not None and is_licensed(info, licensed):
        return Decision(Verdict.ok, "licensed", REUSE_LICENSED,
                        "it is listed as a licensed source", clause=Clause.licensed)
    if match.kind == "paraphrase":  # rewritten, not copied: a person weighs it
        return Decision(Verdict.review, "paraphrase", REUSE_PARAPHRASE,
                        credit_state(match) + "; a close paraphrase may still take the "
                        "source's expression", f"rewrite it in your own words and order, or "
                        f"credit {name} and check its terms", clause=Clause.paraphrase)
    if term is None or term.term_type not in RULED:
        return Decision(Verdict.review, "unknown_terms", REUSE_REVIEW,
                        credit_state(match) + "; its reuse terms are unknown",
                        f"check {name}'s terms, or ask {name} for a licence")
    if term.term_type == TermType.excerpt_with_credit:
        return _excerpt(match, term, name, policy, extent)
    if term.term_type in PERMISSIVE:
        return _licence(match, term, name)
    return _reserved(match, name, policy, extent)


def _reserved(match: Match, name: str, policy: QuotationPolicy, extent: Extent) -> Decision:
    """§3 and §4: a short quotation is reviewed, anything more needs a licence."""
    limit = policy.short_quote_words
    shortfalls = short_quotation_shortfalls(match, limit, extent)
    if not shortfalls:
        return Decision(Verdict.review, "short_quotation", REUSE_NEEDS_PERMISSION,
                        f"credited and quoted, {extent.words} words from this source in all, "
                        f"within the {limit} words of a short quotation",
                        f"check that quoting serves reporting, review or criticism, or ask "
                        f"{name} for a licence", clause=Clause.short_quotation)
    return Decision(Verdict.violation, "needs_permission", REUSE_NEEDS_PERMISSION,
                    "more than a short quotation: " + "; ".join(shortfalls),
                    f"{_quote_within(match, limit, extent, name)}, or ask {name} for a licence",
                    clause=Clause.reserved)


def short_quotation_shortfalls(match: Match, limit: int, extent: Extent) -> list[str]:
    """What keeps ``match`` from being a short quotation (§3); empty when it is one."""
    missing = []
    if not match.attributed:
        missing.append("no credit found")
    if not match.quoted:
        missing.append("not in quotation marks or a blockquote")
    if match.matched_words > limit:
        missing.append(f"{match.matched_words} words, more than {limit}")
    elif extent.words > limit:
        missing.append(f"{extent.words} words in {extent.passages} passages from this source, "
                       f"more than {limit} together")
    if extent.paragraphs > 1:
        missing.append(f"it runs over {extent.paragraphs} paragraphs")
    return missing


def _quote_within(match: Match, limit: int, extent: Extent, name: str) -> str:
    """The fix that turns ``match`` into a short quotation, in the words of §3."""
    how = [] if match.quoted else ["in quotation marks"]
    if extent.paragraphs > 1:
        how.append("within one paragraph")
    together = " in all" if extent.passages > 1 else ""
    manner = f" ({', '.join(how)})" if how else ""
    return f"quote at most {limit} words{together}{manner} and credit {name}"


def _excerpt(match: Match, term: Term, name: str, policy: QuotationPolicy,
             extent: Extent) -> Decision:
    """§5: credited excerpts, within the source's own limits, or else the policy's shares."""
    link = " with a link to the original article" if term.link_required else ""
    if not match.attributed:
        return Decision(Verdict.violation, "missing_credit", REUSE_UNCREDITED,
                        "no credit found", f"add a credit line naming {name}{link}",
                        clause=Clause.excerpts)
    stated = stated_limit_passed(term, extent)
    if stated or extent.share >= policy.whole_article_share:
        problem = (f"{stated}, more than its terms allow" if stated else
                   f"it covers {extent.share:.0%} of the article, more than an excerpt")
        return Decision(Verdict.violation, "excerpt_too_long", REUSE_EXCERPT_TOO_LONG, problem,
                        f"cut it to {_excerpt_size(term, policy)}, or ask {name} for a licence",
                        clause=Clause.excerpts)
    if not has_stated_limit(term) and extent.share >= policy.excerpt_share:
        return Decision(Verdict.review, "excerpt_too_long", REUSE_EXCERPT_TOO_LONG,
                        f"credit found, but it covers {extent.share:.0%} of the article",
                        f"check that this still counts as an excerpt, or cut it to "
                        f"{_excerpt_size(term, policy)}", clause=Clause.excerpts)
    if term.link_required and not match.linked:
        return Decision(Verdict.ok, "missing_link", REUSE_MISSING_LINK,
                        "credit found, but no link to the original",
                        f"link to the original article on {name}", Severity.low,
                        clause=Clause.excerpts)
    return Decision(Verdict.ok, "credited", REUSE_CREDITED, credit_state(match),
                    clause=Clause.excerpts)


def has_stated_limit(term: Term) -> bool:
    return any(limit is not None for limit in
               (term.max_excerpt_words, term.max_excerpt_percent, term.max_excerpt_chars))


def stated_limit_passed(term: Term, extent: Extent) -> str:
    """The source's own excerpt limit the document passes, in words ("" when none is)."""
    if term.max_excerpt_words is not None and extent.words > term.max_excerpt_words:
        return f"{extent.words} words (the limit is {term.max_excerpt_words})"
    if term.max_excerpt_percent is not None and extent.share * 100 > term.max_excerpt_percent:
        return f"{extent.share:.0%} of the article (the limit is {term.max_excerpt_percent:g}%)"
    if term.max_excerpt_chars is not None and extent.chars > term.max_excerpt_chars:
        return f"{extent.chars} characters (the limit is {term.max_excerpt_chars})"
    return ""


def _excerpt_size(term: Term, policy: QuotationPolicy) -> str:
    if term.max_excerpt_words is not None:
        return f"at most {term.max_excerpt_words} words"
    if term.max_excerpt_percent is not None:
        return f"at most {term.max_excerpt_percent:g}% of the article"
    if term.max_excerpt_chars is not None:
        return f"at most {term.max_excerpt_chars} characters"
    return f"less than {policy.excerpt_share:.0%} of the article"


def _licence(match: Match, term: Term, name: str) -> Decision:
    """§6: Creative Commons and republish-with-credit terms."""
    if term.credit_required is False:
        return Decision(Verdict.ok, "credited", REUSE_CREDITED, "no credit is required",
                        clause=Clause.licences)
    if not match.attributed:
        return Decision(Verdict.violation, "missing_credit", REUSE_UNCREDITED,
                        "no credit found",
                        f"add a credit line naming {name} with a link to the original article",
                        clause=Clause.licences)
    if term.link_required and not match.linked:
        return Decision(Verdict.review, "missing_link", REUSE_MISSING_LINK,
                        "credit found, but no link back to the original",
                        f"link to the original article on {name}", clause=Clause.licences)
    if term.no_derivatives and match.kind in ("edited", "reordered"):
        return Decision(Verdict.review, "derivative", REUSE_LICENSE_CONDITIONS,
                        "credit found, but the text was changed and the licence allows no "
                        "derivatives", f"reuse the text unchanged, or ask {name} for a licence",
                        clause=Clause.licences)
    return Decision(Verdict.ok, "credited", REUSE_CREDITED, credit_state(match),
                    clause=Clause.licences)


def is_licensed(info: SourceInfo, licensed: list[str]) -> bool:
    from licscan.match.sites import site_of

    if not licensed:
        return False
    own = {info.id.casefold(), info.publisher.casefold(), info.domain.casefold(),
           info.host.casefold()}
    own |= {n.casefold() for n in info.names}
    return any(entry in own or (site_of(entry) and site_of(entry) == info.domain)
               for entry in licensed)


def credit_state(match: Match) -> str:
    if match.attributed and match.linked:
        return "credited and linked"
    if match.attributed:
        return "credited, without a link"
    return "no credit found"


def source_name(match: Match, info: SourceInfo | None) -> str:
    if info is not None:
        return info.publisher or info.domain or info.host or info.id
    return match.source_publisher or match.source_id
