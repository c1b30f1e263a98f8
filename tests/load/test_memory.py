"""Memory per file is bounded: a page of many tiny elements loads within a stated multiple of
its size (measured in a fresh process, as the peak resident size the loading adds).

Pages of up to 500,000 tags are parsed into a tree (about 50 times their size, for tiny
elements); longer ones are parsed and walked as a stream, whose share falls with the size: at
the 20 MB limit (2.5 million ``<b>x</b>``) the load peaks at about 420 MB, 20 times the page.
The tests use smaller pages so that they stay quick.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

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


@pytest.mark.parametrize(
    ("elements", "max_ratio"),  # peak memory added per byte of the page: bound (measured)
    [(200_000, 60), (300_000, 45)],  # a tree (49.5), a stream (38)
    ids=["tree", "stream"],
)
def test_a_page_of_many_tiny_elements_loads_within_the_memory_bound(
    elements: int, max_ratio: int
) -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(elements)], capture_output=True, text=True, check=True
    )
    chars, ratio = done.stdout.split()
    assert int(chars) == elements  # every "x" read
    assert float(ratio) < max_ratio
