"""The AI and text-and-data-mining crawlers a site audit asks ``robots.txt`` about: rule data.

A rule file's ``crawlers`` list names each crawler's user agent (the token a ``robots.txt``
group names), who runs it, what for, and where that is documented::

    crawlers:
      - agent: GPTBot
        owner: OpenAI
        purpose: training
        source: https://platform.openai.com/docs/bots

so the list is brought up to date by editing ``rules/site.yaml``, without code.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from licscan.detect.cues import item_lines
from licscan.detect.rule import RuleError

if TYPE_CHECKING:
    from licscan.detect.rule_files import RuleFile

CRAWLERS_KEY = "crawlers"
# What a crawler fetches pages for: to train models, to answer a user's question live, to build
# a search index for an AI product, or to collect data sets others train on.
PURPOSES = ("training", "user-request", "search", "dataset")
_FIELDS = ("agent", "owner", "purpose", "source")


@dataclass(frozen=True)
class Crawler:
    agent: str  # the user-agent token of robots.txt
    owner: str
    purpose: str  # one of PURPOSES
    source: str  # where the owner documents the agent


def crawlers_of(files: Iterable[RuleFile]) -> tuple[Crawler, ...]:
    """The ``crawlers`` entries of the rule files, in order, each agent once (:class:`RuleError`
    naming the file and line of a wrong entry)."""
    found: dict[str, Crawler] = {}
    for rf in files:
        entries = rf.data.get(CRAWLERS_KEY) or []
        if not isinstance(entries, list):
            raise RuleError(rf.path, f"'{CRAWLERS_KEY}' must be a list of crawlers")
        lines = item_lines(rf.root, CRAWLERS_KEY)
        for index, raw in enumerate(entries):
            line = lines[index] if index < len(lines) else 0
            crawler = _crawler(raw)
            if isinstance(crawler, str):
                raise RuleError(rf.path, crawler, line=line)
            if crawler.agent.casefold() in found:
                raise RuleError(rf.path, f"crawler {crawler.agent!r} is listed twice", line=line)
            found[crawler.agent.casefold()] = crawler
    return tuple(found.values())


def _crawler(raw: object) -> Crawler | str:
    """The crawler of one entry, or what is wrong with it."""
    if not isinstance(raw, dict) or set(raw) != set(_FIELDS):
        return f"a crawler is a mapping of exactly {', '.join(_FIELDS)}"
    values = {key: str(raw[key]).strip() for key in _FIELDS}
    if not all(values.values()):
        return f"crawler {values['agent']!r}: every field needs a value"
    if values["purpose"] not in PURPOSES:
        return f"crawler {values['agent']!r}: purpose must be one of {', '.join(PURPOSES)}"
    if not values["source"].startswith(("https://", "http://")):
        return f"crawler {values['agent']!r}: source must be a URL"
    return Crawler(**values)
