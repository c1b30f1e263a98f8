"""Encodings: BOMs, declared charsets, UTF-8, the detector, and offsets that match the file."""

from __future__ import annotations

import pytest

from licscan.load import LoadError, load_document
from licscan.model import DocStatus, FileEntry

RUSSIAN = (
    "Все права защищены. Перепечатка материалов разрешена только с письменного согласия "
    "редакции и с обязательной ссылкой на источник. Редакция не несёт ответственности за "
    "содержание рекламных объявлений, опубликованных на сайте.\n"
)


def _load(tmp_path, name: str, data: bytes, max_size: int = 1_000_000):
    path = tmp_path / name
    path.write_bytes(data)
    return load_document(FileEntry(path, name, len(data)), max_size)


def _reads_like_open(tmp_path, name: str, document) -> None:
    """Offsets index the file as open(path, encoding=…, newline="") reads it."""
    with open(tmp_path / name, encoding=document.encoding, newline="") as handle:
        assert handle.read() == document.source


def test_utf8_bom(tmp_path):
    doc = _load(tmp_path, "bom.html", b"\xef\xbb\xbf<p>Caf\xc3\xa9 \xc2\xa9 2024</p>")
    assert doc.encoding == "utf-8-sig"
    assert doc.text == "Café © 2024"
    _reads_like_open(tmp_path, "bom.html", doc)


def test_utf16_with_bom(tmp_path):
    source = "<html><body><p>© 2024 Example Ltd\r\nAll rights reserved</p></body></html>"
    doc = _load(tmp_path, "u16.html", source.encode("utf-16"))
    assert doc.encoding == "utf-16"
    assert doc.text == "© 2024 Example Ltd All rights reserved"
    _reads_like_open(tmp_path, "u16.html", doc)


def test_utf16_without_bom_is_not_taken_for_binary(tmp_path):
    doc = _load(tmp_path, "u16le.txt", "Copyright 2024 Example Ltd\n".encode("utf-16-le"))
    assert doc.encoding == "utf-16-le"
    assert doc.text == "Copyright 2024 Example Ltd\n"


def test_latin1_declared_page_is_read_as_windows_1252(tmp_path):
    data = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">'
        "</head><body><p>\x93Quoted\x94 \xa9 2019 M\xfcller GmbH</p></body></html>"
    ).encode("latin-1")
    doc = _load(tmp_path, "legacy.html", data)
    assert doc.encoding == "cp1252"  # browsers read the iso-8859-1 label as windows-1252
    assert doc.text == "“Quoted” © 2019 Müller GmbH"
    assert doc.warnings == []
    _reads_like_open(tmp_path, "legacy.html", doc)


def test_meta_charset_of_a_cyrillic_page(tmp_path):
    source = f'<html><head><meta charset="windows-1251"></head><body><p>{RUSSIAN}</p></body></html>'
    doc = _load(tmp_path, "ru.html", source.encode("cp1251"))
    assert doc.encoding == "cp1251"
    assert "Все права защищены." in doc.text


def test_undeclared_legacy_encoding_is_detected(tmp_path):
    doc = _load(tmp_path, "ru.txt", RUSSIAN.encode("cp1251"))
    assert doc.encoding == "cp1251"
    assert doc.text == RUSSIAN
    assert doc.warnings == ["encoding cp1251 guessed by charset-normalizer"]
    _reads_like_open(tmp_path, "ru.txt", doc)
    page = f"<html><body><p>{RUSSIAN}</p><p>{RUSSIAN}</p></body></html>"
    doc = _load(tmp_path, "ru.html", page.encode("cp1251"))
    assert doc.encoding == "cp1251"
    assert doc.text.startswith("Все права защищены.")


def test_page_declared_latin1_but_written_in_utf8_is_read_as_utf8(tmp_path):
    data = '<meta charset="iso-8859-1"><p>© 2024 Société Générale</p>'.encode()
    doc = _load(tmp_path, "mislabelled.html", data)
    assert doc.encoding == "utf-8"
    assert doc.text == "© 2024 Société Générale"
    assert doc.warnings == ["declared charset cp1252 but the content is UTF-8"]


def test_page_declared_utf8_but_written_in_windows_1252(tmp_path):
    text = "Alle Rechte vorbehalten. Vervielfältigung nur mit schriftlicher Genehmigung. " * 3
    data = f'<meta charset="utf-8"><p>{text}</p>'.encode("cp1252")
    doc = _load(tmp_path, "wrong.html", data)
    assert "Vervielfältigung" in doc.text
    assert doc.warnings[0] == "declared charset utf-8 does not fit the bytes"


def test_a_few_stray_bytes_in_utf8_are_replaced_not_fatal(tmp_path):
    data = ("Copyright © 2024 Müller GmbH. " * 20).encode() + b"\x96 end\n"
    doc = _load(tmp_path, "stray.txt", data)
    assert doc.encoding == "utf-8"
    assert doc.text.endswith("\ufffd end\n")
    assert doc.warnings == ["decoded as UTF-8 with 1 invalid byte replaced"]


def test_bytes_no_encoding_fits_are_undecodable(tmp_path):
    data = bytes(range(0x80, 0x100)) * 4  # no control bytes, so not binary, but not text either
    with pytest.raises(LoadError) as error:
        _load(tmp_path, "noise.txt", data)
    assert error.value.status is DocStatus.undecodable


def test_invalid_utf16_after_a_bom_is_undecodable(tmp_path):
    with pytest.raises(LoadError) as error:
        _load(tmp_path, "bad16.txt", b"\xff\xfe" + "ok".encode("utf-16-le") + b"\x00\xd8")
    assert error.value.status is DocStatus.undecodable
    assert error.value.encoding == "utf-16"


def test_nearly_utf8_text_keeps_its_holder(tmp_path):
    from licscan.options import ScanOptions
    from licscan.run.context import build_context
    from licscan.run.unit import process_entry

    data = "Copyright © 2024 Café Ltd. All rights reserved.\n".encode() + b"Prices \x96 2024.\n"
    path = tmp_path / "about.txt"
    path.write_bytes(data)
    result = process_entry(FileEntry(path, "about.txt", len(data)), build_context(ScanOptions()))
    assert result.document.encoding == "utf-8"
    assert result.document.holders == ["Café Ltd."]
    assert result.document.reason == "decoded as UTF-8 with 1 invalid byte replaced"


def test_utf8_with_several_bad_bytes_says_how_many(tmp_path):
    data = ("Société Générale, Zürich. " * 3).encode() + b"\xff\xfe end \xc3\n"
    doc = _load(tmp_path, "several.txt", data)
    assert doc.encoding == "utf-8"
    assert doc.text.startswith("Société Générale, Zürich.")
    assert doc.warnings == ["decoded as UTF-8 with 3 invalid bytes replaced"]


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Copyright © 2024 Café Ltd. All rights reserved.\n", "cp1252"),
        ("Café Ltd.\n", "latin-1"),
        ("© 2024 Señor Niño, España. Todos los derechos reservados.\n", "latin-1"),
        ("Müller GmbH. Alle Rechte vorbehalten. Vervielfältigung verboten.\n", "latin-1"),
        ("« Tous droits réservés » — Éditions Côté\n", "cp1252"),
    ],
)
def test_genuine_windows_1252_and_latin1_files_decode_correctly(tmp_path, text, encoding):
    doc = _load(tmp_path, "legacy.txt", text.encode(encoding))
    assert doc.text == text
    assert doc.encoding == "cp1252"
    _reads_like_open(tmp_path, "legacy.txt", doc)
