"""Cue vocabularies and the clause list: the words a rights sentence is read by, as rule data.

A rule file may hold ``cues`` (category -> cue -> language -> phrases separated by commas),
``clauses`` (the
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

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from licscan.detect.rule import RuleError
from licscan.model import TERM_TYPES

if TYPE_CHECKING:
    from licscan.detect.rule_files import RuleFile

# the categories the reading knows; docs/terms.md says what each one means to it
CATEGORIES = (
    "work", "act", "use", "modality", "condition", "exception", "size", "purpose",
    "reservation", "scope", "statement", "block",
)  # fmt: skip
VOCABULARY_KEYS = ("cues", "clauses", "triggers")
_CLAUSE_KEYS = {"type", "all", "none", "near"}
_NAME = re.compile(r"^[a-z][a-z0-9-]*$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")
_NUMBER = r"\d+(?:[.,]\d+)?"
_ESCAPES = {"*": r"\w*", "#": _NUMBER, "'": "['’]", "’": "['’]", "-": r"[-‐‑ ]?"}
_SPECIAL = re.compile(r"[*#'’-]")


@dataclass(frozen=True)
class ClauseRule:
    """One entry of the decision list: a clause type and the cues it needs and must not have."""

    term_type: str
    all_of: tuple[frozenset[str], ...]  # each: alternatives, "category" or "category:cue"
    none_of: frozenset[str]
    line: int
    near: int | None = None  # the cues that satisfy all_of start within this many characters

    def holds(self, present: set[str], found: list[tuple[int, str]]) -> bool:
        """Whether a sentence whose cues are ``found`` ((offset, name); ``present``: their
        names and categories) gives this clause."""
        if not all(group & present for group in self.all_of) or self.none_of & present:
            return False
        return self.near is None or self._close(found)

    def _close(self, found: list[tuple[int, str]]) -> bool:
        """One cue of each ``all_of`` item, all within ``near`` characters."""
        assert self.near is not None
        offsets = [
            [at for at, name in found if name in group or name.partition(":")[0] in group]
            for group in self.all_of
        ]
        return any(
            all(any(low <= at <= low + self.near for at in group) for group in offsets)
            for low in {at for group in offsets for at in group}
        )


class _Phrase:
    """One phrase of a cue, its pattern compiled on first use (most phrases never run)."""

    __slots__ = ("_pattern", "name", "source")

    def __init__(self, source: str, name: str) -> None:
        self.source, self.name = source, name
        self._pattern: re.Pattern[str] | None = None

    def match(self, text: str, position: int, end: int) -> int:
        """Where the phrase ends when it starts at ``position``, else -1.

        The standard ``re`` compiles these small patterns several times faster than ``regex``,
        and a vocabulary's worth of them would flush the ``regex`` cache of the rules' patterns.
        """
        if self._pattern is None:
            self._pattern = _phrase_pattern(self.source)
        found = self._pattern.match(text, position, end)
        return found.end() if found else -1


@dataclass
class _Index:
    """Phrases by how their first word begins: the whole word, a prefix before a wildcard, or
    a number; each list longest first, so the longer phrase wins ("may not" before "may")."""

    words: dict[str, list[_Phrase]] = field(default_factory=dict)
    prefixes: dict[str, list[_Phrase]] = field(default_factory=dict)
    numbers: list[_Phrase] = field(default_factory=list)
    prefix_lengths: tuple[int, ...] = ()
    seen: dict[str, list[_Phrase]] = field(default_factory=dict)  # word -> its candidates

    @classmethod
    def of(cls, phrases: Iterable[tuple[str, str]]) -> _Index:
        index = cls()
        for source, name in sorted(set(phrases), key=lambda p: (-len(p[0]), p)):
            phrase = _Phrase(source, name)
            first = source.split()[0].lower()
            head = _SPECIAL.split(first, maxsplit=1)[0]
            if not head:
                index.numbers.append(phrase)
            elif head == first:
                index.words.setdefault(head, []).append(phrase)
            else:
                index.prefixes.setdefault(head, []).append(phrase)
        index.prefix_lengths = tuple(sorted({len(head) for head in index.prefixes}))
        return index

    def candidates(self, word: str) -> list[_Phrase]:
        found = self.seen.get(word)
        if found is None:
            if len(self.seen) > _SEEN_WORDS:
                self.seen.clear()
            found = self.seen[word] = self._candidates(word.lower())
        return found

    def _candidates(self, low: str) -> list[_Phrase]:
        found = list(self.words.get(low, ()))
        for length in self.prefix_lengths:
            if length > len(low):
                break
            found += self.prefixes.get(low[:length], ())
        if low.isdigit():
            found += self.numbers
        return sorted(found, key=lambda p: -len(p.source)) if len(found) > 1 else found


_WORD = re.compile(r"\w+")
_URL = re.compile(r"(?i)(?:https?://|www\.)\S+|\S+@\S+\.\w+")
_SEEN_WORDS = 50_000  # words whose candidates are kept: a vocabulary's worth of a language


@dataclass
class Vocabulary:
    """Every cue phrase, the clause list and the trigger keywords."""

    phrases: list[tuple[str, str]] = field(default_factory=list)  # (phrase, "category:cue")
    clauses: list[ClauseRule] = field(default_factory=list)
    keywords: tuple[str, ...] = ()
    _index: _Index | None = field(default=None, init=False, repr=False, compare=False)

    def __bool__(self) -> bool:
        return bool(self.phrases and self.clauses)

    def cues_in(self, text: str, start: int, end: int) -> Iterator[tuple[int, str]]:
        """(offset, "category:cue") of every cue phrase in ``text[start:end]``, left to right,
        none overlapping.  A phrase starts at a word: the words are looked up, and only the
        phrases their beginning names are tried there."""
        if self._index is None:
            self._index = _Index.of(self.phrases)
        index = self._index
        reach = start
        urls = [m.span() for m in _URL.finditer(text, start, end)]  # their words are no cues
        for word in _WORD.finditer(text, start, end):
            if word.start() < reach or any(a <= word.start() < b for a, b in urls):
                continue
            for phrase in index.candidates(word.group()):
                stop = phrase.match(text, word.start(), end)
                if stop > 0:
                    yield word.start(), phrase.name
                    reach = stop
                    break

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_index"] = None  # built again on first use in the receiving process
        return state


@cache
def _phrase_pattern(source: str) -> re.Pattern[str]:
    """Compiled once per process: ``re.compile`` again would evict other modules' patterns
    from ``re``'s own cache, and they would compile again."""
    return re.compile(rf"(?i){phrase_regex(source)}(?!\w)")


