"""``licscan check``: the pre-commit / pre-deploy check of a few files.

It runs the scan pipeline's per-file unit (:func:`licscan.run.unit.process_entry`) on just the
files it is given, with the rules and the source index loaded once, then applies the baseline
and renders what blocks.  It stays free of pandas so that checking one staged file starts
quickly.

Paths in findings (and so fingerprints and baseline entries) are relative to the *project root*
(:func:`licscan.config.find_project_root`): ``check content/post.md`` and a scan of the whole
site give the same file the same identity.  ``check --staged`` (:func:`run_staged_check`) scans
the content staged in git's index under the same paths, for a plain git pre-commit hook.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from licscan.accept.baseline import read_baseline, resolve_baseline, with_baseline
from licscan.catalogue import BASELINE_STALE
from licscan.discover import skipped_summary
from licscan.exitcodes import EXIT_FINDINGS, EXIT_OK
from licscan.model import (
    DocStatus,
    DocumentResult,
    FileEntry,
    Finding,
    Match,
    ScanWarning,
    Severity,
)
from licscan.options import ScanOptions
from licscan.report.problems import Problem, is_listed, problem_block, source_line, terms_line

if TYPE_CHECKING:
    from licscan.check.sarif import RuleInfo
    from licscan.run.context import ScanContext

JSON_SCHEMA_VERSION = 1
FINDING_KEYS = (
    "path", "start", "end", "line", "column", "end_line", "end_column", "severity", "rule_id",
    "kind", "message", "excerpt", "accepted", "accepted_reason", "fingerprint",
)  # the same names as the findings table of scan reports


@dataclass
class CheckResult:
    root: Path
    options: ScanOptions
    documents: list[DocumentResult] = field(default_factory=list)
    rules: dict[str, RuleInfo] = field(default_factory=dict)
    baseline_path: Path | None = None
    warnings: list[ScanWarning] = field(default_factory=list)  # e.g. an empty source index

    @property
    def findings(self) -> list[Finding]:
        return [finding for result in self.documents for finding in result.findings]

    def reported(self) -> list[Finding]:
        """The findings at or above the options' ``min_severity``: what JSON and SARIF hold."""
        lowest = Severity(self.options.min_severity).rank
        return [f for f in self.findings if f.severity.rank >= lowest]

    def blocking(self, fail_on: str | None = None) -> list[Finding]:
        """Unaccepted findings at or above ``fail_on`` (default: the options' ``fail_on``)."""
        threshold = Severity(fail_on or self.options.fail_on).rank
        return [f for f in self.findings if not f.accepted and f.severity.rank >= threshold]

    def exit_code(self, fail_on: str | None = None) -> int:
        return EXIT_FINDINGS if self.blocking(fail_on) else EXIT_OK


def run_check(
    paths: Sequence[Path],
    options: ScanOptions,
    root: Path,
    context: ScanContext | None = None,
    use_baseline: bool = True,
) -> CheckResult:
    """Scan ``paths`` (files or folders) and apply the baseline.

    Raises :class:`licscan.run.context.SourcesNotFoundError` for a source path that does not
    exist, the pipeline's errors for a broken rule file or index, and
    :class:`licscan.accept.baseline.BaselineError` for a broken baseline: all usage errors (exit 2).
    """
    entries = project_entries(paths, options, root)
    return check_entries(entries, options, root, context, use_baseline)


def run_staged_check(
    pathspecs: Sequence[str],
    options: ScanOptions,
    root: Path,
    context: ScanContext | None = None,
    use_baseline: bool = True,
) -> CheckResult:
    """Check the content staged in git's index, not the working tree.

    The staged files (limited to ``pathspecs``, relative to the current folder as on git's
    command line) are written to a temporary copy of the work tree and discovered there with the
    copy of ``root`` as the project root, so paths, fingerprints and the baseline are those of a
    normal check.  Staged files outside ``root`` are not part of the project and are left out.
    Raises :class:`licscan.check.githook.GitError` outside a git work tree (exit 2).
    """
    import tempfile

    from licscan.check.githook import staged_files, work_tree_top, write_staged

    top = work_tree_top()
    root = Path(root).resolve()
    inside = root == top or top in root.parents
    project = root.relative_to(top) if inside else Path()
    files = [f for f in staged_files(pathspecs) if _may_be_document(f.path)]
    with tempfile.TemporaryDirectory(prefix="licscan-staged-") as folder:
        copy = Path(folder) / "tree"
        write_staged(copy, files)
        copy_root = copy / project
        copy_root.mkdir(parents=True, exist_ok=True)
        # git already chose what is committed: .gitignore does not apply to staged files
        staged_options = replace(options, use_gitignore=False)
        entries = project_entries([copy_root], staged_options, copy_root)
        return check_entries(entries, options, root, context, use_baseline)


