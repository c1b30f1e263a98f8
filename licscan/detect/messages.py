"""Finding messages: each rule's ``message`` is a small Jinja template over the row's fields.

``"Copyright notice {{ text }}{% if holders %}: holders {{ holders|join(', ') }}{% endif %}"``
Templates are compiled on first use and cached, so loading rules stays cheap.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import jinja2

_ENV = jinja2.Environment(autoescape=False, keep_trailing_newline=False)  # plain text, not HTML


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
    return " ".join(_compiled(source).render(values).split())
