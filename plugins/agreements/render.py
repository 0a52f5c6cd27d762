"""Agreement model → HTML fragment and table of contents.

All source text is escaped: a raw agreement is text, never HTML. Elements
that are site UI rather than agreement text carry ``data-ui`` so the
fidelity check (and copy/paste) can tell them apart.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape

from markupsafe import Markup

from . import routes
from .model import Agreement, Para, Provision, Span
from .templates import DEFAULT, Templates

SAFE_URL = re.compile(r"^(https?://|mailto:|/|#|\./|\.\./|[A-Za-z0-9_\-./]+(?:#[\w\-.]*)?$)")


def safe_href(url: str | None) -> str | None:
    """Only http(s), mailto and site-relative links; anything else is dropped."""
    if not url:
        return None
    u = url.strip()
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.\-]*:", u) and not re.match(r"^(https?|mailto):", u, re.I):
        return None
    return u if SAFE_URL.match(u) else None


@dataclass
class Rendered:
    html: str
    toc: list[dict] = field(default_factory=list)  # mkdocs toc tokens


UrlOf = Callable[[str, str], str]


def _default_url_of(slug: str, fragment: str) -> str:
    """A link from an agreement's page to another page of the site (the site passes its own)."""
    return routes.at(routes.relative(routes.url(slug), "here/"), fragment)


def spans_html(spans: list[Span], url_of: UrlOf = _default_url_of, here: str = "", *,
               templates: Templates = DEFAULT) -> str:
    """Inline HTML for spans; ``url_of(slug, fragment)`` turns site targets into hrefs (spans.html)."""
    return str(_spans(spans, url_of, here, templates))


def _spans(spans: list[Span], url_of: UrlOf = _default_url_of, here: str = "",
           templates: Templates = DEFAULT) -> Markup:
    if not spans:
        return Markup()
    out = []
    for s in spans:
        if s.kind == "term":
            # A glossary term. Its tooltip text is shipped once per page (see render()) and set
            # as the title before Material's tooltips start; the text itself is unchanged.
            out.append(("term", s.text, s.strong, s.target[1] if s.target else "", "", "", ""))
            continue
        if s.target is not None:
            slug, frag = s.target
            href = routes.at("", frag) if slug == here and frag else url_of(slug, frag)
        else:
            href = safe_href(s.href) if s.href else None
        if href and href != "#":
            ext = ""
            if s.external or href.startswith(("http://", "https://")):
                # A link that shows its own address (url): print does not repeat the address after it.
                ext = "ext url" if s.text.strip().rstrip("/") == href.rstrip("/") else "ext"
            cls = s.kind if s.kind in ("mention", "ref") and not s.external else ""
            out.append(("link", s.text, s.strong, href, s.title or "", ext, cls))
        elif s.kind == "link" and s.src_href and s.src_href.strip() not in ("", "#"):
            # A link to something we never link to (javascript:, data:, …): shown as written.
            out.append(("unsafe", f"[{s.text}]({s.src_href})", False, "", "", "", ""))
        elif s.kind in ("link", "mention"):
            # A placeholder such as [腾讯服务协议](#) that nothing resolved.
            out.append(("unresolved", s.text, s.strong, "", "", "", ""))
        else:
            out.append(("text", s.text, s.strong, "", "", "", ""))
    if all(shape == "text" and not strong for shape, _, strong, *_ in out):
        # Text with no markup in it (most lines): escaped here, without a call of the template.
        return Markup("".join(escape(s.text, quote=False) for s in spans))
    return templates.macro("spans.html")(out)


def citation(ag: Agreement, p: Provision) -> str:
    """《QQ软件许可及服务协议》第8.2.1条（2025年9月1日版）."""
    return f"《{ag.title}》{provision_label(p, chapter_word(ag))}{version_label(ag)}"


CN_CHAPTER = re.compile(r"^[一二三四五六七八九十百]+[、.．]")


def chapter_word(ag: Agreement) -> str:
    """What the text calls its 一、 chapters when it cites them: 条 where it says 第十五条 and its
    chapters are 一、…（the QQ and TIM licences: 本条 is the enclosing chapter), else 章."""
    cached = ag.__dict__.get("_chapter_word")
    if cached is None:
        cached = "条" if (any(CN_CHAPTER.match(p.num.strip()) for p in ag.chapters)
                         and not any(p.kind == "article" for p in ag.walk())
                         and re.search(r"第[一二三四五六七八九十百]+条", ag.raw)) else "章"
        ag.__dict__["_chapter_word"] = cached
    if not ag.__dict__.get("_chapters_marked"):
        # Each chapter carries the word too, so that a provision alone is cited as its text cites it
        # (search results, backlinks and redlines call provision_label without the agreement).
        for p in ag.walk():
            if p.kind == "chapter":
                p.__dict__["_chapter_word"] = cached
        ag.__dict__["_chapters_marked"] = True
    return cached


