"""Linking stage: mentions, placeholders, alias scopes, clause references, backlinks."""

from __future__ import annotations

from pathlib import Path

from agreements import family, links
from agreements.family import Entry, Family
from agreements.parse import parse

from conftest import ROOT
from linkcheck import check

QQ = """QQ软件许可及服务协议

为使用腾讯QQ软件（以下统称“本软件”）及服务，您应当阅读并遵守《QQ软件许可及服务协议》（以下简称“本协议”）。

一、协议的范围

1.2 本协议的内容，包括但不限于以下协议：

- (1) 《[腾讯服务协议](#)》
- (2) 《[QQ号码规则](#)》

2.4.3 本条及本协议其他条款未明示授权的其他一切权利仍由腾讯保留。

十五、其他

15.1 若您和腾讯之间发生争议（如第十五条相关约定）应友好协商；另见本协议第1.2条、《QQ号码规则》第3.1条、《人工智能生成合成内容标识办法》。
"""
TIM = """# TIM软件许可及服务协议

二、用户信息

2.1 腾讯将按照本协议及《隐私政策》（链接地址：[https://sqimg.qq.com/mapp/agreement/tim\\_privacy.html](https://sqimg.qq.com/mapp/agreement/tim_privacy.html)）的规定收集，另见《腾讯服务协议》（链接地址：[https://www.qq.com/contract.shtml](https://www.qq.com/contract.shtml)）。

十、其他

10.1 您不得实施本款禁止的行为。

10.2 如果您实施了前款约定的行为，腾讯将保留依法追究法律责任的权利。
"""
RULES = """QQ号码规则

三、【QQ号码的获取】

3.1 您可以通过如下方式免费申请注册QQ号码。

3.2 另见《隐私政策》和《QQ群服务协议》。
"""


def make_family(extra: dict[str, Entry] | None = None) -> Family:
    ags = [parse(QQ, "qq.txt"), parse(TIM, "tim.txt"), parse(RULES, "rules.txt")]
    for ag in ags:
        ag.slug = {"QQ软件许可及服务协议": "qq", "TIM软件许可及服务协议": "tim", "QQ号码规则": "rules"}[ag.title]
    reg = {a.title: Entry(a.title, hosted=True) for a in ags}
    reg["TIM软件许可及服务协议"].local_aliases = {"隐私政策": "TIM隐私政策"}
    reg["腾讯服务协议"] = Entry("腾讯服务协议")
    reg["腾讯隐私政策"] = Entry("腾讯隐私政策", aliases=["隐私政策"], url="https://privacy.qq.com/")
    reg["TIM隐私政策"] = Entry("TIM隐私政策")
    reg.update(extra or {})
    return Family(ags, reg, [], [])


def spans_of(fam: Family, title: str, pid: str):
    ag = next(a for a in fam.agreements if a.title == title)
    p = ag.anchors()[pid]
    return [s for s in p.lead if s.kind != "text"] + [
        s for para in p.body for s in para.spans if s.kind != "text"]


def test_placeholders_and_mentions_resolve() -> None:
    fam = make_family()
    res = links.link_family(fam)
    # The TIM text teaches the address of 腾讯服务协议 for everyone.
    assert fam.registry["腾讯服务协议"].url == "https://www.qq.com/contract.shtml"
    (a,) = spans_of(fam, "QQ软件许可及服务协议", "c-1.2-1")
    assert a.href == "https://www.qq.com/contract.shtml" and a.external
    (b,) = spans_of(fam, "QQ软件许可及服务协议", "c-1.2-2")
    assert b.target == ("rules", "")
    assert [i.code for i in res.issues if i.level == "warning"] == ["unresolved-mention:QQ群服务协议"]


def test_alias_scoping() -> None:
    fam = make_family()
    links.link_family(fam)
    tim = [s for s in spans_of(fam, "TIM软件许可及服务协议", "c-2.1") if s.kind == "mention"]
    assert tim[0].href == "https://sqimg.qq.com/mapp/agreement/tim_privacy.html"
    assert fam.registry["TIM隐私政策"].url == "https://sqimg.qq.com/mapp/agreement/tim_privacy.html"
    rules = [s for s in spans_of(fam, "QQ号码规则", "c-3.2") if s.kind == "mention"]
    assert rules[0].href == "https://privacy.qq.com/"


