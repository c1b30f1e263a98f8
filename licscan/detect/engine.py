"""Running text rules over a document: keyword prefilter, windows, timed regex matches, rows.

One Aho-Corasick automaton of every keyword scans the lower-cased text once; a rule's patterns
run only on windows around its keywords' hits (the paragraph holding the hit, at most
:data:`RADIUS` characters either side).  Every regex call carries the rule set's timeout, so
a catastrophic pattern costs at most that long and is reported, not a hang.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ..model import Notice, Term
from ..textmap import Span
from .parsers import PARSERS, ParseContext, registered_domain
from .ruleset import Rule, RuleSet

RADIUS = 400  # characters either side of a keyword hit that a rule's pattern may see
_MERGE_GAP = 3  # adjacent copyright notices closer than this (punctuation only) form one notice


@dataclass
class Hit:
    """One match of a text rule: where, and the fields its groups gave."""

    rule: Rule
    start: int
    end: int
    values: dict[str, Any]


@dataclass
class RuleTimeout:
    rule: Rule
    position: int  # start of the window where the pattern ran out of time


def lower_same_length(text: str) -> str:
    """Lower-cased text with every offset unchanged (a few characters lower to two)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _windows(text: str, positions: Iterable[int]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for pos in sorted(set(positions)):
        if spans and pos < spans[-1][1]:
            continue  # already inside the previous window
        start = text.rfind("\n\n", 0, pos)
        start = 0 if start < 0 else start + 2
        end = text.find("\n\n", pos)
        end = len(text) if end < 0 else end
        window = (max(start, pos - RADIUS), min(end, pos + RADIUS))
        if spans and window[0] <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], window[1]))
        else:
            spans.append(window)
    return spans


def keyword_hits(text: str, rules: RuleSet) -> dict[int, list[int]]:
    """Index into ``rules.text_rules`` -> start offsets of that rule's keywords in ``text``."""
    hits: dict[int, list[int]] = {}
    if not rules.text_rules or not text:
        return hits
    for end, (length, owners) in rules.automaton.iter(lower_same_length(text)):
        for index in owners:
            hits.setdefault(index, []).append(end - length + 1)
    return hits


def find_hits(
    text: str, rules: RuleSet, kinds: Sequence[str] | None = None, only: Rule | None = None
) -> tuple[list[Hit], list[RuleTimeout]]:
    """Every match of the text rules (of ``kinds``, or just ``only``) in ``text``."""
    found: list[Hit] = []
    timeouts: list[RuleTimeout] = []
    for index, positions in sorted(keyword_hits(text, rules).items()):
        rule = rules.text_rules[index]
        if (only is not None and rule is not only) or (
            kinds is not None and rule.kind not in kinds
        ):
            continue
        try:
            found.extend(_rule_hits(text, rule, positions, rules))
        except TimeoutError as error:
            timeouts.append(RuleTimeout(rule, error.args[1] if len(error.args) > 1 else 0))
    return found, timeouts


def _rule_hits(text: str, rule: Rule, positions: list[int], rules: RuleSet) -> list[Hit]:
    hits: list[Hit] = []
    seen: set[tuple[int, int]] = set()
    for start, end in _windows(text, positions):
        try:  # a pattern or an allowlist entry out of time: reported where the window starts
            for pattern in rule.patterns:
                for m in pattern.finditer(text, start, end, timeout=rules.timeout):
                    if m.end() == m.start() or m.span() in seen:
                        continue
                    matched = m.group(0)
                    if any(a.search(matched, timeout=rules.timeout) for a in rule.allowlist):
                        continue
                    seen.add(m.span())
                    values = extract(rule, m.groupdict(), rules.aliases)
                    hits.append(Hit(rule, m.start(), m.end(), values))
        except TimeoutError:
            raise TimeoutError("regex timed out", start) from None
    return hits


