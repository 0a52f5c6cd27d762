"""Issue #18 in Chromium, at 360 px and 1280 px, light and dark: header, schemes, tooltips."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser
QQ = "/qq-ruanjian-xuke-ji-fuwu-xieyi/"
RULES = "/qq-haoma-guize/"
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
WIDTHS = [360, 1280]


def open_page(browser, server, path, width=1280, scheme="light"):
    ctx = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme)
    page = ctx.new_page()
    page.goto(server + path)
    page.wait_for_load_state("networkidle")
    return ctx, page


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", [QQ, RULES, "/qq-yinsi-baohu-zhiyin/"])
def test_header_labels_never_wrap(browser, server, path: str, width: int) -> None:
    ctx, page = open_page(browser, server, path, width)
    for dt in page.locator(".ag-meta dt").all():
        box = dt.bounding_box()
        line = float(dt.evaluate("e => parseFloat(getComputedStyle(e).lineHeight)"))
        assert box["height"] < 1.5 * line, (dt.inner_text(), box)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"header{path.replace('/', '-')}{width}.png"))
    ctx.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_dark_scheme_follows_the_system_and_toggles(browser, server, width: int) -> None:
    ctx, page = open_page(browser, server, QQ + "#c-8.2", width, scheme="dark")
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    bg = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert sum(int(x) for x in bg[bg.index("(") + 1:bg.index(")")].split(",")[:3]) < 200, bg
    hl = page.eval_on_selector('[id="c-8.2"] > .prov-h', "e => getComputedStyle(e).backgroundColor")
    # --ag-hl of the slate scheme, not the light yellow (rgba(…, 1) while a transition settles)
    assert [int(x) for x in re.findall(r"\d+", hl)[:3]] == [74, 63, 18], hl
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"dark-qq-{width}.png"))
    # The toggle switches to the light scheme and is remembered.
    page.locator("label[for^='__palette_']:visible").first.click()
    page.wait_for_timeout(200)
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "default"
    page.reload()
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "default"
    ctx.close()


def test_light_scheme_by_default(browser, server) -> None:
    ctx, page = open_page(browser, server, QQ, scheme="light")
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "default"
    ctx.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", [QQ, "/glossary/", "/family/"])
def test_axe_in_both_schemes(browser, server, path: str, scheme: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    ctx, page = open_page(browser, server, path, scheme=scheme)
    result = Axe().run(page)
    bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"][:3]])
           for v in result.response["violations"] if v["impact"] in ("serious", "critical")]
    assert not bad, bad
    ctx.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", WIDTHS)
def test_tooltip_on_keyboard_focus(browser, server, width: int, scheme: str) -> None:
    ctx, page = open_page(browser, server, QQ, width, scheme)
    terms = page.locator("abbr.term")
    assert terms.count() > 100
    assert page.evaluate("[...document.querySelectorAll('abbr.term')].every(e => e.tabIndex === 0)")
    term = page.locator('[id="c-8.2.2-2"] abbr.term', has_text="反向工程").first
    # Reach it with the keyboard: focus the element before it, then Tab.
    term.evaluate("e => { e.tabIndex = 0; e.focus(); e.blur(); }")
    term.focus()
    tip = page.locator(".ag-tip[role=tooltip]")
    tip.wait_for(state="visible")
    text = tip.inner_text()
    assert text.startswith("反向工程") and text.index("反向工程") < text.index("reverse engineering")
    assert term.get_attribute("aria-describedby") == tip.get_attribute("id")
    size = float(tip.evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))
    assert size >= 14, size
    link = tip.locator("a")
    assert link.get_attribute("href").endswith("/glossary/#t-fanxiang-gongcheng")
    box = tip.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"tooltip-{scheme}-{width}.png"))
    # Tab moves into the tooltip's link, which stays open; Escape closes and returns to the term.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('ag-tip-link')")
    page.keyboard.press("Escape")
    assert tip.count() == 0
    assert page.evaluate("document.activeElement.textContent") == "反向工程"
    ctx.close()


def test_tooltip_on_tap(browser, server) -> None:
    ctx = browser.new_context(viewport={"width": 360, "height": 640}, has_touch=True, is_mobile=True)
    page = ctx.new_page()
    page.goto(server + QQ)
    term = page.locator('[id="c-8.2.2-2"] abbr.term', has_text="反向工程").first
    term.scroll_into_view_if_needed()
    term.tap()
    page.locator(".ag-tip").wait_for(state="visible")
    link = page.locator(".ag-tip a")
    link.click()
    page.wait_for_url("**/glossary/#t-fanxiang-gongcheng")
    ctx.close()


def test_phone_tools_show_on_tap_and_cost_no_line(browser, server) -> None:
    ctx = browser.new_context(viewport={"width": 360, "height": 640}, has_touch=True, is_mobile=True)
    page = ctx.new_page()
    page.goto(server + QQ)
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    lead = page.locator('[id="c-8.2.1"] > .prov-h')
    tools = lead.locator(".prov-tools")
    assert tools.evaluate("e => getComputedStyle(e).opacity") == "0"
    before = lead.bounding_box()["height"]
    lead.scroll_into_view_if_needed()
    page.mouse.click(5, 5)  # nothing
    lead.tap(position={"x": 20, "y": 5})
    page.wait_for_timeout(250)
    assert tools.evaluate("e => getComputedStyle(e).opacity") == "1"
    assert lead.bounding_box()["height"] == before  # the tools take no line of their own
    box = tools.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360
    cite = tools.locator("button.cite").bounding_box()
    assert cite["height"] < 40  # 引用 on one line
    page.screenshot(path=str(ARTIFACTS / "phone-tools-360.png"))
    # Every other provision's tools are hidden.
    assert page.locator(".prov-tools").evaluate_all(
        "els => els.filter(e => getComputedStyle(e).opacity !== '0').length") == 1
    ctx.close()


def test_highlight_is_the_targets_own_words(browser, server) -> None:
    ctx, page = open_page(browser, server, QQ + "#c-8.2")
    page.wait_for_timeout(700)  # the highlight fades in (transition: background .6s)
    strong = page.eval_on_selector('[id="c-8.2"] > .prov-h', "e => getComputedStyle(e).backgroundColor")
    own = page.eval_on_selector('[id="c-8.2"] > p', "e => getComputedStyle(e).backgroundColor")
    child = page.eval_on_selector('[id="c-8.2.1"] > .prov-h', "e => getComputedStyle(e).backgroundColor")
    box = page.eval_on_selector('[id="c-8.2"]', "e => getComputedStyle(e).backgroundColor")
    assert strong == own == "rgb(255, 243, 196)"
    assert child == "rgba(0, 0, 0, 0)" and box == "rgb(255, 251, 232)"  # children marked lightly
    page.screenshot(path=str(ARTIFACTS / "highlight-1280.png"))
    ctx.close()
