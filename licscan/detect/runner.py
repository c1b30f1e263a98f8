"""Running text rules over a document: keyword prefilter, windows, timed regex matches, rows.

One Aho-Corasick automaton of every keyword scans the lower-cased text once; a rule's patterns
run only on windows around its keywords' hits (the paragraph holding the hit, at most
:data:`RADIUS` characters either side), or, for a rule read ``within`` ranges, on each of the
document's ranges of that name (its picture captions …).  Every regex search carries the rule
set's timeout, so a catastrophic pattern costs at most that long and is reported, not a hang.

Longer than most modules: the engine's steps, from keyword hits to the rows they make (overlaps
resolved, links read), are one pipeline that reads best in order.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from sortedcontainers import SortedList

from licscan.detect.clauses import hit_type, is_reading, read_window
from licscan.detect.parsers import PARSERS, ParseContext
from licscan.detect.rule import Rule, timed_finditer
from licscan.model import Notice, Term
from licscan.textmap import Span

if TYPE_CHECKING:
    from licscan.detect.ruleset import RuleSet

RADIUS = 400  # characters either side of a keyword hit that a rule's pattern may see
_MERGE_GAP = 3  # adjacent copyright notices closer than this (punctuation only) form one notice
PLACEHOLDER = "placeholder"  # the notice_type of a template notice ("© [year] [fullname]")
_NOTICE_RANK = {PLACEHOLDER: 0}  # before credits (1) and other notices (2) on overlap


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
            # a hit inside the window still widens it (its match may run past the end), up
            # to its radius or the paragraph's end: no paragraph break lies before the end
            start, end = spans[-1]
            if pos + RADIUS > end:
                stop = text.find("\n\n", end, pos + RADIUS + 1)
                spans[-1] = (start, min(len(text), pos + RADIUS) if stop < 0 else stop)
            continue
        window = _window(text, pos)
        if spans and window[0] <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], window[1]))
        else:
            spans.append(window)
    return spans


def _window(text: str, pos: int) -> tuple[int, int]:
    """The paragraph holding ``pos``, cut to :data:`RADIUS` characters either side.  Paragraph
    breaks are looked for only within the radius: a text without any must not be searched
    from end to end for every keyword hit."""
    low, high = max(0, pos - RADIUS), min(len(text), pos + RADIUS)
    before = text.rfind("\n\n", max(0, low - 1), pos)  # a break ending after ``low`` counts
    after = text.find("\n\n", pos, high + 1)  # a break starting before ``high`` counts
    return (low if before < 0 else max(low, before + 2), high if after < 0 else after)


def keyword_hits(text: str, rules: RuleSet) -> dict[int, list[int]]:
    """Index into ``rules.text_rules`` -> start offsets of that rule's keywords in ``text``."""
    hits: dict[int, list[int]] = {}
    if not rules.text_rules or not text:
        return hits
    for end, (length, owners) in rules.automaton.iter(lower_same_length(text)):
        for index in owners:
            hits.setdefault(index, []).append(end - length + 1)
    return hits


Ranges = Mapping[str, Sequence[tuple[int, int]]]


def find_hits(
    text: str,
    rules: RuleSet,
    kinds: Sequence[str] | None = None,
    only: Rule | None = None,
    ranges: Ranges | None = None,
) -> tuple[list[Hit], list[RuleTimeout]]:
    """Every match of the text rules (of ``kinds``, or just ``only``) in ``text``; ``ranges``:
    the text ranges of each name that rules read ``within`` (none: those rules find nothing)."""
    found: list[Hit] = []
    timeouts: list[RuleTimeout] = []
    for rule, rule_hits in _runs(text, rules, ranges):
        if (only is not None and rule is not only) or (
            kinds is not None and rule.kind not in kinds
        ):
            continue
        try:
            found.extend(rule_hits())
        except TimeoutError as error:
            timeouts.append(RuleTimeout(rule, error.args[1] if len(error.args) > 1 else 0))
    return found, timeouts


