"""Raw agreement text → :class:`Agreement` tree.

The parser never drops text: every source line ends up in a title, a
provision's number/title/lead, or a paragraph. Repairs (joining a sentence
broken across a blank line, unescaping Markdown) keep every character.
"""

from __future__ import annotations

import hashlib
import pickle
import re
from pathlib import PurePath

from . import anchors, dates, lint, routes
from .hierarchy import DATE_LINE, Builder, chapter_shapes, toc_lines
from .model import Agreement, Issue, Para
from .shapes import MD_HEADING, QUOTE, Line, classify, heading_like
from .text import (
    CONTROL,
    DecodeError,
    decode,
    inline_spans,
    split_front_matter,
    visible_controls,
    word_chars,
)

_KINDS = (r"(?:协议|规则|政策|指引|声明|条款|须知|说明|规范|公约|办法|条例|章程|细则|准则|守则|告知书|规定|授权书|"
          r"承诺书|指南|通知书|确认书|总则|通则|标准|约定|手册)书?")
TITLE_END = re.compile(
    _KINDS + r"(?:\s*(?:[（(【\[][^（()）【】\[\]]{0,20}[）)】\]]|概要|摘要|简版|正文|全文|版))*"
    r"(?:\s*[Vv]?\d+(?:\.\d+)*版?|\s*[-–—]\s*\S{1,6}版)?$")
# A version note right under the title: （2023年修订版）, (V2.0).
VERSION_NOTE = re.compile(r"^[（(][^（）()]{0,20}(?:版|修订|修正|[Vv]\d)[^（）()]{0,10}[）)]$")
BREADCRUMB = re.compile(r"\s[>›»/]\s|[>›»]")
NOT_TITLE = re.compile(
    r"^(欢迎|尊敬|请|详情|感谢|点击|阅读|本|我们|您|你|如|为|根据|依据|特别|提示|注意|更新|若|在|当)")
DEFINED_TITLE = re.compile(
    r"《([^《》\n]{2,40})》\s*[（(]\s*(?:以下|下文)(?:简称|统称|称)?[为：:]?\s*[“\"「]?《?本(?:协议|规则|政策|指引|声明|条款)")
OPENING = 10  # how many opening lines may hold the title
TABLE_ROW = re.compile(r"\S\t+\S")


def _clean(t: str) -> str:
    return t.strip().strip("*").strip()


def title_like(b: Line) -> bool:
    """A line that names the document: short, no closing punctuation, ends in a kind of
    document (…协议, …隐私政策（摘要版）, 《…》隐私保护指引)."""
    if b.shape or b.kind not in ("text", "md-heading"):
        return False
    t = _clean(b.raw)
    if not heading_like(t, 40) or DATE_LINE.match(t) or NOT_TITLE.match(t) or BREADCRUMB.search(t):
        return False
    return bool(TITLE_END.search(re.sub(r"[《》]", "", t)))


def find_title(lines: list[Line], fm_title: str | None) -> int | None:
    """Index of the title line among the opening lines, or None.

    Skips notices, 摘要 labels, dates and blank lines; a short generic line directly above a
    longer title (法律条款 / 爱彼迎中国隐私政策) is a breadcrumb, not the title."""
    fm = _clean(str(fm_title)) if fm_title else ""
    for i, b in enumerate(lines[:OPENING]):
        if b.shape:
            break
        if fm and _clean(b.raw) == fm:
            return i
        if i == 0 and b.md_level == 1:
            return i
        if fm:
            continue
        if title_like(b):
            nxt = lines[i + 1] if i + 1 < len(lines) else None
            if nxt is not None and title_like(nxt) and len(_clean(b.raw)) <= 4 < len(_clean(nxt.raw)):
                return i + 1
            return i
    return None


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
    raw_lines = body.split("\n")
    first = next((ln.strip() for ln in raw_lines if ln.strip()), "")
    clipping = bool(fm) or bool(MD_HEADING.match(first))
    lines = _lines(raw_lines, offset, clipping)

    ag = Agreement(path=path, title="", front_matter=fm, raw=text, issues=issues)
    lines = _head(ag, lines, clipping)
    cn_mode = chapter_shapes(lines)
    toc = toc_lines(lines, cn_mode)
    builder = Builder(lines, toc, clipping, cn_mode)
    ag.parts = builder.run()
    _metadata(ag, [(offset + i + 1, ln) for i, ln in enumerate(raw_lines)])
    issues.extend(anchors.assign(ag))
    _link_toc(ag)
    issues.extend(lint.brackets(ag))
    if not ag.updated and not ag.effective:
        issues.append(Issue(path, 1, "no-date",
                            "no 更新日期 found (更新日期/修订日期/最后更新/本政策于…更新 …); the page says 未注明"))
    return ag


