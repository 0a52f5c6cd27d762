"""Search through Material's own search box lands on clauses (issue: clause-level results)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from search_eval import by_category, load_queries, run, summary

pytestmark = pytest.mark.browser


def slugs(site: Path) -> dict[str, str]:
    data = json.loads((site / "clauses.json").read_text(encoding="utf-8"))
    return {a["title"]: a["url"] for a in data["agreements"]}


def test_query_set_recall(page, server, site: Path) -> None:
    outcomes = run(page, server, load_queries(), slugs(site))
    s = summary(outcomes)
    misses = [(o.query.text, o.query.agreement, o.seen) for o in outcomes
              if o.query.agreement != "-" and o.rank is None]
    assert s["recall@5"] >= 0.95 and s["recall@1"] >= 0.8, (s, misses)
    for cat, c in by_category(outcomes).items():
        assert c.get("recall@5", c.get("empty_ok")) >= 0.9, (cat, c, misses)
    false_hits = [o.query.text for o in outcomes if o.query.agreement == "-" and o.results]
    assert not false_hits


def search_for(page, server, query: str, result: str):
    """Type ``query`` into Material's search box on the home page; the first result link
    matching the CSS attribute selector ``result``, once shown."""
    page.goto(server + "/")
    page.locator("input.md-search__input").click()
    page.keyboard.insert_text(query)
    page.keyboard.press("End")
    link = page.locator(f"a.md-search-result__link{result}").first
    link.wait_for()
    return link


def test_results_link_to_clause_anchors_and_highlight(page, server) -> None:
    link = search_for(page, server, "反向工程", '[href*="#c-8.2.2-2"]')
    title = link.inner_text()
    assert "8.2.2" in title and "QQ软件许可及服务协议" in title
    link.click()
    page.wait_for_url("**#c-8.2.2-2")
    # Material's search.highlight marks the query on the target page.
    page.locator('[id="c-8.2.2-2"] mark').first.wait_for(timeout=10000)


def test_documentation_pages_are_found_by_section(page, server) -> None:
    """Pages other than agreements are indexed by search.py (not Material's jieba pass)
    and still land on their heading section."""
    # Material adds ?h=<query> for highlighting: …/contract/?h=webview#linking-from-an-app
    link = search_for(page, server, "webview", '[href*="/contract/"][href$="#linking-from-an-app"]')
    link.click()
    page.wait_for_url(re.compile(r"/contract/[^#]*#linking-from-an-app$"))


def results(page, server, query: str, path: str = "/") -> list[str]:
    """The result links for ``query`` typed on ``path``, in order (path#fragment)."""
    page.goto(server + path)
    page.locator("input.md-search__input").click()
    page.keyboard.insert_text(query)
    page.keyboard.press("End")
    page.locator("a.md-search-result__link").first.wait_for()
    page.wait_for_timeout(200)
    hrefs = page.eval_on_selector_all("a.md-search-result__link", "els => els.map(a => a.href)")
    return [re.sub(r"^https?://[^/]+|\?[^#]*", "", h) for h in hrefs]


def test_the_first_result_is_a_clause_not_a_page(page, server) -> None:
    links = results(page, server, "不可抗力")
    assert links[0] in ("/qq-ruanjian-xuke-ji-fuwu-xieyi/#c-14.1", "/qq-ruanjian-xuke-ji-fuwu-xieyi/#c-14")
    # No result is the top of an agreement page; a help page may come, below the clauses.
    agreements = [h for h in links if h.split("#")[0] not in ("/", "/contract/", "/search/", "/robustness/")]
    assert all("#" in h for h in agreements), agreements


def test_english_finds_the_clause_before_the_glossary(page, server) -> None:
    for query, want in (("force majeure", "#c-14"), ("jurisdiction", "#c-"), ("account deletion", "#c-6.4")):
        links = results(page, server, query)
        assert "/glossary/" not in links[0] and want in links[0], (query, links[:5])


def test_a_question_in_plain_words_finds_the_clause(page, server) -> None:
    links = results(page, server, "QQ号可以借给别人吗")
    assert "/qq-haoma-guize/#c-8.2" in links[:5], links[:5]


def test_a_long_question_is_cut_into_the_words_the_texts_hold(page, server) -> None:
    """Most of 我发的东西被别人乱评论乱转发 is words no text holds (乱评论): cut where no text has a
    pair of its characters, its own words (评论, 转发) still find the clause, and 负责 the rest."""
    links = results(page, server, "我发的东西被别人乱评论乱转发谁负责")
    assert {"/qq-ruanjian-xuke-ji-fuwu-xieyi/#c-14.6", "/qq-ruanjian-xuke-ji-fuwu-xieyi/#c-8.1.6-3"} & set(links[:5]), links


def test_a_clause_is_found_beside_a_long_chapter_that_covers_a_little_more(page, server) -> None:
    """腾讯视频 c-1 opens with 2,600 characters and covers half of this question; the clause on
    reporting a comment (c-6.6) covers a little less and is still a result."""
    links = results(page, server, "在腾讯视频看到有人发评论骂人想去告他")
    assert any(link.startswith("/tengxun-shipin-yinsi-baohu-zhiyin/#c-6.6") for link in links[:5]), links


@pytest.mark.parametrize("query,want", [("zhanghaohuishou", "/qq-haoma-guize/#c-5.4"),  # 帐号 回收
                                        ("rlhs", "/qq-yinsi-baohu-zhiyin/#c-1.3"),  # 人脸 核身
                                        ("qqyundong bushu", "/qq-yinsi-baohu-zhiyin/#c-1.11"),  # QQ 运动
                                        ("fanxiang bianyi", "/qq-ruanjian-xuke-ji-fuwu-xieyi/#c-8.2.2-2"),
                                        ("fanzhapian", "/tengxun-yinsi-zhengce/#s-anquan-baozhang"),  # 反 诈骗
                                        ("jianqun", "/qq-yinsi-baohu-zhiyin/#c-1.10")])  # 建 群, never one word
def test_pinyin_without_spaces_is_read_as_the_words_it_spells(page, server, query, want) -> None:
    """No one word reads these: words in a row do (a Latin word the texts use among them, a
    syllable jieba cut off as a bonus), and spaced pinyin is first read whole (反向编译)."""
    links = results(page, server, query)
    assert want in links[:5], links[:5]


def test_a_product_the_query_names_brings_its_agreement_first(page, server) -> None:
    """腾讯视频 names the video guideline's title: its microphone clause comes before QQ's, which
    says the same of QQ (the clause itself never repeats the product's name)."""
    links = results(page, server, "腾讯视频不让它用麦克风")
    assert links[0].startswith("/tengxun-shipin-yinsi-baohu-zhiyin/#"), links[:5]


def test_an_english_sentence_finds_the_clause_through_its_content_words(page, server) -> None:
    """charged is stemmed to the thesaurus's charge (it is also inside "double charged"); me, by
    and the verbs a question is told with find nothing and cost nothing."""
    links = results(page, server, "wechat charged me by mistake")
    assert "/wechat-fuwu-tiaokuan/#s-dingyue-he-neirong-goumai" in links[:5], links[:5]


def test_a_clause_that_has_the_question_only_through_the_thesaurus_is_a_result(page, server) -> None:
    """c-19.2-1 says 沉迷于网络 for 上网成瘾 (thesaurus words, each at 0.7) and not 孩子: it covers
    0.49 where a clause on 未成年人 and 监护人 covers 0.8, and is still a result."""
    links = results(page, server, "孩子上网成瘾")
    assert "/tengxun-fuwu-xieyi/#c-19.2-1" in links[:5], links[:5]


def test_where_and_how_often_a_question_is_told_are_not_words_it_asks_for(page, server) -> None:
    """QQ上老有不认识的人发广告: 上 and 老 are in no pair a text has, yet ask for nothing: what is
    left (认识) weighs less than 发广告 and QQ, and the clause on numbers used for spam is found."""
    links = results(page, server, "QQ上老有不认识的人发广告")
    assert "/qq-haoma-guize/#c-8.1-2" in links[:5], links[:5]


@pytest.mark.parametrize("query", ["sofa", "mama", "xyzzy"])
def test_letters_that_spell_no_word_of_the_texts_find_nothing(page, server, query) -> None:
    """so (a Latin word of the texts) and a syllable, two syllables that read no pair any text
    has, or no pinyin at all: nothing, not clauses that hold the letters."""
    page.goto(server + "/")
    page.locator("input.md-search__input").click()
    page.keyboard.insert_text(query)
    page.keyboard.press("End")
    page.locator(".md-search-result__meta").filter(has_text="没有找到符合条件的结果").first.wait_for()
    assert page.locator("a.md-search-result__link").count() == 0


@pytest.mark.parametrize("query,want", [("decompiling the software", "/qq-ruanjian-xuke-ji-fuwu-xieyi/#c-8.2.2-2"),
                                        ("delete my acount", "/qq-yinsi-baohu-zhiyin/#c-6.4.1")])
def test_an_english_word_is_stemmed_and_a_misspelling_read_as_the_word(page, server, query, want) -> None:
    """decompiling is decompile (-ing, then e), acount one letter from account: neither finds
    nothing any more."""
    links = results(page, server, query)
    assert want in links[:5], links[:5]


def test_a_latin_word_the_texts_use_is_not_read_as_pinyin(page, server) -> None:
    """qq is the texts' own word: the pinyin it could spell (请求, 侵权) is not asked for."""
    page.goto(server + "/")
    page.locator("input.md-search__input").click()
    page.keyboard.insert_text("qq")
    page.keyboard.press("End")
    page.locator("a.md-search-result__link").first.wait_for()
    page.wait_for_timeout(200)
    marked = {m.lower() for m in page.locator(".md-search-result mark").all_inner_texts()}
    assert marked == {"qq"}, marked


@pytest.mark.parametrize("path,want", [("/tim-ruanjian-xuke-ji-fuwu-xieyi/", "/tim-ruanjian-xuke-ji-fuwu-xieyi/#c-10.1"),
                                       ("/qq-ruanjian-xuke-ji-fuwu-xieyi/", "/qq-ruanjian-xuke-ji-fuwu-xieyi/#c-10.1")])
def test_a_clause_number_on_an_agreement_page_finds_that_agreements_clause_first(page, server, path, want) -> None:
    assert results(page, server, "10.1", path)[0] == want
    assert results(page, server, "第十五条", "/qq-ruanjian-xuke-ji-fuwu-xieyi/")[0] == \
        "/qq-ruanjian-xuke-ji-fuwu-xieyi/#c-15"


def test_variant_spelling_and_help_pages_below_agreements(page, server) -> None:
    # The texts write 帐号; a reader types 账号.
    links = results(page, server, "注销账号")
    assert links and all(h.split("#")[0] not in ("/contract/", "/search/", "/robustness/") for h in links[:5])
    assert any("qq-yinsi-baohu-zhiyin/#c-6.4" in h for h in links[:5]), links[:5]


def test_the_whole_query_is_highlighted_on_landing(page, server) -> None:
    page.goto(server + "/")
    page.locator("input.md-search__input").click()
    page.keyboard.insert_text("未成年人")
    page.keyboard.press("End")
    link = page.locator("a.md-search-result__link").first
    link.wait_for()
    assert "h=%E6%9C%AA%E6%88%90%E5%B9%B4%E4%BA%BA" in link.get_attribute("href")  # h=未成年人, not h=未
    link.click()
    page.locator("mark").first.wait_for(timeout=10000)
    marks = set(page.eval_on_selector_all("article mark", "els => els.map(m => m.textContent)"))
    assert marks == {"未成年人"}, marks


def test_a_one_character_query_finds_the_words_that_start_with_it(page, server) -> None:
    links = results(page, server, "盗")
    assert "/qq-ruanjian-xuke-ji-fuwu-xieyi/#c-8.2.4-3" in links[:3], links[:5]


def _links(page) -> list[str]:
    hrefs = page.eval_on_selector_all("a.md-search-result__link", "els => els.map(a => a.href)")
    return [re.sub(r"^https?://[^/]+|\?[^#]*", "", h) for h in hrefs]


def test_a_search_link_is_answered_by_one_early_worker(page, server) -> None:
    """/?q=: the head script starts the worker before Material's bundle, and Material's own
    `new Worker` gets that worker: one worker script, and the same results as typing the query."""
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(server + "/?q=" + "未成年人")
    page.locator("a.md-search-result__link").first.wait_for()
    page.wait_for_timeout(300)
    early = _links(page)
    assert sum("search-worker.js" in u for u in requested) == 1, requested
    assert page.evaluate("window.Worker.name") == "Handover"
    typed = results(page, server, "未成年人")
    assert early == typed and len(early) >= 5
    # Typing another query goes through the same (handed over) worker as before.
    page.goto(server + "/?q=" + "不可抗力")
    page.locator("a.md-search-result__link").first.wait_for()
    page.locator("input.md-search__input").click()
    page.keyboard.press("Control+A")
    page.keyboard.insert_text("管辖")
    page.keyboard.press("End")
    page.wait_for_function("() => [...document.querySelectorAll('a.md-search-result__link')]"
                           ".some(a => a.href.includes(encodeURIComponent('管辖')))")
    page.wait_for_timeout(200)
    assert _links(page)[:3] == results(page, server, "管辖")[:3]


def test_a_search_link_shows_its_results_before_material_has_run(page, server) -> None:
    """search-link.js puts the early worker's answer in Material's result list, as Material renders
    it: with the bundle blocked, the same list (markup, links, count) as Material shows."""
    page.goto(server + "/qq-haoma-guize/?q=" + "未成年人")
    page.locator(".md-search-result__item").first.wait_for()
    page.wait_for_timeout(500)
    material = page.evaluate("() => [document.querySelector('.md-search-result__meta').textContent,"
                             " document.querySelector('.md-search-result__list').innerHTML]")
    page.route("**/javascripts/bundle.*.min.js", lambda r: r.abort())
    page.goto(server + "/qq-haoma-guize/?q=" + "未成年人")
    page.locator(".md-search-result__item").first.wait_for()  # visible: the search is open
    page.wait_for_timeout(300)
    assert page.evaluate("typeof window.document$") == "undefined"  # Material's bundle never ran
    early = page.evaluate("() => [document.querySelector('.md-search-result__meta').textContent,"
                          " document.querySelector('.md-search-result__list').innerHTML]")
    assert early == material and early[1].count("md-search-result__item") >= 5
    assert page.input_value("input.md-search__input") == "未成年人"
    # A result is a working link to the clause, the whole query highlighted.
    first = page.locator("a.md-search-result__link").first
    assert "h=%E6%9C%AA%E6%88%90%E5%B9%B4%E4%BA%BA#c-" in first.get_attribute("href")


# Notes, in the page, whether the early results were in the list when Material's bundle ran.
_BUNDLE_RAN = """
Object.defineProperty(window, "document$", {configurable: true, set(v) {
  window.__agBundleRan = {items: document.querySelectorAll(".md-search-result__item").length,
                          loading: document.readyState === "loading"};
  Object.defineProperty(window, "document$", {value: v, writable: true, configurable: true});
}});
"""


def test_a_search_link_holds_material_until_its_results_are_shown(page, server) -> None:
    """On a search link the bundle runs after the early results are in the list (its first run
    would keep them from the screen), and Material still mounts: it gets DOMContentLoaded again
    when the page had it before the bundle ran, and then answers a typed query itself."""
    page.add_init_script(_BUNDLE_RAN)
    # With latency the worker's three round trips (manifest, shards, chunks) end well after the
    # bundle's one: unheld, the bundle would run first.
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": 200, "downloadThroughput": -1,
                                                  "uploadThroughput": -1})
    page.goto(server + "/qq-haoma-guize/?q=" + "未成年人")
    page.wait_for_function("() => window.__agBundleRan !== undefined")
    ran = page.evaluate("window.__agBundleRan")
    assert ran["items"] >= 5, ran
    page.wait_for_function("() => !!window.component$")  # Material mounted its components
    page.locator("input.md-search__input").click()
    page.keyboard.press("Control+A")
    page.keyboard.insert_text("管辖")
    page.keyboard.press("End")  # Material searches on a key
    page.wait_for_function("() => [...document.querySelectorAll('a.md-search-result__link')]"
                           ".some(a => a.href.includes(encodeURIComponent('管辖')))")
    # Without a query the bundle is not held: it is asked for from the head at high priority.
    page.goto(server + "/qq-haoma-guize/")
    ran = page.evaluate("window.__agBundleRan")
    assert ran["loading"] and ran["items"] == 0, ran
    assert page.locator("head link[rel=preload][as=script][href*='javascripts/bundle.']").count() == 1


