"""Parser unit tests on fixtures cut from the real agreements."""

from __future__ import annotations

import pytest

from agreements.dates import parse_date
from agreements.parse import parse
from agreements.text import DecodeError, cn_to_int

from conftest import FIXTURES

QQ_HEAD = """\


QQ软件许可及服务协议

更新日期：2025-09-01 生效日期：2025-09-01

【更新提示】

【更新提示】

2025年9月1日：根据《人工智能生成合成内容标识办法》的相关规定，新增关于人工智能生成合成内容的有关约定。

首部及导言

欢迎您使用腾讯QQ软件及服务！

一、协议的范围

1.1 本协议是您与腾讯之间关于您下载、安装、使用、登录本软件，以及使用本服务所订立的协议。

1.2 本协议的内容，包括但不限于以下与本软件和/或服务相关的协议、规则、规范以及腾讯可能不时发布的关于本软件和/或服务的相关协议、规则、规范等内容：

- (1) 《[腾讯服务协议](#)》
- (2) 《[QQ号码规则](#)》
"""

TIM_HEAD = """\
---
title: TIM软件许可及服务协议
url: https://ti.qq.com/tim/serverinfo.html
clipped_at: 2022-01-23 13:43:36
---


# TIM软件许可及服务协议

欢迎您使用TIM软件及服务！

二、用户信息

2.1 保护用户个人信息是腾讯的一项基本原则。腾讯将按照本协议及《隐私政策》（链接地址：[https://sqimg.qq.com/mapp/agreement/tim\\_privacy.html](https://sqimg.qq.com/mapp/agreement/tim_privacy.html)）的规定收集。

2.3 您同意授权腾讯基于下列原因使用您的相关信息资源：

（1）执行软件验证服务；

（2）执行软件升级服务；

12.7 本协议条款无论因何种原因部分无效或不可执行，其余条款仍有效，对双方具有约束力。（正文完）

腾讯公司
"""


def ids(ag) -> list[str]:
    return [p.id for p in ag.walk() if p.id]


def test_qq_metadata_and_structure() -> None:
    ag = parse(QQ_HEAD.encode(), "qq.txt")
    assert ag.title == "QQ软件许可及服务协议"
    assert (ag.updated, ag.effective) == ("2025-09-01", "2025-09-01")
    assert ids(ag) == ["update-notice", "preamble", "c-1", "c-1.1", "c-1.2", "c-1.2-1", "c-1.2-2"]
    notice = ag.parts[0]
    # The duplicated heading is kept (role "dup", shown once), nothing dropped.
    assert [p.role for p in notice.body] == ["dup", "p"]
    assert notice.body[0].text == "【更新提示】"
    item = ag.anchors()["c-1.2-2"]
    assert item.num == "(2)" and [s.kind for s in item.lead] == ["text", "link", "text"]
    assert item.lead[1].text == "QQ号码规则" and item.lead[1].src_href == "#"


def test_tim_front_matter_heading_escapes_and_signature() -> None:
    ag = parse(TIM_HEAD.encode(), "tim.txt")
    assert ag.title == "TIM软件许可及服务协议"
    assert ag.source_url == "https://ti.qq.com/tim/serverinfo.html"
    assert ag.updated is None and ag.issuer == "腾讯公司"
    link = next(s for s in ag.anchors()["c-2.1"].lead if s.kind == "link")
    assert link.text == "https://sqimg.qq.com/mapp/agreement/tim_privacy.html"  # \_ unescaped
    assert ids(ag) == ["preamble", "c-2", "c-2.1", "c-2.3", "c-2.3-1", "c-2.3-2", "c-12.7", "signature"]


def test_crlf_and_bom() -> None:
    ag = parse(("\ufeff" + QQ_HEAD).replace("\n", "\r\n").encode("utf-8"), "crlf.txt")
    assert ag.title == "QQ软件许可及服务协议" and "c-1.2-2" in ids(ag)
    ag16 = parse(QQ_HEAD.encode("utf-16"), "utf16.txt")
    assert ids(ag16) == ids(ag)


def test_gb18030_and_undecodable() -> None:
    assert parse(QQ_HEAD.encode("gb18030"), "gbk.txt").title == "QQ软件许可及服务协议"
    with pytest.raises(DecodeError, match="tried utf-8, gb18030"):
        parse(b"\x81\x20\xff\xfe\x00\x00garbage\x80", "bad.txt")


