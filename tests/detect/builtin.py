"""The built-in rule set (loaded once) and detection of in-memory documents with it.

Tests receive these as fixtures (``builtin_rules`` from tests/conftest.py, ``document`` and
``run`` from tests/detect/conftest.py).  They are also plain functions here because some code
runs outside any test, where pytest hands out no fixture: parametrize lists and Hypothesis
strategies built at import, and the module-level helper functions of a few test modules.
"""

from __future__ import annotations

from functools import lru_cache

from licscan.detect import Detection, RuleSet, detect
from licscan.model import LoadedDocument


@lru_cache(maxsize=1)
def builtin_rules() -> RuleSet:
    return RuleSet.load(check_examples=False)


def document(content: str, doc_type: str = "text", relpath: str = "") -> LoadedDocument:
    """A document from a string, as the loader reads it."""
    from licscan.load import load_text

    name = relpath or {"html": "page.html", "markdown": "page.md"}.get(doc_type, "page.txt")
    return load_text(content, relpath=name, doc_type=doc_type)


def run(content: str, doc_type: str = "text", rules: RuleSet | None = None) -> Detection:
    return detect(document(content, doc_type), rules or builtin_rules())
