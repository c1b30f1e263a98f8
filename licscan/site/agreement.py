"""Do the pages of one site agree on their rights?  The ``site.*`` checks: a page whose notice
names another holder than the site's usual one, a notice whose newest year is older than the
page's own publication date, a page without a notice where most of the site has one, and a
licence that differs from the one most pages of its section declare.

Each check needs a majority to compare with: at least :data:`MIN_PAGES` pages that state the
thing, most of them alike.  A site of one or two pages is never compared.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from licscan.site import ids
from licscan.site.pages import Page
from licscan.site.reservations import Issue, Site

MIN_PAGES = 3


def _usual(values: list[str]) -> str:
    """The value most pages share, when there are enough pages and more than half share it."""
    if len(values) < MIN_PAGES:
        return ""
    value, count = Counter(values).most_common(1)[0]
    return value if count * 2 > len(values) else ""


def other_holder(site: Site) -> Iterator[Issue]:
    named = [page for page in site.pages if page.holders]
    usual = _usual([holder for page in named for holder in dict.fromkeys(map(_key, page.holders))])
    if not usual:
        return
    shown = next(h for page in named for h in page.holders if _key(h) == usual)
    for page in named:
        if usual not in map(_key, page.holders):
            yield Issue(ids.OTHER_HOLDER, page.path, page.notice_line,
                        {"holders": ", ".join(page.holders), "usual": shown,
                         "pages": sum(usual in map(_key, p.holders) for p in named)},
                        ", ".join(page.holders))  # fmt: skip


def _key(holder: str) -> str:
    return " ".join(holder.casefold().replace(".", " ").replace(",", " ").split())


def stale_year(site: Site) -> Iterator[Issue]:
    """A notice whose newest year is older than the page's publication, unless it runs to the
    present ("since 2010", "1997 – ")."""
    for page in site.pages:
        if (page.newest_year and page.published and page.newest_year < page.published
                and not page.open_ended):  # fmt: skip
            yield Issue(ids.STALE_YEAR, page.path, page.notice_line,
                        {"year": page.newest_year, "published": page.published},
                        f"{page.newest_year} < {page.published}")  # fmt: skip


def missing_notice(site: Site) -> Iterator[Issue]:
    flags = ["yes" if page.holders or page.notice_line else "no" for page in site.pages]
    if _usual(flags) != "yes":
        return
    with_notice = flags.count("yes")
    for page, flag in zip(site.pages, flags, strict=True):
        if flag == "no":
            yield Issue(ids.MISSING_NOTICE, page.path, 1,
                        {"with_notice": with_notice, "pages": len(site.pages)}, "no notice")


def license_differs(site: Site) -> Iterator[Issue]:
    sections: dict[str, list[Page]] = {}
    for page in site.pages:
        if page.license:
            sections.setdefault(page.section, []).append(page)
    for section, pages in sections.items():
        usual = _usual([page.license for page in pages])
        for page in pages:
            if usual and page.license != usual:
                yield Issue(ids.LICENSE_DIFFERS, page.path, 1,
                            {"license": page.license, "usual": usual, "section": section},
                            f"{page.license} vs {usual}")  # fmt: skip
