"""Broken rule files give a clear error (file, rule, line); a catastrophic pattern cannot hang."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from licscan.detect import RuleError, RuleSet, detect
from licscan.model import LoadedDocument

DATA = Path(__file__).parent / "data"


def _error(name: str) -> RuleError:
    with pytest.raises(RuleError) as caught:
        RuleSet.load(extra=[DATA / name])
    return caught.value


def _line_of(name: str, needle: str) -> int:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


def test_bad_yaml_names_file_and_line() -> None:
    error = _error("bad_yaml.yaml")
    assert error.file.name == "bad_yaml.yaml"
    assert error.line == _line_of("bad_yaml.yaml", "pattern:")
    assert "invalid YAML" in str(error)


@pytest.mark.parametrize(
    ("name", "rule_id", "needle", "problem"),
    [
        ("unknown_key.yaml", "custom.unknown-key", "severty:", "unknown key"),
        (
            "no_examples.yaml",
            "custom.no-examples",
            "- id: custom.no-examples",
            "missing 'examples'",
        ),
        ("bad_pattern.yaml", "custom.bad-pattern", "pattern:", "does not compile"),
        ("unknown_parser.yaml", "custom.unknown-parser", "fields:", "unknown parser 'owner_names'"),
        ("failing_example.yaml", "custom.failing-example", '- text: "Please ask', "example fails"),
    ],
)
def test_broken_rule_names_file_rule_and_line(name, rule_id, needle, problem) -> None:
    error = _error(name)
    assert error.file.name == name
    assert error.rule_id == rule_id
    assert error.line == _line_of(name, needle)
    assert problem in str(error)
    assert str(error).startswith(f"{DATA / name}:{error.line}: rule {rule_id}:")


def test_failing_example_says_what_was_expected_and_what_came() -> None:
    message = str(_error("failing_example.yaml"))
    assert "contact='legal@example.com'" in message
    assert "contact='rights@example.com'" in message


def test_missing_rule_file_is_an_error() -> None:
    with pytest.raises(RuleError, match="not found"):
        RuleSet.load(extra=[DATA / "nope.yaml"])


def test_catastrophic_pattern_times_out_with_a_finding_and_the_scan_goes_on(
    document: Callable[..., LoadedDocument]
) -> None:
    rules = RuleSet.load(extra=[DATA / "catastrophic.yaml"], timeout=0.2)
    text = "© 2024 Example Media. All rights reserved.\n\n" + "a" * 30 + "b\n"
    started = time.monotonic()
    detection = detect(document(text), rules)
    assert time.monotonic() - started < 5  # bounded by the timeout, not by the backtracking
    timeouts = [f for f in detection.findings if f.rule_id == "licscan.rule-timeout"]
    assert len(timeouts) == 1
    assert "custom.catastrophic" in timeouts[0].message
    assert timeouts[0].severity.value == "low"
    assert timeouts[0].span.line == 3
    # the other rules still ran on the same document
    assert [n.holders for n in detection.notices] == [["Example Media"]]
    assert any(t.term_type == "all_rights_reserved" for t in detection.terms)


def test_regex_module_defuses_the_classic_nested_quantifier() -> None:
    # `(a+)+$` is catastrophic in most engines; the regex package answers at once, and the
    # time limit is there for the patterns it cannot defuse, like `(a|aa)+$` above.
    import regex

    assert regex.compile(r"(a+)+$").search("a" * 30 + "b", timeout=1.0) is None


def test_a_new_language_is_data_only(
    tmp_path: Path, document: Callable[..., LoadedDocument]
) -> None:
    rules = RuleSet.load(extra=[DATA / "extra_phrase.yaml"])
    detection = detect(document("© 2024 Dæmi ehf. Öll réttindi áskilin."), rules)
    assert "custom.rights-reserved-is" in {t.rule_id for t in detection.terms}
    assert rules.version != RuleSet.load(check_examples=False).version


def test_disabled_rules_by_id_and_prefix() -> None:
    rules = RuleSet.load(disabled=["credit", "terms.all-rights-reserved"], check_examples=False)
    ids = {r.id for r in rules.rules}
    assert "terms.all-rights-reserved" not in ids
    assert not any(i.startswith("credit.") for i in ids)
    assert "notice.copyright" in ids


def test_a_catastrophic_allowlist_entry_times_out_where_it_ran(
    document: Callable[..., LoadedDocument]
) -> None:
    rules = RuleSet.load(extra=[DATA / "catastrophic_allowlist.yaml"], timeout=0.2)
    text = "© 2024 Example Media.\n\n" + "a" * 40 + "\n"
    detection = detect(document(text), rules)
    timeouts = [f for f in detection.findings if f.rule_id == "licscan.rule-timeout"]
    assert [f.message.split(" (")[0] for f in timeouts] == ["Rule custom.catastrophic-allowlist"]
    assert timeouts[0].span.line == 3


_TEMPLATE_RULE = """\
rules:
  - id: custom.template
    kind: terms
    term_type: other
    message: "{message}"
    keywords: [zork]
    pattern: 'zork'
    examples:
      match: ["zork"]
"""


@pytest.mark.parametrize(
    ("message", "failure"),
    [
        ("{{{{ cycler.__init__.__globals__.os.popen('touch {marker}') }}}}", "SecurityError"),
        ("{{{{ text.upper(1) }}}}", "TypeError"),
    ],
    ids=["reaching-python-internals", "failing-on-the-row"],
)
def test_a_message_template_runs_sandboxed_and_a_failing_one_still_gives_its_finding(
    tmp_path: Path, message: str, failure: str, document: Callable[..., LoadedDocument]
) -> None:
    marker = tmp_path / "marker"
    path = tmp_path / "template.yaml"
    path.write_text(_TEMPLATE_RULE.format(message=message.format(marker=marker)), encoding="utf-8")
    detection = detect(document("A zork here."), RuleSet.load(extra=[path]))
    assert not marker.exists()
    [finding] = [f for f in detection.findings if f.rule_id == "custom.template"]
    assert finding.message.startswith(f"(the rule's message template failed here: {failure}: ")


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"rules:\n  - id: custom.x\n    kind: terms\n    message: \"a\x00b\"\n", "(U+0000)"),
        (b"rules:\n  - id: custom.x\n    kind: terms\n    message: \"caf\xe9\"\n",
         "not UTF-8 text (byte 0xe9); save the file as UTF-8"),
    ],
    ids=["nul", "latin-1"],
)  # fmt: skip
def test_a_character_a_rule_file_cannot_hold_is_named_with_its_line(
    tmp_path: Path, content: bytes, problem: str
) -> None:
    path = tmp_path / "odd.yaml"
    path.write_bytes(content)
    with pytest.raises(RuleError) as caught:
        RuleSet.load(extra=[path])
    assert str(caught.value).startswith(f"{path}:4: ")
    assert problem in str(caught.value)
    assert "\n" not in str(caught.value)


def test_a_bad_licence_entry_names_file_line_and_problem() -> None:
    error = _error("bad_license.yaml")
    assert error.file.name == "bad_license.yaml"
    assert error.line == _line_of("bad_license.yaml", "- spdx: Example-1.0")
    assert "unknown term_type 'free_for_all'" in str(error)
