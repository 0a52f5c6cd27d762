"""The anchor contract of the hosted texts: every id, in source order, pinned.

The lists in ``fixtures/contract-ids.json`` were taken when the ingester was rebuilt
(issue 14) and checked to contain every id the texts had before, in the same order; the
rebuild only added ids (the unnumbered headings of 儿童隐私保护声明). An id that changes
here breaks a link an app has published: give the text a new version instead.

Keys are paths under ``docs/agreements/``: the current texts, and the past versions kept in
``archive/<file>/<date>.<ext>``. When a text gets a new version (QQ号码规则 2018-01-27 →
2022-01-23), the old list moves with the old text to the archive and is checked on the
published past version's page: ids of a published version never change.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from agreements.parse import parse

from conftest import FIXTURES, ROOT
from helpers import page_ids

PINNED = json.loads((FIXTURES / "contract-ids.json").read_text(encoding="utf-8"))
AGREEMENTS = ROOT / "docs" / "agreements"


@pytest.mark.parametrize("name", sorted(PINNED))
def test_hosted_text_keeps_every_id(name: str) -> None:
    ag = parse((AGREEMENTS / name).read_bytes(), name)
    assert [p.id for p in ag.walk() if p.id] == PINNED[name]


def test_every_hosted_text_is_pinned() -> None:
    files = [p.relative_to(AGREEMENTS).as_posix() for p in AGREEMENTS.rglob("*") if p.is_file()]
    assert sorted(files) == sorted(PINNED)


# The 2018 ids of QQ号码规则 are the ones apps linked to before the 2022 text became current.
PAST_PAGES = {"archive/qq-number-rules.md/2018-01-27.txt": "qq-haoma-guize/2018-01-27",
              "archive/wechat-service-terms.md/2018-03-21.md": "wechat-fuwu-tiaokuan/2018-03-21",
              "archive/wechat-service-terms.md/2021-08-19.md": "wechat-fuwu-tiaokuan/2021-08-19"}


@pytest.mark.parametrize("name", sorted(PAST_PAGES))
def test_published_past_version_keeps_its_ids(site: Path, name: str) -> None:
    html = (site / PAST_PAGES[name] / "index.html").read_text(encoding="utf-8")
    assert "此为历史版本" in html
    ids = page_ids(html)
    assert set(PINNED[name]) <= set(ids), sorted(set(PINNED[name]) - set(ids))
    # In source order, as pinned.
    order = [m.group(1) for m in re.finditer(r'id="([^"]+)"', html) if m.group(1) in set(PINNED[name])]
    assert list(dict.fromkeys(order)) == PINNED[name]
    index = json.loads((site / PAST_PAGES[name] / "clauses.json").read_text(encoding="utf-8"))
    assert [c["id"] for c in index["clauses"]] == PINNED[name]


def test_qq_number_rules_current_ids_follow_the_2022_numbering() -> None:
    cur, old = PINNED["qq-number-rules.md"], PINNED["archive/qq-number-rules.md/2018-01-27.txt"]
    assert len(old) == 49 and {"c-11", "c-13.7", "c-3.4", "c-5.4"} <= set(cur) and "c-12.7" not in cur
