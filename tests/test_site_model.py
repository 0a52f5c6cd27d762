"""site.py: the whole model of the project's family, built without MkDocs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from agreements import routes
from agreements import site as site_mod

from conftest import ROOT

DOCS = ROOT / "docs"


@pytest.fixture(scope="module")
def model() -> site_mod.Site:
    return site_mod.build(DOCS, site_mod.Options(), ROOT)


def test_no_module_but_the_hooks_imports_mkdocs() -> None:
    """Every module besides plugin.py and config.py loads without MkDocs."""
    names = sorted(p.stem for p in (ROOT / "plugins/agreements").glob("*.py")
                   if p.stem not in ("plugin", "config", "__init__", "__main__"))
    code = ("import importlib, sys\n"
            f"for n in {names!r}: importlib.import_module('agreements.' + n)\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('mkdocs', 'material', 'properdocs')))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]" and len(names) > 20


def test_every_raw_text_is_a_page_with_its_versions(model: site_mod.Site) -> None:
    raw = {p.stem for p in (DOCS / "agreements").iterdir() if p.is_file()}
    assert len(model.agreements) == len(raw)
    srcs = dict(model.sources())
    for src, ag in model.agreements.items():
        assert src == routes.agreement_src(ag.slug) and srcs[src] == f"# {ag.title}\n"
    rules = model.histories["qq-haoma-guize"]
    assert [v.date for v in rules.versions] == ["2018-01-27", "2022-01-23"]
    assert model.version_pages["qq-haoma-guize/2018-01-27.md"].kind == "past"
    assert model.version_pages["qq-haoma-guize/history.md"].kind == "history"
    assert model.version_pages["qq-haoma-guize/compare/2018-01-27/2022-01-23.md"].kind == "compare"
    assert routes.FAMILY_SRC in srcs and routes.GLOSSARY_SRC in srcs
    nav = [src for _, srcs_ in model.nav() for src in srcs_]
    assert sorted(nav) == sorted(model.agreements)  # every agreement once in the navigation


def test_page_meta_escapes_titles_and_marks_versions(model: site_mod.Site) -> None:
    meta: dict = {}
    model.meta("qq-haoma-guize/2018-01-27.md", meta)
    assert meta["title"] == "QQ号码规则（2018-01-27 版）" and meta["robots"] == "noindex"
    assert meta["has_versions"] is True
    author = {"title": "<b>帮助</b>", "description": 'a "quote"'}
    model.meta("contract.md", author)
    assert author == {"title": "&lt;b&gt;帮助&lt;/b&gt;", "description": "a &quot;quote&quot;"}


def test_page_content_links_relative_to_the_page(model: site_mod.Site) -> None:
    html, toc = model.content("qq-haoma-guize.md", "qq-haoma-guize/")
    assert 'id="c-1"' in html and toc
    assert '<option value="2018-01-27/">' in html  # the version selector, from the page's own folder
    past, _ = model.content("qq-haoma-guize/2018-01-27.md", "qq-haoma-guize/2018-01-27/")
    assert 'href="../"' in past  # the banner's link to the current version
    compare, toc = model.content("qq-haoma-guize/compare/2018-01-27/2022-01-23.md",
                                 "qq-haoma-guize/compare/2018-01-27/2022-01-23/")
    assert toc == [] and "../../../2018-01-27/" in compare
    assert model.content("index.md", "") is None  # an author's page is MkDocs' to render
    listing = model.markdown("index.md", "x <!-- agreements:family --> y", "")
    assert 'href="qq-haoma-guize/"' in listing and "<!--" not in listing


def test_data_files_lie_inside_the_site(model: site_mod.Site, tmp_path: Path) -> None:
    files = dict(model.data_files("https://example.com/legal/"))
    assert {routes.FAMILY_INDEX, routes.FEED, routes.GLOSSARY_JSON, routes.GLOSSARY_TIPS,
            "qq-haoma-guize/versions.json", "qq-haoma-guize/2018-01-27/clauses.json"} <= set(files)
    for rel in files:
        routes.output_path(tmp_path, rel)
    assert files["qq-haoma-guize/versions.json"]["versions"][0]["url"] == "/legal/qq-haoma-guize/2018-01-27/"
    assert "https://example.com/legal/qq-haoma-guize/" in files[routes.FEED]


def test_a_slug_the_site_uses_for_itself_stops_the_build(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "agreements").mkdir(parents=True)
    text = (DOCS / "agreements/tim-software-licence.txt").read_text(encoding="utf-8")
    (docs / "agreements/glossary.txt").write_text(text, encoding="utf-8")
    (docs / "agreements.yml").write_text("agreements:\n  - title: TIM软件许可及服务协议\n    slug: glossary\n",
                                         encoding="utf-8")
    with pytest.raises(site_mod.BuildError) as err:
        site_mod.build(docs, site_mod.Options(versions=False), tmp_path)
    assert "slug 'glossary'" in str(err.value) and "agreements/glossary.txt" in str(err.value)