def _runs(
    text: str, rules: RuleSet, ranges: Ranges | None
) -> Iterator[tuple[Rule, Callable[[], list[Hit]]]]:
    """Each rule that may match ``text``, with what finds its hits: the rules woken by their
    keywords, then those read within ranges the document has (those of the ranges that hold one
    of their keywords, when they have keywords)."""
    found = keyword_hits(text, rules)
    for index, positions in sorted(found.items()):
        rule = rules.text_rules[index]
        if not rule.within:
            yield rule, partial(_rule_hits, text, rule, positions, rules)
    if not ranges:
        return
    for index, rule in rules.range_rules:
        windows = ranges.get(rule.within, ())
        if rule.keywords:
            windows = _holding(windows, found.get(index, ()))
        if windows:
            yield rule, partial(_pattern_hits, text, rule, list(windows), rules)


def _holding(windows: Sequence[tuple[int, int]], positions: Sequence[int]) -> list[tuple[int, int]]:
    """The windows that hold one of ``positions`` (sorted)."""
    held = []
    for start, end in windows:
        i = bisect.bisect_left(positions, start)
        if i < len(positions) and positions[i] < end:
            held.append((start, end))
    return held


def _rule_hits(text: str, rule: Rule, positions: list[int], rules: RuleSet) -> list[Hit]:
    if rule.vocabulary is not None:
        return _reading_hits(text, rule, positions, rules)
    return _pattern_hits(text, rule, _windows(text, positions), rules)


def _pattern_hits(
    text: str, rule: Rule, windows: list[tuple[int, int]], rules: RuleSet
) -> list[Hit]:
    """The matches of a rule's patterns inside ``windows`` of ``text``."""
    hits: list[Hit] = []
    seen: set[tuple[int, int]] = set()
    allowlist = rule.allowlist
    for start, end in windows:
        try:  # a pattern or an allowlist entry out of time: reported where the window starts
            for pattern in rule.patterns:
                for m in list(timed_finditer(pattern, text, start, end, rules.timeout)):
                    span = m.span()
                    if span[0] == span[1] or span in seen:
                        continue
                    if allowlist and _allowed(m.group(0), allowlist, rules.timeout):
                        continue
                    seen.add(span)
                    values = extract(rule, m.groupdict(), rules) if rule.fields else {}
                    hits.append(Hit(rule, span[0], span[1], values))
        except TimeoutError:
            raise TimeoutError("regex timed out", start) from None
    return hits


def _reading_hits(text: str, rule: Rule, positions: list[int], rules: RuleSet) -> list[Hit]:
    """The sentences around the keyword hits that state a reuse term, read by their cues."""
    assert rule.vocabulary is not None
    triggers = sorted(positions)
    hits: list[Hit] = []
    for start, end in _windows(text, positions):
        for begin, stop, values in read_window(rule.vocabulary, text, start, end, triggers):
            if not hits or begin >= hits[-1].end:  # windows never share a sentence
                hits.append(Hit(rule, begin, stop, values))
    return hits


def _allowed(matched: str, allowlist: list[Any], timeout: float) -> bool:
    return any(a.search(matched, timeout=timeout) for a in allowlist)


def extract(rule: Rule, groups: dict[str, str | None], rules: RuleSet) -> dict[str, Any]:
    """The fields a match's named groups give, through the parsers the rule names."""
    values: dict[str, Any] = {}
    for spec in rule.fields:
        group_text = groups.get(spec.group)
        if group_text:
            context = ParseContext(spec.field, rules.aliases, rules.licenses)
            merge_values(values, PARSERS[spec.parser].func(group_text, context))
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
    if hit.rule.notice_type != PLACEHOLDER and not (
        values.get("holders") or values.get("years") or values.get("rights_reserved")
    ):
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
        term_type=hit_type(hit),
        text=" ".join(text[hit.start : hit.end].split()),
        span=span_of(hit.start, hit.end),
        licensor=rule.licensor,
        origin=origin,
    )
    if rule.conditions or hit.values:
        for key, value in {**rule.conditions, **hit.values}.items():
            if key == "licensor" and not value:
                continue
            setattr(term, key, value)
    return term


