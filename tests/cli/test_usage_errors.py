"""A usage error is exit 2 with one line on stderr, in every command: no usage block, no
traceback, nothing on stdout that a script would take for output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.main import get_command

from licscan.cli import app


def licscan(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "licscan", *args], cwd=cwd, capture_output=True, text=True
    )


@pytest.mark.parametrize(
    "command",
    [
        ("scan",),
        ("check",),
        ("report",),
        ("index", "build"),
        ("index", "info"),
        ("rules", "list"),
        ("rules", "test"),
        ("baseline", "create"),
        ("baseline", "update"),
        ("hook", "install"),
        ("hook", "uninstall"),
    ],
)
def test_an_unknown_flag_is_one_line_and_exit_2(command: tuple[str, ...], tmp_path: Path) -> None:
    done = licscan(*command, "--no-such-flag", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr == "licscan: error: No such option: --no-such-flag\n"
    assert done.stdout == ""


def test_an_unknown_command_is_one_line_and_exit_2(tmp_path: Path) -> None:
    done = licscan("scna", "site", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr == "licscan: error: No such command 'scna'. Did you mean 'scan'?\n"


def test_a_bad_choice_names_the_option_and_the_choices(tmp_path: Path) -> None:
    (tmp_path / "page.md").write_text("# A page\n", encoding="utf-8")
    done = licscan("check", "page.md", "--fail-on", "severe", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1
    assert done.stderr.startswith("licscan: error: Invalid value for '--fail-on': ")
    assert "'severe' is not one of 'high', 'medium', 'low', 'info'" in done.stderr


def test_a_bare_command_group_shows_its_help_and_no_empty_error(tmp_path: Path) -> None:
    done = licscan("index", cwd=tmp_path)
    assert done.returncode == 2
    assert "build" in done.stdout and "info" in done.stdout
    assert done.stderr == ""


def test_a_bad_policy_value_is_exit_2_naming_the_file_and_the_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    licscan_cli: Callable[..., tuple[int, str, str]],
) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "story.txt").write_text("A story of our own.\n", encoding="utf-8")
    config = tmp_path / "licscan.toml"
    config.write_text("[policy]\nshort-quote-words = -20\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    expected = (f"licscan: error: {config}: policy: short-quote-words: must be at least 0, "
                "got -20\n")
    for command in (("scan", "sources", "--sources", "sources"),
                    ("index", "build", "sources", "--index", "index")):
        code, out, err = licscan_cli(monkeypatch, capsys, *command)
        assert (code, out, err) == (2, "", expected)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("scan", ".", "--reprot", "a.xlsx"), "No such option: --reprot. Did you mean --report?"),
        (("check", "--fail-in", "high"), "No such option: --fail-in. Did you mean --fail-on?"),
        (("index", "info", "--indx", "idx"), "No such option: --indx. Did you mean --index?"),
    ],
)
def test_a_mistyped_option_gets_the_closest_one(
    args: tuple[str, ...], message: str, tmp_path: Path
) -> None:
    done = licscan(*args, cwd=tmp_path)
    assert (done.returncode, done.stderr) == (2, f"licscan: error: {message}\n")


COMMANDS = [("scan",), ("check",), ("report",), ("index", "build"), ("index", "info"),
            ("index", "export"), ("rules", "list"), ("rules", "test"), ("baseline", "create"),
            ("baseline", "update"), ("hook", "install"), ("hook", "uninstall")]


@pytest.mark.parametrize("command", COMMANDS)
def test_help_at_80_columns_names_every_option_in_full_and_no_bool(
    command: tuple[str, ...], tmp_path: Path
) -> None:
    done = subprocess.run([sys.executable, "-m", "licscan", *command, "--help"], cwd=tmp_path,
                          capture_output=True, text=True, env={**os.environ, "COLUMNS": "80"})
    assert done.returncode == 0, done.stderr
    assert "<bool>" not in done.stdout and "…" not in done.stdout
    click_command = get_command(app)
    for name in command:
        click_command = click_command.commands[name]  # type: ignore[attr-defined]
    names = ["--help", *(opt for param in click_command.params
                         for opt in (*param.opts, *param.secondary_opts) if opt.startswith("-"))]
    words = done.stdout.replace(",", " ").replace("/", " ").split()
    for name in names:
        assert name in words, name


def test_index_info_takes_the_index_as_its_argument_or_as_index(tmp_path: Path) -> None:
    (tmp_path / "archive").mkdir()
    (tmp_path / "archive" / "wire.txt").write_text(
        "The harbour board met on Tuesday and agreed to dredge the northern channel.\n",
        encoding="utf-8")
    built = licscan("index", "build", "archive", "--index", "idx", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    for args in (("idx",), ("--index", "idx")):
        info = licscan("index", "info", *args, "--json", cwd=tmp_path)
        assert info.returncode == 0, info.stderr
        assert json.loads(info.stdout)["sources"] == 1