def test_self_mentions_and_statutes_stay_text() -> None:
    fam = make_family()
    links.link_family(fam)
    qq = fam.agreements[0]
    assert all(s.kind == "text" for p in qq.parts[0].body for s in p.spans)
    refs = spans_of(fam, "QQ软件许可及服务协议", "c-15.1")
    assert "人工智能生成合成内容标识办法" not in [s.text for s in refs]


def test_clause_references() -> None:
    fam = make_family()
    res = links.link_family(fam)
    refs = {s.text: s.target for s in spans_of(fam, "QQ软件许可及服务协议", "c-15.1") if s.kind == "ref"}
    assert refs["第十五条"] == ("qq", "c-15")
    assert refs["本协议第1.2条"] == ("qq", "c-1.2")
    assert refs["第3.1条"] == ("rules", "c-3.1")  # after 《QQ号码规则》
    (this,) = [s for s in spans_of(fam, "QQ软件许可及服务协议", "c-2.4.3") if s.kind == "ref"]
    assert this.text == "本条"
    (prev,) = [s for s in spans_of(fam, "TIM软件许可及服务协议", "c-10.2") if s.kind == "ref"]
    assert prev.target == ("tim", "c-10.1")
    assert any(c.target == "QQ号码规则" and c.anchor == "c-3.1" for c in res.citations)


def test_unresolved_and_ambiguous_mentions_warn() -> None:
    fam = make_family()
    res = links.link_family(fam)
    (w,) = [i for i in res.issues if i.level == "warning"]
    assert w.code == "unresolved-mention:QQ群服务协议" and w.path == "rules.txt" and w.line == 7
    fam = make_family({"腾讯隐私政策2": Entry("腾讯隐私政策2", aliases=["隐私政策"])})
    res = links.link_family(fam)
    assert any(i.code == "ambiguous-mention:隐私政策" and i.path == "rules.txt" for i in res.issues)


def test_chinese_numeral_references_up_to_99() -> None:
    text = "一、总则\n\n1.1 见第九十九条。\n\n" + "".join(
        f"{c}、章\n\n" for c in ["二十", "九十九"])
    ag = parse(text, "n.txt")
    ag.slug = "n"
    fam = Family([ag], {ag.title: Entry(ag.title, hosted=True)}, [], [])
    links.link_family(fam)
    (ref,) = [s for s in ag.anchors()["c-1.1"].lead if s.kind == "ref"]
    assert ref.target == ("n", "c-99")


def test_backlinks_group_by_citing_agreement() -> None:
    fam = make_family()
    res = links.link_family(fam)
    back = links.backlinks(res.citations, "QQ号码规则")
    assert set(back) == {"QQ软件许可及服务协议"}
    assert {c.source_id for c in back["QQ软件许可及服务协议"]} == {"c-1.2-2", "c-15.1"}


def test_real_family_registry_loads() -> None:
    fam = family.load(ROOT / "docs/agreements", ROOT / "docs/agreements.yml", rel_to=ROOT / "docs")
    res = links.link_family(fam)
    assert not [i for i in res.issues if i.level == "warning"], res.issues


def test_site_has_no_broken_links_or_anchors(site: Path) -> None:
    problems = check(site)
    assert not problems, problems[:20]


