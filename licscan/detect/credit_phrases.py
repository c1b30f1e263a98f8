"""Credit phrases (``kind: attribution`` rules): where a text says whom it credits.

An attribution rule's patterns match a credit *phrase*; its ``position`` says where the
credited name stands: ``after`` the phrase ("Source: X", "via X", "according to X", "laut X")
or ``before`` it ("X reported", "X berichtet").  The rules do not know the names: a caller
asks which of *its* names a phrase credits (the matcher: the names of a source a passage was
reused from), with a compiled pattern of those names.

:func:`find_cues` runs the rules once over a text; :func:`credits` then finds, for one names
pattern, every ``[start, end)`` range made of a phrase and the name it credits.  The name must
stand right next to the phrase (spaces, a colon or a dash between; for a phrase ending its line,
at the start of the next), on one line, within :data:`WINDOW` characters.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import regex

from licscan.detect.rule import Rule, timed_finditer

WINDOW = 120  # characters searched for a name next to a credit phrase
_GAP = " \t\u00a0:：-–—"  # what may stand between a phrase and its name
_ARTICLE = regex.compile(r"\p{L}{1,3}[ \t\u00a0]+|\p{L}['’]")  # a short word: an article


class NamePattern(Protocol):
    def match(self, string: str, pos: int = ..., endpos: int = ...): ...

    def finditer(self, string: str, pos: int = ..., endpos: int = ...): ...


@dataclass(frozen=True)
class Cue:
    """One credit phrase found in a text."""

    rule: Rule
    start: int
    end: int


def find_cues(text: str, rules: Sequence[Rule], timeout: float | None = None) -> list[Cue]:
    """Every credit phrase of the attribution ``rules`` in ``text``, in text order.  A
    pattern that runs out of time gives no cues (credit is then looked for by the others)."""
    cues: list[Cue] = []
    for rule in rules:
        for pattern in rule.patterns:
            try:
                found = list(timed_finditer(pattern, text, timeout=timeout))
            except TimeoutError:
                continue
            cues += [Cue(rule, m.start(), m.end()) for m in found if m.end() > m.start()]
    cues.sort(key=lambda c: (c.start, c.end))
    return cues


def credits(text: str, cues: Sequence[Cue], names: NamePattern) -> list[tuple[int, int]]:
    """Ranges ``[start, end)`` of the credit phrases in ``cues`` that credit a name matched by
    ``names``, each with its name."""
    found: dict[tuple[int, int], None] = {}  # a dict: ordered, without duplicates
    for cue in cues:
        if cue.rule.position == "before":
            span = _name_before(text, cue, names)
        else:
            span = _name_after(text, cue, names)
        if span is not None:
            found[span] = None
    return list(found)


def _name_after(text: str, cue: Cue, names: NamePattern) -> tuple[int, int] | None:
    pos, lines = cue.end, 0
    while pos < len(text) and (text[pos] in _GAP or (text[pos] == "\n" and lines < 2)):
        lines += text[pos] == "\n"  # "Source:" alone on its line, the name on the next
        pos += 1
    stop = min(_line_end(text, pos), pos + WINDOW)
    name = names.match(text, pos, stop)
    if name is None:  # "selon le Monde", "laut dem Spiegel", "d'après l'AFP"
        article = _ARTICLE.match(text, pos, stop)
        name = names.match(text, article.end(), stop) if article else None
    return (cue.start, name.end()) if name else None


def _name_before(text: str, cue: Cue, names: NamePattern) -> tuple[int, int] | None:
    stop = cue.start
    while stop > 0 and text[stop - 1] in _GAP:
        stop -= 1
    start = max(_line_start(text, stop), stop - WINDOW)
    for name in names.finditer(text, start, stop):
        if name.end() == stop:
            return name.start(), cue.end
    return None


def _line_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def _line_end(text: str, pos: int) -> int:
    end = text.find("\n", pos)
    return len(text) if end == -1 else end
