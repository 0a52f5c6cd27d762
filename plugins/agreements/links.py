"""Linking stage: 《title》 mentions, [title](#) placeholders and clause references.

Model in, linked model out (spans are rewritten in place), plus the citation
graph used for backlinks and the family map. No MkDocs, no HTML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import unquote

from . import routes
from .family import Entry, Family
from .model import Agreement, Issue, Provision, Span, spans_text
from .slug import slugify
from .text import CN_NUMERAL, ascii_digits, cn_to_int, without_space

MENTION = re.compile(r"《\s*([^《》\n]{1,60}?)\s*》")
# 法律、行政法规、规章 and national standards: cited, but never members of the family
# (《民法典》, 《个人信息保护法》, 《…条例（2019修订）》, 《信息安全技术 个人信息安全规范》, GB/T 35273).
STATUTE = re.compile(
    r"^(?:中华人民共和国|信息安全技术|GB(?:/[TZ])?\s*\d)"
    r"|(?:法|法典|办法|规定|条例|决定|细则|标准|意见|通知|解释|公约|仲裁规则)(?:\s*[（(][^（）()]{0,20}[）)])?$")
ADDRESS = re.compile(
    r"《\s*([^《》\n]{1,60}?)\s*》\s*[（(]\s*(?:链接地址|网址|地址|链接)\s*[：:]\s*(https?://[^\s）)]+)")
SELF = re.compile(r"^\s*[（(]\s*以下(?:简称|统称)?[为：:]?\s*[“\"「]?本(?:协议|规则|政策|指引|声明)")
_NUM = r"[0-9０-９]+(?:[.．][0-9０-９]+)*"
REF = re.compile(
    rf"(?P<doc>本协议|本规则|本政策|本指引|本声明)?第\s*(?P<n>{_NUM}|[{CN_NUMERAL}]+)\s*(?P<unit>条|款|项|章|节|部分)"
    r"|(?P<this>本条)|(?P<prev>前款)"
)

# What may stand between a mention and a reference into it: 《…》第3.1条, 《…》中的第七部分.
AFTER_MENTION = {"", "》", "中", "的", "中的", "》中", "》的", "》中的"}


@dataclass
class Citation:
    """One resolved link from a provision of one agreement to another agreement."""

    source: str  # citing agreement title
    source_id: str  # citing provision id ('' if outside any provision)
    target: str  # cited agreement title
    anchor: str = ""  # cited provision id, if a clause was named


@dataclass
class Linked:
    citations: list[Citation] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    statutes: set[str] = field(default_factory=set)
    # (file, code) of problems already reported: one warning per title per text, not per mention.
    reported: set[tuple[str, str]] = field(default_factory=set)

    def report(self, issue: Issue) -> None:
        key = (issue.path, issue.code)
        if key not in self.reported:
            self.reported.add(key)
            self.issues.append(issue)


def norm_title(t: str) -> str:
    return without_space(t)


class Resolver:
    """Title → registry entry, honouring per-agreement alias scopes."""

    def __init__(self, fam: Family) -> None:
        self.fam = fam
        self.by_name: dict[str, set[str]] = {}
        for title, e in fam.registry.items():
            for name in [title, *e.aliases]:
                self.by_name.setdefault(norm_title(name), set()).add(title)

    def resolve(self, name: str, scope: Agreement) -> tuple[Entry | None, str | None]:
        """Return (entry, problem). ``problem`` is 'ambiguous: …' or None."""
        key = norm_title(name)
        local = self.fam.registry.get(scope.title)
        if local is not None and key in local.local_aliases:
            return self.fam.registry.get(local.local_aliases[key]), None
        titles = self.by_name.get(key, set())
        if len(titles) > 1:
            return None, "ambiguous: " + " / ".join(sorted(titles))
        if titles:
            return self.fam.registry[next(iter(titles))], None
        return None, None


def learn_addresses(fam: Family) -> list[Issue]:
    """Official addresses written in the texts (《X》（链接地址：https://…）) fill the registry."""
    issues: list[Issue] = []
    res = Resolver(fam)
    for ag in fam.agreements:
        for p in _paragraph_texts(ag):
            for m in ADDRESS.finditer(p[1]):
                entry, _ = res.resolve(m.group(1), ag)
                if entry is None:
                    continue
                url = m.group(2)
                if not entry.url:
                    entry.url = url
                elif entry.url.rstrip("/") != url.rstrip("/") and not entry.hosted:
                    issues.append(Issue(ag.path, p[0], f"address-conflict:{entry.title}",
                                        f"《{m.group(1)}》 address {url} differs from {entry.url}",
                                        "info"))
    return issues


def _paragraph_texts(ag: Agreement) -> list[tuple[int, str]]:
    """Leads and paragraphs of every role, duplicated headings too (titles are not searched for addresses)."""
    return [(line, spans_text(spans)) for prov in ag.walk()
            for _, what, line, spans in prov.span_lists() if what not in ("title", "source-heading")]


def link_family(fam: Family) -> Linked:
    """Resolve every mention and clause reference in every hosted agreement."""
    result = Linked()
    result.issues.extend(learn_addresses(fam))
    t = targets(fam)
    for ag in fam.agreements:
        link_agreement(fam, ag, result, t)
    return result


@dataclass
class Targets:
    """What links can point at in a family: built once, shared by every agreement linked
    (rebuilding it per agreement made linking 1,000 past versions quadratic)."""

    resolver: Resolver
    hosted: dict[str, Agreement]
    anchors: dict[str, set[str]]


def targets(fam: Family) -> Targets:
    return Targets(Resolver(fam), {a.title: a for a in fam.agreements},
                   {a.title: set(a.anchors()) for a in fam.agreements})


def link_agreement(fam: Family, ag: Agreement, result: Linked, t: Targets | None = None) -> None:
    """Link one agreement (a current one, or a past version) against the family."""
    t = t or targets(fam)
    anchors = {**t.anchors, ag.title: set(ag.anchors())}  # a past version links within itself
    for prov, spans, line in _span_lists(ag):
        spans[:] = _link_spans(spans, ag, prov, line, t.resolver, t.hosted, anchors, result)


def _span_lists(ag: Agreement):
    """Every span list shown, in source order, with its provision and line: titles, headings, tables
    and the rest as well as running text; a duplicated heading (shown once) is not linked twice."""
    for prov, what, line, spans in ag.span_lists():
        if what != "dup":
            yield prov, spans, line


def _link_spans(spans: list[Span], ag: Agreement, prov: Provision, line: int, res: Resolver,
                hosted: dict[str, Agreement], anchors: dict[str, set[str]],
                result: Linked) -> list[Span]:
    out: list[Span] = []
    # Pass 1: placeholders [title](#) and 《title》 in text.
    for i, s in enumerate(spans):
        if s.kind == "link" and (s.src_href or "").strip() in ("", "#"):
            after = spans[i + 1].text if i + 1 < len(spans) else ""
            out.append(_mention(s.text, after, s, ag, prov, line, res, hosted, result))
            continue
        if s.kind == "link" and not EXTERNAL.match((s.src_href or "").strip()):
            out.append(_local_link(s, ag))
            continue
        if s.kind != "text":
            out.append(s)
            continue
        pos = 0
        for m in MENTION.finditer(s.text):
            name = m.group(1)
            if "[" in name:
                continue
            out.append(Span(s.text[pos:m.start() + 1], strong=s.strong))
            inner = s.text[m.start() + 1:m.end() - 1]
            after = s.text[m.end():]
            out.append(_mention(inner, after, Span(inner, strong=s.strong), ag, prov, line, res, hosted, result))
            out.append(Span("》", strong=s.strong))
            pos = m.end()
        out.append(Span(s.text[pos:], strong=s.strong))
    out = [s for s in out if s.text or s.kind != "text"]
    # Pass 2: clause references, optionally right after a resolved mention.
    final: list[Span] = []
    for s in out:
        if s.kind != "text":
            final.append(s)
            continue
        prev = final[-2] if len(final) >= 2 and final[-1].text == "》" and final[-1].kind == "text" \
            else (final[-1] if final else None)
        final.extend(_refs(s, prev if prev is not None and prev.kind == "mention" else None,
                           ag, prov, line, hosted, anchors, result))
    return final


EXTERNAL = re.compile(r"^(?:https?:|mailto:)", re.I)


def _local_link(s: Span, ag: Agreement) -> Span:
    """A clipping's link into the site it was clipped from: ``[联系我们](#联系我们)`` goes to the
    heading of that name here; a path such as ``/腾讯/…/Cookie政策.md`` means nothing on this
    site, so the words stay as text. Other schemes (javascript:) are left to the renderer."""
    href = (s.src_href or "").strip()
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.\-]*:", href):
        return s
    if href.startswith("#"):
        want = norm_title(unquote(href[1:]))
        for p in ag.walk():
            if p.id and p.kind == "heading" and norm_title(p.title_text) == want:
                return Span(s.text, "ref", target=(ag.slug, p.id), title=p.title_text, strong=s.strong)
    return Span(s.text, "text", strong=s.strong)


