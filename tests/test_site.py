"""The built site against the raw texts: contract ids and fidelity."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, build_site, make_project
from helpers import article, page_ids, source_chars

RAW = sorted((ROOT / "docs" / "agreements").glob("*.txt"))
# The clipping's "*   3.1" bullets are beyond expected_ids' reading; its ids are pinned in contract-ids.json.
FAITHFUL = [*RAW, ROOT / "docs/agreements/qq-number-rules.md"]
SLUGS = {
    "qq-software-licence.txt": "qq-ruanjian-xuke-ji-fuwu-xieyi",
    "tim-software-licence.txt": "tim-ruanjian-xuke-ji-fuwu-xieyi",
    "qq-number-rules.md": "qq-haoma-guize",
    "qq-privacy-guideline.txt": "qq-yinsi-baohu-zhiyin",
    "tencent-children-privacy-statement.txt": "ertong-yinsi-baohu-shengming",
    "tencent-video-privacy-guideline.txt": "tengxun-shipin-yinsi-baohu-zhiyin",
    "tencent-service-agreement.txt": "tengxun-fuwu-xieyi",
}
CN = "一二三四五六七八九十"


def cn_int(s: str) -> int:
    if "十" not in s:
        return CN.index(s) + 1
    tens, _, ones = s.partition("十")
    return (CN.index(tens) + 1 if tens else 1) * 10 + (CN.index(ones) + 1 if ones else 0)


def expected_ids(raw: str) -> list[tuple[int, str]]:
    """(line, id prefix/suffix pattern) for every number in the source, by plain regex."""
    out = []
    parent = None
    has_cn = bool(re.search(rf"(?m)^[{CN}]+、", raw))
    for no, line in enumerate(raw.split("\n"), 1):
        s = line.strip().translate(str.maketrans("０１２３４５６７８９．", "0123456789."))
        s = re.sub(r"^[-#]+\s+", "", s)
        if m := re.match(rf"^([{CN}]+)、", s):
            parent = f"c-{cn_int(m.group(1))}"
            out.append((no, f"^{re.escape(parent)}(-dup\\d+)?$"))
        elif m := re.match(r"^(\d+(?:\.\d+)+)(?!\d)", s):
            parent = f"c-{m.group(1)}"
            out.append((no, f"^{re.escape(parent)}(-dup\\d+)?$"))
        elif not has_cn and (m := re.match(r"^(\d+)\.\s*\S{1,25}(?<![：:。；;])$", s)):
            parent = f"c-{m.group(1)}"
            out.append((no, f"^{re.escape(parent)}(-dup\\d+)?$"))
        elif parent and (m := re.match(r"^[(（](\d+)[)）]|^(\d+)[)）]", s)):
            n = m.group(1) or m.group(2)
            out.append((no, f"^{re.escape(parent)}(-dup\\d+)?(-.+)?-{n}(-dup\\d+)?$"))
    return out


@pytest.mark.parametrize("raw_path", RAW, ids=lambda p: p.name)
def test_every_number_has_its_contract_id(site: Path, raw_path: Path) -> None:
    html = (site / SLUGS[raw_path.name] / "index.html").read_text(encoding="utf-8")
    ids = page_ids(html)
    raw = raw_path.read_text(encoding="utf-8")
    missing = [(no, pat) for no, pat in expected_ids(raw) if not any(re.match(pat, i) for i in ids)]
    assert not missing, f"{raw_path.name}: numbers without their id: {missing[:10]}"


def test_contract_ids_for_known_provisions(site: Path) -> None:
    ids = page_ids((site / "qq-ruanjian-xuke-ji-fuwu-xieyi" / "index.html").read_text(encoding="utf-8"))
    for want in ["c-8", "c-8.2.1", "c-8.2.1-3", "c-15", "c-1.2-9", "preamble", "update-notice",
                 "signature", "c-8.7.1", "c-14.3-3"]:
        assert want in ids
    guide = page_ids((site / "qq-yinsi-baohu-zhiyin" / "index.html").read_text(encoding="utf-8"))
    assert {"c-1.10", "c-1.10-dup2", "c-1", "c-10", "c-1.23-6", "preamble-vi"} <= guide
    assert "c-1-dup2" not in guide  # the table of contents is not a second set of chapters


@pytest.mark.parametrize("raw_path", FAITHFUL, ids=lambda p: p.name)
def test_every_character_reaches_the_page_in_order(site: Path, raw_path: Path) -> None:
    html = (site / SLUGS[raw_path.name] / "index.html").read_text(encoding="utf-8")
    page = "".join("".join(article(html).parts).split())
    src = source_chars(raw_path.read_text(encoding="utf-8"))
    if page != src:
        i = next(k for k in range(min(len(page), len(src))) if page[k] != src[k]) \
            if page[:len(src)] != src[:len(page)] else min(len(page), len(src))
        pytest.fail(f"{raw_path.name}: page text differs from source at char {i}:\n"
                    f"  source: …{src[max(0, i - 30):i + 30]}…\n  page:   …{page[max(0, i - 30):i + 30]}…")


def test_home_lists_the_family(site: Path) -> None:
    html = (site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="zh-CN"' in html
    for slug in SLUGS.values():
        assert f'href="{slug}/"' in html
    assert '<time datetime="2025-09-01">2025-09-01</time>' in html
    row = re.search(r"<tr><td><a href=\"qq-ruanjian-xuke-ji-fuwu-xieyi/\">QQ软件许可及服务协议</a></td>"
                    r"<td>(.*?)</td><td>(.*?)</td></tr>", html)
    assert row and "2025-09-01" in row.group(1) and "2025-09-01" in row.group(2)


def test_agreement_header_shows_dates_issuer_and_source(site: Path) -> None:
    html = (site / "tim-ruanjian-xuke-ji-fuwu-xieyi" / "index.html").read_text(encoding="utf-8")
    assert "<dt>发布方</dt><dd>腾讯公司</dd>" in html
    assert 'href="https://ti.qq.com/tim/serverinfo.html"' in html
    assert "<dt>更新日期</dt><dd>未注明</dd>" in html
    qq = (site / "qq-ruanjian-xuke-ji-fuwu-xieyi" / "index.html").read_text(encoding="utf-8")
    # The text's own date line is the header's date (issue #18: shown once, not again in the row).
    assert '<p class="src-dates">更新日期：2025-09-01 生效日期：2025-09-01</p>' in qq
    assert "<dt>更新日期</dt>" not in qq
    assert "<dt>发布方</dt><dd>深圳市腾讯计算机系统有限公司</dd>" in qq
    # The table of contents lists chapters.
    assert re.search(r'<a href="#c-15" class="md-nav__link">', qq)


def test_unseen_agreement_builds_the_same_way(tmp_path: Path) -> None:
    """An agreement the project never shipped (淘宝网隐私政策) dropped into the folder."""
    raw = FIXTURES / "corpus" / "taobao-privacy-policy.txt"
    project = make_project(tmp_path / "proj", [raw])
    proc = build_site(project, tmp_path / "site", strict=False)
    assert proc.returncode == 0, proc.stderr
    # It cites agreements the registry does not know: warnings with file and line, not silence.
    assert "agreements/taobao-privacy-policy.txt:49: 《天猫隐私政策》 is not in the family registry" in proc.stderr
    html = (tmp_path / "site" / "taobaowang-yinsi-zhengce" / "index.html").read_text(encoding="utf-8")
    ids = page_ids(html)
    assert {"c-1", "c-8", "c-2-s1", "c-2-s1-1", "c-3-s4-2", "preamble"} <= ids
    page = "".join("".join(article(html).parts).split())
    assert page == source_chars(raw.read_text(encoding="utf-8"))


def test_numbering_problems_warn_with_file_and_line(tmp_path: Path) -> None:
    """Without the registry's acknowledgement the QQ隐私保护指引 fails --strict, naming lines."""
    project = make_project(tmp_path / "proj", [ROOT / "docs/agreements/qq-privacy-guideline.txt"])
    proc = build_site(project, tmp_path / "site")
    assert proc.returncode != 0
    log = proc.stdout + proc.stderr
    assert "agreements/qq-privacy-guideline.txt:78: clause number 1.10" in log
    assert "agreements/qq-privacy-guideline.txt:98:" in log and "21 missing" in log
    assert "Traceback" not in log
    # Not strict: the text is still published.
    proc = build_site(project, tmp_path / "site2", strict=False)
    assert proc.returncode == 0
    assert 'id="c-1.10-dup2"' in (tmp_path / "site2/qq-yinsi-baohu-zhiyin/index.html").read_text("utf-8")


