"""Site pages derived from the family: the home listing."""

from __future__ import annotations

from collections.abc import Callable
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
    return f'<time datetime="{escape(d)}">{escape(d)}</time>' if d else '<span class="undated">未注明</span>'


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


def backlinks_html(fam: Family, cites: dict, ag: Agreement, url_of) -> tuple[str, list[dict]]:
    """The 被引用 section of an agreement page: who cites it, from which clause."""
    from .render import provision_label

    if not cites:
        return "", []
    by_title = {a.title: a for a in fam.agreements}
    out = ['<section class="cited-by" aria-labelledby="cited-by">',
           '<h2 id="cited-by">被引用</h2><ul>']
    for source, items in cites.items():
        src = by_title.get(source)
        if src is None:
            continue
        anchors = src.anchors()
        links = []
        for c in items:
            prov = anchors.get(c.source_id)
            label = provision_label(prov) if prov is not None else "正文"
            target = f" → {escape(c.anchor)}" if c.anchor else ""
            links.append(f'<a href="{escape(url_of(src.slug, c.source_id))}">{escape(label)}</a>{target}')
        out.append(f'<li><a href="{escape(url_of(src.slug, ""))}">《{escape(source)}》</a>：'
                   + "、".join(links) + "</li>")
    out.append("</ul></section>")
    return "\n".join(out), [{"level": 2, "id": "cited-by", "name": "被引用", "children": []}]


def _text_width(text: str, size: float) -> float:
    """An estimate of a label's width: CJK and full-width characters 1 em, others about 0.6 em."""
    return sum(size if ord(ch) > 0x2E80 else size * .6 for ch in text)


def _map_svg(sources: list[str], targets: list[str], graph: dict[tuple[str, str], int], hosted: dict,
             href: Callable[[str], str], entry_key: Callable, fam: Family) -> str:
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
    svg = [f'<svg class="family-map" viewBox="0 0 {w} {h:.0f}" aria-labelledby="map-title" '
           f'xmlns="http://www.w3.org/2000/svg"><title id="map-title">协议引用关系图</title>',
           f'<text x="10" y="22" class="col">引用方</text><text x="{xt}" y="22" class="col">被引用</text>']
    for s, t, n in edges:
        y1 = ls[s][0] + pad + out_ports[s].index((s, t, n)) * port
        y2 = lt[t][0] + pad + in_ports[t].index((s, t, n)) * port
        x1, x2 = 10 + box_w, xt
        mx = (x1 + x2) / 2
        svg.append(f'<path d="M{x1} {y1:.0f} C{mx} {y1:.0f} {mx} {y2:.0f} {x2} {y2:.0f}" class="edge" '
                   f'stroke-width="{min(1 + n, 6)}"><title>{escape(s)} → {escape(t)}：{n} 处</title></path>')
        svg.append(f'<text x="{x2 - 6}" y="{y2 + 4:.0f}" class="count" text-anchor="end">{n}</text>')
    for items, x, lay_ in ((sources, 10, ls), (targets, xt, lt)):
        for t in items:
            y, hgt = lay_[t]
            cls = "node hosted" if t in hosted else "node"
            key = entry_key(fam.registry[t]) if t in fam.registry else ""
            fit = ""
            if _text_width(t, size) > box_w - 16:  # a long name is condensed to the box, never cut
                fit = f' textLength="{box_w - 16}" lengthAdjust="spacingAndGlyphs"'
            svg.append(f'<a href="{escape(href(t))}" class="{cls}" data-a="{escape(key)}"><rect x="{x}" '
                       f'y="{y:.0f}" width="{box_w}" height="{hgt:.0f}" rx="4"/><text x="{x + 8}" '
                       f'y="{y + 17:.0f}"{fit}>{escape(t)}</text></a>')
    svg.append("</svg>")
    return "".join(svg)


