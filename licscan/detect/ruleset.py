"""The compiled :class:`RuleSet` of a scan: every rule of the built-in and extra rule files,
less the disabled ones, with the keyword automaton that prefilters them.

Rules of kind ``attribution`` (``rules/attribution.yaml``) find no rows of their own: they are
the credit phrases ("Source: X", "according to X", "X reported") the matcher reads to decide
whether a document credits a source (:mod:`licscan.detect.credit_phrases`).

Compiling every pattern is most of the cost of loading the rules, and a document wakes only the
few rules whose keywords it contains.  So the text rules of the built-in files (checked by
licscan's own tests and by ``licscan rules list|test``) compile on first use; the patterns of
rule files given with ``--rules`` compile at load, so a mistake there is a load-time error.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from functools import cached_property
from pathlib import Path
from typing import Any

from licscan.detect.crawlers import Crawler, crawlers_of
from licscan.detect.cues import vocabulary_of
from licscan.detect.licences import Catalogue, catalogue_of
from licscan.detect.rule import TEXT_KINDS, Rule, RuleError
from licscan.detect.rule_files import (
    RuleBuilder,
    RuleFile,
    aliases_of,
    builtin_rules_dir,
    definitions_of,
    expand,
    read_rule_file,
    rule_files,
)


def _is_disabled(rule_id: str, disabled: Sequence[str]) -> bool:
    return any(rule_id == d or rule_id.startswith(d.rstrip(".") + ".") for d in disabled)


class RuleSet:
    """Every rule of a scan, compiled, with the keyword automaton that prefilters them."""

    def __init__(self, rules: list[Rule], files: list[RuleFile], aliases: dict[str, str],
                 timeout: float, disabled: Sequence[str] = (),
                 licenses: Catalogue | None = None,
                 crawlers: tuple[Crawler, ...] = ()) -> None:  # fmt: skip
        self.rules = rules
        self.crawlers = crawlers  # the AI/TDM crawlers a site audit asks robots.txt about
        self.files = [rf.path for rf in files]
        self.aliases = aliases
        self.licenses = licenses or Catalogue()
        self.timeout = timeout
        digest = hashlib.sha256()
        for rf in files:
            digest.update(rf.path.name.encode() + b"\0" + rf.text.encode() + b"\0")
        digest.update("\0".join(sorted(disabled)).encode())
        self.version = digest.hexdigest()[:12]

    @classmethod
    def load(
        cls,
        extra: Iterable[Path] = (),
        builtin: bool = True,
        disabled: Sequence[str] = (),
        timeout: float = 0.5,
        check_examples: bool = True,
    ) -> RuleSet:
        """Load and validate rule files; compile the ``extra`` files' patterns (the built-in
        text rules compile on first use, see the module's docstring).

        With ``check_examples`` the examples of the ``extra`` rule files must pass (the built-in
        rules' examples run in licscan's own tests and in ``licscan rules test``; skipping them
        here keeps start-up fast for the pre-commit hook).
        """
        builtin_paths = rule_files([builtin_rules_dir()]) if builtin else []
        extra_paths = rule_files(extra)
        paths = builtin_paths + [p for p in extra_paths if p not in builtin_paths]
        files = [read_rule_file(p) for p in paths]
        definitions = definitions_of(files)
        licenses = catalogue_of(files, lambda source: expand(source, definitions))
        definitions.update(licenses.definitions())
        vocabulary = vocabulary_of(files)
        rules: list[Rule] = []
        for rf in files:
            eager = rf.path not in builtin_paths
            builder = RuleBuilder(rf, definitions, len(rules), eager, vocabulary)
            rules.extend(builder.rules())
        seen: dict[str, Rule] = {}
        for rule in rules:
            if rule.id in seen:
                first = seen[rule.id]
                problem = f"duplicate rule id (first in {first.file}:{first.line})"
                raise RuleError(rule.file, problem, rule.id, rule.line)
            seen[rule.id] = rule
        active = [r for r in rules if not _is_disabled(r.id, disabled)]
        ruleset = cls(active, files, aliases_of(files), timeout, disabled, licenses,
                      crawlers_of(files))
        if check_examples and extra_paths:
            from licscan.detect.examples import check_ruleset

            extra_set = {p.resolve() for p in extra_paths}
            check_ruleset(ruleset, [r for r in active if r.file.resolve() in extra_set])
        return ruleset

    def compile_all(self) -> None:
        """Compile every pattern now: :class:`RuleError` for the first one that is broken."""
        for rule in self.rules:
            rule.compile()

    def of_kind(self, *kinds: str) -> list[Rule]:
        return [r for r in self.rules if r.kind in kinds]

    @cached_property
    def text_rules(self) -> list[Rule]:
        return self.of_kind(*TEXT_KINDS)

    @cached_property
    def range_rules(self) -> list[tuple[int, Rule]]:
        """The text rules that run on ranges of the document (``within``), with their index in
        :attr:`text_rules` (the keyword automaton's)."""
        return [(index, rule) for index, rule in enumerate(self.text_rules) if rule.within]

    @cached_property
    def attribution_rules(self) -> list[Rule]:
        """The credit phrases the matcher looks for (see :mod:`licscan.detect.credit_phrases`)."""
        return self.of_kind("attribution")

    @cached_property
    def automaton(self) -> Any:
        """One Aho-Corasick automaton of every text rule's keywords -> indexes into text_rules."""
        import ahocorasick

        owners: dict[str, set[int]] = {}
        for index, rule in enumerate(self.text_rules):
            for keyword in rule.keywords:
                owners.setdefault(keyword, set()).add(index)
        automaton = ahocorasick.Automaton()
        for keyword, indexes in owners.items():
            automaton.add_word(keyword, (len(keyword), tuple(sorted(indexes))))
        automaton.make_automaton()
        return automaton

    def get(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state.pop("automaton", None)  # rebuilt on first use in the receiving process
        return state
