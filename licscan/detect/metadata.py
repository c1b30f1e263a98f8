"""Metadata rules: rights statements in meta tags, ``<link rel>``, JSON-LD and front matter.

A metadata rule selects items by source and name, optionally requires a ``value_pattern``,
and turns each selected item into a :class:`MetadataRow`.  It may also *feed* the value through
the text rules (``<meta name="copyright" content="© 2024 Foo Inc">`` becomes a notice with
origin "meta"; a ``rel=license`` Creative Commons URL becomes a creative_commons term), fill
a notice field directly (JSON-LD ``copyrightHolder``/``copyrightYear`` make one notice), or
state a term itself (robots ``noai`` is a TDM/AI reservation).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from typing import TYPE_CHECKING

from licscan.detect.clauses import statements
from licscan.detect.runner import (
    Hit,
    RuleTimeout,
    extract,
    find_hits,
    merge_values,
    notice_from,
    resolve_notice_hits,
    resolve_term_hits,
    term_from,
)
from licscan.detect.values import holder_values, year_values
from licscan.model import LoadedDocument, MetadataRow, MetaItem, Notice, Term

if TYPE_CHECKING:
    from licscan.detect.rule import Rule
    from licscan.detect.ruleset import RuleSet
    from licscan.textmap import Span


@dataclass
class MetaResult:
    """One selected item: its row and whatever it states as a notice or a term."""

    rule: Rule
    item: MetaItem
    row: MetadataRow
    notices: list[Notice] = field(default_factory=list)
    terms: list[Term] = field(default_factory=list)


def metadata_items(document: LoadedDocument) -> list[MetaItem]:
    """The loader's items plus ``<a rel="license">`` links (a licence stated on an anchor)."""
    items = list(document.meta)
    seen = {(i.source, i.name.casefold(), i.value) for i in items}
    for link in document.links:
        if (
            any(r.lower() == "license" for r in link.rel)
            and ("link", "license", link.href) not in seen
        ):
            seen.add(("link", "license", link.href))
            items.append(MetaItem("link", "license", link.href, link.src_start, link.src_end))
    return items


def _selects(rule: Rule, item: MetaItem) -> bool:
    """Source listed, and name equal to a listed name or, for JSON-LD, matching one of its
    globs (JSON-LD nests a photo's properties under a path: "image.copyrightHolder"; an image's
    own "iptc.CopyrightNotice" is its notice, not a nested photo's credit)."""
    if item.source not in rule.select_sources:
        return False
    name = item.name.casefold()
    nested = item.source == "jsonld"
    return not rule.select_names or any(
        name == wanted or (nested and "*" in wanted and fnmatchcase(name, wanted))
        for wanted in rule.select_names
    )


def apply_metadata(
    document: LoadedDocument, rules: RuleSet, timeouts: list[RuleTimeout]
) -> list[MetaResult]:
    results: list[MetaResult] = []
    items = metadata_items(document)
    aggregated: dict[tuple[str, str], Notice] = {}  # (source, notice type) -> its notice
    for rule in rules.of_kind("metadata"):
        for item in items:
            if _selects(rule, item):
                result = _apply(rule, item, document, rules, timeouts, aggregated)
                if result is not None:
                    results.append(result)
    return results


def _apply(
    rule: Rule,
    item: MetaItem,
    document: LoadedDocument,
    rules: RuleSet,
    timeouts: list[RuleTimeout],
    aggregated: dict[tuple[str, str], Notice],
) -> MetaResult | None:
    values = {}
    if rule.value_pattern is not None:
        try:
            m = rule.value_pattern.search(item.value, timeout=rules.timeout)
        except TimeoutError:
            timeouts.append(RuleTimeout(rule, 0))
            return None
        if m is None:
            return None
        values = extract(rule, m.groupdict(), rules)
    span = document.source_span(item.src_start, item.src_end)
    if item.location:
        span = span._replace(location=item.location)
    row = MetadataRow(document.relpath, rule.id, item.source, item.name, item.value, span)
    result = MetaResult(rule, item, row)
    if rule.feed:
        _feed(result, document.relpath, rules, timeouts)
    # a value the text rules read as terms ("CC BY-SA 4.0") names a licence, not a holder
    if rule.notice_field and not result.notices and not result.terms:
        notice = _aggregate(rule, item, document.relpath, span, aggregated)
        if notice is not None:
            result.notices.append(notice)
    # a value the text rules did not read: the rule's own term, or the licence its value names
    fields = {**rule.conditions, **values}
    term_type = fields.pop("term_type", None) or rule.term_type
    if term_type and not result.terms:
        term = Term(document.relpath, rule.id, term_type, item.value, span,
                    licensor=rule.licensor, origin=item.source)  # fmt: skip
        for key, value in fields.items():
            setattr(term, key, value)
        result.terms.append(term)
    return result


def _feed(result: MetaResult, relpath: str, rules: RuleSet, timeouts: list[RuleTimeout]) -> None:
    """Run the value through the text rules of the kinds the metadata rule names."""
    value, item, rule = result.item.value, result.item, result.rule
    hits, more_timeouts = find_hits(value, rules, kinds=rule.feed)
    timeouts.extend(more_timeouts)

    def span_of(start: int, end: int) -> Span:
        return result.row.span

    notice_hits = resolve_notice_hits([h for h in hits if h.rule.kind in ("notice", "credit")])
    for hit in notice_hits:
        notice = notice_from(_as_rule(hit, rule), value, relpath, span_of, item.source)
        if notice is not None:
            result.notices.append(notice)
    # the clauses of one value are one statement, as in a page's text
    for hit in statements(resolve_term_hits([h for h in hits if h.rule.kind == "terms"]), value):
        result.terms.append(term_from(_as_rule(hit, rule), value, relpath, span_of,
                                      item.source))  # fmt: skip


def _as_rule(hit: Hit, rule: Rule) -> Hit:
    """The row is credited to the metadata rule that selected the item; the text rule's
    classification (notice type, term type, conditions) is kept."""
    return Hit(_Relabel(hit.rule, rule.id), hit.start, hit.end, hit.values)  # type: ignore[arg-type]


class _Relabel:
    """A text rule seen under the id of the metadata rule that fed it."""

    def __init__(self, rule: Rule, rule_id: str) -> None:
        self._rule = rule
        self.id = rule_id

    def __getattr__(self, name: str) -> object:
        return getattr(self._rule, name)


def _aggregate(
    rule: Rule,
    item: MetaItem,
    relpath: str,
    span: Span,
    aggregated: dict[tuple[str, str], Notice],
) -> Notice | None:
    values = (
        holder_values(item.value) if rule.notice_field == "holders" else year_values(item.value)
    )
    if not values:
        return None
    key = (item.source, rule.notice_type)
    notice = aggregated.get(key)
    created = notice is None
    if notice is None:
        notice = Notice(relpath, rule.id, rule.notice_type, "", span, origin=item.source)
        aggregated[key] = notice
    merged = {k: getattr(notice, k) for k in ("years", "year_start", "year_end", "holders",
                                               "holder_domains") if getattr(notice, k)}  # fmt: skip
    merge_values(merged, values)
    for key, value in merged.items():
        setattr(notice, key, value)
    notice.text = "; ".join(filter(None, [notice.text, f"{item.name}: {item.value}"]))
    return notice if created else None
