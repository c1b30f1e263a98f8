"""Site files read from their text: robots.txt groups and wildcards (RFC 9309), TDMRep rules,
ai.txt lines and _headers blocks, and where a scan's sites are."""

from __future__ import annotations

from pathlib import Path

from licscan.site.files import (
    SiteFiles,
    ai_txt_rules,
    find_sites,
    header_rules,
    headers_file_rules,
    path_matches,
    read_site_file,
    tdmrep_rules,
)

ROBOTS = """\
User-agent: *
Disallow: /private/

User-agent: GPTBot
User-agent: ClaudeBot
Disallow: /
Allow: /press/*.html$

User-agent: CCBot
Disallow: /*.pdf$
"""


def _site(robots: str = ROBOTS) -> SiteFiles:
    site = SiteFiles("site")
    read_site_file(site, "robots.txt", robots, "site/robots.txt")
    return site


def test_robots_reads_each_agent_from_its_own_group() -> None:
    site = _site()
    assert not site.robots_allows("GPTBot", "/news/a.html")
    assert not site.robots_allows("claudebot", "/")  # agent names match in any case
    assert site.robots_allows("Google-Extended", "/news/a.html")  # the * group
    assert not site.robots_allows("Google-Extended", "/private/x.html")
    # a named group replaces the * group: CCBot may read /private/
    assert site.robots_allows("CCBot", "/private/x.html")


def test_robots_wildcards_and_end_anchor() -> None:
    site = _site()
    assert site.robots_allows("GPTBot", "/press/launch.html")
    assert not site.robots_allows("GPTBot", "/press/launch.html.bak")
    assert not site.robots_allows("CCBot", "/reports/2024.pdf")
    assert site.robots_allows("CCBot", "/reports/2024.pdf.html")


def test_robots_line_is_the_user_agent_line_of_the_group() -> None:
    site = _site()
    assert site.robots_line("ClaudeBot") == 5
    assert site.robots_line("*") == 1
    assert site.robots_line("Bytespider") == 0


def test_a_site_without_robots_allows_everything() -> None:
    assert SiteFiles("site").robots_allows("GPTBot", "/")


def test_tdmrep_rules_keep_location_reservation_policy_and_line() -> None:
    text = (
        '[\n  {"location": "/photos/*", "tdm-reservation": 1,\n'
        '   "tdm-policy": "https://example.net/tdm.json"},\n'
        '  {"location": "/", "tdm-reservation": 0}\n]\n'
    )
    first, second = tdmrep_rules(text, "s/.well-known/tdmrep.json")
    assert (first.pattern, first.reserves, first.policy, first.line) == (
        "/photos/*", True, "https://example.net/tdm.json", 2)
    assert first.covers("/photos/boat.html") and not first.covers("/news/boat.html")
    assert (second.reserves, second.value, second.line) == (False, "tdm-reservation: 0", 4)


def test_a_broken_tdmrep_file_is_one_invalid_rule_that_reserves_nothing() -> None:
    (rule,) = tdmrep_rules('{"location": "/"', "tdmrep.json")
    assert rule.value.startswith("invalid (not JSON")
    assert not rule.reserves
    (rule,) = tdmrep_rules('{"location": "/"}', "tdmrep.json")
    assert rule.value == "invalid (not a list of rules)"


def test_ai_txt_lines_with_their_agent() -> None:
    text = "# ai.txt\nUser-Agent: *\nDisallow: *.jpg\nAllow: /blog/\n"
    disallow, allow = ai_txt_rules(text, "ai.txt")
    assert (disallow.agent, disallow.value, disallow.reserves, disallow.line) == (
        "*", "disallow", True, 3)
    assert disallow.covers("/photos/boat.jpg")
    assert (allow.value, allow.reserves) == ("allow", False)


def test_headers_file_blocks_give_reservations_for_their_pattern() -> None:
    text = "/news/*\n  X-Robots-Tag: noai\n  Cache-Control: max-age=60\n/*\n  tdm-reservation: 0\n"
    noai, not_reserved = headers_file_rules(text, "_headers")
    assert (noai.pattern, noai.value, noai.reserves, noai.line) == (
        "/news/*", "X-Robots-Tag: noai", True, 2)
    assert (not_reserved.pattern, not_reserved.reserves) == ("/*", False)


def test_http_headers_of_one_response() -> None:
    rules = header_rules({"TDM-Reservation": "1", "TDM-Policy": "https://example.net/p.json",
                          "X-Robots-Tag": "noindex"}, "/a.html", "crawl.warc", 7)
    assert [(r.value, r.policy, r.reserves) for r in rules] == [
        ("TDM-Reservation: 1", "https://example.net/p.json", True)]


def test_path_patterns() -> None:
    assert path_matches("/", "/anything")
    assert path_matches("*.jpg", "/a/b.jpg")
    assert path_matches("/a$", "/a") and not path_matches("/a$", "/ab")
    assert not path_matches("/news/", "/new")


def test_every_folder_with_a_site_file_is_a_site(tmp_path: Path) -> None:
    (tmp_path / "one" / ".well-known").mkdir(parents=True)
    (tmp_path / "one" / ".well-known" / "tdmrep.json").write_text("[]", encoding="utf-8")
    (tmp_path / "one" / "blog").mkdir()
    (tmp_path / "two").mkdir()
    (tmp_path / "two" / "llms.txt").write_text("# Two\n", encoding="utf-8")
    (tmp_path / "three").mkdir()
    (tmp_path / "three" / "page.html").write_text("<p>x</p>", encoding="utf-8")
    sites = find_sites([tmp_path], tmp_path)
    assert sorted(sites) == ["one", "two"]
    assert sites["one"].files == ["one/.well-known/tdmrep.json"]
    assert sites["two"].llms_txt == "two/llms.txt"
