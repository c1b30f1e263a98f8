"""The git side of licscan's own pre-commit hook: what is staged, and the hook script itself.

* :func:`write_staged` copies the content staged in the index (not the working tree) into a
  folder, at the same repository-relative paths, so the normal check can scan it: what is
  committed is what is checked, and line numbers refer to the staged text.  The files are the
  ones ``git diff --cached --name-only --diff-filter=ACMR`` lists (``--raw`` gives the same list
  with each file's staged blob id), their bytes those of ``git show :PATH``, read in one
  ``git cat-file --batch`` call.
* :func:`install_hook` / :func:`uninstall_hook` manage ``pre-commit`` in the hooks folder git
  uses (``git rev-parse --git-path hooks``, which follows ``core.hooksPath``).  The script is
  marked with :data:`HOOK_MARKER`; a hook without the marker belongs to someone else and is
  never replaced without ``force`` nor removed.
"""

from __future__ import annotations

import os
import shlex
import shutil
import stat
import subprocess
import sys
import sysconfig
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

HOOK_NAME = "pre-commit"
HOOK_MARKER = "# licscan-managed-hook: written by `licscan hook install`"
_NO_BLOB = "0" * 40
_SKIPPED_MODES = {"120000", "160000"}  # a symbolic link's target path, a submodule commit


class GitError(Exception):
    """git is missing, the folder is not in a work tree, or a git command failed (exit 2)."""


@dataclass(frozen=True)
class StagedFile:
    path: str  # relative to the work tree's top, POSIX
    blob: str  # object id of the staged content


class GitMissing(GitError):
    """No ``git`` program to run."""


def _git(args: Sequence[str], cwd: Path | None = None, stdin: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(
            ["git", *args], cwd=cwd, input=stdin, capture_output=True, check=False
        )
    except FileNotFoundError:
        raise GitMissing("git is not installed (or not on PATH)") from None
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"git {args[0]} failed: {detail[-1] if detail else done.returncode}")
    return done.stdout


def work_tree_top(cwd: Path | None = None) -> Path:
    """The top folder of the git work tree around ``cwd``; :class:`GitError` outside one."""
    try:
        out = _git(["rev-parse", "--show-toplevel"], cwd)
    except GitMissing:
        raise
    except GitError:
        raise GitError(f"{Path(cwd or '.').resolve()} is not inside a git work tree") from None
    return Path(os.fsdecode(out.rstrip(b"\n"))).resolve()


def staged_files(pathspecs: Sequence[str] = (), cwd: Path | None = None) -> list[StagedFile]:
    """Files added, copied, modified or renamed in the index, optionally limited to pathspecs.

    Pathspecs are relative to ``cwd``, as on git's command line; the returned paths are
    relative to the work tree's top.
    """
    out = _git(
        ["diff", "--cached", "--raw", "--no-renames", "--diff-filter=ACMR", "-z", "--",
         *pathspecs],
        cwd,
    )
    fields = out.split(b"\0")
    files = []
    # -z --raw: ":old_mode new_mode old_blob new_blob status" NUL path NUL, per file
    for header, path in zip(fields[0::2], fields[1::2], strict=False):
        if not header.startswith(b":"):
            continue
        _old_mode, new_mode, _old_blob, new_blob, _status = header[1:].decode().split()
        if new_mode not in _SKIPPED_MODES and new_blob != _NO_BLOB:
            files.append(StagedFile(os.fsdecode(path), new_blob))
    return files


def write_staged(target: Path, files: Sequence[StagedFile], cwd: Path | None = None) -> None:
    """Write each staged file's content under ``target`` at its repository-relative path."""
    if not files:
        return
    out = _git(["cat-file", "--batch"], cwd, stdin="".join(f"{f.blob}\n" for f in files).encode())
    position = 0
    for staged in files:
        # each object: "<oid> <type> <size>\n" <content> "\n"
        newline = out.index(b"\n", position)
        size = int(out[position:newline].split()[2])
        start = newline + 1
        destination = target.joinpath(*PurePosixPath(staged.path).parts)
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_bytes(out[start : start + size])
        position = start + size + 1


# -- the hook script ---------------------------------------------------------------------------


class HookError(Exception):
    """A hook that is not licscan's is in the way (exit 2)."""


def hooks_folder(cwd: Path | None = None) -> Path:
    """The folder git runs hooks from (``core.hooksPath`` when set, else ``.git/hooks``)."""
    work_tree_top(cwd)  # a clear message outside a repository
    out = _git(["rev-parse", "--git-path", "hooks"], cwd)
    return (Path(cwd or Path.cwd()) / os.fsdecode(out.rstrip(b"\n"))).resolve()


def is_licscan_hook(path: Path) -> bool:
    try:
        return HOOK_MARKER in path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return False


def licscan_executable() -> str | None:
    """The absolute path of this installation's ``licscan`` console script, when there is one.

    The current interpreter's scripts folder first, so a hook installed from a virtual
    environment works without activating it.
    """
    folders = [sysconfig.get_path("scripts"), str(Path(sys.executable).parent)]
    for folder in folders:
        found = shutil.which("licscan", path=folder)
        if found:
            return str(Path(found).absolute())
    return None


def hook_script(args: Sequence[str], executable: str | None) -> str:
    """A POSIX sh pre-commit hook running ``licscan check --staged ARGS``."""
    command = " ".join(shlex.quote(arg) for arg in ["check", "--staged", *args])
    preferred = shlex.quote(executable) if executable else "''"
    return f"""#!/bin/sh
{HOOK_MARKER}
# Checks what is staged for rights and reuse problems; remove with `licscan hook uninstall`.
# Bypass once with `git commit --no-verify`.
licscan={preferred}
if [ -z "$licscan" ] || [ ! -x "$licscan" ]; then
    licscan=$(command -v licscan) || {{
        echo "licscan pre-commit hook: licscan not found (reinstall it, or run" \\
             "'licscan hook install' again from the environment it lives in)" >&2
        exit 1
    }}
fi
exec "$licscan" {command}
"""


def install_hook(args: Sequence[str], force: bool = False, cwd: Path | None = None) -> Path:
    """Write the pre-commit hook; replace a foreign hook only with ``force``."""
    path = hooks_folder(cwd) / HOOK_NAME
    if path.exists() and not force and not is_licscan_hook(path):
        raise HookError(
            f"{path} exists and was not written by licscan: use --force to replace it, "
            f"or call `licscan check --staged` from it"
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(hook_script(args, licscan_executable()), encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return path


def uninstall_hook(cwd: Path | None = None) -> Path | None:
    """Remove licscan's pre-commit hook; None when there is none.  A foreign hook is kept."""
    path = hooks_folder(cwd) / HOOK_NAME
    if not path.exists():
        return None
    if not is_licscan_hook(path):
        raise HookError(f"{path} was not written by licscan: left in place")
    path.unlink()
    return path
