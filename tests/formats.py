"""Documents in binary formats made for licscan: a PDF report, a Word memo, an OpenDocument
guide, an EPUB booklet, a Word draft that copies the report, and a photo (JPEG, PNG, WebP,
TIFF, HEIC) carrying its rights in EXIF, IPTC and XMP; plus broken, encrypted and scanned
variants.
Every organisation, person and domain is invented.

They are written with the formats' own libraries (fpdf2, python-docx, odfpy, Pillow and
pillow-heif's libheif; an EPUB is
a zip of XHTML by definition; Pillow writes no IPTC, so :func:`iim_block` builds it), so the
loaders read real files.  The tests receive them as fixtures,
the benchmarks import this module, and the example site's files come from it (the draft is
left out of the examples, whose one draft is the Markdown one):

    python -m tests.formats examples/site
"""

from __future__ import annotations

import io
import re
import struct
import sys
import uuid
import zipfile
from pathlib import Path
from types import ModuleType

REPORT_HOLDER = "Selwyn Estuary Trust"
REPORT_PARAGRAPHS = (
    "Water samples were taken at eleven stations along the estuary every fortnight from March "
    "to October, at high and at low tide, and tested for salinity, dissolved oxygen and the "
    "bacteria that close beaches to swimmers after heavy rain.",
    "Dissolved oxygen stayed above the level fish need at every station but the two nearest "
    "the old cannery outfall, where readings fell below it on nine of the twenty-eight "
    "sampling days, always within two days of a storm.",
    "Bacteria counts at the town beach exceeded the bathing limit on six days, each after more "
    "than twenty millimetres of rain; the counts returned to normal within forty-eight hours "
    "on every occasion, which points to runoff rather than a leaking sewer.",
    "The Trust recommends that the council separate the cannery lane storm drain from the "
    "foul sewer before next summer, and that beach warnings be posted automatically whenever "
    "the rain gauge at the harbour master's office passes twenty millimetres in a day.",
)
REPORT_NOTICE = f"© 2025 {REPORT_HOLDER}. All rights reserved."
REPORT_TERMS = (
    "Excerpts and links may be used, provided that full and clear credit is given to the "
    f"{REPORT_HOLDER} and www.example.org with appropriate and specific direction to the "
    "original content."
)
REPORT_CREDIT = "Photo: Mara Quill / Selwyn Estuary Trust"
REPORT_XMP_RIGHTS = f"Copyright 2025 {REPORT_HOLDER}"
REPORT_USAGE_TERMS = "No reproduction without written permission."

MEMO_NOTICE = "© 2025 Example News Co. All rights reserved."
MEMO_FOOTNOTE = "Timetable data © 2024 Port Selwyn Ferries Ltd."
MEMO_COMMENT = "© 2025 Comment Holder Inc. All rights reserved."

GUIDE_NOTICE = "© 2023-2025 Fernwood Volunteers Association. All rights reserved."
GUIDE_FOOTNOTE = "Map © 2022 Example Mapping Ltd."

BOOK_NOTICE = "© 2025 Harbourlight Press. All rights reserved."
BOOK_TERMS = ("No part of this booklet may be reproduced without the written permission of "
              "the publisher.")


# --- PDF (fpdf2) --------------------------------------------------------------------------


def _pdf(pages: list[list[str]], xmp: str = "", password: str = "") -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_title("Harbour water quality 2025")
    pdf.set_author(REPORT_HOLDER)
    if xmp:
        pdf.set_xmp_metadata(xmp)
    if password:
        pdf.set_encryption(owner_password="owner-" + password, user_password=password)
    pdf.set_font("Helvetica", size=11)
    for lines in pages:
        pdf.add_page()
        for line in lines:
            pdf.multi_cell(0, 6, line)
            pdf.ln(4)
    return bytes(pdf.output())


