"""Where the plugin may read and write, and every URL it makes: slugs, version dates,
output paths, project files, page sources and site paths.

Every path the plugin writes into the site goes through :func:`output_path`, and every
file it reads through :func:`inside_project`. Both resolve symlinks first, so neither a
``..`` in a registry value nor a link can reach outside. Pure: no MkDocs here.
"""

from __future__ import annotations

import datetime
import os
import posixpath
import re
from pathlib import Path
from urllib.parse import urlsplit

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


# -- The site's pages and URLs: every one is made here --------------------------------------
# Sources are the pages the plugin hands MkDocs (src paths under docs/); URLs are site paths
# relative to the site root, as MkDocs writes them with use_directory_urls.

FAMILY = "family"  # the family map page; also the target key of links to its registry entries
GLOSSARY = "glossary"  # the glossary page; also the target key of links to its terms
FAMILY_SRC = f"{FAMILY}.md"
GLOSSARY_SRC = f"{GLOSSARY}.md"
FAMILY_INDEX = "clauses.json"
FEED = "feed.xml"
GLOSSARY_JSON = "glossary.json"
GLOSSARY_TIPS = "glossary/tips.json"
SEARCH_INDEX = "search/search_index.json"
# Top-level names the site uses for itself: an agreement's slug may not be one of them.
RESERVED = frozenset({FAMILY, GLOSSARY, "assets", "search", "stylesheets", "javascripts", "404"})


def reserved(slugs: dict[str, str], pages: set[str]) -> list[str]:
    """Errors for slugs (slug → its file) whose URL the site already uses: its own pages and the
    author's (``pages``: src paths under docs/)."""
    taken = {p.removesuffix(".md").removesuffix("/index") for p in pages if p.endswith(".md")}
    return [f"{path}: slug '{slug}' gives the URL /{slug}/, which the site uses for "
            + ("its own pages" if slug in RESERVED else f"docs/{slug}.md") + "; give the agreement another slug"
            for slug, path in sorted(slugs.items()) if slug in RESERVED or slug in taken]


def agreement_src(slug: str) -> str:
    return f"{slug}.md"


def url(key: str, fragment: str = "") -> str:
    """The page of an agreement (its slug) or of the family map or glossary (their keys)."""
    return at(f"{key}/", fragment)


def at(url_: str, fragment: str) -> str:
    """``url_`` with ``#fragment`` (an anchor id), or as it is without one."""
    return url_ + (f"#{fragment}" if fragment else "")


def absolute(site_url: str | None, rel: str = "") -> str:
    """``rel`` (a site path) under site_url, or under '/' without one: feed links and ids."""
    return (site_url or "/").rstrip("/") + "/" + rel


def feed_id(slug: str, date: str) -> str:
    """The Atom id of a version's entry (its address without the trailing slash, as published)."""
    return version_url(slug, date).rstrip("/")


def version_url(slug: str, date: str | None) -> str:
    """A version's permanent address; the current one (``date`` None) is the agreement's page."""
    return f"{slug}/" if date is None else f"{slug}/{date}/"


def version_src(slug: str, date: str) -> str:
    return f"{slug}/{date}.md"


def history_src(slug: str) -> str:
    return f"{slug}/history.md"


def history_url(slug: str) -> str:
    return f"{slug}/history/"


def compare_src(slug: str, old: str, new: str) -> str:
    return f"{slug}/compare/{old}/{new}.md"


def compare_url(slug: str, old: str, new: str) -> str:
    return f"{slug}/compare/{old}/{new}/"


def clauses_json(slug: str, date: str | None = None) -> str:
    return version_url(slug, date) + "clauses.json"


def versions_json(slug: str) -> str:
    return f"{slug}/versions.json"


def relative(target: str, here: str) -> str:
    """``target`` (a site path) as a link from the page at ``here`` (its URL)."""
    base = posixpath.dirname(here.rstrip("/") + "/x") if here else ""
    rel = posixpath.relpath(target or ".", base or ".")
    return rel + ("/" if target.endswith("/") and not rel.endswith("/") else "")


def site_path(site_url: str | None) -> str:
    """The path part of site_url ('/' by default), with a trailing slash."""
    path = urlsplit(site_url or "/").path or "/"
    return path if path.endswith("/") else path + "/"


def origin(site_url: str | None) -> str:
    """Scheme and host of site_url ('' without one): what the 引用 button's location.origin is."""
    u = urlsplit(site_url or "")
    return f"{u.scheme}://{u.netloc}" if u.scheme and u.netloc else ""
