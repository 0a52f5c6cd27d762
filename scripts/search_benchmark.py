"""Search benchmark: recall@1/@5 of the query set through the real search box, index size, latency.

Usage (after `mkdocs build`):  python scripts/search_benchmark.py [site_dir]
Needs Debian's chromium. Prints figures; asserts nothing (the test suite does that).
"""

from __future__ import annotations

import functools
import gzip
import http.server
import json
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from search_eval import by_category, load_queries, run, summary  # noqa: E402

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def main() -> None:
    site = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "site")
    files = sorted(p for p in (site / "search").rglob("*.json"))
    raw = sorted(p for p in (ROOT / "docs/agreements").glob("*") if p.is_file())
    raw_gz = sum(len(gzip.compress(p.read_bytes(), 6)) for p in raw)
    idx_gz = sum(len(gzip.compress(p.read_bytes(), 6)) for p in files)
    manifest = len(gzip.compress((site / "search/search_index.json").read_bytes(), 6))
    print(f"search index: {len(files)} files, {idx_gz / 1024:.1f} KB gzip (each file gzipped as served); "
          f"manifest {manifest / 1024:.1f} KB")
    print(f"raw agreements: {raw_gz / 1024:.1f} KB gzip; index / raw: {idx_gz / raw_gz:.2f}x (target <= 2.00x)")
    family = json.loads((site / "clauses.json").read_text("utf-8"))
    slugs = {a["title"]: a["url"] for a in family["agreements"]}
    handler = functools.partial(Quiet, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    from playwright.sync_api import sync_playwright

    try:
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            page = b.new_page()
            outcomes = run(page, f"http://127.0.0.1:{httpd.server_address[1]}", load_queries(), slugs)
            b.close()
    finally:
        httpd.shutdown()
    s = summary(outcomes)
    print(f"queries: {s['queries']}  recall@1: {s['recall@1']:.2f}  recall@5: {s['recall@5']:.2f}  "
          f"should-find-nothing correct: {s['empty_ok']:.2f}  median typing→results: {s['median_ms']:.0f} ms")
    for cat, c in by_category(outcomes).items():
        if "mrr" in c:
            print(f"  {cat:<12} n={c['n']:<3.0f} recall@1 {c['recall@1']:.2f}  recall@5 {c['recall@5']:.2f}  "
                  f"MRR {c['mrr']:.2f}")
        else:
            print(f"  {cat:<12} n={c['n']:<3.0f} find nothing: {c['empty_ok']:.2f}")
    for o in outcomes:
        if o.query.agreement != "-" and o.rank is None:
            print(f"  miss: {o.query.text!r} in {o.query.agreement}: top 5 {o.seen}")


if __name__ == "__main__":
    main()
