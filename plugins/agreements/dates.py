"""更新日期 / 生效日期 anywhere in a text, in the shapes real texts use.

A date counts when a label names it: before it (``更新日期：``, ``最后修订日期:``,
``本次更新发布日期：``, ``更新与生效日期：``, ``隐私政策更新（日期：…）``) or, in a sentence about
the text itself, after it (``本政策于2022年1月19日更新``, ``自…起生效``). 首次发布 is never an
update. Digits may be full-width, spaced or in 【】; separators 年月日 ``.`` ``-`` ``/``; a
date with no day keeps month precision (``2022-07``). When several dates qualify, the
label's priority decides (an update label over a 发布/版本 label), then the first in the text.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from .model import Agreement, Issue
from .text import CN_DIGIT_TABLE, ascii_digits, cn_to_int

_B = r"[【\[]?\s*"
_E = r"\s*[】\]]?"
DATE = re.compile(
    rf"{_B}(?P<y>(?:19|20)\d\d){_E}\s*年\s*{_B}(?P<m>\d{{1,2}}){_E}\s*月(?:\s*{_B}(?P<d>\d{{1,2}}){_E}\s*[日号])?"
    r"|(?<!\d)(?P<y2>(?:19|20)\d\d)\s*(?P<sep>[-/.])\s*(?P<m2>\d{1,2})(?:\s*(?P=sep)\s*(?P<d2>\d{1,2}))?(?![\d.])"
)
# Filler between a label and its date: spaces, brackets, colons, 日期/时间, 为/于/自.
_FILLER = re.compile(r"(?:\s|[【\[（(：:】\]]|日期|时间|为|是|于|自|从)*$")
_LABEL = re.compile(
    r"(?P<pre>首次|最新版本|最近|最新|最后|本次|本版|当前|现行|版本)?"
    r"(?P<words>(?:(?:发布|更新|修订|修改|修正|生效|实施|施行|颁布|公布)(?:日期|时间)?\s*(?:及|与|和|并|/|、|暨|&|＆)?\s*)+"
    r"|版本)$")
# A sentence about the text itself: 本政策于…更新, 本规则于…修订，自…起实施, 我们于…对本政策进行了更新.
_SELF = re.compile(r"(?:^|[\s，,：:])(?:(?:本|此|该|当前|现行|新版?)[^，。；;,]{0,14}"
                   r"(?:政策|协议|指引|规则|声明|条款|须知|办法|公约|规范|版本|版|指南|说明)|我们)")
# A date alone on one of the last lines (above or beside the signature): the text's date of issue.
_BARE = re.compile(r"^\s*[【\[]?\s*(?:19|20)\d\d\s*(?:年[^。；;，,]{0,12}|[-/.]\d{1,2}(?:[-/.]\d{1,2})?)\s*[】\]]?\s*$")
_AFTER = re.compile(r"^\s*[】\]]?\s*(?:起|开始)?\s*(?:正式)?\s*(?:对本\S{0,10}?进行了?)?"
                    r"(?P<verb>生效|实施|施行|更新|修订|发布)")
_ALONE = re.compile(r"^\s*[】\]]?\s*(?:起|开始)?\s*(?:正式)?\s*(?:生效|实施|施行|更新|修订|发布)\s*[。.]?\s*$")
_CN_DATE = re.compile(r"([〇零一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,2})\s*月"
                      r"(?:\s*([一二三四五六七八九十]{1,3})\s*日)?")


def _cn_number(s: str) -> str:
    """十二 → 12, 二十一 → 21, 三 → 3 (months and days)."""
    return str(cn_to_int(s))


def arabic_dates(text: str) -> str:
    """二〇二三年一月一日 → 2023年1月1日 (dates of 办法 and 规则 are often written in numerals)."""
    def repl(m: re.Match[str]) -> str:
        out = f"{m.group(1).translate(CN_DIGIT_TABLE)}年{_cn_number(m.group(2))}月"
        return out + (f"{_cn_number(m.group(3))}日" if m.group(3) else "")
    return _CN_DATE.sub(repl, text)


@dataclass
class Dated:
    """One labelled date: its kind, the label's priority (lower wins) and where it is."""

    kind: str  # updated, effective
    iso: str
    priority: int
    line: int


@dataclass
class Found:
    updated: str | None = None
    effective: str | None = None
    updated_line: int = 0
    effective_line: int = 0
    issues: list[Issue] = field(default_factory=list)