def _lines(raw_lines: list[str], offset: int, clipping: bool) -> list[Line]:
    """Pass 1: non-blank source lines, classified; runs of tab-separated rows are tables."""
    out: list[Line] = []
    gap = True
    for i, line in enumerate(raw_lines):
        if not line.strip() or (clipping and not QUOTE.sub("", line).strip()):
            gap = True
            continue
        out.append(classify(offset + i + 1, line, gap, clipping))
        gap = False
    for i, b in enumerate(out):
        if TABLE_ROW.search(b.raw) and any(
                0 <= j < len(out) and TABLE_ROW.search(out[j].raw) and abs(out[j].no - b.no) == 1
                for j in (i - 1, i + 1)):
            b.kind, b.shape = "table", ""
    return out


def _head(ag: Agreement, lines: list[Line], clipping: bool) -> list[Line]:
    """Pass 2: the title line and the date lines around it go into the page header."""
    k = find_title(lines, ag.front_matter.get("title"))
    if k is None:
        k = -1
        while k + 1 < len(lines) and lines[k + 1].kind == "text" and DATE_LINE.match(lines[k + 1].raw):
            k += 1
        for b in lines[:k + 1]:
            ag.head.append(Para(inline_spans(b.raw, bold=clipping), b.no, "dates"))
        return lines[k + 1:]
    for b in lines[:k]:
        role = "dates" if b.kind == "text" and DATE_LINE.match(b.raw) else "pre"
        ag.head.append(Para(inline_spans(b.raw, bold=clipping), b.no, role))
    t = lines[k]
    ag.head.append(Para(inline_spans(t.raw, bold=clipping, strong=t.bold), t.no, "title"))
    rest = lines[k + 1:]
    while rest and rest[0].kind == "text" and not rest[0].shape and (
            DATE_LINE.match(rest[0].raw) or VERSION_NOTE.match(rest[0].raw.strip())):
        ag.head.append(Para(inline_spans(rest[0].raw, bold=clipping), rest[0].no, "dates"))
        rest = rest[1:]
    return rest


def _link_toc(ag: Agreement) -> None:
    """Each table-of-contents entry points at the section it lists (it takes no id itself)."""
    by_text: dict[str, str] = {}
    by_num: dict[str, str] = {}
    for p in ag.walk():
        if p.id and p.kind not in ("toc", "preamble", "notice", "signature"):
            by_text.setdefault(word_chars(p.title_text or p.lead_text), p.id)
            by_num.setdefault(word_chars(p.num + (p.title_text or p.lead_text)), p.id)
    for part in ag.parts:
        if part.kind != "toc":
            continue
        for para in part.body:
            t = word_chars(para.text)
            para.ref = by_num.get(t) or by_text.get(word_chars(re.sub(r"^\s*\S+?[、.．)）]\s*", "", para.text))) or ""


EVIDENCE_KINDS = ("采集日期", "最早可见")


def set_evidence(ag: Agreement, date: object, kind: object = None) -> None:
    """Give an undated text an evidence date (front matter, registry or archive file name);
    never when the text states its own 更新日期."""
    if ag.updated or ag.evidence_date or date in (None, ""):
        return
    iso, problem = dates.parse_date(str(date))
    if iso is None:
        ag.issues.append(Issue(ag.path, 1, "evidence-date", f"evidence_date {str(date)!r} is not a date "
                               f"({problem or 'no date found'}); ignored"))
        return
    ag.evidence_date = iso
    ag.evidence_kind = str(kind) if kind in EVIDENCE_KINDS else EVIDENCE_KINDS[0]


