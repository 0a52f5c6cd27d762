"""What a history shows: the rows of its history page, its feed entries and versions.json."""

from __future__ import annotations

from collections.abc import Callable

from . import routes
from .history import History, Version
from .model import Agreement
from .pages import notice_text


def _version_url(slug: str, v: Version) -> str:
    return routes.version_url(slug, None if v.current else v.date)


Changes = Callable[[Version, Version], dict[str, int]]


def timeline(h: History, url: Callable[[str], str], changes: Changes) -> list[dict]:
    """Rows of the history page, oldest first. ``url`` makes a site path relative to the
    page; ``changes(old, new)`` gives the redline counts."""
    slug = h.current.agreement.slug
    rows = []
    for i, v in enumerate(h.versions):
        prev = h.versions[i - 1] if i else None
        rows.append({
            "date": v.date, "effective": v.agreement.effective, "current": v.current,
            # 更新日期 when the text states it; else the kind of evidence the date is.
            "date_kind": "更新日期" if v.agreement.updated else (v.agreement.evidence_kind or ""),
            "url": url(_version_url(slug, v)), "notice": notice_text(v.agreement),
            "counts": changes(prev, v) if prev else None,
            "compare_url": url(routes.compare_url(slug, prev.date, v.date)) if prev else "",
            # "Since then": past versions other than the one the previous link already covers.
            "since_url": (url(routes.compare_url(slug, v.date, h.current.date))
                          if not v.current and v is not h.versions[-2] else ""),
        })
    return rows


def feed_entries(ag: Agreement, h: History | None, root: str,
                 changes: Callable[[Version, Version], list[tuple[str, str, str]]] | None = None) -> list[dict]:
    """One Atom entry per dated version, linked to its redline (the first to its page), naming
    the clauses that changed (``changes(old, new)``: status, citation, redline row id)."""
    versions = h.versions if h else [Version(ag.updated or "", ag, current=True)]
    entries = []
    for i, v in enumerate(versions):
        if not routes.valid_version(v.date):
            continue  # a text with neither an 更新日期 nor an evidence date ("current") has no entry
        url = root + (routes.compare_url(ag.slug, versions[i - 1].date, v.date) if i else _version_url(ag.slug, v))
        changed = [(s, c, routes.at(url, rid)) for s, c, rid in changes(versions[i - 1], v)] if i and changes else []
        entries.append({"title": f"《{ag.title}》更新（{v.date}）", "date": v.date,
                        "effective": v.agreement.effective, "url": url, "changes": changed,
                        # 更新日期 when the text states it; else the kind of evidence the date is.
                        "date_kind": "更新日期" if v.agreement.updated else (v.agreement.evidence_kind or "日期"),
                        "notice": notice_text(v.agreement), "id": root + routes.feed_id(ag.slug, v.date)})
    return entries


def versions_index(h: History, base: str, to_current: Callable[[Version], dict],
                   kinds: Callable[[Version], dict] | None = None) -> dict:
    """versions.json: every version and, for past ones, old id → current id (or null) and
    what happened to each id that did not stay as it was (moved | reworded | removed)."""
    slug = h.current.agreement.slug
    out = []
    for v in h.versions:
        item: dict = {"date": v.date, "effective": v.agreement.effective, "current": v.current,
                      "url": base + _version_url(slug, v)}
        if not v.current:
            item["to_current"] = to_current(v)
            if kinds is not None:
                item["kinds"] = kinds(v)
        out.append(item)
    return {"title": h.current.agreement.title, "current": h.current.date, "versions": out}
