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
