"""`licscan index build|info|export` and indexes built from folders on the fly."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from licscan.cli import app
from licscan.match import match_document, open_sources
from tests.match.sources import DATA, paragraph, text_doc

runner = CliRunner()


def _archive(tmp_path):
    archive = tmp_path / "archive"
    archive.mkdir()
    for name in ("harbour.txt", "library.txt"):
        shutil.copy(DATA / name, archive / name)
    return archive


def test_build_then_rebuild_is_incremental(tmp_path):
    archive, index = _archive(tmp_path), tmp_path / "idx"
    done = runner.invoke(app, ["index", "build", str(archive), "--index", str(index)])
    assert done.exit_code == 0, done.output
    assert "2 added, 0 replaced, 0 unchanged" in done.output
    shutil.copy(DATA / "orchard.txt", archive / "orchard.txt")
    (archive / "library.txt").write_text(paragraph("library.txt", 2), encoding="utf-8")
    done = runner.invoke(app, ["index", "build", str(archive), "--index", str(index)])
    assert "1 added, 1 replaced, 1 unchanged" in done.output
    assert "3 sources" in done.output


def test_manifest_only_build_and_info(tmp_path):
    archive, index = _archive(tmp_path), tmp_path / "idx"
    manifest = archive / "sources.jsonl"
    manifest.write_text(
        json.dumps({"id": "h1", "path": "harbour.txt", "url": "https://harbourtimes.test/a",
                    "publisher": "Harbour Times", "terms": "cc-by-4.0"}) + "\n",
        encoding="utf-8",
    )
    done = runner.invoke(app, ["index", "build", "--manifest", str(manifest), "--index",
                               str(index)])
    assert done.exit_code == 0, done.output
    assert "1 added" in done.output
    info = runner.invoke(app, ["index", "info", "--index", str(index), "--json"])
    assert info.exit_code == 0, info.output
    stats = json.loads(info.output)
    assert (stats["sources"], stats["terms"]) == (1, {"creative_commons": 1})


def test_info_on_a_folder_that_is_not_an_index_is_a_usage_error(tmp_path):
    done = runner.invoke(app, ["index", "info", "--index", str(tmp_path)])
    assert done.exit_code == 2


def test_export_writes_parquet(tmp_path):
    archive, index = _archive(tmp_path), tmp_path / "idx"
    runner.invoke(app, ["index", "build", str(archive), "--index", str(index)])
    done = runner.invoke(app, ["index", "export", str(tmp_path / "pq"), "--index", str(index)])
    assert done.exit_code == 0, done.output
    assert (tmp_path / "pq" / "sources.parquet").is_file()


def test_a_plain_folder_of_sources_is_indexed_on_the_fly(tmp_path, builtin_rules):
    index = open_sources([_archive(tmp_path)], rules=None)
    draft = text_doc(f"Our own opening line for the story.\n\n{paragraph('library.txt', 4)}")
    [m] = match_document(draft, index, builtin_rules)
    assert m.source_id == "library.txt"
    folder = index.directories[0]
    del index
    import gc

    gc.collect()
    assert not folder.exists()  # the temporary index is removed with its last reference


def _project_with_a_reserved_source(tmp_path, config: str):
    project = tmp_path / "project"
    (project / "archive").mkdir(parents=True)
    (project / ".git").mkdir()  # the project root: licscan.toml is looked up to here
    text = paragraph("harbour.txt", 1) + "\n\n© 2024 Harbour Light. All rights reserved.\n"
    (project / "archive" / "harbour.txt").write_text(text, encoding="utf-8")
    (project / "licscan.toml").write_text(config, encoding="utf-8")
    return project


def _terms_of(index) -> dict:
    info = runner.invoke(app, ["index", "info", "--index", str(index), "--json"])
    assert info.exit_code == 0, info.output
    return json.loads(info.output)["terms"]


def test_index_build_reads_source_terms_with_the_projects_rules(tmp_path, monkeypatch):
    project = _project_with_a_reserved_source(tmp_path, "")
    monkeypatch.chdir(project)
    done = runner.invoke(app, ["index", "build", "archive", "--index", "idx-default"])
    assert done.exit_code == 0, done.output
    assert _terms_of(project / "idx-default") == {"all_rights_reserved": 1}
    # licscan.toml turns the rule off: the index reads the source as a scan of the project would
    (project / "licscan.toml").write_text('disable = ["terms.all-rights-reserved"]\n',
                                          encoding="utf-8")
    done = runner.invoke(app, ["index", "build", "archive", "--index", "idx-configured"])
    assert done.exit_code == 0, done.output
    assert _terms_of(project / "idx-configured") == {"unknown": 1}


def test_index_build_stops_on_a_bad_rule_file_named_in_the_config(
    tmp_path, monkeypatch, capsys, licscan_cli
):
    project = _project_with_a_reserved_source(tmp_path, 'rules = ["house.yaml"]\n')
    (project / "house.yaml").write_text("rules: [\n", encoding="utf-8")
    monkeypatch.chdir(project)
    code, _, err = licscan_cli(monkeypatch, capsys, "index", "build", "archive", "--index", "idx")
    assert code == 2
    assert err.startswith("licscan: error: ") and "house.yaml" in err
    assert err.count("\n") == 1


def test_an_index_folder_that_cannot_be_made_is_a_usage_error(
    tmp_path, monkeypatch, capsys, licscan_cli
):
    archive = _archive(tmp_path)
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    target = tmp_path / "afile" / "idx"
    code, _, err = licscan_cli(monkeypatch, capsys, "index", "build", str(archive),
                               "--index", str(target))
    assert (code, err) == (2, "licscan: error: Invalid value for '--index': cannot create the "
                              f"index folder {target}: Not a directory\n")


HOUSE_RULE = """\
rules:
  - id: house.ask-the-desk
    kind: terms
    term_type: permission_required
    message: "Reuse terms: ask the desk ({{ text }})"
    keywords: [desk]
    pattern: '(?i)ask{{sp}}+the{{sp}}+harbour{{sp}}+desk{{sp}}+first'
    examples:
      match:
        - text: "Reprints: ask the harbour desk first."
          expect: {term_type: permission_required}
      no_match: ["The harbour desk."]
