"""Pieces shared by the scan benchmarks: test folders, a process-tree memory sampler, timing."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
REAL_PAGES = SHARED / "corpus" / "articles" / "html"
sys.path.append(str(REPO))  # for tests.run.sites, the made-up site generator


def replicate_real_pages(out: Path, copies: int) -> Path:
    """``out/rNNN/<page>.html.gz`` symlinks to the real pages, read in place (never copied)."""
    pages = sorted(REAL_PAGES.glob("*.html.gz"))
    if not pages:
        raise SystemExit(f"real pages not found in {REAL_PAGES}")
    for copy in range(copies):
        folder = out / f"r{copy:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        for page in pages:
            link = folder / page.name
            if not link.exists():
                link.symlink_to(page)
    return out


def generated_site(out: Path, pages: int, seed: int = 7) -> Path:
    from tests.run.sites import make_site

    if not out.exists():
        make_site(out, pages, seed=seed, bad_files=False)
    return out


@dataclass
class TreeMemory:
    """Samples the resident memory of a process and all its descendants.

    Keeps each process's peak (by pid and command line), and the peak of their sum.
    """

    root: int
    interval: float = 0.2
    peaks: dict[int, tuple[int, str]] = field(default_factory=dict)
    total_peak: int = 0
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def __enter__(self) -> TreeMemory:
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval)

    def sample(self) -> None:
        try:
            root = psutil.Process(self.root)
            processes = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            return
        total = 0
        for process in processes:
            try:
                rss = process.memory_info().rss
                if process.pid not in self.peaks:
                    self.peaks[process.pid] = (0, _describe(process))
            except psutil.Error:
                continue
            total += rss
            if rss > self.peaks[process.pid][0]:
                self.peaks[process.pid] = (rss, self.peaks[process.pid][1])
        self.total_peak = max(self.total_peak, total)

    def report(self) -> list[str]:
        rows = sorted(self.peaks.values(), reverse=True)
        lines = [f"  {rss / 2**20:8.0f} MB  {name}" for rss, name in rows if rss > 20 * 2**20]
        small = sum(1 for rss, _ in rows if rss <= 20 * 2**20)
        if small:
            lines.append(f"  ({small} short-lived or small processes under 20 MB)")
        lines.append(
            f"  {self.total_peak / 2**20:8.0f} MB  all processes together (peak of the sum)"
        )
        return lines


def _describe(process: psutil.Process) -> str:
    try:
        words = process.cmdline()
    except psutil.Error:
        return process.name()
    text = " ".join(Path(w).name if i == 0 else w for i, w in enumerate(words))
    return text[:110]


def run_measured(command: list[str], **kwargs: object) -> tuple[float, TreeMemory, str]:
    """Run ``command``; return its wall time, the memory of its process tree, and its stderr."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs
    )
    with TreeMemory(process.pid) as memory:
        _out, err = process.communicate()
    elapsed = time.perf_counter() - start
    if process.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} exited {process.returncode}:\n{err}")
    return elapsed, memory, err
