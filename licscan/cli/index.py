"""`licscan index build|info|export`: the source index republication is checked against."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from licscan.cli.common import DisableOption, RulesOption, build_options, echo_warnings

app = typer.Typer(no_args_is_help=True, help="Build and inspect the source index.")

_DEFAULT_INDEX = Path(".licscan/index")
IndexOption = Annotated[Path, typer.Option("--index", metavar="PATH", help="Index folder.")]


@app.command()
def build(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(metavar="PATHS",
                       help="Folders or files of sources (none: the files the manifest lists)."),
    ] = None,
    index: IndexOption = _DEFAULT_INDEX,
    manifest: Annotated[
        Path | None,
        typer.Option(metavar="FILE",
                     help="JSONL or CSV: path, url, publisher, terms or terms_text per source."),
    ] = None,
    rules: RulesOption = None,
    disable: DisableOption = None,
    max_df: Annotated[
        int | None,
        typer.Option(metavar="N",
                     help="Text in more sources than this is boilerplate (default: auto)."),
    ] = None,
    follow_symlinks: Annotated[
        bool,
        typer.Option(
            "--follow-symlinks",
            help="Also follow symbolic links that lead out of the source folders.",
        ),
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress.")] = False,
) -> None:
    """Add sources to the index (unchanged ones are skipped, changed ones replaced).

    The sources' terms are read with the rules a scan of the same project uses: licscan.toml's
    rules, disabled rules and time limits, then --rules and --disable."""
    from licscan.detect.factory import rules_for
    from licscan.match import build_index
    from licscan.match.build import empty_sources_warning
    from licscan.run.progress import file_progress

    if not paths and manifest is None:
        raise typer.BadParameter("give folders of sources, a --manifest, or both")
    given = [*(paths or []), *([manifest] if manifest else [])]
    for path in given:
        if not path.exists():
            raise typer.BadParameter(f"{path} does not exist")
    options = build_options(start=given, rules=rules, disable=disable,
                            follow_symlinks=follow_symlinks or None)
    _make_index_folder(index)
    ruleset = rules_for(options)

    def total() -> int | None:
        return _source_files(paths, options.follow_symlinks) if paths else None

    with file_progress(not quiet, "indexing", total) as done:
        stats = build_index(paths or [], index, ruleset, manifest=manifest, max_df=max_df,
                            max_size=options.max_size, follow_symlinks=options.follow_symlinks,
                            progress=done.reach)
    echo_warnings(stats.warnings if stats.sources else [*stats.warnings,
                                                        empty_sources_warning(index)])
    typer.echo(
        f"index {index}: {stats.added} added, {stats.replaced} replaced, "
        f"{stats.unchanged} unchanged, {stats.failed} unreadable, {stats.skipped} skipped; "
        f"{stats.sources} sources, "
        f"{stats.fingerprints} fingerprints ({stats.boilerplate_fingerprints} boilerplate), "
        f"{stats.size_bytes / 1e6:.1f} MB, {stats.seconds:.1f} s"
    )


def _source_files(paths: list[Path], follow_symlinks: bool) -> int:
    """How many files a build of ``paths`` reads: the total of its progress line."""
    from licscan.discover import discover
    from licscan.model import DocStatus
    from licscan.options import ScanOptions

    entries = discover(paths, ScanOptions(follow_symlinks=follow_symlinks))
    return sum(entry.status is not DocStatus.skipped for entry in entries)


def _make_index_folder(index: Path) -> None:
    try:
        index.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise typer.BadParameter(
            f"cannot create the index folder {index}: {error.strerror or error}",
            param_hint="'--index'",
        ) from None


@app.command()
def info(
    path: Annotated[
        Path | None,
        typer.Argument(metavar="INDEX", help=f"Index folder (default: {_DEFAULT_INDEX})."),
    ] = None,
    index: IndexOption = _DEFAULT_INDEX,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show what an index holds."""
    from licscan.judge import governing_term
    from licscan.match import SourceIndex
    from licscan.match.store import INDEX_FILE

    index = path or index

    if not (index / INDEX_FILE).is_file():
        raise typer.BadParameter(f"{index} is not a source index (run `licscan index build`)")
    source_index = SourceIndex([index])
    stats = source_index.stats()
    terms: dict[str, int] = {}
    for source in source_index.sources():
        term = governing_term(source.terms)
        key = term.term_type if term else "unknown"
        terms[key] = terms.get(key, 0) + 1
    stats["terms"] = dict(sorted(terms.items()))
    source_index.close()
    if as_json:
        typer.echo(json.dumps(stats, indent=2))
        return
    typer.echo(f"index      {index}")
    typer.echo(f"sources    {stats['sources']}")
    typer.echo(f"fingerprints {stats['fingerprints']} ({stats['boilerplate_fingerprints']} "
               f"boilerplate, in more than {stats['max_df'][0]} sources)")
    typer.echo(f"size       {stats['size_bytes'] / 1e6:.1f} MB")
    typer.echo(f"updated    {stats['updated']}")
    typer.echo("terms      " + ", ".join(f"{k}: {v}" for k, v in stats["terms"].items()))


@app.command()
def export(
    out: Annotated[Path, typer.Argument(metavar="OUT", help="Folder for the Parquet files.")],
    index: IndexOption = _DEFAULT_INDEX,
) -> None:
    """Export fingerprints and source metadata as Parquet (for Dask or DuckDB joins)."""
    from licscan.match import SourceIndex

    source_index = SourceIndex([index])
    done = source_index.export_parquet(out)
    source_index.close()
    typer.echo(f"{out}: {done['fingerprints']} fingerprints of {done['sources']} sources in "
               f"{done['buckets']} buckets")
