"""Clause-aligned redlines between two versions of an agreement.

Provisions are aligned by content, not only by number: a clause renumbered from
8.5 to 8.4 is *moved*, not deleted and added. Differences inside a clause are
character-level, as is right for Chinese, marked up as insertions and deletions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from markupsafe import Markup

from .memo import cached, digest
from .model import Agreement, Provision
from .render import provision_label
from .templates import DEFAULT, Templates

SIMILAR = 0.55  # SequenceMatcher ratio above which two provisions are the same one, changed
# In the same place (same number or same 【heading】, under the same parent), a reworded
# provision is still the same one at this lower ratio: 手机短信、电话语音（IVR）； → 手机短信；
REWORDED = 0.3


@dataclass
class Row:
    status: str  # unchanged | changed | moved | added | removed
    old: Provision | None
    new: Provision | None
    old_text: str
    new_text: str


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text)


def provisions(ag: Agreement) -> list[Provision]:
    return [p for p in ag.walk() if p.id]


def align(old: Agreement, new: Agreement) -> list[Row]:
    """Rows in the new version's order, removed provisions at their old position.

    The alignment (the costly part: similarity of every unmatched pair) depends only on
    the provisions' ids, kinds and texts, and is kept in the memo under their digest."""
    olds, news = provisions(old), provisions(new)
    key = digest([_place(p) for p in olds], [_place(p) for p in news])
    old_by, new_by = {p.id: p for p in olds}, {p.id: p for p in news}
    return [Row(status, old_by[o] if o else None, new_by[n] if n else None,
                old_by[o].text if o else "", new_by[n].text if n else "")
            for status, o, n in cached("align", key, lambda: _align(olds, news))]


def _place(p: Provision) -> tuple[str, str, str, str, str]:
    """What the alignment reads of a provision (the memo key): id, kind, text, parent, title."""
    return (p.id, p.kind, p.text, p.parent.id if p.parent else "", p.title_text)


def _same_parent(o: Provision, p: Provision, match: dict[str, str]) -> bool:
    op, np_ = o.parent, p.parent
    if op is None or np_ is None:
        return op is None and np_ is None
    return match.get(np_.id) == op.id


def _align(olds: list[Provision], news: list[Provision]) -> tuple[tuple[str, str, str], ...]:
    """(status, old id or "", new id or "") per row."""
    otext = {p.id: p.text for p in olds}
    ntext = {p.id: p.text for p in news}
    match: dict[str, str] = {}  # new id -> old id
    used: set[str] = set()
    # 1. identical text (a renumbered clause keeps its words).
    by_text: dict[str, list[str]] = {}
    for p in olds:
        by_text.setdefault(_norm(otext[p.id]), []).append(p.id)
    for p in news:
        cands = [o for o in by_text.get(_norm(ntext[p.id]), []) if o not in used]
        if cands:
            best = p.id if p.id in cands else cands[0]
            match[p.id] = best
            used.add(best)
    # 2. same id, similar text; 3. best similar text anywhere.
    for p in news:
        if p.id in match or p.id not in otext or p.id in used:
            continue
        # The notice, preamble and signature are one part each, however much they change.
        if p.kind in ("notice", "preamble", "signature") or _ratio(otext[p.id], ntext[p.id]) >= SIMILAR:
            match[p.id] = p.id
            used.add(p.id)
    rest = [o for o in olds if o.id not in used]
    for p in news:
        if p.id in match:
            continue
        best, score = None, SIMILAR
        for o in rest:
            if o.id in used or o.kind != p.kind:
                continue
            r = _ratio(otext[o.id], ntext[p.id])
            if r >= score:
                best, score = o, r
        if best is not None:
            match[p.id] = best.id
            used.add(best.id)
    # 4. Reworded in place: the same number or the same 【heading】 under the matched parent,
    #    one to one, in source order (parents first, so their children can follow).
    for p in news:
        if p.id in match:
            continue
        best, score = None, REWORDED
        for o in olds:
            if o.id in used or o.kind != p.kind or not _same_parent(o, p, match):
                continue
            same_title = bool(o.title_text) and _norm(o.title_text) == _norm(p.title_text)
            if o.id != p.id and not same_title:
                continue
            r = 1.0 if same_title else _ratio(otext[o.id], ntext[p.id], REWORDED)
            if r >= score:
                best, score = o, r
        if best is not None:
            match[p.id] = best.id
            used.add(best.id)
    rows: list[tuple[str, str, str]] = []
    old_order = {p.id: i for i, p in enumerate(olds)}
    pending_removed = [o for o in olds if o.id not in used]
    for p in news:
        oid = match.get(p.id)
        if oid is not None:
            # Emit removed provisions that came before this one in the old order.
            while pending_removed and old_order[pending_removed[0].id] < old_order[oid]:
                rows.append(("removed", pending_removed.pop(0).id, ""))
            same = _norm(otext[oid]) == _norm(ntext[p.id])
            status = ("unchanged" if oid == p.id else "moved") if same else "changed"
            rows.append((status, oid, p.id))
        else:
            rows.append(("added", "", p.id))
    rows.extend(("removed", o.id, "") for o in pending_removed)
    return tuple(rows)


