"""`licscan rules list|test`: the rule set, and its examples run like `semgrep --test`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from licscan.cli.common import RulesOption
from licscan.exitcodes import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK

app = typer.Typer(no_args_is_help=True, help="List the detection rules, or test their examples.")


@app.command("list")
def list_rules(
    rules: RulesOption = None,
    builtin: Annotated[bool, typer.Option(help="include the built-in rules")] = True,
) -> None:
    """Every rule: id, kind, type, severity and the file it comes from."""
    from licscan.detect import RuleError, RuleSet

    try:
        ruleset = RuleSet.load(extra=rules or [], builtin=builtin, check_examples=False)
        ruleset.compile_all()
    except RuleError as error:
        typer.echo(f"licscan: invalid rule file: {error}", err=True)
        raise typer.Exit(EXIT_ERROR) from None
    rows = [(r.id, r.kind, r.type_label or "-", r.severity.value, f"{r.file.name}:{r.line}")
            for r in ruleset.rules]  # fmt: skip
    header = ("id", "kind", "type", "severity", "file")
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        typer.echo(
            "  ".join(
                str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)
            ).rstrip()
        )
    typer.echo(f"{len(rows)} rules, rule set {ruleset.version}")


@app.command("test")
def test_rules(
    files: Annotated[
        list[Path] | None,
        typer.Argument(metavar="FILES",
                       help="rule files or folders to test (default: the built-in rules)"),
    ] = None,
) -> None:
    """Run every example of the rules; exit 1 if one fails, 2 if a rule file is broken."""
    from licscan.detect import RuleError, RuleSet
    from licscan.detect.examples import run_examples
    from licscan.detect.rule_files import rule_files

    try:
        wanted = {p.resolve() for p in rule_files(files)} if files else None
        # built-in rules stay loaded: tested files may use their definitions and aliases
        ruleset = RuleSet.load(extra=files or [], builtin=True, check_examples=False)
        ruleset.compile_all()
    except RuleError as error:
        typer.echo(f"licscan: invalid rule file: {error}", err=True)
        raise typer.Exit(EXIT_ERROR) from None
    tested = [r for r in ruleset.rules if wanted is None or r.file.resolve() in wanted]
    failures = run_examples(ruleset, tested)
    for failure in failures:
        typer.echo(f"FAIL {failure}")
    examples = sum(len(r.examples) for r in tested)
    verdict = f"{len(failures)} failed" if failures else "all passed"
    typer.echo(f"{len(tested)} rules, {examples} examples: {verdict}")
    raise typer.Exit(EXIT_FINDINGS if failures else EXIT_OK)
