"""Site pages derived from the family: the home listing."""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup

from .family import Family
from .model import Agreement
from .templates import DEFAULT, Templates

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


def family_html(fam: Family, url_of, *, templates: Templates = DEFAULT) -> str:
    """The home page listing: recent updates, then the family by category (family.html)."""
    dated = sorted((a for a in fam.agreements if a.updated), key=lambda a: (a.updated, a.title),
                   reverse=True)[:5]
    return templates.render("family.html", [(a, url_of(a)) for a in dated],
                            [(cat, [(a, url_of(a)) for a in ags]) for cat, ags in ordered(fam)])


def backlinks_html(fam: Family, cites: dict, ag: Agreement, url_of, *,
                   templates: Templates = DEFAULT) -> tuple[str, list[dict]]:
    """The 被引用 section of an agreement page: who cites it, from which clause (backlinks.html)."""
    from .render import provision_label

    if not cites:
        return "", []
    by_title = {a.title: a for a in fam.agreements}
    sources = []
    for source, items in cites.items():
        src = by_title.get(source)
        if src is None:
            continue
        anchors = src.anchors()
        links = []
        for c in items:
            prov = anchors.get(c.source_id)
            label = provision_label(prov) if prov is not None else "正文"
            links.append((url_of(src.slug, c.source_id), label, c.anchor or ""))
        sources.append((source, url_of(src.slug, ""), links))
    return (templates.render("backlinks.html", sources),
            [{"level": 2, "id": "cited-by", "name": "被引用", "children": []}])


def _text_width(text: str, size: float) -> float:
    """An estimate of a label's width: CJK and full-width characters 1 em, others about 0.6 em."""
    return sum(size if ord(ch) > 0x2E80 else size * .6 for ch in text)


def _map_layout(sources: list[str], targets: list[str], graph: dict[tuple[str, str], int], hosted: dict,
                href: Callable[[str], str], entry_key: Callable, fam: Family) -> dict:
    """The map: each node is as tall as its edges need, every edge has its own port on both nodes, and
    every count sits at its own port, so no two labels share a position at any fan-in or fan-out."""
    port, pad, gap, top, w, box_w, size = 24, 30, 10, 40, 760, 250, 15  # size: family.css
    edges = [(s, t, n) for (s, t), n in sorted(graph.items()) if s in sources and t in targets]

    def lay(items: list[str]) -> dict[str, tuple[float, float]]:
        out, y = {}, float(top)
        for t in items:
            k = max(sum(1 for e in edges if t in (e[0], e[1])), 1)
            hgt = max(24.0, pad + k * port)
            out[t] = (y, hgt)
            y += hgt + gap
        return out

    ls, lt = lay(sources), lay(targets)
    order_s = {t: i for i, t in enumerate(sources)}
    order_t = {t: i for i, t in enumerate(targets)}
    # Ports in the order of the other end, so edges into one node do not cross each other.
    out_ports = {s: sorted((e for e in edges if e[0] == s), key=lambda e: order_t[e[1]]) for s in sources}
    in_ports = {t: sorted((e for e in edges if e[1] == t), key=lambda e: order_s[e[0]]) for t in targets}
    h = max([y + hh for y, hh in list(ls.values()) + list(lt.values())] + [top]) + 20
    xt = w - box_w - 10
    lines = []
    for s, t, n in edges:
        y1 = ls[s][0] + pad + out_ports[s].index((s, t, n)) * port
        y2 = lt[t][0] + pad + in_ports[t].index((s, t, n)) * port
        x1, x2 = 10 + box_w, xt
        lines.append((s, t, n, x1, y1, (x1 + x2) / 2, x2, y2))
    nodes = []
    for items, x, lay_ in ((sources, 10, ls), (targets, xt, lt)):
        for t in items:
            y, hgt = lay_[t]
            key = entry_key(fam.registry[t]) if t in fam.registry else ""
            # A long name is condensed to the box, never cut.
            nodes.append((t, href(t), t in hosted, key, x, y, hgt, _text_width(t, size) > box_w - 16))
    return {"width": w, "height": h, "right": xt, "box": box_w, "edges": lines, "nodes": nodes}


