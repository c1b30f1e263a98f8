"""Files that hold many documents (a feed, a WordPress export, a web archive): what discovery
lists of them and how one of their items is read.

Discovery asks a container's loader for its :class:`Listing` and makes one
:class:`~licscan.model.FileEntry` per :class:`Member`, named ``<file>#<label>`` and carrying
the member's ``key``; the worker that gets the entry reads that item alone with the loader's
``read``.  So each item is a document with its own row, its own time limit and its own worker,
and a broken item costs only its own row.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from licscan.model import DocStatus, DocType, LoadedDocument

NOT_READ = "items not read"


@dataclass(frozen=True)
class Member:
    """One item of a container: ``key`` finds it in the file (an offset, a position), ``label``
    names it in reports (``post-123``, ``urn:uuid:…``)."""

    key: str
    label: str
    size: int = 0
    status: DocStatus = DocStatus.ok
    reason: str = ""


@dataclass
class Listing:
    """The items of a container, and the kinds of the items left out on purpose, counted."""

    members: list[Member] = field(default_factory=list)
    left_out: Counter[str] = field(default_factory=Counter)

    def add(self, member: Member) -> None:
        """Add ``member``, its label made unique (``-2`` after a label seen before)."""
        label, n = member.label, 1
        while label in self._labels:
            n += 1
            label = f"{member.label}-{n}"
        self._labels.add(label)
        self.members.append(Member(member.key, label, member.size, member.status, member.reason))

    def left_out_reason(self) -> str:
        """``items not read (3: attachment 2, nav_menu_item 1)``; "" when none was left out."""
        if not self.left_out:
            return ""
        kinds = ", ".join(f"{kind} {n}" for kind, n in sorted(self.left_out.items()))
        return f"{NOT_READ} ({sum(self.left_out.values())}: {kinds})"

    def __post_init__(self) -> None:
        self._labels: set[str] = set()


# (file, size limit of one item) → its listing; LoadError when the file is not such a container
ListFunction = Callable[[Path, int], Listing]
# (file, relpath of the item, member key, size limit) → the item's document; LoadError else
ReadMember = Callable[[Path, str, str, int], LoadedDocument]


@dataclass(frozen=True)
class ContainerLoader:
    """The reader of a container format: its items are documents of type ``doc_type``."""

    doc_type: DocType
    suffixes: tuple[str, ...]
    members: ListFunction
    read: ReadMember


def member_relpath(relpath: str, label: str) -> str:
    """The path of an item in reports: ``feeds/courier.rss#item-3f9a1c2e5d7b``."""
    return f"{relpath}#{label}"