def _metadata(ag: Agreement, numbered_lines: list[tuple[int, str]]) -> None:
    fm = ag.front_matter
    title_para = next((p for p in ag.head if p.role == "title"), None)
    if fm.get("title") and str(fm["title"]).strip():
        ag.title, ag.title_source = str(fm["title"]).strip(), "front-matter"
    elif title_para is not None:
        # 《XX用户服务协议》（以下简称“本协议”）: the defining phrase is not part of the title.
        ag.title = re.sub(r"\s*[（(]\s*(?:以下|下文)(?:简称|统称|称)[^（）()]*[）)]\s*$", "", title_para.text.strip())
    else:
        m = DEFINED_TITLE.search(ag.raw)
        if m:
            ag.title, ag.title_source = m.group(1).strip(), "defined"
        else:
            ag.title, ag.title_source = PurePath(ag.path).stem, "file"
            ag.issues.append(Issue(ag.path, 1, "no-title",
                                   "no title found (front matter 'title', a title line among the opening "
                                   "lines, 《…》（以下简称“本协议”） or the registry's 'file'); using the file name"))
    found = dates.find_dates(ag, numbered_lines)
    ag.updated, ag.effective = found.updated, found.effective
    ag.updated_line, ag.effective_line = found.updated_line, found.effective_line
    ag.issues.extend(found.issues)
    set_evidence(ag, fm.get("evidence_date"), fm.get("evidence_kind"))
    # 来源 is the issuer's own address (front matter url); where this copy was found (source) is
    # provenance, shown in small print. Both are checked like a registry url.
    for key in ("url", "source"):
        v = fm.get(key)
        if not (isinstance(v, str) and re.match(r"https?://", v.strip())):
            continue
        url, _, note = v.strip().partition(" ")
        if not routes.valid_url(url):
            ag.issues.append(Issue(ag.path, 1, f"front-matter-url:{key}", f"front matter '{key}' {url!r} dropped: "
                                   "only http://, https:// and mailto: addresses are published"))
        elif key == "url":
            ag.source_url = url
        else:
            note = note.strip()
            ag.archive_url = url
            ag.archive_note = note[1:-1].strip() if note.startswith("(") and note.endswith(")") else note
    sig = next((p for p in ag.parts if p.kind == "signature"), None)
    if sig is not None and sig.body:
        ag.issuer = sig.body[-1].text.strip()


__all__ = ["parse", "DecodeError"]


class Reparser:
    """:func:`parse` for a process that builds again and again (``mkdocs serve``): an input seen
    before (the same bytes at the same path) comes back as a fresh copy of its first parse, never
    the same object, since later stages annotate what parse returns. The copies are pickled by
    this process itself and live only in its memory; inputs a build did not ask for are dropped
    after it (:meth:`end_build`)."""

    def __init__(self) -> None:
        self._kept: dict[tuple[str, bytes], bytes] = {}
        self._asked: set[tuple[str, bytes]] = set()

    def __call__(self, data: bytes | str, path: str = "<text>") -> Agreement:
        raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
        key = (path, hashlib.sha256(raw).digest())
        self._asked.add(key)
        kept = self._kept.get(key)
        if kept is not None:
            return pickle.loads(kept)  # noqa: S301 - bytes this object pickled itself, in memory
        kept = self._kept[key] = pickle.dumps(parse(data, path), protocol=pickle.HIGHEST_PROTOCOL)
        # A copy even the first time: every build then holds objects shared alike (pickle keeps
        # one object once), so a digest of the linked model (Site's kept pages) is the same.
        return pickle.loads(kept)  # noqa: S301 - bytes this object pickled itself, in memory

    def end_build(self) -> None:
        self._kept = {k: v for k, v in self._kept.items() if k in self._asked}
        self._asked = set()
