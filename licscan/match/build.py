"""Building source indexes: from folders, from a manifest, from the scan's own documents."""

from __future__ import annotations

import hashlib
import json
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from licscan.load.boilerplate import merge_ranges
from licscan.match import hashing
from licscan.match.content_words import GUESS_CHARS, language_of
from licscan.match.identity import Evidence, resolve
from licscan.match.index import SourceIndex
from licscan.match.locator import line_starts
from licscan.match.manifest import ManifestRow, read_manifest, terms_from_id, unmatched_warning
from licscan.match.records import SourceRecord, terms_to_json
from licscan.match.sentences import content_stems
from licscan.match.sites import host_of, site_of
from licscan.match.store import INDEX_FILE, Store
from licscan.match.words import Tokens, ignored_ranges, words_of
from licscan.model import DocStatus, FileEntry, LoadedDocument, ScanWarning, Term
from licscan.options import DEFAULT_MAX_SIZE, ScanOptions

if TYPE_CHECKING:
    from licscan.detect import RuleSet
    from licscan.run.context import ScanContext

MANIFEST_NAMES = ("sources.jsonl", "manifest.jsonl", "sources.csv", "manifest.csv")
_COMMIT_EVERY = 500
# wire credits that do not say whose story the page is: a bare "(AP)" tags a quote or a picture
_NOT_THE_STORY = frozenset({"credit.wire-tag"})
_META_URL = ("og:url", "twitter:url")


@dataclass
class BuildStats:
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    failed: int = 0
    skipped: int = 0  # files of a format not read, links out of the source folders
    sources: int = 0  # in the index after the build
    fingerprints: int = 0
    boilerplate_fingerprints: int = 0
    seconds: float = 0.0
    size_bytes: int = 0
    warnings: list[ScanWarning] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


def build_index(
    paths: Iterable[Path],
    index_dir: Path,
    rules: RuleSet | None,
    manifest: Path | None = None,
    *,
    max_df: int | None = None,
    max_size: int = DEFAULT_MAX_SIZE,
    follow_symlinks: bool = False,
    progress: Callable[[int], None] | None = None,
) -> BuildStats:
    """Add the files under ``paths`` (or, with none, every file the manifest lists) to the
    index in ``index_dir``, creating it if needed.  Unchanged sources are skipped, changed ones
    replaced.  Streams: one document in memory at a time, commits every 500 sources.
    ``follow_symlinks`` also follows links leading out of ``paths``.

    ``rules`` (a :class:`licscan.detect.RuleSet`) finds each source's notices and terms;
    ``None`` stores only what the manifest says.
    """
    rows = read_manifest(manifest) if manifest else []
    by_path = {row.path: row for row in rows if row.path is not None}
    paths = list(paths)
    skipped: list[FileEntry] = []
    if paths:
        entries = _without_skipped(_discover(paths, follow_symlinks), skipped)
    else:
        base = manifest.resolve().parent if manifest else Path.cwd()
        entries = (_entry(path, base) for path in by_path if path.is_file())
    matched: set[Path] = set()
    loaded = (
        (_load(entry, max_size), _row_for(entry, by_path, matched)) for entry in entries
    )
    stats = index_documents(loaded, index_dir, rules, max_df=max_df, progress=progress)
    stats.skipped = len(skipped)
    if manifest is not None:
        warning = unmatched_warning(manifest, [row for row in rows if row.path not in matched])
        if warning is not None:
            stats.warnings.append(warning)
    return stats


def _without_skipped(entries: Iterable[FileEntry], skipped: list[FileEntry]) -> Iterator[FileEntry]:
    """``entries`` but the skipped ones (which are appended to ``skipped``)."""
    for entry in entries:
        if entry.status is DocStatus.skipped:
            skipped.append(entry)
        else:
            yield entry


def _row_for(entry: FileEntry, by_path: dict[Path, ManifestRow], matched: set[Path]
             ) -> ManifestRow | None:
    """The manifest row of a source file, noting that the row matched a file."""
    path = entry.path.resolve()
    row = by_path.get(path)
    if row is not None:
        matched.add(path)
    return row


