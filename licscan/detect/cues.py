"""Cue vocabularies and the clause list: the words a rights sentence is read by, as rule data.

A rule file may hold ``cues`` (category -> cue -> language -> phrases), ``clauses`` (the
decision list: which cues make which clause type) and ``triggers`` (the cue categories whose
words wake the reading up).  The vocabularies of every rule file are merged, so an extra rule
file can add a phrase or a language to a built-in cue.  docs/terms.md explains the phrase
syntax and the categories; :mod:`licscan.detect.clauses` reads sentences with them.

Phrase syntax: words separated by spaces (any run of whitespace in the text); ``*`` inside or
at the end of a word stands for any letters (``reprodu*``); ``#`` for a number (``# words``);
``-`` for a hyphen, a space or nothing (``re-use``); an apostrophe for either apostrophe.
Matching ignores case and never starts or ends inside a word.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import regex

from licscan.detect.rule import RuleError
from licscan.model import TERM_TYPES

# the categories the reading knows; docs/terms.md says what each one means to it
CATEGORIES = (
    "work", "act", "use", "modality", "condition", "exception", "size", "purpose",
    "reservation", "scope", "block",
)  # fmt: skip
VOCABULARY_KEYS = ("cues", "clauses", "triggers")
_CLAUSE_KEYS = {"type", "all", "none"}
_NAME = regex.compile(r"^[a-z][a-z0-9-]*$")
_LANGUAGE = regex.compile(r"^[a-z]{2,3}$")
_NUMBER = r"\d+(?:[.,]\d+)?"
_ESCAPES = {"*": r"\w*", "#": _NUMBER, "'": "['’]", "’": "['’]", "-": r"[-‐‑ ]?"}


@dataclass(frozen=True)
class ClauseRule:
    """One entry of the decision list: a clause type and the cues it needs and must not have."""

    term_type: str
    all_of: tuple[frozenset[str], ...]  # each: alternatives, "category" or "category:cue"
    none_of: frozenset[str]
    line: int

    def holds(self, present: set[str]) -> bool:
        return all(group & present for group in self.all_of) and not self.none_of & present


@dataclass
class Vocabulary:
    """Every cue phrase compiled into one pattern, the clause list and the trigger keywords."""

    phrases: list[tuple[str, str]] = field(default_factory=list)  # (phrase, "category:cue")
    clauses: list[ClauseRule] = field(default_factory=list)
    keywords: tuple[str, ...] = ()
    _pattern: regex.Pattern | None = field(default=None, init=False, repr=False, compare=False)
    _names: tuple[str, ...] = field(default=(), init=False, repr=False, compare=False)

    def __bool__(self) -> bool:
        return bool(self.phrases and self.clauses)

    @property
    def pattern(self) -> regex.Pattern:
        """One alternation of every phrase, longest first, each phrase its own group: the
        longer phrase wins where two start at one place ("may not" before "may")."""
        if self._pattern is None:
            ordered = sorted(set(self.phrases), key=lambda p: (-len(p[0]), p))
            self._names = ("", *(name for _, name in ordered))
            alternatives = "|".join(f"({phrase_regex(phrase)})" for phrase, _ in ordered)
            self._pattern = regex.compile(rf"(?i)(?<!\w)(?:{alternatives})(?!\w)")
        return self._pattern

    def cues_in(self, text: str, start: int, end: int, timeout: float) -> Iterator[tuple[int, str]]:
        """(offset, "category:cue") of every cue phrase in ``text[start:end]``."""
        pattern = self.pattern
        for m in pattern.finditer(text, start, end, timeout=timeout):
            yield m.start(), self._names[m.lastindex or 0]

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_pattern"] = None  # compiled again on first use in the receiving process
        return state


def phrase_regex(phrase: str) -> str:
    words = ("".join(_ESCAPES.get(c) or regex.escape(c) for c in word) for word in phrase.split())
    return r"\s+".join(words)


def vocabulary_of(files: Iterable[Any]) -> Vocabulary:
    """The merged ``cues``, ``clauses`` and ``triggers`` of the rule files (``RuleFile`` s)."""
    vocabulary = Vocabulary()
    files = list(files)
    for rf in files:
        vocabulary.phrases.extend(_phrases(rf.path, rf.data.get("cues") or {}))
    known = {name for _, name in vocabulary.phrases}
    triggers: list[str] = []
    for rf in files:
        vocabulary.clauses.extend(_clause_rules(rf, known))
        for trigger in _strings(rf.path, rf.data.get("triggers") or [], "triggers"):
            if not _selects(trigger, known):
                raise RuleError(rf.path, f"trigger {trigger!r} names no cue")
            triggers.append(trigger)
    vocabulary.keywords = tuple(sorted({
        _literal_prefix(phrase) for phrase, name in vocabulary.phrases
        if _selected(name, triggers) and _literal_prefix(phrase)
    }))  # fmt: skip
    return vocabulary


def _phrases(path: Path, cues: Any) -> Iterator[tuple[str, str]]:
    if not isinstance(cues, dict):
        raise RuleError(path, "'cues' must map categories to cues")
    for category, named in cues.items():
        if category not in CATEGORIES:
            raise RuleError(path, f"cue category {category!r} must be one of "
                            f"{', '.join(CATEGORIES)}")  # fmt: skip
        if not isinstance(named, dict):
            raise RuleError(path, f"cues.{category} must map cue names to languages")
        for name, languages in named.items():
            where = f"cues.{category}.{name}"
            if not _NAME.match(str(name)) or not isinstance(languages, dict):
                raise RuleError(path, f"{where}: a lowercase name mapping languages to phrases")
            for language, phrases in languages.items():
                if not _LANGUAGE.match(str(language)):
                    raise RuleError(path, f"{where}: {language!r} is not a language code")
                for phrase in _strings(path, phrases, f"{where}.{language}"):
                    _check_phrase(path, where, phrase)
                    yield phrase, f"{category}:{name}"


def _check_phrase(path: Path, where: str, phrase: str) -> None:
    if not any(c.isalnum() or c == "%" for c in phrase.replace("#", "")):
        raise RuleError(path, f"{where}: phrase {phrase!r} has no word")
    try:
        regex.compile(phrase_regex(phrase))
    except regex.error as error:  # pragma: no cover - escaping leaves nothing to fail
        raise RuleError(path, f"{where}: phrase {phrase!r}: {error}") from None


def _strings(path: Path, values: Any, where: str) -> list[str]:
    if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
        raise RuleError(path, f"{where} must be a list of non-empty strings")
    return [" ".join(v.split()) for v in values]


def _clause_rules(rf: Any, known: set[str]) -> Iterator[ClauseRule]:
    entries = rf.data.get("clauses") or []
    if not isinstance(entries, list):
        raise RuleError(rf.path, "'clauses' must be a list of {type, all, none}")
    lines = _item_lines(rf.root, "clauses")
    for index, entry in enumerate(entries):
        line = lines[index] if index < len(lines) else 0
        if not isinstance(entry, dict) or set(entry) - _CLAUSE_KEYS or "all" not in entry:
            raise RuleError(rf.path, "a clause is {type, all: [...], none: [...]}", line=line)
        if entry.get("type") not in TERM_TYPES:
            raise RuleError(rf.path, f"clause type must be one of {', '.join(TERM_TYPES)}",
                            line=line)  # fmt: skip
        groups = [_selector_group(rf.path, s, known, line) for s in _strings(
            rf.path, entry["all"], "clauses[].all")]  # fmt: skip
        none = [_selector_group(rf.path, s, known, line) for s in _strings(
            rf.path, entry.get("none") or [], "clauses[].none")]  # fmt: skip
        yield ClauseRule(entry["type"], tuple(groups), frozenset().union(*none), line)


def _selector_group(path: Path, selector: str, known: set[str], line: int) -> frozenset[str]:
    """``"modality:allowed|modality:must"`` -> its alternatives, each naming a known cue."""
    alternatives = frozenset(a.strip() for a in selector.split("|"))
    for alternative in alternatives:
        if not _selects(alternative, known):
            raise RuleError(path, f"clause selector {alternative!r} names no cue", line=line)
    return alternatives


def _selects(selector: str, known: set[str]) -> bool:
    return selector in known or any(name.split(":")[0] == selector for name in known)


def _selected(name: str, selectors: list[str]) -> bool:
    return name in selectors or name.split(":")[0] in selectors


def _literal_prefix(phrase: str) -> str:
    """The keyword a phrase is found by: its longest piece without a wildcard, lower-cased
    (``reprodu*`` -> ``reprodu``, ``data-mining`` -> ``mining``)."""
    pieces = (piece.strip() for piece in regex.split(r"[*#'’-]", phrase.lower()))
    longest = max(pieces, key=len)
    return longest if len(longest) >= 3 else ""


def _item_lines(root: Any, key: str) -> list[int]:
    import yaml

    if not isinstance(root, yaml.MappingNode):
        return []
    for k, v in root.value:
        if k.value == key and isinstance(v, yaml.SequenceNode):
            return [item.start_mark.line + 1 for item in v.value]
    return []
