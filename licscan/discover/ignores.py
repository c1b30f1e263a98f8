"""The ignore rules of discovery: ``.gitignore`` files (nested ones, those above the scan root
in its Git work tree, ``.git/info/exclude``) and the ``include``/``exclude`` patterns."""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass
class Ignores:
    """The .gitignore specs in force in one folder, outermost first: (folder, spec)."""

    specs: tuple = ()

    def ignored(self, path: str, is_dir: bool) -> bool:
        decision = False
        for folder, spec in self.specs:
            rel = os.path.relpath(path, folder).replace(os.sep, "/")
            if rel.startswith("../"):
                continue
            result = spec.check_file(rel + "/" if is_dir else rel)
            if result.include is not None:
                decision = result.include
        return decision

    def with_file(self, folder: str, path: str) -> Ignores:
        spec = _read_spec(path)
        return Ignores((*self.specs, (folder, spec))) if spec is not None else self


def _read_spec(path: str):
    import pathspec

    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            lines = handle.read().splitlines()
    except OSError:
        return None
    return pathspec.GitIgnoreSpec.from_lines(lines) if lines else None


def outer_ignores(folder: str) -> Ignores:
    """``.git/info/exclude`` and the .gitignore files above ``folder`` in its Git work tree."""
    chain = [folder]  # folder, its parent, ... up to the work tree's top
    while not os.path.exists(os.path.join(chain[-1], ".git")):
        parent = os.path.dirname(chain[-1])
        if parent == chain[-1]:
            return Ignores()  # not inside a Git work tree
        chain.append(parent)
    top = chain[-1]
    ignores = Ignores().with_file(top, os.path.join(top, ".git", "info", "exclude"))
    for parent in reversed(chain[1:]):  # the folder's own .gitignore is read by the walk
        ignores = ignores.with_file(parent, os.path.join(parent, ".gitignore"))
    return ignores


def pattern_spec(patterns: list[str]):
    """The gitignore-style ``include``/``exclude`` patterns as one spec (None when none)."""
    if not patterns:
        return None
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines(patterns)