def family_map_html(fam: Family, graph: dict[tuple[str, str], int], url_of, entry_key) -> str:
    """The family map: an SVG of who cites whom (each node a link) and the same as a table."""
    hosted = {a.title: a for a in fam.agreements}
    sources = sorted({s for s, _ in graph} | set(hosted), key=lambda t: (t not in hosted, t))
    targets = sorted({t for _, t in graph}, key=lambda t: (t not in hosted, t))

    def href(title: str) -> str:
        if title in hosted:
            return url_of(hosted[title].slug, "")
        return "#a-" + entry_key(fam.registry[title])

    svg = _map_svg(sources, targets, graph, hosted, href, entry_key, fam)
    # Phones: the same relations as a list, by cited agreement (the SVG is hidden below 45em).
    incoming: dict[str, list[tuple[str, int]]] = {}
    for (s, t), n in sorted(graph.items()):
        incoming.setdefault(t, []).append((s, n))
    items = []
    for t in targets:
        if t not in incoming:
            continue
        key = entry_key(fam.registry[t]) if t in fam.registry else ""
        cites = "、".join(f'<a href="{escape(href(s))}">{escape(s)}</a><span class="n">（{n} 处）</span>'
                        for s, n in incoming[t])
        items.append(f'<li data-a="{escape(key)}"><a href="{escape(href(t))}">《{escape(t)}》</a>'
                     f'<span class="fl-by">被引用：{cites}</span></li>')
    phone_list = f'<ul class="family-list">{"".join(items)}</ul>'
    rows = []
    for (s, t), n in sorted(graph.items(), key=lambda kv: (-kv[1], kv[0])):
        rows.append(f'<tr><td data-l="引用方"><a href="{escape(href(s))}">{escape(s)}</a></td>'
                    f'<td data-l="被引用"><a href="{escape(href(t))}">{escape(t)}</a></td>'
                    f'<td data-l="次数">{n}</td></tr>')
    entries = []
    for title, e in sorted(fam.registry.items(), key=lambda kv: (kv[0] not in hosted, kv[0])):
        where = (f'<a href="{escape(href(title))}">本站全文</a>' if title in hosted else
                 (f'<a href="{escape(e.url)}" rel="noopener noreferrer" class="ext">官方地址</a>'
                  if e.url else "未收录，官方地址待补充"))
        aliases = "、".join(e.aliases)
        # data-l: the column's name, shown before the cell where phones stack the cells (family.css).
        entries.append(f'<tr id="a-{escape(entry_key(e))}"><td data-l="协议">{escape(title)}</td>'
                       f'<td data-l="类别">{escape(e.category or "")}</td><td data-l="别名">{escape(aliases)}</td>'
                       f'<td data-l="全文">{where}</td></tr>')
    return (
        '<h1 id="family-map">协议关系图</h1>'
        '<p><span class="fm-intro-map">每个方框是一份协议，连线表示左侧协议的正文提到了右侧协议，数字为提及次数。'
        '点击方框打开该协议。</span><span class="fm-intro-list">'
        '每一项是一份被引用的协议，其下列出正文提到它的协议及提及次数。</span></p>'
        f'<div class="family-map-wrap">{svg}</div>{phone_list}'
        '<h2 id="citations">引用关系表</h2>'
        '<table><thead><tr><th scope="col">引用方</th><th scope="col">被引用</th>'
        f'<th scope="col">次数</th></tr></thead><tbody>{"".join(rows)}</tbody></table>'
        '<h2 id="registry">协议目录</h2>'
        '<table><thead><tr><th scope="col">协议</th><th scope="col">类别</th><th scope="col">别名</th>'
        f'<th scope="col">全文</th></tr></thead><tbody>{"".join(entries)}</tbody></table>'
    )


def description(ag: Agreement, limit: int = 120) -> str:
    """<meta name="description">: the start of the preamble (or first provision)."""
    for p in ag.walk():
        if p.kind in ("notice", "toc"):
            continue
        text = " ".join(x for x in [p.lead_text] + [b.text for b in p.body if b.role == "p"] if x)
        if text:
            text = " ".join(text.split())
            return text if len(text) <= limit else text[: limit - 1] + "…"
    return ag.title


