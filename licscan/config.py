"""Project configuration: ``licscan.toml`` or ``[tool.licscan]`` in ``pyproject.toml``.

The file is looked for from the first start path upward, stopping at the repository root (the
first folder holding ``.git``).  Relative paths in it resolve against the file's folder, so a
configuration means the same thing whichever folder licscan runs from.  Keys may be written
``fail-on`` or ``fail_on``; an unknown key is an error naming the key and the file, because a
misspelt ``exclude`` silently scanning everything is worse than a refusal.

Keys (command-line flags override them)::

    sources = [".licscan/index"]          # source index or folders of sources
    include = ["content/**"]              # gitignore-style patterns
    exclude = ["content/drafts/**"]
    fail-on = "medium"                    # high | medium | low | info
    min-severity = "info"                 # lowest severity in reports and the console list
    rules = ["house-rules.yaml"]          # extra rule files or folders
    builtin-rules = true
    disable = ["notice.photo-credit"]     # rule ids or id prefixes
    severity = {"reuse.missing-link" = "medium"}
    licensed-sources = ["apnews.com"]     # domains or publishers whose reuse is licensed
    baseline = ".licscan-baseline.json"
    inline-ignores = true
    gitignore = true
    follow-symlinks = false               # true: also links out of the scanned folders
    max-size = 20971520                   # bytes
    regex-timeout = 0.5                   # seconds
    cross = false                         # also match the scanned documents against each other
    jobs = 1                              # 0: all cores
    file-timeout = 300                    # seconds one file may take (default 60; 0: no limit)
    engine = "local"                      # local | dask
    scheduler = "tcp://host:8786"
    cache = true
    cache-dir = ".licscan/cache"

    [policy]                              # the quotation policy (docs/policy.md)
    short-quote-words = 50                # a short quotation: at most this many words
    excerpt-share = 0.25                  # excerpt terms without a limit: reviewed from here
    whole-article-share = 0.8             # from this share of a source on: the whole article
"""

from __future__ import annotations

import difflib
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from licscan.model import Severity
from licscan.options import ScanOptions
from licscan.policy import QuotationPolicy

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

CONFIG_NAME = "licscan.toml"
PYPROJECT_NAME = "pyproject.toml"
SEVERITIES = tuple(severity.value for severity in Severity)
ENGINES = ("local", "dask")


class ConfigError(Exception):
    """An unreadable or invalid configuration file (exit code 2)."""


@dataclass(frozen=True)
class ConfigFile:
    path: Path  # licscan.toml or pyproject.toml
    table: str  # "" for licscan.toml, "tool.licscan" for pyproject.toml

    @property
    def folder(self) -> Path:
        return self.path.parent

    @property
    def where(self) -> str:
        return f"{self.path} [{self.table}]" if self.table else str(self.path)


def _search_start(start: list[Path]) -> Path:
    first = Path(start[0]) if start else Path.cwd()
    first = first.resolve()
    return first if first.is_dir() else first.parent


def _ancestors(start: list[Path]) -> list[Path]:
    """Folders from the first start path up to the repository root (or the file system root)."""
    folders = []
    for folder in (_search_start(start), *_search_start(start).parents):
        folders.append(folder)
        if (folder / ".git").exists():
            break
    return folders


def find_config(start: list[Path]) -> ConfigFile | None:
    """The nearest ``licscan.toml``, or ``pyproject.toml`` with a ``[tool.licscan]`` table."""
    for folder in _ancestors(start):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return ConfigFile(candidate, "")
        pyproject = folder / PYPROJECT_NAME
        if pyproject.is_file() and "licscan" in _read_toml(pyproject).get("tool", {}):
            return ConfigFile(pyproject, "tool.licscan")
    return None


def find_project_root(start: list[Path]) -> Path:
    """The folder report paths and fingerprints are relative to.

    The configuration file's folder when there is one, else the repository root, else the
    current folder: the same file gets the same identity from ``scan``, ``check`` and
    ``baseline`` wherever they are started.
    """
    config = find_config(start)
    if config is not None:
        return config.folder
    folders = _ancestors(start)
    if (folders[-1] / ".git").exists():
        return folders[-1]
    return Path.cwd().resolve()


def load_config(start: list[Path], config_file: Path | None = None) -> ScanOptions:
    """Scan options from the configuration found above ``start`` (defaults when there is none).

    ``config_file`` names the file explicitly (``--config``); it must exist.
    """
    config = _explicit_config(Path(config_file)) if config_file else find_config(start)
    options = ScanOptions()
    if config is None:
        return options
    return apply_table(options, _config_table(config), config)


def apply_table(options: ScanOptions, table: dict[str, Any], config: ConfigFile) -> ScanOptions:
    """Set ``options`` fields from a configuration table, validating every key."""
    for raw_key, value in table.items():
        key = raw_key.replace("-", "_")
        spec = _KEYS.get(key)
        if spec is None:
            raise ConfigError(_unknown_key_message(raw_key, config))
        try:
            converted = spec.convert(value, config.folder)
        except (TypeError, ValueError) as error:
            raise ConfigError(f"{config.where}: {raw_key}: {error}") from None
        setattr(options, spec.field, converted)
    return options


def _explicit_config(path: Path) -> ConfigFile:
    if not path.is_file():
        raise ConfigError(f"configuration file not found: {path}")
    path = path.resolve()
    return ConfigFile(path, "tool.licscan" if path.name == PYPROJECT_NAME else "")


