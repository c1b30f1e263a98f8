"""Finding messages: each rule's ``message`` is a small Jinja template over the row's fields.

``"Copyright notice {{ text }}{% if holders %}: holders {{ holders|join(', ') }}{% endif %}"``
Templates are compiled on first use and cached, so loading rules stays cheap.  They run in
Jinja's sandbox: a rule file may come with the scanned repository (``rules`` in its
``licscan.toml``), and its templates must not reach Python's internals.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

_ENV = SandboxedEnvironment(autoescape=False, keep_trailing_newline=False)  # plain text, not HTML


def check_template(source: str) -> str:
    """'' when ``source`` is a valid template, else the problem."""
    try:
        _ENV.parse(source)
    except jinja2.TemplateSyntaxError as error:
        return f"line {error.lineno}: {error.message}"
    return ""


@lru_cache(maxsize=512)
def _compiled(source: str) -> jinja2.Template:
    return _ENV.from_string(source)


def render(source: str, values: dict[str, Any]) -> str:
    """The message; a template that fails on these values says so instead of stopping the scan."""
    try:
        text = _compiled(source).render(values)
    except Exception as error:  # e.g. {{ year_end - year_start }} when year_end is None
        return f"(the rule's message template failed here: {type(error).__name__}: {error})"
    return " ".join(text.split())
