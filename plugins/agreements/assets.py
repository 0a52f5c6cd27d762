"""Our own CSS and JS as shipped: the comments and indentation of the source files left out.

The files in ``overrides/assets/`` are written to be read; a reader's browser needs none of the
comments (about 1 KB gzip on an agreement page, see the page-weight budget). Only block comments
and whole-line ``//`` comments are removed, never anything inside a line of code.
"""

from __future__ import annotations

import re
from pathlib import Path

SHIPPED = ("assets/agreements.css", "assets/print.css", "assets/family.css",
           "assets/agreements.js", "assets/embed.js", "assets/family.js", "assets/search-worker.js")


def strip_comments(text: str) -> str:
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    lines = (line.strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line and not line.startswith("//")) + "\n"


def strip_file(path: Path) -> None:
    """Strip one shipped file in the site, if the build wrote it."""
    if path.is_file():
        path.write_text(strip_comments(path.read_text(encoding="utf-8")), encoding="utf-8")
