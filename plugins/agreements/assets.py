"""The plugin's own theme folder, and its CSS and JS as shipped without comments.

``theme/`` ships with the package: ``main.html`` and partials that load the plugin's assets, the
HTML fragments of :mod:`agreements.templates`, and ``assets/``. The plugin puts it in MkDocs' theme
folders right after the site's ``custom_dir``, so a site overrides any file of it from ``overrides/``
the way it overrides a Material partial.

The files in ``theme/assets/`` are written to be read; a reader's browser needs none of the
comments (about 1 KB gzip on an agreement page, see the page-weight budget). Only block comments
and whole-line ``//`` comments are removed, never anything inside a line of code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

THEME = Path(__file__).parent / "theme"
SHIPPED = ("assets/agreements.css", "assets/print.css", "assets/family.css",
           "assets/agreements.js", "assets/family.js", "assets/search-worker.js",
           "assets/search-link.js")


def strip_comments(text: str) -> str:
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    lines = (line.strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line and not line.startswith("//")) + "\n"


def strip_file(path: Path) -> None:
    """Strip one shipped file in the site, if the build wrote it."""
    if path.is_file():
        path.write_text(strip_comments(path.read_text(encoding="utf-8")), encoding="utf-8")


BUNDLE = "assets/javascripts/bundle.*.min.js"


def theme_bundle(theme_dirs: Iterable[Path | str]) -> str | None:
    """The theme's main script (Material's ``assets/javascripts/bundle.<hash>.min.js``) as a path in
    the site, from the first theme folder that has one; None when no folder has exactly one.
    ``main.html`` preloads it: the file name changes with every Material release."""
    for folder in theme_dirs:
        found = sorted(Path(folder).glob(BUNDLE))
        if len(found) == 1:
            return found[0].relative_to(folder).as_posix()
        if found:
            return None
    return None