def extract(rule: Rule, groups: dict[str, str | None], aliases: dict[str, str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for spec in rule.fields:
        group_text = groups.get(spec.group)
        if group_text:
            merge_values(
                values, PARSERS[spec.parser].func(group_text, ParseContext(spec.field, aliases))
            )
    return values


def merge_values(values: dict[str, Any], more: dict[str, Any]) -> None:
    """Lists extend (no duplicates); years keep the widest range; other fields: first wins."""
    open_end = ("years" in values and values.get("year_end") is None) or (
        "years" in more and more.get("year_end") is None
    )
    for key, value in more.items():
        if key in ("year_start", "year_end"):
            continue
        if isinstance(value, list):
            current = values.setdefault(key, [])
            current.extend(v for v in value if v not in current)
        elif key not in values or values[key] in ("", None):
            values[key] = value
    if "years" in more:
        starts = [v for v in (values.get("year_start"), more.get("year_start")) if v is not None]
        ends = [v for v in (values.get("year_end"), more.get("year_end")) if v is not None]
        values["year_start"] = min(starts) if starts else None
        values["year_end"] = None if open_end else (max(ends) if ends else None)


# ---------------------------------------------------------------- rows from hits

SpanOf = Callable[[int, int], Span]
_NOTICE_VALUE_FIELDS = ("symbol", "years", "year_start", "year_end", "holders", "holder_domains",
                        "rights_reserved")  # fmt: skip


def notice_from(hit: Hit, text: str, relpath: str, span_of: SpanOf, origin: str) -> Notice | None:
    values = hit.values
    if hit.rule.kind == "credit" and not values.get("holders"):
        return None  # a credit line that names nobody
    if not (values.get("holders") or values.get("years") or values.get("rights_reserved")):
        return None  # a bare symbol
    notice = Notice(
        relpath=relpath,
        rule_id=hit.rule.id,
        notice_type=hit.rule.notice_type,
        text=text[hit.start : hit.end].strip(),
        span=span_of(hit.start, hit.end),
        origin=origin,
    )
    for key in _NOTICE_VALUE_FIELDS:
        if key in values:
            setattr(notice, key, values[key])
    return notice


def term_from(hit: Hit, text: str, relpath: str, span_of: SpanOf, origin: str) -> Term:
    rule = hit.rule
    term = Term(
        relpath=relpath,
        rule_id=rule.id,
        term_type=rule.term_type,
        text=" ".join(text[hit.start : hit.end].split()),
        span=span_of(hit.start, hit.end),
        licensor=rule.licensor,
        origin=origin,
    )
    for key, value in {**rule.conditions, **hit.values}.items():
        if key == "licensor" and not value:
            continue
        setattr(term, key, value)
    return term


def resolve_notice_hits(hits: list[Hit]) -> list[Hit]:
    """Overlapping notice/credit matches: a credit beats a notice, then the longer one wins."""
    ranked = sorted(hits, key=lambda h: (h.rule.kind != "credit", -(h.end - h.start), h.rule.order))
    kept: list[Hit] = []
    for hit in ranked:
        if all(hit.end <= k.start or hit.start >= k.end for k in kept):
            kept.append(hit)
    return sorted(kept, key=lambda h: (h.start, h.rule.order))


def resolve_term_hits(hits: list[Hit]) -> list[Hit]:
    """Overlapping matches of the same term type: keep the longer one."""
    ranked = sorted(hits, key=lambda h: (-(h.end - h.start), h.rule.order))
    kept: list[Hit] = []
    for hit in ranked:
        same = (k for k in kept if k.rule.term_type == hit.rule.term_type)
        if all(hit.end <= k.start or hit.start >= k.end for k in same):
            kept.append(hit)
    return sorted(kept, key=lambda h: (h.start, h.rule.order))


def merge_adjacent_notices(hits: list[Hit], text: str) -> list[Hit]:
    """``© 2025, GDC. © GDC and www.example.com.`` is one statement: one notice, all holders."""
    merged: list[Hit] = []
    for hit in hits:
        prev = merged[-1] if merged else None
        if (
            prev is not None
            and prev.rule.kind == hit.rule.kind == "notice"
            and prev.rule.notice_type == hit.rule.notice_type == "copyright"
            and 0 <= hit.start - prev.end <= _MERGE_GAP
            and not text[prev.end : hit.start].strip(" \t.,;|")
        ):
            values = dict(prev.values)
            merge_values(values, hit.values)
            merged[-1] = Hit(prev.rule, prev.start, hit.end, values)
        else:
            merged.append(hit)
    return merged


def link_domains(links: Iterable[Any], start: int, end: int) -> list[str]:
    """Registered domains of the web links whose anchor text lies inside [start, end)."""
    domains: list[str] = []
    for link in links:
        if link.text_start < end and link.text_end > start and link.text_start >= 0:
            href = link.href.strip()
            if href.lower().startswith(("http://", "https://", "//")):
                domain = registered_domain(href)
                if domain and domain not in domains:
                    domains.append(domain)
    return domains


def link_contact(links: Iterable[Any], start: int, end: int) -> str:
    for link in links:
        if link.text_start < end and link.text_end > start and link.text_start >= 0:
            href = link.href.strip()
            if href.lower().startswith("mailto:"):
                return href[7:].split("?")[0].lower()
            if href.lower().startswith(("http://", "https://")):
                return href
    return ""


def apply_links(row: Notice | Term, hit: Hit, links: Iterable[Any]) -> None:
    """Links inside a match: a notice's links give holder domains (never holders); a term's
    fill its ``link_field`` (the contact address, the credit target) when the text did not."""
    name = hit.rule.link_field
    if isinstance(row, Notice):
        for domain in link_domains(links, hit.start, hit.end):
            if domain not in row.holder_domains:
                row.holder_domains.append(domain)
    elif name == "contact" and not row.contact:
        row.contact = link_contact(links, hit.start, hit.end)
    elif name == "credit_target" and not row.credit_target:
        domains = link_domains(links, hit.start, hit.end)
        row.credit_target = domains[0] if domains else ""
