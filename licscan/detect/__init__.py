"""Detect: copyright notices, third-party credits, reuse terms and rights metadata, by rules.

The rules are data (``rules/*.yaml``): :mod:`licscan.detect.rule_files` reads them,
:class:`RuleSet` (:mod:`licscan.detect.ruleset`) holds them compiled, built for a scan by
:mod:`licscan.detect.factory`; :func:`detect` (:mod:`licscan.detect.detection`) runs them over
a loaded document with :mod:`licscan.detect.runner` (text) and :mod:`licscan.detect.metadata`.
"""

from licscan.detect.detection import Detection, detect
from licscan.detect.rule import RuleError
from licscan.detect.rule_files import builtin_rules_dir
from licscan.detect.ruleset import RuleSet

__all__ = ["Detection", "RuleError", "RuleSet", "builtin_rules_dir", "detect"]
