"""Time and peak memory of ``licscan check`` and ``licscan scan`` on pathological inputs.

Each input is written once into ``--work`` by the generators of ``tests/adversarial.py`` (the
ones the test suite uses), then each command runs in a fresh process per input:

* wall time, CPU time (user + system, from the kernel's accounting of the child) and peak RSS
  (the process tree sampled with psutil every 20 ms);
* what licscan made of the input: scanned, or the reason it was not (a ``licscan.read-error``
  or ``licscan.rule-timeout`` finding; ``check --fail-on low`` prints only those, since every
  content rule is ``info``).

    python bench/pathological.py                        # every input, check and scan
    python bench/pathological.py --only repeated-notices notice-file --commands check
    python bench/pathological.py --file-timeout 0       # no per-file limit: the full cost
    python bench/pathological.py --json /tmp/pathological.json
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from scan_common import TreeMemory  # also puts the repository on sys.path, for tests/

from tests import adversarial

Writer = Callable[[Path], Path]
PROSE = "The harbour council met again on Tuesday to discuss the river festival budget.\n"

INPUTS: dict[str, tuple[str, Writer]] = {
    "long-line": ("one 10 MB line", lambda d: adversarial.write_long_line(d, 10_000_000)),
    "repeated-notices": (
        "200,000 × 'All rights reserved.' (4.2 MB .txt)",
        lambda d: adversarial.write_repeated_notices(d, 200_000),
    ),
    "repeated-notices-md": (
        "the same, Markdown",
        lambda d: adversarial.write_repeated_notices(d, 200_000, name="repeated.md"),
    ),
    "repeated-notices-html": (
        "the same, one <p> each (5.6 MB)",
        lambda d: adversarial.write_repeated_notices(d, 200_000, name="repeated.html"),
    ),
    "notice-file": (
        "20,000-line third-party NOTICE file",
        lambda d: adversarial.write_notice_file(d, 20_000),
    ),
    "tiny-elements": (
        "2.5 million <i>x</i> (20 MB HTML)",
        lambda d: adversarial.write_tiny_elements(d, 2_500_000),
    ),
    "deep-html": ("<div> nested 100,000 deep", lambda d: adversarial.write_deep_html(d, 100_000)),
    "gzip-under-limit": (
        "gzip member of prose, 1 KiB under 20 MiB",
        lambda d: adversarial.write_gzip_bomb(
            d, adversarial.just_under_limit(), name="under-limit.txt.gz", line=PROSE
        ),
    ),
    "gzip-bomb": (
        "gzip member of 1 GiB of newlines (1 MB)",
        lambda d: adversarial.write_gzip_bomb(d, 1 << 30, name="bomb.txt.gz"),
    ),
    "nul-byte": ("Markdown draft with one NUL byte", adversarial.write_nul_byte_draft),
    "many-tiny-files": (
        "10,000 one-line files",
        lambda d: adversarial.write_many_tiny_files(d, 10_000),
    ),
}
COMMANDS = ("check", "scan")
NOT_SCANNED = re.compile(r"licscan\.(?:read-error|rule-timeout) \[\w+\] (.*)")


@dataclass
class Run:
    input: str
    command: str
    wall_s: float
    cpu_s: float
    peak_rss_mb: float  # the process tree, sampled
    exit_code: int
    outcome: str


def licscan_command() -> list[str]:
    script = Path(sys.executable).parent / "licscan"
    return [str(script)] if script.exists() else [sys.executable, "-m", "licscan"]


def command_line(command: str, path: Path, file_timeout: float | None) -> list[str]:
    limit = [] if file_timeout is None else ["--file-timeout", f"{file_timeout:g}"]
    if command == "check":
        return [*licscan_command(), "check", str(path), "--fail-on", "low", *limit]
    return [*licscan_command(), "scan", str(path), "--no-cache", "--quiet", "--exit-zero", *limit]


def measure(name: str, command: str, path: Path, file_timeout: float | None) -> Run:
    """Run one command in a fresh process; the kernel's accounting gives its CPU time."""
    with tempfile.TemporaryFile("w+") as out:
        started = time.perf_counter()
        process = subprocess.Popen(
            command_line(command, path, file_timeout), stdout=out, stderr=subprocess.STDOUT,
            cwd=path.parent,
        )  # fmt: skip
        with TreeMemory(process.pid, interval=0.02) as memory:
            _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        output = out.read()
    return Run(
        input=name,
        command=command,
        wall_s=round(wall, 2),
        cpu_s=round(usage.ru_utime + usage.ru_stime, 2),
        peak_rss_mb=round(memory.total_peak / 2**20, 1),
        exit_code=process.returncode,
        outcome=outcome(command, output, process.returncode),
    )


def outcome(command: str, output: str, exit_code: int) -> str:
    """What licscan made of the input, in a few words."""
    if exit_code not in (0, 1):
        return f"exit {exit_code}: {output.strip().splitlines()[-1][:90] if output else ''}"
    if command == "scan":
        return "scanned"  # --quiet: the summary is not printed
    reasons = NOT_SCANNED.findall(output)
    if reasons:
        return f"{len(reasons)}× {reasons[0][:100]}"
    summary = [line for line in output.splitlines() if line.startswith("licscan: ")]
    return summary[-1].removeprefix("licscan: ")[:100] if summary else "?"


def reference_seconds() -> float:
    """CPU seconds of a fixed loop: how fast this machine runs Python at the moment (the
    figures of a shared machine vary with its load)."""
    started = time.process_time()
    sum(range(10**8))
    return time.process_time() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--work", type=Path, default=Path("/tmp/licscan-pathological"))
    parser.add_argument("--only", nargs="+", choices=sorted(INPUTS), help="inputs to run")
    parser.add_argument("--commands", nargs="+", choices=COMMANDS, default=list(COMMANDS))
    parser.add_argument("--file-timeout", type=float, help="passed on (default: licscan's)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()

    runs: list[Run] = []
    print(f"reference: sum(range(10**8)) takes {reference_seconds():.2f} s of CPU here now")
    print(f"{'input':22} {'command':7} {'wall s':>7} {'CPU s':>7} {'peak MB':>8}  outcome")
    for name in args.only or INPUTS:
        description, write = INPUTS[name]
        folder = args.work / name
        marker = folder / ".written"
        path = write(folder) if not marker.exists() else Path(marker.read_text(encoding="utf-8"))
        marker.write_text(str(path), encoding="utf-8")
        print(f"# {name}: {description}", flush=True)
        for command in args.commands:
            run = measure(name, command, path, args.file_timeout)
            runs.append(run)
            print(f"{name:22} {command:7} {run.wall_s:7.2f} {run.cpu_s:7.2f} "
                  f"{run.peak_rss_mb:8.0f}  {run.outcome}", flush=True)  # fmt: skip
    print(f"reference: {reference_seconds():.2f} s at the end; load average "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")  # fmt: skip
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in runs], indent=2) + "\n")


if __name__ == "__main__":
    main()
