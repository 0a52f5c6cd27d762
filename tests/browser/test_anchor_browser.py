"""Anchors in a real browser: deep links land on the clause, below the header, highlighted."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser
QQ = "/qq-ruanjian-xuke-ji-fuwu-xieyi/"


def test_deep_link_scrolls_clause_into_view_and_highlights(page, server) -> None:
    page.goto(server + QQ + "#c-8.2.1-3")
    page.wait_for_timeout(300)
    box = page.locator('[id="c-8.2.1-3"]').bounding_box()
    header = page.locator(".md-header").bounding_box()
    vh = page.viewport_size["height"]
    assert box is not None and header is not None
    assert box["y"] >= header["y"] + header["height"] - 1, "target hidden under the header"
    assert box["y"] + box["height"] <= vh, "target not in the viewport"
    bg = page.eval_on_selector('[id="c-8.2.1-3"]', "e => getComputedStyle(e).backgroundColor")
    assert bg not in ("rgba(0, 0, 0, 0)", "transparent"), "target not highlighted"
    other = page.eval_on_selector('[id="c-8.2.1-4"]', "e => getComputedStyle(e).backgroundColor")
    assert other in ("rgba(0, 0, 0, 0)", "transparent")
    assert page.evaluate("document.documentElement.lang").startswith("zh")


def test_permalink_shows_on_hover_and_keyboard_focus(page, server) -> None:
    page.goto(server + QQ)
    link = page.locator('[id="c-8.2.2"] a.permalink').first
    tools = page.locator('[id="c-8.2.2"] .prov-tools').first
    assert float(tools.evaluate("e => getComputedStyle(e).opacity")) == 0
    page.locator('[id="c-8.2.2"] .prov-h').first.hover()
    page.wait_for_timeout(300)
    assert float(tools.evaluate("e => getComputedStyle(e).opacity")) == 1
    page.mouse.move(0, 0)
    link.focus()
    page.wait_for_timeout(300)
    assert float(tools.evaluate("e => getComputedStyle(e).opacity")) == 1
    assert link.get_attribute("href") == "#c-8.2.2"
    assert link.get_attribute("aria-label")
