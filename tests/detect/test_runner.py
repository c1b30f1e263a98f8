"""Overlapping rule hits, links inside hits and many matches per window, at any scale.

The resolvers keep, best first, each hit that overlaps no hit kept before it; the tests compare
them with that definition applied literally (every hit against every kept hit) on random hits.
Files of many notices, end to end: tests/detect/test_scale.py.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from licscan.detect import Detection
from licscan.detect.links import links_over
from licscan.detect.rule import Rule, timed_finditer
from licscan.detect.runner import Hit, resolve_notice_hits, resolve_term_hits
from licscan.model import Link, Severity


def make_rule(order: int, kind: str, term_type: str = "") -> Rule:
    return Rule(id=f"test.r{order}", kind=kind, severity=Severity.info, message="", file=Path(),
                line=1, order=order, term_type=term_type)  # fmt: skip


RULES = [make_rule(i, kind, term) for i, (kind, term) in enumerate(
    [("notice", ""), ("credit", ""), ("notice", ""), ("terms", "a"), ("terms", "b"),
     ("terms", "a"), ("credit", "")])]  # fmt: skip

hit_lists = st.lists(
    st.builds(
        lambda rule, start, length: Hit(rule, start, start + length, {}),
        st.sampled_from(RULES),
        st.integers(0, 60),
        st.integers(1, 15),
    ),
    max_size=40,
)


def overlap(a: Hit, b: Hit) -> bool:
    return a.start < b.end and b.start < a.end


def keep_by_definition(ranked: list[Hit], same_lane) -> list[Hit]:
    kept: list[Hit] = []
    for hit in ranked:
        if not any(same_lane(hit, k) and overlap(hit, k) for k in kept):
            kept.append(hit)
    return sorted(kept, key=lambda h: (h.start, h.rule.order))


@settings(max_examples=400, deadline=None)
@given(hit_lists)
def test_notice_hits_keep_credits_then_the_longest_of_overlapping_ones(hits: list[Hit]) -> None:
    notices = [h for h in hits if h.rule.kind != "terms"]
    ranked = sorted(
        notices, key=lambda h: (h.rule.kind != "credit", -(h.end - h.start), h.rule.order)
    )
    expected = keep_by_definition(ranked, lambda a, b: True)
    assert [id(h) for h in resolve_notice_hits(notices)] == [id(h) for h in expected]


@settings(max_examples=400, deadline=None)
@given(hit_lists)
def test_term_hits_keep_the_longest_of_overlapping_ones_of_one_type(hits: list[Hit]) -> None:
    terms = [h for h in hits if h.rule.kind == "terms"]
    ranked = sorted(terms, key=lambda h: (-(h.end - h.start), h.rule.order))
    expected = keep_by_definition(ranked, lambda a, b: a.rule.term_type == b.rule.term_type)
    assert [id(h) for h in resolve_term_hits(terms)] == [id(h) for h in expected]


@dataclass
class Span:
    start: int
    end: int


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.integers(-1, 50), st.integers(0, 20)), max_size=15),
    st.lists(st.tuples(st.integers(0, 60), st.integers(1, 12)), max_size=15),
)
def test_each_hit_gets_the_links_that_overlap_it_in_document_order(
    link_specs: list[tuple[int, int]], span_specs: list[tuple[int, int]]
) -> None:
    # links may nest or overlap (a Markdown link inside an HTML anchor); -1: not visible
    links = [
        Link(f"https://l{i}.example/", "", text_start=s, text_end=s + n if s >= 0 else -1)
        for i, (s, n) in enumerate(link_specs)
    ]
    spans = [(s, s + n) for s, n in span_specs]
    expected = [
        [link.href for link in links if link.text_start >= 0 and link.text_start < end
         and link.text_end > start]
        for start, end in spans
    ]  # fmt: skip
    assert [[link.href for link in found] for found in links_over(links, spans)] == expected


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from([r"a*", r"a*?", r"(?:ab)??", r"\b", r"b|", r"(?<=a)b*", r"(?:a|ab)*c?",
                     r"(?m)^b?", r"\w*?b", r"[ab]+"]),
    st.text("abc\n ", max_size=20),
    st.data(),
)  # fmt: skip
def test_timed_finditer_finds_what_finditer_finds(pattern: str, text: str, data) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    compiled = regex.compile(pattern)
    expected = [m.span() for m in compiled.finditer(text, start, end)]
    assert [m.span() for m in timed_finditer(compiled, text, start, end, 1.0)] == expected


def test_many_quick_matches_in_one_window_do_not_add_up_to_a_timeout() -> None:
    # one window (keyword hits every few characters merge theirs) of 200,000 quick matches
    text = "All rights reserved.\n" * 200_000
    pattern = regex.compile(r"(?i:all\s+rights\s+reserved)")
    assert sum(1 for _ in timed_finditer(pattern, text, timeout=0.05)) == 200_000


def test_a_catastrophic_pattern_still_runs_out_of_time() -> None:
    pattern = regex.compile(r"(a|aa)+$")  # see tests/detect/test_rule_errors.py
    started = time.monotonic()
    with pytest.raises(TimeoutError):
        list(timed_finditer(pattern, "a" * 40 + "b", timeout=0.2))
    assert time.monotonic() - started < 5


def test_a_notice_near_the_end_of_another_keywords_window_is_read_whole(
    run: Callable[..., Detection]
) -> None:
    # the second © lies inside the first one's window, its notice runs past that window's end
    text = "© 2019 First Holder Ltd. " + "The harbour council met again today. " * 10
    text += "x" * (385 - len(text)) + " © 2020 CBS Interactive, Inc. All rights reserved."
    found = run(text)
    assert [(n.holders, n.rights_reserved) for n in found.notices] == [
        (["First Holder Ltd."], False),
        (["CBS Interactive, Inc."], True),
    ]
