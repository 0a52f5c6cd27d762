"""Run queries through the site's own search box (Material's UI) in Chromium.

Shared by the test (tests/browser/test_search_browser.py) and the benchmark
(scripts/search_benchmark.py); it does not use the project's code.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

QUERIES = Path(__file__).resolve().parent / "search_queries.tsv"


@dataclass
class Query:
    text: str
    agreement: str  # title, or "-" for a query that must find nothing
    anchors: list[str]  # ids in the agreement, or <page path>#<id> for an answer in another one
    category: str = "exact"


@dataclass
class Outcome:
    query: Query
    rank: int | None  # 1-based rank of the first acceptable clause among all result links
    results: int  # number of result links
    ms: float  # from the last keystroke to the first rendered result (or "no result")
    seen: list[str]


def load_queries(path: Path = QUERIES) -> list[Query]:
    """Rows of query, agreement title, acceptable anchors; a line ``# category: name`` names the
    category of the rows after it."""
    out, category = [], "exact"
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# category:"):
            category = line.split(":", 1)[1].strip()
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        out.append(Query(cols[0], cols[1], cols[2].split() if len(cols) > 2 else [], category))
    return out


JS_GROUPS = """() => [...document.querySelectorAll('.md-search-result__item')].map(li =>
  [...li.querySelectorAll('a.md-search-result__link')].map(a => a.href))"""


def _wait_meta(page, typing: bool, timeout: float = 10.0) -> None:
    """Poll Material's result summary from Python (the site's CSP forbids eval)."""
    meta = page.locator(".md-search-result__meta")
    end = time.perf_counter() + timeout
    while time.perf_counter() < end:
        if ("键入" in meta.inner_text()) == typing:
            return
        time.sleep(0.005)
    raise TimeoutError("search did not answer")


def run(page, base: str, queries: list[Query], slugs: dict[str, str],
        accept: Callable[[Query, str, str], bool] | None = None) -> list[Outcome]:
    """``slugs`` maps agreement titles to page paths (``/qq-…/``). ``accept(query, path, fragment)``
    judges a result link where the site is not this one (vanilla Material has no clause anchors)."""
    page.goto(base + "/")
    box = page.locator("input.md-search__input")
    box.click()
    outcomes = []
    for q in queries:
        box.click()
        page.keyboard.press("Control+A")
        page.keyboard.press("Backspace")
        _wait_meta(page, typing=True)
        page.keyboard.insert_text(q.text)
        start = time.perf_counter()
        page.keyboard.press("End")  # Material reads the query on keyup
        _wait_meta(page, typing=False)
        ms = (time.perf_counter() - start) * 1000
        page.wait_for_timeout(150)
        links = [h for g in page.evaluate(JS_GROUPS) for h in g]
        results = len(links)
        rank, seen = None, []
        path = slugs.get(q.agreement)
        # The first five visible links, in order, whatever their agreement.
        for i, h in enumerate(links[:5], 1):
            u = urlsplit(h)
            seen.append(f"{u.path.strip('/')}#{u.fragment}")
            here = f"{u.path.strip('/')}#{u.fragment}"
            ok = (accept(q, u.path, u.fragment) if accept is not None
                  else path and u.path == path and u.fragment in q.anchors or here in q.anchors)
            if rank is None and ok:
                rank = i
        outcomes.append(Outcome(q, rank, results, ms, seen[:5]))
    return outcomes


def by_category(outcomes: list[Outcome]) -> dict[str, dict[str, float]]:
    """recall@1, recall@5 and MRR per category (queries that must find nothing: share empty)."""
    out: dict[str, dict[str, float]] = {}
    for cat in dict.fromkeys(o.query.category for o in outcomes):
        group = [o for o in outcomes if o.query.category == cat]
        pos = [o for o in group if o.query.agreement != "-"]
        if not pos:
            out[cat] = {"n": len(group), "empty_ok": sum(o.results == 0 for o in group) / len(group)}
            continue
        out[cat] = {"n": len(pos), "recall@1": sum(o.rank == 1 for o in pos) / len(pos),
                    "recall@5": sum(o.rank is not None for o in pos) / len(pos),
                    "mrr": sum(1 / o.rank for o in pos if o.rank) / len(pos)}
    return out


def summary(outcomes: list[Outcome]) -> dict[str, float]:
    pos = [o for o in outcomes if o.query.agreement != "-"]
    neg = [o for o in outcomes if o.query.agreement == "-"]
    return {
        "queries": len(outcomes),
        "recall@1": sum(o.rank == 1 for o in pos) / len(pos),
        "recall@5": sum(o.rank is not None for o in pos) / len(pos),
        "empty_ok": sum(o.results == 0 for o in neg) / max(len(neg), 1),
        "median_ms": sorted(o.ms for o in outcomes)[len(outcomes) // 2],
    }
