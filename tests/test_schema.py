"""The data files' schemas: each kind of mistake in docs/agreements.yml and docs/glossary.yml is one
clear issue naming the file and the line, and the rest of the file is still read. Pure: no site build."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from agreements import family, glossary, schema, thesaurus
from agreements.model import Issue

from conftest import ROOT


def registry(tmp_path: Path, text: str) -> tuple[dict[str, family.Entry], list[Issue]]:
    path = tmp_path / "agreements.yml"
    path.write_text(text, encoding="utf-8")
    return family.load_registry(path)


def terms(tmp_path: Path, text: str) -> tuple[list[glossary.Term], list[Issue]]:
    path = tmp_path / "glossary.yml"
    path.write_text(text, encoding="utf-8")
    return glossary.load(path)


def said(issues: list[Issue], file: str, line: int, pattern: str) -> None:
    """Exactly one issue, naming ``file`` and ``line``, whose message matches ``pattern``."""
    assert len(issues) == 1, [str(i) for i in issues]
    issue = issues[0]
    assert issue.path.endswith(file) and issue.line == line, str(issue)
    assert issue.level == "warning" and re.search(pattern, issue.message), str(issue)


def test_the_projects_own_files_are_clean() -> None:
    assert family.load_registry(ROOT / "docs/agreements.yml")[1] == []
    assert glossary.load(ROOT / "docs/glossary.yml")[1] == []
    assert thesaurus.load(ROOT / "docs/search-thesaurus.yml", "t.yml")[1] == []


def test_the_schemas_name_every_field_of_their_records() -> None:
    assert set(schema.REGISTRY.fields) == {f.name for f in dataclasses.fields(family.Entry)} - {"hosted"}
    assert set(schema.GLOSSARY.fields) == {f.name for f in dataclasses.fields(glossary.Term)} - {
        "defined_in", "appears_in"}


# -- the registry -------------------------------------------------------------

def test_registry_unknown_key_suggests_the_known_one(tmp_path: Path) -> None:
    entries, issues = registry(tmp_path, "agreements:\n  - title: A协议\n    aliasses: [甲]\n")
    said(issues, "agreements.yml", 3, r"^entry 'A协议': unknown key 'aliasses' \(did you mean 'aliases'\?\); ignored$")
    assert entries["A协议"].aliases == []


def test_registry_urls_for_url(tmp_path: Path) -> None:
    entries, issues = registry(tmp_path, "agreements:\n  - title: A协议\n  - title: B协议\n"
                                         "    urls: https://b.example/\n")
    said(issues, "agreements.yml", 4, r"unknown key 'urls' \(did you mean 'url'\?\)")
    assert set(entries) == {"A协议", "B协议"} and entries["B协议"].url is None


def test_registry_unknown_top_level_key(tmp_path: Path) -> None:
    entries, issues = registry(tmp_path, "agreement:\n  - title: A协议\n")
    said(issues, "agreements.yml", 1, r"^unknown key 'agreement' \(did you mean 'agreements'\?\); ignored$")
    assert entries == {}


def test_registry_list_where_text_is_expected(tmp_path: Path) -> None:
    entries, issues = registry(tmp_path, "agreements:\n  - title: A协议\n    category: 规则\n"
                                         "    url: [https://a.example/, https://b.example/]\n")
    said(issues, "agreements.yml", 4, r"^entry 'A协议': 'url' is a list, expected text; ignored$")
    assert entries["A协议"].url is None and entries["A协议"].category == "规则"


def test_registry_number_as_title_is_read_as_text_with_a_warning(tmp_path: Path) -> None:
    entries, issues = registry(tmp_path, "agreements:\n  - title: 2048\n")
    said(issues, "agreements.yml", 2, r"'title' is a number \(2048\), expected text; read as '2048'")
    assert list(entries) == ["2048"]


def test_registry_list_as_title_skips_the_entry(tmp_path: Path) -> None:
    entries, issues = registry(tmp_path, "agreements:\n  - title: [A协议, B协议]\n  - title: C协议\n")
    said(issues, "agreements.yml", 2, r"^entry 1: 'title' is a list, expected text; ignored$")
    assert list(entries) == ["C协议"]


def test_registry_wrong_types_in_lists_and_mappings(tmp_path: Path) -> None:
    entries, issues = registry(tmp_path, "agreements:\n  - title: A协议\n    aliases: {甲: 乙}\n"
                                         "    local_aliases: [隐私政策]\n    acknowledge:\n      - no-date\n"
                                         "      - [x]\n  - title: B协议\n    local_aliases:\n      隐私政策: [C]\n"
                                         "      服务协议: D协议\n")
    assert [(i.line, i.message) for i in issues] == [
        (3, "entry 'A协议': 'aliases' is a mapping, expected a list of texts; ignored"),
        (4, "entry 'A协议': 'local_aliases' is a list, expected a mapping of texts to texts; ignored"),
        (7, "entry 'A协议': 'acknowledge' item 2 is a list, expected text; ignored"),
        (10, "entry 'B协议': 'local_aliases' item '隐私政策' is a list, expected text; ignored"),
    ]
    e = entries["A协议"]
    assert e.aliases == [] and e.local_aliases == {} and e.acknowledge == ["no-date"]
    assert entries["B协议"].local_aliases == {"服务协议": "D协议"}


def test_registry_missing_title(tmp_path: Path) -> None:
    entries, issues = registry(tmp_path, "agreements:\n  - title: A协议\n  - category: 规则\n    url: https://x.example/\n")
    said(issues, "agreements.yml", 3, r"^entry 2 has no 'title'; skipped$")
    assert list(entries) == ["A协议"]


def test_registry_entry_that_is_not_a_mapping(tmp_path: Path) -> None:
    entries, issues = registry(tmp_path, "agreements:\n  - A协议\n  - title: B协议\n")
    said(issues, "agreements.yml", 2, r"^entry 1 is text, expected a mapping; skipped$")
    assert list(entries) == ["B协议"]


def test_registry_shape_of_the_file(tmp_path: Path) -> None:
    said(registry(tmp_path, "- title: A协议\n")[1], "agreements.yml", 1,
         r"^the registry is a list, expected a mapping with 'agreements'")
    said(registry(tmp_path, "agreements:\n  title: A协议\n")[1], "agreements.yml", 1,
         r"^'agreements' is a mapping, expected a list")
    assert registry(tmp_path, "") == ({}, []) and registry(tmp_path, "agreements:\n") == ({}, [])


def test_registry_yaml_error_names_its_line(tmp_path: Path) -> None:
    entries, issues = registry(tmp_path, "agreements:\n  - title: A协议\n  - title: [B协议\n")
    assert entries == {} and len(issues) == 1
    assert issues[0].path.endswith("agreements.yml") and issues[0].line == 4
    assert issues[0].message.startswith("cannot read registry: ")


def test_registry_not_utf8_and_not_a_file(tmp_path: Path) -> None:
    path = tmp_path / "agreements.yml"
    path.write_bytes("agreements:\n  - title: 协议\n".encode("gb18030"))
    entries, issues = family.load_registry(path)
    assert entries == {} and issues[0].line == 1 and "cannot read registry" in issues[0].message
    folder = tmp_path / "folder.yml"
    folder.mkdir()
    assert "cannot read registry" in family.load_registry(folder)[1][0].message


def test_registry_date_is_a_date(tmp_path: Path) -> None:
    entries, issues = registry(tmp_path, "agreements:\n  - title: A协议\n    evidence_date: 2022-01-23\n"
                                         "    category: 2022-01-23\n")
    said(issues, "agreements.yml", 4, r"'category' is a date \(2022-01-23\), expected text")
    assert entries["A协议"].evidence_date == "2022-01-23" and entries["A协议"].category == "2022-01-23"


def test_registry_slug_error_still_names_the_line(tmp_path: Path) -> None:
    with pytest.raises(family.RegistryError, match=r"agreements\.yml:4: entry 'B协议': slug 'B C'"):
        registry(tmp_path, "agreements:\n  - title: A协议\n  - title: B协议\n    slug: B C\n")


# -- the glossary -------------------------------------------------------------

def test_glossary_unknown_key_suggests_the_known_one(tmp_path: Path) -> None:
    got, issues = terms(tmp_path, "terms:\n  - zh: 用户\n    en: user\n    defzh: 使用者\n")
    said(issues, "glossary.yml", 4, r"^term '用户': unknown key 'defzh' \(did you mean 'def_zh'\?\); ignored$")
    assert got[0].def_zh == "" and got[0].en == "user"


def test_glossary_alias_for_aliases(tmp_path: Path) -> None:
    got, issues = terms(tmp_path, "terms:\n  - zh: 用户\n    alias: [使用者]\n")
    said(issues, "glossary.yml", 3, r"unknown key 'alias' \(did you mean 'aliases'\?\)")
    assert got[0].aliases == ()


def test_glossary_unknown_top_level_key(tmp_path: Path) -> None:
    got, issues = terms(tmp_path, "term:\n  - zh: 用户\n")
    said(issues, "glossary.yml", 1, r"^unknown key 'term' \(did you mean 'terms'\?\); ignored$")
    assert got == []


def test_glossary_list_where_text_is_expected(tmp_path: Path) -> None:
    got, issues = terms(tmp_path, "terms:\n  - zh: 用户\n    en: [user, member]\n    category: 主体\n")
    said(issues, "glossary.yml", 3, r"^term '用户': 'en' is a list, expected text; ignored$")
    assert got[0].en == "" and got[0].category == "主体"


def test_glossary_number_as_term(tmp_path: Path) -> None:
    got, issues = terms(tmp_path, "terms:\n  - zh: 110\n    en: police\n")
    said(issues, "glossary.yml", 2, r"^term '110': 'zh' is a number \(110\), expected text; read as '110'")
    assert [t.zh for t in got] == ["110"]


def test_glossary_annotate_must_be_true_or_false(tmp_path: Path) -> None:
    got, issues = terms(tmp_path, "terms:\n  - zh: 用户\n    annotate: 'no'\n")
    said(issues, "glossary.yml", 3, r"^term '用户': 'annotate' is text \('no'\), expected true or false; ignored$")
    assert got[0].annotate is True


def test_glossary_aliases_of_the_wrong_type(tmp_path: Path) -> None:
    got, issues = terms(tmp_path, "terms:\n  - zh: 用户\n    aliases: 使用者\n  - zh: 我们\n"
                                  "    aliases:\n      - 本公司\n      - {腾讯: 公司}\n")
    said(issues, "glossary.yml", 7, r"^term '我们': 'aliases' item 2 is a mapping, expected text; ignored$")
    assert {t.zh: t.aliases for t in got} == {"用户": ("使用者",), "我们": ("本公司",)}


def test_glossary_missing_term(tmp_path: Path) -> None:
    got, issues = terms(tmp_path, "terms:\n  - zh: 用户\n  - en: orphan\n    def_en: no Chinese term\n")
    said(issues, "glossary.yml", 3, r"^term 2 has no 'zh'; skipped$")
    assert [t.zh for t in got] == ["用户"]


def test_glossary_empty_term(tmp_path: Path) -> None:
    got, issues = terms(tmp_path, "terms:\n  - zh: 用户\n  - zh: ''\n    en: nothing\n")
    said(issues, "glossary.yml", 3, r"^term 2 has an empty 'zh'; skipped$")
    assert [t.zh for t in got] == ["用户"]


def test_glossary_entry_that_is_not_a_mapping(tmp_path: Path) -> None:
    got, issues = terms(tmp_path, "terms:\n  - zh: 用户\n  - [我们, we]\n")
    said(issues, "glossary.yml", 3, r"^term 2 is a list, expected a mapping; skipped$")
    assert [t.zh for t in got] == ["用户"]


def test_glossary_shape_of_the_file(tmp_path: Path) -> None:
    said(terms(tmp_path, "用户\n")[1], "glossary.yml", 1, r"^the glossary is text, expected a mapping with 'terms'")
    said(terms(tmp_path, "terms: 用户\n")[1], "glossary.yml", 1, r"^'terms' is text, expected a list")


def test_glossary_yaml_error_names_its_line(tmp_path: Path) -> None:
    got, issues = terms(tmp_path, "terms:\n  - zh: 用户\n    en: \"user\n")
    assert got == [] and len(issues) == 1 and issues[0].path.endswith("glossary.yml")
    assert issues[0].line == 4 and issues[0].message.startswith("cannot read glossary: ")


def test_glossary_empty_value_is_as_if_not_given(tmp_path: Path) -> None:
    got, issues = terms(tmp_path, "terms:\n  - zh: 用户\n    note:\n    en: user\n")
    assert issues == [] and got[0].note == "" and got[0].en == "user"


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
