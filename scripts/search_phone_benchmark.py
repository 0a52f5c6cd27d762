"""First search on a phone, and typing latency, with and without 60 more real agreements,
next to vanilla MkDocs + Material on the same texts.

Usage:  python scripts/search_phone_benchmark.py [--extra 60] [--repeat 3]
Builds four sites in a temporary folder (the project's own, the project with ``--extra`` real
privacy policies from tests/fixtures/corpus-dev, and vanilla Material on each set of texts),
serves each gzipped, and opens ``/?q=未成年人`` in Debian's Chromium on a phone profile: 360 px,
CPU slowed 4x, 1.6 Mbit/s down, 150 ms latency. It prints the time from navigation to the first
search result on screen (the frame that shows it painted, timed in the page), the bytes fetched
(transfer size), the median keystroke-to-results time of the project's query set without
throttling, and when the test driver saw the first result (its own check waits for the page's main
thread). Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "tests/benchmarks"))

from build_benchmark import make_vanilla  # noqa: E402
from search_eval import load_queries, run  # noqa: E402

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
QUERY = "未成年人"


class Gzipped(http.server.SimpleHTTPRequestHandler):
    """Serves files gzip-compressed (level 6) when the client accepts it, with the caching headers of
    GitHub Pages, as a static host would."""

    cache: dict[str, bytes] = {}
    sent = [0]  # bytes of bodies sent, all servers: the benchmark reads it around one page load

    def log_message(self, *args) -> None:
        pass

    def send_head(self):  # noqa: ANN201 - http.server's own signature
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        if "gzip" not in (self.headers.get("Accept-Encoding") or "") or not os.path.isfile(path):
            return super().send_head()
        body = self.cache.get(path)
        if body is None:
            body = self.cache[path] = gzip.compress(Path(path).read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        # As GitHub Pages serves a static site: cacheable for ten minutes, with a validator.
        self.send_header("Cache-Control", "max-age=600")
        self.send_header("Last-Modified", self.date_time_string(int(os.path.getmtime(path))))
        Gzipped.sent[0] += len(body)
        self.end_headers()
        import io

        return io.BytesIO(body)


def serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(Gzipped, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


def build(proj: Path, site: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(proj / "mkdocs.yml"), "-d", str(site)],
                   check=True, env=env, capture_output=True)


def project_with(root: Path, extra: list[Path]) -> Path:
    """A copy of the project's site sources with ``extra`` raw texts added to its agreements."""
    proj = root / "plugin"
    shutil.copytree(ROOT / "docs", proj / "docs", ignore=shutil.ignore_patterns("archive"))
    for p in extra:
        shutil.copy(p, proj / "docs/agreements" / f"extra-{p.name}")
    cfg = (ROOT / "mkdocs.yml").read_text(encoding="utf-8").replace("custom_dir: overrides",
                                                                     f"custom_dir: {ROOT / 'overrides'}")
    (proj / "mkdocs.yml").write_text(cfg + "\n", encoding="utf-8")
    return proj


def distinct_texts(n: int) -> list[Path]:
    """``n`` texts of the dev corpus whose titles the project does not already host."""
    from agreements.parse import parse
    from agreements.text import decode

    def title(p: Path) -> str:
        return parse(decode(p.read_bytes())[0], p.name).title

    own = {title(p) for p in (ROOT / "docs/agreements").glob("*") if p.is_file()}
    out, seen = [], set(own)
    for p in sorted((ROOT / "tests/fixtures/corpus-dev").glob("*.txt")):
        t = title(p)
        if p.name != "KEEP.txt" and t not in seen:
            seen.add(t)
            out.append(p)
    return out[:n]


