"""Running each rule's own examples (``licscan rules test`` and rule loading).

A ``match`` example passes when the rule yields at least one row whose fields equal every
``expect`` entry; a ``no_match`` example passes when the rule yields nothing.  An attribution
rule's examples name a credited name (``expect: {name: …}``): a ``match`` example passes when
one of the rule's phrases credits that name, a ``no_match`` example when none does.  Text rules
run alone on the example; metadata and conflict rules run the whole rule set on the example page
(they need the text rules to classify what they select).  A site rule's example is the files of
a made-up site, audited by :mod:`licscan.site.examples`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from licscan.detect.expect import MetadataOutcome, describe, mismatches
from licscan.detect.rule import TEXT_KINDS, Example, Rule, RuleError
from licscan.load import load_text
from licscan.load.registry import text_loader
from licscan.model import LoadedDocument
from licscan.textmap import Span

if TYPE_CHECKING:
    from licscan.detect.ruleset import RuleSet

_NO_SPAN = Span(0, 0, 1, 1, 1, 1)
_passed_versions: set[tuple[str, float]] = set()


@dataclass
class ExampleFailure:
    file: Path
    rule_id: str
    line: int
    problem: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: rule {self.rule_id}: {self.problem}"


def check_ruleset(rules: RuleSet, only: list[Rule] | None = None) -> None:
    """Raise :class:`RuleError` for the first failing example (once per rule-set version)."""
    key = (rules.version, rules.timeout)
    if key in _passed_versions:
        return
    failures = run_examples(rules, only)
    if failures:
        first = failures[0]
        raise RuleError(first.file, f"example fails: {first.problem}", first.rule_id, first.line)
    _passed_versions.add(key)


def run_examples(rules: RuleSet, only: list[Rule] | None = None) -> list[ExampleFailure]:
    failures: list[ExampleFailure] = []
    for rule in only if only is not None else rules.rules:
        for example in rule.examples:
            problem = example_problem(rules, rule, example)
            if problem:
                failures.append(ExampleFailure(rule.file, rule.id, example.line, problem))
    return failures


def example_document(example: Example) -> LoadedDocument:
    """The example's content read as its type, named like a file of that type."""
    relpath = "example" + text_loader(example.input).suffixes[0]
    return load_text(example.content, relpath=relpath, doc_type=example.input)


def example_problem(rules: RuleSet, rule: Rule, example: Example) -> str:
    """'' when the example behaves as it says, else what went wrong."""
    if rule.kind == "site":
        from licscan.site.examples import site_example_problem

        return site_example_problem(rules, rule, example)
    try:
        document = example_document(example)
    except Exception as error:
        return f"cannot load the {example.input} example: {type(error).__name__}: {error}"
    if rule.kind == "attribution":
        return _attribution_problem(rules, rule, example, document.text)
    produced = _produced(rules, rule, document)
    if isinstance(produced, str):
        return produced
    if example.expected == "no_match":
        if produced:
            return f"must not match {_quote(example.content)} but gave {describe(produced[0])}"
        return ""
    if not produced:
        return f"must match {_quote(example.content)} but gave nothing"
    for row in produced:
        if not mismatches(row, example.expect):
            return ""
    wanted = ", ".join(f"{k}={v!r}" for k, v in example.expect.items())
    got = "; ".join(describe(r, example.expect) for r in produced[:3])
    return f"on {_quote(example.content)} expected {wanted}; got {got}"


def _produced(rules: RuleSet, rule: Rule, document: LoadedDocument) -> list[Any] | str:
    from licscan.detect.detection import detect, document_ranges
    from licscan.detect.links import apply_links
    from licscan.detect.runner import find_hits, notice_from, term_from

    if rule.kind in TEXT_KINDS:
        ranges = document_ranges(document)
        hits, timeouts = find_hits(document.text, rules, only=rule, ranges=ranges)
        if timeouts:
            return f"pattern ran out of time ({rules.timeout}s) on its own example"
        rows: list[Any] = []
        for hit in hits:
            row: Any
            if rule.kind == "terms":
                row = term_from(hit, document.text, document.relpath, _span, "text")
            else:
                row = notice_from(hit, document.text, document.relpath, _span, "text")
            if row is not None:
                apply_links(row, hit, document.links, rules.licenses)
                rows.append(row)
        return rows
    detection = detect(document, rules)
    if rule.kind == "conflict":
        return [f for f in detection.findings if f.rule_id == rule.id]
    rows = [r for r in detection.metadata if r.rule_id == rule.id]
    derived = [r for r in (*detection.notices, *detection.terms) if r.rule_id == rule.id]
    return [MetadataOutcome(row, derived) for row in rows]


def _attribution_problem(rules: RuleSet, rule: Rule, example: Example, text: str) -> str:
    import regex

    from licscan.detect.credit_phrases import credits, find_cues

    name = example.expect["name"]
    words = r"\s+".join(regex.escape(word) for word in name.split())
    names = regex.compile(rf"(?i)(?<!\w)(?:the\s+)?{words}(?!\w)")
    found = credits(text, find_cues(text, [rule], rules.timeout), names)
    if example.expected == "match" and not found:
        return f"must credit {name!r} in {_quote(example.content)} but does not"
    if example.expected == "no_match" and found:
        start, end = found[0]
        return f"must not credit {name!r} but credits it in {_quote(text[start:end])}"
    return ""


def _span(start: int, end: int) -> Span:
    return _NO_SPAN


def _quote(text: str) -> str:
    flat = " ".join(text.split())
    return repr(flat if len(flat) <= 70 else flat[:67] + "...")