def _ratio(a: str, b: str, floor: float = SIMILAR) -> float:
    sm = SequenceMatcher(None, a, b, autojunk=False)
    if sm.real_quick_ratio() < floor or sm.quick_ratio() < floor:
        return 0.0
    return sm.ratio()


def counts(rows: list[Row]) -> dict[str, int]:
    out = {"added": 0, "removed": 0, "changed": 0, "moved": 0, "unchanged": 0}
    for r in rows:
        out[r.status] += 1
    # A provision both renumbered and reworded counts as changed and moved.
    out["moved"] += sum(1 for r in rows if r.status == "changed" and r.old and r.new and r.old.id != r.new.id)
    return out


def inline_diff(a: str, b: str, *, templates: Templates = DEFAULT) -> str:
    """Character-level diff as HTML, deletions and insertions marked (inline-diff.html).

    The memo keeps the opcodes (text), never HTML: a tampered cache file cannot add markup."""
    return str(_diff(a, b, templates))


def _diff(a: str, b: str, templates: Templates) -> Markup:
    ops = [(op, a[i1:i2], b[j1:j2]) for op, i1, i2, j1, j2 in cached("diff", digest(a, b), lambda: _opcodes(a, b))]
    return templates.macro("inline-diff.html")(ops)


def _opcodes(a: str, b: str) -> tuple[tuple[str, int, int, int, int], ...]:
    return tuple(SequenceMatcher(None, a, b, autojunk=False).get_opcodes())


LABEL = {"added": "新增", "removed": "删除", "changed": "修改", "moved": "移动", "unchanged": "未改动"}


def html(rows: list[Row], old_url: str, new_url: str, *, templates: Templates = DEFAULT) -> str:
    """The redline body: changed rows in full, runs of unchanged rows collapsed (redline.html)."""
    blocks: list[tuple[bool, list[Markup]]] = []
    for r in rows:
        same = r.status == "unchanged"
        row = _row(r, old_url, new_url, templates)
        if same and blocks and blocks[-1][0]:
            blocks[-1][1].append(row)
        else:
            blocks.append((same, [row]))
    return templates.render("redline.html", blocks)


def _row(r: Row, old_url: str, new_url: str, templates: Templates = DEFAULT) -> Markup:
    oid, nid = (r.old.id if r.old else ""), (r.new.id if r.new else "")
    label = LABEL[r.status]
    if r.status == "changed" and oid != nid:
        label = "修改并移动"
    links = []
    if r.old:
        links.append((old_url, oid, provision_label(r.old) or oid))
    if r.new and (not r.old or oid != nid):
        links.append((new_url, nid, provision_label(r.new) or nid))
    diff = _diff(r.old_text, r.new_text, templates) if r.status == "changed" else Markup()
    text = r.old_text if r.status == "removed" else r.new_text
    return templates.macro("redline-row.html")(r.status, label, links, text, diff, f"r-{nid or oid + '-old'}")


def changed_clauses(rows: list[Row]) -> list[tuple[str, str, str]]:
    """(status label, citation, redline row id) of every provision that did not stay as it was."""
    out = []
    for r in rows:
        if r.status == "unchanged":
            continue
        p = r.new or r.old
        assert p is not None
        rid = f"r-{r.new.id if r.new else r.old.id + '-old'}"  # as :func:`_row` names it
        out.append((LABEL[r.status], provision_label(p) or p.id, rid))
    return out


def id_map(rows: list[Row]) -> dict[str, str | None]:
    """Old id → new id (None when the provision was removed): links survive renumbering."""
    out: dict[str, str | None] = {}
    for r in rows:
        if r.old is not None:
            out[r.old.id] = r.new.id if r.new is not None else None
    return out


KIND = {"unchanged": "unchanged", "moved": "moved", "changed": "reworded", "removed": "removed"}


def id_kinds(rows: list[Row]) -> dict[str, str]:
    """Old id → what happened to it (moved | reworded | removed); unchanged ids are left out."""
    return {r.old.id: KIND[r.status] for r in rows
            if r.old is not None and KIND.get(r.status, "unchanged") != "unchanged"}
