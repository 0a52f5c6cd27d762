"""The anchor contract: stable ids for every provision, and numbering checks.

chapter 八、 → ``c-8``; clause 8.2.1 → ``c-8.2.1``; item （3） in 8.2.1 →
``c-8.2.1-3``; section （一） in chapter 2 → ``c-2-s1``; ``preamble``,
``update-notice``, ``signature``. A repeated id keeps the first; later ones get
``-dup2``, ``-dup3`` … (see docs/contract.md).
"""

from __future__ import annotations

import hashlib
import re

from .model import Agreement, Issue, Provision
from .slug import slugify
from .text import roman_to_int

SPECIAL = {"preamble": "preamble", "notice": "update-notice", "signature": "signature"}


def provision_id(p: Provision) -> str:
    """The contract id a provision asks for (before de-duplication).

    Unnumbered headings (kind ``heading``) are transparent: what is numbered under them
    is named as if they were not there. Under a 第一部分 or 附件, ids take its prefix."""
    if p.kind == "preamble" and p.key == "front":
        return "front"
    if p.kind in SPECIAL:
        return SPECIAL[p.kind]
    if p.kind == "part":
        return f"part-{p.key}"
    if p.kind == "annex":
        return f"annex-{p.key}"
    if p.kind == "heading":
        return f"s-{heading_slug(p)}"
    parent = p.parent
    while parent is not None and parent.kind == "heading":
        parent = parent.parent
    scope = _scope(p)
    if p.kind in ("chapter", "clause"):
        return f"{scope}c-{p.key}"
    if p.kind == "article":
        return f"{scope}art-{p.key}"
    if p.kind in ("item", "section") and parent is not None and parent.id:
        return f"{parent.id}-{p.key}"
    if p.kind in ("item", "section"):
        return f"{scope}c-{p.key}"
    return ""


def _scope(p: Provision) -> str:
    """``part-2-`` or ``annex-1-`` for provisions inside a part or an annex, else ''."""
    q = p.parent
    while q is not None:
        if q.kind in ("part", "annex") and q.id:
            return q.id + "-"
        q = q.parent
    return ""


def heading_slug(p: Provision) -> str:
    """The heading's words in pinyin: the id depends on the words, never on the position."""
    text = re.sub(r"^【|】$", "", p.title_text.strip())
    slug = slugify(text) if text else ""
    if not slug or slug == "agreement":
        slug = hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]
    return slug[:60].rstrip("-")


def _ordinal(p: Provision) -> int | None:
    k = p.key.split(".")[-1]
    if k.isdigit():
        return int(k)
    if k.startswith("s") and k[1:].isdigit():
        return int(k[1:])
    if p.style == "roman":
        return roman_to_int(k)
    if len(k) == 1 and k.isalpha():
        return ord(k) - ord("a") + 1
    return None


def assign(ag: Agreement) -> list[Issue]:
    """Give every provision its id; report duplicated, skipped or out-of-order numbers."""
    issues: list[Issue] = []
    seen: dict[str, int] = {}

    def visit(p: Provision) -> None:
        want = provision_id(p)
        if want:
            if want in seen:
                seen[want] += 1
                p.id = f"{want}-dup{seen[want]}"
                while p.id in seen:
                    seen[want] += 1
                    p.id = f"{want}-dup{seen[want]}"
                seen[p.id] = 1
            else:
                seen[want] = 1
                p.id = want
        prev: Provision | None = None
        after_para = False
        for c in p.content:
            if not isinstance(c, Provision):
                after_para = True
                continue
            visit(c)
            if c.kind in ("chapter", "clause", "item", "section"):
                issues.extend(_check_sequence(ag.path, prev, c, after_para))
                prev, after_para = c, False

    prev_top: Provision | None = None
    for part in ag.parts:
        visit(part)
        if part.kind in ("chapter", "clause"):
            issues.extend(_check_sequence(ag.path, prev_top, part, False))
            prev_top = part
    # Statute-style articles (第N条) are numbered through the whole text, across chapters.
    prev_art: Provision | None = None
    for p in ag.walk():
        if p.kind == "article":
            issues.extend(_check_sequence(ag.path, prev_art, p, False))
            prev_art = p
    return issues


def _check_sequence(path: str, prev: Provision | None, cur: Provision, after_para: bool) -> list[Issue]:
    n = _ordinal(cur)
    if n is None:
        return []
    label = cur.key
    if prev is None or prev.kind != cur.kind or (cur.kind == "item" and prev.style != cur.style):
        if n != 1 and cur.kind != "clause":
            return [Issue(path, cur.line, f"number-gap:{cur.id}",
                          f"{cur.kind} {cur.num} starts its list at {n}, not 1")]
        return []
    pn = _ordinal(prev)
    if pn is None:
        return []
    if n == pn + 1:
        return []
    if cur.kind == "item" and n == 1 and after_para:
        return []  # a new list after a paragraph: legitimate restart
    if n == pn:
        return [Issue(path, cur.line, f"duplicate-number:{label}",
                      f"{cur.kind} number {cur.num} repeats the previous one (line {prev.line}); "
                      f"its anchor is '{cur.id}'")]
    if n < pn:
        return [Issue(path, cur.line, f"out-of-order:{label}",
                      f"{cur.kind} number {cur.num} comes after {prev.num} (line {prev.line}); "
                      f"its anchor is '{cur.id}'")]
    return [Issue(path, cur.line, f"number-gap:{label}",
                  f"{cur.kind} number {cur.num} follows {prev.num} (line {prev.line}): "
                  f"{', '.join(str(x) for x in range(pn + 1, min(n, pn + 4)))} missing")]
