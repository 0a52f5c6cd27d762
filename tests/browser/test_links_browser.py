"""Following links in a real browser."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser
QQ = "/qq-ruanjian-xuke-ji-fuwu-xieyi/"


def test_click_title_mention_opens_that_agreement(page, server) -> None:
    page.goto(server + QQ)
    page.locator('section[aria-labelledby="c-3"] a.mention', has_text="QQ号码规则").first.click()
    page.wait_for_load_state()
    assert page.url == server + "/qq-haoma-guize/"
    assert page.locator("h1").first.inner_text() == "QQ号码规则"


def test_click_clause_reference_lands_on_chapter(page, server) -> None:
    page.goto(server + QQ)
    page.locator("a.ref", has_text="第十五条").first.click()
    page.wait_for_timeout(300)
    assert page.url.endswith("#c-15")
    box = page.locator('[id="c-15"]').bounding_box()
    assert box is not None and 0 <= box["y"] < page.viewport_size["height"]
