"""Site pages derived from the family: the home listing."""

from __future__ import annotations

from html import escape

from .family import Family
from .model import Agreement

CATEGORY_ORDER = ["许可及服务协议", "服务协议", "规则", "隐私政策", "隐私保护指引", "声明", "其他"]


def category(fam: Family, ag: Agreement) -> str:
    entry = fam.registry.get(ag.title)
    if entry is not None and entry.category:
        return entry.category
    t = ag.title
    for key, cat in (("许可及服务协议", "许可及服务协议"), ("服务协议", "服务协议"), ("规则", "规则"),
                     ("隐私政策", "隐私政策"), ("指引", "隐私保护指引"), ("声明", "声明")):
        if key in t:
            return cat
    return "其他"


def ordered(fam: Family) -> list[tuple[str, list[Agreement]]]:
    """Agreements grouped by category (fixed order), titles sorted within a group."""
    groups: dict[str, list[Agreement]] = {}
    for ag in fam.agreements:
        groups.setdefault(category(fam, ag), []).append(ag)
    keys = sorted(groups, key=lambda k: (CATEGORY_ORDER.index(k) if k in CATEGORY_ORDER else 99, k))
    return [(k, sorted(groups[k], key=lambda a: a.title)) for k in keys]


def _date(d: str | None) -> str:
    return f'<time datetime="{d}">{d}</time>' if d else '<span class="undated">未注明</span>'


def family_html(fam: Family, url_of) -> str:
    """The home page listing: recent updates, then the family by category."""
    out = []
    dated = sorted((a for a in fam.agreements if a.updated), key=lambda a: (a.updated, a.title),
                   reverse=True)[:5]
    if dated:
        out.append('<h2 id="recent">最近更新</h2><ul class="recent-updates">')
        for a in dated:
            out.append(f'<li>{_date(a.updated)} <a href="{escape(url_of(a))}">{escape(a.title)}</a></li>')
        out.append("</ul>")
    out.append('<h2 id="family">协议一览</h2>')
    for cat, ags in ordered(fam):
        out.append(f'<h3>{escape(cat)}</h3>')
        out.append('<table><thead><tr><th scope="col">协议</th>'
                   '<th scope="col">更新日期</th><th scope="col">生效日期</th></tr></thead><tbody>')
        for a in ags:
            out.append(f'<tr><td><a href="{escape(url_of(a))}">{escape(a.title)}</a></td>'
                       f'<td>{_date(a.updated)}</td><td>{_date(a.effective)}</td></tr>')
        out.append("</tbody></table>")
    return "\n".join(out)