def glossary_html(terms, agreements: dict[str, Agreement], url_of) -> tuple[str, list[dict]]:
    """术语表 / Glossary: pinyin order, grouped A–Z, with an English → Chinese index."""
    from .render import provision_label

    anchors = {slug: ag.anchors() for slug, ag in agreements.items()}

    def where(slug: str, anchor: str) -> str:
        ag = agreements.get(slug)
        if ag is None:
            return ""
        prov = anchors[slug].get(anchor)
        label = provision_label(prov) if prov is not None else ""
        return f'<a href="{escape(url_of(slug, anchor))}">《{escape(ag.title)}》{escape(label)}</a>'

    letters: dict[str, list] = {}
    for t in terms:
        letters.setdefault(t.letter, []).append(t)
    out = ['<h1 id="glossary">术语表 / Glossary</h1>',
           '<p>协议中定义或常用的术语，按拼音排序。每个术语给出拼音、英文译名、中英文释义、定义它的条款和使用它的条款。'
           '协议正文中的术语带虚线下划线，悬停或聚焦即可看到英文译名和释义。</p>',
           '<p lang="en">Defined and recurring terms of the agreements, in pinyin order, '
           'with the English term, '
           'definitions, the defining clause and the clauses that use each term. '
           '<a href="#english">English → Chinese index</a>.</p>',
           '<nav class="gl-letters" aria-label="按拼音首字母">'
           + " ".join(f'<a href="#g-{escape(k)}">{escape(k)}</a>' for k in letters) + "</nav>"]
    toc = []
    for letter, items in letters.items():
        out.append(f'<h2 id="g-{escape(letter)}">{escape(letter)}</h2>')
        toc.append({"level": 2, "id": f"g-{letter}", "name": letter, "children": []})
        for t in items:
            defs = "、".join(x for x in (where(*d) for d in t.defined_in) if x)
            uses = [x for x in (where(*u) for u in t.appears_in[:12]) if x]
            more = f" 等 {len(t.appears_in)} 处" if len(t.appears_in) > 12 else ""
            parts = [f'<article class="gl-term" id="{escape(t.anchor)}">',
                     f'<h3><span class="gl-zh">{escape(t.zh)}</span> '
                     f'<span class="gl-py">{escape(t.tone_pinyin())}</span> '
                     f'<span class="gl-en" lang="en">{escape(t.en)}</span></h3>',
                     f'<p>{escape(t.def_zh)}</p>' if t.def_zh else "",
                     f'<p lang="en">{escape(t.def_en)}</p>' if t.def_en else ""]
            if t.aliases:
                parts.append(f'<p class="gl-meta">又作：{escape("、".join(t.aliases))}</p>')
            if defs:
                parts.append(f'<p class="gl-meta">定义于：{defs}</p>')
            if uses:
                parts.append(f'<p class="gl-meta">出现于：{"、".join(uses)}{more}</p>')
            if t.note:
                parts.append(f'<p class="gl-meta">说明：{escape(t.note)}</p>')
            parts.append("</article>")
            out.append("".join(parts))
    out.append('<h2 id="english">English → 中文</h2><table><thead><tr><th scope="col" lang="en">English</th>'
               '<th scope="col">中文</th><th scope="col">拼音</th></tr></thead><tbody>')
    for t in sorted(terms, key=lambda t: (t.en.lower(), t.sort_key())):
        out.append(f'<tr><td lang="en">{escape(t.en)}</td>'
                   f'<td><a href="#{escape(t.anchor)}">{escape(t.zh)}</a>'
                   f'</td><td>{escape(t.tone_pinyin())}</td></tr>')
    out.append("</tbody></table>")
    toc.append({"level": 2, "id": "english", "name": "English → 中文", "children": []})
    return "\n".join(out), toc


def version_banner(ag: Agreement, current: Agreement, current_url: str, history_url: str) -> str:
    """「此为历史版本」 banner for a past version page."""
    eff = f"，生效日期 {escape(ag.effective)}" if ag.effective else ""
    return (f'<div class="admonition warning version-banner" data-ui role="note">'
            f'<p class="admonition-title">此为历史版本</p>'
            f'<p>本页为《{escape(ag.title)}》更新日期 {escape(ag.updated or "未注明")}{eff} 的版本，已被 '
            f'{escape(current.updated or "")} 的版本取代。<a href="{escape(current_url)}">查看现行版本</a> · '
            f'<a href="{escape(history_url)}">全部版本</a></p></div>')


