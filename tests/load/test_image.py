"""Images: the rights of a photo's EXIF, IPTC and XMP as metadata, notices and terms of the
image itself, each with the field it came from; broken images as rows with a reason."""

from __future__ import annotations

import gzip
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import licscan
from licscan.result import ScanResult
from tests import formats

SUFFIXES = tuple(formats.IMAGE_FORMATS)
CC_BY_ND = "https://creativecommons.org/licenses/by-nd/4.0/"


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> ScanResult:
    folder = tmp_path_factory.mktemp("images")
    for suffix in SUFFIXES:
        (folder / f"photo.{suffix}").write_bytes(formats.photo(suffix, CC_BY_ND))
        (folder / f"broken.{suffix}").write_bytes(formats.broken_photo(suffix))
        (folder / f"plain.{suffix}").write_bytes(formats.plain_photo(suffix))
    return licscan.scan([folder], cache=False)


def _rows(frame: pd.DataFrame, path: str, columns: list[str]) -> set[tuple]:
    rows = frame.loc[frame["path"] == path, columns].values.tolist()
    return {tuple(tuple(v) if isinstance(v, list) else v for v in row) for row in rows}


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_the_copyright_notice_names_the_holder_and_year_in_each_field(
    scanned: ScanResult, suffix: str
) -> None:
    notices = _rows(scanned.notices, f"photo.{suffix}",
                    ["location", "notice_type", "holders", "years"])  # fmt: skip
    copyright_fields = {"EXIF Copyright", "XMP dc:rights", "XMP Iptc4xmpCore:CopyrightNotice"}
    if suffix in ("jpg", "tif"):  # the formats that carry IPTC IIM
        copyright_fields.add("IPTC Copyright Notice")
    found = {row[0] for row in notices if row[1] == "copyright"}
    assert found == copyright_fields
    for location, kind, holders, years in notices:
        if kind == "copyright":
            assert [h.rstrip(".") for h in holders] == ["Heron Images Ltd"], location
            assert years == (2024,)
    document = scanned.documents[scanned.documents["path"] == f"photo.{suffix}"].iloc[0]
    assert (document["type"], document["status"]) == ("image", "ok")


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_credits_are_photo_credits_and_the_copyright_notice_is_not(
    scanned: ScanResult, suffix: str
) -> None:
    credits = {row[0]: row[1] for row in _rows(scanned.notices, f"photo.{suffix}",
               ["location", "holders", "notice_type"]) if row[2] == "photo_credit"}  # fmt: skip
    expected = {"EXIF Artist": ("Ann Vole",), "XMP photoshop:Credit": ("Heron Images",)}
    if suffix in ("jpg", "tif"):  # By-line, Credit and Source make one credit of the IPTC block
        expected["IPTC By-line"] = ("Ann Vole", "Heron Images")
    assert credits == expected


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_usage_terms_and_the_licence_become_terms(scanned: ScanResult, suffix: str) -> None:
    terms = _rows(scanned.terms, f"photo.{suffix}",
                  ["location", "term_type", "credit_required", "license"])  # fmt: skip
    assert ("XMP xmpRights:UsageTerms", "free_with_attribution", True, "") in terms
    assert ("XMP xmpRights:WebStatement", "creative_commons", True, "CC-BY-ND-4.0") in terms
    document = scanned.documents[scanned.documents["path"] == f"photo.{suffix}"].iloc[0]
    assert document["license"] == "CC-BY-ND-4.0"
    metadata = _rows(scanned.metadata, f"photo.{suffix}", ["location", "source", "name"])
    assert ("XMP dc:rights", "xmp", "dc.rights") in metadata
    assert ("EXIF Copyright", "exif", "exif.Copyright") in metadata


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_a_broken_image_is_a_row_with_a_reason(scanned: ScanResult, suffix: str) -> None:
    row = scanned.documents[scanned.documents["path"] == f"broken.{suffix}"].iloc[0]
    assert row["status"] == "malformed"
    assert row["reason"].startswith("not a readable image (")
    finding = scanned.findings[scanned.findings["path"] == f"broken.{suffix}"]
    assert list(finding["rule_id"]) == ["licscan.read-error"]


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_an_image_without_metadata_is_read_and_gives_no_rows(
    scanned: ScanResult, suffix: str
) -> None:
    path = f"plain.{suffix}"
    row = scanned.documents[scanned.documents["path"] == path].iloc[0]
    assert (row["type"], row["status"], row["reason"]) == ("image", "ok", "")
    for table in ("notices", "terms", "metadata", "findings"):
        assert path not in set(scanned.frames()[table]["path"]), table


