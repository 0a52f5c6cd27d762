"""The anchor contract of the hosted texts: every id, in source order, pinned.

The lists in ``fixtures/contract-ids.json`` were taken when the ingester was rebuilt
(issue 14) and checked to contain every id the texts had before, in the same order; the
rebuild only added ids (the unnumbered headings of 儿童隐私保护声明). An id that changes
here breaks a link an app has published: give the text a new version instead.
"""

from __future__ import annotations

import json

import pytest

from agreements.parse import parse

from conftest import FIXTURES, ROOT

PINNED = json.loads((FIXTURES / "contract-ids.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(PINNED))
def test_hosted_text_keeps_every_id(name: str) -> None:
    ag = parse((ROOT / "docs" / "agreements" / name).read_bytes(), name)
    assert [p.id for p in ag.walk() if p.id] == PINNED[name]


def test_every_hosted_text_is_pinned() -> None:
    assert sorted(p.name for p in (ROOT / "docs" / "agreements").iterdir() if p.is_file()) == sorted(PINNED)
