"""axe-core (bundled by axe-playwright-python, no download) in Chromium: no serious or critical issue on
every page type, in the light and the dark scheme and as printed (print media)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser
WECHAT = "/wechat-fuwu-tiaokuan/"
PAGES = [
    "/",                                          # home, with the family table
    "/qq-ruanjian-xuke-ji-fuwu-xieyi/",           # an agreement (clauses, terms, backlinks)
    "/qq-yinsi-baohu-zhiyin/",                    # an agreement with sections and tables
    "/glossary/",
    "/family/",                                   # the family map
    "/contract/",                                 # a documentation page
    WECHAT + "history/",                          # a history page
    WECHAT + "2018-03-21/",                       # a past version
    WECHAT + "compare/2018-03-21/2022-01-28/",    # a redline
]
MODES = ["light", "dark", "print"]


def serious(page) -> list:
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(page)
    return [(v["id"], v["impact"], [n["target"] for n in v["nodes"][:3]])
            for v in result.response["violations"] if v["impact"] in ("serious", "critical")]


def open_page(browser, server: str, path: str, mode: str, width: int = 1280):
    ctx = browser.new_context(viewport={"width": width, "height": 800},
                              color_scheme="dark" if mode == "dark" else "light")
    page = ctx.new_page()
    page.goto(server + path)
    if mode == "print":
        page.emulate_media(media="print")
    # The scheme really is the one under test (Material's palette follows prefers-color-scheme).
    scheme = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    assert scheme == ("slate" if mode == "dark" else "default"), scheme
    page.wait_for_timeout(250)  # colour transitions settle before contrast is measured
    return ctx, page


def test_the_redline_path_exists(site) -> None:
    assert (site / PAGES[-1].strip("/") / "index.html").is_file()


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("path", PAGES)
def test_no_serious_or_critical_violations(browser, server, path: str, mode: str) -> None:
    ctx, page = open_page(browser, server, path, mode)
    try:
        bad = serious(page)
        assert not bad, bad
    finally:
        ctx.close()


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_family_list_on_a_phone(browser, server, mode: str) -> None:
    ctx, page = open_page(browser, server, "/family/", mode, width=360)
    try:
        assert page.locator(".family-list").is_visible()
        bad = serious(page)
        assert not bad, bad
    finally:
        ctx.close()