def test_sentence_broken_across_blank_line_is_joined() -> None:
    text = ("七、用户个人信息保护\n\n7.8 腾讯非常重视对未成年人个人信息的保护。若您不具备完全民事行为能力，"
            "在使用本服务前，应事先取得您的监护\n\n人的同意。\n\n八、用户行为规范\n")
    ag = parse(text, "qq.txt")
    clause = ag.anchors()["c-7.8"]
    assert clause.lead_text.endswith("应事先取得您的监护人的同意。")
    assert clause.body == []


def test_ai_content_sentence_joined_and_paragraphs_kept() -> None:
    text = ("8.7 【人工智能生成合成内容】\n\n8.7.1 您应知悉并理解，本服务的输出成果中可能涉及人工智能生成合成内容，"
            "我们将根据法律法规要求而添加相应的\n\n人工智能生成合成内容标识（包括：在生成合成内容中添加的“显式标识”）。\n\n"
            "在使用本服务过程中，无论您是否向我们申请获取不含显式标识的生成合成内容，均不得删除。\n")
    ag = parse(text, "qq.txt")
    c = ag.anchors()["c-8.7.1"]
    assert "添加相应的人工智能生成合成内容标识" in c.lead_text
    assert [p.text[:6] for p in c.body] == ["在使用本服务"]
    assert ag.anchors()["c-8.7"].title_text == "【人工智能生成合成内容】"


def test_short_title_line_clause() -> None:
    ag = parse("8.2.1 法律法规禁止的行为\n\n您在使用本服务时须遵守法律法规：\n\n- (1) 反对宪法所确定的基本原则的；\n", "x")
    c = ag.anchors()["c-8.2.1"]
    assert c.title_text == "法律法规禁止的行为" and c.lead == []
    assert "c-8.2.1-1" in ag.anchors()


@pytest.mark.parametrize("text,updated,effective", [
    ("QQ隐私保护指引\n更新日期：【2021】年【11】月【1】日\n\n生效日期：【2021】年【11】月【1】日\n", "2021-11-01",
     "2021-11-01"),
    ("腾讯视频隐私保护指引\n更新日期： 2020年9月27日\n生效日期： 2020年9月27日\n", "2020-09-27", "2020-09-27"),
    ("某隐私政策\n最近更新日期 : 2018年 6月 27日\n", "2018-06-27", None),
    ("某协议\n更新日期：2022 年 8 月 5 日\n", "2022-08-05", None),
    ("某协议\n更新日期：２０２５-０９-０１ 生效日期：2025-09-01\n", "2025-09-01", "2025-09-01"),
])
def test_date_shapes(text: str, updated: str, effective: str | None) -> None:
    ag = parse(text, "d.txt")
    assert (ag.updated, ag.effective) == (updated, effective)


def test_impossible_date_warns() -> None:
    ag = parse("某协议\n更新日期：2025-13-45\n\n一、总则\n", "d.txt")
    assert ag.updated is None
    assert any(i.code == "bad-date" and i.line == 2 for i in ag.issues)
    assert parse_date("2025年2月30日") == (None, "impossible date 2025-2-30")


def test_title_fallbacks() -> None:
    ag = parse("为有效利用QQ号码资源，特制订《QQ号码规则》（以下简称“本规则”）。\n\n一、范围\n", "rules.txt")
    assert ag.title == "QQ号码规则"
    ag = parse("您好。\n\n一、范围\n", "dir/my-file.txt")
    assert ag.title == "my-file" and any(i.code == "no-title" for i in ag.issues)


def test_bracket_chapters_and_items() -> None:
    text = ("QQ号码规则\n\n【首部及导言】\n\n为有效利用QQ号码资源。\n\n三、【QQ号码的获取】\n\n"
            "3.1 您可以通过如下方式免费或有偿申请注册QQ号码，包括但不限于：\n（1）软件客户端；\n（2）腾讯网站；\n")
    ag = parse(text, "r.txt")
    assert ids(ag) == ["preamble", "c-3", "c-3.1", "c-3.1-1", "c-3.1-2"]
    assert ag.anchors()["c-3"].title_text == "【QQ号码的获取】"
    assert ag.parts[0].heading.text == "【首部及导言】"


