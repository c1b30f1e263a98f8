"""`licscan check` and `licscan baseline`: output, exit codes 0/1/2, baseline round trip.

The finding used throughout is licscan's own: an inline ignore marker without a reason
(``licscan.ignore-without-reason``, medium), so these tests do not depend on the content rules.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest
from typer.testing import Result

DRAFT = (
    "# Notes from the field\n"
    "\n"
    "<!-- licscan: ignore reuse.uncredited -->\n"
    "We wrote every word of this paragraph ourselves, on a quiet afternoon.\n"
)
CLEAN = "# Notes from the field\n\nWe wrote every word of this paragraph ourselves.\n"


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "site"
    (root / ".git").mkdir(parents=True)
    (root / "posts").mkdir()
    (root / "posts" / "draft.md").write_text(DRAFT, encoding="utf-8")
    (root / "posts" / "clean.md").write_text(CLEAN, encoding="utf-8")
    monkeypatch.chdir(root)
    return root


def test_clean_file_exits_0(site: Path, run: Callable[..., Result]) -> None:
    result = run("check", "posts/clean.md")
    assert result.exit_code == 0, result.output
    assert "no finding at or above medium in 1 file(s)" in result.output


def test_finding_exits_1_with_a_readable_block(site: Path, run: Callable[..., Result]) -> None:
    result = run("check", "posts/draft.md", "posts/clean.md")
    assert result.exit_code == 1, result.output
    first_line = result.output.splitlines()[0]
    assert first_line.startswith("posts/draft.md:3:1: licscan.ignore-without-reason [medium] ")
    assert "fix: write the reason after ' -- ' in the marker" in result.output
    assert "1 finding(s) at or above medium (1 medium) in 2 file(s)" in result.output


def test_paths_are_relative_to_the_project_root_wherever_licscan_runs(
    site: Path, monkeypatch: pytest.MonkeyPatch, run: Callable[..., Result]
) -> None:
    monkeypatch.chdir(site / "posts")
    result = run("check", "draft.md", "--format", "json")
    assert result.exit_code == 1, result.output
    assert json.loads(result.output)["findings"][0]["path"] == "posts/draft.md"


@pytest.mark.parametrize(
    ("flags", "code"),
    [
        ((), 1),
        (("--fail-on", "high"), 0),
        (("--fail-on", "medium"), 1),
        (("--exit-zero",), 0),
        (("--no-inline-ignores",), 0),  # markers not read at all: nothing to complain about
    ],
)
def test_exit_code_follows_fail_on_and_flags(
    site: Path, flags: tuple[str, ...], code: int, run: Callable[..., Result]
) -> None:
    assert run("check", "posts/draft.md", *flags).exit_code == code


def test_fail_on_from_the_config_and_the_flag_over_it(
    site: Path, run: Callable[..., Result]
) -> None:
    (site / "licscan.toml").write_text('fail-on = "high"\n', encoding="utf-8")
    assert run("check", "posts/draft.md").exit_code == 0
    assert run("check", "posts/draft.md", "--fail-on", "low").exit_code == 1


def test_json_output(site: Path, run: Callable[..., Result]) -> None:
    result = run("check", "posts/draft.md", "--format", "json")
    data = json.loads(result.output)
    assert next(iter(data)) == "schema_version"
    assert data["blocking"] == 1
    (finding,) = data["findings"]
    assert finding["rule_id"] == "licscan.ignore-without-reason"
    assert (finding["line"], finding["column"], finding["severity"]) == (3, 1, "medium")
    assert finding["blocking"] is True
    assert finding["fingerprint"].endswith(":1")


def test_sarif_output_validates(site: Path, run: Callable[..., Result], sarif_schema: Path) -> None:
    result = run("check", "posts/draft.md", "--format", "sarif")
    assert result.exit_code == 1
    log = json.loads(result.output)
    schema = json.loads(sarif_schema.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(log)
    (sarif_result,) = log["runs"][0]["results"]
    assert sarif_result["ruleId"] == "licscan.ignore-without-reason"
    location = sarif_result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "posts/draft.md"
    assert location["region"]["startLine"] == 3


def test_baseline_create_then_check_passes_and_update_drops_stale(
    site: Path, run: Callable[..., Result]
) -> None:
    created = run("baseline", "create", "--reason", "legacy post")
    assert created.exit_code == 0, created.output
    baseline = json.loads((site / ".licscan-baseline.json").read_text(encoding="utf-8"))
    (entry,) = baseline["accepted"]
    assert (entry["path"], entry["line"], entry["reason"]) == ("posts/draft.md", 3, "legacy post")

    assert run("check", "posts/draft.md").exit_code == 0
    shown = run("check", "posts/draft.md", "--include-accepted")
    assert "accepted (baseline): legacy post" in shown.output

    again = run("baseline", "create")
    assert again.exit_code == 2 and "baseline update" in again.output

    (site / "posts" / "draft.md").write_text(CLEAN, encoding="utf-8")
    stale = run("check", "posts/draft.md")
    assert stale.exit_code == 0
    assert "1 stale baseline entry" in stale.output
    updated = run("baseline", "update")
    assert updated.exit_code == 0, updated.output
    assert "0 added, 1 dropped" in updated.output
    assert json.loads((site / ".licscan-baseline.json").read_text())["accepted"] == []


def test_baseline_option_points_at_another_file(site: Path, run: Callable[..., Result]) -> None:
    target = site / "audit" / "accepted.json"
    target.parent.mkdir()
    assert run("baseline", "create", "--baseline", target).exit_code == 0
    assert run("check", "posts/draft.md", "--baseline", target).exit_code == 0
    assert run("check", "posts/draft.md").exit_code == 1  # the default file does not exist


@pytest.mark.parametrize(
    ("setup", "args", "message"),
    [
        ("config", (), '"fial-on"'),
        ("none", ("--sources", "no-such-index"), "source index or folder not found: no-such-index"),
        ("baseline", ("--baseline", "broken.json"), "not valid JSON"),
        ("none", ("--format", "xml"), "xml"),
        ("none", ("no-such-file.md",), "does not exist"),
    ],
)
def test_usage_and_configuration_errors_exit_2(
    site: Path, setup: str, args: tuple[str, ...], message: str, run: Callable[..., Result]
) -> None:
    if setup == "config":
        (site / "licscan.toml").write_text('fial-on = "high"\n', encoding="utf-8")
    if setup == "baseline":
        (site / "broken.json").write_text("{", encoding="utf-8")
    paths = () if "no-such-file.md" in args else ("posts/draft.md",)
    result = run("check", *paths, *args)
    assert result.exit_code == 2, result.output
    assert message in result.output


def _console(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    script = Path(sys.executable).parent / "licscan"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "licscan"]
    return subprocess.run([*command, *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def test_console_script_exit_codes(site: Path) -> None:
    assert _console("check", "posts/clean.md", cwd=site).returncode == 0
    found = _console("check", "posts/draft.md", cwd=site)
    assert found.returncode == 1
    assert "posts/draft.md:3:1: licscan.ignore-without-reason" in found.stdout
    assert _console("check", "--no-such-flag", cwd=site).returncode == 2
    (site / "corrupt-index").mkdir()
    (site / "corrupt-index" / "sources.sqlite").write_text("not a database", encoding="utf-8")
    corrupt = _console("check", "posts/clean.md", "--sources", "corrupt-index", cwd=site)
    assert corrupt.returncode == 2
    assert corrupt.stderr.startswith("licscan: error: ")
    assert "Traceback" not in corrupt.stderr
    (site / "licscan.toml").write_text('fial-on = "high"\n', encoding="utf-8")
    broken = _console("check", "posts/draft.md", cwd=site)
    assert broken.returncode == 2
    assert '"fial-on"' in broken.stderr
    assert "Traceback" not in broken.stderr


def test_console_script_broken_rule_file_exits_2(site: Path) -> None:
    rules = site / "house.yaml"
    rules.write_text("rules:\n  - id: house.broken\n    kind: notice\n    pattern: '(unclosed'\n",
                     encoding="utf-8")
    broken = _console("check", "posts/clean.md", "--rules", str(rules), cwd=site)
    assert broken.returncode == 2, broken.stdout + broken.stderr
    assert "house" in broken.stderr
    assert "Traceback" not in broken.stderr


def test_sarif_describes_content_rules_from_the_rule_files(
    site: Path, run: Callable[..., Result], sarif_schema: Path
) -> None:
    page = site / "posts" / "owned.md"
    page.write_text("# Ours\n\nSome text.\n\n© 2024 Example Media Ltd. All rights reserved.\n",
                    encoding="utf-8")
    result = run("check", page, "--fail-on", "info", "--format", "sarif")
    assert result.exit_code == 1, result.output
    log = json.loads(result.output)
    jsonschema.Draft4Validator(json.loads(sarif_schema.read_text(encoding="utf-8"))).validate(log)
    rules = {rule["id"]: rule for rule in log["runs"][0]["tool"]["driver"]["rules"]}
    notice_rules = [rule for rule_id, rule in rules.items() if rule_id.startswith("notice.")]
    assert notice_rules, rules
    for rule in notice_rules:
        short = rule["shortDescription"]["text"]
        assert 0 < len(short) <= 120 and ": " not in short
        assert rule["fullDescription"]["text"].startswith(short.rstrip("…"))


# --- scan and check agree ---------------------------------------------------------------------


@pytest.mark.parametrize(("flags", "code"), [((), 0), (("--no-baseline",), 1)])
def test_scan_and_check_give_the_same_exit_code_with_a_committed_baseline(
    site: Path, flags: tuple[str, ...], code: int, run: Callable[..., Result]
) -> None:
    assert run("baseline", "create", "--reason", "legacy post").exit_code == 0
    assert run("check", "posts", *flags).exit_code == code
    assert run("scan", "posts", "--no-cache", "-q", *flags).exit_code == code


@pytest.mark.parametrize("command", [("check",), ("scan", "--no-cache")])
def test_a_marker_without_a_reason_is_shown_under_fail_on_high(
    site: Path, command: tuple[str, ...], run: Callable[..., Result]
) -> None:
    result = run(*command, "posts/draft.md", "--fail-on", "high")
    assert result.exit_code == 0, result.output
    assert "posts/draft.md:3:1: licscan.ignore-without-reason [medium] Inline ignore marker " \
        "for reuse.uncredited has no reason, so it accepts nothing" in result.output
    assert "  fix: write the reason after ' -- ' in the marker" in result.output


def test_a_stale_baseline_entry_is_shown_under_the_default_fail_on(
    site: Path, run: Callable[..., Result]
) -> None:
    assert run("baseline", "create").exit_code == 0
    (site / "posts" / "draft.md").write_text(CLEAN, encoding="utf-8")
    for command in (("check",), ("scan", "--no-cache")):
        result = run(*command, "posts")
        assert result.exit_code == 0, result.output
        assert "posts/draft.md:3:1: licscan.accept.baseline-stale [info] " in result.output
        assert "  fix: run `licscan baseline update`" in result.output


def test_min_severity_leaves_lower_findings_out_of_json_sarif_and_text(
    site: Path, run: Callable[..., Result]
) -> None:
    (site / "posts" / "owned.md").write_text("© 2024 Example Media Ltd. All rights reserved.\n",
                                             encoding="utf-8")
    args = ("check", "posts", "--fail-on", "info", "--min-severity", "medium")
    sarif = json.loads(run(*args, "--format", "sarif").output)
    assert [r["ruleId"] for r in sarif["runs"][0]["results"]] == ["licscan.ignore-without-reason"]
    data = json.loads(run(*args, "--format", "json").output)
    assert [f["rule_id"] for f in data["findings"]] == ["licscan.ignore-without-reason"]
    text = run(*args).output
    assert "[info]" not in text and "[medium]" in text


def test_baseline_create_says_that_reuse_was_not_checked_without_sources(
    site: Path, run: Callable[..., Result]
) -> None:
    note = ("licscan: note: no sources configured (--sources or `sources` in licscan.toml): "
            "reuse was not checked, so the baseline holds no reuse findings")
    assert note in run("baseline", "create").output
    (site / "sources").mkdir()
    (site / "sources" / "wire.txt").write_text(CLEAN, encoding="utf-8")
    assert note not in run("baseline", "create", "--force", "--sources", "sources").output