def phrase_regex(phrase: str) -> str:
    """A phrase as a pattern of the standard ``re`` (see the module's docstring)."""
    words = ("".join(_ESCAPES.get(c) or re.escape(c) for c in word) for word in phrase.split())
    return r"\s+".join(words)


def vocabulary_of(files: Iterable[RuleFile]) -> Vocabulary:
    """The merged ``cues``, ``clauses`` and ``triggers`` of the rule files (``RuleFile`` s).

    Every scan loads its rules again: a vocabulary read from the same files is the one built
    before (with the words it has already looked up).
    """
    files = [rf for rf in files if any(key in rf.data for key in VOCABULARY_KEYS)]
    key = tuple((str(rf.path), rf.text) for rf in files)
    if key not in _BUILT:
        if len(_BUILT) >= _BUILT_KEPT:
            _BUILT.clear()
        _BUILT[key] = _build(files)
    return _BUILT[key]


_BUILT: dict[tuple[tuple[str, str], ...], Vocabulary] = {}
_BUILT_KEPT = 8  # vocabularies kept: the built-in one, and a few with extra rule files


def _build(files: list[RuleFile]) -> Vocabulary:
    vocabulary = Vocabulary()
    for rf in files:
        vocabulary.phrases.extend(_phrases(rf.path, rf.data.get("cues") or {}))
    names = {name for _, name in vocabulary.phrases}
    known = names | {name.split(":")[0] for name in names}  # every cue and every category
    triggers: list[str] = []
    for rf in files:
        vocabulary.clauses.extend(_clause_rules(rf, known))
        for trigger in _strings(rf.path, rf.data.get("triggers") or [], "triggers"):
            if not _selects(trigger, known):
                raise RuleError(rf.path, f"trigger {trigger!r} names no cue")
            triggers.append(trigger)
    vocabulary.keywords = _shortest({
        keyword for phrase, name in vocabulary.phrases
        if name in triggers or name.partition(":")[0] in triggers
        for keyword in _keywords(phrase)
    })  # fmt: skip
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
                for phrase in _phrase_list(path, phrases, f"{where}.{language}"):
                    _check_phrase(path, where, phrase)
                    yield phrase, f"{category}:{name}"


