"""`licscan baseline create|update`: record today's findings as accepted, so only new ones block."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from licscan.cli.check import exit_2_on_error
from licscan.cli.common import SourcesOption, build_options, echo_warnings
from licscan.options import ScanOptions

app = typer.Typer(
    no_args_is_help=True,
    help="Accept existing findings in a baseline file (.licscan-baseline.json).",
)

NO_SOURCES_NOTE = (
    "no sources configured (--sources or `sources` in licscan.toml): reuse was not checked, "
    "so the baseline holds no reuse findings"
)
PathsArgument = Annotated[
    list[Path] | None,
    typer.Argument(exists=True, metavar="PATHS",
                   help="Files or folders to scan (default: the project root)."),
]
BaselineOption = Annotated[
    Path | None,
    typer.Option(metavar="FILE", help="Baseline file (default: the config's, else "
                 ".licscan-baseline.json at the project root)."),
]
ReasonOption = Annotated[
    str, typer.Option(metavar="TEXT", help="Reason recorded for newly accepted findings.")
]


@app.command()
def create(
    paths: PathsArgument = None,
    sources: SourcesOption = None,
    baseline: BaselineOption = None,
    reason: ReasonOption = "",
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing baseline.")] = False,
) -> None:
    """Write a baseline accepting every current finding."""
    with exit_2_on_error():
        from licscan.accept.baseline import create_baseline, write_baseline

        result, target = _scan(paths, sources, baseline)
        if target.exists() and not force:
            raise FileExistsError(
                f"{target} exists; use `licscan baseline update` (keeps reasons) or --force"
            )
        new = create_baseline(result.findings, reason=reason)
        write_baseline(target, new)
        typer.echo(f"{target}: {len(new.entries)} finding(s) accepted")
        echo_unchecked(result.options)


@app.command()
def update(
    paths: PathsArgument = None,
    sources: SourcesOption = None,
    baseline: BaselineOption = None,
    reason: ReasonOption = "",
) -> None:
    """Rescan: keep the reasons of entries still found, add new findings, drop stale entries."""
    with exit_2_on_error():
        from licscan.accept.baseline import read_baseline, update_baseline, write_baseline

        result, target = _scan(paths, sources, baseline)
        old = read_baseline(target)
        scanned = {doc.document.relpath for doc in result.documents}
        present = {e.path for e in old.entries if (result.root / e.path).is_file()}
        new = update_baseline(old, result.findings, scanned, present, reason=reason)
        before = {e.fingerprint for e in old.entries}
        after = {e.fingerprint for e in new.entries}
        write_baseline(target, new)
        typer.echo(
            f"{target}: {len(new.entries)} finding(s) accepted "
            f"({len(after - before)} added, {len(before - after)} dropped)"
        )
        echo_unchecked(result.options)


def echo_unchecked(options: ScanOptions) -> None:
    """Say which checks did not run, so that a baseline without them is no surprise."""
    if not options.sources:
        typer.echo(f"licscan: note: {NO_SOURCES_NOTE}", err=True)


def _scan(paths: list[Path] | None, sources: list[Path] | None, baseline: Path | None):
    """Scan with identities relative to the project root; return the result and the target."""
    from licscan.accept.baseline import BASELINE_NAME
    from licscan.check.gate import run_check
    from licscan.config import find_project_root

    root = find_project_root(paths or [Path(".")])
    targets = paths or [root]
    options = build_options(start=targets, sources=sources, baseline=baseline, cache=False)
    target = Path(options.baseline) if options.baseline else root / BASELINE_NAME
    result = run_check(targets, options, root=root, use_baseline=False)
    echo_warnings(result.warnings)
    return result, target
