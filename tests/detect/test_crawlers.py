"""The AI/TDM crawler list is rule data: read from the rule files, checked entry by entry; and
site rules (kind ``site``) are checked like every rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from licscan.detect import RuleError, RuleSet
from licscan.detect.examples import run_examples

SITE_RULE = """\
rules:
  - id: {rule_id}
    kind: site
    severity: info
    message: "x"
    examples:
      match:
        - {example}
"""
EXAMPLE = '{site: {robots.txt: "User-agent: *\\nAllow: /\\n", p.html: "<p>No AI training.</p>"}}'


def _load(tmp_path: Path, text: str) -> RuleSet:
    path = tmp_path / "extra.yaml"
    path.write_text(text, encoding="utf-8")
    return RuleSet.load(extra=[path])


def test_the_built_in_list_names_the_known_ai_crawlers(builtin_rules: RuleSet) -> None:
    agents = {crawler.agent for crawler in builtin_rules.crawlers}
    assert {"GPTBot", "ClaudeBot", "Google-Extended", "CCBot", "PerplexityBot", "Bytespider",
            "Applebot-Extended", "meta-externalagent", "cohere-ai", "Amazonbot"} <= agents
    assert all(c.source.startswith("https://") and c.owner for c in builtin_rules.crawlers)


def test_a_crawler_added_in_a_rule_file_is_asked_about(tmp_path: Path) -> None:
    rules = _load(tmp_path, "crawlers:\n  - {agent: NewBot, owner: New AI, purpose: training,"
                            " source: 'https://example.com/newbot'}\nrules: []\n")
    assert rules.crawlers[-1].agent == "NewBot"


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        ("{agent: X, owner: Y, purpose: training}", "a crawler is a mapping of exactly"),
        ("{agent: X, owner: Y, purpose: reading, source: 'https://e.com'}", "purpose must be"),
        ("{agent: X, owner: Y, purpose: search, source: e.com}", "source must be a URL"),
        ("{agent: GPTBot, owner: Y, purpose: search, source: 'https://e.com'}", "listed twice"),
    ],
)
def test_a_wrong_crawler_entry_names_its_line(tmp_path: Path, entry: str, problem: str) -> None:
    with pytest.raises(RuleError) as caught:
        _load(tmp_path, f"crawlers:\n  - {entry}\nrules: []\n")
    assert problem in caught.value.problem
    assert caught.value.line == 2


def test_a_site_rule_names_a_site_check(tmp_path: Path) -> None:
    with pytest.raises(RuleError) as caught:
        _load(tmp_path, SITE_RULE.format(rule_id="site.unknown-check", example=EXAMPLE))
    assert "names a site check" in caught.value.problem


def test_a_site_example_is_a_mapping_of_files(tmp_path: Path) -> None:
    with pytest.raises(RuleError) as caught:
        _load(tmp_path, SITE_RULE.format(rule_id="reservation.prose-only",
                                         example="{html: '<p>x</p>'}"))
    assert "a site example is {site:" in caught.value.problem


def test_a_failing_site_example_says_what_it_found(builtin_rules: RuleSet) -> None:
    rule = builtin_rules.get("reservation.prose-only")
    broken = next(e for e in rule.examples if e.expected == "no_match")
    broken.expected = "match"
    try:
        failures = run_examples(builtin_rules, [rule])
    finally:
        broken.expected = "no_match"
    assert len(failures) == 1
    assert "must find something in robots.txt, .well-known/tdmrep.json, news/story.html" in str(
        failures[0])
