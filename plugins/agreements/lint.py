"""Checks on a parsed text that a legal team can act on: unbalanced 《》【】（）.

Each problem is a warning with file and line; the text is always published as written.
"""

from __future__ import annotations

import re

from .model import Agreement, Issue, Provision, spans_text

PAIRS = {"《": "》", "【": "】", "（": "）"}
CLOSERS = {v: k for k, v in PAIRS.items()}


_MARKS = re.compile("[" + "".join(PAIRS) + "".join(CLOSERS) + "]")  # every mark the check walks


def unbalanced(text: str) -> str | None:
    """The first unbalanced mark of a line: an opener never closed or a stray closer."""
    stack: list[str] = []
    for ch in _MARKS.findall(text):  # the marks only: every other character leaves the stack be
        if ch in PAIRS:
            stack.append(ch)
        elif ch in CLOSERS:
            if stack and stack[-1] == CLOSERS[ch]:
                stack.pop()
            elif CLOSERS[ch] in stack:
                # A mark closed out of turn: 《a【b》 — the inner opener is the problem.
                return stack[-1]
            elif ch == "）":
                continue  # 1）and a）are item labels, and a stray ） is common and harmless
            else:
                return ch
    return stack[0] if stack else None


def _texts(p: Provision) -> list[tuple[int, str]]:
    """The lines shown of a provision; its title and lead as one (a 《 may open in one and close in the other)."""
    out = [(p.line, p.title_text + p.lead_text)] if (p.title or p.lead) else []
    return out + [(line, spans_text(spans)) for _, what, line, spans in p.span_lists()
                  if what not in ("title", "lead", "dup")]


def brackets(ag: Agreement) -> list[Issue]:
    """One warning per line whose 《》【】（） do not balance."""
    issues: list[Issue] = []
    seen: set[int] = set()
    lines = [(p.line, p.text) for p in ag.head]
    for prov in ag.walk():
        lines.extend(_texts(prov))
    for no, text in sorted(lines):
        mark = unbalanced(text)
        if mark is None or no in seen:
            continue
        seen.add(no)
        what = f"'{mark}' is never closed" if mark in PAIRS else f"'{mark}' closes nothing"
        issues.append(Issue(ag.path, no, f"unbalanced:{mark}", f"{what} on this line; check the text"))
    return issues