def version_select(options: list[tuple[str, str, bool]], selected: str, history_url: str) -> str:
    """A version selector: (label, url, current) options; JS keeps the reader on the same clause."""
    opts = "".join(
        f'<option value="{escape(url)}"{" selected" if label == selected else ""}>'
        f'{escape(label)}{"（现行）" if cur else ""}</option>' for label, url, cur in options)
    return (f'<div class="version-bar" data-ui><label>版本 <select class="version-select" '
            f'aria-label="选择版本">{opts}</select></label> <a href="{escape(history_url)}">版本历史</a></div>')


def history_html(ag: Agreement, rows: list[dict]) -> str:
    """History page: a timeline picture and one entry per version.

    ``rows``: dicts with date, effective, url, notice, counts (or None), compare_url, current.
    """
    n = len(rows)
    w, h, pad = 720, 120, 40
    xs = [pad + (w - 2 * pad) * (i / (n - 1) if n > 1 else 0.5) for i in range(n)]
    svg = [f'<svg class="timeline" viewBox="0 0 {w} {h}" aria-labelledby="tl-title" '
           f'xmlns="http://www.w3.org/2000/svg"><title id="tl-title">《{escape(ag.title)}》版本时间线</title>',
           f'<line x1="{pad}" y1="50" x2="{w - pad}" y2="50" class="tl-axis"/>']
    for x, r in zip(xs, rows, strict=True):
        cls = "tl-dot current" if r["current"] else "tl-dot"
        c = r.get("counts")
        label = (f'增{c["added"]} 删{c["removed"]} 改{c["changed"]} 移{c["moved"]}' if c else "首个版本")
        svg.append(f'<a href="{escape(r["url"])}"><circle cx="{x:.0f}" cy="50" r="9" class="{cls}"/>'
                   f'<text x="{x:.0f}" y="30" text-anchor="middle">{escape(r["date"])}</text>'
                   f'<text x="{x:.0f}" y="80" text-anchor="middle" class="tl-counts">{escape(label)}</text></a>')
    svg.append("</svg>")
    out = [f'<h1 id="history">《{escape(ag.title)}》版本历史</h1>',
           f'<div class="timeline-wrap">{"".join(svg)}</div>', '<ol class="versions" reversed>']
    for r in reversed(rows):
        c = r.get("counts")
        stats = (f'新增 {c["added"]} 条，删除 {c["removed"]} 条，修改 {c["changed"]} 条，移动 {c["moved"]} 条'
                 if c else "首个收录的版本")
        cmp = f' · <a href="{escape(r["compare_url"])}">与上一版本对比</a>' if r.get("compare_url") else ""
        since = (f' · <a href="{escape(r["since_url"])}">此后至今的变化</a>' if r.get("since_url") else "")
        cur = "（现行）" if r["current"] else ""
        kind = r.get("date_kind") or "更新日期"
        note = "（存档证据，非发布方声明）" if kind != "更新日期" else ""
        out.append(f'<li id="v-{escape(r["date"])}"><p>{escape(kind)} <a href="{escape(r["url"])}"><strong>'
                   f'{escape(r["date"])}</strong></a>{escape(note)}{cur} · 生效日期 '
                   f'{escape(r.get("effective") or "未注明")}{cmp}{since}</p>'
                   f'<p class="gl-meta">{stats}</p>'
                   + (f'<blockquote>{escape(r["notice"])}</blockquote>' if r.get("notice") else "") + "</li>")
    out.append("</ol>")
    return "\n".join(out)


def notice_text(ag: Agreement) -> str:
    notice = next((p for p in ag.parts if p.kind == "notice"), None)
    if notice is None:
        return ""
    return "\n".join(p.text for p in notice.body if p.role != "dup")


def compare_html(ag: Agreement, old: str, new: str, counts: dict[str, int], history_url: str, body: str) -> str:
    """A redline page: heading, the counts, then the aligned rows."""
    return (f'<h1 id="compare">《{escape(ag.title)}》{escape(old)} → {escape(new)}</h1>'
            f'<p>新增 {counts["added"]} 条，删除 {counts["removed"]} 条，修改 {counts["changed"]} 条，'
            f'移动 {counts["moved"]} 条。<a href="{escape(history_url)}">全部版本</a></p>' + body)
