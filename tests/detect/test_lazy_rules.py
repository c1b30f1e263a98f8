"""Built-in text rules compile on first use; user rule files and ``rules list`` compile at once."""

from __future__ import annotations

import pickle
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from licscan.cli import app
from licscan.detect import RuleError, RuleSet, detect
from licscan.detect import ruleset as ruleset_module
from licscan.model import LoadedDocument

DATA = Path(__file__).parent / "data"

NOTICE = "© 2024 Example Media. All rights reserved."


def _compiled_ids(rules: RuleSet) -> set[str]:
    return {rule.id for rule in rules.text_rules if rule.is_compiled}


def test_builtin_text_rules_compile_only_when_a_keyword_hits(
    document: Callable[..., LoadedDocument]
) -> None:
    rules = RuleSet.load(check_examples=False)
    assert rules.text_rules
    assert _compiled_ids(rules) == set()
    detection = detect(document("A paragraph about the weather, nothing else."), rules)
    assert detection.findings == []
    assert _compiled_ids(rules) == set()  # no keyword, no compiled pattern

    detection = detect(document(NOTICE), rules)
    assert [n.holders for n in detection.notices] == [["Example Media"]]
    compiled = _compiled_ids(rules)
    assert compiled  # the rules the notice woke up
    assert compiled < {rule.id for rule in rules.text_rules}  # and only those


def test_lazily_compiled_rules_find_what_compiled_rules_find(
    document: Callable[..., LoadedDocument]
) -> None:
    lazy = RuleSet.load(check_examples=False)
    eager = RuleSet.load(check_examples=False)
    eager.compile_all()
    text = f"{NOTICE}\n\nPhoto: Jane Doe/Reuters. Licensed under CC BY-SA 4.0.\n"
    found = [detect(document(text), rules) for rules in (lazy, eager)]
    assert [f.fingerprint for f in found[0].findings] == [f.fingerprint for f in found[1].findings]
    assert len(found[0].findings) >= 3


def test_user_rule_files_compile_at_load() -> None:
    rules = RuleSet.load(extra=[DATA / "extra_phrase.yaml"], check_examples=False)
    user = [r for r in rules.text_rules if r.file.name == "extra_phrase.yaml"]
    assert user and all(rule.is_compiled for rule in user)


def test_a_pickled_rule_set_compiles_again_where_it_is_used(
    document: Callable[..., LoadedDocument]
) -> None:
    rules = RuleSet.load(check_examples=False)
    rules.compile_all()
    copy = pickle.loads(pickle.dumps(rules))
    assert _compiled_ids(copy) == set()
    assert [n.holders for n in detect(document(NOTICE), copy).notices] == [["Example Media"]]


@pytest.fixture
def broken_builtin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A built-in rule folder whose only rule has a pattern that does not compile."""
    folder = tmp_path / "rules"
    folder.mkdir()
    shutil.copy(DATA / "bad_pattern.yaml", folder / "bad_pattern.yaml")
    monkeypatch.setattr(ruleset_module, "builtin_rules_dir", lambda: folder)
    return folder / "bad_pattern.yaml"


def test_a_broken_builtin_pattern_names_file_rule_and_line_on_first_use(
    broken_builtin, document: Callable[..., LoadedDocument]
) -> None:
    rules = RuleSet.load(check_examples=False)  # built-in patterns: not compiled yet
    with pytest.raises(RuleError) as caught:
        detect(document("You may reuse (parts of) this."), rules)
    error = caught.value
    lines = broken_builtin.read_text(encoding="utf-8").splitlines()
    assert error.file == broken_builtin
    assert error.rule_id == "custom.bad-pattern"
    assert error.line == next(i for i, line in enumerate(lines, 1) if "pattern:" in line)
    assert "does not compile" in str(error)


def test_rules_list_reports_a_broken_builtin_pattern(broken_builtin) -> None:
    done = CliRunner().invoke(app, ["rules", "list"])
    assert done.exit_code == 2
    assert "custom.bad-pattern" in done.output
    assert "does not compile" in done.output
