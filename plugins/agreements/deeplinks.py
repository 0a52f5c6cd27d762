"""What happens to an app's deep links when a new version is published.

    mkdocs build && python -m agreements.deeplinks check links.txt [--site site] [--against DATE]

``links.txt``: one link a line (``#`` starts a comment), as an app ships it: a full URL, a path
``/<slug>/?v=2024-03-15#c-8.4``, or ``<slug>#c-8.4``. A link without ``v=`` was written against the
version the site published before the current one (or ``--against DATE``). For each link the command
reads the built site's ``versions.json`` and ``clauses.json`` and says:

* ``unchanged``: the clause has the same id and text today;
* ``reworded``: same provision, same id, other words (with a short diff);
* ``moved to <id>``: the provision has another id today (with a diff when it was reworded too);
* ``removed``: the provision is gone;
* ``unknown``: no such agreement, version or id.

It exits 1 when a link would land on a different clause: a link without ``v=`` whose provision moved or
was removed while its old id now names another clause (with ``v=`` the site follows the provision), or
an unknown link. Nothing is written.
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from . import routes


@dataclass
class Verdict:
    link: str
    status: str  # unchanged | reworded | moved | removed | unknown
    now: str | None = None
    diff: str = ""
    lands_elsewhere: bool = False

    def line(self) -> str:
        what = f"moved to {self.now}" if self.status == "moved" else self.status
        flag = "  ← lands on a different clause" if self.lands_elsewhere else ""
        return f"{self.link}\t{what}{flag}" + (f"\n    {self.diff}" if self.diff else "")


def parse_link(link: str) -> tuple[str, str, str | None]:
    """(slug, id, v or None) of a link as an app writes it."""
    u = urlsplit(link.strip())
    path = u.path.strip("/")
    slug = path.split("/")[0] if path else ""
    v = parse_qs(u.query).get("v", [None])[0]
    return slug, u.fragment, v


def _read(site: Path, rel: str) -> dict | None:
    path = (site / rel).resolve()
    if site.resolve() not in path.parents or not path.is_file():
        return None  # never outside the site folder
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _texts(index: dict | None) -> dict[str, str]:
    return {c["id"]: c.get("text", "") for c in (index or {}).get("clauses", [])}


def short_diff(old: str, new: str, width: int = 60) -> str:
    """The changed spans of two texts: [-removed-]{+added+}, at most ``width`` characters of each."""
    out = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        if a2 > a1:
            out.append(f"[-{old[a1:a2][:width]}-]")
        if b2 > b1:
            out.append(f"{{+{new[b1:b2][:width]}+}}")
    return " ".join(out)[:400]


def in_force(versions: list[dict], date: str | None) -> dict | None:
    """The version a link dated ``date`` was written against: the latest dated on or before it."""
    if not date:
        return None
    dated = [x for x in versions if x.get("date", "") <= date]
    return max(dated, key=lambda x: x["date"]) if dated else None


def check(site: Path, link: str, against: str | None = None) -> Verdict:
    slug, old_id, v = parse_link(link)
    versions = _read(site, routes.versions_json(slug)) if slug else None
    current = _texts(_read(site, routes.clauses_json(slug))) if slug else {}
    if not current or not old_id:
        return Verdict(link, "unknown", lands_elsewhere=True)
    past = [x for x in (versions or {}).get("versions", []) if not x.get("current")]
    date = v or against or (past[-1]["date"] if past else None)
    every = (versions or {}).get("versions", [])
    ver = in_force(past, date)
    if date and every and date < min(x["date"] for x in every):
        return Verdict(link, "unknown", lands_elsewhere=True)  # before the first version
    if ver is not None and any(x["date"] > ver["date"] and x["date"] <= date for x in every):
        ver = None  # a later version (the current one) was in force that day
    if ver is None:
        # Written against the current version (or the agreement has no past one).
        if old_id in current:
            return Verdict(link, "unchanged", old_id)
        return Verdict(link, "unknown", lands_elsewhere=True)
    old_texts = _texts(_read(site, routes.clauses_json(slug, ver["date"])))
    if old_id not in ver.get("to_current", {}):
        return Verdict(link, "unknown", lands_elsewhere=True)
    now = ver["to_current"][old_id]
    unmapped = v is None  # the site maps only links that name their version
    if now is None:
        return Verdict(link, "removed", None, lands_elsewhere=unmapped and old_id in current)
    # Whether the provision's own words changed is the redline's verdict (versions.json's
    # `kinds`); the texts, which include sub-clauses, only show the difference.
    reworded = ver.get("kinds", {}).get(old_id) == "reworded"
    diff = short_diff(old_texts.get(old_id, ""), current.get(now, "")) if reworded else ""
    if now != old_id:
        return Verdict(link, "moved", now, diff, lands_elsewhere=unmapped and old_id in current)
    return Verdict(link, "reworded" if reworded else "unchanged", now, diff)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m agreements.deeplinks")
    ap.add_argument("command", choices=["check"])
    ap.add_argument("links", type=Path, help="a file of links, one a line")
    ap.add_argument("--site", type=Path, default=Path("site"), help="the built site (default: site)")
    ap.add_argument("--against", help="the version date links without v= were written against")
    a = ap.parse_args(argv)
    try:
        lines = a.links.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        print(f"{a.links}: cannot read: {e}", file=sys.stderr)
        return 2
    if not (a.site / "clauses.json").is_file():
        print(f"{a.site}: no built site here (run mkdocs build first)", file=sys.stderr)
        return 2
    bad = 0
    for raw in lines:
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        verdict = check(a.site, raw.strip(), a.against)
        print(verdict.line())
        bad += verdict.lands_elsewhere
    print(f"{bad} of the links would land on a different clause" if bad else "every link lands where it should",
          file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
