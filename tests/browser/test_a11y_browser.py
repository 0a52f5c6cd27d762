"""axe-core (bundled by axe-playwright-python, no download) in Chromium: no serious or critical issue."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser
PAGES = ["/", "/qq-ruanjian-xuke-ji-fuwu-xieyi/", "/glossary/", "/family/", "/qq-yinsi-baohu-zhiyin/"]


@pytest.mark.parametrize("path", PAGES)
def test_no_serious_or_critical_violations(page, server, path: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page.goto(server + path)
    result = Axe().run(page)
    bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"][:3]])
           for v in result.response["violations"] if v["impact"] in ("serious", "critical")]
    assert not bad, bad
