"""The console's list of findings, the same for ``licscan scan`` and ``licscan check``.

One block per finding: where it is, its rule and severity, the full message, the excerpt, the
source of reused text and what to do.  Listed are the unaccepted findings at or above
``--fail-on`` and, whatever ``--fail-on`` says, the problems with accepting findings (an ignore
marker that accepts nothing, a stale baseline entry): a user must learn why an acceptance did
nothing.  This module is free of pandas: ``check`` builds its problems from findings, ``scan``
from table rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Console

from licscan.catalogue import ACCEPTANCE_PROBLEMS, fix_of
from licscan.model import Severity
from licscan.textmap import where

EXCERPT_CHARS = 160  # an excerpt is a reminder of the place, not the text itself


@dataclass(frozen=True)
class Problem:
    """One finding as the console lists it."""

    path: str
    line: int
    column: int
    rule_id: str
    severity: str
    message: str
    excerpt: str = ""
    accepted: str = ""  # "baseline" | "inline" | "" (not accepted)
    accepted_reason: str = ""
    source: str = ""  # reused text: its source's publisher (or id) and URL
    terms: str = ""  # reused text: the source's terms, whether credit and link were found
    location: str = ""  # the place in a binary document ("page 3, line 12")


def is_listed(
    severity: str,
    rule_id: str,
    accepted: str,
    fail_on: str,
    min_severity: str = "info",
    include_accepted: bool = False,
) -> bool:
    """Whether the console lists a finding (see the module's docstring)."""
    if Severity(severity).rank < Severity(min_severity).rank:
        return False
    if accepted:
        return include_accepted
    return Severity(severity).rank >= Severity(fail_on).rank or rule_id in ACCEPTANCE_PROBLEMS


def source_line(publisher: str, source_id: str, url: str) -> str:
    source = publisher or source_id
    return f"{source} <{url}>" if url else source


def terms_line(terms: str, attributed: bool, linked: bool) -> str:
    credit = "found" if attributed else "missing"
    link = "found" if linked else "missing"
    return f"{(terms or 'unknown').replace('_', ' ')}; credit {credit}, link {link}"


def problem_block(problem: Problem) -> str:
    """The lines of one finding: the full message on the first, then excerpt, source, fix."""
    message, fix = message_and_fix(problem.message, problem.rule_id)
    lines = [
        f"{where(problem.path, problem.line, problem.column, problem.location)}: {problem.rule_id} "
        f"[{problem.severity}] {message}"
    ]
    if problem.excerpt:
        lines.append(f"  | {_shorten(problem.excerpt, EXCERPT_CHARS)}")
    if problem.source:
        lines.append(f"  source: {problem.source}")
    if problem.terms:
        lines.append(f"  terms: {problem.terms}")
    if problem.accepted:
        lines.append(f"  accepted ({problem.accepted}): {problem.accepted_reason or 'no reason'}")
    elif fix:
        lines.append(f"  fix: {fix}")
    return "\n".join(lines)


def message_and_fix(message: str, rule_id: str) -> tuple[str, str]:
    """A finding's message split from what to do: the judge ends its messages with their fix,
    a built-in rule's fix is in the catalogue ("" when neither says)."""
    message, _, fix = message.partition(" Fix: ")
    return message, fix.strip().rstrip(".") or fix_of(rule_id)


def plain_console(stderr: bool = False) -> Console:
    """A console for licscan's own text: wrapped at word boundaries to a terminal's width,
    and neither wrapped nor coloured when the output goes to a file or a pipe."""
    console = Console(stderr=stderr, highlight=False, emoji=False)
    console.soft_wrap = not console.is_terminal
    return console


def print_text(text: str, console: Console | None = None) -> None:
    """``text`` as it is (no markup read in scanned text), wrapped as :func:`plain_console`."""
    console = console or plain_console()
    console.print(text, markup=False, end="")


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
