"""Load the family: every raw agreement in a folder plus the registry data file.

Pure: takes paths, returns agreements and issues. Publishing a new agreement
needs nothing but a new raw file; a registry entry only adds metadata.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import routes, schema
from .model import Agreement, Issue
from .parse import DecodeError, parse, set_evidence
from .slug import slugify

RAW_SUFFIXES = (".txt", ".md", ".text")


@dataclass
class Entry:
    """Registry data for one agreement (hosted or only cited)."""

    title: str
    aliases: list[str] = field(default_factory=list)
    slug: str | None = None
    category: str | None = None
    url: str | None = None
    file: str | None = None
    acknowledge: list[str] = field(default_factory=list)
    # For a text that states no 更新日期: a dated piece of evidence and its kind (采集日期, 最早可见).
    evidence_date: str | None = None
    evidence_kind: str | None = None
    # Alias scoping: {alias: title} valid only inside this agreement.
    local_aliases: dict[str, str] = field(default_factory=dict)
    hosted: bool = False


@dataclass
class Family:
    agreements: list[Agreement]
    registry: dict[str, Entry]  # by title
    issues: list[Issue]
    errors: list[str]  # fatal problems: the build must stop


class RegistryError(ValueError):
    """A registry entry the build cannot publish safely (a slug that is not a URL segment)."""


def load_registry(path: Path) -> tuple[dict[str, Entry], list[Issue]]:
    """Entries by title, checked against :data:`schema.REGISTRY`. Raises :class:`RegistryError` for
    an unsafe slug; a URL other than http(s)/mailto is dropped with a warning naming the file, line
    and entry."""
    loaded = schema.read(path, schema.REGISTRY)
    entries: dict[str, Entry] = {}
    issues = loaded.issues
    for item in loaded.items:
        kw = dict(item.values)
        title = kw["title"]
        if kw.get("slug") is not None and not routes.valid_slug(kw["slug"]):
            raise RegistryError(f"{path}:{loaded.line(item.n, 'slug')}: entry '{title}': slug {kw['slug']!r} "
                                f"is not a URL segment; a slug matches {routes.SLUG.pattern} (lower-case "
                                "letters, digits and '-')")
        if kw.get("url") is not None and not routes.valid_url(kw["url"]):
            issues.append(Issue(str(path), loaded.line(item.n, "url"), f"registry-url:{title}",
                                f"entry '{title}': url {kw['url']!r} dropped: only http://, https:// and "
                                "mailto: addresses are published"))
            kw["url"] = None
        entries[title] = Entry(**kw)
    return entries, issues


def raw_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir()
                  if p.is_file() and p.suffix.lower() in RAW_SUFFIXES and not p.name.startswith("."))


def load(folder: Path, registry_path: Path, rel_to: Path | None = None, root: Path | None = None,
         parser: Callable[[bytes, str], Agreement] = parse) -> Family:
    """Parse every raw file in ``folder`` and merge registry data.

    With ``root`` (the project), the folder, the registry and every raw file are read only if
    their real path lies inside it; a link elsewhere is a fatal error naming the link. ``parser``
    parses one raw file (:class:`parse.Reparser` under ``mkdocs serve``)."""
    errors: list[str] = []
    if root is not None:
        for p, what in ((folder, "folder"), (registry_path, "registry")):
            try:
                routes.inside_project(p, root, what)
            except routes.UnsafePath as exc:
                errors.append(str(exc))
        if errors:
            return Family([], {}, [], errors)
    try:
        registry, issues = load_registry(registry_path)
    except RegistryError as exc:
        return Family([], {}, [], [str(exc)])
    agreements: list[Agreement] = []
    by_file = {e.file: e for e in registry.values() if e.file}
    for path in raw_files(folder):
        rel = os.path.relpath(path, rel_to) if rel_to else str(path)
        if root is not None:
            try:
                routes.inside_project(path, root, "raw text")
            except routes.UnsafePath as exc:
                errors.append(str(exc))
                continue
        try:
            ag = parser(path.read_bytes(), rel)
        except DecodeError as exc:
            errors.append(f"{rel}: {exc}")
            continue
        if not any(p.text.strip() for prov in ag.walk() for p in prov.body) and not any(
                prov.lead for prov in ag.walk()) and not ag.head:
            issues.append(Issue(rel, 1, "empty", "no agreement text in this file (empty, blank or front "
                                "matter only): not published; add the text or remove the file"))
            continue
        by_name = by_file.get(path.name)
        if by_name is not None and ag.title_source in ("defined", "file"):
            # The text names itself nowhere a reader would see: the registry's title wins.
            ag.title, ag.title_source = by_name.title, "registry"
            ag.issues = [i for i in ag.issues if i.code != "no-title"]
        entry = by_name or registry.get(ag.title)
        if entry is None:
            entry = next((e for e in registry.values() if ag.title in e.aliases), None)
        if entry is not None and entry.title != ag.title:
            registry.pop(entry.title, None)
            entry.aliases = sorted(set(entry.aliases) | {entry.title})
            entry.title = ag.title
        if entry is None:
            entry = Entry(ag.title)
        registry[ag.title] = entry
        entry.hosted = True
        ag.slug = entry.slug or routes.fit_slug(slugify(ag.title))
        if not ag.source_url and entry.url:
            ag.source_url = entry.url
        set_evidence(ag, entry.evidence_date, entry.evidence_kind)
        for issue in ag.issues:
            if issue.code in entry.acknowledge:
                issue.level = "info"
        agreements.append(ag)
        issues.extend(ag.issues)
    seen: dict[str, Agreement] = {}
    for ag in agreements:
        other = seen.get(ag.slug)
        if other is not None:
            errors.append(f"{ag.path}: same URL '/{routes.url(ag.slug)}' as {other.path} (title '{ag.title}'); "
                          f"give one of them a 'slug' in the registry")
        seen[ag.slug] = ag
    return Family(agreements, registry, issues, errors)
