"""Property-based tests: for text built from agreement fragments, parsing never raises
and rendering keeps every character."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from agreements.glossary import Term, annotate
from agreements.parse import parse
from agreements.render import render

from helpers import article, source_chars

# Fragments cut from the seeds and the corpus, plus the syntax that trips parsers.
FRAGMENTS = [
    "QQ软件许可及服务协议", "更新日期：2025-09-01 生效日期：2025-09-01", "【更新提示】", "首部及导言",
    "一、协议的范围", "八、用户行为规范", "十五、其他", "三、【QQ号码的获取】", "1. 我们收集的信息",
    "1.1 本协议是您与腾讯之间关于您下载、安装、使用、登录本软件", "8.2.1 法律法规禁止的行为",
    "８.２.１ 全角编号", "- (1) 《[腾讯服务协议](#)》", "（1）软件客户端；", "1) 进入QQ后，点击左上角头像；",
    "1）为订立、履行", "i. 我们将逐一说明", "A. 第一项", "（一）共享", "第一章 总则", "第一条 为了规范",
    "您应事先取得您的监护", "人的同意。", "（正文完）", "深圳市腾讯计算机系统有限公司", "腾讯公司",
    "如第十五条相关约定", "本协议第8.2.1条", "前款", "本条", "《QQ号码规则》第3.1条",
    "（以下简称“本协议”）", "（简称“封号”）", "“法律法规”指", "[链接](https://kf.qq.com/)", "<https://kf.qq.com/>",
    "tim\\_privacy.html", "<script>alert(1)</script>", "[x](javascript:alert(1))", "{{ config }}", "{% x %}",
    "*星号* _下划线_ `代码` | > ---", "# 井号", "【", "】", "《", "》", "---", "title: x", "\t", "😀👨‍👩‍👧", "𠀀",
    "\x07", "\u200b", "\u3000", "QQ号码", "Q币", "反向工程",
]

texts = st.lists(st.tuples(st.sampled_from(FRAGMENTS), st.sampled_from(["\n", "\n\n", " ", ""])),
                 max_size=40).map(lambda parts: "".join(a + b for a, b in parts))

TERMS = [Term("QQ号码", "QQ number"), Term("本协议", "this Agreement"), Term("封号", "account suspension"),
         Term("反向工程", "reverse engineering")]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
@example("--- \t\n\n---\nQQ软件许可及服务协议\n")  # an empty front matter whose opener ends in a tab
def test_parse_never_raises_and_render_keeps_every_character(text: str) -> None:
    ag = parse(text, "prop.txt")
    ag.slug = "prop"
    annotate(ag, TERMS)
    html = render(ag).html
    page = "".join("".join(article(html).parts).split())
    if ag.head or any(True for _ in ag.walk()):
        assert page == source_chars(text)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=400))
def test_arbitrary_bytes_decode_or_fail_cleanly(data: bytes) -> None:
    from agreements.text import DecodeError

    try:
        parse(data, "bytes.txt")
    except DecodeError as exc:
        assert "tried" in str(exc)
