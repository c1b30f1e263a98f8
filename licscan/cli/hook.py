"""`licscan hook install|uninstall`: licscan as a plain git pre-commit hook (no pre-commit tool).

The hook runs `licscan check --staged` with the arguments given after `--`, so a commit is
checked as it will be recorded, whatever is left unstaged in the working tree.
"""

from __future__ import annotations

from typing import Annotated

import typer

from licscan.cli.check import exit_2_on_error

app = typer.Typer(
    no_args_is_help=True,
    help="Install or remove licscan as the git pre-commit hook of this repository.",
)


@app.command()
def install(
    args: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="ARGS",
            help="Arguments for `licscan check --staged`, after `--` "
            "(e.g. `-- --sources .licscan/index --fail-on high`)."
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace a pre-commit hook licscan did not write.")
    ] = False,
) -> None:
    """Write a pre-commit hook that runs `licscan check --staged` on every commit."""
    with exit_2_on_error():
        from licscan.check.githook import install_hook

        path = install_hook(args or [], force=force)  # a foreign hook in the way: exit 2
    typer.echo(f"installed {path}")


@app.command()
def uninstall() -> None:
    """Remove the pre-commit hook licscan wrote (a hook from elsewhere is left alone)."""
    with exit_2_on_error():
        from licscan.check.githook import uninstall_hook

        path = uninstall_hook()  # a foreign hook: left in place, exit 2
    typer.echo(f"removed {path}" if path else "no licscan pre-commit hook to remove")
