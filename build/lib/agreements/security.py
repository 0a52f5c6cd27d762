"""Content-Security-Policy for the built pages.

Scripts run only from the site's own files, plus the inline scripts the theme and this
project *ship*: the allowed SHA-256 hashes are computed from the template files themselves
(Material's templates and ``overrides/``), never from a rendered page, so nothing a page's
content contains can widen the policy. A page's policy names only those allowed hashes
that the page uses (a subset: it can only be narrower). An inline script whose template
body contains Jinja (it differs per page) is never allowed; ``overrides/`` moves the
per-page value into an attribute instead. No inline event handlers, no javascript: URLs,
no foreign hosts.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from pathlib import Path

from . import routes

INLINE_SCRIPT = re.compile(r"<script(?P<attrs>(?:\s[^>]*)?)>(?P<body>.*?)</script>", re.S)
JINJA = re.compile(r"\{\{|\{%|\{#")
POLICY = ("default-src 'self'; script-src 'self'{hashes}; style-src 'self' 'unsafe-inline'; "
          "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; "
          "object-src 'none'; base-uri 'self'; form-action 'self'; frame-src 'none'")


def _sha256(body: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode() + "'"


def inline_scripts(template: str) -> list[str]:
    """Bodies of the executable inline scripts of a template whose text is fixed (no Jinja)."""
    out = []
    for m in INLINE_SCRIPT.finditer(template):
        attrs = m.group("attrs") or ""
        if "src=" in attrs or re.search(r'type="(?!text/javascript|module)[^"]*"', attrs):
            continue  # external, or data such as type="application/json"
        if not JINJA.search(m.group("body")):
            out.append(m.group("body"))
    return out


def shipped_hashes(theme_dirs: Iterable[Path]) -> list[str]:
    """Hashes of the inline scripts in the theme's templates, ``theme_dirs`` in MkDocs'
    lookup order (overrides first): a template an earlier folder overrides is not read."""
    seen: set[str] = set()
    hashes: set[str] = set()
    for folder in theme_dirs:
        folder = Path(folder)
        for path in sorted(folder.rglob("*.html")):
            rel = path.relative_to(folder).as_posix()
            if rel in seen:
                continue
            seen.add(rel)
            hashes.update(_sha256(body) for body in inline_scripts(path.read_text(encoding="utf-8")))
    return sorted(hashes)


def policy(hashes: Iterable[str]) -> str:
    return POLICY.format(hashes="".join(" " + h for h in hashes))


def add_csp(html: str, shipped: Iterable[str]) -> str:
    """Insert the CSP <meta> right after the first <meta charset>, before any script runs.

    ``shipped``: the hashes from :func:`shipped_hashes`. The policy lists those of them whose
    script is on this page (no hash is ever taken from the page into the policy: a page can
    only make it narrower). Idempotent by position only: the same words elsewhere (an
    agreement may quote them) never stop the policy from being added."""
    m = re.search(r"<meta charset=[^>]*>", html)
    if m is None:
        return html
    allowed = set(shipped)
    used = {_sha256(body) for body in inline_scripts(html)} & allowed
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(sorted(used))}">'
    if html.startswith(meta, m.end()):
        return html
    return html[:m.end()] + meta + html[m.end():]


def refusals(docs: Path, custom_dir: Path | None, root: Path) -> str:
    """Why the build must not start ('' when it may): links out of the project under docs/ or the
    theme's custom_dir (both are copied into the site), or scripts under docs/."""
    folders = [docs] + ([custom_dir] if custom_dir else [])
    outside = [p for folder in folders for p in routes.outside_links(folder, root)]
    if outside:
        return ("docs/ or the theme's custom_dir contains symbolic links to files outside the project, "
                "which would be published:\n  " + "\n  ".join(outside))
    scripts = routes.scripts_in(docs)
    if scripts:
        return ("scripts under docs/ would run on the site (script-src 'self'); scripts belong in the "
                "theme's overrides/: " + ", ".join(scripts))
    return ""