def _may_be_document(path: str) -> bool:
    """Whether discovery could scan a file of this name (the rest is not worth writing out)."""
    from licscan.load.registry import doc_type_for_name

    name = PurePosixPath(path).name
    return doc_type_for_name(name) is not None or "." not in name.removesuffix(".gz")


def check_entries(
    entries: Iterable[FileEntry],
    options: ScanOptions,
    root: Path,
    context: ScanContext | None = None,
    use_baseline: bool = True,
) -> CheckResult:
    """Scan discovered files and apply the baseline of ``root``."""
    from licscan.run.context import build_context
    from licscan.run.progress import file_progress
    from licscan.run.timelimit import (
        can_stop_here,
        fewer_collections,
        file_time_limit,
        within_limit,
    )
    from licscan.run.unit import process_entry, with_severity_overrides

    entries = list(entries)
    baseline_path = resolve_baseline(options.baseline, root) if use_baseline else None
    baseline = read_baseline(baseline_path) if baseline_path is not None else None
    context = context or build_context(options)
    limit = file_time_limit(options)
    if can_stop_here(limit):
        running: Iterable[DocumentResult] = (
            within_limit(process_entry, entry, context, limit) for entry in entries)
    else:  # no alarm in this process (Windows, a thread): a worker process is held to it
        from licscan.run.local import process_entries

        running = process_entries(entries, context)
    computed = []
    with fewer_collections(), file_progress(options.progress, "checking", len(entries)) as done:
        for result in running:
            computed.append(result)
            done.advance()
    results = list(with_severity_overrides(computed, options))
    if baseline is not None:
        results = list(with_baseline(results, baseline))
    return CheckResult(
        root=root,
        options=options,
        documents=results,
        rules=rule_infos(context),
        baseline_path=baseline_path,
        warnings=context.warnings,
    )


def project_entries(paths: Sequence[Path], options: ScanOptions, root: Path) -> list[FileEntry]:
    """The files discovery picks under ``paths``, with paths relative to the project root."""
    from licscan.discover import discover

    return list(discover([Path(p) for p in paths], replace(options, root=root)))


def rule_infos(context: ScanContext) -> dict[str, RuleInfo]:
    """Descriptions of every rule the scan can report: the rule files' and licscan's own."""
    from licscan.check.sarif import RuleInfo, catalogue_rules

    infos = {}
    for rule in getattr(context.rules, "rules", ()):
        full = " ".join(rule.description.split())
        infos[rule.id] = RuleInfo(
            rule.id, _summary_of(full) or rule.id, Severity(rule.severity), full_description=full
        )
    infos.update(catalogue_rules())
    return infos


def _summary_of(description: str, limit: int = 120) -> str:
    """The description up to its first colon or full stop: SARIF's one-line description."""
    cuts = [i for i in (description.find(": "), description.find(". ")) if i > 0]
    short = description[: min(cuts)] if cuts else description.rstrip(".")
    return short if len(short) <= limit else short[: limit - 1].rstrip() + "…"


# -- Rendering -------------------------------------------------------------------------------


def render_text(result: CheckResult, fail_on: str, include_accepted: bool = False) -> str:
    """One block per finding, for a person reading a refused commit."""
    blocks = []
    min_severity = result.options.min_severity
    for doc in result.documents:
        shown = [
            finding
            for finding in doc.findings
            if is_listed(finding.severity.value, finding.rule_id, finding.accepted, fail_on,
                         min_severity, include_accepted)
        ]  # before sorting: a file of 200,000 info notices shows none of them
        for finding in sorted(shown, key=lambda f: (f.span.start, f.rule_id)):
            blocks.append(problem_block(_problem(finding, doc.matches)))
    blocks.append(_summary(result, fail_on))
    return "\n\n".join(blocks) + "\n"


