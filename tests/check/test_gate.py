"""The gate fails closed: a draft licscan cannot read or fully analyse blocks `licscan check`
(and `licscan scan`) by default, and a draft that only looks odd (a stray NUL byte, deep HTML)
is read, so its uncredited copy is found.

The copy throughout: three paragraphs of the example site's tide-gauge study, whose terms allow
excerpts only with credit and a link, pasted into a draft without either.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from licscan.catalogue import READ_ERROR as READ_ERROR_RULE
from licscan.model import FileEntry, Severity
from licscan.run.pool import worker_died
from licscan.run.timelimit import timed_out
from tests.cli.invoke import run

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SOURCE = EXAMPLES / "site" / "harbourlight" / "tide-gauge-study.html"
COPY = (EXAMPLES / "drafts" / "harbour-roundup.md").read_text(encoding="utf-8")
HOW_TO_ACCEPT = (
    "fix: make the file readable, accept this finding in the baseline (`licscan baseline "
    'update`), or lower its severity in licscan.toml: severity = {"licscan.read-error" = "low"}'
)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "site"
    (root / ".git").mkdir(parents=True)
    (root / "sources").mkdir()
    shutil.copy(SOURCE, root / "sources" / SOURCE.name)
    monkeypatch.chdir(root)
    return root


def check(draft: str, *flags: str):
    return run("check", draft, "--sources", "sources", *flags)


def html_page(body: str) -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n\n"))
    return f"<html><body>{paragraphs}</body></html>"


def nested(depth: int) -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in COPY.split("\n\n"))
    return f"<html><body>{'<div>' * depth}{paragraphs}{'</div>' * depth}</body></html>"


def test_the_copy_blocks_as_written(project: Path) -> None:
    (project / "draft.md").write_text(COPY, encoding="utf-8")
    result = check("draft.md")
    assert result.exit_code == 1, result.output
    assert "reuse.uncredited [high]" in result.output


def test_a_stray_nul_byte_is_text_and_the_copy_is_found(project: Path) -> None:
    first, rest = COPY.split("brass", 1)
    (project / "draft.md").write_text(f"{first}br\x00ass{rest}", encoding="utf-8")
    result = check("draft.md")
    assert result.exit_code == 1, result.output
    assert "reuse.uncredited [high]" in result.output
    assert READ_ERROR_RULE not in result.output


@pytest.mark.parametrize("depth", [3_000, 100_000])
def test_deep_html_is_read_and_the_copy_is_found(project: Path, depth: int) -> None:
    (project / "draft.html").write_text(nested(depth), encoding="utf-8")
    result = check("draft.html", "--format", "json")
    assert result.exit_code == 1, result.output
    rules = [finding["rule_id"] for finding in json.loads(result.output)["findings"]]
    assert "reuse.uncredited" in rules
    assert READ_ERROR_RULE not in rules


UNREADABLE = {
    "too large": (
        "draft.md", COPY.encode().ljust(70_000),
        "Not scanned (too_large): 70000 bytes, over the limit of 65000 bytes.",
    ),
    "binary content behind a text extension": (
        "draft.html", b"\x89PNG\r\n\x1a\n" + html_page(COPY).encode(),
        "Not scanned (binary): binary content (PNG image).",
    ),
    "mostly NUL bytes": (
        "draft.md", COPY.encode().replace(b" ", b"\x00 "),
        "Not scanned (binary): binary content (NUL bytes).",
    ),
    "undecodable": (
        "draft.txt", bytes(range(0x80, 0x100)) * 4,
        "Not scanned (undecodable): no character encoding fits the bytes.",
    ),
    "markdown nested too deep": (
        "draft.md", ("> " * 150 + COPY).encode(),
        "Not scanned (malformed): Markdown nested more than 100 levels deep (quotes or lists).",
    ),
}


@pytest.mark.parametrize("case", UNREADABLE, ids=list(UNREADABLE))
def test_a_draft_that_cannot_be_read_blocks_and_says_how_to_accept_it(
    project: Path, case: str
) -> None:
    name, data, message = UNREADABLE[case]
    (project / name).write_bytes(data)
    (project / "licscan.toml").write_text("max-size = 65000\n", encoding="utf-8")
    result = check(name)
    assert result.exit_code == 1, result.output
    first, fix = result.output.splitlines()[:2]
    assert first.startswith(f"{name}:1:1: {READ_ERROR_RULE} [high] {message}")
    assert fix.strip() == HOW_TO_ACCEPT


def test_an_internal_error_blocks(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import licscan.run.unit

    def broken(*args: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(licscan.run.unit, "analyse", broken)
    (project / "draft.md").write_text(COPY, encoding="utf-8")
    result = check("draft.md")
    assert result.exit_code == 1, result.output
    assert f"{READ_ERROR_RULE} [high] Not scanned (error): internal error: RuntimeError: boom." in (
        result.output
    )


def test_rows_of_files_that_timed_out_or_killed_their_worker_block(tmp_path: Path) -> None:
    entry = FileEntry(tmp_path / "draft.html", "draft.html")
    for result in (timed_out(entry, 30), worker_died(entry, -9)):
        [finding] = result.findings
        assert (finding.rule_id, finding.severity) == (READ_ERROR_RULE, Severity.high)
        assert finding.message.endswith(HOW_TO_ACCEPT.replace("fix:", "Fix:"))


def test_an_empty_draft_does_not_block(project: Path) -> None:
    (project / "draft.md").write_text("", encoding="utf-8")
    result = check("draft.md")
    assert result.exit_code == 0, result.output


def _unreadable_draft(project: Path) -> None:
    (project / "draft.md").write_bytes(COPY.encode().ljust(70_000))
    (project / "licscan.toml").write_text("max-size = 65000\n", encoding="utf-8")


def test_scan_and_check_agree_that_an_unreadable_draft_blocks(project: Path) -> None:
    _unreadable_draft(project)
    assert check("draft.md").exit_code == 1
    scanned = run("scan", "draft.md", "--sources", "sources", "--no-cache")
    assert scanned.exit_code == 1, scanned.output
    assert f"draft.md:1:1: {READ_ERROR_RULE} [high] Not scanned (too_large)" in scanned.output


def test_the_severity_of_read_errors_is_configurable_in_scan_and_check(project: Path) -> None:
    _unreadable_draft(project)
    config = project / "licscan.toml"
    config.write_text(
        config.read_text(encoding="utf-8") + 'severity = {"licscan.read-error" = "low"}\n',
        encoding="utf-8",
    )
    checked = check("draft.md", "--format", "json")
    assert checked.exit_code == 0, checked.output
    [finding] = json.loads(checked.output)["findings"]
    assert (finding["rule_id"], finding["severity"]) == (READ_ERROR_RULE, "low")
    scanned = run("scan", "draft.md", "--sources", "sources", "--no-cache")
    assert scanned.exit_code == 0, scanned.output


def test_a_read_error_accepted_in_the_baseline_no_longer_blocks(project: Path) -> None:
    _unreadable_draft(project)
    created = run("baseline", "create", "draft.md", "--sources", "sources")
    assert created.exit_code == 0, created.output
    result = check("draft.md")
    assert result.exit_code == 0, result.output
    assert "1 accepted" in result.output