def version_label(ag: Agreement) -> str:
    """（2025年9月1日版）, or nothing for an undated text."""
    if not ag.updated:
        return ""
    return f"（{cn_date(ag.updated)}版）"


def cn_date(iso: str) -> str:
    """2025-09-01 → 2025年9月1日; 2022-07 (month precision) → 2022年7月."""
    parts = [int(x) for x in iso.split("-") if x.isdigit()]
    return "".join(f"{n}{unit}" for n, unit in zip(parts, "年月日", strict=False))


def css_string(text: str) -> str:
    """``text`` as a quoted CSS string, safe inside a style element: every ASCII character but
    letters, digits and space is a hex escape (quotes, backslashes, ``<``, ``>``, ``&``, newlines)."""
    out = []
    for ch in text:
        if ord(ch) < 128 and not (ch.isalnum() or ch == " "):
            out.append(f"\\{ord(ch):06x}")
        elif ch in "\u2028\u2029" or not ch.isprintable():
            out.append(f"\\{ord(ch):06x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def provision_label(p: Provision, chapter: str | None = None) -> str:
    """How a reader names a provision: 第8.2.1条, 第8.2.1条(3), 第十五条 / 第十五章, 首部及导言第iii项.
    Without ``chapter``, a chapter is cited as its agreement's text cites it (chapter_word, stamped on
    the chapters by it; 章 for a chapter of an agreement not yet looked at)."""
    if p.kind == "item":
        chain = []
        q: Provision | None = p
        while q is not None and q.kind == "item":
            chain.append(q.num.strip())
            q = q.parent
        where = citation_where(q, chapter) if q is not None else ""
        if q is None or q.kind in ("preamble", "notice", "signature", "heading"):
            # 首部及导言第iii项, not 首部及导言iii.
            return where + "".join(f"第{n.strip('.．、)）(（ ')}项" for n in reversed(chain))
        return where + "".join(reversed(chain))
    return citation_where(p, chapter) or p.num.strip()


def citation_where(p: Provision, chapter: str | None = None) -> str:
    if p.kind == "clause":
        return f"第{p.key}条"
    if p.kind == "article":
        return p.num.strip()
    if p.kind == "chapter":
        numeral = re.sub(r"^第|[章、.．\s]+$", "", p.num.strip())
        word = chapter or p.__dict__.get("_chapter_word", "章")
        return f"第{numeral}{word}" if numeral else p.num.strip()
    if p.kind in ("section", "part", "annex"):
        return p.num.strip().rstrip("：:、.．") or p.title_text.strip()
    if p.kind == "heading":
        return f"“{p.title_text.strip()}”"
    return {"preamble": "首部及导言", "notice": "更新提示", "signature": "落款"}.get(p.kind, "")


def _para(p: Para, url_of: UrlOf = _default_url_of, here: str = "", templates: Templates = DEFAULT) -> Markup:
    if p.role == "dup":
        # A heading the source repeats verbatim: kept in the page, shown once.
        return templates.macro("paragraph.html")("dup", _spans(p.spans, templates=templates), "")
    ref = p.ref if p.role == "toc" and p.ref and all(s.kind in ("text", "term") for s in p.spans) else ""
    return templates.macro("paragraph.html")(p.role, _spans(p.spans, url_of, here, templates), ref)


def _cells(spans: list[Span]) -> list[list[Span]]:
    """Split a tab-separated row's spans into cells (the tabs are the cell borders)."""
    cells: list[list[Span]] = [[]]
    for s in spans:
        if s.kind != "text" or "\t" not in s.text:
            cells[-1].append(s)
            continue
        pieces = s.text.split("\t")
        for i, piece in enumerate(pieces):
            if i:
                cells.append([])
            if piece:
                cells[-1].append(Span(piece, strong=s.strong))
    return cells


def _content(content: list, render_prov: Callable[[Provision], Markup], url_of: UrlOf, here: str,
             templates: Templates = DEFAULT) -> list[Markup]:
    """Paragraphs and sub-provisions in source order; runs of tab-separated rows as one table."""
    out: list[Markup] = []
    rows: list[Para] = []

    def flush() -> None:
        if rows:
            cells = [[_spans(c, url_of, here, templates) for c in _cells(r.spans)] for r in rows]
            out.append(templates.macro("src-table.html")(cells))
            rows.clear()

    for c in content:
        if isinstance(c, Para) and c.role == "row":
            rows.append(c)
            continue
        flush()
        out.append(_para(c, url_of, here, templates) if isinstance(c, Para) else render_prov(c))
    flush()
    return out


def _provision(ag: Agreement, p: Provision, depth: int, page_url: str, toc: list[dict],
               url_of: UrlOf, templates: Templates = DEFAULT) -> Markup:
    title = _spans(p.title, url_of, ag.slug, templates)
    lead = _spans(p.lead, url_of, ag.slug, templates)
    cite = provision_label(p, chapter_word(ag)) if p.id else None
    level = 0

    def sub(c: Provision) -> Markup:
        return _provision(ag, c, depth + 1, page_url, toc, url_of, templates)

    # The entries of the page's table of contents are added before the provisions inside.
    if p.kind == "toc":
        shape = "toc"
    elif p.kind == "heading" or (p.kind in ("part", "annex") and depth > 0):
        shape = "section"
        level = min(2 + depth, 4)  # h5/h6 are small grey captions in Material: too weak for a section
        entry = {"level": level, "id": p.id, "name": escape((p.num + p.title_text).strip()), "children": []}
        top = p.parent is None or p.parent.kind in ("preamble", "notice")  # those have no toc entry
        if top or not toc:
            toc.append(entry)
        elif depth == 1 or (p.parent is not None and p.parent.parent is not None
                            and p.parent.parent.kind in ("preamble", "notice")):
            toc[-1]["children"].append(entry)
    elif p.kind in ("chapter", "preamble", "notice", "part", "annex") and (p.title or p.heading or p.num):
        shape = "chapter"
        if not title and p.heading:
            title = _spans(p.heading.spans, url_of, ag.slug, templates)
        name = (p.num + p.title_text) if p.kind in ("chapter", "part", "annex") else (
            p.heading.text if p.heading else p.title_text)
        toc.append({"level": 2, "id": p.id, "name": escape(name.strip()), "children": []})
    elif p.kind in ("preamble", "notice", "signature"):
        shape = "bare"
    elif p.title and p.kind in ("clause", "section"):
        shape = "titled"
        level = 3 if depth <= 1 else 4
        if p.kind == "clause" and depth <= 1 and toc:
            toc[-1]["children"].append({"level": 3, "id": p.id, "name": escape(f"{p.num} {p.title_text}"),
                                        "children": []})
    else:
        shape = "plain"
    content = Markup("".join(_content(p.content, sub, url_of, ag.slug, templates)))
    return templates.macro("provision.html")(shape, p.kind, depth, p.id, p.num, title, lead, cite, level, content)


def render(ag: Agreement, page_url: str = "", url_of: UrlOf = _default_url_of,
           after: str = "", after_toc: list[dict] | None = None, before: str = "", *,
           templates: Templates = DEFAULT) -> Rendered:
    """Render an agreement's body (header block, provisions) to HTML (agreement.html)."""
    toc: list[dict] = []
    # The header keeps the source order: lines above the title line stay above it.
    head = [(True, _spans(p.spans, templates=templates)) if p.role == "title" else
            (False, _para(p, templates=templates)) for p in ag.head]
    provisions = [_provision(ag, part, 0, page_url, toc, url_of, templates) for part in ag.parts]
    tips = ""
    if any(s.kind == "term" and s.target for p in ag.walk() for spans in _span_lists(p) for s in spans):
        # The tooltip texts live once for the whole site in the glossary's tips.json, fetched on the first
        # hover, focus or tap and cached; the page carries only where the glossary is.
        tips = Markup(json.dumps({"glossary": url_of("glossary", "")}, ensure_ascii=False).replace("<", "\\u003c"))
    if after:
        toc.extend(after_toc or [])
    html = templates.render("agreement.html", ag.title, version_label(ag), Markup(before),
                            not any(p.role == "title" for p in ag.head), head,
                            Markup(meta_html(ag, templates=templates)), page_url, provisions, tips, Markup(after))
    return Rendered(html, toc)


def _span_lists(p: Provision) -> list[list[Span]]:
    return [p.lead] + [c.spans for c in p.content if isinstance(c, Para)]


def _stated_in_head(ag: Agreement) -> set[str]:
    """Which dates the text's own date line(s) in the header already state."""
    lines = {p.line for p in ag.head if p.role == "dates"}
    return {kind for kind, line in (("updated", ag.updated_line), ("effective", ag.effective_line))
            if line and line in lines}


def meta_html(ag: Agreement, *, templates: Templates = DEFAULT) -> str:
    """The metadata row under the title (meta.html). A date the text's own date line states (shown just
    above, styled as part of the header) is not repeated; 来源 is only the issuer's own address; where
    this copy of the text was found (front matter ``source``) is provenance, in small print."""
    stated = _stated_in_head(ag)
    rows = []
    if "updated" not in stated:
        rows.append(("更新日期", ag.updated or "未注明"))
    if "effective" not in stated:
        rows.append(("生效日期", ag.effective or "未注明"))
    if not ag.updated and ag.evidence_date:
        # Evidence, not the issuer's word: said so next to the date.
        rows.append((ag.evidence_kind or "采集日期", f"{ag.evidence_date}（存档证据，非发布方声明）"))
    if ag.issuer:
        rows.append(("发布方", ag.issuer))
    src = safe_href(ag.source_url)
    copy = safe_href(ag.archive_url)
    if not copy or copy == src:
        copy = None
    return templates.render("meta.html", rows, src or "", copy or "", ag.archive_note or "")