def family_map_html(fam: Family, graph: dict[tuple[str, str], int], url_of, entry_key, *,
                    templates: Templates = DEFAULT) -> str:
    """The family map: an SVG of who cites whom (each node a link) and the same as a table (family-map.html)."""
    hosted = {a.title: a for a in fam.agreements}
    sources = sorted({s for s, _ in graph} | set(hosted), key=lambda t: (t not in hosted, t))
    targets = sorted({t for _, t in graph}, key=lambda t: (t not in hosted, t))

    def href(title: str) -> str:
        if title in hosted:
            return url_of(hosted[title].slug, "")
        return "#a-" + entry_key(fam.registry[title])

    picture = _map_layout(sources, targets, graph, hosted, href, entry_key, fam)
    incoming: dict[str, list[tuple[str, int]]] = {}
    for (s, t), n in sorted(graph.items()):
        incoming.setdefault(t, []).append((s, n))
    cited = [(entry_key(fam.registry[t]) if t in fam.registry else "", href(t), t,
              [(href(s), s, n) for s, n in incoming[t]]) for t in targets if t in incoming]
    citations = [(href(s), s, href(t), t, n) for (s, t), n in sorted(graph.items(), key=lambda kv: (-kv[1], kv[0]))]
    registry = [(entry_key(e), title, e.category or "", "、".join(e.aliases), href(title) if title in hosted else "",
                 e.url or "")
                for title, e in sorted(fam.registry.items(), key=lambda kv: (kv[0] not in hosted, kv[0]))]
    return templates.render("family-map.html", picture, cited, citations, registry)


def description(ag: Agreement, limit: int = 120) -> str:
    """The page's meta description: the start of the preamble (or first provision)."""
    for p in ag.walk():
        if p.kind in ("notice", "toc"):
            continue
        text = " ".join(x for x in [p.lead_text] + [b.text for b in p.body if b.role == "p"] if x)
        if text:
            text = " ".join(text.split())
            return text if len(text) <= limit else text[: limit - 1] + "…"
    return ag.title


def glossary_html(terms, agreements: dict[str, Agreement], url_of, *,
                  templates: Templates = DEFAULT) -> tuple[str, list[dict]]:
    """术语表 / Glossary: pinyin order, grouped A–Z, with an English → Chinese index (glossary.html)."""
    from .render import provision_label

    anchors = {slug: ag.anchors() for slug, ag in agreements.items()}

    def where(slug: str, anchor: str) -> tuple[str, str, str] | None:
        ag = agreements.get(slug)
        if ag is None:
            return None
        prov = anchors[slug].get(anchor)
        return url_of(slug, anchor), ag.title, provision_label(prov) if prov is not None else ""

    entries = {}
    for t in terms:
        more = f" 等 {len(t.appears_in)} 处" if len(t.appears_in) > 12 else ""
        entries[id(t)] = (t, t.tone_pinyin(), "、".join(t.aliases), [x for x in (where(*d) for d in t.defined_in) if x],
                          [x for x in (where(*u) for u in t.appears_in[:12]) if x], more)
    letters: dict[str, list] = {}
    for t in terms:
        letters.setdefault(t.letter, []).append(entries[id(t)])
    toc = [{"level": 2, "id": f"g-{letter}", "name": letter, "children": []} for letter in letters]
    english = [entries[id(t)] for t in sorted(terms, key=lambda t: (t.en.lower(), t.sort_key()))]
    toc.append({"level": 2, "id": "english", "name": "English → 中文", "children": []})
    return templates.render("glossary.html", list(letters.items()), english), toc


def version_banner(ag: Agreement, current: Agreement, current_url: str, history_url: str, *,
                   templates: Templates = DEFAULT) -> str:
    """「此为历史版本」 banner for a past version page (version-banner.html)."""
    return templates.render("version-banner.html", ag, current, current_url, history_url)


def version_select(options: list[tuple[str, str, bool]], selected: str, history_url: str, *,
                   templates: Templates = DEFAULT) -> str:
    """A version selector: (label, url, current) options; JS keeps the reader on the same clause
    (version-select.html)."""
    return templates.render("version-select.html", options, selected, history_url)


def history_html(ag: Agreement, rows: list[dict], *, templates: Templates = DEFAULT) -> str:
    """History page: a timeline picture and one entry per version (history.html).

    ``rows``: dicts with date, effective, url, notice, counts (or None), compare_url, current.
    """
    n = len(rows)
    w, h, pad = 720, 120, 40
    xs = [pad + (w - 2 * pad) * (i / (n - 1) if n > 1 else 0.5) for i in range(n)]
    return templates.render("history.html", ag, w, h, (pad, w - pad), list(zip(xs, rows, strict=True)),
                            list(reversed(rows)))


def notice_text(ag: Agreement) -> str:
    notice = next((p for p in ag.parts if p.kind == "notice"), None)
    if notice is None:
        return ""
    return "\n".join(p.text for p in notice.body if p.role != "dup")


def compare_html(ag: Agreement, old: str, new: str, counts: dict[str, int], history_url: str, body: str, *,
                 templates: Templates = DEFAULT) -> str:
    """A redline page: heading, the counts, then the aligned rows (compare.html)."""
    return templates.render("compare.html", ag, old, new, counts, history_url, Markup(body))