# the namespaces of the XMP properties that state rights, by the prefixes tools write
_XMP_NAMESPACES = {
    "dc": "http://purl.org/dc/elements/1.1/",
    "xmpRights": "http://ns.adobe.com/xap/1.0/rights/",
    "photoshop": "http://ns.adobe.com/photoshop/1.0/",
    "Iptc4xmpCore": "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/",
}


def xmp_packet(properties: str) -> str:
    """An XMP packet of one description holding ``properties`` (elements of those namespaces)."""
    declared = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in _XMP_NAMESPACES.items())
    return (
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
        'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        f'<rdf:Description rdf:about="" {declared}>{properties}</rdf:Description>'
        "</rdf:RDF></x:xmpmeta>"
    )


def _xmp(rights: str, usage: str, statement: str) -> str:
    return xmp_packet(
        f'<dc:rights><rdf:Alt><rdf:li xml:lang="x-default">{rights}</rdf:li></rdf:Alt></dc:rights>'
        f'<dc:creator><rdf:Seq><rdf:li>{REPORT_HOLDER}</rdf:li></rdf:Seq></dc:creator>'
        f'<xmpRights:UsageTerms><rdf:Alt><rdf:li xml:lang="x-default">{usage}</rdf:li></rdf:Alt>'
        f'</xmpRights:UsageTerms><xmpRights:WebStatement>{statement}</xmpRights:WebStatement>'
        "<xmpRights:Marked>True</xmpRights:Marked>"
    )


def report_pdf() -> bytes:
    """Three pages: the findings (pages 1-2, a photo credit on page 2), then the notice and the
    terms on page 3; rights in the document info and in XMP."""
    xmp = _xmp(REPORT_XMP_RIGHTS, REPORT_USAGE_TERMS, "https://www.example.org/reuse")
    pages = [
        ["Harbour water quality 2025", *REPORT_PARAGRAPHS[:2]],
        [*REPORT_PARAGRAPHS[2:], REPORT_CREDIT],
        ["About this report", REPORT_NOTICE, REPORT_TERMS],
    ]
    return _pdf(pages, xmp=xmp)


def encrypted_pdf() -> bytes:
    return _pdf([[REPORT_NOTICE]], password="tide")


def scanned_pdf() -> bytes:
    """Two pages that are pictures of text: no text layer."""
    from fpdf import FPDF
    from PIL import Image

    pdf = FPDF()
    for shade in (200, 120):
        pdf.add_page()
        pdf.image(Image.new("L", (60, 80), shade), x=10, y=10, w=120)
    return bytes(pdf.output())


# --- Word (python-docx) -------------------------------------------------------------------

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_FOOTNOTES = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes xmlns:w="{_W}">'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
    "</w:r></w:p></w:footnote>{notes}</w:footnotes>"
)


def _docx(paragraphs: list[str], header: str = "", footer: str = "", footnote: str = "",
          comment: str = "", author: str = "") -> bytes:  # fmt: skip
    from docx import Document

    document = Document()
    document.core_properties.author = author
    document.core_properties.title = paragraphs[0][:60] if paragraphs else ""
    section = document.sections[0]
    if header:
        section.header.paragraphs[0].text = header
    if footer:
        section.footer.paragraphs[0].text = footer
    added = [document.add_paragraph(text) for text in paragraphs]
    if comment and added:
        document.add_comment(added[0].runs, text=comment, author="Desk")
    out = io.BytesIO()
    document.save(out)
    data = out.getvalue()
    return _with_footnote(data, footnote) if footnote else data