def test_arabic_chapters_toc_block_and_duplicates() -> None:
    text = ("QQ隐私保护指引\n\ni. 我们将逐一说明。\n\nii. 当您使用一些功能时。\n\n如您想了解更加详尽的信息：\n\n"
            "1. 我们收集的信息\n\n2. 信息的存储\n\n3. 信息安全\n\n"
            "1.  我们收集的信息\n\n1.10 当您使用QQ面对面建群。\n\n1.11 当您使用QQ运动功能时。\n\n"
            "1.10 当您使用QQ天气公众号。\n\n1.12 当您使用看点。\n\n1.14 跳号。\n\n"
            "2.  信息的存储\n\n6.1.1访问QQ空间相册：\n\n1) 进入QQ后，点击左上角头像；\n\n2) 点击“我的相册”；\n")
    ag = parse(text, "g.txt")
    assert [p.kind for p in ag.parts][:3] == ["preamble", "toc", "chapter"]
    assert ids(ag)[:3] == ["preamble", "preamble-i", "preamble-ii"]
    assert "c-1.10-dup2" in ids(ag) and "c-1-dup2" not in ids(ag)
    codes = {i.code for i in ag.issues}
    assert {"out-of-order:1.10", "number-gap:1.14"} <= codes
    assert all(i.path == "g.txt" and i.line > 0 for i in ag.issues)
    assert "c-6.1.1-2" in ids(ag)


def test_fullwidth_digits_and_letter_roman_items() -> None:
    text = ("一、总则\n\n８.２.１ 全角编号的条款。\n\n2.2 条款：\n\nA. 第一项；\n\nB. 第二项；\n\n1.3 条款：\n\n"
            "iv. 第四项；\n")
    ag = parse(text, "f.txt")
    assert {"c-8.2.1", "c-2.2-a", "c-2.2-b", "c-1.3-iv"} <= set(ids(ag))


def test_section_and_restart_after_paragraph() -> None:
    text = ("二、信息收集及使用\n\n1、基本功能；\n\n（一）帮助您成为我们的会员\n\n1、基础会员服务\n\n2、附加会员服务\n\n"
            "6.1 访问个人信息\n\n访问个人基本信息：\n\n1) 进入；\n\n2) 点击；\n\n访问观看历史：\n\n1) 进入；\n")
    ag = parse(text, "s.txt")
    got = ids(ag)
    assert {"c-2-1", "c-2-s1", "c-2-s1-1", "c-2-s1-2", "c-6.1-1", "c-6.1-1-dup2"} <= set(got)
    assert not [i for i in ag.issues if "c-6.1" in i.message]  # restart after a paragraph is fine


def test_cn_numerals() -> None:
    assert [cn_to_int(s) for s in ["八", "十", "十五", "二十三", "九十九", "一百零二"]] == [8, 10, 15, 23, 99, 102]


def test_end_mark_and_signature() -> None:
    ag = parse("十五、其他\n\n15.7 以中文版为准。\n\n（正文完）\n\n深圳市腾讯计算机系统有限公司\n", "e.txt")
    assert ag.issuer == "深圳市腾讯计算机系统有限公司"
    assert ids(ag)[-1] == "signature"
    assert ag.anchors()["c-15.7"].body[0].role == "end"


# --- The general shapes of Chinese agreements (issue 14) -----------------------------

def _tree(ag) -> list[tuple[str, str | None]]:
    return [(p.id, p.parent.id if p.parent else None) for p in ag.walk() if p.id]


def test_shapes_nest_in_the_order_a_text_uses_them() -> None:
    text = ("某某服务协议\n更新日期：2024年3月1日\n\n第一条、 立约背景\n1.1、 本协议由您与我们订立。\n"
            "（1） 第一项；\n a. 第一目；\n b. 第二目；\n（2） 第二项。\n1.2、 第二款。\n"
            "第二条、 服务内容\n2.1、 我们提供服务。\n")
    ag = parse(text, "a.txt")
    assert _tree(ag) == [
        ("art-1", None), ("c-1.1", "art-1"), ("c-1.1-1", "c-1.1"), ("c-1.1-1-a", "c-1.1-1"),
        ("c-1.1-1-b", "c-1.1-1"), ("c-1.1-2", "c-1.1"), ("c-1.2", "art-1"),
        ("art-2", None), ("c-2.1", "art-2")]
    assert not [i for i in ag.issues if i.level == "warning"]


