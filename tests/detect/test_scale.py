"""Files of tens of thousands of notices take seconds, not minutes (tests/adversarial.py).

Resolving overlapping matches compared every match with every match kept, and a few other
steps were quadratic too: 20,000 notices took 18 s, 200,000 more than 150 s.  The bounds below
are generous (a shared, busy machine); the quadratic steps exceed them several times over.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from typer.testing import CliRunner

from licscan.cli import app
from licscan.detect import RuleSet, detect
from licscan.model import LoadedDocument
from tests import adversarial


def test_50000_repeated_notices_are_each_a_finding_within_seconds(tmp_path: Path) -> None:
    path = adversarial.write_repeated_notices(tmp_path, 50_000)
    started = time.process_time()
    done = CliRunner().invoke(app, ["check", str(path), "--fail-on", "low"])
    assert time.process_time() - started < 30
    assert done.exit_code == 0
    assert "no finding at or above low in 1 file(s); 50000 below low not shown" in done.stdout


def test_a_notice_file_of_20000_lines_gives_every_holder_within_seconds(
    tmp_path: Path, builtin_rules: RuleSet, document: Callable[..., LoadedDocument]
) -> None:
    path = adversarial.write_notice_file(tmp_path, 20_000)
    lines = path.read_text(encoding="utf-8").splitlines()
    copyright_lines = [line for line in lines if line.startswith("Copyright (c) ")]
    rules = builtin_rules
    started = time.process_time()
    found = detect(document(path.read_text(encoding="utf-8")), rules)
    assert time.process_time() - started < 30
    assert len(found.notices) == len(copyright_lines) > 5_000
    assert found.notices[0].holders == [copyright_lines[0].split(" ", 3)[3]]
    assert not [f for f in found.findings if f.rule_id == "licscan.rule-timeout"]


def test_a_gzip_bomb_is_refused_as_too_large_without_reading_it_whole(tmp_path: Path) -> None:
    path = adversarial.write_gzip_bomb(tmp_path, 64 << 20)  # 64 MiB of newlines, 64 KB on disk
    done = CliRunner().invoke(app, ["check", str(path), "--fail-on", "low", "--format", "json"])
    assert "Not scanned (too_large): decompressed size exceeds the limit" in done.stdout
