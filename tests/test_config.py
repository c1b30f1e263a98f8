"""Configuration files: discovery, keys, relative paths, errors, and CLI flags over them."""

from __future__ import annotations

from pathlib import Path

import pytest

from licscan.config import ConfigError, find_config, find_project_root, load_config
from licscan.options import DEFAULT_MAX_SIZE, ScanOptions


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / "site" / ".git").mkdir(parents=True)
    return tmp_path / "site"


def test_licscan_toml_found_above_the_file_with_paths_relative_to_it(repo: Path) -> None:
    _write(repo / "licscan.toml", """
sources = [".licscan/index"]
include = ["content/**"]
exclude = ["content/drafts/**"]
fail-on = "high"
rules = ["house-rules.yaml"]
disable = ["notice.copyright"]
severity = {"reuse.uncredited" = "medium"}
licensed_sources = ["apnews.com", "Reuters"]
baseline = "audit/baseline.json"
jobs = 4
max-size = 1000
gitignore = false
inline-ignores = false
""")
    post = _write(repo / "content" / "posts" / "a.md", "# A\n")
    options = load_config([post])
    assert options.sources == [repo / ".licscan/index"]
    assert options.include == ["content/**"]
    assert options.exclude == ["content/drafts/**"]
    assert options.fail_on == "high"
    assert options.rule_paths == [repo / "house-rules.yaml"]
    assert options.disabled_rules == ["notice.copyright"]
    assert options.severity_overrides == {"reuse.uncredited": "medium"}
    assert options.licensed_sources == ["apnews.com", "Reuters"]
    assert options.baseline == repo / "audit" / "baseline.json"
    assert (options.jobs, options.max_size) == (4, 1000)
    assert options.use_gitignore is False
    assert options.inline_ignores is False


def test_pyproject_tool_table_is_used_and_other_pyprojects_skipped(repo: Path) -> None:
    _write(repo / "pyproject.toml", '[tool.licscan]\nfail_on = "low"\n')
    _write(repo / "docs" / "pyproject.toml", '[project]\nname = "docs"\n')
    config = find_config([repo / "docs"])
    assert config is not None and config.path == repo / "pyproject.toml"
    assert load_config([repo / "docs"]).fail_on == "low"


def test_licscan_toml_wins_over_pyproject_in_the_same_folder(repo: Path) -> None:
    _write(repo / "pyproject.toml", '[tool.licscan]\nfail_on = "low"\n')
    _write(repo / "licscan.toml", 'fail_on = "info"\n')
    assert load_config([repo]).fail_on == "info"


def test_search_stops_at_the_repository_root(repo: Path) -> None:
    _write(repo.parent / "licscan.toml", 'fail_on = "info"\n')  # outside the repository
    assert find_config([repo]) is None
    assert load_config([repo]) == ScanOptions()
    assert find_project_root([repo / "content"]) == repo.resolve()


def test_project_root_is_the_config_folder(repo: Path) -> None:
    _write(repo / "www" / "licscan.toml", "")
    page = _write(repo / "www" / "content" / "a.md", "x")
    assert find_project_root([page]) == (repo / "www").resolve()


def test_no_config_gives_defaults(repo: Path) -> None:
    options = load_config([repo])
    assert (options.fail_on, options.max_size, options.sources) == ("medium", DEFAULT_MAX_SIZE, [])


def test_unknown_key_is_an_error_naming_the_key_and_the_file(repo: Path) -> None:
    config = _write(repo / "licscan.toml", 'fial-on = "high"\n')
    with pytest.raises(ConfigError) as raised:
        load_config([repo])
    message = str(raised.value)
    assert '"fial-on"' in message
    assert str(config) in message
    assert 'did you mean "fail-on"' in message