def test_a_chapter_never_nests_in_an_item_list() -> None:
    ag = parse("某隐私政策\n\n1.为了帮您查找附近的WiFi，需要位置权限。\n2.为了推荐内容，需要设备标识。\n"
               "一、我们如何收集信息\n（一）注册\n1. 手机号码。\n二、我们如何使用信息\n", "b.txt")
    assert [p.id for p in ag.parts] == ["preamble", "c-1", "c-2"]
    assert [p.id for p in ag.parts[1].walk()] == ["c-1", "c-1-s1", "c-1-s1-1"]


@pytest.mark.parametrize("line, key", [
    ("① 第一种情形；", "c-1-1"), ("a.第一目，无空格；", "c-1-a"), ("i. 罗马数字；", "c-1-i"),
    ("Ⅱ.全角罗马数字；", "c-1-ii"), ("1 第一项 后有空格", "c-1-1"), ("(a) 括号字母；", "c-1-a"),
])
def test_every_numbering_shape_gets_an_anchor(line: str, key: str) -> None:
    ag = parse(f"某规则\n\n一、总则\n{line}\n", "s.txt")
    assert key in ag.anchors()


def test_parts_and_annexes_scope_their_ids() -> None:
    ag = parse("某协议\n\n第一部分 通用条款\n一、定义\n1.1 本条。\n第二部分 特别条款\n一、适用\n"
               "附件一：第三方清单\n一、SDK\n", "p.txt")
    assert ["part-1", "part-1-c-1", "part-1-c-1.1", "part-2", "part-2-c-1", "annex-1", "annex-1-c-1"] == [
        p.id for p in ag.walk() if p.id]


@pytest.mark.parametrize("line, updated, effective", [
    ("更新日期：2022年6月29日", "2022-06-29", None),
    ("最后修订日期: 2021-08-19", "2021-08-19", None),
    ("最近更新日期 : 2018年 6月 27日", "2018-06-27", None),
    ("本隐私政策于2022年1月19日更新。", "2022-01-19", None),
    ("隐私政策更新（日期：2021年12月3日）", "2021-12-03", None),
    ("首次发布日期：2011年【4】月【6】日\n本次更新发布日期：2022年【2】月【26】日\n本版生效日期：2022年【2】月【26】日",
     "2022-02-26", "2022-02-26"),
    ("更新与生效日期：2022年7月", "2022-07", "2022-07"),
    ("发布及更新日期：２０２２年０８月１５日", "2022-08-15", None),
    ("本版更新&生效时间：2021年【1】月【1】日", "2021-01-01", "2021-01-01"),
    ("发布日期：2020/12/14\n生效日期：2020.12.20", "2020-12-14", "2020-12-20"),
    ("本政策自2022年9月1日起生效。", None, "2022-09-01"),
    ("根据2021年11月1日起施行的《个人信息保护法》，我们更新了本政策。", None, None),
    ("本政策发布于2021年1月1日，并于2023年1月1日更新。", "2023-01-01", None),
    ("本政策于二〇二二年三月一日更新，并于2022年3月15日生效。", "2022-03-01", "2022-03-15"),
    ("本规则于2023年9月1日修订，自2023年9月8日起实施。", "2023-09-01", "2023-09-08"),
    ("【更新日期】2023年1月1日", "2023-01-01", None),
    ("更新日期 / 生效日期：2023年1月1日", "2023-01-01", "2023-01-01"),
    ("我们于2023年1月1日对本政策进行了更新。", "2023-01-01", None),
    ("2023年7月1日更新", "2023-07-01", None),
    ("本办法自二〇二三年一月一日起施行。", None, "2023-01-01"),
])
def test_dates_in_every_label_and_spelling(line: str, updated: str | None, effective: str | None) -> None:
    ag = parse(f"某隐私政策\n\n一、总则\n1.1 正文。\n\n{line}\n", "d.txt")
    assert (ag.updated, ag.effective) == (updated, effective)


def test_the_update_label_beats_a_publication_date_and_the_line_is_kept() -> None:
    ag = parse("某政策\n发布日期：2020年1月1日\n\n一、总则\n\n最后更新日期：2021年2月3日\n", "d.txt")
    assert ag.updated == "2021-02-03" and ag.updated_line == 6


def test_an_undated_text_warns_naming_the_file() -> None:
    ag = parse("某协议\n\n一、总则\n", "docs/agreements/x.txt")
    assert any(str(i).startswith("docs/agreements/x.txt:1: no 更新日期") for i in ag.issues)


