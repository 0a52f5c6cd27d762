"""Versions in Chromium: old links follow renumbered clauses; the selector keeps the clause."""

from __future__ import annotations

import pytest
from test_history import SLUG, make_repo

from conftest import build_site, serve

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
    assert "2024-03-15" in notice.inner_text() and "c-8.5" in notice.inner_text()
    box = page.locator('[id="c-8.5"]').bounding_box()
    assert box is not None and 0 <= box["y"] < page.viewport_size["height"]
    assert "对自己行为负责" in page.locator('[id="c-8.5"]').inner_text()


def test_old_link_to_a_removed_clause_says_so(page, versioned) -> None:
    page.goto(f"{versioned}/{SLUG}/?v=2024-03-15#c-15.8")
    notice = page.locator(".version-notice")
    notice.wait_for()
    assert "已在现行版本中删除" in notice.inner_text()
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
