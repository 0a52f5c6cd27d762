"""The ingester on 74 real privacy policies it was not written for (CAPP-130, CC BY 4.0).

Parse only (no site build): ``scripts/corpus_report.py`` ingests the folder, compares titles
and dates with the hand labels of ``EXPECTED.tsv``, counts the numbered lines that got an
anchor by shape (with its own line detector, not the parser's) and checks that every
character of each source reaches the rendered page in order.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT

CORPUS = FIXTURES / "corpus-dev"


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> dict:
    spec = importlib.util.spec_from_file_location("corpus_report", ROOT / "scripts" / "corpus_report.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules["corpus_report"] = mod
    spec.loader.exec_module(mod)
    out: Path = tmp_path_factory.mktemp("corpus") / "report.json"
    code = mod.main([str(CORPUS), str(CORPUS / "EXPECTED.tsv"), "--json", str(out)])
    assert code == 0
    return json.loads(out.read_text(encoding="utf-8"))


def test_no_text_raises(report: dict) -> None:
    assert report["summary"]["files"] == 74
    assert report["summary"]["tracebacks"] == 0


def test_titles_and_dates_match_the_labels(report: dict) -> None:
    s = report["summary"]
    assert s["titles"]["correct"] == s["titles"]["of"] == 62
    assert s["updated"]["correct"] == s["updated"]["of"] == 74
    assert s["effective"]["correct"] == s["effective"]["of"] == 74


def test_numbered_lines_are_anchored_in_every_shape(report: dict) -> None:
    s = report["summary"]
    assert s["anchored"]["anchored"] / s["anchored"]["total"] >= 0.99
    for shape, n in s["shapes"].items():
        assert n["anchored"] / n["total"] >= 0.95, shape
    assert len(s["shapes"]) >= 12  # 第X部分 … ①, a., i., "1 " all occur in the corpus


def test_every_character_reaches_the_page_in_order(report: dict) -> None:
    assert report["summary"]["fidelity"]["exact"] == 74


def test_warnings_are_few_and_named(report: dict) -> None:
    s = report["summary"]["warnings"]
    assert s["median_per_file"] <= 3
    assert s["total"] <= 74 * 3