def index_documents(
    documents: Iterable[tuple[LoadedDocument | None, ManifestRow | None]],
    index_dir: Path,
    rules: RuleSet | None,
    *,
    max_df: int | None = None,
    progress: Callable[[int], None] | None = None,
    cross: bool = False,
) -> BuildStats:
    """Add loaded documents (each with its manifest row or ``None``) to the index in
    ``index_dir``; a ``None`` document counts as failed.  ``cross`` keys sources by their
    relative path, for matching a scan's documents against each other."""
    started = time.perf_counter()
    store = Store(Path(index_dir), create=True)
    stats = BuildStats()
    try:
        for n, (document, row) in enumerate(documents, 1):
            outcome = "failed" if document is None else _add(store, document, row, rules, cross)
            setattr(stats, outcome, getattr(stats, outcome) + 1)
            if n % _COMMIT_EVERY == 0:
                store.commit()
                if progress:
                    progress(n)
        if cross and max_df is None:  # pages of one site share menus and footers
            max_df = max(2, round(store.count() ** 0.5))
        if max_df is not None:
            store.set_max_df(max_df)
        store.finish()
        meta = store.meta()
        stats.sources = int(meta["sources"])
        stats.fingerprints = int(meta["fingerprints"])
        stats.boilerplate_fingerprints = len(store.high)
        stats.size_bytes = store.size_bytes()
    finally:
        store.close()
    stats.seconds = round(time.perf_counter() - started, 3)
    return stats


def open_sources(paths: list[Path], rules: RuleSet | None, follow_symlinks: bool = False,
                 warnings: list[ScanWarning] | None = None) -> SourceIndex:
    """The index to scan against: index folders are opened as they are; other folders and
    files are indexed into a temporary index (a folder holding ``sources.jsonl``,
    ``manifest.jsonl`` or a CSV of that name is indexed from that manifest).
    ``follow_symlinks`` also follows links leading out of the source folders.

    What would make the reuse check quietly weaker (manifest rows that match no file, a path
    that yields no source) is appended to ``warnings``."""
    warnings = [] if warnings is None else warnings
    paths = [Path(p) for p in paths]
    directories = [p for p in paths if (p / INDEX_FILE).is_file()]
    others = [p for p in paths if p not in directories]
    temporary = None
    if others:
        temporary = Path(tempfile.mkdtemp(prefix="licscan-index-"))
        plain = []
        for path in others:
            manifest = _manifest_in(path)
            if manifest:
                warnings += build_index([], temporary, rules, manifest=manifest).warnings
            else:
                plain.append(path)
        if plain or not (temporary / INDEX_FILE).exists():
            build_index(plain, temporary, rules, follow_symlinks=follow_symlinks)
        directories.append(temporary)
    index = SourceIndex(directories, temporary=temporary)
    counts = [store.count() for store in index.stores]
    empty = [path for path, count in zip(directories, counts, strict=True) if not count]
    if temporary is not None and not counts[-1]:
        empty = [*empty[:-1], *others]  # the temporary index stands for the folders given
    warnings += [empty_sources_warning(path) for path in empty]
    return index


def empty_sources_warning(path: Path) -> ScanWarning:
    """An index or folder that gives no source: every document would pass the reuse check."""
    return ScanWarning(
        str(path),
        "no sources to match against, so reuse is not checked; check the path, or add "
        "sources with `licscan index build`",
    )


def build_cross_index(entries: Iterable[FileEntry], context: ScanContext) -> SourceIndex:
    """Index the scan's own documents, so that each is matched against the others (never
    against itself: sources are keyed by the document's relative path)."""
    temporary = Path(tempfile.mkdtemp(prefix="licscan-cross-"))
    max_size = context.options.max_size
    loaded = ((_load(entry, max_size), None) for entry in entries)
    index_documents(loaded, temporary, context.rules, cross=True)
    return SourceIndex([temporary], temporary=temporary, exclude_ids=True)


# --- one source ---------------------------------------------------------------------------
def _load(entry: FileEntry, max_size: int) -> LoadedDocument | None:
    from licscan.load import LoadError, load_document

    if entry.status is not DocStatus.ok:
        return None
    try:
        return load_document(entry, max_size=max_size)
    except LoadError:
        return None


def _add(store: Store, document: LoadedDocument, row: ManifestRow | None,
         rules: RuleSet | None, cross: bool) -> str:
    record = source_record(document, rules, row)
    if cross:
        record.id = record.key = document.relpath
    tokens = Tokens.of(document.text).without(record.info["ignored"])
    return store.add(record, hashing.fingerprints(hashing.word_hashes(tokens.words)),
                     content_stems(tokens, record.info["lang"]))


