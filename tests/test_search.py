"""search.py: the sharded index the search worker reads."""

from __future__ import annotations

from pathlib import Path

from agreements import search, thesaurus
from agreements.parse import parse
from agreements.render import provision_label


def test_normalize_maps_variants_and_widths_one_character_for_one() -> None:
    text = "帐號ＱＱ登陆Ｑ幣"
    out = search.normalize(text)
    assert out == "账号qq登录q币"
    assert len(out) == len(text)  # offsets in the normalised text are offsets in the original


def test_terms_are_bigrams_latin_words_and_lone_characters() -> None:
    t = search.terms("QQ号码、税。Cookie 2025")
    assert {"qq", "号码", "税", "cookie", "2025"} <= set(t)
    assert "码税" not in t  # punctuation separates
    assert search.terms("未成年人") == {"未成": 1, "成年": 1, "年人": 1}


def test_clause_numbers_from_ids() -> None:
    assert search.clause_number("c-8.2.1") == "8.2.1"
    assert search.clause_number("c-15") == "15"
    assert search.clause_number("part-2-c-1") == "1"
    assert search.clause_number("c-8.2.2-2") is None and search.clause_number("preamble") is None


def _decode(code: str) -> list[tuple[int, int]]:
    """The worker's decoder, in Python: per posting twice the gap (plus one when a frequency
    follows) and the frequency, in variable-length digits."""
    out, n, pending, doc = [], 0, False, 0
    for c in code:
        if c in search._MORE:
            n = n * 32 + search._MORE.index(c)
            continue
        n = n * 32 + search._END.index(c)
        if pending:
            out.append((doc, n))
            pending = False
        else:
            doc += n >> 1
            pending = bool(n & 1)
            if not pending:
                out.append((doc, 1))
        n = 0
    return out


