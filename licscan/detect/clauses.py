"""Reading reuse terms from what a sentence says, and gathering a footer's clauses into one
statement.

A sentence is read by its cues (:mod:`licscan.detect.cues`): the work, the act, the modality,
the conditions, the size.  It is read only when it speaks of the page's own content — a
``scope`` cue ("this", "our", "you", "all") or a sentence that opens with a cue ("Reproduction
…", "Excerpts …") — and holds no ``block`` cue (reported speech: "said", "the court", "was").
Each entry of the clause list that its cues satisfy gives a clause; the sentence's type is its
most specific clause (:data:`~licscan.model.TERM_PRECEDENCE`).

Then the term matches of one block (pattern rules' and sentences' alike) become one statement:
its type the most specific clause, ``clauses`` all of them, ``cues`` what decided the type.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import regex

from licscan.model import TERM_PRECEDENCE

if TYPE_CHECKING:
    from licscan.detect.cues import Vocabulary
    from licscan.detect.runner import Hit

STATEMENT_GAP = 200  # characters between two matches of one statement (within a paragraph)
_SYMBOL = regex.compile(r"[©℗]|\((?i:c)\)")  # a notice's symbol; its words are statement cues
_SENTENCE_END = regex.compile(r"(?<=[.!?;])\s+|\n|\s+[•·|]\s+|\s+[-–—]\s+(?=\p{Lu})")
_OPENING = regex.compile(r"[^\p{L}\p{N}]*[\p{L}\p{N}]+(?:[^\p{L}\p{N}]+[\p{L}\p{N}])?")
_GATES = ("scope", "statement", "block")
_NOT_OPENING = ("statement",)  # "Copyright law …" opens no sentence about the page's terms
_FLAGS = {
    "condition:credit": "credit_required",
    "condition:link": "link_required",
    "condition:non-commercial": "non_commercial",
    "purpose:personal": "non_commercial",
}
_SIZES = {
    "size:words": ("max_excerpt_words", int),
    "size:percent": ("max_excerpt_percent", float),
    "size:characters": ("max_excerpt_chars", int),
}
_NUMBER = regex.compile(r"\d+(?:[.,]\d+)?")
_LETTER = regex.compile(r"\p{L}")


def sentences(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """The sentences of ``text[start:end]`` (also cut at bullets, bars and line ends), trimmed."""
    position = start
    for cut in _SENTENCE_END.finditer(text, start, end):
        yield from _trimmed(text, position, cut.start())
        position = cut.end()
    yield from _trimmed(text, position, end)


def _trimmed(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """The sentence as a pattern rule would match it: from its first letter (not a list
    number, a bullet, an opening quote) to its end without the final stop."""
    first = _LETTER.search(text, start, end)
    if first is None:
        return
    stop = first.start() + len(text[first.start() : end].rstrip().rstrip(".;, ").rstrip())
    yield first.start(), stop


def read_window(
    vocabulary: Vocabulary, text: str, start: int, end: int, triggers: list[int]
) -> Iterator[tuple[int, int, dict[str, Any]]]:
    """(start, end, values) of each sentence of ``text[start:end]`` that holds a trigger word
    (``triggers``: their sorted offsets) and states a reuse term.  A sentence next to a rights
    statement (see :func:`_states_rights`) is in its scope."""
    before: tuple[int, int, bool] | None = None  # the sentence before, and whether it gave a term
    for begin, stop in sentences(text, start, end):
        first = bisect.bisect_left(triggers, begin)
        values = None
        if first < len(triggers) and triggers[first] < stop:
            # the sentence before this one is read only when this one's scope is in doubt
            values = read_sentence(
                vocabulary, text, begin, stop,
                scoped=lambda prior=before: (
                    prior is not None and _states_rights(vocabulary, text, *prior)
                ),
            )
        if values is not None:
            yield begin, stop, values
        before = (begin, stop, values is not None)


def _states_rights(vocabulary: Vocabulary, text: str, start: int, end: int, term: bool) -> bool:
    """Whether a sentence belongs to a rights statement: it gave a term, or holds a notice's
    symbol or a ``statement`` cue ("Copyright", "All rights reserved")."""
    if term or _SYMBOL.search(text, start, end):
        return True
    return any(name.startswith("statement:") for _, name in vocabulary.cues_in(text, start, end))


def read_sentence(
    vocabulary: Vocabulary, text: str, start: int, end: int,
    scoped: Callable[[], bool] = lambda: False,
) -> dict[str, Any] | None:
    """The term values one sentence gives (``term_type``, ``clauses``, ``cues`` and its
    conditions), or None when it states no reuse term.  ``scoped()``: known to speak of the
    page's content (next to its rights statement) without a scope cue of its own."""
    found = list(vocabulary.cues_in(text, start, end))
    present = {name for _, name in found} | {name.split(":")[0] for _, name in found}
    if not found or "block" in present:
        return None
    if not _in_scope(text, start, found, present) and not scoped():
        return None
    types = [r.term_type for r in vocabulary.clauses if r.holds(present, found)]
    if not types:
        return None
    clauses = sorted(set(types), key=TERM_PRECEDENCE.index)
    cues = [name for _, name in found if name.split(":")[0] not in _GATES]
    values: dict[str, Any] = {
        "term_type": clauses[0],
        "clauses": clauses,
        "cues": " ".join(dict.fromkeys(cues)),
    }
    values.update(_conditions(text, found, start, end))
    return values


