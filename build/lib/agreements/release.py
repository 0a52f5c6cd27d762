"""Tag a release from the 更新日期 of the agreements that changed.

    python -m agreements.release [--folder docs/agreements] [--prefix ""] [--dry-run]

Compares HEAD with the latest release tag (or takes every file when there is
none), reads the 更新日期 each changed text states, and creates the tag
``<prefix><更新日期>``. The first release (no tags yet) tags every date the texts
state; later ones refuse when the changed texts state different dates. Texts that
state no 更新日期 are named and left to their evidence dates. Refuses when nothing
dated changed, or when the tag exists.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from . import routes, vcs
from .family import RAW_SUFFIXES
from .parse import DecodeError, parse


def _git(repo: Path, *args: str) -> str:
    return vcs.git(repo, *args).decode()


def plans(folder: Path, prefix: str = "") -> tuple[list[tuple[str, str]], str]:
    """Return ([(tag to create, message)], "") or ([], reason for refusing)."""
    if not routes.TAG_PREFIX.fullmatch(prefix):
        return [], f"tag prefix {prefix!r} must match {routes.TAG_PREFIX.pattern}"
    top = vcs.toplevel(folder)
    if top is None:
        return [], f"{folder} is not in a git checkout"
    rel = folder.resolve().relative_to(top.resolve()).as_posix()
    tags = [tag for _, tag in vcs.release_tags(top, prefix)[0]]
    if tags:
        changed = _git(top, "diff", "--name-only", tags[-1], "HEAD", "--", rel).split()
    else:
        changed = _git(top, "ls-tree", "-r", "--name-only", "HEAD", "--", rel).split()
    changed = [c for c in changed if c.lower().endswith(RAW_SUFFIXES) and "/" not in c[len(rel) + 1:]]
    if not changed:
        return [], f"no agreement under {rel} changed since {tags[-1] if tags else 'the start'}"
    dates: dict[str, list[str]] = {}
    undated: list[str] = []
    for path in changed:
        try:
            data = vcs.git(top, "show", f"HEAD:{path}")
        except subprocess.CalledProcessError:
            continue  # deleted in HEAD
        try:
            ag = parse(data, path)
        except DecodeError as exc:
            return [], f"{path}: {exc}"
        if ag.updated:
            dates.setdefault(ag.updated, []).append(path)
        else:
            undated.append(path)
    skipped = (f" (not dated, so not released by a tag; versioned by an evidence date if one is given: "
               f"{', '.join(undated)})" if undated else "")
    if not dates:
        return [], "no 更新日期 in: " + ", ".join(undated)
    if len(dates) != 1 and tags:
        listing = "; ".join(f"{d}: {', '.join(p)}" for d, p in sorted(dates.items()))
        return [], f"the changed texts state different 更新日期 ({listing}); release them separately"
    out: list[tuple[str, str]] = []
    # The first release tags every 更新日期 the texts state (the text is the truth, the tag the release).
    for date, paths in sorted(dates.items()):
        if not routes.valid_date(date):
            return [], f"更新日期 {date!r} is not a calendar date YYYY-MM-DD; it would become a URL"
        tag = prefix + date
        if tag in tags:
            return [], f"tag {tag} exists already; a changed text needs a new 更新日期"
        out.append((tag, f"Release {date}: " + ", ".join(paths) + skipped))
    return out, ""


def plan(folder: Path, prefix: str = "") -> tuple[str | None, str]:
    """The single tag a release creates, or (None, reason); see :func:`plans`."""
    out, why = plans(folder, prefix)
    if not out:
        return None, why
    if len(out) > 1:
        return None, "a first release creates several tags: " + ", ".join(t for t, _ in out)
    return out[0]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m agreements.release", description=__doc__.split("\n\n")[0])
    ap.add_argument("--folder", default="docs/agreements", type=Path)
    ap.add_argument("--prefix", default="")
    ap.add_argument("--dry-run", action="store_true")
    args = ap.parse_args(argv)
    todo, why = plans(args.folder, args.prefix)
    if not todo:
        print(f"release: refused: {why}", file=sys.stderr)
        return 1
    for tag, message in todo:
        if not args.dry_run:
            _git(args.folder, "tag", "-a", tag, "-m", message)
        print(f"{'would tag' if args.dry_run else 'tagged'} {tag}: {message}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