def iso_of(m: re.Match[str]) -> tuple[str | None, str | None]:
    """(ISO date or YYYY-MM, None) or (None, problem) for one DATE match."""
    y = m.group("y") or m.group("y2")
    mo = m.group("m") or m.group("m2")
    d = m.group("d") or m.group("d2")
    try:
        if d is None:
            if not 1 <= int(mo) <= 12:
                raise ValueError
            return f"{int(y):04d}-{int(mo):02d}", None
        return dt.date(int(y), int(mo), int(d)).isoformat(), None
    except ValueError:
        return None, f"impossible date {y}-{mo}" + (f"-{d}" if d else "")


def parse_date(text: str) -> tuple[str | None, str | None]:
    """Return (ISO date, None) or (None, problem) for the first date in ``text``."""
    m = DATE.search(ascii_digits(text))
    return iso_of(m) if m else (None, None)


def _kinds(words: str, pre: str) -> list[tuple[str, int]]:
    """Label words → [(kind, priority)]: 更新/修订 → updated 1; 发布/版本 → updated 2; 生效 → effective."""
    if pre == "首次":
        return []
    out: list[tuple[str, int]] = []
    if re.search(r"更新|修订|修改|修正", words) or pre in ("最后", "最近", "本次") and "发布" in words:
        out.append(("updated", 1))
    elif re.search(r"发布|颁布|公布|版本", words):
        out.append(("updated", 2))
    if re.search(r"生效|实施|施行", words):
        out.append(("effective", 1))
    return out


def line_dates(text: str, line: int) -> tuple[list[Dated], list[str]]:
    """The labelled dates of one line, and problems with dates that a label names."""
    t = arabic_dates(ascii_digits(text))
    found: list[Dated] = []
    problems: list[str] = []
    start = 0
    for m in DATE.finditer(t):
        before = _FILLER.sub("", t[start:m.start()][-24:])
        kinds: list[tuple[str, int]] = []
        lm = _LABEL.search(before)
        if lm:
            kinds = _kinds(lm.group("words"), lm.group("pre") or "")
        else:
            am = _AFTER.match(t[m.end():])
            sentence = re.split(r"[。；;！!？?]", t[:m.start()])[-1]
            if am and (_SELF.search(sentence) or (not sentence.strip() and _ALONE.match(t[m.end():]))):
                kinds = _kinds(am.group("verb"), "")
        start = m.end()
        if not kinds:
            continue
        iso, problem = iso_of(m)
        if problem:
            problems.append(problem)
            continue
        found.extend(Dated(k, iso, p, line) for k, p in kinds)
    return found, problems


def find_dates(ag: Agreement, lines: list[tuple[int, str]]) -> Found:
    """更新日期 and 生效日期 of a text from its numbered source lines (head, body and tail)."""
    found = Found()
    every: list[Dated] = []
    for no, text in lines:
        if not DATE.search(arabic_dates(ascii_digits(text))):
            continue
        dated, problems = line_dates(text, no)
        every.extend(dated)
        for problem in problems:
            found.issues.append(Issue(ag.path, no, "bad-date", f"{problem} after a date label; date ignored"))
    tail = [(no, text) for no, text in lines if text.strip()][-3:]
    for no, text in tail:
        t = arabic_dates(ascii_digits(text))
        m = DATE.search(t)
        if m and _BARE.match(t):
            iso, _ = iso_of(m)
            if iso:
                every.append(Dated("updated", iso, 3, no))
    for kind in ("updated", "effective"):
        best = min((d for d in every if d.kind == kind), key=lambda d: (d.priority, d.line), default=None)
        if best is not None:
            setattr(found, kind, best.iso)
            setattr(found, f"{kind}_line", best.line)
    fm = ag.front_matter
    for kind in ("updated", "effective"):
        if getattr(found, kind) is None and fm.get(kind) not in (None, "", "unknown"):
            iso, _ = parse_date(str(fm[kind]))
            if iso:
                setattr(found, kind, iso)
                setattr(found, f"{kind}_line", 1)
    if found.updated and found.effective and found.effective[:len(found.updated)] < found.updated[:len(
            found.effective)]:
        found.issues.append(Issue(ag.path, found.effective_line or 1, "effective-before-updated",
                                  f"生效日期 {found.effective} is earlier than 更新日期 {found.updated}"))
    return found
