"""Issue #18, in the built site: header block, tooltips data, palette, font stack."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from conftest import ROOT

QQ = "qq-ruanjian-xuke-ji-fuwu-xieyi"


def header(site: Path, slug: str) -> str:
    html = (site / slug / "index.html").read_text(encoding="utf-8")
    return re.search(r'<header class="ag-head">.*?</header>', html, re.S).group(0)


def test_source_is_the_official_address_never_a_dataset_copy(site: Path) -> None:
    # QQ号码规则's 2018 text is a dataset copy (now its past version); its 2022 clipping names the official page.
    for slug in ("qq-haoma-guize/2018-01-27", "qq-yinsi-baohu-zhiyin", "ertong-yinsi-baohu-shengming",
                 "tengxun-shipin-yinsi-baohu-zhiyin"):
        head = header(site, slug)
        dl = re.search(r'<dl class="ag-meta".*?</dl>', head, re.S).group(0)
        assert "来源" not in dl and "github.com" not in dl, slug
        prov = re.search(r'<p class="ag-prov" data-ui>(.*?)</p>', head, re.S).group(1)
        assert prov.startswith("文本取自存档副本（非官方来源）：") and "github.com" in prov
    rules = re.search(r'<dl class="ag-meta".*?</dl>', header(site, "qq-haoma-guize"), re.S).group(0)
    assert '<dt>来源</dt><dd><a href="https://zc.qq.com/chs/agreement1_chs.html"' in rules
    assert "github.com" not in rules
    tim = header(site, "tim-ruanjian-xuke-ji-fuwu-xieyi")
    assert '<dt>来源</dt><dd><a href="https://ti.qq.com/tim/serverinfo.html"' in tim
    assert "ag-prov" not in tim


def test_dates_are_shown_once(site: Path) -> None:
    qq = header(site, QQ)
    assert qq.count("2025-09-01") == 2  # 更新日期 and 生效日期, in the text's own date line only
    assert "<dt>更新日期</dt>" not in qq and "<dt>生效日期</dt>" not in qq
    guide = header(site, "qq-yinsi-baohu-zhiyin")
    assert "<dt>更新日期</dt>" not in guide and "2021-11-01" not in guide
    # A text without a date line still gets the metadata row.
    rules = header(site, "qq-haoma-guize")
    assert "<dt>更新日期</dt><dd>未注明</dd>" in rules


def test_tooltip_texts_are_shipped_once_for_the_site(site: Path) -> None:
    html = (site / QQ / "index.html").read_text(encoding="utf-8")
    data = json.loads(re.search(r'<script type="application/json" id="term-tips">(.*?)</script>', html).group(1))
    assert data == {"glossary": "../glossary/"}
    tips = json.loads((site / "glossary" / "tips.json").read_text(encoding="utf-8"))
    assert tips["t-fanxiang-gongcheng"][:2] == ["反向工程", "reverse engineering"]
    for anchor in set(re.findall(r'data-term="([^"]+)"', html)):
        assert anchor in tips
        assert f'id="{anchor}"' in (site / "glossary" / "index.html").read_text(encoding="utf-8")


def test_palette_follows_the_system_with_a_toggle() -> None:
    cfg = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    palette = cfg["theme"]["palette"]
    assert [p["media"] for p in palette] == ["(prefers-color-scheme: light)", "(prefers-color-scheme: dark)"]
    assert [p["scheme"] for p in palette] == ["default", "slate"]
    assert all(p["toggle"]["name"] for p in palette)


def test_font_stack_names_chinese_fonts() -> None:
    css = (ROOT / "plugins" / "agreements" / "theme" / "assets" / "agreements.css").read_text(encoding="utf-8")
    m = re.search(r"--md-text-font:([^;]+);", css)
    fonts = [f.strip().strip('"') for f in m.group(1).split(",")]
    assert fonts[:4] == ["PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC"]
    assert fonts[-1] == "sans-serif"
    assert "@import" not in css and "@font-face" not in css


def test_shipped_assets_without_comments(site: Path) -> None:
    from agreements.assets import strip_comments

    assert strip_comments("/* a\n b */\n  x { y: 1; }\n  // note\nz('//keep');\n") == "x { y: 1; }\nz('//keep');\n"
    for rel in ("agreements.css", "agreements.js"):
        shipped = (site / "assets" / rel).read_text(encoding="utf-8")
        source = (ROOT / "plugins" / "agreements" / "theme" / "assets" / rel).read_text(encoding="utf-8")
        assert "/*" not in shipped and shipped == strip_comments(source)


def test_citations_as_the_text_names_its_provisions(site: Path) -> None:
    qq = json.loads((site / QQ / "clauses.json").read_text(encoding="utf-8"))
    by_id = {c["id"]: c["citation"] for c in qq["clauses"]}
    url = f"https://agreements.example.com/{QQ}/"
    # The QQ licence says 第十五条 of its chapters (十五、其他): cite them so.
    assert by_id["c-15"] == f"《QQ软件许可及服务协议》第十五条（2025年9月1日版） {url}#c-15"
    assert by_id["c-8.2.1-3"] == f"《QQ软件许可及服务协议》第8.2.1条(3)（2025年9月1日版） {url}#c-8.2.1-3"
    html = (site / QQ / "index.html").read_text(encoding="utf-8")
    assert 'data-cite="第十五条"' in html and 'data-cite="第十五章"' not in html
    # Preamble items get a readable label.
    for index in site.glob("*/clauses.json"):
        for c in json.loads(index.read_text(encoding="utf-8"))["clauses"]:
            assert not re.search(r"首部及导言[^第》（ ]", c["citation"]), c["citation"]
            if c["id"].startswith("preamble-"):
                assert re.search(r"(首部及导言|”)第[0-9a-z]+项[（ ]", c["citation"]), c["citation"]
    # A text that never says 第…条 of its chapters keeps 第X章.
    guide = json.loads((site / "tengxun-shipin-yinsi-baohu-zhiyin" / "clauses.json").read_text(encoding="utf-8"))
    assert all("第一条" not in c["citation"] for c in guide["clauses"])


def test_print_title_is_an_escaped_css_string(site: Path) -> None:
    from agreements.render import css_string

    assert css_string('a"b\\c</style>\n') == '"a\\000022b\\00005cc\\00003c\\00002fstyle\\00003e\\00000a"'
    assert css_string("QQ号码规则") == '"QQ号码规则"'
    html = (site / QQ / "index.html").read_text(encoding="utf-8")
    assert '<link rel="stylesheet" href="../assets/print.css" media="print">' in html
    assert '@page { @top-center { content: "QQ软件许可及服务协议"; } }' in html


def test_provision_label_alone_cites_as_the_text_does() -> None:
    """Search titles, backlinks and redlines call provision_label(p) without the agreement."""
    from agreements import redline
    from agreements.parse import parse
    from agreements.render import chapter_word, provision_label

    text = "一、总则\n\n1.1 另见第二条。\n\n二、其他\n\n2.1 完。\n"
    old, new = parse(text, "n.txt"), parse(text.replace("二、其他", "二、其他事项"), "n.txt")
    for ag in (old, new):
        assert chapter_word(ag) == "条"
    assert provision_label(new.anchors()["c-2"]) == "第二条"
    assert provision_label(new.anchors()["c-2.1"]) == "第2.1条"
    html = redline.html(redline.align(old, new), "old/", "new/")
    assert ">第二条</a>" in html and "第二章" not in html
    # A text that never says 第N条 of its chapters keeps 章.
    plain = parse("一、总则\n\n1.1 完。\n", "p.txt")
    assert chapter_word(plain) == "章" and provision_label(plain.anchors()["c-1"]) == "第一章"


def test_search_titles_cite_chapters_as_the_text_does(site: Path) -> None:
    docs = "".join(p.read_text(encoding="utf-8") for p in sorted((site / "search" / "d").glob("*.json")))
    assert '"c-15","第十五条 其他"' in docs
    assert '"c-15","第十五章' not in docs