@pytest.mark.parametrize("text, title", [
    ("欢迎您使用WiFi万能钥匙！\nWiFi万能钥匙隐私政策（摘要版）\n\n正文。\n", "WiFi万能钥匙隐私政策（摘要版）"),
    ("法律条款\n爱彼迎中国隐私政策\n最后更新日期：2021年10月31日\n\n正文。\n", "爱彼迎中国隐私政策"),
    ("本版发布日期：【2022-08-30】\n生效日期：【2022-08-30】\n\n咪咕公司隐私政策概要\n\n正文。\n", "咪咕公司隐私政策概要"),
    ("《暗区突围》隐私保护指引\n\n更新日期：2022年7月13日\n", "《暗区突围》隐私保护指引"),
    ("---\ntitle: WeChat – 服务条款\n---\n\n## 正文\n\n### 简介\n\n欢迎您使用WeChat服务！\n", "WeChat – 服务条款"),
    ("首页 > 法律声明 > 用户协议\n某某社区用户服务协议\n\n正文。\n", "某某社区用户服务协议"),
    ("某某平台用户服务协议（以下简称“本协议”）\n\n正文。\n", "某某平台用户服务协议"),
    ("某某用户服务协议书\n\n正文。\n", "某某用户服务协议书"),
    ("某某平台交易规则总则\n\n正文。\n", "某某平台交易规则总则"),
    ("某某社区内容标准\n\n正文。\n", "某某社区内容标准"),
    ("某某用户服务协议 V2.0\n\n正文。\n", "某某用户服务协议 V2.0"),
])
def test_title_among_the_opening_lines(text: str, title: str) -> None:
    ag = parse(text, "t.txt")
    assert ag.title == title
    assert not [i for i in ag.issues if i.code == "no-title"]


def test_header_keeps_source_order() -> None:
    ag = parse("欢迎您使用某某！\n某某隐私政策\n更新日期：2022年1月1日\n\n正文。\n", "o.txt")
    assert [p.role for p in ag.head] == ["pre", "title", "dates"]


def test_clipping_headings_become_sections_with_ids_that_follow_the_words() -> None:
    a = parse("---\ntitle: 某服务条款\n---\n## 正文\n### 简介\n欢迎。\n#### 您的帐号\n**您应保管好帐号。**\n", "w.txt")
    b = parse("---\ntitle: 某服务条款\n---\n## 正文\n### 简介\n欢迎。\n#### 变更\n我们可能变更。\n"
              "#### 您的帐号\n新的文字。\n", "w.txt")
    assert "s-ninde-zhanghao" in a.anchors() and "s-ninde-zhanghao" in b.anchors()
    acct = a.anchors()["s-ninde-zhanghao"]
    assert acct.parent is not None and acct.parent.id == "s-jianjie"
    para = acct.body[0]
    assert para.spans[0].strong and para.text == "您应保管好帐号。"


def test_unnumbered_plain_text_gets_heading_sections() -> None:
    text = ("某儿童隐私声明\n\n我们重视儿童的个人信息。\n\n我们收集哪些信息\n\n我们会收集必要的信息。\n\n"
            "联系我们\n\n您可以通过以下方式联系我们：\n1. 邮件；\n2. 电话。\n")
    ag = parse(text, "u.txt")
    ids = [p.id for p in ag.walk() if p.id]
    assert "s-women-shouji-naxie-xinxi" in ids and "s-lianxi-women" in ids
    # Numbers under an unnumbered heading are named as if the heading were not there.
    assert "preamble-1" in ids and "preamble-2" in ids


def test_tab_rows_become_a_table_and_bold_is_strong() -> None:
    from agreements.render import render

    ag = parse("---\ntitle: 某政策\n---\n一、清单\nSDK名称\t用途\n微信SDK\t分享\n**重要**的条款。\n", "t.txt")
    html = render(ag).html
    assert "<table><tbody><tr><td>SDK名称</td><td>用途</td></tr><tr><td>微信SDK</td><td>分享</td></tr>" in html
    assert "<strong>重要</strong>的条款" in html


def test_toc_entries_link_to_their_sections() -> None:
    from agreements.render import render

    ag = parse("某政策\n\n本政策包括：\n一、收集\n二、使用\n三、共享\n\n一、收集\n正文。\n二、使用\n正文。\n三、共享\n正文。\n", "c.txt")
    assert [p.id for p in ag.parts if p.id] == ["preamble", "c-1", "c-2", "c-3"]
    html = render(ag).html
    assert '<p class="toc-line"><a href="#c-2">二、使用</a></p>' in html