def test_early_results_on_a_phone_keep_the_page_its_width(browser, server) -> None:
    """Material fixes the page under an open search on a phone (else its overlay widens the layout);
    search-link.js does the same before the bundle has run."""
    ctx = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = ctx.new_page()
    page.route("**/javascripts/bundle.*.min.js", lambda r: r.abort())
    page.goto(server + "/?q=" + "未成年人")
    page.locator(".md-search-result__item").first.wait_for()
    assert page.evaluate("document.body.hasAttribute('data-md-scrolllock')")
    assert page.evaluate("document.documentElement.scrollWidth") == 360
    ctx.close()


def test_a_search_link_that_finds_nothing_says_so_before_material_has_run(page, server) -> None:
    page.route("**/javascripts/bundle.*.min.js", lambda r: r.abort())
    page.goto(server + "/?q=" + "量子纠缠")
    page.wait_for_function("() => document.querySelector('.md-search-result__meta').textContent.includes('没有')")
    assert page.locator(".md-search-result__item").count() == 0


def test_a_search_link_without_workers_still_gets_the_embed_view(browser, server) -> None:
    """The head script's search part needs a Worker; where there is none, its embed part still runs."""
    ctx = browser.new_context()
    page = ctx.new_page()
    page.add_init_script("delete window.Worker")
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(server + "/qq-haoma-guize/?embed=1&q=" + "号码")
    assert page.evaluate("document.documentElement.classList.contains('embed')")
    assert not any("Worker" in e and "not defined" in e for e in errors), errors
    ctx.close()


def test_without_a_query_no_worker_starts_before_material(page, server) -> None:
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(server + "/")
    page.wait_for_load_state("load")
    assert page.evaluate("window.Worker.name") == "Worker"
    page.wait_for_timeout(300)
    assert sum("search-worker.js" in u for u in requested) <= 1
