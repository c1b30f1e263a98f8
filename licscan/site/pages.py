"""The pages of a scan as a site audit sees them, read from the scan's tables: each page's site,
URL path and section, its notices, licence, publication year, and its TDM/AI statements (meta
tags, licence links, the prose reservations of its text).

A page belongs to the site whose root folder (a folder holding site files) is its nearest
ancestor; a page under no such folder, and an item of a feed or web archive wherever it lies, to
the host of its canonical URL (a web archive's copy to the host of the page it archived); a page
with neither to the scan's base folder, unless the
other pages name several hosts: a folder of pages from many sites is not one site, and such a
page is a site of its own.  Only folder sites are sites whose files the scan holds.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pandas as pd
import regex

from licscan.site.files import SITE_FILES

PAGE_TYPES = ("html", "markdown", "feed", "warc")
# The items of a feed or a web archive: copies of pages of the site their URL names, wherever
# the file holding them lies.
COPY_TYPES = ("feed", "warc")
# The metadata rules whose rows are TDM/AI or licence signals of a page.
META_SIGNALS = {
    "metadata.robots-noai": "robots-meta",
    "metadata.tdm-reservation": "tdm-reservation-meta",
    "metadata.tdm-policy": "tdm-policy-meta",
    "metadata.license": "license",
}
PUBLISHED_RULE = "metadata.published"
TDM_AI = "tdm_ai_reservation"
_TEXT_ORIGIN = "text"
_YEAR = regex.compile(r"(?<!\d)(1[89]\d\d|2[01]\d\d)(?!\d)")
# A Wayback Machine copy: /web/<timestamp>/<the archived URL>
_ARCHIVED = regex.compile(r"^/web/\d+[a-z_]*/(https?://.+)$")
# A notice that runs to the present: "since 2010", "seit 2010", "1997 - ", "2010–".
_OPEN_ENDED = regex.compile(
    r"(?i)\b(?:since|seit|depuis|desde|dal|od)\s+\d{4}\b|\b\d{4}\s*[-–—]\s*(?=[,.;)]|$)"
)
BASE_SITE = "./"


@dataclass(frozen=True)
class Statement:
    """A TDM/AI or licence statement of a page: a metadata row or a prose reservation."""

    signal: str  # "robots-meta", "tdm-reservation-meta", "tdm-policy-meta", "license", "prose"
    value: str
    line: int
    text: str = ""


@dataclass
class Page:
    path: str
    site: str
    url_path: str
    host: str = ""  # the host of its canonical URL
    holders: tuple[str, ...] = ()  # the holders of the page's copyright notices
    newest_year: int | None = None  # the newest year of its copyright notices
    open_ended: bool = False  # a notice runs to the present ("since 2010", "1997 –")
    notice_line: int = 0
    license: str = ""  # the SPDX ids the page declares, comma-joined
    published: int | None = None  # the year of its publication date in metadata
    statements: list[Statement] = field(default_factory=list)

    @property
    def section(self) -> str:
        """The first folder of the URL path (``/blog/``), or ``/`` for a page at the top."""
        parts = self.url_path.strip("/").split("/")
        return f"/{parts[0]}/" if len(parts) > 1 else "/"

    def has(self, signal: str) -> bool:
        return any(s.signal == signal for s in self.statements)

    @property
    def reserves_in_metadata(self) -> bool:
        return self.has("robots-meta") or self.has("tdm-reservation-meta")


def site_root_key(root: str) -> str:
    return f"{root}/" if root else BASE_SITE


def read_pages(frames: dict[str, pd.DataFrame], roots: Collection[str]) -> list[Page]:
    """The scan's pages (HTML and Markdown documents read without error), with their site
    among the folder ``roots`` of the scan's sites."""
    documents = frames["documents"]
    keep = documents["status"].eq("ok") & documents["type"].isin(PAGE_TYPES)
    pages = {}
    kept = documents[keep]
    for path, url, kind in zip(kept["path"], kept["canonical_url"], kept["type"], strict=True):
        if path.rsplit("/", 1)[-1] not in SITE_FILES:
            pages[path] = _page(path, _archived(str(url or "")), roots, kind in COPY_TYPES)
    _separate_hostless(pages.values())
    _add_notices(pages, frames["notices"])
    _add_terms(pages, frames["terms"])
    _add_metadata(pages, frames["metadata"])
    for path, license in zip(documents["path"], documents["license"], strict=True):
        if path in pages:
            pages[path].license = str(license or "")
    return list(pages.values())


