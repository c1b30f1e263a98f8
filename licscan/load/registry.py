"""The document types licscan reads, each with its loader: the one list of them.

Discovery reads a file when a loader claims its suffix or its whole name (``LICENSE``; ``.gz``
looked through) and lists the others as ``skipped``; :func:`licscan.load.load_document` reads a
file with that loader, and a text file without a known suffix or name with the first loader
whose ``sniff`` recognises it, else as plain text; :func:`licscan.load.load_text` and the
examples of rule files accept the types of the text loaders. Adding a document type = a
:class:`~licscan.model.DocType` member, the module of its loader, and its entry here.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from licscan.load.container import ContainerLoader
from licscan.load.docx import read_docx
from licscan.load.epub import read_epub
from licscan.load.feeds import list_feed, read_feed_item
from licscan.load.html import read_html
from licscan.load.image import SUFFIXES as IMAGE_SUFFIXES
from licscan.load.image import read_image
from licscan.load.loader import FileLoader, Loader
from licscan.load.markdown import read_markdown
from licscan.load.odt import read_odt
from licscan.load.pdf import read_pdf
from licscan.load.plaintext import read_plain_text
from licscan.load.sniff import looks_like_html
from licscan.load.warc import list_warc, read_warc_record
from licscan.model import DocType

_BUILT_IN = (
    FileLoader(
        DocType.html, (".html", ".htm", ".xhtml"), read_html,
        declares_charset=True, sniff=looks_like_html,
    ),
    FileLoader(DocType.markdown, (".md", ".markdown", ".mdx"), read_markdown),
    # plain-text markup formats and the notice files of software and content projects: their
    # markup is light enough to read as it stands
    FileLoader(
        DocType.text, (".txt", ".text", ".rst", ".adoc", ".org", ".textile"), read_plain_text,
        names=("copyright", "notice", "authors", "license", "licence"),
    ),
    # binary formats: each loader builds a text source and names where its parts are
    FileLoader(DocType.pdf, (".pdf",), read_pdf, binary=True),
    FileLoader(DocType.docx, (".docx",), read_docx, binary=True),
    FileLoader(DocType.odt, (".odt",), read_odt, binary=True),
    FileLoader(DocType.epub, (".epub",), read_epub, binary=True),
    # an image: its metadata only, from the open file, whatever its size
    FileLoader(DocType.image, IMAGE_SUFFIXES, read_image, binary=True, whole_file=False),
)  # fmt: skip
# Files of many documents: discovery lists their items (licscan.load.container)
_CONTAINERS = {
    suffix: loader
    for loader in (
        ContainerLoader(DocType.feed, (".xml", ".rss", ".atom"), list_feed, read_feed_item),
        ContainerLoader(DocType.warc, (".warc",), list_warc, read_warc_record),
    )
    for suffix in loader.suffixes
}
# What a text file without a known suffix that no loader recognises is read as.
FALLBACK = DocType.text
_LOADERS: list[Loader] = []
_BY_SUFFIX: dict[str, Loader] = {}
_BY_NAME: dict[str, Loader] = {}


def loaders() -> tuple[Loader, ...]:
    """The registered loaders, in the order they were registered."""
    return tuple(_LOADERS)


def register(loader: Loader) -> None:
    """Add a loader; its suffixes must be lower case, start with a dot and be nobody else's,
    its names lower case without a dot and nobody else's.

    It serves this process only: the worker processes of ``--jobs`` and Dask start with the
    built-in loaders.
    """
    for suffix in loader.suffixes:
        if not suffix.startswith(".") or suffix != suffix.lower() or "." in suffix[1:]:
            raise ValueError(f"a suffix is a lower-case name ending like '.html', not {suffix!r}")
        if suffix in _CONTAINERS:
            raise ValueError(f"{suffix} is read by the {_CONTAINERS[suffix].doc_type.value} loader")
        if suffix in _BY_SUFFIX:
            raise ValueError(f"{suffix} is read by the {_BY_SUFFIX[suffix].doc_type.value} loader")
    for name in loader.names:
        if not name or name != name.lower() or "." in name or "/" in name:
            raise ValueError(f"a name is a lower-case file name without a dot, not {name!r}")
        if name in _BY_NAME:
            raise ValueError(f"{name} is read by the {_BY_NAME[name].doc_type.value} loader")
    _LOADERS.append(loader)
    _BY_SUFFIX.update(dict.fromkeys(loader.suffixes, loader))
    _BY_NAME.update(dict.fromkeys(loader.names, loader))


def unregister(loader: Loader) -> None:
    """Remove a loader added by :func:`register`."""
    _LOADERS.remove(loader)
    for suffix in loader.suffixes:
        del _BY_SUFFIX[suffix]
    for name in loader.names:
        del _BY_NAME[name]


def suffixes() -> frozenset[str]:
    """Every suffix a loader reads (each also gzip-compressed)."""
    return frozenset(_BY_SUFFIX) | frozenset(_CONTAINERS)


def names() -> frozenset[str]:
    """Every whole file name a loader reads (each also gzip-compressed)."""
    return frozenset(_BY_NAME)


def loader_for_name(name: str) -> Loader | None:
    """The loader of a file name (a path's last part counts; ``.gz`` looked through)."""
    base, suffix = _split(name)
    return _BY_SUFFIX.get(suffix) if suffix else _BY_NAME.get(base)


def _split(name: str) -> tuple[str, str]:
    """The lower-case name (``.gz`` dropped) and its suffix: ``("page.html", ".html")`` of
    ``Page.HTML.gz``; the suffix is "" for ``LICENSE`` and ``.md``."""
    base = PurePosixPath(name).name.lower()
    if base.endswith(".gz"):
        base = base[:-3]
    dot = base.rfind(".")
    return base, "" if dot <= 0 else base[dot:]


def doc_type_for_name(name: str) -> DocType | None:
    """The document type of a file name (``.gz`` looked through); None when no loader reads it."""
    loader = loader_for_name(name) or container_for_name(name)
    return None if loader is None else loader.doc_type


def containers() -> tuple[ContainerLoader, ...]:
    """The loaders of files of many documents (feeds, web archives)."""
    return tuple(dict.fromkeys(_CONTAINERS.values()))


def container_for_name(name: str) -> ContainerLoader | None:
    """The loader of a file of many documents (``.warc.gz``, ``.rss``), from its name."""
    return _CONTAINERS.get(_split(name)[1])


def loader_for_content(head: bytes) -> Loader:
    """The loader of a text file without a known suffix, from its first bytes."""
    for loader in _LOADERS:
        if loader.sniff is not None and not loader.binary and loader.sniff(head):
            return loader
    return text_loader(FALLBACK)


def text_doc_types() -> tuple[DocType, ...]:
    """The types of the loaders that read text: what a string can be read as."""
    return tuple(dict.fromkeys(loader.doc_type for loader in _LOADERS if not loader.binary))


def text_loader(doc_type: str) -> Loader:
    """The first loader of ``doc_type`` that reads text; ValueError naming the types when none."""
    for loader in _LOADERS:
        if loader.doc_type == doc_type and not loader.binary:
            return loader
    types = ", ".join(type_.value for type_ in text_doc_types())
    raise ValueError(f"doc_type must be one of {types}, not {doc_type!r}")


for _loader in _BUILT_IN:
    register(_loader)