def test_misspelt_plugin_option_is_a_clear_error(tmp_path: Path) -> None:
    project = make_project(tmp_path / "proj", [ROOT / "docs/agreements/archive/qq-number-rules.md/2018-01-27.txt"])
    cfg = project / "mkdocs.yml"
    cfg.write_text(cfg.read_text(encoding="utf-8").replace("  - agreements\n",
                                                           "  - agreements:\n      foldr: agreements\n"),
                   encoding="utf-8")
    proc = build_site(project, tmp_path / "site")
    assert proc.returncode != 0
    assert "foldr" in proc.stderr and "Traceback" not in proc.stderr


def test_agreement_page_weight_within_budget(site: Path) -> None:
    """90 KB gzip for an agreement page without fonts (scripts/page_weight.py prints the figures)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("page_weight", ROOT / "scripts/page_weight.py")
    pw = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(pw)
    sizes = pw.weigh(site, "qq-ruanjian-xuke-ji-fuwu-xieyi/index.html")
    assert sizes["fonts"] == 0
    assert sum(sizes.values()) <= 90 * 1024, sizes


def test_the_search_index_weighs_at_most_twice_the_raw_texts(site: Path) -> None:
    """Every file under search/, each gzipped as served, against the agreements' raw texts gzipped:
    at most 2x (scripts/search_benchmark.py prints both)."""
    import gzip

    index = sum(len(gzip.compress(p.read_bytes(), 6)) for p in (site / "search").rglob("*.json"))
    raw = sum(len(gzip.compress(p.read_bytes(), 6)) for p in (ROOT / "docs" / "agreements").iterdir() if p.is_file())
    assert index <= 2 * raw, (index, raw)


def test_serve_rebuilds_reuse_parses_and_write_the_same_site(site: Path, tmp_path: Path, monkeypatch) -> None:
    """Under ``mkdocs serve`` the plugin keeps parsed texts between builds; a rebuild writes every
    byte a fresh ``mkdocs build`` writes."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from agreements import parse as parse_mod
    from agreements import search
    from agreements.parse import Reparser

    cfg = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(tmp_path / "out"))
    cfg.plugins.on_startup(command="serve", dirty=False)
    build(cfg)
    plugin = cfg.plugins["agreements"]
    assert isinstance(plugin.builder.parser, Reparser) and plugin.builder.parser._kept
    parsed = []
    real = parse_mod.parse
    monkeypatch.setattr(parse_mod, "parse", lambda data, path="<text>": parsed.append(path) or real(data, path))
    counted = []
    real_terms = search.terms
    monkeypatch.setattr(search, "terms", lambda text, *a: counted.append(text) or real_terms(text, *a))
    from agreements import render
    rendered = []
    real_render = render.render
    monkeypatch.setattr(render, "render", lambda ag, **kw: rendered.append(ag.title) or real_render(ag, **kw))
    build(cfg)
    assert parsed == []  # nothing parsed again: current texts and past versions came from memory
    assert rendered == []  # nor a page rendered again
    provisions = {p.text for ag in plugin.site.site.family.agreements for p in ag.walk() if p.id and p.text.strip()}
    assert plugin.builder._terms[1] and not provisions & set(counted)  # nor a provision's index terms counted
    ours = {p.relative_to(tmp_path / "out"): p.read_bytes() for p in (tmp_path / "out").rglob("*") if p.is_file()}
    fresh = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert sorted(ours) == sorted(fresh)
    assert [k for k in ours if ours[k] != fresh[k]] == []


