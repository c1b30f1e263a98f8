"""licscan's own rule ids live in one catalogue: every finding names a rule of the rule files or
of the catalogue, no other module spells one, and SARIF describes them all (the rule timeout
too)."""

from __future__ import annotations

import ast
import importlib
import json
import re
import shutil
from pathlib import Path

import pytest

import licscan
from licscan.accept.baseline import Baseline, BaselineEntry, write_baseline
from licscan.catalogue import CATALOGUE, MATCH_FINGERPRINT
from licscan.check.gate import CheckResult, render_sarif, run_check
from licscan.detect import RuleSet
from licscan.options import ScanOptions

PACKAGE = Path(licscan.__file__).parent
REPO = PACKAGE.parent
CATASTROPHIC = REPO / "tests" / "detect" / "data" / "catastrophic.yaml"
SOURCE = REPO / "examples" / "site" / "harbourlight" / "tide-gauge-study.html"
COPY = REPO / "examples" / "drafts" / "harbour-roundup.md"

# what the id of a built-in rule looks like, inside any string of the code
_RULE_ID = re.compile(r"(?<![\w.-])(?:licscan|reuse|image)(?:\.[a-z0-9][a-z0-9-]*)+(?![\w-])")
NOT_RULES = {"licscan.toml"}  # the configuration file's name


def _modules() -> set[str]:
    names = set()
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(REPO).with_suffix("").parts
        names.add(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def _python_name(dotted: str) -> bool:
    """Whether ``dotted`` names a module of licscan or something in one (``licscan.scan``)."""
    module, _, attribute = dotted.rpartition(".")
    if dotted in _modules():
        return True
    return module in _modules() and hasattr(importlib.import_module(module), attribute)


def _strings(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)
            and isinstance(n.value, str)]


def _rule_file_ids() -> set[str]:
    return {rule.id for rule in RuleSet.load(extra=[CATASTROPHIC], check_examples=False).rules}


def test_only_the_catalogue_spells_a_built_in_rule_id() -> None:
    spelled: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        ids = {s for s in _strings(path)
               if _RULE_ID.fullmatch(s) and s not in NOT_RULES and not _python_name(s)}
        if ids:
            spelled[str(path.relative_to(PACKAGE))] = ids
    assert spelled == {"catalogue.py": {*CATALOGUE, MATCH_FINGERPRINT}}


def test_every_rule_id_the_code_mentions_is_known() -> None:
    # messages and docs name ids inside longer text: each must be a rule users can look up
    known = set(CATALOGUE) | {MATCH_FINGERPRINT} | _rule_file_ids() | NOT_RULES
    mentioned = {
        (str(path.relative_to(PACKAGE)), found)
        for path in PACKAGE.rglob("*.py")
        for text in _strings(path)
        for found in _RULE_ID.findall(text)
    }
    unknown = {(path, found) for path, found in mentioned
               if found not in known and not _python_name(found)}
    assert unknown == set()


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> CheckResult:
    """A check of a project where every kind of built-in finding turns up."""
    root = tmp_path_factory.mktemp("project")
    (root / "sources").mkdir()
    shutil.copy(SOURCE, root / "sources" / SOURCE.name)
    drafts = root / "drafts"
    drafts.mkdir()
    shutil.copy(COPY, drafts / "copy.md")  # three paragraphs of the source, uncredited
    (drafts / "blob.md").write_bytes(bytes(range(256)) * 8)  # not text
    (drafts / "markers.md").write_text(
        "# Notes\n\n<!-- licscan: ignore notice.copyright -->\n© 2023 Someone Else.\n\n"
        "<!-- licscan: ignore -- no rule named -->\n© 2022 Another Person.\n",
        encoding="utf-8",
    )
    (drafts / "runs.md").write_text("# Runs\n\n" + "a" * 30 + "b\n", encoding="utf-8")
    baseline = root / "baseline.json"
    write_baseline(baseline, Baseline([
        BaselineEntry("0123456789abcdef:1", "reuse.uncredited", "drafts/copy.md", 7, "gone"),
    ]))
    options = ScanOptions(sources=[root / "sources"], rule_paths=[CATASTROPHIC],
                          regex_timeout=0.2, baseline=baseline, cache=False)
    return run_check([drafts], options, root)


def test_every_finding_names_a_rule_of_the_rule_files_or_the_catalogue(
    checked: CheckResult,
) -> None:
    found = {finding.rule_id for finding in checked.findings}
    assert {
        "licscan.read-error", "licscan.rule-timeout", "licscan.ignore-without-reason",
        "licscan.ignore-without-rule", "licscan.accept.baseline-stale", "reuse.uncredited",
    } <= found
    assert found - _rule_file_ids() - set(CATALOGUE) == set()
    assert found <= set(checked.rules)  # so SARIF describes each from what it knows


def test_sarif_describes_the_rule_timeout(checked: CheckResult) -> None:
    log = json.loads(render_sarif(checked))
    described = {rule["id"]: rule for rule in log["runs"][0]["tool"]["driver"]["rules"]}
    timeout = described["licscan.rule-timeout"]
    assert timeout["shortDescription"]["text"] == (
        "A rule ran out of time on a document; its matches there may be incomplete")
    assert timeout["defaultConfiguration"]["level"] == "note"
    assert described["reuse.uncredited"]["shortDescription"]["text"] == (
        "Reused text without the credit its source requires")
    assert described["licscan.read-error"]["defaultConfiguration"]["level"] == "error"


def test_every_catalogue_rule_is_described_for_sarif(checked: CheckResult) -> None:
    for rule_id, rule in CATALOGUE.items():
        assert checked.rules[rule_id].description == rule.description
