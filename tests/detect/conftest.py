"""Fixtures of the detection tests: in-memory documents, and detection of them.

``run`` here detects text with the built-in rules; it takes the place, in this folder, of the
suite's ``run`` (a `licscan` command line), which no detection test uses.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from licscan.detect import Detection
from licscan.model import LoadedDocument
from tests.detect import builtin


@pytest.fixture(scope="session")
def document() -> Callable[..., LoadedDocument]:
    """``document(content, doc_type="text", relpath="")``: a document from a string, as the
    loader reads it."""
    return builtin.document


@pytest.fixture(scope="session")
def run() -> Callable[..., Detection]:
    """``run(content, doc_type="text", rules=None)``: what the rules (the built-in ones unless
    given) detect in ``content``."""
    return builtin.run
