"""Malformed raw files, each built alone into a site: a clear warning naming file and line
(and every character on the page), or one clear message that stops the build. Never a traceback.
The decision for each case is documented in docs/robustness.md."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from agreements.text import decode

from conftest import FIXTURES, ROOT, build_site, make_project
from helpers import article, page_ids, source_chars

BAD = FIXTURES / "bad"
REGISTRY = (ROOT / "docs/agreements.yml").read_text(encoding="utf-8")

# file -> (outcome, what the log must say). outcome: ok | warn | skip | fail
CASES = {
    "gb18030.txt": ("ok", None),
    "gbk.txt": ("ok", None),
    "utf16-bom.txt": ("ok", None),
    "utf8-bom.txt": ("ok", None),
    "crlf.txt": ("ok", None),
    "cr-only.txt": ("ok", None),
    "no-date.txt": ("ok", None),  # undated, and its title is acknowledged no-date in the registry
    "fullwidth-digits.txt": ("ok", None),
    "statute-style.txt": ("warn", r"statute-style\.txt:1: no 更新日期 found"),
    "markdown-syntax.txt": ("ok", None),
    "jinja-like.txt": ("ok", None),
    "tab-table.txt": ("ok", None),
    "emoji-zwj-extb.txt": ("ok", None),
    "long-line.txt": ("ok", None),
    "unclosed-brackets.txt": ("warn", r"unclosed-brackets\.txt:13: '《' is never closed on this line"),
    "html-injection.txt": ("ok", None),
    "文件 名 含空格.txt": ("warn", r"文件 名 含空格\.txt:1: no 更新日期 found"),
    "nested-brackets.txt": ("warn", r"nested-brackets\.txt:\d+: 《服务》 is not in the family registry"),
    "invalid-utf8.txt": ("warn", r"invalid-utf8\.txt:\d+: bytes that are not valid UTF-8"),
    "control-chars.txt": ("warn", r"control-chars\.txt:\d+: control characters"),
    "no-title.txt": ("warn", r"no-title\.txt:1: no title found"),
    "impossible-date.txt": ("warn", r"impossible-date\.txt:2: impossible date 2025-13-45"),
    "duplicate-numbers.txt": ("warn", r"duplicate-numbers\.txt:\d+: clause number 1\.2 repeats"),
    "skipped-numbers.txt": ("warn", r"skipped-numbers\.txt:\d+: clause number 1\.4 follows 1\.1"),
    "out-of-order.txt": ("warn", r"out-of-order\.txt:\d+: clause number 1\.2 comes after 1\.9"),
    "invalid-front-matter.txt": ("warn", r"invalid-front-matter\.txt:1: invalid YAML front matter"),
    "empty.txt": ("skip", r"empty\.txt:1: no agreement text in this file"),
    "whitespace-only.txt": ("skip", r"whitespace-only\.txt:1: no agreement text"),
    "front-matter-only.txt": ("skip", r"front-matter-only\.txt:1: no agreement text"),
    "binary-garbage.txt": ("fail", r"binary-garbage\.txt: cannot decode as text \(tried utf-8, gb18030\)"),
}


def test_every_fixture_has_a_decision() -> None:
    files = {p.name for p in BAD.iterdir()}
    assert files == set(CASES) | {"same-title-a.txt", "same-title-b.txt"}
    assert len(files) >= 30


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_input(tmp_path: Path, name: str) -> None:
    outcome, says = CASES[name]
    project = make_project(tmp_path / "proj", [BAD / name], registry=REGISTRY)
    proc = build_site(project, tmp_path / "site", strict=False)
    log = proc.stdout + proc.stderr
    assert "Traceback" not in log
    if says:
        assert re.search(says, log), log[-2000:]
    if outcome == "fail":
        assert proc.returncode != 0
        assert len(re.findall(r"cannot build", log)) == 1
        return
    assert proc.returncode == 0, log[-2000:]
    pages = [p for p in (tmp_path / "site").glob("*/index.html")
             if p.parent.name not in ("search", "family", "glossary", "assets")]
    if outcome == "skip":
        assert pages == []
        return
    # "ok" builds clean under --strict; "warn" would fail it (a WARNING line in the log).
    assert ("WARNING" in log) == (outcome == "warn"), log[-2000:]
    (page,) = pages
    html = page.read_text(encoding="utf-8")
    text, _ = decode((BAD / name).read_bytes())
    assert "".join("".join(article(html).parts).split()) == source_chars(text), "characters lost"
    if name == "statute-style.txt":
        assert {"c-1", "c-2", "art-1", "art-2", "art-2-1", "art-3"} <= page_ids(html)
    if name == "fullwidth-digits.txt":
        assert {"c-3.1", "c-3.2"} <= page_ids(html)
    if name == "html-injection.txt":
        body = html[html.index('class="agreement"'):]
        assert "<script>alert" not in body and "<img src=x" not in body and "<iframe" not in body
        assert "&lt;script&gt;" in body and "[点我](javascript:alert(4))" in body
        assert not re.search(r'href="(javascript|data):', body)


def test_two_files_with_the_same_title_stop_the_build(tmp_path: Path) -> None:
    project = make_project(tmp_path / "proj", [BAD / "same-title-a.txt", BAD / "same-title-b.txt"],
                           registry=REGISTRY)
    proc = build_site(project, tmp_path / "site", strict=False)
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    assert re.search(r"same-title-b\.txt: same URL '/qq-haoma-guize/' as agreements/same-title-a\.txt", proc.stderr)
    assert "give one of them a 'slug' in the registry" in proc.stderr


def test_three_megabyte_file_builds(tmp_path: Path) -> None:
    qq = (ROOT / "docs/agreements/qq-software-licence.txt").read_text(encoding="utf-8")
    big = tmp_path / "big.txt"
    body = qq.split("十五、其他")[0]
    chapters = [body] + [f"\n\n{n}.1 第{n}章的重复正文。" + body.split("一、协议的范围")[1][:30000]
                         for n in range(16, 110)]
    big.write_text("".join(chapters), encoding="utf-8")
    assert big.stat().st_size > 3_000_000
    project = make_project(tmp_path / "proj", [big], registry=REGISTRY)
    proc = build_site(project, tmp_path / "site", strict=False)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr
    html = (tmp_path / "site/qq-ruanjian-xuke-ji-fuwu-xieyi/index.html").read_text(encoding="utf-8")
    assert "".join("".join(article(html).parts).split()) == source_chars(big.read_text(encoding="utf-8"))


def test_fixture_is_copied_not_renamed() -> None:
    # Guard: the suite must use the files as they are (names with spaces included).
    assert (BAD / "文件 名 含空格.txt").exists()
    assert shutil.which("git")


def test_data_file_mistakes_warn_with_file_and_line(tmp_path: Path) -> None:
    project = make_project(tmp_path / "proj", [ROOT / "docs/agreements/qq-number-rules.md"],
                           registry=REGISTRY.replace("    evidence_kind: 采集日期\n", "    evidence_knid: 采集日期\n", 1))
    (project / "docs/glossary.yml").write_text("terms:\n  - zh: QQ号码\n    en: QQ number\n    aliases: {a: b}\n",
                                                encoding="utf-8")
    proc = build_site(project, tmp_path / "site", strict=False)
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0 and "Traceback" not in log, log[-2000:]
    line = REGISTRY.splitlines().index("    evidence_kind: 采集日期") + 1
    assert re.search(rf"agreements\.yml:{line}: entry 'QQ号码规则': unknown key 'evidence_knid' "
                     r"\(did you mean 'evidence_kind'\?\); ignored \[registry\]", log), log[-2000:]
    assert re.search(r"glossary\.yml:4: term 'QQ号码': 'aliases' is a mapping, expected a list of texts; ignored",
                     log), log[-2000:]
