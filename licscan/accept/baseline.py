"""The baseline: findings a team has accepted, so that only new problems block.

``.licscan-baseline.json`` (version 1) lists accepted findings by fingerprint, with the path,
line and an excerpt for reviewers and a free-text reason.  It is sorted by (path, rule id,
fingerprint), written with a 2-space indent and a trailing newline and carries no timestamps,
so that regenerating an unchanged baseline changes nothing in version control.  Matching uses
the fingerprint only: fingerprints hold no line numbers, so an edit above a finding does not
resurrect it.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Collection, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from licscan.catalogue import BASELINE_STALE
from licscan.model import DocumentResult, Finding, Severity, fingerprint, number_fingerprints
from licscan.textmap import Span

BASELINE_NAME = ".licscan-baseline.json"
BASELINE_VERSION = 1
EXCERPT_CHARS = 80
# findings about licscan's own bookkeeping never go into a baseline
_NOT_BASELINED = frozenset({BASELINE_STALE})


class BaselineError(Exception):
    """A baseline file that cannot be read or is not a licscan baseline (exit code 2)."""


@dataclass(frozen=True)
class BaselineEntry:
    fingerprint: str
    rule_id: str
    path: str
    line: int
    excerpt: str = ""
    reason: str = ""

    @property
    def sort_key(self) -> tuple[str, str, str]:
        return (self.path, self.rule_id, self.fingerprint)


@dataclass
class Baseline:
    entries: list[BaselineEntry] = field(default_factory=list)

    def by_fingerprint(self) -> dict[str, BaselineEntry]:
        return {entry.fingerprint: entry for entry in self.entries}

    def split(self, rule_ids: Collection[str]) -> tuple[Baseline, Baseline]:
        """The entries of other rules, and those of ``rule_ids`` (findings made apart, such as
        the site audit's after every document)."""
        ours = [entry for entry in self.entries if entry.rule_id in rule_ids]
        return Baseline([e for e in self.entries if e.rule_id not in rule_ids]), Baseline(ours)

    def to_json(self) -> str:
        data = {
            "version": BASELINE_VERSION,
            "accepted": [asdict(entry) for entry in sorted(self.entries, key=lambda e: e.sort_key)],
        }
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def resolve_baseline(given: Path | None, root: Path) -> Path | None:
    """The baseline to apply: the one ``given``, else :data:`BASELINE_NAME` at the project
    ``root`` when it exists.  ``scan``, ``check`` and ``baseline update`` all take it so."""
    if given is not None:
        return Path(given)
    default = Path(root) / BASELINE_NAME
    return default if default.is_file() else None


def read_baseline(path: Path) -> Baseline:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BaselineError(
            f"baseline not found: {path} (create it with `licscan baseline create`)"
        ) from None
    except (OSError, UnicodeDecodeError) as error:
        raise BaselineError(f"cannot read baseline {path}: {error}") from None
    except json.JSONDecodeError as error:
        raise BaselineError(f"{path}: not valid JSON: {error}") from None
    if not isinstance(data, dict) or data.get("version") != BASELINE_VERSION:
        raise BaselineError(f"{path}: not a licscan baseline of version {BASELINE_VERSION}")
    accepted = data.get("accepted")
    if not isinstance(accepted, list):
        raise BaselineError(f'{path}: "accepted" must be a list')
    return Baseline([_entry(path, number, item) for number, item in enumerate(accepted, 1)])


def _entry(path: Path, number: int, item: object) -> BaselineEntry:
    if not isinstance(item, dict) or not isinstance(item.get("fingerprint"), str):
        raise BaselineError(f"{path}: accepted entry {number} has no fingerprint")
    try:
        return BaselineEntry(
            fingerprint=item["fingerprint"],
            rule_id=str(item.get("rule_id", "")),
            path=str(item.get("path", "")),
            line=int(item.get("line", 0)),
            excerpt=str(item.get("excerpt", "")),
            reason=str(item.get("reason", "")),
        )
    except (TypeError, ValueError):
        raise BaselineError(f"{path}: accepted entry {number}: line must be a number") from None


def write_baseline(path: Path, baseline: Baseline) -> None:
    """Write atomically: a temporary file in the target folder, then ``os.replace``."""
    path = Path(path)
    text = baseline.to_json()
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent or Path("."))
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
                out.write(text)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as error:  # named after the baseline, not its temporary file
        raise BaselineError(f"cannot write baseline {path}: {error.strerror or error}; "
                            "check its folder, or choose another --baseline") from None