def _config_table(config: ConfigFile) -> dict[str, Any]:
    data = _read_toml(config.path)
    if config.table:
        data = data.get("tool", {}).get("licscan", {})
        if not isinstance(data, dict):
            raise ConfigError(f"{config.where}: must be a table")
    return data


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: {error}") from None
    except UnicodeDecodeError as error:  # TOML files are UTF-8 by definition
        line = error.object[: error.start].count(b"\n") + 1
        raise ConfigError(f"{path}: line {line} is not UTF-8 text; save the file as UTF-8"
                          ) from None
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror or error}") from None


def _unknown_key_message(key: str, config: ConfigFile) -> str:
    message = f'{config.where}: unknown key "{key}"'
    close = difflib.get_close_matches(key.replace("-", "_"), list(_KEYS), n=1)
    if close:
        message += f' (did you mean "{close[0].replace("_", "-")}"?)'
    return message + f"; known keys: {', '.join(k.replace('_', '-') for k in sorted(_KEYS))}"


# -- value converters: each raises TypeError/ValueError with a message for the user -------------


def _bool(value: Any, _folder: Path) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"expected true or false, got {value!r}")
    return value


def _int_at_least(minimum: int) -> Callable[[Any, Path], int]:
    def convert(value: Any, _folder: Path) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"expected a whole number, got {value!r}")
        if value < minimum:
            raise ValueError(f"must be at least {minimum}, got {value}")
        return value

    return convert


def _positive_float(value: Any, _folder: Path) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        raise ValueError(f"expected a positive number, got {value!r}")
    return float(value)


def _non_negative_float(value: Any, _folder: Path) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise ValueError(f"expected a number of seconds, 0 or more, got {value!r}")
    return float(value)


def _str(value: Any, _folder: Path) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {value!r}")
    return value


def _choice(choices: tuple[str, ...]) -> Callable[[Any, Path], str]:
    def convert(value: Any, folder: Path) -> str:
        value = _str(value, folder).lower()
        if value not in choices:
            raise ValueError(f"expected one of {', '.join(choices)}, got {value!r}")
        return value

    return convert


def _str_list(value: Any, _folder: Path) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise TypeError(f"expected a list of strings, got {value!r}")
    return list(value)


def _path(value: Any, folder: Path) -> Path:
    return folder / Path(_str(value, folder)).expanduser()


def _path_list(value: Any, folder: Path) -> list[Path]:
    return [folder / Path(item).expanduser() for item in _str_list(value, folder)]


def _severity_table(value: Any, folder: Path) -> dict[str, str]:
    if not isinstance(value, dict):
        raise TypeError(f'expected a table of rule id = severity, e.g. {{"notice.copyright" = '
                        f'"info"}}, got {value!r}')
    severity = _choice(SEVERITIES)
    overrides = {}
    for rule_id, level in value.items():
        try:
            overrides[rule_id] = severity(level, folder)
        except (TypeError, ValueError) as error:
            raise ValueError(f"{rule_id}: {error}") from None
    return overrides


def _share(value: Any, _folder: Path) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= 1:
        raise ValueError(f"expected a share of the source above 0 and at most 1, got {value!r}")
    return float(value)


_POLICY_KEYS: dict[str, Callable[[Any, Path], Any]] = {
    "short_quote_words": _int_at_least(0),
    "excerpt_share": _share,
    "whole_article_share": _share,
}


def _policy_table(value: Any, folder: Path) -> QuotationPolicy:
    """The ``[policy]`` table; a bad value names its key (``policy: short-quote-words: …``)."""
    if not isinstance(value, dict):
        raise TypeError(f"expected a table ([policy]), got {value!r}")
    settings = {}
    for raw_key, setting in value.items():
        key = raw_key.replace("-", "_")
        convert = _POLICY_KEYS.get(key)
        if convert is None:
            known = ", ".join(k.replace("_", "-") for k in _POLICY_KEYS)
            raise ValueError(f'unknown key "{raw_key}"; known keys: {known}')
        try:
            settings[key] = convert(setting, folder)
        except (TypeError, ValueError) as error:
            raise ValueError(f"{raw_key}: {error}") from None
    policy = QuotationPolicy(**settings)
    if policy.excerpt_share > policy.whole_article_share:
        raise ValueError(f"excerpt-share ({policy.excerpt_share:g}) must not be above "
                         f"whole-article-share ({policy.whole_article_share:g})")
    return policy


@dataclass(frozen=True)
class _Key:
    field: str  # ScanOptions attribute
    convert: Callable[[Any, Path], Any]


_KEYS: dict[str, _Key] = {
    "sources": _Key("sources", _path_list),
    "include": _Key("include", _str_list),
    "exclude": _Key("exclude", _str_list),
    "fail_on": _Key("fail_on", _choice(SEVERITIES)),
    "min_severity": _Key("min_severity", _choice(SEVERITIES)),
    "rules": _Key("rule_paths", _path_list),
    "builtin_rules": _Key("builtin_rules", _bool),
    "disable": _Key("disabled_rules", _str_list),
    "severity": _Key("severity_overrides", _severity_table),
    "licensed_sources": _Key("licensed_sources", _str_list),
    "policy": _Key("policy", _policy_table),
    "baseline": _Key("baseline", _path),
    "inline_ignores": _Key("inline_ignores", _bool),
    "gitignore": _Key("use_gitignore", _bool),
    "follow_symlinks": _Key("follow_symlinks", _bool),
    "max_size": _Key("max_size", _int_at_least(1)),
    "regex_timeout": _Key("regex_timeout", _positive_float),
    "cross": _Key("cross", _bool),
    "jobs": _Key("jobs", _int_at_least(0)),
    "file_timeout": _Key("file_timeout", _non_negative_float),
    "engine": _Key("engine", _choice(ENGINES)),
    "scheduler": _Key("scheduler", _str),
    "cache": _Key("cache", _bool),
    "cache_dir": _Key("cache_dir", _path),
}
