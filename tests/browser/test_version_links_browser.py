"""?v= links on the real history of WeChat – 服务条款 (three archived versions), for every old id."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser
SLUG = "wechat-fuwu-tiaokuan"

STATE = """() => {
  const marked = [...document.querySelectorAll(':target, .is-target')].map(e => e.id);
  const n = document.querySelector('.version-notice');
  const r = n && n.getBoundingClientRect();
  return {marked, hash: decodeURIComponent(location.hash.slice(1)), notice: n ? n.innerText : null,
          top: r && r.top, inView: !!r && r.top >= 0 && r.bottom <= innerHeight && r.height > 0};
}"""


def versions(site: Path) -> dict:
    return json.loads((site / SLUG / "versions.json").read_text(encoding="utf-8"))


def land(page, url: str) -> dict:
    page.goto("about:blank")  # a new document each time, not a fragment navigation
    page.goto(url)
    page.wait_for_function("() => document.readyState === 'complete'")
    page.wait_for_timeout(150)  # versions.json, then the landing
    return page.evaluate(STATE)


def test_every_old_id_lands_on_one_clause_with_a_notice_in_view(page, server, site: Path) -> None:
    data = versions(site)
    past = [v for v in data["versions"] if not v["current"]]
    assert len(past) == 2
    checked = 0
    for v in past:
        changed = v["changed"]
        for old, now in v["to_current"].items():
            state = land(page, f"{server}/{SLUG}/?v={v['date']}#{old}")
            where = (v["date"], old, now, state)
            assert len(state["marked"]) <= 1, where  # never two highlighted clauses
            if now is not None:
                assert state["hash"] == now and state["marked"] == [now], where
                if now != old or changed.get(old) == "changed":
                    assert state["notice"] and v["date"] in state["notice"] and state["inView"], where
                else:
                    assert state["notice"] is None, where
            else:
                # Removed: the nearest surviving parent, or no clause at all; never the id's namesake.
                assert "删除" in state["notice"] and state["inView"], where
                assert state["hash"] != old or old not in data["versions"][-1].get("to_current", {}), where
            checked += 1
    assert checked >= 60


def test_a_date_between_versions_means_the_version_in_force(page, server, site: Path) -> None:
    v = next(v for v in versions(site)["versions"] if v["date"] == "2018-03-21")
    old, now = next((o, n) for o, n in v["to_current"].items() if n and n != o)
    state = land(page, f"{server}/{SLUG}/?v=2020-06-01#{old}")
    assert state["hash"] == now and "2018-03-21" in state["notice"] and "2020-06-01" in state["notice"]


def test_a_date_before_every_version_says_so(page, server) -> None:
    state = land(page, f"{server}/{SLUG}/?v=2010-01-01#s-biangeng")
    assert "早于" in state["notice"] and state["hash"] == "s-biangeng"


def test_changing_only_the_hash_maps_again(page, server, site: Path) -> None:
    v = next(v for v in versions(site)["versions"] if v["date"] == "2018-03-21")
    moved = [(o, n) for o, n in v["to_current"].items() if n and n != o]
    land(page, f"{server}/{SLUG}/?v=2018-03-21#s-biangeng")
    old, now = moved[0]
    page.evaluate(f"location.hash = {json.dumps(old)}")
    page.wait_for_function(f"() => ({STATE})().inView && location.hash === '#' + {json.dumps(now)}", timeout=5000)
    state = page.evaluate(STATE)
    assert state["hash"] == now and state["marked"] == [now] and state["inView"], state


def test_embedded_view_follows_too(page, server, site: Path) -> None:
    v = next(v for v in versions(site)["versions"] if v["date"] == "2018-03-21")
    old, now = next((o, n) for o, n in v["to_current"].items() if n and n != o)
    state = land(page, f"{server}/{SLUG}/?embed=1&v=2018-03-21#{old}")
    assert state["hash"] == now and state["notice"] and state["inView"]


def test_as_of_shows_the_version_in_force_that_day(page, server, site: Path) -> None:
    v = next(v for v in versions(site)["versions"] if v["date"] == "2018-03-21")
    old, now = next((o, n) for o, n in v["to_current"].items() if n and n != o)
    page.goto(f"{server}/{SLUG}/?as_of=2019-05-01#{now}")
    page.wait_for_url(f"**/{SLUG}/2018-03-21/#{old}", timeout=5000)
    assert "此为历史版本" in page.locator(".version-banner").inner_text()
    page.goto(f"{server}/{SLUG}/?as_of=2030-01-01#{now}")
    page.wait_for_timeout(300)
    assert page.url.endswith(f"/{SLUG}/?as_of=2030-01-01#{now}")  # the current version is in force