def test_unbalanced_brackets_are_warnings_with_the_line() -> None:
    ag = parse("某协议\n更新日期：2024年1月1日\n\n一、总则\n1.1 见《某规则。\n1.2 【注意。\n1.3 正常（括号）。\n", "b.txt")
    warned = {(i.line, i.code) for i in ag.issues if i.level == "warning"}
    assert warned == {(5, "unbalanced:《"), (6, "unbalanced:【")}


FAMILY = FIXTURES / "family"


def test_real_wechat_clipping_title_date_and_sections() -> None:
    """WeChat服务条款 (a web clipping: front matter, Markdown headings, bold, 最后修订日期 on the last line)."""
    ag = parse((FAMILY / "wechat-service-terms" / "2022-01-28.clipping.md").read_bytes(), "wechat.md")
    assert ag.title == "WeChat – 服务条款"
    assert ag.updated == "2022-01-28"
    ids = [p.id for p in ag.walk() if p.id]
    assert {"s-zhengwen", "s-jianjie", "s-ninde-zhanghao", "s-biangeng"} <= set(ids)
    assert sum(i.startswith("s-") for i in ids) >= 24
    assert any(s.strong for p in ag.walk() for c in p.body for s in c.spans)


def test_real_clipping_in_a_quote_block_and_bulleted_clauses() -> None:
    policy = parse((FAMILY / "tencent-privacy-policy" / "2021-12-03.clipping.md").read_bytes(), "p.md")
    assert policy.updated == "2021-12-03"
    assert {"front", "preamble", "s-women-shouji-de-xinxi", "s-lianxi-women"} <= set(policy.anchors())
    rules = parse((FAMILY / "qq-number-rules" / "2022-01-23.clipping.md").read_bytes(), "r.md")
    assert {"c-3.4", "c-11", "c-13.7", "c-3.1-4"} <= set(rules.anchors())


def test_a_number_that_starts_a_sentence_is_not_a_dotted_clause() -> None:
    ag = parse("某协议\n\n一、服务内容\n1. 30日内未登录的账号将被冻结。\n3. 1.5倍赔偿以订单金额为限。\n", "n.txt")
    assert [p.id for p in ag.walk() if p.id][-2:] == ["c-1-1", "c-1-3"]


def test_a_sentence_about_an_annex_is_not_an_annex() -> None:
    ag = parse("某协议\n\n一、总则\n二、附件说明\n附件一为本协议不可分割的组成部分。\n附件二所列费用标准以页面为准。\n"
               "三、其他\n", "a.txt")
    assert [p.id for p in ag.parts] == ["c-1", "c-2", "c-3"]


def test_bracket_headings_of_a_numbered_rules_text_are_sections() -> None:
    ag = parse("某社区规则\n\n【违规内容】\n1、政治有害类\n2、虚假谣言类\n【处罚措施】\na. 删除内容；\nb. 封禁帐号。\n"
               "【附则】\n本规则由平台负责解释。\n", "r.txt")
    tree = {p.id: (p.parent.id if p.parent else None) for p in ag.walk() if p.id}
    assert tree["c-1"] == tree["c-2"] == "s-weigui-neirong"
    assert tree["s-chufa-cuoshi"] is None or tree["s-chufa-cuoshi"] == "preamble"
    penalties = ag.anchors()["s-chufa-cuoshi"]
    assert [c.num for c in penalties.children] == ["a.", "b."]


def test_a_contents_list_numbered_1_2_3_before_chapters_links_to_them() -> None:
    t = ("某隐私政策\n更新日期：2023年1月1日\n\n本政策将帮助您了解以下内容：\n1、我们如何收集您的个人信息\n"
         "2、我们如何共享您的个人信息\n3、如何联系我们\n\n一、我们如何收集您的个人信息\n正文。\n"
         "二、我们如何共享您的个人信息\n正文。\n三、如何联系我们\n正文。\n")
    ag = parse(t, "c.txt")
    assert [p.id for p in ag.walk() if p.id] == ["preamble", "c-1", "c-2", "c-3"]
    toc = next(p for p in ag.parts if p.kind == "toc")
    assert [para.ref for para in toc.body] == ["c-1", "c-2", "c-3"]