def _with_footnote(data: bytes, text: str) -> bytes:
    """Word's footnote parts (python-docx writes none): the note, its reference after the
    first paragraph's text, the relationship and the content type."""
    note = (f'<w:footnote w:id="1"><w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'
            "</w:footnote>")
    reference = '<w:r><w:footnoteReference w:id="1"/></w:r></w:p>'
    relation = ('<Relationship Id="rIdFootnotes" Target="footnotes.xml" Type="http://schemas.'
                'openxmlformats.org/officeDocument/2006/relationships/footnotes"/></Relationships>')
    override = ('<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxml'
                'formats-officedocument.wordprocessingml.footnotes+xml"/></Types>')
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item).decode("utf-8") if item.filename.endswith(".xml") or \
                item.filename.endswith(".rels") else source.read(item)
            if item.filename == "word/document.xml":
                content = re.sub(r"(<w:body>.*?)</w:p>", lambda m: m.group(1) + reference,
                                 content, count=1, flags=re.S)
            elif item.filename == "word/_rels/document.xml.rels":
                content = content.replace("</Relationships>", relation)
            elif item.filename == "[Content_Types].xml":
                content = content.replace("</Types>", override)
            target.writestr(item, content)
        target.writestr("word/footnotes.xml", _FOOTNOTES.replace("{notes}", note))
    return out.getvalue()


def memo_docx() -> bytes:
    """A newsroom memo: header, two body paragraphs, a footnote, a footer notice, and a comment
    (which licscan leaves out)."""
    return _docx(
        ["Ferry timetable changes for the winter season",
         "From November the early ferry to Port Selwyn leaves at 6.40 instead of 6.15, and the "
         "last evening crossing is dropped on Sundays; our graphics desk will redraw the map.",
         "Please check every published timetable against the operator's own list before use."],
        header="Example News Co. - internal memo", footer=MEMO_NOTICE, footnote=MEMO_FOOTNOTE,
        comment=MEMO_COMMENT, author="Tomasz Wren",
    )  # fmt: skip


def draft_docx() -> bytes:
    """A draft that copies three paragraphs of the report, without credit or link."""
    return _docx(
        ["Estuary roundup", "A new study of the estuary has some worrying findings.",
         *REPORT_PARAGRAPHS[:3], "We will follow the story as the council responds."],
        author="Draft Desk",
    )


# --- OpenDocument (odfpy) -----------------------------------------------------------------


def guide_odt() -> bytes:
    """A volunteer guide: header, body, a footnote, a footer notice, a Copyright field."""
    from odf.meta import UserDefined
    from odf.opendocument import OpenDocumentText
    from odf.style import Footer, Header, MasterPage, PageLayout
    from odf.text import Note, NoteBody, NoteCitation, P

    document = OpenDocumentText()
    layout = PageLayout(name="page")
    document.automaticstyles.addElement(layout)
    master = MasterPage(name="Standard", pagelayoutname=layout)
    header, footer = Header(), Footer()
    header.addElement(P(text="Fernwood Volunteers - field guide"))
    footer.addElement(P(text=GUIDE_NOTICE))
    master.addElement(header)
    master.addElement(footer)
    document.masterstyles.addElement(master)
    document.meta.addElement(UserDefined(name="Copyright", text=GUIDE_NOTICE))
    document.text.addElement(P(text="Moth counts in Fernwood"))
    body = P(text="Set the light trap at dusk beside the old quarry path and count until midnight.")
    note = Note(id="ftn1", noteclass="footnote")
    note.addElement(NoteCitation(text="1"))
    note_body = NoteBody()
    note_body.addElement(P(text=GUIDE_FOOTNOTE))
    note.addElement(note_body)
    body.addElement(note)
    document.text.addElement(body)
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


# --- EPUB (zip of XHTML) ------------------------------------------------------------------


def _xhtml(title: str, body: str) -> str:
    return (f'<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml">'
            f"\n<head><title>{title}</title></head>\n<body>\n{body}\n</body>\n</html>\n")


