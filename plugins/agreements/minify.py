"""Page HTML without the indentation the browser collapses anyway (half a kilobyte of gzip a page)."""

from __future__ import annotations

import re

# Where white space is the content's own: preformatted text and code (Material sets white-space:
# pre-wrap on code and kbd), form text, and scripts and styles (inline scripts are hashed for the CSP).
_KEEP = re.compile(r"<(pre|textarea|script|style|code|kbd)\b[^>]*>.*?</\1\s*>", re.S | re.I)
_INDENT = re.compile(r"\n[ \t]+")


def indentation(html: str) -> str:
    """``html`` with the spaces and tabs that open a line removed, outside :data:`_KEEP` elements.

    A line break stays where one was, so text renders as before: white space between words and
    tags still collapses to one space."""
    out, pos = [], 0
    for m in _KEEP.finditer(html):
        out.append(_INDENT.sub("\n", html[pos:m.start()]))
        out.append(m.group(0))
        pos = m.end()
    out.append(_INDENT.sub("\n", html[pos:]))
    return "".join(out)
