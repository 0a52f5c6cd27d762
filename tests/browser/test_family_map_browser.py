"""The family map in Chromium: no two labels on each other at any fan-in, a list on phones, #a-… highlight."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

OVERLAPS = """() => {
  const ts = [...document.querySelectorAll('.family-map text')];
  const bs = ts.map(t => t.getBoundingClientRect()).filter(r => r.width > 0);
  const out = [];
  for (let i = 0; i < bs.length; i++) for (let j = i + 1; j < bs.length; j++) {
    const a = bs[i], c = bs[j];
    if (a.left < c.right - .5 && c.left < a.right - .5 && a.top < c.bottom - .5 && c.top < a.bottom - .5)
      out.push([ts[i].textContent, ts[j].textContent]);
  }
  return [bs.length, out];
}"""


def test_no_two_labels_overlap_at_1280(browser, server) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(server + "/family/")
    # The fan-in that drew 5/3/11/2 at one point: several agreements cite 腾讯隐私政策.
    counts = page.evaluate("""() => [...document.querySelectorAll('.family-map path.edge title')]
        .filter(t => t.textContent.includes('→ 腾讯隐私政策')).length""")
    assert counts >= 3
    n, overlaps = page.evaluate(OVERLAPS)
    assert n > 20 and overlaps == []
    assert page.locator(".family-map-wrap").is_visible() and not page.locator(".family-list").is_visible()
    page.close()


def test_phone_gets_a_readable_list(browser, server) -> None:
    page = browser.new_page(viewport={"width": 360, "height": 640})
    page.goto(server + "/family/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert not page.locator(".family-map-wrap").is_visible()
    lst = page.locator(".family-list")
    assert lst.is_visible()
    sizes = page.evaluate("""() => [...document.querySelectorAll('.family-list a')]
        .map(a => parseFloat(getComputedStyle(a).fontSize))""")
    assert sizes and min(sizes) >= 12
    # Every relation of the map is in the list.
    edges = page.locator(".family-map path.edge").count()
    assert page.locator(".family-list .fl-by a").count() == edges
    for el in page.locator(".family-list li").all()[:5]:
        box = el.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 360
    page.close()


@pytest.mark.parametrize("width", [1280, 360])
def test_target_highlighted_from_registry_link(browser, server, width: int) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(server + "/family/")
    key = page.locator(".family-list li").first.get_attribute("data-a")
    other = page.locator(".family-list li").nth(1).get_attribute("data-a")
    assert key and other and key != other
    plain = page.eval_on_selector(f'.family-map [data-a="{key}"] rect', "e => getComputedStyle(e).fill")
    page.goto(server + f"/family/#a-{key}")
    page.wait_for_timeout(100)
    sel = f'.family-list [data-a="{key}"]' if width == 360 else f'.family-map [data-a="{key}"] rect'
    prop = "backgroundColor" if width == 360 else "fill"
    lit = page.eval_on_selector(sel, f"e => getComputedStyle(e).{prop}")
    assert lit not in (plain, "rgba(0, 0, 0, 0)", "none")
    unlit = page.eval_on_selector(f'.family-list [data-a="{other}"]', "e => getComputedStyle(e).backgroundColor")
    assert unlit == "rgba(0, 0, 0, 0)"
    row = page.eval_on_selector(f'[id="a-{key}"]', "e => getComputedStyle(e).backgroundColor")
    assert row != "rgba(0, 0, 0, 0)"
    page.close()


@pytest.mark.parametrize("width", [720, 1280])
def test_map_labels_are_at_least_12px(browser, server, width: int) -> None:
    """Names, counts and column heads as drawn (font size × the SVG's scale), at 1280 px and at the
    narrowest width that shows the map instead of the list."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(server + "/family/")
    assert page.locator(".family-map-wrap").is_visible()
    sizes = page.evaluate("""() => [...document.querySelectorAll('.family-map text')].map(t =>
        parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a)""")
    assert len(sizes) > 20 and min(sizes) >= 12, min(sizes)
    # The intro speaks of boxes and lines where the map is shown, of the list where the list is.
    assert page.locator(".fm-intro-map").is_visible() and not page.locator(".fm-intro-list").is_visible()
    page.close()


def test_phone_intro_describes_the_list(browser, server) -> None:
    page = browser.new_page(viewport={"width": 360, "height": 640})
    page.goto(server + "/family/")
    assert page.locator(".fm-intro-list").is_visible() and not page.locator(".fm-intro-map").is_visible()
    # A count never breaks inside （11 处）.
    spans = page.locator(".family-list .n").all()
    assert spans and all(s.evaluate("e => e.getClientRects().length") == 1 for s in spans)
    page.close()


def test_phone_tables_keep_every_column_on_screen(browser, server) -> None:
    """The citation and registry tables stack their cells on a phone: the 全文 column was off-screen."""
    page = browser.new_page(viewport={"width": 360, "height": 640})
    page.goto(server + "/family/")
    right = page.evaluate("""() => Math.max(...[...document.querySelectorAll('.md-content td')]
        .filter(td => td.getClientRects().length).map(td => td.getBoundingClientRect().right))""")
    assert 0 < right <= 360, right
    label = page.eval_on_selector('td[data-l="全文"]', "e => getComputedStyle(e, '::before').content")
    assert label == '"全文："'
    page.close()
