"""Memory per file is bounded: a page of many tiny elements loads within a stated multiple of
its size (measured in a fresh process, as the peak resident size the loading adds).

The bound holds from small pages up to the size limit: at 20 MB (2.5 million ``<b>x</b>``) the
load peaks below 1 GB.  The test uses a smaller page so that it stays quick.
"""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import resource, sys, tempfile
from pathlib import Path

import lxml.etree  # loaded before the baseline is taken, as in any scan

from licscan.load import load_document
from licscan.model import FileEntry

with tempfile.TemporaryDirectory() as folder:
    page = Path(folder) / "tiny.html"
    page.write_text("<b>x</b>" * int(sys.argv[1]))
    size = page.stat().st_size
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    document = load_document(FileEntry(page, "tiny.html", size), 20 * 1024 * 1024)
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(len(document.text), (after - before) * 1024 / size)
"""
MAX_RATIO = 60  # peak memory added per byte of a page of tiny elements (about 48 measured)


def test_a_page_of_many_tiny_elements_loads_within_the_memory_bound() -> None:
    elements = 200_000
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(elements)], capture_output=True, text=True, check=True
    )
    chars, ratio = done.stdout.split()
    assert int(chars) == elements  # every "x" read
    assert float(ratio) < MAX_RATIO
