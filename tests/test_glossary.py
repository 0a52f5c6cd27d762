"""Glossary: extraction of defined terms, the matcher, pinyin order, glossary.json."""

from __future__ import annotations

import json
import re
from pathlib import Path

from agreements import glossary
from agreements.glossary import Term
from agreements.parse import parse

from conftest import ROOT

TERMS = [
    Term("QQ号码", "QQ number", def_zh="腾讯创设的数字标识。"),
    Term("QQ号", "QQ number (short)"),
    Term("本协议", "this Agreement", def_zh="协议本身。"),
    Term("封号", "account suspension"),
    Term("Q币", "Q coins"),
    Term("反向工程", "reverse engineering"),
    Term("腾讯", "Tencent", annotate=False),
]


def test_extracts_the_seeds_defining_sentences() -> None:
    qq = parse("为使用腾讯QQ软件（以下统称“本软件”）及服务（以下统称“本服务”），您应当阅读并遵守《QQ软件许可及服务协议》"
               "（以下简称“本协议”）。\n\n一、范围\n\n1.3 基于本服务，您可以使用腾讯提供的丰富的单项功能服务（包括但不限于支付、短视频、"
               "音乐等，以下简称“单项功能服务”）。\n\n7.2 若国家法律法规（本协议中的“法律法规”指用户所属/所处地区、国家现行有效的法律）有特殊规定的。\n\n"
               "8.3.1 您理解并同意：\n\n- (4) 中止、终止您对相应QQ号码的使用(简称“封号”)。\n", "qq.txt")
    got = {(d.term, d.anchor) for d in glossary.definitions(qq)}
    assert got == {("本软件", "preamble"), ("本服务", "preamble"), ("本协议", "preamble"),
                   ("单项功能服务", "c-1.3"), ("法律法规", "c-7.2"), ("封号", "c-8.3.1-4")}
    guide = parse("QQ是一款由深圳市腾讯计算机系统有限公司（以下简称“我们”或“腾讯公司”）提供服务的社交产品。\n", "g.txt")
    assert [d.term for d in glossary.definitions(guide)] == ["我们", "腾讯公司"]


def annotated(text: str) -> list[tuple[str, str]]:
    ag = parse(text, "t.txt")
    ag.slug = "t"
    terms = [Term(t.zh, t.en, def_zh=t.def_zh, annotate=t.annotate) for t in TERMS]
    glossary.annotate(ag, terms)
    return [(s.text, s.kind) for p in ag.walk() for s in p.lead + [x for b in p.body for x in b.spans]
            if s.kind == "term"]


def test_longest_match_first_and_mixed_latin_chinese() -> None:
    got = annotated("一、QQ号码\n\n3.1 使用本软件您需要注册QQ号码，盗取他人Q币的，腾讯有权封号。\n")
    assert got == [("QQ号码", "term"), ("Q币", "term"), ("封号", "term")]  # 腾讯: annotate false


def test_never_in_headings_titles_or_the_defining_phrase() -> None:
    got = annotated("8.1 【封号】\n\n您应当遵守《QQ号码规则》（以下简称“本协议”）；中止对QQ号码的使用(简称“封号”)。\n")
    assert got == [("QQ号码", "term")]


def test_first_use_per_chapter_only() -> None:
    got = annotated("一、总则\n\n1.1 本协议是本协议。\n\n1.2 本协议。\n\n二、其他\n\n2.1 本协议。\n")
    assert got == [("本协议", "term"), ("本协议", "term")]  # once in 一、, once in 二、


def test_glossary_data_file_is_complete_and_pinyin_ordered() -> None:
    terms, issues = glossary.load(ROOT / "docs/glossary.yml")
    assert not issues and len(terms) >= 60
    for t in terms:
        assert t.zh and t.en and t.def_zh and t.def_en, t.zh
    order = [t.zh for t in terms]
    assert order.index("安全事件") < order.index("本协议") < order.index("用户")
    keys = [t.sort_key() for t in terms]
    assert keys == sorted(keys)
    for must in ["腾讯", "本协议", "本软件", "本服务", "单项功能", "单独协议", "QQ号码", "监护人", "民事行为能力",
                 "个人信息", "知识产权", "反向工程", "外挂", "封号", "不可抗力", "人工智能生成合成内容", "显式标识",
                 "隐式标识", "涉诈", "管辖"]:
        assert must in order


def test_glossary_page_and_json_agree(site: Path) -> None:
    data = json.loads((site / "glossary.json").read_text(encoding="utf-8"))
    html = (site / "glossary" / "index.html").read_text(encoding="utf-8")
    page_order = re.findall(r'<span class="gl-zh">([^<]+)</span>', html)
    assert page_order == [t["zh"] for t in data["terms"]]
    # A dictionary's order: syllable by syllable (e < er), not letter by letter (ertong < eyi).
    plain = [[re.sub(r"[^a-z0-9]", "", s) for s in t["pinyin_plain"].lower().split()] for t in data["terms"]]
    assert plain == sorted(plain)
    fenghao = next(t for t in data["terms"] if t["zh"] == "封号")
    assert fenghao["en"] == "account suspension" and fenghao["pinyin"] == "fēng hào"
    assert "/qq-ruanjian-xuke-ji-fuwu-xieyi/#c-8.3.1-4" in fenghao["defined_in"]
    assert fenghao["url"] == "/glossary/#t-fenghao"
    assert f'id="{fenghao["url"].split("#")[1]}"' in html
    assert '<h2 id="english">English → 中文</h2>' in html


def test_every_term_is_used_or_explained(site: Path) -> None:
    data = json.loads((site / "glossary.json").read_text(encoding="utf-8"))
    terms, _ = glossary.load(ROOT / "docs/glossary.yml")
    notes = {t.zh for t in terms if t.note}
    for t in data["terms"]:
        assert t["appears_in"] or t["defined_in"] or t["zh"] in notes, t["zh"]


def test_no_term_inside_a_title_split_across_spans() -> None:
    """Linking leaves an unlinked self-mention as its own span: 《 | QQ软件许可及服务协议 | 》.
    The 许可 inside it is part of a document's name, not a use of the term."""
    from agreements.model import Span

    ag = parse("QQ软件许可及服务协议\n\n一、首部\n\n您应当阅读并遵守《QQ软件许可及服务协议》。本许可不可转让。\n", "t.txt")
    ag.slug = "t"
    spans = next(b.spans for p in ag.walk() for b in p.body if "阅读" in b.text)
    text = "".join(s.text for s in spans)
    i, j = text.index("《") + 1, text.index("》")
    spans[:] = [Span(text[:i]), Span(text[i:j]), Span(text[j:])]
    glossary.annotate(ag, [Term("许可", "licence")])
    marked = [(s.text, i) for i, s in enumerate(spans) if s.kind == "term"]
    assert marked == [("许可", 3)]  # in 本许可, after the title: ["…《", title, "》。本", 许可, …]


def test_glossary_is_in_a_dictionarys_pinyin_order() -> None:
    """Syllable by syllable, not letter by letter: 恶意程序 (e) before 儿童 (er), 个人信息 (ge) before
    更新提示 (geng), 管辖 (guan) before 广告 (guang)."""
    from agreements import glossary

    terms, _ = glossary.load(ROOT / "docs/glossary.yml")
    order = [t.zh for t in terms]
    for first, then in (("恶意程序", "儿童"), ("个人信息", "更新提示"), ("管辖", "广告")):
        assert order.index(first) < order.index(then), (first, then)
