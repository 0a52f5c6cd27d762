"""Pass 1 of the ingester: source lines → classified lines.

Each non-blank line gets its numbering *shape* (``cn-dun`` for 一、, ``dotted`` for
8.2.1, ``num-paren`` for （3）, ``circled`` for ③ …), its marker and key, and
whether it reads as a heading. Nothing here decides the hierarchy: that is
:mod:`agreements.hierarchy`, from the shapes a text actually uses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text import CN_NUMERAL as CN
from .text import HAN, HAN_CHAR, ascii_digits, cn_to_int, roman_to_int

D = "0-9０-９"
ROMAN_CHARS = "ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩⅪⅫⅰⅱⅲⅳⅴⅵⅶⅷⅸⅹⅺⅻ"
MEASURE = "个月年日天次号岁时分秒元倍项名位种份家条款页周期代届级度"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

# Rank: how major a shape is. A shape never nests under a shape of a more minor
# rank (a chapter does not open inside an item list); within a rank, the order in
# which a text uses its shapes decides (see hierarchy.py).
RANK = {
    "part": 0, "annex": 0,
    "chapter-zh": 1,
    "article": 2, "cn-dun": 2, "cn-space": 2, "section-zh": 2, "cn-paren": 2,
    "dotted": 3, "num-head": 3,
    "num-dot": 4, "num-paren": 4, "num-half": 4, "circled": 4, "letter": 4,
    "letter-paren": 4, "letter-half": 4, "roman": 4, "roman-paren": 4,
}
# Item shapes → the style the anchor checks and the contract know them by.
ITEM_STYLE = {
    "num-dot": "dot", "num-paren": "paren", "num-half": "halfparen", "circled": "circled",
    "letter": "letter", "letter-paren": "paren", "letter-half": "halfparen", "roman": "roman",
    "roman-paren": "paren", "cn-paren": "cnparen",
}

_END = r"[.．、:：]?"
_DUN = r"[、.．]?\s*"  # the 、 or dot a bracketed label may carry: （一）、


def _ordinal(unit: str) -> str:
    """第 a numeral and a unit: 第三章, 第十二条."""
    return rf"第\s*(?P<key>[{CN}{D}]+)\s*{unit}\s*{_END}\s*"


def _paren(key: str, after: str = "") -> str:
    """A label in brackets: （一）, (3), （iv）."""
    return rf"[(（]\s*(?P<key>{key})\s*[)）]\s*{after}"


# Each shape: its label, the ``key`` group inside it, and where the label alone is not enough,
# what the rest of the line must begin with. The order is the order of trial.
_LABELS: list[tuple[str, str, str]] = [
    ("part", _ordinal("(?:部分|编|篇)"), ""),
    ("annex", rf"(?:附件|附录|附表)\s*(?P<key>[{CN}{D}]*)(?=\s|[：:、.．—\-《【（(]|$)\s*{_END}\s*", ""),
    ("chapter-zh", _ordinal("章"), ""),
    ("section-zh", _ordinal("节"), ""),
    ("article", _ordinal("条"), ""),
    ("cn-dun", rf"(?P<key>[{CN}]+)\s*[、．.]\s*", ""),
    ("cn-paren", _paren(f"[{CN}]+", _DUN), ""),
    ("dotted", rf"(?P<key>[{D}]{{1,3}}(?:[.．][{D}]{{1,3}})+)[.．、]?(?![{D}%％])\s*", ""),
    ("num-dot", rf"(?P<key>[{D}]{{1,3}})\s*[.．、](?![{D}])\s*", ""),
    ("num-paren", _paren(f"[{D}]{{1,3}}", _DUN), ""),
    ("roman-paren", _paren("[ivxlc]{2,6}|[IVXLC]{2,6}"), ""),
    ("letter-paren", _paren("[a-zA-Z]"), ""),
    ("num-half", rf"(?P<key>[{D}]{{1,3}})\s*[)）]\s*", ""),
    ("letter-half", r"(?P<key>[a-zA-Z])\s*[)）]\s*", ""),
    ("circled", rf"(?P<key>[{CIRCLED}])\s*{_DUN}", ""),
    ("roman", rf"(?P<key>[ivxlc]{{1,6}}|[IVXLC]{{1,6}}|[{ROMAN_CHARS}])\s*[.．、](?![A-Za-z]?[.．0-9])\s*", ""),
    ("letter", r"(?P<key>[A-Za-z])\s*[.．、](?![A-Za-z]?[.．0-9])\s*", ""),
    # "1 我们收集的信息" / "一 总则" / "a  您自行提出要求的": a label, a space, then the text
    # (not a quantity: "2 个工作日", "3 年").
    ("num-space", rf"(?P<key>[{D}]{{1,2}})[ \u3000]+", rf"(?![{MEASURE}])(?=[{HAN}]|[A-Za-z]+[{HAN}])"),
    ("cn-space", rf"(?P<key>[{CN}]{{1,3}})[ \u3000]+", rf"(?=[{HAN}])"),
    ("letter-space", r"(?P<key>[A-Za-z])[ \u3000]{2,}", rf"(?=[{HAN}])"),
]
PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (name, re.compile(rf"^(?P<num>{label})(?P<rest>{rest}.*)$")) for name, label, rest in _LABELS]
SPECIAL = [
    ("notice", re.compile(r"^【\s*(更新提示|更新说明|修订说明)\s*】$")),
    ("preamble", re.compile(r"^【?\s*(首部及导言|引言|导言|前言)\s*】?$")),
    ("end", re.compile(r"^[（(]\s*正文完\s*[)）]$")),
]
MD_HEADING = re.compile(r"^(#{1,6})\s+")
BULLET = re.compile(r"^[-*+]\s+(?=[(（]\s*\w{1,6}\s*[)）])")
# In a web clipping: a list bullet before any numbering label (``*   1.1 …``), and the
# ``> `` of a quoted block, are Markdown syntax (tests/helpers.py applies the same rule).
MD_BULLET = re.compile(
    r"^[-*+][ \t]+(?=(?:\*\*)?(?:[(（]|[0-9０-９]|第|[一二三四五六七八九十百]+[、.．]|[①-⑳]|[a-zA-Z][.．、)）]))")
QUOTE = re.compile(r"^[ \t]*(?:>[ \t]?)+")
BOLD_WRAP = re.compile(r"^\*\*(?=\S)")
BRACKET_TITLE = re.compile(r"^(【[^【】\n]*】)\s*(.*)$")
ANNEX_SEP = re.compile(r"^\s*([.．、:：—\-]|$)")
SENTENCE_END = "。；;，,！!？?：:"


@dataclass
class Line:
    """One non-blank source line, classified."""

    no: int
    raw: str  # the line without surrounding whitespace and Markdown heading markers
    kind: str = "text"  # text, num, notice, preamble, end, md-heading, table
    shape: str = ""
    num: str = ""
    key: str = ""
    rest: str = ""
    gap: bool = False  # preceded by a blank line
    md_level: int = 0
    # Characters of Markdown syntax before ``raw`` (``## ``), kept for fidelity checks.
    prefix: str = ""
    bold: bool = False  # the whole line was **bold** in a clipping

    @property
    def rank(self) -> int:
        return RANK.get(self.shape, 9)

    @property
    def ordinal(self) -> int | None:
        return ordinal(self.shape, self.key)


def heading_like(text: str, limit: int = 30) -> bool:
    """A short line without closing punctuation: a title, not a sentence."""
    t = text.strip().rstrip("*").strip()
    return 0 < len(t) <= limit and t[-1] not in SENTENCE_END


def ends_open(text: str) -> bool:
    """True when a line stops mid-sentence, on a Chinese character (broken-line repair)."""
    t = text.rstrip()
    return len(t) >= 20 and bool(HAN_CHAR.match(t[-1]))


def ordinal(shape: str, key: str) -> int | None:
    """The position a label names: 三 → 3, ③ → 3, c → 3, iii → 3, 8.2.1 → 1."""
    k = ascii_digits(key).strip()
    if not k:
        return None
    if shape == "dotted":
        last = re.split(r"[.．]", k)[-1]
        return int(last) if last.isascii() and last.isdigit() else None
    if k.isascii() and k.isdigit():
        return int(k)
    if shape == "circled":
        return CIRCLED.index(k) + 1 if k in CIRCLED else None
    if shape in ("roman", "roman-paren"):
        if k in ROMAN_CHARS:
            return ROMAN_CHARS.index(k) % 12 + 1
        return roman_to_int(k)
    if len(k) == 1 and k.isascii() and k.isalpha():
        return ord(k.lower()) - ord("a") + 1
    return cn_to_int(k)


def classify(no: int, line: str, gap: bool, clipping: bool) -> Line:
    """Classify one source line. Markdown headings are read only in web clippings."""
    prefix = ""
    if clipping:
        q = QUOTE.match(line)
        if q:
            prefix, line = q.group(0), line[q.end():]
    s = line.strip().strip("\u3000").strip()
    md = MD_HEADING.match(s) if clipping else None
    level = 0
    if md:
        level = len(md.group(1))
        prefix, s = prefix + md.group(0), s[md.end():].strip()
    m = (MD_BULLET if clipping else BULLET).match(s)
    if m:
        prefix, s = prefix + m.group(0), s[m.end():]
    b = Line(no, s, gap=gap, md_level=level, prefix=prefix, rest=s)
    # A whole line in bold (a clipping's heading) is read without its markers.
    if clipping and len(s) > 4 and s.startswith("**") and s.endswith("**") and "**" not in s[2:-2]:
        b.bold, s = True, s[2:-2].strip()
        b.raw = b.rest = s
    if level:
        b.kind = "md-heading"
    for kind, pat in SPECIAL:
        if pat.match(s):
            b.kind = kind
            return b
    # A label may open a bold run: **1.1 text** more → label 1.1, rest "**text** more".
    lead = "**" if clipping and BOLD_WRAP.match(s) else ""
    probe = s[len(lead):]
    for shape, pat in PATTERNS:
        m = pat.match(probe)
        if not m:
            continue
        rest = m.group("rest")
        if shape in ("num-dot", "num-half", "letter", "roman", "letter-half") and not rest.strip():
            continue  # "1." alone is not an item
        if shape == "cn-space" and not heading_like(rest, 30):
            continue  # "一 个人" is a sentence that starts with a numeral
        if shape == "annex" and not m.group("key") and rest and not ANNEX_SEP.match(probe[2:]):
            continue  # "附件中的…" is a sentence
        b.kind, b.shape = ("md-heading" if level else "num"), shape
        b.num, b.key = m.group("num").rstrip(), m.group("key")
        b.rest = (lead + rest) if lead and rest else rest
        if shape == "num-space":
            b.shape = "num-head" if heading_like(rest, 30) else "num-dot"
        elif shape == "letter-space":
            b.shape = "letter"
        elif shape == "cn-space":
            b.shape = "cn-dun"
        if shape == "roman" and len(b.key) == 1 and b.key.lower() != "i" and b.key not in ROMAN_CHARS:
            b.shape = "letter"  # c. d. l. v. x. are letters unless a roman list is open
        return b
    return b
