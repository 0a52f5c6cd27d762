"""Versions from git tags, on fixture repositories made from the real QQ licence."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from agreements import history, redline, vcs
from agreements.parse import parse

from conftest import ROOT, build_site, make_project

QQ = (ROOT / "docs/agreements/qq-software-licence.txt").read_text(encoding="utf-8")
NAME = "qq-software-licence.txt"
SLUG = "qq-ruanjian-xuke-ji-fuwu-xieyi"


def cut(text: str, start: str, end: str) -> str:
    i, j = text.index(start), text.index(end)
    return text[:i] + text[j:]


def version_2024(silent: bool = False) -> str:
    """The QQ licence as it might have read before 2025-09-01: no 8.4 涉诈 and no 8.7 AI clause
    (so 8.5/8.6 were 8.4/8.5), item 8.2.1 (3) worded differently, one more clause 15.8."""
    t = QQ.replace("更新日期：2025-09-01 生效日期：2025-09-01", "更新日期：2024-03-15 生效日期：2024-03-15")
    t = t.replace("2025年9月1日：根据《人工智能生成合成内容标识办法》的相关规定，新增关于人工智能生成合成内容的有关约定。",
                  "2024年3月15日：更新了用户行为规范的有关约定。")
    t = cut(t, "8.4 【涉诈风险处置】", "8.5 【对自己行为负责】")
    t = cut(t, "8.7 【人工智能生成合成内容】", "九、第三方提供的产品或服务")
    t = t.replace("8.5 【对自己行为负责】", "8.4 【对自己行为负责】").replace("8.6 【用户发送", "8.5 【用户发送")
    t = t.replace("8.6.1 ", "8.5.1 ").replace("8.6.2 ", "8.5.2 ")
    t = t.replace("- (3) 损害国家荣誉和利益的；", "- (3) 损害国家的荣誉和利益的；")
    t = t.replace("均以中文版的内容为准。\n", "均以中文版的内容为准。\n\n15.8 本协议的最终解释权归腾讯所有。\n")
    if silent:
        t = t.replace("欢迎您使用腾讯QQ软件及服务！", "欢迎您使用腾讯QQ软件和服务！")
    return t


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=Legal", "-c", "user.email=legal@example.com", "-C", str(repo),
                    *args], check=True, capture_output=True)


def release(repo: Path, text: str, tag: str) -> None:
    (repo / "docs/agreements" / NAME).write_text(text, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", f"release {tag}")
    git(repo, "tag", tag)


def make_repo(tmp: Path, silent: bool = False) -> Path:
    repo = make_project(tmp, [])
    (repo / "docs/glossary.yml").write_bytes((ROOT / "docs/glossary.yml").read_bytes())
    git(repo, "init", "-q")
    release(repo, version_2024(), "2024-03-15")
    if silent:
        release(repo, version_2024(silent=True), "2024-06-01")
    release(repo, QQ, "2025-09-01")
    return repo


@pytest.fixture(scope="module")
def repo_site(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    tmp = tmp_path_factory.mktemp("hist")
    repo = make_repo(tmp / "proj")
    proc = build_site(repo, tmp / "site", strict=False)
    return tmp / "site", proc


def test_versions_grouped_by_stated_date(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "p", silent=True)
    folder = repo / "docs/agreements"
    snaps, notice = vcs.read_tags(folder)
    assert notice is None and [s.tag for s in snaps] == ["2024-03-15", "2024-06-01", "2025-09-01"]
    current = parse((folder / NAME).read_bytes(), f"agreements/{NAME}")
    current.slug = SLUG
    (h,), issues = history.build([current], snaps, "agreements")
    assert [(v.date, v.current) for v in h.versions] == [("2024-03-15", False), ("2025-09-01", True)]
    assert h.versions[0].tags == ["2024-03-15", "2024-06-01"]
    # The 2024-03-15 version is its latest release (with the silent edit).
    assert "软件和服务" in h.versions[0].agreement.parts[1].body[0].text
    codes = {i.code for i in issues}
    assert f"silent-edit:{NAME}@2024-06-01" in codes
    assert "tag-date:2024-06-01" in codes


def test_no_git_or_no_tags_means_current_only(tmp_path: Path) -> None:
    folder = tmp_path / "agreements"
    folder.mkdir()
    snaps, notice = vcs.read_tags(folder)
    assert snaps == [] and "not a git checkout" in notice


def test_alignment_moved_changed_added_removed() -> None:
    old, new = parse(version_2024(), "old"), parse(QQ, "new")
    rows = redline.align(old, new)
    by_new = {r.new.id: r for r in rows if r.new}
    assert by_new["c-8.5"].status == "moved" and by_new["c-8.5"].old.id == "c-8.4"
    assert by_new["c-8.6.1"].old.id == "c-8.5.1"
    assert by_new["c-8.4"].status == "added" and by_new["c-8.4.1"].status == "added"
    assert by_new["c-8.7.1"].status == "added"
    assert by_new["c-8.2.1-3"].status == "changed"
    assert by_new["c-8.2.1-2"].status == "unchanged"
    removed = [r.old.id for r in rows if r.status == "removed"]
    assert removed == ["c-15.8"]
    assert redline.id_map(rows)["c-8.4"] == "c-8.5" and redline.id_map(rows)["c-15.8"] is None
    c = redline.counts(rows)
    assert c["removed"] == 1 and c["added"] >= 6 and c["changed"] >= 2
    html = redline.html(rows, "../2024-03-15/", "../")
    assert '<div class="rl-row rl-changed" id="r-c-8.2.1-3">' in html
    assert "损害国家<del>的</del>荣誉和利益的；" in html
    assert "<ins>" in html and '<details class="rl-same">' in html


def test_built_site_has_versions_history_redlines_and_feed(repo_site) -> None:
    site, proc = repo_site
    assert proc.returncode == 0, proc.stderr
    # A clean release history raises no compliance warning.
    assert not re.search(r"silent-edit|tag-date|date-backwards", proc.stderr)
    old = (site / SLUG / "2024-03-15" / "index.html").read_text(encoding="utf-8")
    assert "此为历史版本" in old and '<meta name="robots" content="noindex">' in old
    assert 'id="c-15.8"' in old and 'id="c-8.7"' not in old
    # Past versions carry the glossary's tooltips too; the glossary page cites only the current text.
    assert '<abbr class="term" data-term="t-' in old and 'id="term-tips"' in old
    gloss = (site / "glossary" / "index.html").read_text(encoding="utf-8")
    assert "2024-03-15" not in gloss
    cur = (site / SLUG / "index.html").read_text(encoding="utf-8")
    assert 'class="version-select"' in cur and "2024-03-15" in cur
    assert (site / SLUG / "history" / "index.html").exists()
    redl = (site / SLUG / "compare" / "2024-03-15" / "2025-09-01" / "index.html").read_text(encoding="utf-8")
    assert "<del>的</del>" in redl
    versions = json.loads((site / SLUG / "versions.json").read_text(encoding="utf-8"))
    past = versions["versions"][0]
    assert past["date"] == "2024-03-15" and past["to_current"]["c-8.4"] == "c-8.5"
    assert json.loads((site / SLUG / "2024-03-15" / "clauses.json").read_text("utf-8"))["updated"] == "2024-03-15"
    feed = (site / "feed.xml").read_text(encoding="utf-8")
    assert feed.count("<entry>") == 2 and "compare/2024-03-15/2025-09-01/" in feed
    # The entry names the changed clauses, each linked to its row of the redline.
    assert "compare/2024-03-15/2025-09-01/#r-c-8.5" in feed and "移动" in feed
    # Past versions are not in the main search index.
    index = (site / "search/search_index.json").read_text(encoding="utf-8")
    assert "2024-03-15/#" not in index
    assert not re.search(r"Traceback", proc.stderr)


def test_link_checker_clean_on_versioned_site(repo_site) -> None:
    from linkcheck import check

    site, _ = repo_site
    assert check(site) == []


def test_release_command_tags_from_the_stated_date(tmp_path: Path) -> None:
    from agreements import release

    repo = make_project(tmp_path / "p", [])
    git(repo, "init", "-q")
    folder = repo / "docs/agreements"
    (folder / NAME).write_text(version_2024(), encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "v1")
    assert release.main(["--folder", str(folder)]) == 0
    assert "2024-03-15" in subprocess.run(["git", "-C", str(repo), "tag"], capture_output=True, text=True).stdout
    # A silent edit keeps the old date: the tag exists, so the release is refused.
    (folder / NAME).write_text(version_2024(silent=True), encoding="utf-8")
    git(repo, "commit", "-qam", "typo")
    tag, why = release.plan(folder)
    assert tag is None and "exists already" in why
    # Two texts changed with different dates: refused, naming both.
    (folder / NAME).write_text(QQ, encoding="utf-8")
    (folder / "rules.txt").write_text("QQ号码规则\n更新日期：2025-10-01\n\n一、总则\n", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "two")
    tag, why = release.plan(folder)
    assert tag is None and "2025-09-01" in why and "2025-10-01" in why
    assert release.main(["--folder", str(folder)]) == 1


def test_warm_rebuild_of_a_versioned_site_is_identical(repo_site, tmp_path: Path) -> None:
    """Alignments and inline diffs come from the memo the first build left (its kept answers
    removed), then the answers of that build replay: same bytes both times."""
    from test_deterministic import digest

    site, _ = repo_site
    repo = site.parent / "proj"
    cache = repo / ".cache/plugin/agreements"
    assert list(cache.glob("memo-*.json")) and list(cache.glob("answers-*.json"))
    for f in cache.glob("answers-*.json"):
        f.unlink()
    again = build_site(repo, tmp_path / "again", strict=False)
    assert again.returncode == 0, again.stderr
    assert re.search(r"memo: [1-9]\d* reused, 0 computed", again.stderr), again.stderr
    replayed = build_site(repo, tmp_path / "replayed", strict=False)
    assert "replayed: no input changed" in replayed.stderr, replayed.stderr
    first = digest(site)
    for out in ("again", "replayed"):
        second = digest(tmp_path / out)
        assert first.keys() == second.keys()
        assert [k for k in first if first[k] != second[k]] == [], out


def test_archive_folder_gives_past_versions_without_tags(site: Path) -> None:
    """WeChat – 服务条款: the current clipping and two archived ones (docs/agreements/archive/),
    published on a clone that carries no tags, with a redline per step."""
    base = site / "wechat-fuwu-tiaokuan"
    index = json.loads((base / "versions.json").read_text(encoding="utf-8"))
    assert [v["date"] for v in index["versions"]] == ["2018-03-21", "2021-08-19", "2022-01-28"]
    for old, new in (("2018-03-21", "2021-08-19"), ("2021-08-19", "2022-01-28")):
        assert (base / "compare" / old / new / "index.html").is_file()
    past = (base / "2018-03-21" / "index.html").read_text(encoding="utf-8")
    assert "此为历史版本" in past and 'id="s-ninde-zhanghao"' in past


def test_archived_undated_text_is_versioned_by_its_evidence_date(tmp_path: Path) -> None:
    rules = (ROOT / "docs/agreements/archive/qq-number-rules.md/2018-01-27.txt").read_bytes()
    current = parse(rules.replace(b"updated: unknown", b"updated: unknown\nevidence_date: 2022-01-23"), "r.txt")
    assert (current.updated, current.evidence_date, current.evidence_kind) == (None, "2022-01-23", "采集日期")
    snaps = [history.Snapshot("archive/2018-01-27", "2018-01-27", "r.txt", rules + b"\n")]  # an older copy
    current.path = "r.txt"
    hists, issues = history.build([current], snaps, "agreements")
    assert [v.date for v in hists[0].versions] == ["2018-01-27", "2022-01-23"]
    past = hists[0].versions[0].agreement
    assert (past.updated, past.evidence_kind) == (None, "最早可见")
    from agreements.render import meta_html

    assert "最早可见" in meta_html(past) and "非发布方声明" in meta_html(past)
    assert not [i for i in issues if i.code.startswith("tag-date")]


def test_an_archived_file_must_be_named_by_its_date(tmp_path: Path) -> None:
    folder = tmp_path / "agreements"
    (folder / "archive" / "x.txt").mkdir(parents=True)
    (folder / "archive" / "x.txt" / "old.txt").write_text("某协议\n", encoding="utf-8")
    (folder / "archive" / "x.txt" / "2020-01-02.txt").write_text("某协议\n", encoding="utf-8")
    snaps, issues = history.read_archive(folder)
    assert [(s.tag, s.name) for s in snaps] == [("archive/2020-01-02", "x.txt")]
    assert [i.code for i in issues] == ["archive-name"]


def test_first_release_tags_every_stated_date_and_names_undated_texts(tmp_path: Path, capsys) -> None:
    from agreements import release

    repo = make_project(tmp_path / "p", [])
    git(repo, "init", "-q")
    folder = repo / "docs/agreements"
    (folder / NAME).write_text(QQ, encoding="utf-8")
    (folder / "v.txt").write_text(version_2024().replace("QQ软件许可及服务协议", "旧版协议"), encoding="utf-8")
    (folder / "rules.txt").write_text("QQ号码规则\n\n一、总则\n", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "first")
    assert release.main(["--folder", str(folder), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "would tag 2024-03-15" in out and "would tag 2025-09-01" in out and "rules.txt" in out
    assert subprocess.run(["git", "-C", str(repo), "tag"], capture_output=True, text=True).stdout == ""
    assert release.main(["--folder", str(folder)]) == 0
    tags = subprocess.run(["git", "-C", str(repo), "tag"], capture_output=True, text=True).stdout.split()
    assert tags == ["2024-03-15", "2025-09-01"]


def test_reworded_clauses_of_the_real_qq_number_rules_are_paired() -> None:
    """QQ号码规则 2018 → 2022 (real texts): the six provisions a careful reader pairs although their
    words changed a lot (issue 16), plus the renumbering 12.x → 13.x; removals stay removals."""
    fam = ROOT / "tests/fixtures/family/qq-number-rules"
    old = parse((fam / "2018-01-27.txt").read_bytes(), "old")
    new = parse((fam / "2022-01-23.clipping.md").read_bytes(), "new")
    rows = redline.align(old, new)
    to = {r.old.id: (r.new.id if r.new else None) for r in rows if r.old}
    for oid in ("c-3.1-3", "c-3.2", "c-5.2", "c-7", "c-8", "c-8.1"):
        assert to[oid] == oid, oid
        assert next(r.status for r in rows if r.old and r.old.id == oid) == "changed"
    assert (to["c-3.1-5"], to["c-12"], to["c-12.1"], to["c-12.7"]) == ("c-3.1-4", "c-13", "c-13.1", "c-13.6")
    assert to["c-3.1-4"] is None  # 参与腾讯开展或授权开展的活动 is gone from the 2022 list


def test_qq_number_rules_versions_json_maps_every_old_id_as_a_reader_would(site: Path) -> None:
    """tests/fixtures/family/qq-number-rules-mapping.tsv was written by reading both texts: each
    2018 id → its 2022 id (or removed) and what happened to it. versions.json must say the same."""
    lines = (ROOT / "tests/fixtures/family/qq-number-rules-mapping.tsv").read_text(encoding="utf-8").splitlines()
    rows = [line.split("\t") for line in lines if line and not line.startswith("#")][1:]
    expected = {r[0]: (None if r[1] == "removed" else r[1], r[2]) for r in rows}
    old_ids = json.loads((ROOT / "tests/fixtures/contract-ids.json").read_text(encoding="utf-8"))[
        "archive/qq-number-rules.md/2018-01-27.txt"]
    assert sorted(expected) == sorted(old_ids) and len(expected) == 49
    index = json.loads((site / "qq-haoma-guize" / "versions.json").read_text(encoding="utf-8"))
    past = next(v for v in index["versions"] if v["date"] == "2018-01-27")
    got = {old: (new, past["kinds"].get(old, "unchanged")) for old, new in past["to_current"].items()}
    assert got == expected
    # One to one: no current clause is claimed by two old ones.
    targets = [new for new, _ in expected.values() if new]
    assert len(targets) == len(set(targets))


def test_feed_names_changed_clauses_and_never_calls_an_evidence_date_an_update_date(site: Path) -> None:
    feed = (site / "feed.xml").read_text(encoding="utf-8")
    assert "（current）" not in feed  # undated texts (no 更新日期, no evidence date) have no entry
    entry = feed[feed.index("<title>《QQ号码规则》更新（2022-01-23）</title>"):]
    entry = entry[:entry.index("</entry>")]
    assert "采集日期 2022-01-23（存档证据" in entry and "更新日期 2022-01-23" not in entry
    # The changed clauses, each linked to its row of the redline: 2018 12.7 is 2022 13.6.
    assert "compare/2018-01-27/2022-01-23/#r-c-13.6" in entry and "删除" in entry


def test_changelog_rows_of_a_history_without_a_site() -> None:
    """History page rows, feed entries and versions.json of the real QQ号码规则 pair, from the model."""
    from agreements import changelog, routes
    from agreements import history as history_mod
    from agreements.parse import set_evidence

    base = ROOT / "tests/fixtures/family/qq-number-rules"
    cur = parse((base / "2022-01-23.clipping.md").read_bytes(), "docs/agreements/qq-number-rules.md")
    cur.slug = "rules"
    set_evidence(cur, "2022-01-23", "采集日期")  # as the registry says of the clipping
    snap = vcs.Snapshot("archive/2018-01-27", "2018-01-27", "qq-number-rules.md", (base / "2018-01-27.txt").read_bytes())
    (h,), _ = history_mod.build([cur], [snap], "agreements")
    assert [v.date for v in h.versions] == ["2018-01-27", "2022-01-23"]
    rows = changelog.timeline(h, lambda target: routes.relative(target, "rules/history/"), lambda o, n: {"changed": 1})
    assert [r["url"] for r in rows] == ["../2018-01-27/", "../"]
    assert rows[1]["compare_url"] == "../compare/2018-01-27/" + h.current.date + "/"
    entries = changelog.feed_entries(cur, h, "https://example.com/")
    assert entries[1]["url"] == f"https://example.com/rules/compare/2018-01-27/{h.current.date}/"
    index = changelog.versions_index(h, "/", lambda v: {"c-1": "c-1"})
    assert index["versions"][0] == {"date": "2018-01-27", "effective": h.versions[0].agreement.effective,
                                    "current": False, "url": "/rules/2018-01-27/", "to_current": {"c-1": "c-1"}}