def entry_for(finding: Finding, reason: str = "") -> BaselineEntry:
    excerpt = " ".join(finding.excerpt.split())
    if len(excerpt) > EXCERPT_CHARS:
        excerpt = excerpt[: EXCERPT_CHARS - 1].rstrip() + "…"
    return BaselineEntry(
        fingerprint=finding.fingerprint,
        rule_id=finding.rule_id,
        path=finding.relpath,
        line=finding.span.line,
        excerpt=excerpt,
        reason=reason,
    )


def baselinable(findings: Iterable[Finding]) -> list[Finding]:
    """Findings a baseline should record: not accepted inline, not licscan's own bookkeeping."""
    return [f for f in findings if f.accepted != "inline" and f.rule_id not in _NOT_BASELINED]


def create_baseline(findings: Iterable[Finding], reason: str = "") -> Baseline:
    return Baseline([entry_for(finding, reason) for finding in baselinable(findings)])


def update_baseline(
    old: Baseline,
    findings: Iterable[Finding],
    scanned_paths: Collection[str],
    exists: Collection[str] = (),
    reason: str = "",
) -> Baseline:
    """The baseline after a rescan of ``scanned_paths``.

    Entries of scanned files keep their reason while their finding still exists and are dropped
    once it is gone; new findings are added with ``reason``.  Entries of files that were not
    scanned are kept as long as the file is in ``exists`` (a rescan of one folder must not
    forget the rest of the site); entries of deleted files are dropped.
    """
    previous = old.by_fingerprint()
    scanned = set(scanned_paths)
    entries = []
    for finding in baselinable(findings):
        kept = previous.get(finding.fingerprint)
        entries.append(entry_for(finding, kept.reason if kept else reason))
    current = {entry.fingerprint for entry in entries}
    entries.extend(
        entry
        for entry in old.entries
        if entry.fingerprint not in current and entry.path not in scanned and entry.path in exists
    )
    return Baseline(entries)


def apply_baseline(
    findings: list[Finding], baseline: Baseline, scanned_paths: Collection[str]
) -> list[Finding]:
    """Mark findings listed in ``baseline`` as accepted; return stale-entry findings.

    An entry is stale when its file was scanned and its fingerprint was not found.  Findings
    already accepted inline keep that status (the marker is the more specific statement).
    """
    entries = baseline.by_fingerprint()
    found: set[str] = set()
    for finding in findings:
        entry = entries.get(finding.fingerprint)
        if entry is None:
            continue
        found.add(finding.fingerprint)
        if not finding.accepted:
            finding.accepted = "baseline"
            finding.accepted_reason = entry.reason
    scanned = set(scanned_paths)
    stale = [
        stale_finding(entry)
        for entry in sorted(baseline.entries, key=lambda e: e.sort_key)
        if entry.path in scanned and entry.fingerprint not in found
    ]
    number_fingerprints(stale)
    return stale


def stale_finding(entry: BaselineEntry) -> Finding:
    line = max(entry.line, 1)
    return Finding(
        relpath=entry.path,
        rule_id=BASELINE_STALE,
        kind="config",
        severity=Severity.info,
        message=(
            f"Baseline entry {entry.fingerprint} ({entry.rule_id}) no longer matches a finding; "
            f"remove it with `licscan baseline update`"
        ),
        span=Span(0, 0, line, 1, line, 1),
        excerpt=entry.excerpt,
        fingerprint=fingerprint(BASELINE_STALE, entry.path, entry.fingerprint),
    )


def with_baseline(
    results: Iterable[DocumentResult], baseline: Baseline
) -> Iterator[DocumentResult]:
    """Mark baselined findings accepted and add a stale-entry finding to each scanned document."""
    for result in results:
        relpath = result.document.relpath
        result.findings.extend(apply_baseline(result.findings, baseline, {relpath}))
        yield result