def _problem(finding: Finding, matches: list[Match]) -> Problem:
    span = finding.span
    match = _match_for(finding, matches)
    return Problem(
        path=finding.relpath,
        line=span.line,
        column=span.column,
        rule_id=finding.rule_id,
        severity=finding.severity.value,
        message=finding.message,
        excerpt=finding.excerpt,
        accepted=finding.accepted,
        accepted_reason=finding.accepted_reason,
        source=source_line(match.source_publisher, match.source_id, match.source_url)
        if match else "",
        terms=terms_line(match.source_terms, match.attributed, match.linked) if match else "",
        location=span.location,
    )


def _match_for(finding: Finding, matches: list[Match]) -> Match | None:
    """The reused passage a reuse finding is about: the match whose span overlaps it most."""
    if finding.kind != "reuse":
        return None
    best, best_overlap = None, 0
    for match in matches:
        overlap = min(finding.span.end, match.span.end) - max(finding.span.start, match.span.start)
        if overlap > best_overlap:
            best, best_overlap = match, overlap
    return best


def _summary(result: CheckResult, fail_on: str) -> str:
    blocking = result.blocking(fail_on)
    findings = result.findings
    files = sum(d.document.status is not DocStatus.skipped for d in result.documents)
    if blocking:
        counts = ", ".join(
            f"{n} {s.value}" for s in Severity if (n := sum(f.severity is s for f in blocking))
        )
        lines = [f"licscan: {len(blocking)} finding(s) at or above {fail_on} ({counts}) "
                 f"in {files} file(s)"]
    else:
        lines = [f"licscan: no finding at or above {fail_on} in {files} file(s)"]
    accepted = sum(1 for f in findings if f.accepted)
    min_severity = result.options.min_severity
    below = sum(1 for f in findings if not f.accepted and not is_listed(
        f.severity.value, f.rule_id, f.accepted, fail_on, min_severity))
    stale = sum(1 for f in findings if f.rule_id == BASELINE_STALE)
    notes = [
        f"{accepted} accepted" if accepted else "",
        f"{below} below {fail_on} not shown" if below else "",
        f"{stale} stale baseline entr{'y' if stale == 1 else 'ies'} "
        f"(drop with `licscan baseline update`)" if stale else "",
        skipped_summary(d.document.reason for d in result.documents
                        if d.document.status is DocStatus.skipped),
    ]
    if any(notes):
        lines[0] += "; " + "; ".join(note for note in notes if note)
    if blocking:
        lines.append(
            "To accept a finding, put `<!-- licscan: ignore RULE-ID -- reason -->` on the line "
            "above it, or record it in the baseline (`licscan baseline create`, then `update`)."
        )
    return "\n".join(lines)


def render_json(result: CheckResult, fail_on: str, include_accepted: bool = False) -> str:
    blocking = {id(f) for f in result.blocking(fail_on)}
    rows = [
        {**_finding_row(finding), "blocking": id(finding) in blocking}
        for finding in result.reported()
        if include_accepted or not finding.accepted
    ]
    data = {
        "schema_version": JSON_SCHEMA_VERSION,
        "fail_on": fail_on,
        "files": [doc.document.relpath for doc in result.documents],
        "blocking": len(blocking),
        "findings": rows,
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _finding_row(finding: Finding) -> dict:
    span = finding.span
    values = (
        finding.relpath, span.start, span.end, span.line, span.column, span.end_line,
        span.end_column, finding.severity.value, finding.rule_id, finding.kind, finding.message,
        finding.excerpt, finding.accepted, finding.accepted_reason, finding.fingerprint,
    )
    row = dict(zip(FINDING_KEYS, values, strict=True))
    if span.location:  # a binary document's: said only where there is one
        row["location"] = span.location
    return row


def render_sarif(result: CheckResult, include_accepted: bool = False) -> str:
    from licscan.check.sarif import dumps, to_sarif

    return dumps(to_sarif(result.reported(), result.rules, include_accepted=include_accepted))
