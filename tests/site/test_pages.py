"""Which site a page belongs to, and what of its notices the page-agreement checks read."""

from __future__ import annotations

from collections.abc import Callable

from licscan.result import ScanResult

PUBLISHED = '<meta property="article:published_time" content="2024-05-02T08:00:00Z">'


def _page(footer: str, head: str = "", canonical: str = "") -> str:
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    return (f"<html><head>{head}{link}</head><body><p>A story.</p>"
            f"<footer>{footer}</footer></body></html>")


def _findings(result: ScanResult) -> set[tuple[str, str]]:
    site = result.findings[result.findings["kind"] == "site"]
    return set(zip(site["rule_id"], site["path"], strict=True))


def test_a_notice_running_to_the_present_is_not_stale(
    scan_site: Callable[[dict[str, str]], ScanResult],
) -> None:
    result = scan_site({
        "since.html": _page("© since 2010 by Harbour Light Media", PUBLISHED),
        "open.html": _page("Copyright © 1997 - , Harbour Light Media", PUBLISHED),
        "stale.html": _page("© 2019 - Harbour Light Media", PUBLISHED),
    })
    assert _findings(result) == {("site.stale-year", "stale.html")}


def test_pages_of_several_hosts_and_pages_without_one_are_not_one_site(
    scan_site: Callable[[dict[str, str]], ScanResult],
) -> None:
    notice = "© 2024 Harbour Light Media"
    result = scan_site({
        "a.html": _page(notice, canonical="https://a.example.com/a"),
        "b.html": _page(notice, canonical="https://b.example.org/b"),
        "c.html": _page(notice),
        "d.html": _page(notice),
        "e.html": _page(""),
    })
    assert _findings(result) == set()  # e.html is compared with no one


def test_pages_without_a_host_in_a_folder_of_one_site_are_compared(
    scan_site: Callable[[dict[str, str]], ScanResult],
) -> None:
    notice = "© 2024 Harbour Light Media"
    result = scan_site({"a.html": _page(notice), "b.html": _page(notice),
                        "c.html": _page(notice), "d.html": _page("")})
    assert _findings(result) == {("site.missing-notice", "d.html")}


def test_a_web_archive_copy_belongs_to_the_site_it_archived(
    scan_site: Callable[[dict[str, str]], ScanResult],
) -> None:
    wayback = "https://web.archive.org/web/20190101000000/https://{}.example.net/{}"
    licence = '<link rel="license" href="https://creativecommons.org/licenses/by/4.0/">'
    result = scan_site({
        "one.html": _page("", licence, wayback.format("one", "a")),
        "two.html": _page("", licence, wayback.format("two", "b")),
    })
    rows = result.reservations.set_index("path")
    assert rows.loc["one.html", "site"] == "https://one.example.net/"
    assert rows.loc["two.html", "scope"] == ["/b"]
