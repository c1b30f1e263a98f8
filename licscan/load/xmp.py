"""Rights metadata in XMP packets: ``dc:rights``, ``dc:creator``, ``xmpRights:UsageTerms``,
``xmpRights:WebStatement`` … as :class:`~licscan.model.MetaItem` rows of source ``xmp``.

A PDF (and an image) keeps its XMP as an XML packet between ``<x:xmpmeta>`` tags, stored
uncompressed so that tools can find it without parsing the file: the packet is found in the raw
bytes.  Each simple property becomes one item named ``prefix.Name`` with the usual prefix of its
namespace (``dc.rights``, ``xmpRights.UsageTerms``); a list (``rdf:Alt``, ``rdf:Seq``,
``rdf:Bag``) gives its entries joined by "; ", a resource its URL.
"""

from __future__ import annotations

import re

from lxml import etree

from licscan.model import MetaItem

XMP_LOCATION = "XMP metadata"
_PACKET = re.compile(rb"<x:x[am]pmeta\b.*?</x:x[am]pmeta>", re.S)
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_LISTS = frozenset(f"{{{_RDF}}}{kind}" for kind in ("Alt", "Seq", "Bag"))
# The usual prefixes, whatever a packet calls its namespaces.
PREFIXES = {
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://ns.adobe.com/xap/1.0/rights/": "xmpRights",
    "http://ns.adobe.com/xap/1.0/": "xmp",
    "http://ns.adobe.com/pdf/1.3/": "pdf",
    "http://ns.adobe.com/photoshop/1.0/": "photoshop",
    "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/": "Iptc4xmpCore",
    "http://ns.useplus.org/ldf/xmp/1.0/": "plus",
    "http://creativecommons.org/ns#": "cc",
}
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, recover=True)


def xmp_items(data: bytes, location: str = XMP_LOCATION) -> list[MetaItem]:
    """The properties of every XMP packet in ``data`` (none when there is no packet)."""
    items: list[MetaItem] = []
    for packet in _PACKET.finditer(data):
        try:
            root = etree.fromstring(packet.group(), _PARSER)
        except etree.XMLSyntaxError:
            continue  # a packet too broken to read says nothing
        if root is None:
            continue
        for description in root.iter(f"{{{_RDF}}}Description"):
            items.extend(_properties(description, location))
    return items


def _properties(description: etree._Element, location: str) -> list[MetaItem]:
    """The simple properties of one ``rdf:Description``: its attributes and child elements."""
    found = [(_name(key), value) for key, value in description.attrib.items()
             if not key.startswith(f"{{{_RDF}}}")]  # fmt: skip
    for child in description:
        if isinstance(child.tag, str):
            found.append((_name(child.tag), _value(child)))
    return [MetaItem("xmp", name, " ".join(value.split()), location=location)
            for name, value in found if name and value.strip()]  # fmt: skip


def _name(tag: str) -> str:
    """``dc.rights`` of ``{http://purl.org/dc/elements/1.1/}rights``."""
    namespace, _, local = tag[1:].partition("}")
    prefix = PREFIXES.get(namespace) or namespace.rstrip("/#").rsplit("/", 1)[-1]
    return f"{prefix}.{local}" if local else ""


def _value(element: etree._Element) -> str:
    """A property's text, a list's entries joined, or a resource's URL."""
    resource = element.get(f"{{{_RDF}}}resource")
    if resource:
        return resource
    for child in element:
        if child.tag in _LISTS:
            entries = [" ".join("".join(li.itertext()).split()) for li in child]
            return "; ".join(dict.fromkeys(entry for entry in entries if entry))
    if len(element):  # a structure: its fields are not one statement
        return ""
    return element.text or ""
