"""Glossary tooltips in Chromium."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_hovering_a_term_shows_its_english_term(page, server) -> None:
    page.goto(server + "/qq-ruanjian-xuke-ji-fuwu-xieyi/#c-8.2.2-2")
    term = page.locator('[id="c-8.2.2-2"] abbr.term', has_text="反向工程").first
    term.hover()
    tip = page.locator(".ag-tip[role=tooltip]").filter(has_text="reverse engineering")
    tip.first.wait_for(state="visible", timeout=5000)
    assert "reverse engineering" in tip.first.inner_text()
    # The text a reader copies is unchanged.
    assert page.locator('[id="c-8.2.2-2"] p.lead').first.evaluate(
        "e => e.textContent.includes('对本软件进行反向工程、反向汇编、反向编译')")
