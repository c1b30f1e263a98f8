"""Verdict development set: licscan's reuse verdicts against a rights lawyer's.

Builds the drafts of ``tests/bench/data/verdicts/drafts.yaml`` from the shared articles
(``../shared/corpus/articles``) in a temporary folder, indexes their sources with a manifest
(each source gets the terms slug the recipes name), scans every draft with the full pipeline
and prints verdict accuracy (overall, per term type, per credit form), credit accuracy, and the
list of disagreements.  Nothing built is kept: publisher text stays out of the repository.

A draft's verdict is the worst verdict of its matches with its source ("none" when licscan
finds no match).  Usage (from the repository root)::

    python bench/verdicts.py                  # the whole set
    python bench/verdicts.py --keep /tmp/v    # also keep the built drafts and index there
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
ARTICLES = REPO.parent / "shared" / "corpus" / "articles"
RECIPES = REPO / "tests" / "bench" / "data" / "verdicts" / "drafts.yaml"
WORST = {"violation": 3, "review": 2, "ok": 1, "none": 0}

# The draft's own words around what it takes (written for this set; they match no source).
OPENING = ("This week our desk went back over the stories readers asked about most, and "
           "what they mean for people in our town.")
CLOSING = ("We will come back to this next week with our own reporting and the questions our "
           "readers sent in.")

# Credit forms: where they go (lead: before the passage in its paragraph; prefix: a dateline
# starting the paragraph; tail: after the passage in its paragraph; before/after: a line of
# their own) and their text ({name} the credited name, {link} a link to the story).
CREDIT_FORMS: dict[str, tuple[str, str]] = {
    "none": ("after", ""),
    "source_line": ("after", "Source: {name}"),
    "source_link": ("after", "Source: {link}"),
    "according_to": ("lead", "According to {name}, "),
    "reported": ("lead", "{name} reported: "),
    "first_reported": ("lead", "As first reported by {name}, "),
    "dateline": ("prefix", "{dateline} "),
    "reporting_by": ("after", "(Reporting by {name})"),
    "by_agency": ("before", "By {name}"),
    "via": ("tail", " (via {name})"),
    "ht": ("after", "h/t {name}"),
    "quelle": ("after", "Quelle: {name}"),
    "fuente": ("after", "Fuente: {name}"),
    "selon": ("lead", "Selon {name}, "),
    "link_anchor": ("lead", "As {link} put it, "),
    "link_url": ("lead", "{story_link} says: "),
    "cite": ("after", "— <cite>{name}</cite>"),
    "blockquote_cite": ("after", ""),  # the cite attribute of the blockquote (HTML only)
}
QUOTES = {"quotes": ("“", "”"), "none": ("", ""), "blockquote": ("", "")}


@dataclass(frozen=True)
class Source:
    key: str
    page: str  # full id of the page in ground-truth.json
    url: str
    publisher: str
    terms: str
    paragraphs: tuple[str, ...]
    dateline: str = ""


def load_sources(table: dict, truth: dict) -> dict[str, Source]:
    sources = {}
    for key, row in table.items():
        [page] = [page for page in truth if page.startswith(row["page"])]
        body = truth[page]["articleBody"]
        sources[key] = Source(key, page, truth[page]["url"], row["publisher"], row["terms"],
                              tuple(p for p in body.split("\n") if p.strip()),
                              row.get("dateline", ""))
    return sources


def taken_passages(recipe: dict, source: Source) -> list[list[str]]:
    """The paragraphs each take of a recipe copies (a take is one passage)."""
    takes = recipe["take"] if isinstance(recipe["take"], list) else [recipe["take"]]
    passages = []
    for take in takes:
        if "paragraphs" in take:
            first, last = take["paragraphs"]
            passages.append(list(source.paragraphs[first - 1 : last]))
        else:
            words = source.paragraphs[take["paragraph"] - 1].split()
            passages.append([" ".join(words[: take.get("words", len(words))])])
    return passages


def build_draft(recipe: dict, source: Source) -> str:
    """The text of a draft: opening, each passage wrapped and credited, closing."""
    html = recipe["format"] == "html"
    name = recipe.get("name", source.publisher)
    values = {"name": name, "dateline": source.dateline,
              "link": _link(name, source.url, html),
              "story_link": _link("This story", source.url, html)}
    place, template = CREDIT_FORMS[recipe["credit"]]
    credit = template.format(**values)
    cite = source.url if recipe["credit"] == "blockquote_cite" else ""
    blocks = [_paragraph(OPENING, html)]
    for paragraphs in taken_passages(recipe, source):
        blocks += _passage(paragraphs, recipe["wrap"], place, credit, html, cite)
    blocks.append(_paragraph(CLOSING, html))
    if html:
        return "<html><body><article>\n" + "\n".join(blocks) + "\n</article></body></html>\n"
    return "# What readers asked\n\n" + "\n\n".join(blocks) + "\n"


def _passage(paragraphs: list[str], wrap: str, place: str, credit: str, html: bool,
             cite: str) -> list[str]:
    opening, closing = QUOTES[wrap]
    lines = list(paragraphs)
    lines[0] = opening + lines[0]
    lines[-1] += closing
    if place == "prefix":
        lines[0] = credit + lines[0]
    if place == "tail":
        lines[-1] += credit
    blocks = []
    if place == "lead" and wrap != "blockquote":
        lines[0] = credit + lines[0]
    elif place == "lead":
        blocks.append(_paragraph(credit.rstrip(", ") + ":", html))
    if place == "before":
        blocks.append(_paragraph(credit, html))
    if wrap == "blockquote":
        blocks.append(_blockquote(lines, html, cite))
    else:
        blocks += [_paragraph(line, html) for line in lines]
    if place == "after" and credit:
        blocks.append(_paragraph(credit, html))
    return blocks


def _blockquote(lines: list[str], html: bool, cite: str) -> str:
    if not html:
        return "\n>\n".join(f"> {line}" for line in lines)
    attribute = f' cite="{cite}"' if cite else ""
    return f"<blockquote{attribute}>" + "".join(f"<p>{line}</p>" for line in lines) + \
        "</blockquote>"


def _paragraph(text: str, html: bool) -> str:
    return f"<p>{text}</p>" if html else text


def _link(text: str, url: str, html: bool) -> str:
    return f'<a href="{url}">{text}</a>' if html else f"[{text}]({url})"


def build(folder: Path, recipes: dict, sources: dict[str, Source]) -> tuple[Path, Path]:
    """Source files, their manifest and the drafts in ``folder``: (manifest, drafts folder)."""
    source_dir, drafts = folder / "sources", folder / "drafts"
    source_dir.mkdir(parents=True)
    drafts.mkdir()
    rows = []
    for source in sources.values():
        path = source_dir / f"{source.key}.txt"
        path.write_text("\n\n".join(source.paragraphs) + "\n", encoding="utf-8")
        rows.append({"id": source.key, "path": str(path), "url": source.url,
                     "publisher": source.publisher, "terms": source.terms})
    manifest = folder / "sources.jsonl"
    manifest.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    for recipe in recipes["drafts"]:
        text = build_draft(recipe, sources[recipe["source"]])
        suffix = ".html" if recipe["format"] == "html" else ".md"
        (drafts / f"{recipe['id']}{suffix}").write_text(text, encoding="utf-8")
    return manifest, drafts


@dataclass
class Outcome:
    recipe: dict
    terms: str
    verdict: str
    severity: str
    credited: bool | None  # None: no match
    quoted: bool | None
    reasons: str

    @property
    def agrees(self) -> bool:
        return self.verdict == self.recipe["expect"]

    @property
    def credit_agrees(self) -> bool:
        expected = self.recipe.get("credited", self.recipe["credit"] != "none")
        return self.credited == expected


def judge_drafts(folder: Path, recipes: dict, sources: dict[str, Source]) -> list[Outcome]:
    from licscan.detect.factory import rules_for
    from licscan.match import SourceIndex, build_index
    from licscan.model import FileEntry
    from licscan.options import ScanOptions
    from licscan.run.context import ScanContext
    from licscan.run.unit import process_entry

    manifest, drafts = build(folder, recipes, sources)
    options = ScanOptions(cache=False)
    rules = rules_for(options)
    build_index([], folder / "index", rules, manifest=manifest)
    context = ScanContext(options=options, rules=rules, index=SourceIndex([folder / "index"]))
    outcomes = []
    for recipe in recipes["drafts"]:
        [path] = drafts.glob(f"{recipe['id']}.*")
        result = process_entry(FileEntry(path, path.name, size=path.stat().st_size), context)
        reuse = [f for f in result.findings if f.kind == "reuse"]
        mine = [(m, f) for m, f in zip(result.matches, reuse, strict=True)
                if m.source_id == recipe["source"]]
        outcomes.append(_outcome(recipe, sources[recipe["source"]], mine))
    return outcomes


def _outcome(recipe: dict, source: Source, judged: list) -> Outcome:
    if not judged:
        return Outcome(recipe, source.terms, "none", "", None, None, "no match")
    match, finding = max(judged, key=lambda pair: WORST[str(pair[0].verdict)])
    return Outcome(recipe, source.terms, str(match.verdict), finding.severity.value,
                   any(m.attributed for m, _ in judged), all(m.quoted for m, _ in judged),
                   ",".join(sorted({m.verdict_reason for m, _ in judged})))


def report(outcomes: list[Outcome]) -> None:
    agreed = sum(o.agrees for o in outcomes)
    print(f"drafts                     {len(outcomes)}")
    print(f"verdict accuracy           {agreed / len(outcomes):.3f} ({agreed}/{len(outcomes)})")
    severity = sum(o.agrees and o.severity == o.recipe["severity"] for o in outcomes)
    print(f"verdict+severity accuracy  {severity / len(outcomes):.3f}")
    credit = sum(o.credit_agrees for o in outcomes)
    print(f"credit accuracy            {credit / len(outcomes):.3f} ({credit}/{len(outcomes)})")
    _breakdown("per term type", outcomes, lambda o: o.terms)
    _breakdown("per credit form", outcomes, lambda o: o.recipe["credit"])
    print("\ndisagreements (expected -> licscan; credited, quoted; reasons)")
    for o in outcomes:
        if o.agrees and o.credit_agrees:
            continue
        credit_note = "" if o.credit_agrees else "  credit missed" if not o.credited else \
            "  credit not expected"
        print(f"  {o.recipe['id']:34s} {o.recipe['expect']:>9s} -> {o.verdict:9s} "
              f"credited={o.credited} quoted={o.quoted} {o.reasons}{credit_note}")


def _breakdown(title: str, outcomes: list[Outcome], key) -> None:
    groups: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        groups[key(outcome)].append(outcome)
    print(f"\n{title}: verdicts agreed / drafts, credit agreed")
    for name in sorted(groups):
        group = groups[name]
        print(f"  {name:22s} {sum(o.agrees for o in group):3d}/{len(group):<3d} "
              f"credit {sum(o.credit_agrees for o in group)}/{len(group)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", type=Path, help="build in this (new) folder and keep it")
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    recipes = yaml.safe_load(RECIPES.read_text(encoding="utf-8"))
    truth = json.loads((ARTICLES / "ground-truth.json").read_text(encoding="utf-8"))
    sources = load_sources(recipes["sources"], truth)
    if args.keep:
        report(judge_drafts(args.keep, recipes, sources))
        return
    with tempfile.TemporaryDirectory(prefix="licscan-verdicts-") as folder:
        report(judge_drafts(Path(folder), recipes, sources))


if __name__ == "__main__":
    main()
