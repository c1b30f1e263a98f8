"""Links inside a rights statement: which of a document's links fall in each match, and what
they add to its row (a notice's holder domains; a term's contact address, credit target or
licence version)."""

from __future__ import annotations

import bisect
import heapq
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from licscan.detect.licences import Catalogue
from licscan.detect.values import registered_domain
from licscan.model import Notice, Term

if TYPE_CHECKING:
    from licscan.detect.runner import Hit


def links_over(links: Sequence[Any], spans: Sequence[tuple[int, int]]) -> list[Sequence[Any]]:
    """For each ``[start, end)`` of ``spans``, the visible links whose anchor text overlaps it,
    in document order.

    One sweep over the links and spans sorted by start: the links that began before a span
    and still run are kept in a heap by their end, those that begin inside it are a slice.
    Each span costs a binary search and the links it gets, where testing every link against
    every span made a page of 20,000 linked credits take minutes.
    """
    visible = sorted((link.text_start, i) for i, link in enumerate(links) if link.text_start >= 0)
    if not visible:
        return [()] * len(spans)
    starts = [start for start, _ in visible]
    running: list[tuple[int, int]] = []  # (text_end, index) of links begun before the sweep
    taken = 0  # links of ``visible`` already pushed into ``running``
    found: list[Sequence[Any]] = [() for _ in spans]
    for k in sorted(range(len(spans)), key=lambda k: spans[k][0]):
        start, end = spans[k]
        while taken < len(visible) and visible[taken][0] < start:
            index = visible[taken][1]
            heapq.heappush(running, (links[index].text_end, index))
            taken += 1
        while running and running[0][0] <= start:
            heapq.heappop(running)  # ended before this span, so before every later one too
        inside = visible[taken : bisect.bisect_left(starts, end, lo=taken)]
        indexes = [i for _, i in running] + [i for _, i in inside if links[i].text_end > start]
        found[k] = [links[i] for i in sorted(indexes)]
    return found


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


def apply_links(row: Notice | Term, hit: Hit, links: Iterable[Any], licenses: Catalogue) -> None:
    """Links inside a match: a notice's links give holder domains (never holders); a term's
    fill its ``link_field`` (the contact address, the credit target, the licence) when the
    text did not."""
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
    elif name == "license":
        refine_license(row, links, hit, licenses)


def refine_license(term: Term, links: Iterable[Any], hit: Hit, licenses: Catalogue) -> None:
    """A licence link inside the match gives the id the text leaves out: "Creative Commons
    Attribution-ShareAlike" linking to ``…/by-sa/3.0/`` is CC-BY-SA-3.0, "CC BY 3.0 Austria"
    linking to ``…/by/3.0/at/`` is CC-BY-3.0-AT.  A link to another licence changes nothing."""
    for link in links:
        if not (link.text_start < hit.end and link.text_end > hit.start):
            continue
        values = licenses.values_of(link.href)
        linked = values.get("license", "")
        if linked and (not term.license or linked.startswith(term.license + "-")):
            for key, value in values.items():
                if key != "term_type":
                    setattr(term, key, value)
            return