def source_record(document: LoadedDocument, rules: RuleSet | None,
                  row: ManifestRow | None = None, words: int | None = None) -> SourceRecord:
    """What the index keeps of a loaded source: metadata (manifest first), its publisher and
    aliases (:mod:`licscan.match.identity`), text, offset map, the notices and terms found in
    it, and the text ranges matching leaves out (the page's chrome and its own rights lines, as
    on the documents matched against it)."""
    notices, scanned, rights = _detect(document, rules)
    manifest_terms = _manifest_terms(row, rules, document.relpath) if row else []
    holders = _holders(notices, "copyright")
    url = (row.url if row else "") or document.canonical_url or _meta(document, _META_URL)
    host = host_of(url) or (row.host if row else "")
    domain = (row.domain if row else "") or site_of(url or host) or _rights_site(notices, scanned)
    agencies = _holders([n for n in notices if n.rule_id not in _NOT_THE_STORY], "wire_credit")
    evidence = Evidence(holders, agencies, document.meta, domain, host)
    identity = resolve(evidence, row.publisher if row else "", row.aliases if row else (),
                       rules.files if rules is not None else ())
    text = document.text
    manifest = row.as_dict() if row else {}
    info = {
        "aliases": identity.aliases,
        "holders": holders,
        "terms": terms_to_json(manifest_terms + scanned),
        "notices": [_notice_json(n) for n in notices],
        "manifest": manifest,
        "ignored": [list(r) for r in ignored_ranges(document, rights)],
        "captions": [list(r) for r in merge_ranges([*document.captions,
                                                     *document.caption_credits])],
        "lang": language_of(document.lang, words_of(text[:GUESS_CHARS])),
    }
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass"))
    digest.update(json.dumps(manifest, sort_keys=True).encode())
    return SourceRecord(
        id=(row.id if row and row.id else document.relpath),
        key=str(document.path.resolve()) if document.path else document.relpath,
        path=document.relpath,
        url=url,
        publisher=identity.publisher,
        domain=domain,
        host=host,
        title=(row.title if row and row.title else document.title),
        doc_type=document.doc_type,
        sha256=digest.hexdigest(),
        text=text,
        words=len(words_of(text)) if words is None else words,
        offsets=document.offsets,
        line_starts=line_starts(document.source),
        info=info,
    )


def _detect(document: LoadedDocument, rules: RuleSet | None
            ) -> tuple[list, list[Term], list[tuple[int, int]]]:
    if rules is None:
        return [], [], []
    from licscan.detect import detect

    detection = detect(document, rules)
    return list(detection.notices), list(detection.terms), detection.rights_ranges


def _manifest_terms(row: ManifestRow, rules: RuleSet | None, relpath: str) -> list[Term]:
    terms = terms_from_id(row.terms, relpath, rules.licenses if rules is not None else None)
    if row.terms_text and rules is not None:
        known = {t.term_type for t in terms}
        terms += [replace(t, relpath=relpath) for t in _terms_in(row.terms_text, rules)
                  if t.term_type not in known]
    return terms


_TERMS_CACHE: dict[tuple[object, str], list[Term]] = {}


def _terms_in(text: str, rules: RuleSet) -> list[Term]:
    """Terms the rules find in a manifest's terms wording (archives repeat a few wordings)."""
    key = (getattr(rules, "version", None) or id(rules), text)
    if key not in _TERMS_CACHE:
        from licscan.load import load_text

        if len(_TERMS_CACHE) > 4096:
            _TERMS_CACHE.clear()
        _, found, _ = _detect(load_text(text, relpath="manifest"), rules)
        _TERMS_CACHE[key] = [replace(t, origin="manifest") for t in found]
    return _TERMS_CACHE[key]


def _holders(notices: list, notice_type: str) -> list[str]:
    """The holders of the notices of one type (copyright lines, wire credits), in order."""
    found = [h for n in notices if n.notice_type == notice_type for h in n.holders]
    return list(dict.fromkeys(found))


def _rights_site(notices: list, terms: list[Term]) -> str:
    """The site a source's own notices or terms name ("© GDC and www.example.com", "credit
    … to example.com"), for sources whose URL is not known."""
    for notice in notices:
        for domain in getattr(notice, "holder_domains", []):
            if site_of(domain):
                return site_of(domain)
    for term in terms:
        if term.credit_target and "." in term.credit_target and site_of(term.credit_target):
            return site_of(term.credit_target)
    return ""


def _notice_json(notice: object) -> dict:
    keys = ("notice_type", "text", "holders", "holder_domains", "years", "rights_reserved")
    return {k: getattr(notice, k, None) for k in keys}


def _meta(document: LoadedDocument, names: tuple[str, ...]) -> str:
    for name in names:
        for item in document.meta:
            if item.name.lower() == name and item.value.strip():
                return item.value.strip()
    return ""


def _manifest_in(path: Path) -> Path | None:
    if path.is_dir():
        for name in MANIFEST_NAMES:
            if (path / name).is_file():
                return path / name
    return None


def _discover(paths: list[Path], follow_symlinks: bool) -> Iterable[FileEntry]:
    from licscan.discover import discover

    return discover(paths, ScanOptions(follow_symlinks=follow_symlinks))


def _entry(path: Path, base: Path) -> FileEntry:
    try:
        relpath = path.relative_to(base).as_posix()
    except ValueError:
        relpath = path.as_posix()
    return FileEntry(path, relpath, size=path.stat().st_size)
