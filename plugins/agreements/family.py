"""Load the family: every raw agreement in a folder plus the registry data file.

Pure: takes paths, returns agreements and issues. Publishing a new agreement
needs nothing but a new raw file; a registry entry only adds metadata.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .model import Agreement, Issue
from .parse import DecodeError, parse
from .slug import slugify

RAW_SUFFIXES = (".txt", ".md", ".text")
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present


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
    # Alias scoping: {alias: title} valid only inside this agreement.
    local_aliases: dict[str, str] = field(default_factory=dict)
    hosted: bool = False


@dataclass
class Family:
    agreements: list[Agreement]
    registry: dict[str, Entry]  # by title
    issues: list[Issue]
    errors: list[str]  # fatal problems: the build must stop


def load_registry(path: Path) -> tuple[dict[str, Entry], list[Issue]]:
    if not path.exists():
        return {}, []
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) or {}  # noqa: S506 (safe loader)
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        return {}, [Issue(str(path), 1, "registry", f"cannot read registry: {exc}")]
    entries: dict[str, Entry] = {}
    issues: list[Issue] = []
    items = data.get("agreements", []) if isinstance(data, dict) else []
    allowed = set(Entry.__dataclass_fields__) - {"hosted"}
    for n, item in enumerate(items or []):
        if not isinstance(item, dict) or "title" not in item:
            issues.append(Issue(str(path), 1, "registry", f"entry {n + 1} has no 'title'"))
            continue
        unknown = set(item) - allowed
        if unknown:
            issues.append(Issue(str(path), 1, "registry",
                                f"entry '{item['title']}' has unknown keys: {', '.join(sorted(unknown))}"))
        kw = {k: v for k, v in item.items() if k in allowed}
        kw["aliases"] = [str(a) for a in kw.get("aliases") or []]
        kw["acknowledge"] = [str(a) for a in kw.get("acknowledge") or []]
        kw["local_aliases"] = {str(k): str(v) for k, v in (kw.get("local_aliases") or {}).items()}
        entries[str(item["title"])] = Entry(**kw)
    return entries, issues


def raw_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir()
                  if p.is_file() and p.suffix.lower() in RAW_SUFFIXES and not p.name.startswith("."))


def load(folder: Path, registry_path: Path, rel_to: Path | None = None) -> Family:
    """Parse every raw file in ``folder`` and merge registry data."""
    registry, issues = load_registry(registry_path)
    errors: list[str] = []
    agreements: list[Agreement] = []
    by_file = {e.file: e for e in registry.values() if e.file}
    for path in raw_files(folder):
        rel = os.path.relpath(path, rel_to) if rel_to else str(path)
        try:
            ag = parse(path.read_bytes(), rel)
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
        ag.slug = entry.slug or slugify(ag.title)
        if not ag.source_url and entry.url:
            ag.source_url = entry.url
        for issue in ag.issues:
            if issue.code in entry.acknowledge:
                issue.level = "info"
        agreements.append(ag)
        issues.extend(ag.issues)
    seen: dict[str, Agreement] = {}
    for ag in agreements:
        other = seen.get(ag.slug)
        if other is not None:
            errors.append(f"{ag.path}: same URL '/{ag.slug}/' as {other.path} (title '{ag.title}'); "
                          f"give one of them a 'slug' in the registry")
        seen[ag.slug] = ag
    return Family(agreements, registry, issues, errors)