def test_a_serve_rebuild_after_an_edit_renders_again_only_what_changed(tmp_path: Path, monkeypatch) -> None:
    """After an edit to one text, a ``mkdocs serve`` rebuild renders that agreement's page and its
    clause record again, takes the others' from the last build, and writes every byte a fresh
    build of the edited project writes."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from agreements import api, render

    names = ("qq-software-licence.txt", "tim-software-licence.txt", "qq-number-rules.md")
    proj = make_project(tmp_path / "p", [ROOT / "docs" / "agreements" / n for n in names])

    def config():
        return load_config(str(proj / "mkdocs.yml"), site_dir=str(tmp_path / "out"))

    cfg = config()
    cfg.plugins.on_startup(command="serve", dirty=False)
    build(cfg)
    raw = proj / "docs" / "agreements" / "qq-software-licence.txt"
    raw.write_text(raw.read_text(encoding="utf-8").replace("欢迎您使用腾讯QQ软件及服务！", "欢迎您使用腾讯QQ软件！", 1),
                   encoding="utf-8")
    rendered, recorded = [], []
    real_render, real_index = render.render, api.agreement_index
    monkeypatch.setattr(render, "render", lambda ag, **kw: rendered.append(ag.title) or real_render(ag, **kw))
    monkeypatch.setattr(api, "agreement_index", lambda ag, *a: recorded.append(ag.title) or real_index(ag, *a))
    build(config())
    assert rendered == ["QQ软件许可及服务协议"] and recorded == ["QQ软件许可及服务协议"]
    assert build_site(proj, tmp_path / "fresh", strict=False).returncode == 0  # the texts warn: not strict
    ours = {p.relative_to(tmp_path / "out"): p.read_bytes() for p in (tmp_path / "out").rglob("*") if p.is_file()}
    fresh = {p.relative_to(tmp_path / "fresh"): p.read_bytes() for p in (tmp_path / "fresh").rglob("*") if p.is_file()}
    assert sorted(ours) == sorted(fresh)
    assert [k for k in ours if ours[k] != fresh[k]] == []
    assert "欢迎您使用腾讯QQ软件！" in (tmp_path / "out" / "qq-ruanjian-xuke-ji-fuwu-xieyi" / "index.html").read_text("utf-8")


def test_every_page_preloads_the_bundle_it_runs(site: Path) -> None:
    """main.html's head script preloads Material's bundle (but on a search link) by the name found in
    the theme folders at build time (data-b): on every page it is the very script the page loads at
    the end of its body. The browser tests load it both ways."""
    pages = list(site.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        html = page.read_text(encoding="utf-8")
        if "</head>" not in html or "md-header" not in html:
            continue  # redirect stubs
        preload = re.search(r'<script data-w="[^"]*" data-h data-b="([^"]+)">', html.split("</head>", 1)[0])
        assert preload, page
        assert f'<script src="{preload.group(1)}"></script>' in html.split("</head>", 1)[1], page
        href = preload.group(1)
        assert (site / href.lstrip("/") if href.startswith("/") else page.parent / href).resolve().is_file(), page


def test_theme_bundle_is_found_only_when_it_is_one(tmp_path: Path) -> None:
    from agreements import assets

    one, two, none = (tmp_path / n for n in ("one", "two", "none"))
    for d, names in ((one, ["bundle.ab12.min.js"]), (two, ["bundle.a.min.js", "bundle.b.min.js"]), (none, [])):
        (d / "assets/javascripts").mkdir(parents=True)
        for n in names:
            (d / "assets/javascripts" / n).write_text("", encoding="utf-8")
    assert assets.theme_bundle([none, one]) == "assets/javascripts/bundle.ab12.min.js"
    assert assets.theme_bundle([two, one]) is None  # ambiguous: nothing preloaded rather than a guess
    assert assets.theme_bundle([none]) is None