def _page(path: str, url: str, roots: Collection[str], copy: bool) -> Page:
    parts = urlsplit(url)
    host = parts.hostname or "" if parts.scheme in ("http", "https") else ""
    folder = max((r for r in roots if r == "" or path.startswith(r + "/")), key=len, default=None)
    if folder is not None and not (copy and host):
        inner = path[len(folder) + 1 :] if folder else path
        return Page(path, site_root_key(folder), "/" + inner, host)
    if host:
        return Page(path, f"{parts.scheme}://{host}/", parts.path or "/", host)
    return Page(path, BASE_SITE, "/" + path)


def _archived(url: str) -> str:
    """The URL a Wayback Machine copy archived, or ``url`` itself."""
    parts = urlsplit(url)
    archived = _ARCHIVED.match(parts.path) if parts.hostname == "web.archive.org" else None
    return archived[1] if archived else url


def _separate_hostless(pages: Iterable[Page]) -> None:
    """Pages of the base folder without a host are one site only when the scan's other pages
    outside folder sites name at most one host."""
    pages = list(pages)
    hosts = {page.host for page in pages if page.site != BASE_SITE and "://" in page.site}
    if len(hosts) > 1:
        for page in pages:
            if page.site == BASE_SITE:
                page.site = page.path


def _add_notices(pages: dict[str, Page], notices: pd.DataFrame) -> None:
    rows = notices[notices["notice_type"].eq("copyright") & notices["path"].isin(pages)]
    holders: dict[str, Counter[str]] = {}
    for row in rows.itertuples(index=False):
        page = pages[row.path]
        holders.setdefault(row.path, Counter()).update(row.holders)
        years = [int(y) for y in row.years]
        page.open_ended = page.open_ended or bool(_OPEN_ENDED.search(row.text))
        if years and (page.newest_year is None or max(years) > page.newest_year):
            page.newest_year = max(years)
        page.notice_line = page.notice_line or int(row.line)
    for path, counted in holders.items():
        pages[path].holders = tuple(counted)


def _add_terms(pages: dict[str, Page], terms: pd.DataFrame) -> None:
    prose = terms[terms["term_type"].eq(TDM_AI) & terms["origin"].eq(_TEXT_ORIGIN)
                  & terms["path"].isin(pages)]  # fmt: skip
    for row in prose.itertuples(index=False):
        pages[row.path].statements.append(Statement("prose", "reserved", int(row.line), row.text))


def _add_metadata(pages: dict[str, Page], metadata: pd.DataFrame) -> None:
    wanted = metadata["rule_id"].isin([*META_SIGNALS, PUBLISHED_RULE]) & metadata["path"].isin(
        pages
    )
    for row in metadata[wanted].itertuples(index=False):
        page = pages[row.path]
        if row.rule_id == PUBLISHED_RULE:
            year = _YEAR.search(row.value)
            if year and page.published is None:
                page.published = int(year[1])
            continue
        signal = META_SIGNALS[row.rule_id]
        value = row.value if signal == "license" else f"{row.name}={row.value}"
        where = row.source if signal == "license" else ""  # link, meta, jsonld, front_matter
        page.statements.append(Statement(signal, value, int(row.line), where))


def by_site(pages: Iterable[Page]) -> dict[str, list[Page]]:
    sites: dict[str, list[Page]] = {}
    for page in sorted(pages, key=lambda p: p.path):
        sites.setdefault(page.site, []).append(page)
    return sites
