"""Pass 3 of the ingester: classified lines → the provision tree.

The hierarchy comes from the shapes a text uses, in order of appearance: a shape
first seen under another becomes its child, and seeing it again closes whatever
was opened below it. So 第一条、 → 1.1、 → （1） → a. nest as written. Two rules
keep real texts sane: a shape never opens under a more minor rank (a chapter
does not nest in an item list, see :data:`shapes.RANK`), and an item list that
does not start at its first number is not a sub-list. Provisions are only ever
appended to an open provision, so the page always reads in source order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Para, Provision
from .shapes import (
    BRACKET_TITLE,
    ITEM_STYLE,
    RANK,
    ROMAN_CHARS,
    Line,
    ends_open,
    heading_like,
)
from .text import HAN_CHAR, ascii_digits, cn_to_int, inline_spans, word_chars

ISSUER = re.compile(r"(公司|集团|腾讯|有限|团队|委员会|Limited|Ltd)")
DATE_LINE = re.compile(r"^(最近|版本|本版|最后|最新|本次)?(更新|生效|发布|修订|修改)(日期|时间)")
HEADING_RANK = -1  # unnumbered headings hold numbered provisions, never the reverse


@dataclass
class Open:
    """One open level of the hierarchy."""

    shape: str
    rank: float
    prov: Provision
    md_level: int = 0


def chapter_shapes(lines: list[Line]) -> bool:
    """True when a text numbers its chapters 一、 / 第一章 / 第一部分 (so 1. is an item)."""
    return any(b.shape in ("cn-dun", "chapter-zh", "part") for b in lines)


def effective_shape(b: Line, cn_mode: bool, nxt: Line | None = None) -> str:
    """The shape a numbered line takes in this text. ``1.`` that reads as a heading is a
    chapter in texts without 一、 chapters; under 一、 chapters it is a sub-heading when its
    own text follows it (1. 共享 / paragraph or 1.1), otherwise a list item."""
    if b.shape == "num-dot" and heading_like(b.rest):
        if not cn_mode:
            return "num-head"
        if heading_like(b.rest, 20) and nxt is not None and (
                (nxt.kind == "text" and not heading_like(nxt.raw, 30)) or nxt.shape == "dotted"):
            return "num-head"
    return b.shape


def structured(lines: list[Line], cn_mode: bool) -> bool:
    """A text with numbered chapters or clauses; otherwise its headings make the sections."""
    n = sum(1 for b in lines if b.shape and effective_shape(b, cn_mode) in (
        "part", "chapter-zh", "article", "cn-dun", "section-zh", "cn-paren", "dotted", "num-head"))
    return n >= 3


def toc_lines(lines: list[Line], cn_mode: bool) -> set[int]:
    """Line numbers of a table of contents: a run of three or more headings, with no text
    between them, whose headings come again later in the text."""
    result: set[int] = set()

    def is_head(b: Line) -> bool:
        # An entry reads as a heading (a page number may follow); in a text with 一、
        # chapters, a contents list may still number its entries 1. 2. 3.
        return bool(b.shape) and b.shape in (
            "part", "annex", "chapter-zh", "article", "cn-dun", "num-head", "num-dot", "cn-paren", "dotted") \
            and heading_like(re.sub(r"[.．…·\s]*\d+$", "", b.rest) or "x", 40)

    later_keys = [(b.shape, ascii_digits(b.key)) for b in lines if is_head(b)]
    later_titles = [_norm(b.rest) for b in lines if b.shape or b.kind == "md-heading"]
    i = 0
    while i < len(lines):
        if not is_head(lines[i]):
            i += 1
            continue
        j = i + 1
        titles = {_norm(lines[i].rest)}
        # The run ends where the first label comes again, or a heading it already listed (the body).
        while j < len(lines) and is_head(lines[j]) and (
                lines[j].shape != lines[i].shape or ascii_digits(lines[j].key) != ascii_digits(lines[i].key)) \
                and _norm(lines[j].rest) not in titles:
            titles.add(_norm(lines[j].rest))
            j += 1
        run = lines[i:j]
        if len(run) >= 3:
            first = (run[0].shape, ascii_digits(run[0].key))
            tail_keys = later_keys[sum(1 for b in lines[:j] if is_head(b)):]
            pos = sum(1 for b in lines[:j] if b.shape or b.kind == "md-heading")
            tail_titles = set(later_titles[pos:])
            repeated = sum(1 for b in run if _norm(b.rest) and _norm(b.rest) in tail_titles)
            if (first in tail_keys and repeated * 2 >= len(run)) or repeated * 3 >= len(run) * 2:
                result.update(b.no for b in run)
        i = j
    return result


def _norm(s: str) -> str:
    """A heading's words for comparison: no spaces, punctuation or trailing page number."""
    return word_chars(re.sub(r"[.．…·\s]*\d+$", "", ascii_digits(s))).lower()