def test_unknown_key_in_pyproject_names_the_table(repo: Path) -> None:
    _write(repo / "pyproject.toml", "[tool.licscan]\nsourcez = []\n")
    with pytest.raises(ConfigError, match=r"pyproject.toml \[tool.licscan\]: unknown key"):
        load_config([repo])


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('fail-on = "critical"', "fail-on: expected one of high, medium, low, info"),
        ('sources = ".licscan/index"', "sources: expected a list of strings"),
        ("jobs = -1", "jobs: must be at least 0"),
        ('gitignore = "yes"', "gitignore: expected true or false"),
        ('severity = {"reuse.uncredited" = "urgent"}', "severity: reuse.uncredited: expected one"),
        ("max_size = 1.5", "max_size: expected a whole number"),
        ("[policy]\nshort-quote-words = -5", "policy: short-quote-words: must be at least 0"),
        ('[policy]\nshort-quote-words = "50"', "policy: short-quote-words: expected a whole"),
        ("[policy]\nshort-quote = 40", 'policy: unknown key "short-quote"'),
        ("[policy]\nexcerpt-share = 25", "policy: excerpt-share: expected a share"),
        ("policy = 50", r"policy: expected a table \(\[policy\]\)"),
    ],
)
def test_bad_values_are_errors_naming_the_key(repo: Path, line: str, message: str) -> None:
    _write(repo / "licscan.toml", line + "\n")
    with pytest.raises(ConfigError, match=message):
        load_config([repo])


def test_invalid_toml_is_a_config_error(repo: Path) -> None:
    _write(repo / "licscan.toml", "fail_on = \n")
    with pytest.raises(ConfigError, match="invalid TOML"):
        load_config([repo])


def test_explicit_config_file(tmp_path: Path) -> None:
    config = _write(tmp_path / "ci" / "licscan.toml", 'baseline = "b.json"\n')
    assert load_config([], config_file=config).baseline == tmp_path / "ci" / "b.json"
    with pytest.raises(ConfigError, match="not found"):
        load_config([], config_file=tmp_path / "missing.toml")


def test_cli_flags_override_the_config_and_absent_flags_do_not(repo: Path) -> None:
    from licscan.cli.common import build_options
    from licscan.model import Severity

    _write(repo / "licscan.toml", """
fail_on = "high"
max_size = 1000
cache = false
sources = ["archive"]
""")
    absent = build_options(start=[repo], fail_on=None, max_size=None, cache=None, sources=None)
    assert (absent.fail_on, absent.max_size, absent.cache) == ("high", 1000, False)
    given = build_options(
        start=[repo], fail_on=Severity.low, max_size=5, cache=True, sources=[Path("idx")]
    )
    assert (given.fail_on, given.max_size, given.cache) == ("low", 5, True)
    assert given.sources == [repo / "archive", Path("idx")]


def test_documented_example_names_every_key_and_loads(repo: Path) -> None:
    import licscan.config as config

    example = config.__doc__.split("override them)::")[1]
    text = "\n".join(line[4:] for line in example.splitlines() if line.startswith("    "))
    documented = {key.replace("-", "_") for key in config.tomllib.loads(text)}
    assert documented == set(config._KEYS)
    _write(repo / "licscan.toml", text)
    options = load_config([repo])
    assert options.severity_overrides == {"reuse.missing-link": "medium"}
    assert options.cache_dir == repo / ".licscan" / "cache"


def test_the_policy_table_sets_the_quotation_policy(repo: Path) -> None:
    _write(repo / "licscan.toml", "[policy]\nshort-quote-words = 20\nexcerpt_share = 0.1\n")
    policy = load_config([repo]).policy
    assert (policy.short_quote_words, policy.excerpt_share, policy.whole_article_share) == (
        20, 0.1, 0.8)
    _write(repo / "licscan.toml", 'fail-on = "high"\n')
    assert load_config([repo]).policy.short_quote_words == 50  # the default


def test_a_bad_policy_value_names_the_file(repo: Path) -> None:
    config = _write(repo / "licscan.toml", "[policy]\nshort-quote-words = -1\n")
    with pytest.raises(ConfigError) as raised:
        load_config([repo])
    assert str(raised.value).startswith(f"{config}: policy: short-quote-words:")
