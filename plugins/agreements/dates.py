"""更新日期 / 生效日期 in the shapes real texts use, normalized to ISO dates."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from .model import Agreement, Issue
from .text import ascii_digits

_B = r"[【\[]?\s*"
_E = r"\s*[】\]]?"
DATE = re.compile(
    rf"{_B}(?P<y>\d{{4}}){_E}\s*年\s*{_B}(?P<m>\d{{1,2}}){_E}\s*月\s*{_B}(?P<d>\d{{1,2}}){_E}\s*日"
    r"|(?P<y2>\d{4})\s*[-/.]\s*(?P<m2>\d{1,2})\s*[-/.]\s*(?P<d2>\d{1,2})(?!\d)"
)
LABEL = re.compile(
    r"(?P<label>(?:最近|版本)?更新(?:日期|时间)|生效(?:日期|时间)|发布(?:日期|时间))\s*[:：]?\s*")


@dataclass
class Found:
    updated: str | None = None
    effective: str | None = None
    issues: list[Issue] = field(default_factory=list)


def parse_date(text: str) -> tuple[str | None, str | None]:
    """Return (ISO date, None) or (None, problem) for the first date in ``text``."""
    m = DATE.search(ascii_digits(text))
    if not m:
        return None, None
    y, mo, d = (m.group("y") or m.group("y2"), m.group("m") or m.group("m2"),
                m.group("d") or m.group("d2"))
    try:
        return dt.date(int(y), int(mo), int(d)).isoformat(), None
    except ValueError:
        return None, f"impossible date {y}-{mo}-{d}"


def labelled_dates(text: str) -> list[tuple[str, str]]:
    """Pairs (label kind, text after label) for each 更新日期/生效日期 label in ``text``."""
    out = []
    labels = list(LABEL.finditer(text))
    for i, m in enumerate(labels):
        end = labels[i + 1].start() if i + 1 < len(labels) else len(text)
        kind = "effective" if "生效" in m.group("label") else "updated"
        out.append((kind, text[m.end():end]))
    return out


def find_dates(ag: Agreement) -> Found:
    """Find 更新日期 and 生效日期 in the head lines (or early paragraphs) of a text."""
    found = Found()
    paras = list(ag.head)
    for part in ag.parts[:3]:
        paras.extend(p for p in part.body[:3])
    for p in paras:
        for kind, rest in labelled_dates(p.text):
            iso, problem = parse_date(rest)
            if problem:
                found.issues.append(Issue(ag.path, p.line, "bad-date",
                                          f"{problem} after '{kind}' label; date ignored"))
            if iso and getattr(found, kind) is None:
                setattr(found, kind, iso)
    fm = ag.front_matter
    for kind, key in (("updated", "updated"), ("effective", "effective")):
        if getattr(found, kind) is None and fm.get(key) not in (None, "", "unknown"):
            iso, _ = parse_date(str(fm[key]))
            if iso:
                setattr(found, kind, iso)
    if found.updated and found.effective and found.effective < found.updated:
        found.issues.append(Issue(ag.path, 1, "effective-before-updated",
                                  f"生效日期 {found.effective} is earlier than 更新日期 {found.updated}"))
    return found