def booklet_epub() -> bytes:
    """Two chapters and a copyright page; dc:rights, dc:publisher and dc:creator in the OPF."""
    chapters = {
        "text/walk1.xhtml": _xhtml("The cannery path", "<h1>The cannery path</h1>\n<p>Start at "
                                   "the harbour steps and follow the shore east to the cannery."
                                   "</p>\n<p>Photo: Mara Quill</p>"),
        "text/walk2.xhtml": _xhtml("The quarry loop", "<h1>The quarry loop</h1>\n<p>Climb from "
                                   "the chapel to the quarry rim and return by the beech wood."
                                   "</p>"),
        "text/rights.xhtml": _xhtml("Copyright", f"<p>{BOOK_NOTICE}</p>\n<p>{BOOK_TERMS}</p>"),
    }
    manifest = "".join(f'<item id="c{n}" href="{href}" media-type="application/xhtml+xml"/>'
                       for n, href in enumerate(chapters))  # fmt: skip
    spine = "".join(f'<itemref idref="c{n}"/>' for n in range(len(chapters)))
    package = (
        '<?xml version="1.0" encoding="utf-8"?>\n<package xmlns="http://www.idpf.org/2007/opf" '
        'version="3.0" unique-identifier="id">\n<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">'
        '\n<dc:identifier id="id">urn:uuid:00000000-0000-4000-8000-000000000001</dc:identifier>'
        "\n<dc:title>Estuary walks</dc:title>\n<dc:language>en</dc:language>"
        "\n<dc:creator>Mara Quill</dc:creator>\n<dc:publisher>Harbourlight Press</dc:publisher>"
        f"\n<dc:rights>{BOOK_NOTICE}</dc:rights>\n</metadata>"
        f"\n<manifest>{manifest}</manifest>\n<spine>{spine}</spine>\n</package>\n"
    )
    container = ('<?xml version="1.0"?>\n<container version="1.0" xmlns="urn:oasis:names:tc:'
                 'opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/content.opf"'
                 ' media-type="application/oebps-package+xml"/></rootfiles></container>\n')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip")
        archive.writestr("META-INF/container.xml", container)
        archive.writestr("OEBPS/content.opf", package)
        for href, page in chapters.items():
            archive.writestr(f"OEBPS/{href}", page)
    return out.getvalue()