def resolve_notice_hits(hits: list[Hit]) -> list[Hit]:
    """Overlapping notice/credit matches: a placeholder beats a credit, a credit a notice, then
    the longer one wins ("Copyright (c) [year] [fullname]" names nobody)."""
    ranked = sorted(hits, key=lambda h: (_NOTICE_RANK.get(h.rule.notice_type, 2)
                                         if h.rule.kind != "credit" else 1,
                                         -(h.end - h.start), h.rule.order))
    return _keep_unblocked(ranked, lambda hit: None)


def resolve_term_hits(hits: list[Hit]) -> list[Hit]:
    """Overlapping matches of the same term type: keep the longer one.  A sentence read by its
    cues and a pattern rule's match are kept side by side (their statement merges them)."""
    ranked = sorted(hits, key=lambda h: (-(h.end - h.start), h.rule.order))
    return _keep_unblocked(ranked, lambda hit: (hit_type(hit), is_reading(hit)))


def _keep_unblocked(ranked: list[Hit], lane: Callable[[Hit], object]) -> list[Hit]:
    """Each hit, best first, that overlaps no hit already kept in its ``lane``; in text order.

    Only hits that overlap (directly or through others) can block one another: a lane's hits
    are cut into such groups in one pass in text order, and a hit alone in its group is kept
    whatever its rank.  O(n log n) in all, where comparing every hit with every kept hit took
    minutes for a file of 200,000 notices.
    """
    lanes: dict[object, list[Hit]] = {}
    for hit in sorted(ranked, key=attrgetter("start")):
        lanes.setdefault(lane(hit), []).append(hit)
    if not any(map(_any_overlap, lanes.values())):  # every hit is kept
        return sorted(ranked, key=lambda h: (h.start, h.rule.order))
    groups = [group for hits in lanes.values() for group in _overlapping_groups(hits)]
    rank = {id(hit): position for position, hit in enumerate(ranked)}
    kept: list[Hit] = []
    for group in groups:
        best_first = sorted(group, key=lambda h: rank[id(h)])
        kept.extend(best_first if len(group) == 1 else _first_come(best_first))
    return sorted(kept, key=lambda h: (h.start, h.rule.order, rank[id(h)]))


def _any_overlap(hits: list[Hit]) -> bool:
    """Whether two of ``hits`` (sorted by start) overlap."""
    return any(a.end > b.start for a, b in itertools.pairwise(hits))


def _overlapping_groups(hits: list[Hit]) -> Iterator[list[Hit]]:
    """``hits`` (sorted by start) in runs where each hit overlaps an earlier one of its run."""
    group: list[Hit] = []
    reach = 0  # the furthest end in ``group``
    for hit in hits:
        if group and hit.start >= reach:
            yield group
            group = []
        reach = max(reach, hit.end) if group else hit.end
        group.append(hit)
    if group:
        yield group


def _first_come(ranked: list[Hit]) -> list[Hit]:
    """Each hit, best first, that overlaps no hit kept before it.

    The kept spans never overlap, so sorted by start they are sorted by end too, and only the
    last one starting before a hit's end can reach past its start: a binary search per hit.
    """
    kept: list[Hit] = []
    taken = SortedList()  # (start, end) of the kept hits
    for hit in ranked:
        before = taken.bisect_left((hit.end,)) - 1  # the last kept span starting before hit.end
        if before >= 0 and taken[before][1] > hit.start:
            continue
        taken.add((hit.start, hit.end))
        kept.append(hit)
    return kept


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