def _mention(name: str, after: str, span: Span, ag: Agreement, prov: Provision, line: int,
             res: Resolver, hosted: dict[str, Agreement], result: Linked) -> Span:
    clean = norm_title(name)
    if not clean:
        return span
    if clean == norm_title(ag.title) or SELF.match(after):
        return Span(span.text, "text", strong=span.strong)  # the agreement naming itself
    entry, problem = res.resolve(clean, ag)
    if problem:
        result.report(Issue(ag.path, line, f"ambiguous-mention:{clean}",
                                   f"《{clean}》 is {problem}; left unlinked (add a local alias)"))
        return Span(span.text, "mention", strong=span.strong)
    if entry is None:
        if STATUTE.search(clean):
            result.statutes.add(clean)
            return Span(span.text, "text", strong=span.strong)
        result.report(Issue(ag.path, line, f"unresolved-mention:{clean}",
                            f"《{clean}》 is not in the family registry (docs/agreements.yml); "
                            "left unlinked (reported once per text)"))
        return Span(span.text, "mention", strong=span.strong)
    if entry.title == ag.title:
        return Span(span.text, "text", strong=span.strong)
    target = hosted.get(entry.title)
    result.citations.append(Citation(ag.title, prov.id, entry.title))
    if target is not None:
        return Span(span.text, "mention", strong=span.strong, target=(target.slug, ""), title=entry.title)
    if entry.url:
        return Span(span.text, "mention", strong=span.strong, href=entry.url, external=True, title=entry.title)
    # Known to the family but neither hosted nor with a known address: its registry entry.
    return Span(span.text, "mention", strong=span.strong, target=(routes.FAMILY, "a-" + entry_key(entry)),
                title=entry.title)


