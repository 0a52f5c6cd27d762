"""search.py: tokens that Material's worker will index."""

from __future__ import annotations

from agreements import search
from agreements.parse import parse


def test_sub_words_and_pinyin_keys() -> None:
    search.set_user_words(["反向工程", "隐私政策", "QQ号码"])
    k, g = search.keys_for("反向工程")
    assert {"fanxianggongcheng", "fxgc", "fan", "xiang", "gong", "cheng"} <= g
    assert {"反向", "工程"} <= k
    k, g = search.keys_for("隐私政策")
    assert "yszc" in g and "yinsizhengce" in g
    k, _ = search.keys_for("QQ号码")
    assert "号码" in k
    k, _ = search.keys_for("即时通讯")
    assert "通讯" in k and "jishitongxun" in k
    # Frequent two-character words get no pinyin; rare ones do.
    assert search.keys_for("使用")[0] == set()
    assert "danmu" in search.keys_for("弹幕", rare=True)[0]


def test_prefix_pruning_keeps_what_prefix_search_cannot_reach() -> None:
    kept = search.prune_prefixes({"fan", "fanxiang", "xiang", "cheng"}, {"fanxianggongcheng"})
    assert kept == ["cheng", "xiang"]


def test_text_is_word_separated_without_separators_next_to_punctuation() -> None:
    search.set_user_words(["反向工程"])
    seg, _ = search.segment_text("对本软件进行反向工程、反向汇编")
    assert seg.replace("\u200b", "") == "对本软件进行反向工程、反向汇编"
    assert "\u200b反向工程、" in seg and "、\u200b" not in seg


def test_shape_index_replaces_page_docs_with_clause_docs() -> None:
    ag = parse("QQ软件许可及服务协议\n\n八、用户行为规范\n\n8.2.2 软件使用\n\n您不得从事下列行为：\n\n"
               "- (2) 对本软件进行反向工程、反向汇编、反向编译。\n", "qq.txt")
    ag.slug = "qq"
    index = {"config": {"lang": ["en"], "separator": "x", "pipeline": ["stemmer"], "fields": {}},
             "docs": [{"location": "qq/", "title": "QQ", "text": "whole page"},
                      {"location": "qq/#c-8", "title": "八", "text": "chapter"},
                      {"location": "contract/", "title": "Contract", "text": "kept"}]}
    out = search.shape_index(index, [(ag, "qq/")])
    locs = [d["location"] for d in out["docs"]]
    assert locs == ["contract/", "qq/", "qq/#c-8", "qq/#c-8.2.2", "qq/#c-8.2.2-2"]
    item = out["docs"][-1]
    assert item["title"] == "第8.2.2条(2) · QQ软件许可及服务协议"
    assert out["config"]["pipeline"] == [] and "g" in out["config"]["fields"]
    assert out["docs"][1]["text"] == ""  # the page is only the group heading


def test_page_docs_follow_material_sections_with_our_words() -> None:
    """Documentation pages are cut into heading sections like Material's own indexer,
    with this module's tokenizer (user words kept whole) and no jieba global load."""
    search.set_user_words(["链接约定"])
    html = ('<h1 id="lian-jie">链接约定 / Link contract<a class="headerlink" href="#lian-jie">¶</a></h1>\n'
            '<p>Anchor ids are a public contract.</p>\n'
            '<h2 id="ids">锚点 <code>c-8.2</code><a class="headerlink" href="#ids">¶</a></h2>\n'
            '<ul>\n<li>第十五条 → <code>#art-15</code></li>\n<li></li>\n</ul>\n'
            '<script>var x = "不应被索引";</script><svg><text>图中文字</text></svg>'
            '<div data-search-exclude><p>排除的内容</p></div>')
    docs = search.page_docs(html, "contract/", "链接约定")
    assert [d.location for d in docs] == ["contract/", "contract/#ids"]
    assert docs[0].title == "链接约定\u200b / Link contract"  # no permalink sign, term kept whole
    assert docs[0].text == "<p>Anchor ids are a public contract.</p>"
    assert docs[1].title == "锚点\u200b <code>c-8.2</code>"
    assert docs[1].text == "<ul> <li>\u200b第十五条\u200b → <code>#art-15</code></li> </ul>"
    every = " ".join(d.text for d in docs)
    assert "索引" not in every and "图中" not in every and "排除" not in every


def test_page_docs_without_h1_use_the_page_title() -> None:
    docs = search.page_docs('<p>前言</p><h2 id="a">A</h2><p>x &amp; y</p>', "p/", "页面")
    assert [(d.location, d.title, d.text) for d in docs] == [("p/", "页面", "<p>\u200b前言\u200b</p>"),
                                                          ("p/#a", "A", "<p>x &amp; y</p>")]
    docs = search.page_docs('<h2 id="a">A</h2><p>x</p>', "p/", "页面")
    assert [(d.location, d.title, d.text) for d in docs] == [("p/", "页面", ""), ("p/#a", "A", "<p>x</p>")]