def _in_scope(text: str, start: int, found: list[tuple[int, str]], present: set[str]) -> bool:
    """A sentence about the page's own content: a scope cue, or a cue among its first two
    words ("Reproduction …", "Further distribution …", "Queda prohibida …")."""
    if "scope" in present:
        return True
    opening = _OPENING.match(text, start)
    first = next((at for at, name in found if name.partition(":")[0] not in _NOT_OPENING),
                 len(text))  # fmt: skip
    return opening is not None and first < opening.end()


def _conditions(text: str, found: list[tuple[int, str]], start: int, end: int) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for position, name in found:
        if name in _FLAGS:
            values[_FLAGS[name]] = True
        elif name in _SIZES and _SIZES[name][0] not in values:
            number = _NUMBER.search(text, position, end)
            if number:
                column, kind = _SIZES[name]
                values[column] = kind(number.group(0).replace(",", "."))
    return values


# ---------------------------------------------------------------- statements


def hit_type(hit: Hit) -> str:
    return hit.values.get("term_type") or hit.rule.term_type


def statements(hits: list[Hit], text: str) -> list[Hit]:
    """Term matches (in text order) of one block merged into one statement each."""
    merged: list[Hit] = []
    for group in _blocks(hits, text):
        # most specific first; of one type, a pattern rule's match first (it reads contacts,
        # credit targets and licence ids that the cue reading does not)
        ranked = sorted(group, key=lambda h: (TERM_PRECEDENCE.index(hit_type(h)), is_reading(h)))
        decider = ranked[0]
        values: dict[str, Any] = {}
        for hit in ranked:  # the decider's values first, then the others' in precedence order
            for key, value in {**hit.rule.conditions, **hit.values}.items():
                if values.get(key) in (None, "", [], ()):
                    values[key] = value
        clauses = {c for hit in group for c in hit.values.get("clauses") or [hit_type(hit)]}
        if "permission_required" in clauses:  # a route to permission: no flat ban after all
            clauses.discard("no_reproduction")
        values["term_type"] = hit_type(decider)
        values["clauses"] = sorted(clauses, key=TERM_PRECEDENCE.index)
        values["cues"] = _cues(decider, ranked)
        start, end = min(h.start for h in group), max(h.end for h in group)
        merged.append(replace(decider, start=start, end=end, values=values))
    return merged


def is_reading(hit: Hit) -> bool:
    return hit.rule.vocabulary is not None


def _cues(decider: Hit, ranked: list[Hit]) -> str:
    """What decided the type: the cues of the sentence read for it, else the pattern rule."""
    for hit in ranked:
        if hit_type(hit) == hit_type(decider) and hit.values.get("cues"):
            return str(hit.values["cues"])
    return f"pattern:{decider.rule.id}"


def _blocks(hits: list[Hit], text: str) -> Iterator[list[Hit]]:
    """Runs of matches that overlap or stand close in one paragraph; a clause said again in
    the same words starts a new statement (a page of repeated notices is one statement per
    notice)."""
    group: list[Hit] = []
    said: set[tuple[str, str]] = set()
    reach = 0
    for hit in sorted(hits, key=lambda h: (h.start, h.end)):
        clause = (hit_type(hit), text[hit.start : hit.end])
        if group and hit.start >= reach and (
            clause in said or not _same_block(text, reach, hit.start)
        ):
            yield group
            group, said = [], set()
        reach = max(reach, hit.end) if group else hit.end
        group.append(hit)
        said.add(clause)
    if group:
        yield group


def _same_block(text: str, end: int, start: int) -> bool:
    return start - end <= STATEMENT_GAP and "\n\n" not in text[end:start]