"""


def _source_terms_in_scan(sources: str) -> list[str]:
    """The terms each match of a scan of drafts/ against ``sources`` says govern its source."""
    done = runner.invoke(app, ["scan", "drafts", "--sources", sources, "-o", "out.json", "-q",
                               "--exit-zero"])
    assert done.exit_code == 0, done.output
    report = json.loads(Path("out.json").read_text(encoding="utf-8"))
    return [row["source_terms"] for row in report["matches"]]


@pytest.mark.parametrize(
    ("config", "terms"),
    [
        ("", "all_rights_reserved"),
        ('disable = ["terms.all-rights-reserved"]\n', "unknown"),
        ('rules = ["house.yaml"]\ndisable = ["terms.all-rights-reserved"]\n',
         "permission_required"),
    ],
)
def test_licscan_toml_changes_what_index_build_records_as_it_changes_what_scan_reads(
    tmp_path, monkeypatch, config, terms
):
    project = _project_with_a_reserved_source(tmp_path, config)
    body = paragraph("harbour.txt", 2)
    (project / "archive" / "harbour.txt").write_text(
        f"{body}\n\n© 2024 Harbour Light. All rights reserved.\n"
        "Reprints: ask the harbour desk first.\n", encoding="utf-8")
    (project / "house.yaml").write_text(HOUSE_RULE, encoding="utf-8")
    (project / "drafts").mkdir()
    (project / "drafts" / "draft.txt").write_text(
        f"Our own opening line for the story.\n\n{body}\n", encoding="utf-8")
    monkeypatch.chdir(project)
    built = runner.invoke(app, ["index", "build", "archive", "--index", "idx"])
    assert built.exit_code == 0, built.output
    # what the index recorded, what a scan against it reports, what a scan of the folder reads
    assert _terms_of(project / "idx") == {terms: 1}
    assert _source_terms_in_scan("idx") == [terms]
    assert _source_terms_in_scan("archive") == [terms]
