"""The one way to build the rule set of a scan: every command reads the same rules.

``scan``, ``check``, ``index build`` and the engines' workers all call :func:`rules_for` with
the scan's options (which hold what ``licscan.toml`` and the command line say), so the terms
an index records for its sources are read by exactly the rules a scan would use.
"""

from __future__ import annotations

from licscan.detect.ruleset import RuleSet
from licscan.options import ScanOptions


def rules_for(options: ScanOptions) -> RuleSet:
    """The rule set ``options`` name: built-in rules unless turned off, extra rule files,
    disabled rule ids or prefixes, and the regex time limit."""
    return RuleSet.load(
        extra=options.rule_paths,
        builtin=options.builtin_rules,
        disabled=options.disabled_rules,
        timeout=options.regex_timeout,
    )