def without_member(data: bytes, member: str) -> bytes:
    """A zipped document (Word, OpenDocument, EPUB) with one member left out: a broken file."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            if item.filename != member:
                target.writestr(item, source.read(item))
    return out.getvalue()


# --- images (Pillow) -----------------------------------------------------------------------

PHOTO_HOLDER = "Heron Images Ltd"
PHOTO_CREDIT = "Heron Images"
PHOTO_BYLINE = "Ann Vole"
PHOTO_NOTICE = f"© 2024 {PHOTO_HOLDER}. All rights reserved."
PHOTO_EXIF_COPYRIGHT = f"Copyright 2024 {PHOTO_HOLDER}"
PHOTO_USAGE_TERMS = "Reproduction permitted only with the credit line Photo: Heron Images."
IMAGE_FORMATS = {"jpg": "JPEG", "png": "PNG", "webp": "WEBP", "tif": "TIFF", "heic": "HEIF"}
_EXIF_COPYRIGHT, _EXIF_ARTIST = 0x8298, 0x013B
_TIFF_XMP, _TIFF_IPTC = 700, 33723


def photo_xmp(statement: str = "") -> bytes:
    """An XMP packet as photo tools write it: rights, creator, credit, usage terms, the IPTC
    Core copyright notice and, when given, a web statement of rights (a licence URL)."""
    web = f"<xmpRights:WebStatement>{statement}</xmpRights:WebStatement>" if statement else ""
    return xmp_packet(
        f'<dc:rights><rdf:Alt><rdf:li xml:lang="x-default">{PHOTO_NOTICE}</rdf:li></rdf:Alt>'
        f'</dc:rights><dc:creator><rdf:Seq><rdf:li>{PHOTO_BYLINE}</rdf:li></rdf:Seq></dc:creator>'
        f"<photoshop:Credit>{PHOTO_CREDIT}</photoshop:Credit>"
        f"<Iptc4xmpCore:CopyrightNotice>{PHOTO_NOTICE}</Iptc4xmpCore:CopyrightNotice>"
        '<xmpRights:UsageTerms><rdf:Alt><rdf:li xml:lang="x-default">'
        f"{PHOTO_USAGE_TERMS}</rdf:li></rdf:Alt></xmpRights:UsageTerms>{web}"
    ).encode()


def iim_block(datasets: list[tuple[int, str]]) -> bytes:
    """IPTC IIM (IPTC-NAA IIM 4.2, §1.5): the UTF-8 charset (1:90), then each dataset of record
    2 as tag marker 0x1C, record, dataset number, 2-byte length and value."""
    fields = [(1, 90, b"\x1b%G"), *((2, number, text.encode()) for number, text in datasets)]
    return b"".join(struct.pack(">BBBH", 0x1C, record, number, len(value)) + value
                    for record, number, value in fields)  # fmt: skip


def with_app13(jpeg: bytes, iim: bytes) -> bytes:
    """The JPEG with an APP13 segment after SOI holding a Photoshop image resource block: the
    signature, then resource 0x0404 (IPTC) as "8BIM", id, empty name padded to even length,
    4-byte size and the data padded to even length."""
    resource = b"8BIM" + struct.pack(">HH", 0x0404, 0) + struct.pack(">I", len(iim)) + iim
    payload = b"Photoshop 3.0\x00" + resource + b"\x00" * (len(iim) % 2)
    segment = b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload
    return jpeg[:2] + segment + jpeg[2:]


PHOTO_IIM = [(116, PHOTO_NOTICE), (80, PHOTO_BYLINE), (110, PHOTO_CREDIT), (115, PHOTO_CREDIT)]


def _pillow() -> ModuleType:
    """Pillow's Image, able to write HEIF (pillow-heif's plugin registered)."""
    import pillow_heif
    from PIL import Image

    pillow_heif.register_heif_opener()
    return Image


def photo(suffix: str, statement: str = "") -> bytes:
    """A small photo in the format of ``suffix`` with its rights in EXIF (Copyright, Artist),
    XMP and, for JPEG and TIFF (the formats that carry it), IPTC."""
    pil = _pillow()
    exif = pil.Exif()
    exif[_EXIF_COPYRIGHT], exif[_EXIF_ARTIST] = PHOTO_EXIF_COPYRIGHT, PHOTO_BYLINE
    image = pil.new("RGB", (64, 48), (96, 120, 140))
    return _encoded(image, IMAGE_FORMATS[suffix], exif, photo_xmp(statement), iim_block(PHOTO_IIM))


def _encoded(image, fmt: str, exif, xmp: bytes, iim: bytes) -> bytes:  # Pillow's Image, Exif
    """The image in ``fmt`` with its EXIF, its XMP packet and, in JPEG and TIFF (the formats
    that carry it), its IPTC IIM, each where the format keeps it."""
    from PIL import PngImagePlugin

    out = io.BytesIO()
    if fmt == "PNG":
        info = PngImagePlugin.PngInfo()
        info.add_itxt("XML:com.adobe.xmp", xmp.decode())
        image.save(out, fmt, exif=exif, pnginfo=info)
    elif fmt == "TIFF":
        exif[_TIFF_XMP], exif[_TIFF_IPTC] = xmp, iim
        image.save(out, fmt, tiffinfo=exif)
    else:
        image.save(out, fmt, exif=exif, xmp=xmp)
    data = out.getvalue()
    return with_app13(data, iim) if fmt == "JPEG" else data


def plain_photo(suffix: str) -> bytes:
    """A photo without any metadata."""
    out = io.BytesIO()
    _pillow().new("RGB", (32, 24), (200, 180, 90)).save(out, IMAGE_FORMATS[suffix])
    return out.getvalue()


def broken_photo(suffix: str) -> bytes:
    """The photo cut inside its header: what a failed upload leaves."""
    return photo(suffix)[:24]


AGENCY_USE_TERMS = "EDITORIAL USE ONLY. NO SALES. NO ARCHIVES."
AGENCY_CREDIT = "Mandatory Credit: Photo by Ann Vole/Shutterstock (1234567a)"


def agency_photo(suffix: str) -> bytes:
    """A photo as a picture agency delivers it: its restrictions in IPTC Special Instructions
    (IIM 2:40) and its mandatory credit in XMP photoshop:Instructions (JPEG or TIFF)."""
    from PIL import Image

    xmp = xmp_packet(f"<photoshop:Instructions>{AGENCY_CREDIT}</photoshop:Instructions>")
    image = Image.new("RGB", (48, 32), (70, 90, 60))
    return _encoded(image, IMAGE_FORMATS[suffix], Image.Exif(), xmp.encode(),
                    iim_block([(40, AGENCY_USE_TERMS)]))  # fmt: skip


def heron_jpg() -> bytes:
    return photo("jpg")


def heron_heic() -> bytes:
    return photo("heic")


# --- the example site's files --------------------------------------------------------------

# -- Feeds, WordPress exports and web archives -------------------------------------------------

COURIER = "https://courier.quayside.example.net"
_NS = {
    "content": "http://purl.org/rss/1.0/modules/content/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "wp": "http://wordpress.org/export/1.2/",
    "media": "http://search.yahoo.com/mrss/",
}
WXR_POSTS = (  # post id, type, status, author, slug, title, paragraphs
    (101, "post", "publish", "ines.marlow", "harbour-dues",
     "Harbour dues rise for the first time in a decade",
     ("The harbour board voted on Tuesday to raise mooring dues by four per cent from April, the "
      "first increase since the breakwater was rebuilt.",
      "© 2025 Quayside Courier. All rights reserved.")),
    (102, "page", "draft", "tomas.reyes", "corrections", "Corrections and clarifications",
     ("Readers who spot an error in a story can write to the night editor, who answers every "
      "letter within a week.", "© 2025 Quayside Courier.")),
    (103, "post", "private", "ines.marlow", "pier-lighting", "Pier lighting survey",
     ("A survey of the lamps on the north pier found eleven of forty broken.",
      "© 2025 Quayside Courier.")),
)
WXR_LEFT_OUT = (("attachment", 104), ("nav_menu_item", 105))
RSS_COPYRIGHT = "Copyright 2025 Quayside Courier"
RSS_ITEMS = (  # guid, title, text, item-level rights, media credit
    (f"{COURIER}/?p=201", "Lifeboat crew rescues two kayakers",
     "The inshore lifeboat launched twice on Sunday afternoon after two kayakers were swept "
     "past the harbour mouth by the ebb.", "", "Photo: Wren Abbott / Quayside Courier"),
    (f"{COURIER}/?p=202", "Ferry timetable changes for winter",
     "The winter timetable drops the last evening crossing on weekdays from November.",
     "Excerpts may be quoted with credit to the Quayside Courier and a link to the original.", ""),
)
ATOM_RIGHTS = "© 2025 Quayside Courier. Licensed under CC BY 4.0."
ATOM_ENTRIES = (  # id, link, title, html
    ("tag:courier.quayside.example.net,2025:301", f"{COURIER}/2025/05/seal-pups",
     "Seal pups counted on the sandbar",
     "<p>Volunteers counted thirty-one seal pups on the outer sandbar, the most since counting "
     "began.</p>"),
)
WARC_PAGES = (  # path, HTTP headers besides Content-Type, text
    ("/harbour/dredging.html", [("X-Robots-Tag", "noai, noimageai")],
     "The channel will be dredged in June, closing the fuel berth for three days.",
     "© 2025 Quayside Courier. All rights reserved."),
    ("/2025/04/regatta.html",
     [("Link", '<https://creativecommons.org/licenses/by/4.0/>; rel="license"')],
     "The autumn regatta drew forty-two boats despite the fog.", "© 2025 Quayside Courier."),
    ("/2025/04/market.html",
     [("tdm-reservation", "1"), ("tdm-policy", f"{COURIER}/tdm-policy.json")],
     "The Saturday market moves to the quay car park while the square is repaved.",
     "© 2025 Quayside Courier."),
)


def _element(parent, tag: str, text: str = "", **attributes: str):
    from lxml import etree

    prefix, _, local = tag.rpartition(":")
    name = f"{{{_NS[prefix]}}}{local}" if prefix else local
    child = etree.SubElement(parent, name, attributes)
    child.text = text or None
    return child


def _rss(items, channel_rights: str = "", wordpress: bool = False) -> tuple:
    from lxml import etree

    spaces = dict(_NS) if wordpress else {k: v for k, v in _NS.items() if k != "wp"}
    root = etree.Element("rss", nsmap=spaces, version="2.0")
    channel = _element(root, "channel")
    _element(channel, "title", "Quayside Courier")
    _element(channel, "link", COURIER + "/")
    if channel_rights:
        _element(channel, "copyright", channel_rights)
    return root, channel


def courier_wxr() -> bytes:
    """A WordPress export: two posts and a page (published, private, draft), an attachment and
    a menu item."""
    from lxml import etree

    root, channel = _rss((), wordpress=True)
    _element(channel, "wp:wxr_version", "1.2")
    for post_id, kind, status, author, slug, title, paragraphs in WXR_POSTS:
        item = _element(channel, "item")
        _element(item, "title", title)
        _element(item, "link", f"{COURIER}/{slug}/")
        _element(item, "dc:creator", author)
        _element(item, "content:encoded", "".join(f"<p>{p}</p>\n" for p in paragraphs))
        _element(item, "wp:post_id", str(post_id))
        _element(item, "wp:status", status)
        _element(item, "wp:post_type", kind)
    for kind, post_id in WXR_LEFT_OUT:
        item = _element(channel, "item")
        _element(item, "title", f"{kind} {post_id}")
        _element(item, "wp:post_id", str(post_id))
        _element(item, "wp:post_type", kind)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)


def courier_rss() -> bytes:
    """An RSS feed whose channel states its copyright: one item with a photo credit, one with
    its own terms."""
    from lxml import etree

    root, channel = _rss((), channel_rights=RSS_COPYRIGHT)
    for guid, title, text, rights, credit in RSS_ITEMS:
        item = _element(channel, "item")
        _element(item, "title", title)
        _element(item, "link", guid)
        _element(item, "guid", guid)
        _element(item, "description", f"<p>{text}</p>")
        if rights:
            _element(item, "dc:rights", rights)
        if credit:
            media = _element(item, "media:content", url=f"{COURIER}/photos/kayak.jpg")
            _element(media, "media:credit", credit)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)


def courier_atom() -> bytes:
    """An Atom feed whose rights (a CC BY licence) apply to its entry."""
    from lxml import etree

    atom = "http://www.w3.org/2005/Atom"
    root = etree.Element(f"{{{atom}}}feed", nsmap={None: atom})
    for tag, text in (("title", "Quayside Courier"), ("id", COURIER + "/"),
                      ("updated", "2025-05-02T08:00:00Z"), ("rights", ATOM_RIGHTS)):
        etree.SubElement(root, f"{{{atom}}}{tag}").text = text
    for entry_id, link, title, body in ATOM_ENTRIES:
        entry = etree.SubElement(root, f"{{{atom}}}entry")
        etree.SubElement(entry, f"{{{atom}}}id").text = entry_id
        etree.SubElement(entry, f"{{{atom}}}title").text = title
        etree.SubElement(entry, f"{{{atom}}}link", href=link)
        etree.SubElement(entry, f"{{{atom}}}updated").text = "2025-05-02T08:00:00Z"
        etree.SubElement(entry, f"{{{atom}}}content", type="html").text = body
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)


def warc_page(title: str, text: str, notice: str = "") -> bytes:
    footer = f"<footer><p>{notice}</p></footer>" if notice else ""
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title></head>"
            f"<body><article><h1>{title}</h1><p>{text}</p></article>{footer}</body></html>"
            ).encode()


def write_warc(handle, pages, gzip: bool = True, extra: bool = True) -> None:
    """Write a web archive of ``pages`` ((URL, headers, HTML bytes)) with warcio: each page a
    request and its response; with ``extra``, a warcinfo record, a picture and a 404 too."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    writer = WARCWriter(handle, gzip=gzip)

    def fixed(url: str, kind: str) -> dict[str, str]:  # the same archive on every run
        record_id = uuid.uuid5(uuid.NAMESPACE_URL, f"{kind} {url}")
        return {"WARC-Record-ID": f"<urn:uuid:{record_id}>", "WARC-Date": "2025-05-02T08:00:00Z"}

    def response(url: str, status: str, content_type: str, headers, body: bytes) -> None:
        http = StatusAndHeaders(status, [("Content-Type", content_type), *headers],
                                protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            url, "response", payload=io.BytesIO(body), http_headers=http,
            warc_headers_dict=fixed(url, "response")))

    if extra:
        info = writer.create_warcinfo_record("crawl.warc.gz", {"software": "tests.formats"})
        info.rec_headers.replace_header("WARC-Date", "2025-05-02T08:00:00Z")
        info_id = uuid.uuid5(uuid.NAMESPACE_URL, "warcinfo")
        info.rec_headers.replace_header("WARC-Record-ID", f"<urn:uuid:{info_id}>")
        writer.write_record(info)
    for url, headers, body in pages:
        request = StatusAndHeaders("GET / HTTP/1.1", [("Host", "courier")], is_http_request=True)
        writer.write_record(writer.create_warc_record(url, "request", http_headers=request,
                                                      warc_headers_dict=fixed(url, "request")))
        response(url, "200 OK", "text/html; charset=utf-8", headers, body)
    if extra:
        response(f"{COURIER}/photos/gulls.png", "200 OK", "image/png", [], b"\x89PNG\r\n\x1a\n")
        response(f"{COURIER}/missing.html", "404 Not Found", "text/html", [], b"<p>gone</p>")