def test_postings_round_trip_through_the_shard_encoding() -> None:
    docs = [search.Doc(0, f"c-{i}", f"第{i}条", "反向工程" if i % 7 == 0 else "服务" * (1 + i % 3), number=str(i))
            for i in range(1, 2000)]
    post, norms = search.postings(docs)
    grouped, buckets = search.shards(post)
    assert buckets == -(-sum(len(p) for p in post.values()) // search.PER_SHARD)
    table = grouped[search.bucket("反向", buckets)]
    assert _decode(table["反向"]) == [(i, 1) for i, d in enumerate(docs) if d.text == "反向工程"]
    # 服务 twice or three times in a text: the frequency is stored
    assert _decode(grouped[search.bucket("服务", buckets)]["服务"])[:3] == [(0, 2), (1, 3), (2, 1)]
    assert _decode(grouped[search.bucket("§1500", buckets)]["§1500"]) == [(1499, 1)]
    # one length norm a document; a longer text has a larger one
    assert len(norms) == len(docs)
    assert search.DIGITS64.index(norms[0]) < search.DIGITS64.index(norms[1])


def test_agreement_docs_cite_each_provision() -> None:
    ag = parse("QQ软件许可及服务协议\n\n八、用户行为规范\n\n8.2.2 软件使用\n\n您不得从事下列行为：\n\n"
               "- (2) 对本软件进行反向工程、反向汇编、反向编译。\n", "qq.txt")
    docs = search.agreement_docs(ag, 0, provision_label)
    assert [d.anchor for d in docs] == ["c-8", "c-8.2.2", "c-8.2.2-2"]
    assert docs[-1].title == "第8.2.2条(2)" and "反向工程" in docs[-1].text
    assert docs[1].number == "8.2.2" and docs[-1].number is None


def test_page_sections_follow_material_sections_as_plain_text() -> None:
    html = ('<h1 id="lian-jie">链接约定 / Link contract<a class="headerlink" href="#lian-jie">¶</a></h1>\n'
            '<p>Anchor ids are a public contract.</p>\n'
            '<h2 id="ids">锚点 <code>c-8.2</code><a class="headerlink" href="#ids">¶</a></h2>\n'
            '<ul>\n<li>第十五条 → <code>#art-15</code></li>\n<li></li>\n</ul>\n'
            '<script>var x = "不应被索引";</script><svg><text>图中文字</text></svg>'
            '<div data-search-exclude><p>排除的内容</p></div>')
    secs = search.page_sections(html, "链接约定")
    assert [s[0] for s in secs] == ["", "ids"]
    assert secs[0][1] == "链接约定 / Link contract"  # no permalink sign
    assert secs[0][2] == "Anchor ids are a public contract."
    assert secs[1] == ("ids", "锚点 c-8.2", "第十五条 → #art-15")
    every = " ".join(s[2] for s in secs)
    assert "索引" not in every and "图中" not in every and "排除" not in every


def test_page_sections_without_h1_use_the_page_title() -> None:
    secs = search.page_sections('<p>前言</p><h2 id="a">A</h2><p>x &amp; y</p>', "页面")
    assert secs == [("", "页面", "前言"), ("a", "A", "x & y")]


def test_index_files_and_manifest(tmp_path: Path) -> None:
    ag = parse("QQ号码规则\n\n1.1 帐号不得转让。\n\n1.2 号码回收。\n", "qq.txt")
    th = search.Thesaurus([(["借给"], ["转让", "出借"])], ["可以", "吗"])
    files = search.site_index([(ag, "qq/", ["号码规则"])], provision_label, None,
                              [("contract/", "链接约定", [("", "链接约定", "Anchor ids")])], th, [])
    m = files["search/search_index.json"]["config"]["ag"]
    assert files["search/search_index.json"]["docs"] == []  # Material's main thread gets the manifest only
    assert m["pages"] == [["qq/", "QQ号码规则", "a"], ["contract/", "链接约定", "h"]]
    assert m["starts"] == [0, 2] and m["n"] == 3
    assert m["ask"] == [[["借给"], ["转让", "出借"]]] and m["stop"] == ["可以", "吗"]
    assert m["norm"]["帐"] == "账"
    assert files["search/d/0.json"][0] == ["c-1.1", "第1.1条", "帐号不得转让。"]  # the text as written
    shard = files[f"search/t/{search.bucket('账号', m['buckets'])}.json"]
    assert "账号" in shard and "帐号" not in shard  # indexed normalised
    assert any(k.startswith("search/p/") for k in files)


def test_pinyin_vocabulary_reads_words_in_context() -> None:
    search.set_user_words(["反向工程"])
    vocab = search.vocabulary(["对本软件进行反向工程"], ["银行"])
    assert vocab["反向工程"][1][0] == "fan xiang gong cheng"
    assert vocab["银行"][1][0] == "yin hang"  # the reading its word context gives


def test_thesaurus_file_and_glossary_entries(tmp_path: Path) -> None:
    p = tmp_path / "t.yml"
    p.write_text("stop: [吗]\nentries:\n  - ask: [借]\n    find: [出借]\n  - ask: []\n    find: [x]\n", "utf-8")
    th, issues = thesaurus.load(p, "t.yml")
    assert th.stop == ["吗"] and th.entries == [(["借"], ["出借"])]
    assert len(issues) == 1 and "entry 2" in issues[0].message
    bad = tmp_path / "bad.yml"
    bad.write_text("stop: [\n", "utf-8")
    th, issues = thesaurus.load(bad, "bad.yml")
    assert th.entries == [] and issues and issues[0].path == "bad.yml"
    from agreements.glossary import Term

    assert thesaurus.from_glossary([Term(zh="不可抗力", en="force majeure", aliases=("不可抗拒",))]) == \
        [(["不可抗拒", "force majeure"], ["不可抗力"])]
    assert search.unmatched(search.Thesaurus([(["a"], ["火星"]), (["b"], ["转让"])]), ["不得转让"]) == ["a"]


def test_segmenting_on_a_second_process_gives_the_serial_segmentation(monkeypatch) -> None:
    from agreements import memo

    texts = ["您不得对本软件进行反向工程、反向汇编、反向编译。", "腾讯有权回收长期未登录的QQ号码。",
             "未成年人应在监护人的陪同下阅读本协议。"]
    search.set_user_words(["反向工程"])
    serial = search._segment_all(texts)
    memo.clear()
    monkeypatch.setattr(search, "PARALLEL_CHARS", 0)
    assert search.segment_early(texts, ["反向工程"], parallel=False) is None  # mkdocs serve: never
    pending = search.segment_early(texts, ["反向工程"], parallel=True)
    assert pending is not None
    pending.collect()
    keys = [memo.SEP.join((search._salt, t)) for t in texts]
    assert not memo.missing("segments", keys)
    assert [memo._tables["segments"][k] for k in keys] == serial
    assert ["".join(search.words(t)) for t in texts] == texts
    assert "反向工程" in search.words(texts[0])  # the user word, kept whole in the second process too
