"""Where the plugin may read and write: slugs, version dates, output paths, project files.

Every path the plugin writes into the site goes through :func:`output_path`, and every
file it reads through :func:`inside_project`. Both resolve symlinks first, so neither a
``..`` in a registry value nor a link can reach outside. Pure: no MkDocs here.
"""

from __future__ import annotations

import datetime
import os
import re
from pathlib import Path

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,80}$")  # documented in docs/robustness.md
TAG_PREFIX = re.compile(r"^(?:[A-Za-z0-9_][A-Za-z0-9._/-]*)?$")  # never starts with '-' (a git option)
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# An address from the registry or front matter: http(s) with a host, or mailto; no spaces,
# quotes, angle brackets or control characters anywhere.
URL = re.compile(r"^(?:https?://[^\s/?#\"'<>\\`]+(?:[/?#][^\s\"'<>\\`]*)?|mailto:[^\s\"'<>\\`:/]+)$", re.I)


class UnsafePath(ValueError):
    """A path the build refuses: outside the site or the project, or not a valid segment."""


def valid_slug(slug: str) -> bool:
    return bool(SLUG.fullmatch(slug))


def fit_slug(slug: str) -> str:
    """A computed slug cut to the pattern's length (long titles), never ending in '-'."""
    cut = slug[:81].rstrip("-")
    return cut if valid_slug(cut) else "agreement"


def valid_url(url: str) -> bool:
    """http://, https:// or mailto: only (checked once, where the registry is loaded)."""
    return bool(URL.fullmatch(url)) and not any(ord(c) < 0x20 or 0x7f <= ord(c) < 0xa0 for c in url)


def valid_date(value: str) -> bool:
    """A real calendar date written YYYY-MM-DD (tags and version URL segments)."""
    if not ISO_DATE.fullmatch(value):
        return False
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def valid_version(value: str) -> bool:
    """A version's URL segment: its 更新日期, a calendar date or, where the text states only the
    month, YYYY-MM (month precision stays month precision)."""
    if re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", value):
        return True
    return valid_date(value)


def output_path(site_dir: Path | str, rel: str) -> Path:
    """``site_dir / rel``, resolved, refused unless it lies inside the site directory.

    The one check for every file the plugin writes (or asks MkDocs to write)."""
    site = Path(site_dir).resolve()
    if not rel or os.path.isabs(rel) or "\\" in rel or "\0" in rel:
        raise UnsafePath(f"refusing to write '{rel}': not a relative path inside the site")
    target = (site / rel).resolve()
    if target == site or not target.is_relative_to(site):
        raise UnsafePath(f"refusing to write '{rel}': {target} is outside the site directory {site}")
    return target


def inside_project(path: Path, root: Path, what: str = "file") -> Path:
    """The real path of ``path``, refused unless it lies inside ``root`` (the project).

    A symlink pointing outside is named in the message (the link, not only its target)."""
    real = Path(os.path.realpath(path))
    top = Path(os.path.realpath(root))
    if real != top and not real.is_relative_to(top):
        raise UnsafePath(f"{path}: this {what} is a symbolic link to {real}, outside the project {top}; "
                         "the build reads only files inside the project: replace the link with the file")
    return real


def scripts_in(folder: Path) -> list[str]:
    """JavaScript files under ``folder`` (docs/): MkDocs would publish them, and the CSP lets
    the site's own scripts run, so a committed .js in docs/ would be a script on every page."""
    return sorted(str(p) for p in folder.rglob("*") if p.suffix.lower() in (".js", ".mjs", ".cjs")
                  and not p.is_symlink())


def outside_links(folder: Path, root: Path) -> list[str]:
    """Every symlink under ``folder`` whose target lies outside ``root`` (or dangles there).

    Walked without following links, so a link to ``/`` costs one entry, not a tour of the disk."""
    problems: list[str] = []
    top = Path(os.path.realpath(root))
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        for name in dirnames + filenames:
            p = Path(dirpath) / name
            if not p.is_symlink():
                continue
            real = Path(os.path.realpath(p))
            if real != top and not real.is_relative_to(top):
                problems.append(f"{p}: symbolic link to {real}, outside the project {top}")
    return sorted(problems)
