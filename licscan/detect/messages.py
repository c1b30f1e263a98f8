"""Finding messages: each rule's ``message`` is a small Jinja template over the row's fields.

``"Copyright notice {{ text }}{% if holders %}: holders {{ holders|join(', ') }}{% endif %}"``
Templates are compiled on first use and cached, so loading rules stays cheap.  They run in
Jinja's sandbox: a rule file may come with the scanned repository (``rules`` in its
``licscan.toml``), and its templates must not reach Python's internals.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Collection, Mapping
from functools import lru_cache
from typing import Any

import jinja2
import jinja2.meta
from jinja2.sandbox import SandboxedEnvironment

_ENV = SandboxedEnvironment(autoescape=False, keep_trailing_newline=False)  # plain text, not HTML


def check_template(source: str) -> str:
    """'' when ``source`` is a valid template, else the problem."""
    try:
        _ENV.parse(source)
    except jinja2.TemplateSyntaxError as error:
        return f"line {error.lineno}: {error.message}"
    return ""


_RENDERED_MAX = 10_000  # messages remembered; the memory is forgotten when it is full
_rendered: dict[tuple[Any, ...], str] = {}


class _Absent:
    """A variable the values do not hold (Jinja's undefined, not None)."""


_ABSENT = _Absent()
_SCALARS = frozenset({str, int, float, bool, type(None), _Absent})  # values that are their key


@lru_cache(maxsize=512)
def _compiled(source: str) -> tuple[jinja2.Template, tuple[str, ...]]:
    """The template, and the names of the variables it reads."""
    names = jinja2.meta.find_undeclared_variables(_ENV.parse(source))
    return _ENV.from_string(source), tuple(sorted(names))


def render(source: str, values: Mapping[str, Any]) -> str:
    """The message of ``source`` over ``values``.  A message depends only on the variables its
    template reads: a file of 200,000 identical notices renders it once, not 200,000 times."""
    template, names = _compiled(source)
    read = tuple(map(values.get, names, itertools.repeat(_ABSENT)))
    return _render_once(source, template, read, lambda: values)


def render_fields(source: str, row: object, fields: Collection[str]) -> str:
    """:func:`render` over the attributes of ``row`` named in ``fields``, reading only those
    the template needs unless the message is a new one."""
    template, names = _compiled(source)
    read = tuple(getattr(row, name) if name in fields else _ABSENT for name in names)
    return _render_once(source, template, read, lambda: {f: getattr(row, f) for f in fields})


def _render_once(
    source: str,
    template: jinja2.Template,
    read: tuple[Any, ...],
    values: Callable[[], Mapping[str, Any]],
) -> str:
    """The message whose template reads ``read``: remembered, or rendered over ``values()``."""
    types = tuple(map(type, read))
    try:
        if _SCALARS.issuperset(types):
            key: tuple[Any, ...] = (source, read, types)
        else:
            key = (source, *map(_frozen, read))
    except TypeError:  # a value that cannot be a key: render it every time
        return _text(template, values())
    message = _rendered.get(key)
    if message is None:
        if len(_rendered) >= _RENDERED_MAX:
            _rendered.clear()
        message = _rendered[key] = _text(template, values())
    return message


def _text(template: jinja2.Template, values: Mapping[str, Any]) -> str:
    """The rendered message on one line; a template that fails on these values says so instead
    of stopping the scan."""
    try:
        text = template.render(values)
    except Exception as error:  # e.g. {{ year_end - year_start }} when year_end is None
        return f"(the rule's message template failed here: {type(error).__name__}: {error})"
    return " ".join(text.split())


def _frozen(value: Any) -> Any:
    """A hashable stand-in for ``value`` equal only for values that render alike (with their
    type: ``1``, ``1.0`` and ``True`` are equal in Python, not in a message).  Raises
    TypeError for a value it cannot stand in for."""
    if type(value) in _SCALARS:
        return type(value), value
    if isinstance(value, (list, tuple)):
        return type(value), tuple(_frozen(item) for item in value)
    if isinstance(value, dict):
        return dict, tuple((_frozen(k), _frozen(v)) for k, v in value.items())
    hash(value)
    return type(value), value