def _check_phrase(path: Path, where: str, phrase: str) -> None:
    """A phrase needs a word (everything else in it is escaped, so it always compiles)."""
    if not any(c.isalnum() or c == "%" for c in phrase.replace("#", "")):
        raise RuleError(path, f"{where}: phrase {phrase!r} has no word")


def _phrase_list(path: Path, value: Any, where: str) -> list[str]:
    """A language's phrases: one string, the phrases separated by commas (a YAML list of many
    short strings takes several times longer to read, on every scan)."""
    if not isinstance(value, str):
        raise RuleError(path, f"{where} must be a string of phrases separated by commas")
    return _strings(path, value.split(","), where)


def _strings(path: Path, values: Any, where: str) -> list[str]:
    if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
        raise RuleError(path, f"{where} must be a list of non-empty strings")
    return [" ".join(v.split()) for v in values]


def _clause_rules(rf: RuleFile, known: set[str]) -> Iterator[ClauseRule]:
    entries = rf.data.get("clauses") or []
    if not isinstance(entries, list):
        raise RuleError(rf.path, "'clauses' must be a list of {type, all, none}")
    lines = item_lines(rf.root, "clauses")
    for index, entry in enumerate(entries):
        line = lines[index] if index < len(lines) else 0
        if not isinstance(entry, dict) or set(entry) - _CLAUSE_KEYS or "all" not in entry:
            raise RuleError(rf.path, "a clause is {type, all: [...], none: [...], near: N}",
                            line=line)  # fmt: skip
        if entry.get("type") not in TERM_TYPES:
            raise RuleError(rf.path, f"clause type must be one of {', '.join(TERM_TYPES)}",
                            line=line)  # fmt: skip
        groups = [_selector_group(rf.path, s, known, line) for s in _strings(
            rf.path, entry["all"], "clauses[].all")]  # fmt: skip
        none = [_selector_group(rf.path, s, known, line) for s in _strings(
            rf.path, entry.get("none") or [], "clauses[].none")]  # fmt: skip
        near = entry.get("near")
        if near is not None and (not isinstance(near, int) or isinstance(near, bool) or near < 1):
            raise RuleError(rf.path, "a clause's 'near' is a number of characters", line=line)
        yield ClauseRule(entry["type"], tuple(groups), frozenset().union(*none), line, near)


def _selector_group(path: Path, selector: str, known: set[str], line: int) -> frozenset[str]:
    """``"modality:allowed|modality:must"`` -> its alternatives, each naming a known cue."""
    alternatives = frozenset(a.strip() for a in selector.split("|"))
    for alternative in alternatives:
        if not _selects(alternative, known):
            raise RuleError(path, f"clause selector {alternative!r} names no cue", line=line)
    return alternatives


def _selects(selector: str, known: set[str]) -> bool:
    return selector in known


def _shortest(keywords: set[str]) -> tuple[str, ...]:
    """The keywords no other keyword is part of: a keyword matches inside a longer one
    ("reproduce" in "reproduced"), so the longer adds nothing to the prefilter."""
    kept: list[str] = []
    for keyword in sorted(keywords, key=len):
        if not any(shorter in keyword for shorter in kept):
            kept.append(keyword)
    return tuple(sorted(kept))


def _keywords(phrase: str) -> list[str]:
    """The keywords a phrase is found by: its text up to a wildcard or an apostrophe,
    lower-cased, a hyphen written each way it matches (``reprodu*`` -> ``reprodu``,
    ``re-use`` -> ``re-use``, ``reuse``, ``re use``)."""
    prefix = re.split(r"[*#'’]", phrase.lower(), maxsplit=1)[0].strip()
    if len(prefix.replace("-", "")) < 3:
        return []
    return sorted({prefix.replace("-", joint) for joint in ("-", "", " ")})


def item_lines(root: Any, key: str) -> list[int]:
    import yaml

    if not isinstance(root, yaml.MappingNode):
        return []
    for k, v in root.value:
        if k.value == key and isinstance(v, yaml.SequenceNode):
            return [item.start_mark.line + 1 for item in v.value]
    return []
