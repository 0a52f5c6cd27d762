"""Atom feed of agreement updates for the whole family."""

from __future__ import annotations

from .templates import DEFAULT, Templates


def atom(site_url: str, entries: list[dict], title: str = "协议更新", *, templates: Templates = DEFAULT) -> str:
    """``entries``: dicts with title, date, date_kind (更新日期 or the evidence's kind), effective,
    notice, url (absolute), id and ``changes``:
    (status, citation, url of its redline row) for each changed clause (feed.xml)."""
    site_url = site_url.rstrip("/") + "/"
    items = sorted(entries, key=lambda e: (e["date"], e["title"]), reverse=True)
    updated = items[0]["date"] if items else "1970-01-01"
    out = []
    for e in items:
        kind = e.get("date_kind") or "更新日期"
        evidence = "（存档证据，非发布方声明；更新日期未注明）" if kind != "更新日期" else ""
        summary = f"{kind} {e['date']}{evidence}；生效日期 {e.get('effective') or '未注明'}。" + (e.get("notice") or "")
        out.append((e, summary))
    return templates.render("feed.xml", site_url, title, updated, out)
