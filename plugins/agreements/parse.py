"""Raw agreement text → :class:`Agreement` tree.

The parser never drops text: every source line ends up in a title, a
provision's number/title/lead, or a paragraph. Repairs (joining a sentence
broken across a blank line, unescaping Markdown) keep every character.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePath

from . import anchors, dates
from .model import Agreement, Issue, Para, Provision
from .text import (
    CONTROL,
    DecodeError,
    ascii_digits,
    cn_to_int,
    decode,
    inline_spans,
    split_front_matter,
    visible_controls,
)

CN = "零〇一二两三四五六七八九十百"
D = "0-9０-９"

PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("notice", re.compile(r"^【\s*(更新提示|更新说明|修订说明)\s*】$")),
    ("preamble", re.compile(r"^【?\s*(首部及导言|引言|导言|前言)\s*】?$")),
    ("end", re.compile(r"^[（(]\s*正文完\s*[)）]$")),
    ("chapter", re.compile(rf"^(?P<num>(?P<key>[{CN}]+)\s*[、．.]\s*)(?P<rest>.*)$")),
    ("chapter", re.compile(rf"^(?P<num>第(?P<key>[{CN}{D}]+)章\s*)(?P<rest>.*)$")),
    ("article", re.compile(rf"^(?P<num>第(?P<key>[{CN}{D}]+)条\s*)(?P<rest>.*)$")),
    ("section", re.compile(rf"^(?P<num>[(（]\s*(?P<key>[{CN}]+)\s*[)）]\s*)(?P<rest>.*)$")),
    ("clause", re.compile(
        rf"^(?P<num>(?P<key>[{D}]{{1,3}}(?:[.．][{D}]{{1,3}})+)[.．、]?(?![{D}%％])\s*)(?P<rest>.*)$")),
    ("num1", re.compile(rf"^(?P<num>(?P<key>[{D}]{{1,3}})\s*[.．、](?![{D}])\s*)(?P<rest>.*)$")),
    ("item:paren", re.compile(
        rf"^(?P<num>[(（]\s*(?P<key>[{D}]{{1,3}}|[a-zA-Z]|[ivxlcIVXLC]{{1,6}})\s*[)）]\s*)(?P<rest>.*)$")),
    ("item:halfparen", re.compile(
        rf"^(?P<num>(?P<key>[{D}]{{1,3}}|[a-zA-Z])\s*[)）]\s*)(?P<rest>.*)$")),
    ("item:roman", re.compile(r"^(?P<num>(?P<key>[ivxlc]{1,6}|[IVXLC]{1,6})[.．]\s+)(?P<rest>.*)$")),
    ("item:letter", re.compile(r"^(?P<num>(?P<key>[A-Za-z])[.．]\s+)(?P<rest>.*)$")),
]
MD_HEADING = re.compile(r"^(#{1,6})\s+")
BULLET = re.compile(r"^[-*+]\s+(?=[(（]\s*\w{1,6}\s*[)）])")
BRACKET_TITLE = re.compile(r"^(【[^【】\n]*】)\s*(.*)$")
DATE_LINE = re.compile(r"^(最近|版本)?(更新|生效|发布)(日期|时间)")
TITLE_WORDS = re.compile(r"(协议|规则|政策|指引|声明|条款|须知|说明|规范|公约|办法|条例|章程|细则|准则|守则)")
DEFINED_TITLE = re.compile(
    r"《([^《》\n]{2,40})》\s*[（(]\s*以下(?:简称|统称)?[为：:]?\s*[“\"「]本(?:协议|规则|政策|指引|声明|条款)")
ISSUER = re.compile(r"(公司|集团|腾讯|有限|Limited|Ltd)")


@dataclass
class Block:
    """One non-blank source line, classified."""

    no: int
    raw: str  # the line without leading/trailing whitespace and Markdown markers
    kind: str = "text"
    num: str = ""
    key: str = ""
    rest: str = ""
    gap: bool = False  # preceded by a blank line
    md_heading: bool = False


def classify(no: int, line: str, gap: bool, first: bool = False) -> Block:
    s = line.strip().strip("\u3000")
    md = False
    m = MD_HEADING.match(s) if first else None  # a '# ' title of a web clipping; elsewhere '#' is text
    if m:
        s, md = s[m.end():].strip(), True
    m = BULLET.match(s)
    if m:
        s = s[m.end():]
    b = Block(no, s, gap=gap, md_heading=md, rest=s)
    for kind, pat in PATTERNS:
        m = pat.match(s)
        if not m:
            continue
        if kind in ("notice", "preamble", "end"):
            b.kind = kind
            return b
        b.kind, b.num, b.rest = kind, m.group("num").rstrip(), m.group("rest")
        b.key = m.group("key")
        if kind == "num1" and not b.rest:
            continue
        return b
    return b


def heading_like(text: str, limit: int = 30) -> bool:
    """A short line without closing punctuation: a title, not a sentence."""
    t = text.strip()
    return 0 < len(t) <= limit and t[-1] not in "。；;，,！!？?：:"


HAN_CHAR = re.compile(r"[\u3400-\u9fff]")


def ends_open(text: str) -> bool:
    """True when a line stops mid-sentence, on a Chinese character (broken-line repair)."""
    t = text.rstrip()
    return len(t) >= 20 and bool(HAN_CHAR.match(t[-1]))


def _is_title_line(b: Block, fm_title: str | None) -> bool:
    if b.kind != "text" and not b.md_heading:
        return False
    if b.md_heading:
        return True
    t = b.raw
    if fm_title and t == str(fm_title).strip():
        return True
    return heading_like(t, 40) and bool(TITLE_WORDS.search(t)) and "《" not in t


def parse(data: bytes | str, path: str = "<text>") -> Agreement:
    """Parse one raw agreement. Raises :class:`DecodeError` for undecodable bytes."""
    if isinstance(data, bytes):
        text, _ = decode(data)
    else:
        text = data.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    issues: list[Issue] = []
    for no, line in enumerate(text.split("\n"), 1):
        if CONTROL.search(line):
            issues.append(Issue(path, no, "control-characters",
                                "control characters are shown as their symbols (␇, ␛ …)"))
        if "\ufffd" in line:
            issues.append(Issue(path, no, "invalid-bytes",
                                "bytes that are not valid UTF-8 are shown as �; re-save the file as UTF-8"))
    text = visible_controls(text)
    fm, body, offset, fm_error = split_front_matter(text)
    if fm_error:
        issues.append(Issue(path, 1, "front-matter", fm_error))
    blocks: list[Block] = []
    gap = True
    for i, line in enumerate(body.split("\n")):
        if not line.strip():
            gap = True
            continue
        blocks.append(classify(offset + i + 1, line, gap, first=not blocks))
        gap = False

    ag = Agreement(path=path, title="", front_matter=fm, raw=text, issues=issues)
    builder = _Builder(ag, blocks)
    builder.run()
    _metadata(ag)
    issues.extend(anchors.assign(ag))
    return ag


class _Builder:
    def __init__(self, ag: Agreement, blocks: list[Block]) -> None:
        self.ag = ag
        self.blocks = blocks
        self.cn_mode = any(b.kind == "chapter" for b in blocks)
        self.container: Provision | None = None  # current chapter/section/clause/...
        self.chapter: Provision | None = None
        self.section: Provision | None = None
        self.article: Provision | None = None  # 第N条 in statute-style texts
        self.clauses: list[Provision] = []  # stack of dotted clauses
        self.items: list[Provision] = []  # stack of nested items
        self.last: Para | Provision | None = None  # where a continuation joins

    # -- helpers ---------------------------------------------------------
    def para(self, b: Block, role: str = "p") -> Para:
        return Para(inline_spans(b.raw), b.no, role)

    def top(self) -> Provision | None:
        if self.items:
            return self.items[-1]
        if self.clauses:
            return self.clauses[-1]
        return self.article or self.section or self.chapter or self.container

    def add_part(self, prov: Provision) -> None:
        self.ag.parts.append(prov)
        self.container = prov
        self.chapter = self.section = self.article = None
        self.clauses, self.items = [], []

    def add_para(self, p: Para) -> None:
        """Attach an unnumbered paragraph to the innermost open provision."""
        self.items = []  # a paragraph ends any running list
        host = self.top()
        if host is None:
            host = Provision("preamble", p.line)
            self.add_part(host)
        host.content.append(p)
        self.last = p

    def _split_title(self, prov: Provision, rest: str, short_title_ok: bool) -> None:
        m = BRACKET_TITLE.match(rest)
        if m:
            prov.title = inline_spans(m.group(1))
            prov.lead = inline_spans(m.group(2)) if m.group(2) else []
        elif short_title_ok and heading_like(rest, 20):
            prov.title = inline_spans(rest)
        else:
            prov.lead = inline_spans(rest)

    # -- passes ----------------------------------------------------------
    def run(self) -> None:
        blocks = self.blocks
        i = 0
        # Title: first line, `# ` heading or front matter title.
        fm_title = self.ag.front_matter.get("title")
        if blocks and _is_title_line(blocks[0], fm_title):
            b = blocks.pop(0)
            self.ag.head.append(Para(inline_spans(b.raw), b.no, "title"))
        # Date lines directly under the title.
        while blocks and blocks[0].kind == "text" and DATE_LINE.match(blocks[0].raw):
            b = blocks.pop(0)
            self.ag.head.append(Para(inline_spans(b.raw), b.no, "dates"))
        toc = self._toc_lines()
        ended = False
        while i < len(blocks):
            b = blocks[i]
            nxt = blocks[i + 1] if i + 1 < len(blocks) else None
            i += 1
            if ended:
                self._signature(b)
                continue
            if self._join(b):
                continue
            if b.no in toc:
                self._toc(b)
                continue
            kind = b.kind
            if kind == "notice":
                prev = self.ag.parts[-1] if self.ag.parts else None
                if prev is not None and prev.kind == "notice" and not prev.content:
                    prev.content.append(self.para(b, "dup"))
                    continue
                prov = Provision("notice", b.no, heading=self.para(b, "heading"))
                self.add_part(prov)
            elif kind == "preamble":
                self.add_part(Provision("preamble", b.no, heading=self.para(b, "heading")))
            elif kind == "end":
                self.add_para(self.para(b, "end"))
                ended = True
            elif kind == "chapter" or (kind == "num1" and not self.cn_mode and heading_like(b.rest)):
                self._chapter(b)
            elif kind == "article":
                self._article(b)
            elif kind == "section" and self.article is not None:
                self._item(b)
            elif kind == "section":
                self._section(b)
            elif kind == "clause":
                self._clause(b, nxt)
            elif kind == "num1" or kind.startswith("item:"):
                self._item(b)
            elif DATE_LINE.match(b.raw) and not self.ag.parts:
                self.ag.head.append(Para(inline_spans(b.raw), b.no, "dates"))
            else:
                bm = BRACKET_TITLE.match(b.raw)
                role = "heading" if bm and not bm.group(2) else "p"
                self.add_para(self.para(b, role))
        self._trailing_signature()

    def _toc_lines(self) -> set[int]:
        """Line numbers of a table-of-contents block that repeats the chapter headings."""
        result: set[int] = set()
        bl = self.blocks

        def is_head(b: Block) -> bool:
            return b.kind == "chapter" or (
                b.kind == "num1" and not self.cn_mode and heading_like(b.rest))

        i = 0
        while i < len(bl):
            if not is_head(bl[i]):
                i += 1
                continue
            j = i + 1
            first = ascii_digits(bl[i].key)
            while j < len(bl) and is_head(bl[j]) and ascii_digits(bl[j].key) != first:
                j += 1
            run = bl[i:j]
            if len(run) >= 3:
                later = [b for b in bl[j:] if is_head(b) and ascii_digits(b.key) == first]
                if later:
                    result.update(b.no for b in run)
            i = j
        return result

    def _toc(self, b: Block) -> None:
        host = self.ag.parts[-1] if self.ag.parts and self.ag.parts[-1].kind == "toc" else None
        if host is None:
            host = Provision("toc", b.no)
            self.ag.parts.append(host)
            self.container, self.chapter, self.section = host, None, None
            self.clauses, self.items = [], []
        host.content.append(self.para(b, "toc"))

    def _join(self, b: Block) -> bool:
        """Repair a sentence broken across lines: join ``b`` to the previous text."""
        last = self.last
        if b.kind != "text" or last is None or b.md_heading:
            return False
        if not b.raw or not HAN_CHAR.match(b.raw[0]) or BRACKET_TITLE.match(b.raw):
            return False
        if isinstance(last, Para):
            if last.role != "p" or not ends_open(last.text):
                return False
            last.spans.extend(inline_spans(b.raw))
            return True
        if last.kind in ("clause", "item") and last.lead and ends_open(last.lead_text) \
                and not last.children and not last.body:
            last.lead.extend(inline_spans(b.raw))
            return True
        return False

    def _chapter(self, b: Block) -> None:
        prov = Provision("chapter", b.no, num=b.num, key=_key(b.key))
        self._split_title(prov, b.rest, short_title_ok=True)
        if not prov.title and prov.lead and heading_like(prov.lead_text, 40):
            prov.title, prov.lead = prov.lead, []
        self.add_part(prov)
        self.chapter = prov
        self.last = prov

    def _article(self, b: Block) -> None:
        """第N条 of a statute-style text: anchored ``art-N`` whatever chapter it is in."""
        prov = Provision("article", b.no, num=b.num, key=_key(b.key))
        prov.lead = inline_spans(b.rest)
        self.items, self.clauses = [], []
        host = self.chapter
        if host is None:
            self.ag.parts.append(prov)
        else:
            prov.parent = host
            host.content.append(prov)
        self.article = prov
        self.last = prov

    def _section(self, b: Block) -> None:
        prov = Provision("section", b.no, num=b.num, key=f"s{cn_to_int(b.key)}")
        self._split_title(prov, b.rest, short_title_ok=True)
        host = self.chapter or self.container
        self.items, self.clauses = [], []
        if host is None:
            self.add_part(prov)
        else:
            prov.parent = host
            host.content.append(prov)
        self.section = prov
        self.last = prov

    def _clause(self, b: Block, nxt: Block | None) -> None:
        key = ascii_digits(b.key)
        prov = Provision("clause", b.no, num=b.num, key=key)
        # A short clause line followed by its own text is a title: "8.2.1 法律法规禁止的行为".
        short_ok = nxt is not None and nxt.kind == "text" and not BRACKET_TITLE.match(nxt.raw)
        self._split_title(prov, b.rest, short_title_ok=short_ok)
        self.items = []
        parts = key.split(".")
        while self.clauses and not _is_prefix(self.clauses[-1].key.split("."), parts):
            self.clauses.pop()
        if self.clauses:
            host = self.clauses[-1]
        else:
            host = self.section or self.chapter
            if host is None and self.container is not None and self.container.kind not in (
                    "preamble", "notice", "toc"):
                host = self.container
        if host is None:
            self.add_part(prov)
        else:
            prov.parent = host
            host.content.append(prov)
        self.clauses.append(prov)
        self.last = prov

    def _item(self, b: Block) -> None:
        if b.kind == "section":  # （一） under an article is an item (项)
            b.key, b.kind = str(cn_to_int(b.key)), "item:cnparen"
        style = "dot" if b.kind == "num1" else b.kind.split(":", 1)[1]
        if style in ("letter", "paren", "halfparen") and re.fullmatch(
                r"[ivxlc]+|[IVXLC]+", b.key) and not _letter_context(self.items, b.key):
            style = style if style != "letter" else "roman"
        key = ascii_digits(b.key).lower()
        prov = Provision("item", b.no, num=b.num, key=key, style=style)
        prov.lead = inline_spans(b.rest)
        # Same style as an open item: a sibling of it. A different style that
        # starts a list (1, a, i): nested under the open item.
        same = [k for k, it in enumerate(self.items) if it.style == prov.style]
        if same:
            del self.items[same[-1]:]
        elif self.items and key not in ("1", "a", "i"):
            self.items = []
        host = self.items[-1] if self.items else self.top()
        if host is None:
            host = Provision("preamble", b.no)
            self.add_part(host)
        prov.parent = host
        host.content.append(prov)
        self.items.append(prov)
        self.last = prov

    def _signature(self, b: Block) -> None:
        part = self.ag.parts[-1] if self.ag.parts else None
        if part is None or part.kind != "signature":
            part = Provision("signature", b.no)
            self.ag.parts.append(part)
        part.content.append(self.para(b))

    def _trailing_signature(self) -> None:
        """Without （正文完）, a last short line naming a company is the signature."""
        if any(p.kind == "signature" for p in self.ag.parts) or not self.ag.parts:
            return
        host = self.ag.parts[-1]
        while host.children and host.content and host.content[-1] is host.children[-1]:
            host = host.children[-1]
        if not host.content or not isinstance(host.content[-1], Para):
            return
        p = host.content[-1]
        t = p.text.strip()
        if p.role == "p" and heading_like(t, 40) and ISSUER.search(t) and "《" not in t:
            host.content.pop()
            self.ag.parts.append(Provision("signature", p.line, content=[p]))


def _letter_context(items: list[Provision], key: str) -> bool:
    """True when a roman-looking label continues a letter list (h, i, j)."""
    return any(it.style == "letter" for it in items) and len(key) == 1


def _key(raw: str) -> str:
    raw = ascii_digits(raw)
    if raw.isdigit():
        return str(int(raw))
    n = cn_to_int(raw)
    return str(n) if n is not None else raw


def _is_prefix(a: list[str], b: list[str]) -> bool:
    return len(a) < len(b) and b[: len(a)] == a


def _metadata(ag: Agreement) -> None:
    fm = ag.front_matter
    title_para = next((p for p in ag.head if p.role == "title"), None)
    if title_para is not None:
        ag.title = title_para.text.strip()
    elif fm.get("title"):
        ag.title = str(fm["title"]).strip()
    else:
        m = DEFINED_TITLE.search(ag.raw)
        if m:
            ag.title = m.group(1).strip()
        else:
            ag.title = PurePath(ag.path).stem
            ag.issues.append(Issue(ag.path, 1, "no-title",
                                   "no title found (first line, '# ' heading, front matter "
                                   "'title' or 《…》（以下简称“本协议”）); using the file name"))
    found = dates.find_dates(ag)
    ag.updated, ag.effective = found.updated, found.effective
    ag.issues.extend(found.issues)
    for k in ("url", "source"):
        v = fm.get(k)
        if isinstance(v, str) and re.match(r"https?://", v.strip()):
            ag.source_url = v.strip().split()[0]
            break
    sig = next((p for p in ag.parts if p.kind == "signature"), None)
    if sig is not None and sig.body:
        ag.issuer = sig.body[-1].text.strip()


__all__ = ["parse", "DecodeError"]
