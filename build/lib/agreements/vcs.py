"""Git, read-only but for one tag: the released states of the raw agreements.

Shared by the build (every tagged text, :func:`read_tags`) and the release command
(:mod:`agreements.release`). Always an argument list, never a shell string, so a tag
name is never interpreted.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from . import routes
from .family import RAW_SUFFIXES

DATE_TAG = re.compile(r"(\d{4}-\d{2}-\d{2})$")


@dataclass
class Snapshot:
    """One file as released by one tag."""

    tag: str
    tag_date: str
    name: str  # file name inside the agreements folder
    data: bytes


def git(repo: Path, *args: str, data: bytes | None = None) -> bytes:
    """git with an argument list (never a shell string): tag names are never interpreted."""
    return subprocess.run(["git", "-C", str(repo), *args], input=data, capture_output=True,
                          check=True, timeout=120).stdout


def toplevel(folder: Path) -> Path | None:
    """The checkout ``folder`` lies in, or None outside git (or without git)."""
    try:
        return Path(git(folder, "rev-parse", "--show-toplevel").decode().strip())
    except (OSError, subprocess.SubprocessError):
        return None


def release_tags(top: Path, prefix: str = "") -> tuple[list[tuple[str, str]], list[str]]:
    """(date, tag) of every tag ``<prefix>YYYY-MM-DD``, sorted, and the tags that look like
    releases but name no calendar date (2025-13-45)."""
    refs = git(top, "for-each-ref", "--format=%(refname:short)", "refs/tags").decode().split()
    tags, ignored = [], []
    for ref in refs:
        if ref.startswith(prefix):
            m = DATE_TAG.match(ref[len(prefix):])
            if m and routes.valid_date(m.group(1)):
                tags.append((m.group(1), ref))
            elif m:
                ignored.append(ref)
    return sorted(tags), sorted(ignored)


def read_tags(folder: Path, prefix: str = "") -> tuple[list[Snapshot], str | None]:
    """All raw files of ``folder`` at every tag ``<prefix>YYYY-MM-DD``.

    Returns (snapshots, notice). One ``for-each-ref``, one ``ls-tree`` per tag and a
    single ``cat-file --batch`` for every blob; never a process per file.
    """
    top = toplevel(folder)
    if top is None:
        return [], "not a git checkout: only the current version is published"
    rel = folder.resolve().relative_to(top.resolve()).as_posix()
    tags, ignored = release_tags(top, prefix)
    note = f"ignoring tags that are not calendar dates: {', '.join(ignored)}" if ignored else None
    if not tags:
        return [], note or "no release tags: only the current version is published"
    wanted: list[tuple[str, str, str, str]] = []  # (tag, date, name, blob sha)
    for date, tag in tags:
        listing = git(top, "ls-tree", "-z", f"{tag}^{{tree}}", "--", rel + "/").decode("utf-8", "replace")
        for entry in listing.split("\0"):
            if not entry:
                continue
            meta, path = entry.split("\t", 1)
            mode, kind, sha = meta.split()
            name = path[len(rel) + 1:]
            # 120000: a committed symlink (its blob is the target's path, never published).
            if kind == "blob" and mode != "120000" and "/" not in name and name.lower().endswith(RAW_SUFFIXES):
                wanted.append((tag, date, name, sha))
    blobs = _cat_batch(top, sorted({w[3] for w in wanted}))
    return [Snapshot(t, d, n, blobs[s]) for t, d, n, s in wanted], note


def _cat_batch(repo: Path, shas: list[str]) -> dict[str, bytes]:
    out = git(repo, "cat-file", "--batch", data=("\n".join(shas) + "\n").encode())
    blobs: dict[str, bytes] = {}
    pos = 0
    for sha in shas:
        nl = out.index(b"\n", pos)
        header = out[pos:nl].decode().split()
        size = int(header[2])
        blobs[sha] = out[nl + 1:nl + 1 + size]
        pos = nl + 1 + size + 1
    return blobs
