"""The site audit of a scan: each reservation and page-agreement finding on the example site,
the reservations table, and no conclusion where the scan lacks a site's files."""

from __future__ import annotations

from collections.abc import Callable

import pytest

import licscan
from licscan.accept.baseline import Baseline, BaselineEntry, write_baseline
from licscan.result import ScanResult

Q = "quayside/"  # the Courier's folder in a scan of examples/site


def _site_findings(result: ScanResult) -> set[tuple[str, str]]:
    findings = result.findings[result.findings["kind"] == "site"]
    return set(zip(findings["rule_id"], findings["path"], strict=True))


def _message(result: ScanResult, rule_id: str, path: str) -> str:
    findings = result.findings
    return findings[(findings["rule_id"] == rule_id) & (findings["path"] == path)].iloc[0].message


def test_every_site_finding_of_the_example_site(example_site: ScanResult) -> None:
    assert _site_findings(example_site) == {
        ("reservation.prose-only", Q + "opinion/letters.html"),
        ("reservation.contradiction", Q + "robots.txt"),
        ("reservation.contradiction", Q + "news/ferry-strike.html"),
        ("reservation.policy-missing", Q + ".well-known/tdmrep.json"),
        ("reservation.license-conflict", Q + "photos/tall-ships.html"),
        ("reservation.license-conflict", Q + "photos/net-menders.html"),
        ("reservation.license-conflict", Q + "photos/storm-surge.html"),
        ("site.other-holder", Q + "opinion/letters.html"),
        ("site.stale-year", Q + "news/ferry-strike.html"),
        ("site.missing-notice", Q + "about.html"),
        ("site.license-differs", Q + "photos/storm-surge.html"),
    }


def test_the_messages_say_what_is_wrong_and_what_to_do(example_site: ScanResult) -> None:
    robots = _message(example_site, "reservation.contradiction", Q + "robots.txt")
    assert robots.startswith("robots.txt lets Google-Extended (Google) fetch every page while "
                             "TDMRep (quayside/.well-known/tdmrep.json:3) reserves")
    noai = _message(example_site, "reservation.contradiction", Q + "news/ferry-strike.html")
    assert noai.startswith("2 of 3 pages in /news/ carry robots noai")
    stale = _message(example_site, "site.stale-year", Q + "news/ferry-strike.html")
    assert "newest year is 2022, older than the page's publication date (2025)" in stale
    holder = _message(example_site, "site.other-holder", Q + "opinion/letters.html")
    assert "names Fernwood Press, not Quayside Courier Ltd. as 8 pages" in holder
    missing = _message(example_site, "site.missing-notice", Q + "about.html")
    assert "9 of 10 pages of quayside/ have one" in missing
    differs = _message(example_site, "site.license-differs", Q + "photos/storm-surge.html")
    assert "licensed CC-BY-NC-4.0 while most pages of /photos/ are CC-BY-4.0" in differs
    policy = _message(example_site, "reservation.policy-missing", Q + ".well-known/tdmrep.json")
    assert "rule for /photos/* reserves text-and-data mining but names no tdm-policy" in policy


def test_findings_point_at_the_line_concerned(example_site: ScanResult) -> None:
    findings = example_site.findings.set_index(["rule_id", "path"])
    assert findings.loc[("reservation.contradiction", Q + "robots.txt"), "line"] == 11
    assert findings.loc[("reservation.policy-missing", Q + ".well-known/tdmrep.json"),
                        "line"] == 3
    assert findings.loc[("reservation.prose-only", Q + "opinion/letters.html"), "line"] == 10


def test_the_robots_rows_say_what_each_crawler_may_fetch(example_site: ScanResult) -> None:
    rows = example_site.reservations
    robots = rows[(rows["signal"] == "robots.txt") & (rows["site"] == Q)].set_index("agent")
    assert robots.loc["CCBot", "value"] == "disallow"
    assert robots.loc["Google-Extended", "value"] == "allow"
    assert robots.loc["GPTBot", "value"] == "partial"
    assert robots.loc["GPTBot", "scope"] == ["/photos/net-menders.html",
                                             "/photos/storm-surge.html", "/photos/tall-ships.html"]
    assert robots.loc["ClaudeBot", "line"] == 2  # governed by the * group
    assert robots.loc["ClaudeBot", "text"] == "Anthropic, training"
    assert not robots.loc["*", "reserves"]


def test_the_table_holds_tdmrep_meta_and_prose_beside_each_other(
    example_site: ScanResult,
) -> None:
    rows = example_site.reservations
    tdmrep = rows[rows["signal"] == "tdmrep.json"]
    assert list(zip(tdmrep["scope"].map(tuple), tdmrep["reserves"], tdmrep["policy"],
                    strict=True)) == [(("/photos/*",), True, ""),
                                      (("/index.html",), True, "/tdm-policy.html")]
    research = rows[rows["path"] == "research/ai-policy.html"].set_index("signal")
    assert research.loc["tdm-reservation-meta", "value"] == "tdm-reservation=1"
    assert research.loc["robots-meta", "reserves"]
    assert research.loc["prose", "reserves"]
    assert research.loc["prose", "site"] == "https://research.example.org/"