def courier_warc(gzip: bool = True) -> bytes:
    """A crawl of three Courier pages: one with an X-Robots-Tag noai header, one with a licence
    Link header, one with TDMRep headers; plus its warcinfo, requests, a picture and a 404."""
    handle = io.BytesIO()
    pages = [(COURIER + path, headers, warc_page(path.rsplit("/", 1)[-1], text, notice))
             for path, headers, text, notice in WARC_PAGES]
    write_warc(handle, pages, gzip=gzip)
    return handle.getvalue()


SITE_FILES = {
    "reports/harbour-water-quality.pdf": report_pdf,
    "newsroom/ferry-timetable-memo.docx": memo_docx,
    "gallery/volunteer-guide.odt": guide_odt,
    "books/estuary-walks.epub": booklet_epub,
    "exports/courier-wordpress.xml": courier_wxr,
    "feeds/courier.rss": courier_rss,
    "feeds/courier.atom": courier_atom,
    "archive/quayside-crawl.warc.gz": courier_warc,
    "gallery/heron.jpg": heron_jpg,
    "gallery/heron.heic": heron_heic,
}
DRAFT_FILE = ("estuary-roundup.docx", draft_docx)


def write_examples(site: Path, drafts: Path | None = None) -> list[Path]:
    """Write the example site's files of each binary format, and into ``drafts`` (when given)
    the draft copying the report."""
    files = {site / relpath: make for relpath, make in SITE_FILES.items()}
    if drafts is not None:
        files[drafts / DRAFT_FILE[0]] = DRAFT_FILE[1]
    for path, make in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(make())
    return list(files)


if __name__ == "__main__":
    for written in write_examples(Path(sys.argv[1] if len(sys.argv) > 1 else "examples/site")):
        print(written)
