"""Atom feed of agreement updates for the whole family."""

from __future__ import annotations

from html import escape as html
from xml.sax.saxutils import escape


def atom(site_url: str, entries: list[dict], title: str = "协议更新") -> str:
    """``entries``: dicts with title, date, date_kind (更新日期 or the evidence's kind), effective,
    notice, url (absolute), id and ``changes``:
    (status, citation, url of its redline row) for each changed clause."""
    site_url = site_url.rstrip("/") + "/"
    items = sorted(entries, key=lambda e: (e["date"], e["title"]), reverse=True)
    updated = items[0]["date"] if items else "1970-01-01"
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">',
           f"<title>{escape(title)}</title>", f'<link href="{escape(site_url)}"/>',
           f'<link rel="self" href="{escape(site_url)}feed.xml"/>',
           f"<id>{escape(site_url)}feed.xml</id>", f"<updated>{escape(updated)}T00:00:00Z</updated>"]
    for e in items:
        kind = e.get("date_kind") or "更新日期"
        evidence = "（存档证据，非发布方声明；更新日期未注明）" if kind != "更新日期" else ""
        summary = (f"{kind} {e['date']}{evidence}；生效日期 {e.get('effective') or '未注明'}。"
                   + (e.get("notice") or ""))
        out += ["<entry>", f"<title>{escape(e['title'])}</title>", f'<link href="{escape(e["url"])}"/>',
                f"<id>{escape(e['id'])}</id>", f"<updated>{escape(e['date'])}T00:00:00Z</updated>",
                f"<summary>{escape(summary)}</summary>"]
        if e.get("changes"):
            # The changed clauses, each linked to its row of the redline (HTML, escaped as XML text).
            items = "".join(f'<li>{html(s)} <a href="{html(u, quote=True)}">{html(c)}</a></li>'
                            for s, c, u in e["changes"])
            out.append(f'<content type="html">{escape(f"<p>{html(summary)}</p><ul>{items}</ul>")}</content>')
        out.append("</entry>")
    out.append("</feed>")
    return "\n".join(out) + "\n"