def test_pages_of_sites_without_site_files_get_no_site_finding(example_site: ScanResult) -> None:
    elsewhere = {path for _, path in _site_findings(example_site) if not path.startswith(Q)}
    assert elsewhere == set()


def test_without_its_site_files_nothing_is_concluded_about_them(
    quayside_without_site_files: ScanResult,
) -> None:
    """No robots.txt or TDMRep file in the scan: the prose reservation is listed, and no
    finding says it lacks a signal, that signals contradict, or that a policy is missing."""
    found = {rule for rule, _ in _site_findings(quayside_without_site_files)}
    assert not {"reservation.prose-only", "reservation.policy-missing",
                "reservation.license-conflict"} & found
    contradictions = quayside_without_site_files.findings.query(
        "rule_id == 'reservation.contradiction'")
    assert list(contradictions["path"]) == ["news/ferry-strike.html"]  # the page meta tags only
    rows = quayside_without_site_files.reservations
    assert "prose" in set(rows["signal"]) and "robots.txt" not in set(rows["signal"])


def test_a_folder_without_site_files_or_reservations_gives_nothing(
    scan_site: Callable[[dict[str, str]], ScanResult],
) -> None:
    result = scan_site({
        "a.html": "<html><body><p>One.</p><footer>© 2024 Harbour Light Media</footer></body>",
        "b.md": "# Two\n\nText under CC BY 4.0.\n",
    })
    assert result.reservations.empty or not result.reservations["reserves"].any()
    assert _site_findings(result) == set()


def test_a_disabled_site_rule_makes_no_finding(
    scan_site: Callable[[dict[str, str]], ScanResult],
) -> None:
    files = {"robots.txt": "User-agent: *\nAllow: /\n",
             "p.html": "<p>The content of this site may not be used to train artificial "
                       "intelligence models.</p>"}  # fmt: skip
    result = scan_site(files)
    assert _site_findings(result) == {("reservation.prose-only", "p.html")}
    again = licscan.scan(result.scan["root_dirs"], cache=False, disabled_rules=["reservation"])
    assert _site_findings(again) == set()
    assert len(again.reservations) == len(result.reservations)


def test_severity_overrides_apply_to_site_findings(
    scan_site: Callable[[dict[str, str]], ScanResult],
) -> None:
    result = scan_site({"robots.txt": "User-agent: *\nAllow: /\n",
                        "p.html": "<p>No AI training.</p>"})
    again = licscan.scan(result.scan["root_dirs"], cache=False,
                         severity_overrides={"reservation.prose-only": "high"})
    assert list(again.findings.query("kind == 'site'")["severity"]) == ["high"]


def test_site_findings_are_counted_in_the_documents_table(example_site: ScanResult) -> None:
    documents = example_site.documents.set_index("path")
    findings = example_site.findings["path"].value_counts()
    for path in (Q + "opinion/letters.html", Q + "about.html"):
        assert documents.loc[path, "finding_count"] == findings[path]


def test_a_baselined_site_finding_is_accepted_and_not_stale(
    scan_site: Callable[[dict[str, str]], ScanResult], tmp_path_factory: pytest.TempPathFactory
) -> None:
    result = scan_site({"robots.txt": "User-agent: *\nAllow: /\n",
                        "p.html": "<p>No AI training.</p>"})
    folder = result.scan["root_dirs"]
    prose_only = result.findings.query("rule_id == 'reservation.prose-only'")
    entry = BaselineEntry(prose_only.iloc[0].fingerprint, "reservation.prose-only", "p.html", 1,
                          reason="the site's robots.txt is made by the host")
    path = tmp_path_factory.mktemp("baseline") / "baseline.json"
    write_baseline(path, Baseline([entry]))
    again = licscan.scan(folder, cache=False, baseline=path)
    site = again.findings[again.findings["kind"] == "site"]
    assert list(site["accepted"]) == ["baseline"]
    assert "licscan.accept.baseline-stale" not in set(again.findings["rule_id"])


def test_a_site_baseline_entry_that_matches_nothing_is_stale(
    scan_site: Callable[[dict[str, str]], ScanResult], tmp_path_factory: pytest.TempPathFactory
) -> None:
    result = scan_site({"robots.txt": "User-agent: *\nAllow: /\n", "p.html": "<p>Hello.</p>"})
    path = tmp_path_factory.mktemp("baseline") / "baseline.json"
    write_baseline(path, Baseline([BaselineEntry("0123456789abcdef:1", "reservation.prose-only",
                                                 "p.html", 1)]))
    again = licscan.scan(result.scan["root_dirs"], cache=False, baseline=path)
    stale = again.findings.query("rule_id == 'licscan.accept.baseline-stale'")
    assert list(stale["path"]) == ["p.html"]
