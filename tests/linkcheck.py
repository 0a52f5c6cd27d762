"""A small link checker over a built site: every internal href and #fragment must exist."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

HREF = re.compile(r'<(?:a|link)\b[^>]*?\shref="([^"]*)"', re.S)
ID = re.compile(r'\sid="([^"]+)"')


def check(site: Path) -> list[str]:
    pages = {p.relative_to(site).as_posix(): p for p in site.rglob("*.html")}
    ids: dict[str, set[str]] = {}
    problems = []

    def ids_of(rel: str) -> set[str]:
        if rel not in ids:
            ids[rel] = set(ID.findall(pages[rel].read_text(encoding="utf-8")))
        return ids[rel]

    for rel, path in pages.items():
        html = path.read_text(encoding="utf-8")
        for href in HREF.findall(html):
            href = href.replace("&amp;", "&")
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or href.startswith(("mailto:", "javascript:", "data:")):
                continue
            target = rel
            if parts.path:
                path = unquote(parts.path)
                base = "" if path.startswith("/") else posixpath.dirname(rel)
                target = posixpath.normpath(posixpath.join(base, path.lstrip("/"))).lstrip("./") or "."
                if path.endswith("/") or (site / target).is_dir():
                    target = posixpath.join(target, "index.html")
                if not (site / target).exists():
                    problems.append(f"{rel}: broken link {href}")
                    continue
            frag = unquote(parts.fragment)
            if frag and target.endswith(".html") and target in pages and frag not in ids_of(target):
                problems.append(f"{rel}: missing anchor {href}")
    return problems
