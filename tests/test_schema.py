"""The data files' schemas: each kind of mistake in docs/agreements.yml and docs/glossary.yml is one
clear issue naming the file and the line, and the rest of the file is still read. Pure: no site build."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
import yaml

from agreements import family, glossary, schema, thesaurus
from agreements.model import Issue

from conftest import FIXTURES, ROOT

MISTAKES = yaml.safe_load((FIXTURES / "schema/mistakes.yml").read_text(encoding="utf-8"))


def load(path: Path) -> tuple[dict[str, object], list[Issue]]:
    """The entries of a registry or glossary file by title or zh, in file order, and the issues."""
    if path.name == "agreements.yml":
        return family.load_registry(path)  # type: ignore[return-value]
    got, issues = glossary.load(path)
    return {t.zh: t for t in got}, issues


@pytest.mark.parametrize("case", MISTAKES, ids=[c["case"] for c in MISTAKES])
def test_each_mistake_is_reported_with_file_and_line(tmp_path: Path, case: dict) -> None:
    path = tmp_path / case["file"]
    path.write_text(case["text"], encoding="utf-8")
    entries, issues = load(path)
    assert len(issues) == len(case["issues"]), [str(i) for i in issues]
    for issue, (line, pattern) in zip(issues, case["issues"], strict=True):
        assert issue.path == str(path) and issue.line == line and issue.level == "warning", str(issue)
        assert re.search(pattern, issue.message), str(issue)
    if "names" in case:
        assert sorted(entries) == sorted(case["names"])
    for name, want in case.get("reads", {}).items():
        got = {k: getattr(entries[name], k) for k in want}
        assert {k: list(v) if isinstance(v, tuple) else v for k, v in got.items()} == want, name


def test_the_projects_own_files_are_clean() -> None:
    assert family.load_registry(ROOT / "docs/agreements.yml")[1] == []
    assert glossary.load(ROOT / "docs/glossary.yml")[1] == []
    assert thesaurus.load(ROOT / "docs/search-thesaurus.yml", "t.yml")[1] == []


def test_the_schemas_name_every_field_of_their_records() -> None:
    assert set(schema.REGISTRY.fields) == {f.name for f in dataclasses.fields(family.Entry)} - {"hosted"}
    assert set(schema.GLOSSARY.fields) == {f.name for f in dataclasses.fields(glossary.Term)} - {
        "defined_in", "appears_in"}


def test_registry_not_utf8_and_not_a_file(tmp_path: Path) -> None:
    path = tmp_path / "agreements.yml"
    path.write_bytes("agreements:\n  - title: 协议\n".encode("gb18030"))
    entries, issues = family.load_registry(path)
    assert entries == {} and issues[0].line == 1 and "cannot read registry" in issues[0].message
    folder = tmp_path / "folder.yml"
    folder.mkdir()
    assert "cannot read registry" in family.load_registry(folder)[1][0].message


def test_registry_slug_error_still_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "agreements.yml"
    path.write_text("agreements:\n  - title: A协议\n  - title: B协议\n    slug: B C\n", encoding="utf-8")
    with pytest.raises(family.RegistryError, match=r"agreements\.yml:4: entry 'B协议': slug 'B C'"):
        family.load_registry(path)


# -- the thesaurus ------------------------------------------------------------

def test_thesaurus_schema(tmp_path: Path) -> None:
    path = tmp_path / "t.yml"
    path.write_text("stop: [吗]\nstops: [呢]\nentries:\n  - ask: [借]\n    find: [出借]\n    wieght: 0.3\n"
                    "  - find: [转让]\n  - ask: 卖\n    find: 出售\n    weight: low\n", encoding="utf-8")
    th, issues = thesaurus.load(path, "t.yml")
    assert [(i.path, i.line, i.code, i.message) for i in issues] == [
        ("t.yml", 2, "thesaurus-shape", "unknown key 'stops' (did you mean 'stop'?); ignored"),
        ("t.yml", 6, "thesaurus-shape", "entry 1: unknown key 'wieght' (did you mean 'weight'?); ignored"),
        ("t.yml", 7, "thesaurus-shape", "entry 2 has no 'ask'; skipped"),
        ("t.yml", 10, "thesaurus-shape", "entry 3: 'weight' is text ('low'), expected a number; ignored"),
    ]
    assert th.stop == ["吗"] and th.entries == [(["借"], ["出借"]), (["卖"], ["出售"])] and th.weights == {}


# -- lines --------------------------------------------------------------------

def test_lines_of_keys_and_items() -> None:
    lines = schema.Lines("a:\n  - x: 1\n    y:\n      - p\n      - q\n  - z\n")
    assert lines.at() == 1 and lines.at("a") == 1 and lines.at("a", 1) == 2 and lines.at("a", 1, "y") == 3
    assert lines.at("a", 1, "y", 2) == 5 and lines.at("a", 2) == 6
    assert lines.at("a", 1, "nothing") == 2 and lines.at("a", 9) == 1  # as much of the path as exists
    assert schema.Lines("a: [").at("a") == 1
