"""Helpers for the detection tests: the built-in rule set (loaded once) and in-memory documents."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from licscan.detect import Detection, RuleSet, detect
from licscan.model import LoadedDocument

DATA = Path(__file__).parent / "detect" / "data"


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
