"""Records per second of a scan of a web archive, and the peak memory of the process scanning it.

Writes a ``.warc.gz`` of about ``--size`` MB (uncompressed HTML) to a temporary folder with
tests/formats.py's WARC writer (warcio): pages of ``--page-kb`` KB each (the report's
paragraphs, numbered, inside the menus, scripts and footer of a news page), then scans it in a
child process (``licscan.scan``, no cache, ``--jobs`` processes) and reads that process's peak
resident memory (``ru_maxrss`` of the children: the largest of the scanning process and its
workers).  The archive is never loaded whole, so the peak does not grow with its size beyond the
result tables: each page states a notice and its response an ``X-Robots-Tag``, so it gives ten
rows of the tables; ``--bare`` leaves both out (one ``documents`` row a page), which shows what
the streaming itself costs.

    python bench/scan_warc.py [--size 100] [--page-kb 40] [--jobs 1] [--folder /tmp] [--bare]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parents[1]))  # for tests.formats, the generator

from tests import formats

_CHROME = "<nav>" + "".join(f"<a href='/s{n}/'>Section {n}</a>" for n in range(40)) + "</nav>"
_SCRIPT = "<script>" + "var tracking = {id: 1};" * 200 + "</script>"
_SCAN = """
import json, sys, time
import licscan
start = time.perf_counter()
result = licscan.scan([sys.argv[1]], cache=False, jobs=int(sys.argv[2]))
ok = int((result.documents["status"] == "ok").sum())
print(json.dumps({"seconds": time.perf_counter() - start, "records": ok,
                  "rows": len(result.documents)}))
"""


def page(number: int, page_kb: int, notice: str) -> bytes:
    """A news page of about ``page_kb`` KB: chrome, a script, numbered paragraphs, a footer."""
    paragraphs, size, n = [], 0, 0
    while size < page_kb * 1024 - len(_CHROME) - len(_SCRIPT):
        text = formats.REPORT_PARAGRAPHS[n % len(formats.REPORT_PARAGRAPHS)]
        paragraphs.append(f"<p>{number}.{n} {text}</p>")
        size += len(paragraphs[-1])
        n += 1
    body = "".join(paragraphs)
    return (f"<!doctype html><html><head><title>Story {number}</title>{_SCRIPT}</head><body>"
            f"{_CHROME}<article>{body}</article><footer><p>{notice}</p></footer>"
            f"</body></html>").encode()  # fmt: skip


def write_archive(path: Path, size_mb: int, page_kb: int, bare: bool = False) -> int:
    """Write the archive; the number of pages in it."""
    count = max(1, size_mb * 1024 // page_kb)
    headers = [] if bare else [("X-Robots-Tag", "noai")]
    notice = "Contact the newsroom." if bare else formats.REPORT_NOTICE
    with open(path, "wb") as handle:
        for first in range(0, count, 100):  # a hundred pages at a time: bounded memory
            pages = [(f"{formats.COURIER}/story/{n}.html", headers, page(n, page_kb, notice))
                     for n in range(first, min(count, first + 100))]  # fmt: skip
            formats.write_warc(handle, pages, extra=False)
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=100, help="MB of HTML in the archive")
    parser.add_argument("--page-kb", type=int, default=40, help="KB of HTML per page")
    parser.add_argument("--jobs", type=int, default=1, help="scanning processes")
    parser.add_argument("--folder", type=Path, default=None, help="where the archive is written")
    parser.add_argument("--bare", action="store_true", help="pages without a notice or header")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.folder) as folder:
        path = Path(folder) / "crawl.warc.gz"
        start = time.perf_counter()
        pages = write_archive(path, args.size, args.page_kb, args.bare)
        written = time.perf_counter() - start
        print(f"wrote {pages} pages, {path.stat().st_size / 1e6:.0f} MB compressed, "
              f"in {written:.0f} s")  # fmt: skip
        output = subprocess.run([sys.executable, "-c", _SCAN, str(path), str(args.jobs)],
                                check=True, capture_output=True, text=True).stdout  # fmt: skip
    measured = json.loads(output.strip().splitlines()[-1])
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    rate = measured["records"] / measured["seconds"]
    print(f"scanned {measured['records']} records ({measured['rows']} rows) in "
          f"{measured['seconds']:.0f} s: {rate:.1f} records/s, jobs {args.jobs}; "
          f"peak memory {peak_mb:.0f} MB")  # fmt: skip


if __name__ == "__main__":
    main()
