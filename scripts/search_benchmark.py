"""Search benchmark: recall@1/@5 of the query set through the real search box, index size, latency,
next to vanilla MkDocs + Material on the same texts.

Usage (after `mkdocs build`):  python scripts/search_benchmark.py [site_dir] [--no-vanilla] [--queries FILE]
Needs Debian's chromium. Prints figures; asserts nothing (the test suite does that).

Vanilla Material (the project's configuration without the plugin, each raw text a Markdown page,
built in a temporary folder) has no clause anchors: one of its result links counts as a hit when
the section it opens holds the text of an acceptable clause. That is generous to vanilla (a link to
the top of a page whose text has no headings holds every clause of it) and it is said so in the output.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

sys.path.insert(0, str(ROOT / "tests/benchmarks"))

from search_eval import Query, by_category, load_queries, run, summary  # noqa: E402

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


class Sections(HTMLParser):
    """The text of a built page's article, section by section: heading id (or "" for the top) → text."""

    def __init__(self) -> None:
        super().__init__()
        self.depth, self.key, self.out = 0, "", {"": []}

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "article":
            self.depth += 1
        elif self.depth and re.fullmatch(r"h[1-6]", tag) and dict(attrs).get("id"):
            self.key = dict(attrs)["id"]
            self.out.setdefault(self.key, [])

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.out[self.key].append(data)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def section_texts(html: str) -> dict[str, str]:
    p = Sections()
    p.feed(html)
    return {k: squeeze("".join(v)) for k, v in p.out.items()}


def vanilla_site(tmp: Path) -> tuple[Path, dict[str, str]]:
    """Vanilla Material built on the project's raw texts, and each agreement title's page path there."""
    from build_benchmark import make_vanilla

    from agreements.parse import parse
    from agreements.text import decode

    raw = sorted(p for p in (ROOT / "docs/agreements").glob("*") if p.is_file())
    proj = make_vanilla(tmp, [p.read_text(encoding="utf-8") for p in raw])
    out = tmp / "vanilla-site"
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(proj / "mkdocs.yml"), "-d", str(out)],
                   check=True, capture_output=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    pages = {parse(decode(p.read_bytes())[0], p.name).title: f"/p{k:05d}/" for k, p in enumerate(raw)}
    return out, pages


def vanilla_judge(site: Path, vsite: Path, vpages: dict[str, str]):
    """accept(query, path, fragment) for vanilla's result links: the section opened holds an acceptable
    clause's text (any 16 characters of its first 60, whitespace aside)."""
    family = json.loads((site / "clauses.json").read_text("utf-8"))
    title_of = {a["url"].strip("/"): a["title"] for a in family["agreements"]}
    clauses: dict[str, dict[str, str]] = {}
    for slug, title in title_of.items():
        data = json.loads((site / slug / "clauses.json").read_text("utf-8"))
        clauses[title] = {c["id"]: squeeze(c["text"]) for c in data["clauses"]}
    sections: dict[str, dict[str, str]] = {}

    def section(path: str, fragment: str) -> str:
        if path not in sections:
            f = vsite / path.strip("/") / "index.html"
            sections[path] = section_texts(f.read_text("utf-8")) if f.is_file() else {}
        return sections[path].get(fragment, "")

    def accept(q: Query, path: str, fragment: str) -> bool:
        for anchor in q.anchors:
            title, cid = (title_of.get(anchor.split("#")[0]), anchor.split("#")[1]) if "#" in anchor \
                else (q.agreement, anchor)
            text = clauses.get(title or "", {}).get(cid, "")
            if not text or vpages.get(title or "") != path:
                continue
            held = section(path, fragment)
            if any(text[i:i + 16] in held for i in range(0, max(1, min(len(text), 60) - 15), 4)):
                return True
        return False

    return accept


def search_all(site: Path, queries: list[Query], slugs: dict[str, str], accept=None) -> list:
    handler = functools.partial(Quiet, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    from playwright.sync_api import sync_playwright

    try:
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            page = b.new_page()
            outcomes = run(page, f"http://127.0.0.1:{httpd.server_address[1]}", queries, slugs, accept)
            b.close()
    finally:
        httpd.shutdown()
    return outcomes


def main() -> None:
    argv = sys.argv[1:]
    queries_file = None
    if "--queries" in argv:  # another query set (a held-out one), same format as tests/search_queries.tsv
        at = argv.index("--queries")
        queries_file = Path(argv[at + 1])
        del argv[at:at + 2]
    args = [a for a in argv if not a.startswith("--")]
    site = Path(args[0] if args else ROOT / "site")
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
    queries = load_queries(queries_file) if queries_file else load_queries()
    outcomes = search_all(site, queries, slugs)
    vanilla = None
    if "--no-vanilla" not in sys.argv:
        with tempfile.TemporaryDirectory() as tmp:
            vsite, vpages = vanilla_site(Path(tmp))
            vanilla = search_all(vsite, queries, {}, vanilla_judge(site, vsite, vpages))
    for name, got in (("this site", outcomes), ("vanilla Material, same texts", vanilla)):
        if got is None:
            continue
        s = summary(got)
        print(f"{name}: queries {s['queries']}  recall@1 {s['recall@1']:.2f}  recall@5 {s['recall@5']:.2f}  "
              f"should-find-nothing correct {s['empty_ok']:.2f}  median typing→results {s['median_ms']:.0f} ms")
    cats = by_category(outcomes)
    vcats = by_category(vanilla) if vanilla else {}
    print(f"  {'category':<12} {'n':>3}  {'recall@1':>8} {'recall@5':>8} {'MRR':>5}"
          + ("   vanilla recall@1 recall@5   MRR" if vanilla else ""))
    for cat, c in cats.items():
        v = vcats.get(cat, {})
        if "mrr" in c:
            line = f"  {cat:<12} {c['n']:>3.0f}  {c['recall@1']:>8.2f} {c['recall@5']:>8.2f} {c['mrr']:>5.2f}"
            if v:
                line += f"   {'':7} {v['recall@1']:>8.2f} {v['recall@5']:>8.2f} {v['mrr']:>5.2f}"
        else:
            line = f"  {cat:<12} {c['n']:>3.0f}  find nothing: {c['empty_ok']:.2f}"
            if v:
                line += f"   vanilla finds nothing: {v['empty_ok']:.2f}"
        print(line)
    if vanilla:
        print("  (vanilla: a result link counts when the section it opens holds an acceptable clause's text)")
    for o in outcomes:
        if o.query.agreement != "-" and o.rank is None:
            print(f"  miss: {o.query.text!r} in {o.query.agreement}: top 5 {o.seen}")


if __name__ == "__main__":
    main()