def test_a_photo_over_the_size_limit_is_read_for_its_metadata(tmp_path: Path) -> None:
    data = formats.photo("jpg")
    (tmp_path / "large.jpg").write_bytes(data)
    (tmp_path / "large.html").write_text("<p>" + "x" * len(data) + "</p>", encoding="utf-8")
    result = licscan.scan([tmp_path], cache=False, max_size=len(data) // 2)
    statuses = dict(zip(result.documents["path"], result.documents["status"], strict=True))
    assert statuses == {"large.jpg": "ok", "large.html": "too_large"}
    assert "large.jpg" in set(result.notices["path"])


def test_a_heic_that_is_not_one_is_a_row_with_a_reason(tmp_path: Path) -> None:
    # an ISO media file type box saying HEIC, then bytes that are no box at all
    (tmp_path / "garbage.heic").write_bytes(b"\0\0\0\x18ftypheic" + bytes(range(256)) * 4)
    result = licscan.scan([tmp_path], cache=False)
    rows = result.documents[["path", "type", "status", "reason"]].values.tolist()
    assert rows == [["garbage.heic", "image", "malformed",
                     "not a readable image (cannot identify image file)"]]  # fmt: skip
    assert list(result.findings["rule_id"]) == ["licscan.read-error"]


@pytest.mark.parametrize("kept", [lambda n: n - 10, lambda n: n // 2], ids=["end", "half"])
def test_a_heic_cut_short_is_a_row_not_a_photo_without_rights(tmp_path: Path, kept) -> None:
    # libheif opens such a file, without its XMP and without a word: the gate must not pass it
    data = formats.photo("heic")
    (tmp_path / "cut.heic").write_bytes(data[: kept(len(data))])
    result = licscan.scan([tmp_path], cache=False)
    rows = result.documents[["path", "status", "reason"]].values.tolist()
    assert rows == [["cut.heic", "malformed", "file cut short: it ends inside a box, so its "
                     "rights metadata may be lost"]]  # fmt: skip
    assert list(result.findings["severity"]) == ["high"]


def test_a_gzip_compressed_photo_is_read(tmp_path: Path) -> None:
    for suffix in ("jpg", "heic"):
        (tmp_path / f"photo.{suffix}.gz").write_bytes(gzip.compress(formats.photo(suffix)))
    result = licscan.scan([tmp_path], cache=False)
    assert set(result.documents["status"]) == {"ok"}
    for suffix in ("jpg", "heic"):
        notices = _rows(result.notices, f"photo.{suffix}.gz", ["location", "holders"])
        assert ("EXIF Copyright", ("Heron Images Ltd",)) in notices


def test_without_pillow_heif_a_heic_is_skipped_with_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "photo.HEIC").write_bytes(formats.photo("heic"))
    (tmp_path / "photo.jpg").write_bytes(formats.photo("jpg"))
    monkeypatch.setitem(sys.modules, "pillow_heif", None)  # import fails as when not installed
    result = licscan.scan([tmp_path], cache=False)
    rows = result.documents[["path", "status", "reason"]].values.tolist()
    assert rows == [
        ["photo.HEIC", "skipped", "format not read: .heic (install licscan[formats] to read "
         "HEIC/HEIF images)"],
        ["photo.jpg", "ok", ""],
    ]  # fmt: skip
    assert set(result.notices["path"]) == {"photo.jpg"}


def test_importing_licscan_leaves_pillow_alone_until_an_image_is_read(tmp_path: Path) -> None:
    (tmp_path / "photo.heic").write_bytes(formats.photo("heic"))
    script = (
        "import sys\n"
        "import licscan, licscan.load.registry\n"
        "from PIL import Image\n"
        "Image.init()\n"
        "print('HEIF' in Image.OPEN)\n"
        "result = licscan.scan([sys.argv[1]], cache=False)\n"
        "print('HEIF' in Image.OPEN, sorted(set(result.notices['location'])))\n"
    )
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path)],
                          capture_output=True, text=True, check=True)  # fmt: skip
    assert done.stdout.splitlines() == [
        "False",
        "True ['EXIF Artist', 'EXIF Copyright', 'XMP Iptc4xmpCore:CopyrightNotice', "
        "'XMP dc:rights', 'XMP photoshop:Credit']",
    ]


@pytest.mark.parametrize("suffix", ["jpg", "tif"])
def test_an_agency_photos_special_instructions_are_its_terms(tmp_path: Path, suffix: str) -> None:
    (tmp_path / f"wire.{suffix}").write_bytes(formats.agency_photo(suffix))
    result = licscan.scan([tmp_path], cache=False)
    terms = _rows(result.terms, f"wire.{suffix}", ["location", "term_type", "credit_required",
                  "credit_target", "licensor", "non_commercial", "origin"])  # fmt: skip
    assert terms == {  # <NA>: the instruction says nothing about it
        ("XMP photoshop:Instructions", "other", True, "Ann Vole/Shutterstock", "Shutterstock",
         pd.NA, "xmp"),
        ("IPTC Special Instructions", "other", pd.NA, "", "", True, "iptc"),
    }  # fmt: skip
    metadata = _rows(result.metadata, f"wire.{suffix}", ["location", "rule_id", "value"])
    assert ("IPTC Special Instructions", "metadata.special-instructions",
            "EDITORIAL USE ONLY. NO SALES. NO ARCHIVES.") in metadata  # fmt: skip
