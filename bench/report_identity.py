"""Reports as bytes: write every report format for fixed scans and compare them with a reference.

A refactoring that must not change behaviour is checked with it: write the reports before the
change, again after, and compare (exit 1 and a list of the files that differ).

    python bench/report_identity.py OUT                  # write the reports and their sha256
    python bench/report_identity.py OUT --against REF    # ... and compare with an earlier OUT

The scans: the bundled examples against their own site, the 70 real pages of the shared corpus
against each other (``--cross``), and the seed article.  The scan's clock is fixed so that the
only differences left are real ones.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

import licscan
from licscan.options import ScanOptions
from licscan.report.formats import FORMATS

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "corpus"
FIXED_CLOCK = {"started": "2026-01-01T00:00:00Z", "finished": "2026-01-01T00:00:01Z"}


def scans() -> dict[str, tuple[list[Path], ScanOptions]]:
    examples = REPO / "examples"
    found = {
        "examples": ([examples], ScanOptions(root=REPO, sources=[examples / "site"], cache=False)),
    }
    if (SHARED / "articles" / "html").is_dir():
        pages = SHARED / "articles" / "html"
        found["pages"] = ([pages], ScanOptions(root=SHARED, cross=True, cache=False))
        seed = SHARED / "seed"
        found["seed"] = ([seed], ScanOptions(root=SHARED, cache=False))
    return found


def write_reports(out: Path) -> dict[str, str]:
    """Every format of every scan under ``out``; returns relative path -> sha256."""
    digests: dict[str, str] = {}
    for name, (paths, options) in scans().items():
        result = licscan.scan(paths, options)
        result.scan.update(FIXED_CLOCK)
        for report_format in FORMATS:
            target = out / name / f"report{report_format.suffix}"
            target.parent.mkdir(parents=True, exist_ok=True)
            result.write(target)
    for path in sorted(p for p in out.rglob("*") if p.is_file() and p.name != "SHA256SUMS"):
        digests[path.relative_to(out).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    lines = [f"{digest}  {name}\n" for name, digest in digests.items()]
    (out / "SHA256SUMS").write_text("".join(lines), encoding="utf-8")
    return digests


def read_sums(folder: Path) -> dict[str, str]:
    sums = {}
    for line in (folder / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        digest, name = line.split("  ", 1)
        sums[name] = digest
    return sums


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--against", type=Path, help="an earlier OUT folder to compare with")
    args = parser.parse_args()
    digests = write_reports(args.out)
    print(f"{len(digests)} report files written under {args.out}")
    if args.against is None:
        return 0
    reference = read_sums(args.against)
    differ = sorted(name for name in reference.keys() | digests.keys()
                    if reference.get(name) != digests.get(name))
    for name in differ:
        print(f"differs: {name}")
    print(f"{len(reference) - len(differ)} of {len(reference)} reference files identical")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
