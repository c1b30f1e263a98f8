"""licscan's own rule ids: every finding that no rule file makes carries one of these.

Rule files (``rules/*.yaml``) name the rules of notices, credits, terms, metadata and the
conflicts between a page's metadata and its text.  The ids below belong to licscan itself: a
file it could not read, a rule that ran out of time, an ignore marker or baseline entry that
accepts nothing, the judge's verdicts on reused text, and the credit of images shown on pages.
SARIF describes every rule from the rule files and this catalogue; the check's text output takes
the fix of the catalogue's entry when a finding's message carries none.
"""

from __future__ import annotations

from dataclasses import dataclass

from licscan.model import Severity

READ_ERROR = "licscan.read-error"
RULE_TIMEOUT = "licscan.rule-timeout"
IGNORE_WITHOUT_REASON = "licscan.ignore-without-reason"
IGNORE_WITHOUT_RULE = "licscan.ignore-without-rule"
BASELINE_STALE = "licscan.accept.baseline-stale"
# Acceptances that accept nothing: listed on the console whatever --fail-on says.
ACCEPTANCE_PROBLEMS = frozenset({IGNORE_WITHOUT_REASON, IGNORE_WITHOUT_RULE, BASELINE_STALE})

REUSE_UNCREDITED = "reuse.uncredited"
REUSE_MISSING_LINK = "reuse.missing-link"
REUSE_EXCERPT_TOO_LONG = "reuse.excerpt-too-long"
REUSE_NEEDS_PERMISSION = "reuse.needs-permission"
REUSE_LICENSE_CONDITIONS = "reuse.license-conditions"
REUSE_REVIEW = "reuse.review"
REUSE_PARAPHRASE = "reuse.paraphrase"
REUSE_CREDITED = "reuse.credited"
REUSE_LICENSED = "reuse.licensed"
REUSE_SAME_SITE = "reuse.same-site"

IMAGE_CREDIT_MISSING = "image.credit-missing"
IMAGE_CREDITED = "image.credited"
# Made after every document is read, by the pass over pages and the images they show.
IMAGE_CHECKS = (IMAGE_CREDIT_MISSING, IMAGE_CREDITED)

# Not a rule: what a match row's fingerprint is made under (a finding's is made under its rule).
MATCH_FINGERPRINT = "reuse.match"


@dataclass(frozen=True)
class BuiltinRule:
    id: str
    description: str  # one line, SARIF's short description
    severity: Severity | None = None  # None: set finding by finding (the judge's verdicts)
    help: str = ""  # SARIF's help text
    fix: str = ""  # the check's "fix:" line


CATALOGUE: dict[str, BuiltinRule] = {
    rule.id: rule
    for rule in (
        BuiltinRule(READ_ERROR, "File could not be read and was not scanned", Severity.high),
        BuiltinRule(
            RULE_TIMEOUT,
            "A rule ran out of time on a document; its matches there may be incomplete",
            Severity.low,
        ),
        BuiltinRule(
            IGNORE_WITHOUT_REASON,
            "Inline ignore marker without a reason accepts nothing",
            Severity.medium,
            "Write the reason after ' -- ': <!-- licscan: ignore RULE-ID -- reason -->",
            "write the reason after ' -- ' in the marker",
        ),
        BuiltinRule(
            IGNORE_WITHOUT_RULE,
            "Inline ignore marker without a rule id accepts nothing",
            Severity.medium,
            "Name the rule id, or * for any rule: <!-- licscan: ignore RULE-ID -- reason -->",
            "name the rule id (or *) in the marker",
        ),
        BuiltinRule(
            BASELINE_STALE,
            "Baseline entry no longer matches a finding",
            Severity.info,
            "Run `licscan baseline update` to drop stale entries.",
            "run `licscan baseline update`",
        ),
        BuiltinRule(REUSE_UNCREDITED, "Reused text without the credit its source requires"),
        BuiltinRule(
            REUSE_MISSING_LINK, "Reused text credited without the link its source requires"
        ),
        BuiltinRule(REUSE_EXCERPT_TOO_LONG, "Reused text longer than its source's terms allow"),
        BuiltinRule(REUSE_NEEDS_PERMISSION, "Reused text from a source that reserves its rights"),
        BuiltinRule(REUSE_LICENSE_CONDITIONS, "Reused text may break its licence's conditions"),
        BuiltinRule(REUSE_REVIEW, "Reused text from a source whose terms are unknown"),
        BuiltinRule(REUSE_PARAPHRASE, "Text that retells a source sentence by sentence"),
        BuiltinRule(REUSE_CREDITED, "Reused text credited as its source's terms require"),
        BuiltinRule(REUSE_LICENSED, "Reused text from a licensed source"),
        BuiltinRule(REUSE_SAME_SITE, "Text shared by two pages of the same site"),
        BuiltinRule(
            IMAGE_CREDIT_MISSING,
            "A page shows an image whose metadata names a credit or another holder, "
            "without crediting it",
            Severity.medium,
            "The image's EXIF, IPTC or XMP metadata names whom to credit (a photo credit, or a "
            "copyright holder other than the page's); show that credit in the picture's "
            "caption, its alt text or the page's text.",
            "credit the image's holder in its caption",
        ),
        BuiltinRule(
            IMAGE_CREDITED,
            "A page shows an image and credits whom its metadata names",
            Severity.info,
        ),
    )
}


def fix_of(rule_id: str) -> str:
    """How to resolve a finding of a built-in rule ("" when its message says it, or unknown)."""
    rule = CATALOGUE.get(rule_id)
    return rule.fix if rule is not None else ""