@pytest.mark.parametrize("text, updated, effective", [
    ("某管理办法\n\n第一条 为规范管理，制定本办法。\n第六条 本办法自二〇二三年一月一日起施行。\n", None, "2023-01-01"),
    ("某平台规则\n\n1. 总则\n1.1 正文。\n3.1 本规则于2023年9月1日修订，自2023年9月8日起实施。\n", "2023-09-01", "2023-09-08"),
    ("某社区公约\n\n一、总则\n正文。\n\n2023年8月\n某社区运营团队\n", "2023-08", None),
])
def test_dates_after_a_label_and_a_bare_date_above_the_signature(text: str, updated, effective) -> None:
    ag = parse(text, "d.txt")
    assert (ag.updated, ag.effective) == (updated, effective)
    assert not [i for i in ag.issues if i.code == "no-date"]


def test_reparser_returns_a_fresh_copy_of_an_unchanged_input_and_forgets_what_a_build_left() -> None:
    from agreements.parse import Reparser

    data = "QQ号码规则\n\n1.1 帐号不得转让。\n\n1.2 号码回收。\n".encode()
    again = Reparser()
    first = again(data, "qq.txt")
    first.title = "changed by a later stage"
    second = again(data, "qq.txt")
    assert second is not first and second.title == "QQ号码规则"
    assert [p.id for p in second.walk()] == [p.id for p in parse(data, "qq.txt").walk()]
    assert again(data, "other.txt").issues == parse(data, "other.txt").issues  # the path is part of the key
    again.end_build()
    again(data.replace("转让".encode(), "出借".encode()), "qq.txt")
    again.end_build()  # the old text was not asked for in that build: dropped
    assert len(again._kept) == 1


def test_shared_character_classes_and_normalisers() -> None:
    from agreements.dates import arabic_dates
    from agreements.text import CN_NUMERAL, HAN_CHAR, one_space, without_space, word_chars

    assert set(CN_NUMERAL) == set("一二三四五六七八九十百零〇两")
    assert cn_to_int("一百零二") == 102 and cn_to_int("两") == 2
    assert HAN_CHAR.match("㐀") and HAN_CHAR.match("鿿") and not HAN_CHAR.match("Ａ")
    assert without_space(" 隐私 \u3000政策\n") == "隐私政策" and one_space(" a \u3000 b\n") == "a b"
    assert word_chars("一、 总 则（1）_") == "一总则1"
    assert arabic_dates("二〇二三年十二月三十一日，二零一九年二月") == "2023年12月31日，2019年2月"


def test_span_lists_in_source_order_and_running_text() -> None:
    from agreements.model import Para, Provision, Span

    sub = Provision("item", 4, lead=[Span("子项")])
    prov = Provision("clause", 2, title=[Span("标题")], lead=[Span("引言")], heading=Para([Span("源标题")], 1),
                     content=[Para([Span("段一")], 3), sub, Para([Span("表")], 5, "row"), Para([Span("重")], 6, "dup")])
    got = [(what, line, "".join(s.text for s in spans)) for _, what, line, spans in prov.span_lists(deep=True)]
    assert got == [("title", 2, "标题"), ("lead", 2, "引言"), ("source-heading", 1, "源标题"), ("p", 3, "段一"),
                   ("lead", 4, "子项"), ("row", 5, "表"), ("dup", 6, "重")]
    assert [w for _, w, _, _ in prov.span_lists()] == ["title", "lead", "source-heading", "p", "row", "dup"]
    assert [(line, spans[0].text) for line, spans in prov.running()] == [(2, "引言"), (3, "段一")]


def test_a_line_after_a_notice_heading_never_joins_the_paragraph_before_it() -> None:
    """Found by Hypothesis: a date line after 【更新提示】 was joined to the paragraph above the
    heading, so the page showed it before the heading (source order lost)."""
    from agreements.model import Para

    text = ("QQ软件许可及服务协议\nQQ软件许可及服务协议 QQ软件许可及服务协议\n【更新提示】\n"
            "更新日期：2025-09-01 生效日期：2025-09-01\n")
    ag = parse(text, "x")
    paras = {p.kind: [c.text for c in p.content if isinstance(c, Para)] for p in ag.parts}
    assert paras["preamble"] == ["QQ软件许可及服务协议 QQ软件许可及服务协议"]
    assert paras["notice"] == ["更新日期：2025-09-01 生效日期：2025-09-01"]