# In the page from its first byte: when a result first stands in the list, and when the frame that
# shows it has been painted (the next frame's rendering done: rAF runs before paint, a task queued
# from it after). The test driver itself learns of the result only when the page's main thread is
# free again, later by the length of whatever long task follows (Material's bundle on its first run).
PAINTED = """
new MutationObserver((_, o) => {
  if (!document.querySelector('.md-search-result__item')) return;
  o.disconnect();
  window.__agShown = performance.now();
  requestAnimationFrame(() => setTimeout(() => { window.__agPainted = performance.now(); }));
}).observe(document, {childList: true, subtree: true});
"""


def first_search(browser, url: str) -> tuple[float, int, float]:
    """ms from navigation to the first result painted, bytes transferred until the test driver saw
    it, and ms until the driver saw it."""
    ctx = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    ctx.add_init_script(PAINTED)
    page = ctx.new_page()
    cdp = ctx.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": 150,
                                                  "downloadThroughput": 1_600_000 / 8,
                                                  "uploadThroughput": 750_000 / 8})
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    before = Gzipped.sent[0]
    seen: list[tuple[str, int, float]] = []
    ctx.on("requestfinished", lambda r: seen.append((r.url, _transfer(r), time.perf_counter() - start)))
    start = time.perf_counter()
    page.goto(f"{url}/?q={QUERY}", wait_until="commit")
    page.locator(".md-search-result__item").first.wait_for(timeout=60_000)
    ms = (time.perf_counter() - start) * 1000
    page.wait_for_function("() => window.__agPainted !== undefined", timeout=60_000)
    # performance.now() counts from the navigation's start, as ``start`` does (within a few ms).
    painted = page.evaluate("window.__agPainted")
    # Bytes as the server sent them (the browser does not report a worker script's body size).
    total = Gzipped.sent[0] - before
    if os.environ.get("SEARCH_BENCH_VERBOSE"):
        for u, n, t in seen:
            print(f"    {n / 1024:7.1f} KB  done at {t * 1000:5.0f} ms  {u.split('/', 3)[-1][:70]}")
    ctx.close()
    return painted, total, ms


def _transfer(request) -> int:
    try:
        s = request.sizes()
        return s["responseBodySize"] + s["responseHeadersSize"]
    except Exception:  # noqa: BLE001 - a request that failed has no sizes
        return 0


def typing(browser, url: str, queries: list) -> float:
    """Median ms from the last keystroke of a query to Material's answer, unthrottled."""
    page = browser.new_page()
    outcomes = run(page, url, queries, {})
    page.close()
    return statistics.median(o.ms for o in outcomes)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--extra", type=int, default=60)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    extra = distinct_texts(a.extra)
    queries = load_queries()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        sites = {}
        for name, texts in (("site", []), (f"site + {len(extra)}", extra)):
            proj = project_with(root / name.replace(" ", "").replace("+", "_"), texts)
            build(proj, root / f"out-{len(texts)}")
            sites[name] = root / f"out-{len(texts)}"
            raw = [p.read_text(encoding="utf-8") for p in sorted((proj / "docs/agreements").glob("*")) if p.is_file()]
            van = make_vanilla(root / f"vanilla-{len(texts)}", raw)
            build(van, root / f"vout-{len(texts)}")
            sites[f"vanilla {name}"] = root / f"vout-{len(texts)}"
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            print(f"{'site':<22} {'first search (phone)':>22} {'bytes fetched':>15} {'typing→results':>16}"
                  f" {'driver saw it':>15}")
            for name, site in sites.items():
                httpd, url = serve(site)
                try:
                    runs = [first_search(browser, url) for _ in range(a.repeat)]
                    ms = statistics.median(r[0] for r in runs)
                    kb = statistics.median(r[1] for r in runs) / 1024
                    saw = statistics.median(r[2] for r in runs)
                    typed = typing(browser, url, queries)
                finally:
                    httpd.shutdown()
                print(f"{name:<22} {ms:>19.0f} ms {kb:>12.0f} KB {typed:>13.0f} ms {saw:>12.0f} ms")
            browser.close()


if __name__ == "__main__":
    main()
