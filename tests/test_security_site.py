"""The attacks of issue 20 as a contributor's commit would make them, each built with ``mkdocs build``.

Each either stops the build with one message naming the file (and line), with no traceback, or
builds with the value shown as text. Nothing is written outside the site folder and no byte of a
file outside the project is published.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, build_site, make_project

RULES = ROOT / "docs/agreements/archive/qq-number-rules.md/2018-01-27.txt"
REGISTRY = (ROOT / "docs/agreements.yml").read_text(encoding="utf-8")
GLOSSARY = (ROOT / "docs/glossary.yml").read_text(encoding="utf-8")
CATEGORY = '规则<script>alert("category")</script>'
GLOSSARY_EN = 'x<img src=x onerror=alert("glossary")>'


def hostile_registry() -> str:
    reg = REGISTRY.replace("  - title: QQ号码规则\n    category: 规则\n",
                           f"  - title: QQ号码规则\n    category: '{CATEGORY}'\n")
    assert reg != REGISTRY
    return reg


def hostile_glossary() -> str:
    g = re.sub(r'(- zh: 反向工程\n    en: )"[^"]*"', lambda m: m.group(1) + json.dumps(GLOSSARY_EN), GLOSSARY)
    assert g != GLOSSARY
    return g


def site_bytes(site: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file())


def files_under(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() or p.is_symlink()}


def test_registry_category_with_script_is_text(tmp_path: Path) -> None:
    proj = make_project(tmp_path / "proj", [RULES], registry=hostile_registry())
    proc = build_site(proj, tmp_path / "site")
    assert proc.returncode == 0, proc.stderr
    site = tmp_path / "site"
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert 'alert("category")</script>' not in html, page
    rules = (site / "qq-haoma-guize/index.html").read_text(encoding="utf-8")
    # The nav section and the home listing show the category as text.
    assert "规则&lt;script&gt;alert(&#34;category&#34;)&lt;/script&gt;" in rules or \
        "规则&lt;script&gt;alert(&quot;category&quot;)&lt;/script&gt;" in rules
    index = (site / "search/search_index.json").read_text(encoding="utf-8")
    assert "<script" not in index


def test_glossary_english_with_img_onerror_is_escaped_in_the_search_index(tmp_path: Path) -> None:
    proj = make_project(tmp_path / "proj", [ROOT / "docs/agreements/qq-software-licence.txt"],
                        registry=REGISTRY)
    (proj / "docs/glossary.yml").write_text(hostile_glossary(), encoding="utf-8")
    proc = build_site(proj, tmp_path / "site", strict=False)
    assert proc.returncode == 0, proc.stderr
    docs = [d for f in sorted((tmp_path / "site/search/d").glob("*.json"))
            for d in json.loads(f.read_text(encoding="utf-8"))]
    term = next(d for d in docs if d[0] == "t-fanxiang-gongcheng")  # [anchor, title, text]
    # Data, not HTML: the search worker escapes it (tests/browser/test_security_browser.py).
    assert 'x<img src=x onerror=alert("glossary")>' in term[1], term
    glossary_page = (tmp_path / "site/glossary/index.html").read_text(encoding="utf-8")
    assert "<img src=x" not in glossary_page and "&lt;img src=x onerror=" in glossary_page


def test_registry_slug_escaping_the_site_stops_the_build(tmp_path: Path) -> None:
    reg = REGISTRY.replace("  - title: QQ号码规则\n", "  - title: QQ号码规则\n    slug: ../../../somewhere\n")
    proj = make_project(tmp_path / "proj", [RULES], registry=reg)
    before = files_under(tmp_path)
    proc = build_site(proj, tmp_path / "out" / "site")
    assert proc.returncode != 0
    line = reg.splitlines().index("    slug: ../../../somewhere") + 1
    assert f"docs/agreements.yml:{line}: entry 'QQ号码规则'" in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "somewhere").exists() and not list(tmp_path.rglob("somewhere"))
    assert not [f for f in files_under(tmp_path) - before if f.endswith("clauses.json")]


def test_symlinked_text_to_etc_hostname_stops_the_build(tmp_path: Path) -> None:
    proj = make_project(tmp_path / "proj", [RULES], registry=REGISTRY)
    (proj / "docs/agreements/notice.txt").symlink_to("/etc/hostname")
    secret = tmp_path / "secret.txt"  # a file only this test knows: proves no byte is published
    secret.write_text("QQ号码规则\n\n1.1 SECRET-91c2-published\n", encoding="utf-8")
    (proj / "docs/agreements/secret.txt").symlink_to(secret)
    proc = build_site(proj, tmp_path / "site")
    assert proc.returncode != 0
    assert "docs/agreements/notice.txt" in proc.stderr and "/etc/hostname" in proc.stderr, proc.stderr
    assert "docs/agreements/secret.txt" in proc.stderr
    assert "Traceback" not in proc.stderr
    site = tmp_path / "site"
    if site.exists():
        data = site_bytes(site)
        assert b"SECRET-91c2" not in data
        hostname = Path("/etc/hostname").read_bytes().strip()
        if len(hostname) >= 8:
            assert hostname not in data


def test_symlinked_docs_folder_to_etc_is_refused_before_copying(tmp_path: Path) -> None:
    proj = make_project(tmp_path / "proj", [RULES], registry=REGISTRY)
    (proj / "docs/extra").symlink_to("/etc")
    proc = build_site(proj, tmp_path / "site")
    assert proc.returncode != 0
    assert "docs/extra: symbolic link to /etc" in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr
    site = tmp_path / "site"
    assert not site.exists() or not (site / "extra").exists()
    assert not site.exists() or not [p for p in site.rglob("*") if p.name in os.listdir("/etc")]


def test_symlinked_glossary_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "glossary.yml"
    outside.write_text(GLOSSARY, encoding="utf-8")
    proj = make_project(tmp_path / "proj", [RULES], registry=REGISTRY)
    (proj / "docs/glossary.yml").symlink_to(outside)
    proc = build_site(proj, tmp_path / "site")
    assert proc.returncode != 0
    assert "docs/glossary.yml" in proc.stderr and "outside the project" in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr


def test_registry_javascript_url_is_dropped_and_warned(tmp_path: Path) -> None:
    reg = REGISTRY.replace("    url: https://privacy.qq.com/policy/tencent-privacypolicy\n",
                           "    url: javascript:alert(document.cookie)\n")
    assert reg != REGISTRY
    proj = make_project(tmp_path / "proj", [ROOT / "docs/agreements/qq-software-licence.txt"], registry=reg)
    strict = build_site(proj, tmp_path / "strict")
    assert strict.returncode != 0 and re.search(r"docs/agreements\.yml:\d+.*腾讯隐私政策.*javascript:", strict.stderr)
    proc = build_site(proj, tmp_path / "site", strict=False)
    assert proc.returncode == 0, proc.stderr
    assert "javascript:alert(document.cookie)" not in site_bytes(tmp_path / "site").decode("utf-8", "replace")


@pytest.mark.parametrize("tag", ["2025-13-45", "2025-02-30"])
def test_tags_that_are_not_dates_are_not_versions(tmp_path: Path, tag: str) -> None:
    from test_history import QQ, git, release, version_2024

    repo = make_project(tmp_path / "proj", [])
    git(repo, "init", "-q")
    release(repo, version_2024(), tag)
    release(repo, QQ, "2025-09-01")
    proc = build_site(repo, tmp_path / "site", strict=False)
    assert proc.returncode == 0, proc.stderr
    assert f"ignoring tags that are not calendar dates: {tag}" in proc.stderr
    assert not (tmp_path / "site/qq-ruanjian-xuke-ji-fuwu-xieyi" / tag).exists()
    assert not (tmp_path / "site/qq-ruanjian-xuke-ji-fuwu-xieyi/history").exists()


def test_symlink_in_the_theme_overrides_stops_the_build(tmp_path: Path) -> None:
    """overrides/ is copied into the site like docs/: a link out of the project is refused."""
    proj = make_project(tmp_path / "proj", [RULES], registry=REGISTRY)
    shutil.copytree(ROOT / "overrides", proj / "overrides")
    yml = proj / "mkdocs.yml"
    yml.write_text(yml.read_text(encoding="utf-8").replace("  name: material\n", "  name: material\n  custom_dir: overrides\n"),
                   encoding="utf-8")
    assert "custom_dir: overrides" in yml.read_text(encoding="utf-8")
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-7d1e-theme", encoding="utf-8")
    (proj / "overrides/assets").mkdir(parents=True, exist_ok=True)
    (proj / "overrides/assets/leak.txt").symlink_to(secret)
    proc = build_site(proj, tmp_path / "site")
    assert proc.returncode != 0
    assert "overrides/assets/leak.txt" in proc.stderr and "Traceback" not in proc.stderr, proc.stderr
    site = tmp_path / "site"
    assert not site.exists() or b"SECRET-7d1e" not in site_bytes(site)


def test_a_script_committed_under_docs_stops_the_build(tmp_path: Path) -> None:
    """script-src 'self' would run any .js MkDocs publishes from docs/."""
    proj = make_project(tmp_path / "proj", [RULES], registry=REGISTRY)
    (proj / "docs/x.js").write_text("alert('docs script')\n", encoding="utf-8")
    (proj / "docs/page.md").write_text('# 页面\n\n<script src="x.js"></script>\n', encoding="utf-8")
    proc = build_site(proj, tmp_path / "site")
    assert proc.returncode != 0
    assert "docs/x.js" in proc.stderr and "Traceback" not in proc.stderr, proc.stderr


def test_front_matter_url_is_checked_like_a_registry_url(tmp_path: Path) -> None:
    text = RULES.read_text(encoding="utf-8").replace(
        "source:", "url: 'https://evil.example/\"><b>x</b>'\nsource:", 1)
    raw = tmp_path / "rules.txt"
    raw.write_text(text, encoding="utf-8")
    proj = make_project(tmp_path / "proj", [raw], registry=REGISTRY)
    proc = build_site(proj, tmp_path / "site", strict=False)
    assert proc.returncode == 0, proc.stderr
    assert "rules.txt:1: front matter 'url'" in proc.stderr
    assert "evil.example" not in (tmp_path / "site/qq-haoma-guize/index.html").read_text(encoding="utf-8")
