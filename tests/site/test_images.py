"""A page that shows an image whose metadata names whom to credit: a finding when the page does
not credit it, an info row when its caption, alt text or text does."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

import licscan
from tests import formats

PAGE = """<!doctype html><html><head><title>Walk</title></head><body><article>
<p>Nine herons fished along the reed line.</p>
<figure>
<img src="{src}" alt="{alt}">
<figcaption>{caption}</figcaption>
</figure>
</article><footer><p>© 2025 Fernwood Volunteers Association</p></footer></body></html>
"""


def _image_findings(folder: Path, page: str) -> pd.DataFrame:
    (folder / "gallery").mkdir(exist_ok=True)
    (folder / "gallery" / "heron.jpg").write_bytes(formats.photo("jpg"))
    (folder / "posts").mkdir(exist_ok=True)
    (folder / "posts" / "walk.html").write_text(page, encoding="utf-8")
    findings = licscan.scan([folder], cache=False).findings
    return findings[findings["rule_id"].str.startswith("image.")]


def test_a_page_showing_a_credited_image_without_its_credit_has_a_finding(tmp_path: Path) -> None:
    page = PAGE.format(src="../gallery/heron.jpg", alt="A heron", caption="A heron at dusk.")
    found = _image_findings(tmp_path, page)
    assert list(found["rule_id"]) == ["image.credit-missing"]
    row = found.iloc[0]
    assert (row["path"], row["severity"], row["line"]) == ("posts/walk.html", "medium", 4)
    assert "heron.jpg on posts/walk.html" in row["message"]
    assert "Heron Images Ltd" in row["message"]
    assert row["excerpt"] == "gallery/heron.jpg"


def test_a_figcaption_crediting_the_image_leaves_only_an_info_row(tmp_path: Path) -> None:
    page = PAGE.format(src="/gallery/heron.jpg", alt="A heron",
                       caption="A heron at dusk. Photo: Ann Vole / Heron Images")  # fmt: skip
    found = _image_findings(tmp_path, page)
    assert list(found["rule_id"]) == ["image.credited"]
    assert found.iloc[0]["severity"] == "info"
    assert "(page text)" in found.iloc[0]["message"]


def test_an_image_the_page_does_not_show_or_one_outside_the_scan_gives_nothing(
    tmp_path: Path,
) -> None:
    page = PAGE.format(src="../../elsewhere/heron.jpg", alt="A heron", caption="A heron.")
    assert _image_findings(tmp_path, page).empty


def test_a_markdown_page_crediting_the_image_in_its_alt_text(tmp_path: Path) -> None:
    (tmp_path / "heron.jpg").write_bytes(formats.photo("jpg"))
    (tmp_path / "walk.md").write_text(
        "# Walk\n\nNine herons.\n\n![A heron (Heron Images)](heron.jpg)\n", encoding="utf-8"
    )
    findings = licscan.scan([tmp_path], cache=False).findings
    rows = findings[findings["rule_id"].str.startswith("image.")]
    assert list(zip(rows["rule_id"], rows["line"], strict=True)) == [("image.credited", 5)]
    assert "(alt text)" in rows.iloc[0]["message"]
