"""Search through Material's own search box lands on clauses (issue: clause-level results)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from search_eval import load_queries, run, summary

pytestmark = pytest.mark.browser


def slugs(site: Path) -> dict[str, str]:
    data = json.loads((site / "clauses.json").read_text(encoding="utf-8"))
    return {a["title"]: a["url"] for a in data["agreements"]}


def test_query_set_recall(page, server, site: Path) -> None:
    outcomes = run(page, server, load_queries(), slugs(site))
    s = summary(outcomes)
    misses = [(o.query.text, o.query.agreement, o.seen) for o in outcomes
              if o.query.agreement != "-" and o.rank is None]
    assert s["recall@5"] >= 0.9, (s, misses)
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