def test_every_family_mention_in_the_seeds_is_a_link(site: Path) -> None:
    import re

    for slug in ("qq-ruanjian-xuke-ji-fuwu-xieyi", "tim-ruanjian-xuke-ji-fuwu-xieyi"):
        html = (site / slug / "index.html").read_text(encoding="utf-8")
        body = html[html.index('class="agreement"'):]
        assert 'class="unresolved"' not in body
        for name in ("腾讯服务协议", "QQ号码规则", "QQ隐私保护指引", "腾讯隐私政策", "QQ群服务协议"):
            for m in re.finditer(f"《(?:<[^>]+>)?{name}(?:</[^>]+>)?》", body):
                assert m.group(0).count("<a ") == 1, f"{slug}: {m.group(0)} not linked"
    qq = (site / "qq-ruanjian-xuke-ji-fuwu-xieyi" / "index.html").read_text(encoding="utf-8")
    assert '<a href="../qq-haoma-guize/" title="QQ号码规则" class="mention">QQ号码规则</a>' in qq
    assert '<a href="../qq-yinsi-baohu-zhiyin/" title="QQ隐私保护指引" class="mention">' in qq
    # 腾讯服务协议 is hosted: mentions link to our page (its official address is its 来源 there).
    assert '<a href="../tengxun-fuwu-xieyi/" title="腾讯服务协议" class="mention">腾讯服务协议</a>' in qq
    assert "https://www.qq.com/contract.shtml" in (site / "tengxun-fuwu-xieyi" / "index.html").read_text("utf-8")
    assert '<a href="#c-15" title="QQ软件许可及服务协议 c-15" class="ref">第十五条</a>' in qq
    rules = (site / "qq-haoma-guize" / "index.html").read_text(encoding="utf-8")
    assert '<h2 id="cited-by">被引用</h2>' in rules and "../qq-ruanjian-xuke-ji-fuwu-xieyi/#c-3" in rules
    fmap = (site / "family" / "index.html").read_text(encoding="utf-8")
    assert "<svg" in fmap and 'href="../qq-haoma-guize/"' in fmap and "<table>" in fmap


def _sentence(rel: str, needle: str) -> str:
    """The line of a real agreement text that holds ``needle``."""
    (line,) = [ln for ln in (ROOT / "docs" / "agreements" / rel).read_text(encoding="utf-8").splitlines()
               if needle in ln]
    return line.strip()


def test_section_chapter_and_part_references_link_like_clauses() -> None:
    # Real sentences of the privacy guidelines: 「请通过第10节中的联系方式与我们联系」.
    qq = _sentence("qq-privacy-guideline.txt", "请通过第10节中的联系方式")
    video = _sentence("tencent-video-privacy-guideline.txt", "请通过第10节中的联系方式")
    part = "如您对您所监护的儿童的个人信息保护有相关疑问，请通过第七部分中披露的联系方式与我们联系。"
    text = ("一、总则\n\n1.1 " + qq + "\n\n1.2 " + video + "\n\n1.3 " + part + "\n\n1.4 详见第2章及第二节。\n\n"
            + "".join(f"{c}、章\n\n" for c in ["二", "三", "四", "五", "六", "七", "八", "九", "十"]))
    ag = parse(text, "n.txt")
    ag.slug = "n"
    fam = Family([ag], {ag.title: Entry(ag.title, hosted=True)}, [], [])
    links.link_family(fam)
    anchors = ag.anchors()

    def refs(pid: str) -> list[tuple[str, tuple[str, str] | None]]:
        return [(s.text, s.target) for s in anchors[pid].lead if s.kind == "ref"]

    assert refs("c-1.1") == [("第10节", ("n", "c-10"))]
    assert refs("c-1.2") == [("第10节", ("n", "c-10"))]
    assert refs("c-1.3") == [("第七部分", ("n", "c-7"))]
    assert refs("c-1.4") == [("第2章", ("n", "c-2")), ("第二节", ("n", "c-2"))]
    # Every character stays, in order.
    assert "".join(s.text for s in anchors["c-1.3"].lead).endswith(part)


def test_reference_into_another_agreement_after_zhong_de() -> None:
    fam = make_family()
    qq = next(a for a in fam.agreements if a.title == "QQ软件许可及服务协议")
    p = qq.anchors()["c-1.2"]
    from agreements.model import Span

    p.lead = [Span("另见《QQ号码规则》中的第3.1条，而非第3.1条。")]
    links.link_family(fam)
    got = [(s.text, s.target) for s in qq.anchors()["c-1.2"].lead if s.kind == "ref"]
    # Right after the mention (中的 between) it is the mentioned agreement's; later, this one's.
    assert got[0] == ("第3.1条", ("rules", "c-3.1"))
    assert all(t != ("rules", "c-3.1") for _, t in got[1:])


def test_sections_in_the_site_link_to_the_contact_chapter(site: Path) -> None:
    for slug, heading in (("qq-yinsi-baohu-zhiyin", "与我们联系"), ("tengxun-shipin-yinsi-baohu-zhiyin", "联系我们")):
        html = (site / slug / "index.html").read_text(encoding="utf-8")
        assert 'class="ref">第10节</a>' in html
        assert f'id="c-10" class="prov-h"><span class="num">10.</span>{heading}<' in html
