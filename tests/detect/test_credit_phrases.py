"""Credit phrases are data: ``kind: attribution`` rules, validated and tested like every rule."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from licscan.cli import app
from licscan.detect import RuleError, RuleSet
from licscan.detect.credit_phrases import credits, find_cues

PHRASE = Path(__file__).parents[1] / "match" / "data" / "merci_phrase.yaml"

RULE = """\
rules:
  - id: custom.credit
    kind: attribution
{position}    patterns: ['(?i)\\bgrâce\\s+à\\b']
    examples:
      match:
        - text: "Grâce à Harbour Times."
          expect: {expect}
"""


def _load(tmp_path: Path, text: str) -> RuleSet:
    path = tmp_path / "custom.yaml"
    path.write_text(text, encoding="utf-8")
    return RuleSet.load(extra=[path])


def _names(*names: str):
    import regex

    return regex.compile("|".join(regex.escape(n) for n in names))


def test_builtin_attribution_rules_cover_both_positions_and_many_languages(builtin_rules):
    rules = builtin_rules.attribution_rules
    assert {r.position for r in rules} == {"after", "before"}
    text = ("Quelle: Der Spiegel. Fuente: El País. Selon Le Monde, oui. Volgens NRC klopt het. "
            "Secondo Il Post, sì. Segundo o Globo, sim. Laut dem Standard, ja.")
    found = credits(text, find_cues(text, rules),
                    _names("Der Spiegel", "El País", "Le Monde", "NRC", "Il Post", "Globo",
                           "Standard"))
    assert [text[a:b] for a, b in found] == [
        "Quelle: Der Spiegel", "Fuente: El País", "Selon Le Monde", "Volgens NRC",
        "Secondo Il Post", "Segundo o Globo", "Laut dem Standard"]


def test_the_name_must_stand_next_to_the_phrase(builtin_rules):
    rules = builtin_rules.attribution_rules
    text = "According to the mayor, Harbour Times was wrong.\nHarbour Times\nreported it."
    assert credits(text, find_cues(text, rules), _names("Harbour Times")) == []


def test_a_user_rule_file_adds_a_phrase_and_its_examples_run(tmp_path):
    rules = RuleSet.load(extra=[PHRASE])  # examples of --rules files run at load
    [rule] = [r for r in rules.attribution_rules if r.id == "custom.merci"]
    text = "Merci à Harbour Times pour ce texte."
    found = credits(text, find_cues(text, [rule]), _names("Harbour Times"))
    assert [text[a:b] for a, b in found] == ["Merci à Harbour Times"]
    result = CliRunner().invoke(app, ["rules", "test", str(PHRASE)])
    assert result.exit_code == 0 and "1 rules, 2 examples: all passed" in result.output


def test_an_attribution_rule_needs_a_position(tmp_path):
    with pytest.raises(RuleError) as caught:
        _load(tmp_path, RULE.format(position="", expect="{name: Harbour Times}"))
    assert caught.value.rule_id == "custom.credit" and "'position'" in str(caught.value)
    with pytest.raises(RuleError) as caught:
        _load(tmp_path, RULE.format(position="    position: inside\n",
                                    expect="{name: Harbour Times}"))
    assert caught.value.line == 4 and "after, before" in str(caught.value)


def test_an_attribution_example_names_whom_it_credits(tmp_path):
    with pytest.raises(RuleError) as caught:
        _load(tmp_path, RULE.format(position="    position: after\n", expect="{holders: [X]}"))
    assert caught.value.line == 8 and "expect: {name" in str(caught.value)


def test_a_failing_attribution_example_is_an_error_with_its_line(tmp_path):
    with pytest.raises(RuleError) as caught:
        _load(tmp_path, RULE.format(position="    position: before\n",
                                    expect="{name: Harbour Times}"))
    error = caught.value
    assert (error.rule_id, error.line) == ("custom.credit", 8)
    assert "must credit 'Harbour Times'" in str(error)