def entry_key(entry: Entry) -> str:
    return entry.slug or slugify(entry.title)


def _refs(s: Span, mention: Span | None, ag: Agreement, prov: Provision, line: int,
          hosted: dict[str, Agreement], anchors: dict[str, set[str]], result: Linked) -> list[Span]:
    out: list[Span] = []
    pos = 0
    text = s.text
    for m in REF.finditer(text):
        target_ag = ag
        if m.group("this"):
            anchor = _chapter_of(prov)
        elif m.group("prev"):
            anchor = _previous_sibling(prov)
        else:
            n = m.group("n")
            key = ascii_digits(n) if n[0].isdigit() else str(cn_to_int(n) or "")
            key = ".".join(str(int(x)) for x in key.split(".") if x.isdigit())
            anchor = f"c-{key}" if key else ""
            # 《QQ号码规则》第3.1条: directly after a mention of another hosted agreement.
            # 《儿童隐私保护声明》中的第七部分: 中/的/中的 may stand between.
            at_start = text[:m.start()] in AFTER_MENTION
            if mention is not None and at_start and not m.group("doc") and mention.target \
                    and mention.target[0] != routes.FAMILY:
                target_ag = next((a for a in hosted.values() if a.slug == mention.target[0]), ag)
        if not anchor or anchor not in (anchors[ag.title] if target_ag is ag else
                                        anchors[target_ag.title]):
            continue
        out.append(Span(text[pos:m.start()], strong=s.strong))
        label = m.group(0)
        if target_ag is ag:
            out.append(Span(label, "ref", target=(ag.slug, anchor), title=f"{ag.title} {anchor}", strong=s.strong))
        else:
            out.append(Span(label, "ref", target=(target_ag.slug, anchor),
                            title=f"《{target_ag.title}》{label}", strong=s.strong))
            result.citations.append(Citation(ag.title, prov.id, target_ag.title, anchor))
        pos = m.end()
    out.append(Span(text[pos:], strong=s.strong))
    return [x for x in out if x.text]


def _chapter_of(p: Provision) -> str:
    q: Provision | None = p
    while q is not None and q.kind != "chapter":
        q = q.parent
    return q.id if q is not None else ""


def _previous_sibling(p: Provision) -> str:
    q: Provision | None = p
    while q is not None and q.kind not in ("clause", "chapter"):
        q = q.parent
    if q is None or q.parent is None:
        return ""
    sibs = [c for c in q.parent.children if c.kind == q.kind]
    i = sibs.index(q)
    return sibs[i - 1].id if i > 0 else ""


def backlinks(citations: list[Citation], title: str) -> dict[str, list[Citation]]:
    """Citations of ``title`` grouped by citing agreement, in source order."""
    out: dict[str, list[Citation]] = {}
    seen = set()
    for c in citations:
        if c.target != title or c.source == title:
            continue
        key = (c.source, c.source_id, c.anchor)
        if key in seen:
            continue
        seen.add(key)
        out.setdefault(c.source, []).append(c)
    return out


def graph(citations: list[Citation]) -> dict[tuple[str, str], int]:
    """(source title, target title) → number of citations."""
    g: dict[tuple[str, str], int] = {}
    for c in citations:
        if c.source != c.target:
            g[(c.source, c.target)] = g.get((c.source, c.target), 0) + 1
    return g
