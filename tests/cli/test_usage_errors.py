"""A usage error is exit 2 with one line on stderr, in every command: no usage block, no
traceback, nothing on stdout that a script would take for output."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest


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
