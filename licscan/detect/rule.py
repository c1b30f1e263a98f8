"""One rule, as read from a rule file: its kind, patterns, fields and examples, compiled on
first use; and the timed regex search every rule runs with."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import regex

from licscan.model import DocType, Severity, TermType

if TYPE_CHECKING:
    from licscan.detect.cues import Vocabulary

TEXT_KINDS = ("notice", "credit", "terms")
# The text ranges a credit rule may be given instead of its keywords' windows (``within:`` in a
# rule file; the document's ranges of that name): a picture caption, the credit line of one.
# Its keywords, if any, choose the ranges that hold one.  A pattern reads the range as the
# whole text: ``\G`` is its start, ``\Z`` its end.
WITHIN = ("caption", "caption_credit")


class RuleError(Exception):
    """A rule file that cannot be used, with where the problem is."""

    def __init__(self, file: Path | str, problem: str, rule_id: str = "", line: int = 0) -> None:
        self.file = Path(file)
        self.problem = problem
        self.rule_id = rule_id
        self.line = line
        where = f"{self.file}:{line}" if line else str(self.file)
        rule = f" rule {rule_id}:" if rule_id else ""
        super().__init__(f"{where}:{rule} {problem}")


@dataclass(frozen=True)
class FieldSpec:
    group: str
    parser: str
    field: str


@dataclass
class Example:
    expected: str  # "match" | "no_match"
    input: DocType  # what the content is read as: a text loader's type
    content: str
    expect: dict[str, Any]
    line: int
    files: dict[str, str] = field(default_factory=dict)  # a site rule's example: path -> content


@dataclass
class Rule:
    id: str
    kind: str
    severity: Severity
    message: str
    file: Path
    line: int
    order: int
    key_lines: dict[str, int] = field(default_factory=dict)
    description: str = ""
    keywords: tuple[str, ...] = ()
    within: str = ""  # one of WITHIN: the rule runs on those ranges only
    pattern_key: str = "pattern"  # the rule-file key the patterns come from, for errors
    pattern_sources: tuple[str, ...] = ()  # regexes with their definitions expanded
    allowlist_sources: tuple[str, ...] = ()
    fields: list[FieldSpec] = field(default_factory=list)
    link_field: str = ""
    notice_type: str = ""
    term_type: TermType | None = None
    conditions: dict[str, Any] = field(default_factory=dict)
    licensor: str = ""
    select_sources: tuple[str, ...] = ()
    select_names: tuple[str, ...] = ()
    value_pattern: regex.Pattern | None = None
    feed: tuple[str, ...] = ()
    notice_field: str = ""
    permissive: tuple[TermType, ...] = ()
    restrictive: tuple[TermType, ...] = ()
    position: str = ""  # attribution rules: the credited name stands "after" or "before"
    vocabulary: Vocabulary | None = None  # a terms rule that reads sentences by their cues
    examples: list[Example] = field(default_factory=list)
    _compiled: tuple[list[regex.Pattern], list[regex.Pattern]] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    @property
    def type_label(self) -> str:
        return self.term_type or self.notice_type or self.position or ""

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)

    @property
    def is_compiled(self) -> bool:
        return self._compiled is not None

    @property
    def patterns(self) -> list[regex.Pattern]:
        return self.compile()[0]

    @property
    def allowlist(self) -> list[regex.Pattern]:
        return self.compile()[1]

    def compile(self) -> tuple[list[regex.Pattern], list[regex.Pattern]]:
        """The patterns and the allowlist, compiled once; :class:`RuleError` if one does not
        compile or lacks a group the rule's fields read."""
        if self._compiled is None:
            patterns = [compile_pattern(self, s, self.pattern_key) for s in self.pattern_sources]
            allowlist = [compile_pattern(self, s, "allowlist") for s in self.allowlist_sources]
            self.check_groups(patterns)
            self._compiled = (patterns, allowlist)
        return self._compiled

    def check_groups(self, patterns: list[regex.Pattern]) -> None:
        if self.kind not in TEXT_KINDS:
            return  # a metadata rule's fields read its value_pattern, checked when built
        groups = set().union(*(p.groupindex for p in patterns))
        for spec in self.fields:
            if spec.group not in groups:
                raise RuleError(self.file, f"field group '{spec.group}' is not a named group of "
                                f"the pattern", self.id, self.line_of("fields"))  # fmt: skip

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_compiled"] = None  # compiled again on first use in the receiving process
        return state


def compile_pattern(rule: Rule, source: str, key: str) -> regex.Pattern:
    try:
        return regex.compile(source)
    except (regex.error, OverflowError) as error:
        raise RuleError(
            rule.file, f"'{key}' does not compile: {error}", rule.id, rule.line_of(key)
        ) from None


def timed_finditer(
    pattern: regex.Pattern,
    text: str,
    start: int = 0,
    end: int | None = None,
    timeout: float | None = None,
) -> Iterator[regex.Match]:
    """``pattern.finditer(text, start, end)``, out of time only when ``timeout`` passes
    without a match.

    A finditer's time limit covers its whole iteration: a window of a text made of one notice
    repeated 200,000 times holds 200,000 quick matches that together run out of time on a busy
    machine, and the rule then finds nothing there.  So when one runs out of time after a
    match, a new one carries on from that match.  A catastrophic pattern still stops after
    ``timeout`` without a match; the per-file time limit bounds a file as a whole.
    """
    end = len(text) if end is None else end
    resume, empty_at = start, -1  # after an empty match at p, finditer goes on from p
    while True:
        matched = False
        try:
            for found in pattern.finditer(text, resume, end, timeout=timeout):
                if found.start() == found.end() == empty_at:
                    continue  # the empty match already given, found again by the new finditer
                matched = True
                yield found
                resume = found.end()
                empty_at = resume if found.start() == resume else -1
            return
        except TimeoutError:
            if not matched:
                raise
