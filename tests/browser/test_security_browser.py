"""Security in Chromium: injected markup never runs, and Material works under the CSP."""

from __future__ import annotations

import pytest

from conftest import FIXTURES, ROOT, build_site, make_project, serve

pytestmark = pytest.mark.browser


def watch(page) -> list[str]:
    events: list[str] = []
    page.on("dialog", lambda d: (events.append(f"dialog: {d.message}"), d.dismiss()))
    page.on("console", lambda m: events.append(f"console: {m.text}") if "Content Security Policy" in m.text
            or m.type == "error" else None)
    page.on("pageerror", lambda e: events.append(f"pageerror: {e}"))
    return events


def test_injected_html_is_inert_text(browser, tmp_path) -> None:
    project = make_project(tmp_path / "proj", [FIXTURES / "bad" / "html-injection.txt"],
                           registry=(ROOT / "docs/agreements.yml").read_text(encoding="utf-8"))
    assert build_site(project, tmp_path / "site", strict=False).returncode == 0
    with serve(tmp_path / "site") as url:
        page = browser.new_page()
        events = watch(page)
        page.goto(url + "/qq-haoma-guize/")
        page.wait_for_timeout(500)
        text = page.locator('[id="c-1.1"]').inner_text()
        assert "<script>alert('x')</script>" in text and "<svg onload=alert(3)>" in text
        assert "[点我](javascript:alert(4))" in page.locator('[id="c-1.2"]').inner_text()
        assert page.locator(".agreement script, .agreement img, .agreement iframe, .agreement svg").count() == 0
        assert not [e for e in events if e.startswith("dialog")], events
        page.close()


def test_material_works_under_the_csp(page, server) -> None:
    events = watch(page)
    page.goto(server + "/qq-ruanjian-xuke-ji-fuwu-xieyi/")
    assert page.locator('meta[http-equiv="Content-Security-Policy"]').count() == 1
    page.locator("input.md-search__input").click()
    page.keyboard.insert_text("封号")
    page.keyboard.press("End")
    page.locator('a.md-search-result__link[href*="#c-8.3.1-4"]').first.wait_for()
    assert not events, events


# -- issue 20: hostile registry, glossary and docs values on every page type ---------------------

HOSTILE_TITLE = '恶意<img src=x onerror=alert("title")>'


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    """A versioned project (two tagged releases) with a hostile registry category and entry title,
    a hostile glossary term, and a Markdown page with an inline script and a hostile front matter."""
    from test_history import make_repo
    from test_security_site import RULES, hostile_glossary, hostile_registry

    tmp = tmp_path_factory.mktemp("hostile")
    repo = make_repo(tmp / "proj")
    (repo / "docs/agreements/qq-number-rules.txt").write_bytes(RULES.read_bytes())
    (repo / "docs/agreements.yml").write_text(
        hostile_registry() + f"  - title: '{HOSTILE_TITLE}'\n    category: 其他\n", encoding="utf-8")
    (repo / "docs/glossary.yml").write_text(hostile_glossary(), encoding="utf-8")
    (repo / "docs/evil.md").write_text(
        '---\ntitle: \'"><img src=x onerror=alert("front")>\'\ndescription: \'"><script>alert(9)</script>\'\n'
        '---\n\n# 页面\n\n<script>alert("docs")</script>\n', encoding="utf-8")
    proc = build_site(repo, tmp / "site", strict=False)
    assert proc.returncode == 0, proc.stderr
    with serve(tmp / "site") as url:
        yield url


SLUG = "qq-ruanjian-xuke-ji-fuwu-xieyi"
PAGE_TYPES = ["/", "/qq-haoma-guize/", f"/{SLUG}/", "/family/", "/glossary/", f"/{SLUG}/history/",
              f"/{SLUG}/2024-03-15/", f"/{SLUG}/compare/2024-03-15/2025-09-01/", "/evil/"]


def injected(page) -> int:
    """Elements a hostile value would have created (independent of the CSP)."""
    return page.evaluate("""() => document.querySelectorAll(
        'img[src="x"], [onerror], [onload], .md-nav script, .md-typeset script:not([type="application/json"])'
    ).length""")


@pytest.mark.parametrize("path", PAGE_TYPES)
def test_no_dialog_on_any_page_type(browser, hostile_site, path: str) -> None:
    page = browser.new_page()
    events = watch(page)
    page.goto(hostile_site + path)
    page.wait_for_timeout(300)
    page.mouse.move(5, 5)
    for term in page.locator("abbr.term").all()[:3]:
        term.hover()  # Material's tooltips render the glossary text
    assert not [e for e in events if e.startswith("dialog")], events
    if path == "/evil/":
        # The author's own inline script is in the page but the CSP refuses it: the policy did not
        # widen to take it in.
        assert page.locator(".md-typeset script").count() == 1
        assert [e for e in events if "Content Security Policy" in e], events
    else:
        assert injected(page) == 0
    page.close()


def test_hostile_values_are_visible_as_text(browser, hostile_site) -> None:
    page = browser.new_page()
    page.goto(hostile_site + "/family/")
    registry = page.locator("tr#a-" + "eyi-img-src-x-onerror-alert-title")
    assert registry.count() == 1 and HOSTILE_TITLE in registry.inner_text()
    assert '规则<script>alert("category")</script>' in page.locator(".md-content").inner_text()
    page.goto(hostile_site + "/qq-haoma-guize/")
    assert '规则<script>alert("category")</script>' in page.locator(".md-nav").first.inner_text()
    page.goto(hostile_site + "/glossary/")
    assert 'x<img src=x onerror=alert("glossary")>' in page.locator("#t-fanxiang-gongcheng").inner_text()
    page.close()


@pytest.mark.parametrize("query,result", [("反向工程", '[href*="glossary/#t-fanxiang-gongcheng"]'),
                                          ("号码规则", '[href*="qq-haoma-guize/"]'),
                                          ("alert", "")])
def test_no_dialog_in_search_results(browser, hostile_site, query: str, result: str) -> None:
    page = browser.new_page()
    events = watch(page)
    page.goto(hostile_site + "/")
    page.locator("input.md-search__input").click()
    page.keyboard.insert_text(query)
    page.keyboard.press("End")
    page.locator(f"a.md-search-result__link{result}").first.wait_for()
    page.wait_for_timeout(300)
    results = page.locator(".md-search-result")
    assert results.locator("img, script, iframe, svg[onload]").count() == 0
    if query == "反向工程":
        assert 'x<img src=x onerror=alert("glossary")>' in results.inner_text()
    assert not [e for e in events if e.startswith("dialog")], events
    page.close()
