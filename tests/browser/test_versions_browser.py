"""Versions in Chromium: old links follow renumbered clauses; the selector keeps the clause."""

from __future__ import annotations

import pytest
from test_history import SLUG, make_repo

from conftest import FIXTURES, build_site, serve

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def versioned(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("vb")
    repo = make_repo(tmp / "proj")
    proc = build_site(repo, tmp / "site", strict=False)
    assert proc.returncode == 0, proc.stderr
    with serve(tmp / "site") as url:
        yield url


def test_old_link_lands_on_the_renumbered_clause(page, versioned) -> None:
    page.goto(f"{versioned}/{SLUG}/?v=2024-03-15#c-8.4")
    page.wait_for_url('**#c-8.5', timeout=5000)
    notice = page.locator(".version-notice")
    assert "2024-03-15" in notice.inner_text() and "第8.5条" in notice.inner_text()
    box = page.locator('[id="c-8.5"]').bounding_box()
    assert box is not None and 0 <= box["y"] < page.viewport_size["height"]
    assert "对自己行为负责" in page.locator('[id="c-8.5"]').inner_text()


def test_old_link_to_a_removed_clause_says_so(page, versioned) -> None:
    page.goto(f"{versioned}/{SLUG}/?v=2024-03-15#c-15.8")
    notice = page.locator(".version-notice")
    notice.wait_for()
    assert "2024-03-15" in notice.inner_text() and "中删除" in notice.inner_text()
    assert notice.locator("a").get_attribute("href").endswith(f"/{SLUG}/2024-03-15/#c-15.8")


def test_selector_keeps_the_clause_across_versions(page, versioned) -> None:
    page.goto(f"{versioned}/{SLUG}/2024-03-15/#c-8.4")
    assert "此为历史版本" in page.locator(".version-banner").inner_text()
    page.select_option("select.version-select", label="2025-09-01（现行）")
    page.wait_for_url(f"**/{SLUG}/#c-8.5")
    page.select_option("select.version-select", label="2024-03-15")
    page.wait_for_url(f"**/{SLUG}/2024-03-15/#c-8.4")


@pytest.mark.parametrize("path", [f"/{SLUG}/compare/2024-03-15/2025-09-01/", f"/{SLUG}/history/",
                                  f"/{SLUG}/2024-03-15/"])
def test_redline_history_and_past_version_are_accessible(page, versioned, path: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page.goto(versioned + path)
    result = Axe().run(page)
    bad = [(v["id"], [n["target"] for n in v["nodes"][:3]])
           for v in result.response["violations"] if v["impact"] in ("serious", "critical")]
    assert not bad, bad


# -- the real history of QQ号码规则 (2018-01-27 → 2022-01-23), on the project's own site ----

RULES = "/qq-haoma-guize/"
MAPPING = FIXTURES / "family" / "qq-number-rules-mapping.tsv"
# Highlighted = a clause (or chapter heading) drawn with the highlight's left bar; the notice's
# admonition is not a clause. Returns the ids, the hash, and the notice's text and place.
STATE = """() => {
  const hl = [...document.querySelectorAll('.agreement .prov, .agreement h2')]
    .filter(e => getComputedStyle(e).boxShadow !== 'none').map(e => e.id);
  const n = document.querySelector('.version-notice');
  const r = n && n.getBoundingClientRect();
  return {hl, hash: decodeURIComponent(location.hash.slice(1)), notice: n ? n.innerText : null,
          href: n && n.querySelector('a[href*="2018-01-27"]') ? n.querySelector('a[href*="2018-01-27"]').getAttribute('href') : null,
          inview: !!r && r.top >= 0 && r.bottom <= innerHeight, path: location.pathname};
}"""


def mapping() -> list[tuple[str, str, str]]:
    rows = [line.split("\t")[:3] for line in MAPPING.read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")]
    return [(o, n, k) for o, n, k in rows[1:]]


def parent_of(old: str, rows: list[tuple[str, str, str]]) -> str:
    """The nearest surviving parent of a removed id, by the fixture (c-3.1-4 → c-3.1)."""
    to = {o: n for o, n, _ in rows}
    p = old
    while True:
        p = p[:max(p.rfind("."), p.rfind("-", 2))]
        if to.get(p, "removed") != "removed":
            return to[p]


def wait_settled(page) -> None:
    """versions.js has mapped (or decided not to): the v-map class is gone or a clause is marked."""
    page.wait_for_function("() => !document.documentElement.classList.contains('v-map')"
                           " || document.querySelector('.is-target')", timeout=5000)


def test_every_old_id_of_qq_number_rules_lands_on_one_right_clause(page, server) -> None:
    rows = mapping()
    assert len(rows) == 49
    failures = []
    page.goto(server + RULES)
    for old, new, kind in rows:
        # A new document each time (a query string change), as when a reader follows the link.
        page.goto(f"{server}{RULES}?v=2018-01-27&n={old}#{old}")
        wait_settled(page)
        s = page.evaluate(STATE)
        want = parent_of(old, rows) if new == "removed" else new
        ok = s["hl"] == [want] and s["hash"] == want and s["path"] == RULES
        if kind != "unchanged":
            words = {"moved": "移至", "reworded": "修改", "removed": "删除"}[kind]
            ok = ok and s["inview"] and "2018-01-27" in s["notice"] and words in s["notice"]
            ok = ok and s["href"] is not None and s["href"].endswith(f"/qq-haoma-guize/2018-01-27/#{old}")
        else:
            ok = ok and s["notice"] is None
        if not ok:
            failures.append((old, want, s))
    assert not failures, failures


def test_a_removed_id_never_lands_silently_on_the_clause_that_has_its_number_now(page, server) -> None:
    # 2018 1.2 is gone; 2022 has another 1.2 (2018 12.2's words).
    page.goto(f"{server}{RULES}?v=2018-01-27#c-1.2")
    wait_settled(page)
    s = page.evaluate(STATE)
    assert s["hl"] == ["c-1"] and s["inview"] and "删除" in s["notice"]


def test_a_date_between_versions_uses_the_version_in_force(page, server) -> None:
    page.goto(f"{server}{RULES}?v=2020-06-30#c-12.5")
    wait_settled(page)
    s = page.evaluate(STATE)
    assert s["hl"] == ["c-13.4"] and s["inview"]
    assert "2020-06-30" in s["notice"] and "2018-01-27" in s["notice"] and "13.4" in s["notice"]


def test_a_date_before_every_version_says_so(page, server) -> None:
    page.goto(f"{server}{RULES}?v=2010-01-01#c-5.1")
    page.locator(".version-notice").wait_for()
    s = page.evaluate(STATE)
    assert "2010-01-01" in s["notice"] and "没有该日或更早的版本" in s["notice"] and s["hl"] == ["c-5.1"]


def test_a_current_date_maps_nothing(page, server) -> None:
    page.goto(f"{server}{RULES}?v=2022-01-23#c-12")
    wait_settled(page)
    s = page.evaluate(STATE)
    assert s["hl"] == ["c-12"] and s["notice"] is None


def test_hashchange_maps_again_and_an_in_page_link_leaves_the_mapping(page, server) -> None:
    page.goto(f"{server}{RULES}?v=2018-01-27#c-12.3")
    wait_settled(page)
    assert page.evaluate(STATE)["hl"] == ["c-13.2"]
    page.evaluate("location.hash = 'c-9.4'")
    page.wait_for_function("location.hash === '#c-9.3'", timeout=5000)
    s = page.evaluate(STATE)
    assert s["hl"] == ["c-9.3"] and s["inview"] and "9.4" in s["notice"]
    # The notice's link to the new clause names a current id: followed, nothing is mapped.
    page.locator('.version-notice a[href="#c-9.3"], .md-sidebar a[href="#c-13.1"]').first.click()
    page.wait_for_function("!location.search.includes('v=')", timeout=5000)
    page.evaluate("location.hash = 'c-13.1'")
    page.wait_for_function("location.hash === '#c-13.1'")
    s = page.evaluate(STATE)
    assert s["hl"] == ["c-13.1"] and s["notice"] is None


def test_old_links_map_in_the_embedded_view_too(page, server) -> None:
    page.goto(f"{server}{RULES}?embed=1&v=2018-01-27#c-11")
    wait_settled(page)
    s = page.evaluate(STATE)
    assert s["hl"] == ["c-12"] and s["inview"] and "embed=1" in s["href"]
    assert page.locator(".md-header").is_hidden()


# -- as-of: the version in force on a day (生效日期 where stated, else the version's date) -------

def test_as_of_a_day_of_the_2018_text_shows_the_2018_version(page, server) -> None:
    page.goto(f"{server}{RULES}?as_of=2019-06-01#c-13.6")  # today's 13.6 was 12.7
    page.wait_for_url(f"**{RULES}2018-01-27/?as_of=2019-06-01#c-12.7", timeout=5000)
    notice = page.locator(".version-notice")
    notice.wait_for()
    assert "2019-06-01" in notice.inner_text() and "2018-01-27" in notice.inner_text()
    box = page.locator('[id="c-12.7"]').bounding_box()
    assert box is not None and 0 <= box["y"] < page.viewport_size["height"]


def test_as_of_today_from_the_old_page_follows_the_clause_to_the_current_version(page, server) -> None:
    page.goto(f"{server}{RULES}2018-01-27/?as_of=2023-01-01#c-12.7")
    page.wait_for_url(f"**{RULES}?as_of=2023-01-01#c-13.6", timeout=5000)
    page.locator(".version-notice").wait_for()
    assert "2022-01-23" in page.locator(".version-notice").inner_text()


def test_as_of_a_day_before_every_version_says_so(page, server) -> None:
    page.goto(f"{server}{RULES}?as_of=2010-01-01")
    page.locator(".version-notice").wait_for()
    assert "尚无收录的版本" in page.locator(".version-notice").inner_text()
    assert page.evaluate("location.pathname") == RULES