def heading_line(b: Line, prev: Line | None, nxt: Line | None) -> bool:
    """An unnumbered heading of a text without numbered chapters: a 【…】 line, or a short
    title-like line between paragraphs (not inside a run of short list lines)."""
    if b.kind != "text" or b.shape or DATE_LINE.match(b.raw):
        return False
    bm = BRACKET_TITLE.match(b.raw)
    if bm and not bm.group(2):
        return True
    t = b.raw
    if not heading_like(t, 25) or re.search(r"[：:@/]|https?|www\.", t) or ISSUER.search(t):
        return False
    if not HAN_CHAR.search(t) or (len(t) > 1 and t[0] in "（(“\"《·•●-*"):
        return False
    if nxt is None or nxt.kind not in ("text", "num") or (nxt.kind == "text" and heading_like(nxt.raw, 25)):
        return False
    return prev is None or not (prev.kind == "text" and (heading_like(prev.raw, 25)
                                                       or prev.raw.rstrip().endswith(("：", ":"))))


class Builder:
    """Builds the provision tree of one text from its classified body lines."""

    def __init__(self, lines: list[Line], toc: set[int], clipping: bool, cn_mode: bool) -> None:
        self.lines = lines
        self.toc = toc
        self.clipping = clipping
        self.cn_mode = cn_mode
        self.structured = structured(lines, cn_mode)
        self.parts: list[Provision] = []
        self.stack: list[Open] = []
        self.special: Provision | None = None  # an open preamble, notice or toc
        self.last: Para | Provision | None = None  # where a broken sentence continues
        # Item levels a paragraph closed (outermost first), their host, and where in the
        # host's content the paragraphs began: a later item may show the list goes on.
        self.interrupted: tuple[Provision, list[Open], int] | None = None
        self.label_of: dict[int, tuple[str, int | None]] = {}  # shape and ordinal by provision

    # -- helpers ---------------------------------------------------------
    def spans(self, text: str, b: Line) -> list:
        return inline_spans(text, bold=self.clipping, strong=b.bold)

    def para(self, b: Line, role: str = "p") -> Para:
        return Para(self.spans(b.raw, b), b.no, role)

    def host(self) -> Provision | None:
        if self.stack:
            return self.stack[-1].prov
        return self.special

    def new_part(self, prov: Provision) -> None:
        self.parts.append(prov)
        self.stack = []
        self.last = None  # a new part (a notice, a contents list, a chapter) ends any broken sentence
        self.special = prov if prov.kind in ("preamble", "notice", "toc") else None

    def attach(self, prov: Provision) -> None:
        host = self.host()
        if host is None and prov.kind == "item":
            # Items before any chapter belong to the preamble (preamble-i, preamble-1 …).
            host = Provision("preamble", prov.line)
            self.new_part(host)
        if host is None:
            self.new_part(prov)
        else:
            prov.parent = host
            host.content.append(prov)

    def add_para(self, p: Para) -> None:
        """An unnumbered paragraph closes any running item list and joins the innermost open
        chapter, clause or heading (the list may go on later: see :meth:`_resume`)."""
        closed = []
        while self.stack and self.stack[-1].rank >= 4:
            closed.append(self.stack.pop())
        host = self.host()
        if closed and host is not None:
            self.interrupted = (host, closed[::-1], len(host.content))
        if host is None:
            host = Provision("preamble", p.line)
            self.new_part(host)
        host.content.append(p)
        self.last = p

    # -- the pass --------------------------------------------------------
    def run(self) -> list[Provision]:
        ended = False
        lines = self.lines
        for i, b in enumerate(lines):
            prev = lines[i - 1] if i else None
            nxt = lines[i + 1] if i + 1 < len(lines) else None
            if self.special is not None and self.special.kind == "toc" and b.no not in self.toc:
                self.special = None  # the table of contents ends with its last entry
            if ended:
                self._signature(b)
            elif (self.structured or not heading_line(b, prev, nxt)) and self._join(b):
                continue  # a sentence broken across lines (a heading line is never a continuation)
            elif b.no in self.toc:
                self._toc(b)
            elif b.kind == "notice":
                self._notice(b)
            elif b.kind == "preamble":
                for part in self.parts:
                    if part.kind == "preamble" and part.heading is None:
                        part.key = "front"  # lines above an explicit 首部及导言 / 引言: id ``front``
                self.new_part(Provision("preamble", b.no, heading=self.para(b, "heading")))
            elif b.kind == "end":
                self.add_para(self.para(b, "end"))
                ended = True
            elif b.kind == "table":
                self.add_para(self.para(b, "row"))
            elif b.shape:
                self._numbered(b, nxt)
            elif b.kind == "md-heading" or (not self.structured and heading_line(b, prev, nxt)) or (
                    not self.cn_mode and self.structured and _bracket_alone(b)):
                self._heading(b)
            else:
                bm = BRACKET_TITLE.match(b.raw)
                self.add_para(self.para(b, "heading" if bm and not bm.group(2) else "p"))
        self._trailing_signature()
        return self.parts

    def _notice(self, b: Line) -> None:
        prev = self.parts[-1] if self.parts else None
        if prev is not None and prev.kind == "notice" and not prev.content:
            prev.content.append(self.para(b, "dup"))
            return
        self.new_part(Provision("notice", b.no, heading=self.para(b, "heading")))

    def _toc(self, b: Line) -> None:
        host = self.parts[-1] if self.parts and self.parts[-1].kind == "toc" and \
            self.special is self.parts[-1] else None
        if host is None:
            host = Provision("toc", b.no)
            self.new_part(host)
        host.content.append(Para(self.spans(b.raw, b), b.no, "toc"))

    def _heading(self, b: Line) -> None:
        level = b.md_level or 7
        if self.structured and not b.md_level:
            # 【处罚措施】 in a numbered text: a section above its lists, below 第X条 articles.
            while self.stack and (self.stack[-1].rank >= 3 or self.stack[-1].shape == "heading"):
                self.stack.pop()
        while self.stack and not (self.stack[-1].shape == "heading" and self.stack[-1].md_level < level) \
                and not (self.structured and not b.md_level):
            self.stack.pop()
        prov = Provision("heading", b.no)
        prov.title = self.spans(b.raw, b)
        self.attach(prov)
        self.stack.append(Open("heading", HEADING_RANK, prov, level))
        self.last = prov

    def _numbered(self, b: Line, nxt: Line | None) -> None:
        shape = effective_shape(b, self.cn_mode, nxt)
        shapes = [o.shape for o in self.stack]
        # Roman or letter: i. after h. continues the letters; v. x. inside a roman list are numerals.
        if shape == "roman" and len(b.key) == 1 and "letter" in shapes and "roman" not in shapes:
            shape = "letter"
        elif shape == "letter" and b.key.lower() in ("v", "x") and "roman" in shapes:
            shape = "roman"
        # 1. 共享 (a heading) … 2. 事先征得同意的例外： (a sentence) are one list when the numbers run on.
        alt = {"num-dot": "num-head", "num-head": "num-dot"}.get(shape)
        if alt in shapes and shape not in shapes and b.ordinal is not None:
            level = self.stack[len(shapes) - 1 - shapes[::-1].index(alt)]
            if self.label_of.get(id(level.prov), ("", None))[1] == b.ordinal - 1:
                shape = alt
        rank = _rank(shape)
        if shape == "dotted":
            parts = _dotted(b.key)
            while self.stack and (self.stack[-1].rank > 3 or (
                    self.stack[-1].shape == "dotted" and not _is_prefix(_dotted(self.stack[-1].prov.key), parts))):
                self.stack.pop()
        elif shape not in shapes and self._resume(shape, b):
            shapes = [o.shape for o in self.stack]
            del self.stack[len(shapes) - 1 - shapes[::-1].index(shape):]
        elif shape in shapes:
            del self.stack[len(shapes) - 1 - shapes[::-1].index(shape):]
        else:
            if rank >= 4 and b.ordinal not in (None, 1, 0):
                # A list that does not start at its first number is not a sub-list.
                while self.stack and self.stack[-1].rank >= 4:
                    self.stack.pop()
            while self.stack and self.stack[-1].rank > rank:
                self.stack.pop()
        if rank <= 3 and not self.stack and self.special is not None:
            self.special = None  # a chapter or clause closes the preamble
        prov = self._provision(b, shape, nxt)
        self.attach(prov)
        self.stack.append(Open(shape, rank, prov))
        self.last = prov
        self.label_of[id(prov)] = (shape, b.ordinal)

    def _resume(self, shape: str, b: Line) -> bool:
        """When ``b`` is the next number of an item list that paragraphs interrupted
        (1. … / text / 2. …), reopen that list: the paragraphs move into its last item, where
        they were read (source order is kept), and ``b`` becomes that item's sibling."""
        if self.interrupted is None or b.ordinal is None:
            return False
        host, closed, start = self.interrupted
        if host is not self.host() or any(not isinstance(c, Para) for c in host.content[start:]):
            return False
        match = [k for k, o in enumerate(closed) if o.shape == shape
                 and self.label_of.get(id(o.prov), ("", None))[1] == b.ordinal - 1]
        if not match:
            return False
        k = match[-1]
        moved = host.content[start:]
        del host.content[start:]
        closed[-1].prov.content.extend(moved)
        self.stack.extend(closed[:k + 1])
        self.interrupted = None
        return True

    def _numbered_parent(self) -> Provision | None:
        """The nearest open numbered provision (unnumbered headings are transparent)."""
        for o in reversed(self.stack):
            if o.shape != "heading":
                return o.prov
        return None

    def _provision(self, b: Line, shape: str, nxt: Line | None) -> Provision:
        parent = self._numbered_parent()
        under_part = parent is None or parent.kind in ("part", "annex")
        key = ascii_digits(b.key)
        if shape in ("part", "annex"):
            n = _int_key(key) if key else ""
            prov = Provision(shape, b.no, num=b.num, key=str(n) if n != "" else "1")
            self._title(prov, b.rest, short_ok=True)
            return prov
        if shape == "chapter-zh" or (shape in ("cn-dun", "num-head") and under_part):
            prov = Provision("chapter", b.no, num=b.num, key=str(_int_key(key)))
            self._title(prov, b.rest, short_ok=True)
            if not prov.title and prov.lead and heading_like(prov.lead_text, 40):
                prov.title, prov.lead = prov.lead, []
            return prov
        if shape == "article":
            prov = Provision("article", b.no, num=b.num, key=str(_int_key(key)))
            self._title(prov, b.rest, short_ok=False)
            return prov
        if shape == "dotted":
            prov = Provision("clause", b.no, num=b.num, key=".".join(_dotted(key)))
            # A short clause line followed by its own text is a title: "8.2.1 法律法规禁止的行为".
            short_ok = nxt is not None and nxt.kind == "text" and not nxt.shape and \
                not BRACKET_TITLE.match(nxt.raw)
            self._title(prov, b.rest, short_ok=short_ok)
            return prov
        if shape == "cn-paren" and not (parent is not None and parent.kind == "article"):
            prov = Provision("section", b.no, num=b.num, key=f"s{cn_to_int(key)}")
            self._title(prov, b.rest, short_ok=True)
            return prov
        if shape in ("cn-dun", "section-zh"):
            prov = Provision("section", b.no, num=b.num, key=f"s{_int_key(key)}")
            self._title(prov, b.rest, short_ok=True)
            return prov
        style = ITEM_STYLE.get(shape, "dot")
        n = b.ordinal
        if shape in ("circled", "cn-paren") and n is not None:
            item_key = str(n)
        elif shape.startswith("roman") and b.key in ROMAN_CHARS and n is not None:
            item_key = int_to_roman(n)
        else:
            item_key = key.lower()
        prov = Provision("item", b.no, num=b.num, key=item_key, style=style)
        prov.lead = self.spans(b.rest, b)
        return prov

    def _title(self, prov: Provision, rest: str, short_ok: bool) -> None:
        m = BRACKET_TITLE.match(rest)
        b = Line(prov.line, rest)
        if m:
            prov.title = self.spans(m.group(1), b)
            prov.lead = self.spans(m.group(2), b) if m.group(2) else []
        elif short_ok and heading_like(rest, 20):
            prov.title = self.spans(rest, b)
        else:
            prov.lead = self.spans(rest, b)

    def _join(self, b: Line) -> bool:
        """Repair a sentence broken across lines: join ``b`` to the previous text."""
        last = self.last
        if b.kind != "text" or last is None or b.no in self.toc:
            return False
        if not b.raw or not HAN_CHAR.match(b.raw[0]) or BRACKET_TITLE.match(b.raw):
            return False
        if isinstance(last, Para):
            if last.role != "p" or not ends_open(last.text):
                return False
            last.spans.extend(self.spans(b.raw, b))
            return True
        if last.kind in ("clause", "item") and last.lead and ends_open(last.lead_text) \
                and not last.children and not last.body:
            last.lead.extend(self.spans(b.raw, b))
            return True
        return False

    def _signature(self, b: Line) -> None:
        part = self.parts[-1] if self.parts else None
        if part is None or part.kind != "signature":
            part = Provision("signature", b.no)
            self.parts.append(part)
        part.content.append(self.para(b))

    def _trailing_signature(self) -> None:
        """Without （正文完）, a last short line naming a company is the signature."""
        if any(p.kind == "signature" for p in self.parts) or not self.parts:
            return
        host = self.parts[-1]
        while host.children and host.content and host.content[-1] is host.children[-1]:
            host = host.children[-1]
        if not host.content or not isinstance(host.content[-1], Para):
            return
        p = host.content[-1]
        t = p.text.strip()
        if p.role == "p" and heading_like(t, 40) and ISSUER.search(t) and "《" not in t:
            host.content.pop()
            self.parts.append(Provision("signature", p.line, content=[p]))


def int_to_roman(n: int) -> str:
    """3 → iii (roman item keys are lower-case ASCII, whatever the source wrote)."""
    out = ""
    for v, r in ((10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= v:
            out, n = out + r, n - v
    return out


def _bracket_alone(b: Line) -> bool:
    """A line that is a 【…】 heading and nothing else."""
    if b.kind != "text" or b.shape:
        return False
    m = BRACKET_TITLE.match(b.raw)
    return bool(m) and not m.group(2)


def _rank(shape: str) -> float:
    return RANK.get(shape, 4)


def _dotted(key: str) -> list[str]:
    return [str(int(x)) if x.isdigit() else x for x in re.split(r"\s?[.．]\s?", ascii_digits(key))]


def _is_prefix(a: list[str], b: list[str]) -> bool:
    return len(a) < len(b) and b[: len(a)] == a


def _int_key(raw: str) -> int | str:
    raw = ascii_digits(raw)
    if raw.isdigit():
        return int(raw)
    n = cn_to_int(raw)
    return n if n is not None else raw
