"""Every built-in rule's own examples pass: one test per rule, named by its id."""

from __future__ import annotations

import pytest

from licscan.detect.examples import run_examples
from licscan.detect.rule_files import rule_files
from tests.detect.builtin import builtin_rules

RULES = builtin_rules().rules


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_examples_pass(rule) -> None:
    assert rule.examples, f"{rule.id} has no examples"
    failures = run_examples(builtin_rules(), [rule])
    assert not failures, "\n".join(str(f) for f in failures)


def test_every_family_has_its_file_and_kinds() -> None:
    names = {p.name for p in rule_files([builtin_rules().files[0].parent])}
    assert {"notices.yaml", "terms.yaml", "credits.yaml", "metadata.yaml",
            "attribution.yaml"} <= names
    kinds = {r.kind for r in RULES}
    assert {"notice", "credit", "terms", "metadata", "conflict", "attribution"} <= kinds


def test_every_term_type_is_covered_by_a_rule() -> None:
    from licscan.model import TERM_TYPES

    covered = {r.term_type for r in RULES if r.term_type}
    assert set(TERM_TYPES) - covered == set()
