"""What a cache row is: the key a file's result is stored under, and the result as JSON.

A key is an HMAC, under this user's own secret (:func:`user_secret`), of the file's content
hash, its path relative to the scan root, and the *configuration digest*
(:func:`config_digest`): everything else that decides the result.  The stored value is the
:class:`~licscan.model.DocumentResult` as JSON, decoded into the model's types and validated
when it is read back, never unpickled.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import json
import logging
import os
import secrets
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec

from licscan.model import DocumentResult
from licscan.run.cache_db import CACHE_FORMAT

if TYPE_CHECKING:
    from licscan.run.context import ScanContext

SECRET_FILENAME = "cache-key"  # in the user's cache folder (platformdirs), never in a project
SECRET_BYTES = 32

# Options that choose *which* files are scanned or *how* the scan runs, never what a file's
# result is.  Every other option is part of the configuration digest, so a new option is
# assumed to change results until it is listed here.
NEUTRAL_OPTIONS = frozenset(
    {
        "include",
        "exclude",
        "use_gitignore",
        "follow_symlinks",
        "baseline",
        "fail_on",
        "min_severity",
        "jobs",
        "file_timeout",
        "engine",
        "scheduler",
        "cache",
        "cache_dir",
        "progress",
    }
)

_log = logging.getLogger(__name__)
_ENCODER = msgspec.json.Encoder()
_DECODER = msgspec.json.Decoder(DocumentResult)


def user_secret() -> bytes | None:
    """This user's key for the cache's row keys, kept outside every project.

    A row is found only under a key made with it, so a cache shipped in a repository (or
    named by its ``cache-dir``) cannot feed a scan results its author wrote: without the key,
    no row of theirs is ever looked up.  ``None`` (no cache) when the key cannot be kept.
    """
    from platformdirs import user_cache_path

    path = user_cache_path("licscan") / SECRET_FILENAME
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with suppress(FileExistsError):
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(secrets.token_bytes(SECRET_BYTES))
        secret = path.read_bytes()
    except OSError as error:
        _log.warning("licscan: warning: scanning without a cache: cannot keep its key in %s (%s)",
                     path, error.strerror or error)
        return None
    if len(secret) != SECRET_BYTES:
        _log.warning("licscan: warning: scanning without a cache: its key %s is damaged; "
                     "delete it and the next scan makes a new one", path)
        return None
    return secret


def row_key(secret: bytes, digest: str, relpath: str, content_hash: str) -> str:
    """The key of a file's result: only this user's scans, with this configuration, of these
    bytes at this path, ever look it up."""
    message = f"{digest}\0{relpath}\0{content_hash}".encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def config_digest(context: ScanContext) -> str | None:
    """What, besides a file's bytes and relative path, decides its result.

    ``None`` when the source index cannot say which version it is: then nothing is cached.
    """
    from licscan.version import __version__

    index = index_version(context.index) if context.index is not None else ""
    if index is None:
        return None
    options = {
        name: value
        for name, value in dataclasses.asdict(context.options).items()
        if name not in NEUTRAL_OPTIONS
    }
    parts = {
        "format": CACHE_FORMAT,
        "licscan": __version__,
        "code": code_digest(),
        "rules": context.rules.version,
        "index": index,
        "options": options,
    }
    text = json.dumps(parts, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def index_version(index: object) -> str | None:
    """A digest of a source index's content: its sources (id and content hash, which covers
    the manifest row), its fingerprint scheme and boilerplate threshold, for every store.

    Independent of when or where the index was built, so a temporary index rebuilt from an
    unchanged source folder has the same version.  ``None`` for an index of unknown kind.
    """
    version = getattr(index, "version", None)
    if isinstance(version, str) and version:
        return version
    stores = getattr(index, "stores", None)
    if stores is None:
        return None
    digest = hashlib.sha256(f"exclude_ids={getattr(index, 'exclude_ids', False)}".encode())
    for store in stores:
        meta = store.meta()
        digest.update(f"\0{meta.get('scheme')}\0{store.max_df()}\0".encode())
        for source_id, content in store.content_hashes():
            digest.update(f"{source_id}\0{content}\n".encode())
    return digest.hexdigest()


_CODE_DIGEST: str | None = None


def code_digest() -> str:
    """A hash of licscan's own source files: in a development checkout the code changes
    without the version number changing, and a cached result must not outlive its code."""
    global _CODE_DIGEST
    if _CODE_DIGEST is None:
        package = Path(__file__).resolve().parents[1]  # all of licscan, not only run/
        digest = hashlib.sha256()
        for path in sorted(package.rglob("*.py")):
            digest.update(path.relative_to(package).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
        _CODE_DIGEST = digest.hexdigest()
    return _CODE_DIGEST


def encode_result(result: DocumentResult) -> bytes | None:
    """The JSON of a result; ``None`` when its text is not valid Unicode (a lone surrogate
    from a broken page): such a result is computed again by the next scan."""
    try:
        return _ENCODER.encode(result)
    except UnicodeEncodeError:
        return None


def decode_result(data: object) -> DocumentResult | None:
    """A stored result, checked field by field against the model's types; ``None`` when the
    data is not such a result."""
    if not isinstance(data, bytes):
        return None
    try:
        return _DECODER.decode(data)
    except msgspec.MsgspecError:
        return None
