"""What every column and every value of the reports means, in words a rights or legal team reads.

The one source of these explanations: the XLSX workbook's Glossary sheet and the HTML report's
glossary and tooltips are made from it, so the two never disagree.  Column meanings are keyed
by column name; a name that means something else in one table has a ``table.column`` entry.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

# The Findings sheet's own headings (the columns of the findings table under people's names).
FINDING_HEADINGS = {
    "Severity": "How much the finding matters: high, medium, low or info (see Severity below).",
    "Location": "The file and the line (file:line:column, or the page or paragraph of a PDF or "
                "Word file) the finding is about; the link opens the file.",
    "Problem": "What licscan found, in words.",
    "What to do": "The action that resolves the finding.",
    "Source": "For reused text: who published the original (the link opens it).",
    "Source terms": "For reused text: what the original's publisher allows (see Term type).",
    "Words copied": "For reused text: how many words of the passage come from the original.",
    "Verdict": "For reused text: whether the reuse respects the original's terms (see Verdict).",
    "Kind of copy": "For reused text: how closely the passage follows the original (see Kind "
                    "of copy).",
    "Excerpt": "The text the finding is about.",
    "Accepted": "Empty while the finding is open; baseline or inline once a person accepted it.",
    "Accepted reason": "The reason given when the finding was accepted.",
}

_SPAN = {
    "start": "Technical: where the text starts in the file (characters from the beginning).",
    "end": "Technical: where the text ends in the file (characters from the beginning).",
    "line": "Technical: the line the text starts on (1 is the first line).",
    "column": "Technical: the column the text starts at on its line.",
    "end_line": "Technical: the line the text ends on.",
    "end_column": "Technical: the column just after the text's last character.",
    "location": "Where the text is in a PDF, Word, OpenDocument or EPUB file (\"page 3, line "
                "12\"); empty for web pages and text files.",
}

# Every column of the report tables (docs/schema.md holds the full definitions).
COLUMNS = {
    **FINDING_HEADINGS,
    **_SPAN,
    "path": "The file, relative to the scanned folder.",
    "rule_id": "Technical: the name of the check that made the row.",
    "fingerprint": "Technical: a stable identity of the row, the same from one scan to the next "
                   "(used to accept findings).",
    "severity": FINDING_HEADINGS["Severity"],
    "kind": "What the finding is about (see Finding type).",
    "matches.kind": FINDING_HEADINGS["Kind of copy"],
    "message": FINDING_HEADINGS["Problem"],
    "excerpt": FINDING_HEADINGS["Excerpt"],
    "matches.excerpt": "The reused passage as it stands in the scanned file.",
    "accepted": FINDING_HEADINGS["Accepted"],
    "accepted_reason": FINDING_HEADINGS["Accepted reason"],
    # documents and errors
    "type": "The kind of file: html, markdown, text, pdf, docx, odt, epub or unknown.",
    "status": "ok, or why the file was not read (see Document status).",
    "reason": "Why the file was not read, or what was repaired while reading it.",
    "size": "Size of the file in bytes.",
    "encoding": "The character encoding the file was read with.",
    "compressed": "The file was read from a gzip archive.",
    "title": "The document's title.",
    "lang": "The language the document declares.",
    "canonical_url": "The web address the document gives as its own.",
    "chars": "Length of the readable text, in characters.",
    "words": "Length of the readable text, in words.",
    "holders": "The copyright holders named.",
    "license": "The open licence stated (an SPDX id such as CC-BY-4.0).",
    "sha256": "Technical: a checksum of the file's content.",
    "notice_count": "Copyright notices found in the document.",
    "term_count": "Reuse terms found in the document.",
    "metadata_count": "Rights statements in the document's metadata.",
    "match_count": "Passages of the document that come from a source.",
    "finding_count": "Findings about the document.",
    # notices
    "notice_type": "What the notice is (see Notice type).",
    "text": "The statement as a reader sees it.",
    "symbol": "The copyright sign used: ©, (c), Copyright …",
    "years": "Every year the notice names.",
    "year_start": "The first year named.",
    "year_end": "The last year named; empty for an open range (2019-present).",
    "holder_domains": "Web domains among the holders.",
    "rights_reserved": "The notice says \"All rights reserved\".",
    "origin": "Where it was read: the text, a meta tag, structured data (jsonld), front matter "
              "or a link.",
    # terms
    "term_type": "What the terms allow or forbid (see Term type).",
    "clauses": "Every kind of clause the statement holds, most specific first.",
    "cues": "Technical: the words that decided the term type.",
    "licensor": "Who states the terms, when not the page's publisher.",
    "credit_required": "Reuse must credit the source.",
    "link_required": "Reuse must link to the original.",
    "credit_target": "Whom a reuse must credit.",
    "max_excerpt_words": "The longest excerpt allowed, in words.",
    "max_excerpt_percent": "The largest share of the work that may be reused, in percent.",
    "max_excerpt_chars": "The longest excerpt allowed, in characters.",
    "non_commercial": "Only non-commercial reuse is allowed.",
    "no_derivatives": "No changed versions are allowed.",
    "share_alike": "Changed versions must carry the same licence.",
    "contact": "Whom to ask for permission.",
    # metadata
    "source": "Where the statement was read: meta, link, jsonld, front_matter, tdmrep, "
              "properties, xmp or opf.",
    "name": "The property's name.",
    "value": "The property's value.",
    # matches
    "source_id": "Technical: the source's id in the source index.",
    "source_url": "The web address of the original.",
    "source_publisher": FINDING_HEADINGS["Source"],
    "source_aliases": "Every name a credit to the source may use.",
    "source_path": "The source's file in the source folder.",
    "verdict": FINDING_HEADINGS["Verdict"],
    "verdict_reason": "Why the verdict was given (see Verdict reason).",
    "similarity": "How alike the passage and the original are, from 0 (not at all) to 1 "
                  "(the same words).",
    "matched_words": FINDING_HEADINGS["Words copied"],
    "source_words": "Length of the whole original, in words.",
    "source_fraction": "The share of the original that was reused, from 0 to 1 (0.25 is a "
                       "quarter).",
    "source_excerpt": "The matching passage in the original.",
    "pairs": "Technical: for a paraphrase, the sentences retold and the source sentences they "
             "follow.",
    "quoted": "The passage is in quotation marks or a block quote.",
    "attributed": "The document credits the source near the passage.",
    "linked": "The document links to the source.",
    "evidence": "The credit and links found, and where.",
    "source_terms": FINDING_HEADINGS["Source terms"],
    "text_start": "Technical: where the passage starts in the document's readable text.",
    "text_end": "Technical: where the passage ends in the document's readable text.",
    "source_start": "Technical: where the passage starts in the original's readable text.",
    "source_end": "Technical: where the passage ends in the original's readable text.",
    "source_line": "The line of the original the passage starts on.",
    "source_end_line": "The line of the original the passage ends on.",
    # reservations
    "site": "The site the statement is about.",
    "reservations.path": "The page the statement belongs to; empty for a statement about the "
                         "whole site.",
    "reservations.source": "The file that makes the statement (robots.txt, a page …).",
    "reservations.line": "The line of that file.",
    "signal": "How the statement is made: robots.txt, ai.txt, tdmrep.json, an HTTP header, a "
              "meta tag, a licence, or prose (a sentence on a page).",
    "reservations.value": "What the signal says (allow, disallow, partial, or the directive).",
    "reserves": "The signal reserves text-and-data mining or AI use.",
    "scope": "The paths the statement covers.",
    "agent": "The crawler the statement speaks to; * for every crawler.",
    "policy": "The TDMRep policy's web address.",
    "reservations.text": "For robots.txt the crawler's owner and purpose; for prose the sentence.",
}


@dataclass(frozen=True)
class ValueGroup:
    title: str
    columns: tuple[str, ...]  # the columns (or table.column) whose cells take these values
    meanings: Mapping[str, str]


VALUES = (
    ValueGroup("Severity", ("severity",), {
        "high": "Must be dealt with before publishing: it fails the scan.",
        "medium": "A person should review it.",
        "low": "Worth a look; rarely a problem.",
        "info": "For the record only (a notice found, a reuse in order).",
    }),
    ValueGroup("Verdict", ("verdict",), {
        "violation": "The reuse breaks the original's terms (no credit, too long, not allowed).",
        "review": "A person must decide: the terms are unknown, or the reuse is close to a "
                  "limit, or it is a paraphrase.",
        "ok": "The reuse respects the original's terms.",
        "unjudged": "No verdict was given (the source could not be judged).",
    }),
    ValueGroup("Kind of copy", ("matches.kind",), {
        "verbatim": "Copied word for word.",
        "near_verbatim": "Copied with tiny differences (punctuation, spelling).",
        "edited": "Copied with light edits: words added, dropped or changed.",
        "reordered": "Copied with its sentences in another order.",
        "paraphrase": "Retold sentence by sentence in other words; at most review.",
    }),
    ValueGroup("Term type", ("term_type", "source_terms", "clauses"), {
        "creative_commons": "A Creative Commons or other open licence: reuse under its "
                            "conditions.",
        "excerpt_with_credit": "Excerpts may be used with credit (and often a link).",
        "free_with_attribution": "Republication allowed with credit.",
        "personal_use_only": "Personal, non-commercial use only.",
        "tdm_ai_reservation": "Text-and-data mining or AI training is reserved (not allowed "
                              "without permission).",
        "wire_service_ban": "Wire copy (AP, Reuters …) may not be republished.",
        "permission_required": "Any reuse needs written permission.",
        "no_reproduction": "Reproduction is forbidden.",
        "fair_use_statement": "The site relies on fair use for what it quotes.",
        "all_rights_reserved": "All rights reserved: nothing is allowed without permission.",
        "other": "A statement about rights that fits none of the above.",
        "unknown": "No terms were found for the source.",
    }),
    ValueGroup("Verdict reason", ("verdict_reason",), {
        "credited": "The source is credited as its terms ask.",
        "missing_credit": "The source is not credited.",
        "missing_link": "There is no link to the original.",
        "excerpt_too_long": "The passage is longer than the excerpt the terms allow.",
        "needs_permission": "The terms require permission for this reuse.",
        "short_quotation": "A short, credited quotation.",
        "derivative": "The terms forbid changed versions.",
        "paraphrase": "Retold in other words: a person decides.",
        "unknown_terms": "The source's terms are not known.",
        "licensed": "The source is listed as reused under licence.",
        "same_site": "The page and the source belong to the same site.",
    }),
    ValueGroup("Finding type", ("findings.kind",), {
        "notice": "A copyright notice or credit.",
        "terms": "Reuse terms a page states.",
        "metadata": "A rights statement in metadata.",
        "credit": "A credit to someone else's work (a photo, a wire story).",
        "reuse": "A passage that comes from a source.",
        "site": "What a site says to crawlers about mining and AI use.",
        "document": "A file that could not be read.",
        "config": "A problem with the scan's settings or accepted findings.",
    }),
    ValueGroup("Notice type", ("notice_type",), {
        "copyright": "A copyright notice of the page's own.",
        "photo_credit": "A credit for a picture.",
        "wire_credit": "A credit for a wire story (AP, Reuters …).",
        "credit": "Another credit to someone's work.",
        "placeholder": "A template notice that names nobody (\"[year] [fullname]\").",
    }),
    ValueGroup("Document status", ("status",), {
        "ok": "Read and checked.",
        "empty": "The file is empty.",
        "binary": "The file is not text and not a format licscan reads.",
        "too_large": "The file is larger than the scan's size limit.",
        "undecodable": "The file's characters could not be decoded.",
        "unreadable": "The file could not be opened (permissions, encryption).",
        "malformed": "The file is broken.",
        "no_text": "The pages have no text to read (scanned images without OCR).",
        "symlink_loop": "A link that points back to itself.",
        "error": "Reading the file failed.",
        "skipped": "Left out on purpose (a format not read, a link out of the folder).",
        "warning": "Not a file: something that makes the scan's result incomplete.",
    }),
    ValueGroup("Accepted", ("accepted",), {
        "baseline": "Accepted in the team's baseline file.",
        "inline": "Accepted by a licscan-ignore comment in the file itself.",
    }),
)


def column_meaning(column: str, table: str = "") -> str:
    """What ``column`` (of ``table``) holds, or "" for a column the glossary does not know."""
    return COLUMNS.get(f"{table}.{column}") or COLUMNS.get(column, "")


def value_meaning(column: str, value: str, table: str = "") -> str:
    """What ``value`` means in ``column`` (of ``table``), or "" when it is not explained."""
    for group in VALUES:
        if column in group.columns or f"{table}.{column}" in group.columns:
            return group.meanings.get(value, "")
    return ""


Section = tuple[str, list[tuple[str, str]]]  # a title, and its (name, meaning) entries


def sections(tables: Iterable[tuple[str, str, Iterable[str]]]) -> list[Section]:
    """The glossary in reading order: each sheet's columns (``(title, table, columns)``), then
    each group of values, as ``(section title, [(name, meaning)])``."""
    found = [(f"{title} columns", [(c, column_meaning(c, table)) for c in columns])
             for title, table, columns in tables]
    found += [(group.title, list(group.meanings.items())) for group in VALUES]
    return found
