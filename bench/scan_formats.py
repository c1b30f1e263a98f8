"""Pages per second of the binary formats' loaders (PDF, Word) and of a whole scan of them;
images per second of the image loader (metadata only) and of a scan of images.

Writes made-up documents (tests/formats.py's text, repeated with numbered paragraphs): PDFs of
``--pages`` pages and Word documents of the same number of pages' worth of paragraphs (a Word
file has no pages of its own: a page here is the text of one PDF page, about 450 words), then
measures loading alone and ``licscan.scan`` (one process, no cache) over ``--files`` of each;
then ``--images`` photos of each image format (JPEG, PNG, WebP, TIFF and HEIC, tests/formats.py's
photo with its EXIF, XMP and, in JPEG and TIFF, IPTC rights) the same way.

    python bench/scan_formats.py [--pages 50] [--files 4] [--images 200] [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parents[1]))  # for tests.formats, the generator

from licscan.api import scan
from licscan.load import load_document
from licscan.model import FileEntry
from tests import formats


def page_paragraphs(page: int) -> list[str]:
    return [f"{page}.{n} {text}" for n, text in enumerate(formats.REPORT_PARAGRAPHS, 1)]


def write_pdf(path: Path, pages: int) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    for page in range(1, pages + 1):
        pdf.add_page()
        for text in page_paragraphs(page):
            pdf.multi_cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")
        if page == pages:
            pdf.multi_cell(0, 5, f"{formats.REPORT_NOTICE} {formats.REPORT_TERMS}", new_x="LMARGIN",
                           new_y="NEXT")
    pdf.output(str(path))


def write_docx(path: Path, pages: int) -> None:
    from docx import Document

    document = Document()
    for page in range(1, pages + 1):
        for text in page_paragraphs(page):
            document.add_paragraph(text)
    document.sections[0].footer.paragraphs[0].text = formats.REPORT_NOTICE
    document.save(str(path))


def best_of(repeat: int, run: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return min(times) if repeat < 3 else statistics.median(times)


def measure(kind: str, folder: Path, pages: int, files: int, repeat: int) -> None:
    paths = sorted(folder.glob(f"*.{kind}"))
    entries = [FileEntry(p, p.name, p.stat().st_size) for p in paths]
    total = pages * files

    def load_all() -> None:
        for entry in entries:
            load_document(entry, max_size=1 << 30)

    load_s = best_of(repeat, load_all)
    scan_s = best_of(repeat, lambda: scan([folder], include=[f"*.{kind}"], cache=False))
    size = sum(p.stat().st_size for p in paths) / 1e6
    print(f"{kind:<5} {files} files x {pages} pages ({size:.1f} MB): "
          f"load {total / load_s:,.0f} pages/s, scan {total / scan_s:,.0f} pages/s")


def measure_images(folder: Path, suffix: str, count: int, repeat: int) -> None:
    data = formats.photo(suffix)
    for n in range(count):
        (folder / f"photo{n}.{suffix}").write_bytes(data)
    entries = [FileEntry(p, p.name, p.stat().st_size) for p in sorted(folder.iterdir())]

    def load_all() -> None:
        for entry in entries:
            load_document(entry, max_size=1 << 30)

    load_s = best_of(repeat, load_all)
    scan_s = best_of(repeat, lambda: scan([folder], cache=False))
    print(f"{suffix:<5} {count} files: "
          f"load {count / load_s:,.0f} images/s, scan {count / scan_s:,.0f} images/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=50)
    parser.add_argument("--files", type=int, default=4)
    parser.add_argument("--images", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for kind, write in (("pdf", write_pdf), ("docx", write_docx)):
            folder = Path(tmp) / kind
            folder.mkdir()
            for n in range(args.files):
                write(folder / f"doc{n}.{kind}", args.pages)
            measure(kind, folder, args.pages, args.files, args.repeat)
        for suffix in formats.IMAGE_FORMATS:
            images = Path(tmp) / suffix
            images.mkdir()
            measure_images(images, suffix, args.images, args.repeat)


if __name__ == "__main__":
    main()
