"""Print the transferred bytes (gzip) of a page and what it loads: HTML, CSS, JS, fonts.

Usage: mkdocs build && python scripts/page_weight.py [site_dir]
Reads the built files (no server): each local <link rel=stylesheet> (but media="print", which is
not render-blocking), <script src> and font url(...) in those stylesheets, gzip-compressed at level
6 as a web server would.
"""

from __future__ import annotations

import gzip
import posixpath
import re
import sys
from pathlib import Path

PAGES = {"home": "index.html", "QQ licence": "qq-ruanjian-xuke-ji-fuwu-xieyi/index.html"}
BUDGET_KB = 90  # an agreement page without fonts


def gz(data: bytes) -> int:
    return len(gzip.compress(data, 6))


def weigh(site: Path, rel: str) -> dict[str, int]:
    html = (site / rel).read_bytes()
    sizes = {"html": gz(html), "css": 0, "js": 0, "fonts": 0}
    base = posixpath.dirname(rel)
    text = html.decode("utf-8")
    # A media="print" stylesheet is not counted: the browser fetches it at the lowest priority and
    # it blocks neither parsing nor the first paint of the page on screen.
    links = [tag for tag in re.findall(r"<link[^>]+>", text)
             if 'rel="stylesheet"' in tag and 'media="print"' not in tag]
    refs = [m.group(1) for tag in links if (m := re.search(r'href="([^"]+)"', tag))]
    refs += re.findall(r'<script[^>]+src="([^"]+)"', text)
    for ref in refs:
        if "://" in ref:
            continue
        path = site / posixpath.normpath(posixpath.join(base, ref.split("?")[0]))
        if not path.exists():
            continue
        kind = "css" if path.suffix == ".css" else "js"
        sizes[kind] += gz(path.read_bytes())
        if kind == "css":
            for font in re.findall(r"url\(([^)]+\.(?:woff2?|ttf|otf))\)", path.read_text("utf-8")):
                fpath = path.parent / font.strip("'\"")
                if fpath.exists():
                    sizes["fonts"] += len(fpath.read_bytes())
    return sizes


def main() -> None:
    site = Path(sys.argv[1] if len(sys.argv) > 1 else "site")
    print(f"{'page':<12} {'html':>8} {'css':>8} {'js':>8} {'fonts':>8} {'total':>8}  (KB, gzip)")
    for name, rel in PAGES.items():
        s = weigh(site, rel)
        total = sum(s.values())
        print(f"{name:<12} {s['html'] / 1024:8.1f} {s['css'] / 1024:8.1f} {s['js'] / 1024:8.1f} "
              f"{s['fonts'] / 1024:8.1f} {total / 1024:8.1f}")
    s = weigh(site, PAGES["QQ licence"])
    no_fonts = (sum(s.values()) - s["fonts"]) / 1024
    print(f"budget: agreement page without fonts {no_fonts:.1f} KB of {BUDGET_KB} KB "
          f"({'within' if no_fonts <= BUDGET_KB else 'OVER'})")


if __name__ == "__main__":
    main()
