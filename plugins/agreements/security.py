"""Content-Security-Policy for the built pages.

Only the site's own scripts run: external scripts from 'self', and each inline
script Material writes is allowed by its SHA-256 hash, computed from the final
HTML. No inline event handlers, no javascript: URLs, no foreign hosts.
"""

from __future__ import annotations

import base64
import hashlib
import re

INLINE_SCRIPT = re.compile(r"<script(?P<attrs>(?:\s[^>]*)?)>(?P<body>.*?)</script>", re.S)
POLICY = ("default-src 'self'; script-src 'self' {hashes}; style-src 'self' 'unsafe-inline'; "
          "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; "
          "object-src 'none'; base-uri 'self'; form-action 'self'; frame-src 'none'")


def script_hashes(html: str) -> list[str]:
    out = []
    for m in INLINE_SCRIPT.finditer(html):
        attrs = m.group("attrs") or ""
        if "src=" in attrs or re.search(r'type="(?!text/javascript|module)[^"]*"', attrs):
            continue  # external, or data such as type="application/json"
        digest = hashlib.sha256(m.group("body").encode("utf-8")).digest()
        out.append("'sha256-" + base64.b64encode(digest).decode() + "'")
    return sorted(set(out))


def add_csp(html: str) -> str:
    """Insert a CSP <meta> right after <meta charset>, before any script runs."""
    if 'http-equiv="Content-Security-Policy"' in html:
        return html
    meta = ('<meta http-equiv="Content-Security-Policy" content="'
            + POLICY.format(hashes=" ".join(script_hashes(html))) + '">')
    m = re.search(r"<meta charset=[^>]*>", html)
    if m is None:
        return html
    return html[:m.end()] + meta + html[m.end():]
