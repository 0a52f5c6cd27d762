"""Versions from git tags: read every tagged state of the raw agreements in one batch,
group them into versions by the 更新日期 each text states, and check compliance.

The text is the truth (its 更新日期), the tag is the release. Without git or tags
the site has the current version only.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import routes
from .family import RAW_SUFFIXES
from .model import Agreement, Issue
from .pages import notice_text
from .parse import DecodeError, parse, set_evidence

DATE_TAG = re.compile(r"(\d{4}-\d{2}-\d{2})$")


@dataclass
class Snapshot:
    """One file as released by one tag."""

    tag: str
    tag_date: str
    name: str  # file name inside the agreements folder
    data: bytes


@dataclass
class Version:
    """One version of one agreement: a distinct 更新日期."""

    date: str  # 更新日期 (ISO); the version URL segment
    agreement: Agreement
    tags: list[str] = field(default_factory=list)
    current: bool = False


@dataclass
class History:
    name: str  # file name
    versions: list[Version]  # oldest first; the last is the current one

    @property
    def current(self) -> Version:
        return self.versions[-1]

    @property
    def past(self) -> list[Version]:
        return [v for v in self.versions if not v.current]


def _git(repo: Path, *args: str, data: bytes | None = None) -> bytes:
    """git with an argument list (never a shell string): tag names are never interpreted."""
    return subprocess.run(["git", "-C", str(repo), *args], input=data, capture_output=True,
                          check=True, timeout=120).stdout


def read_tags(folder: Path, prefix: str = "") -> tuple[list[Snapshot], str | None]:
    """All raw files of ``folder`` at every tag ``<prefix>YYYY-MM-DD``.

    Returns (snapshots, notice). One ``for-each-ref``, one ``ls-tree`` per tag and a
    single ``cat-file --batch`` for every blob; never a process per file.
    """
    try:
        top = Path(_git(folder, "rev-parse", "--show-toplevel").decode().strip())
    except (OSError, subprocess.SubprocessError):
        return [], "not a git checkout: only the current version is published"
    rel = folder.resolve().relative_to(top.resolve()).as_posix()
    refs = _git(top, "for-each-ref", "--format=%(refname:short)", "refs/tags").decode().split()
    tags = []
    ignored = []
    for ref in refs:
        if ref.startswith(prefix):
            m = DATE_TAG.match(ref[len(prefix):])
            if m and routes.valid_date(m.group(1)):
                tags.append((m.group(1), ref))
            elif m:
                ignored.append(ref)  # 2025-13-45: looks like a release, is not a date
    note = f"ignoring tags that are not calendar dates: {', '.join(sorted(ignored))}" if ignored else None
    if not tags:
        return [], note or "no release tags: only the current version is published"
    wanted: list[tuple[str, str, str, str]] = []  # (tag, date, name, blob sha)
    for date, tag in sorted(tags):
        listing = _git(top, "ls-tree", "-z", f"{tag}^{{tree}}", "--", rel + "/").decode("utf-8", "replace")
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


ARCHIVE = "archive"
ARCHIVE_FILE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:\.[\w-]+)*$")


def read_archive(folder: Path, root: Path | None = None) -> tuple[list[Snapshot], list[Issue]]:
    """Past versions kept as files: ``<folder>/archive/<file name>/<YYYY-MM-DD>.<ext>``.

    For texts whose past predates the repository's tags (a fresh clone carries none). The
    date in the file name is the evidence date of a text that states no 更新日期 (最早可见
    unless its front matter says otherwise); a text that states one is grouped by it."""
    base = folder / ARCHIVE
    out: list[Snapshot] = []
    issues: list[Issue] = []
    if not base.is_dir():
        return out, issues
    for sub in sorted(p for p in base.iterdir() if p.is_dir()):
        for f in sorted(sub.iterdir()):
            if not f.is_file() or not f.name.lower().endswith(RAW_SUFFIXES):
                continue
            m = ARCHIVE_FILE.match(f.name.rsplit(".", 1)[0])
            if not m or not routes.valid_date(m.group(1)):
                issues.append(Issue(str(f), 1, "archive-name", "an archived version is named "
                                    "<YYYY-MM-DD>.<ext> (the date of the version or of its evidence); ignored"))
                continue
            if root is not None:
                routes.inside_project(f, root, "archived version")
            out.append(Snapshot(f"{ARCHIVE}/{m.group(1)}", m.group(1), sub.name, f.read_bytes()))
    return out, issues


def _cat_batch(repo: Path, shas: list[str]) -> dict[str, bytes]:
    out = _git(repo, "cat-file", "--batch", data=("\n".join(shas) + "\n").encode())
    blobs: dict[str, bytes] = {}
    pos = 0
    for sha in shas:
        nl = out.index(b"\n", pos)
        header = out[pos:nl].decode().split()
        size = int(header[2])
        blobs[sha] = out[nl + 1:nl + 1 + size]
        pos = nl + 1 + size + 1
    return blobs


def build(current: list[Agreement], snapshots: list[Snapshot], folder_rel: str,
          parser: Callable[[bytes, str], Agreement] = parse) -> tuple[list[History], list[Issue]]:
    """Group tagged texts and the working tree into versions; report compliance problems.
    ``parser`` parses one past text (:class:`parse.Reparser` under ``mkdocs serve``)."""
    issues: list[Issue] = []
    parsed: dict[bytes, Agreement] = {}
    by_name: dict[str, list[Snapshot]] = {}
    for s in snapshots:
        by_name.setdefault(s.name, []).append(s)
    tag_dates: dict[str, set[str]] = {}
    histories = []
    for ag in current:
        name = Path(ag.path).name
        versions: dict[str, Version] = {}
        previous: tuple[str, bytes, str | None] | None = None  # (tag, data, updated)
        for snap in sorted(by_name.get(name, []), key=lambda s: s.tag_date):
            where = f"{folder_rel}/{name}@{snap.tag}"
            old = parsed.get(snap.data)
            if old is None:
                try:
                    old = parser(snap.data, where)
                except DecodeError as exc:
                    issues.append(Issue(where, 1, "history-decode", str(exc)))
                    continue
                old.slug = ag.slug
                if snap.tag.startswith(ARCHIVE + "/"):
                    kind = old.front_matter.get("evidence_kind") or "最早可见"
                    set_evidence(old, snap.tag_date, kind)
                parsed[snap.data] = old
            if not snap.tag.startswith(ARCHIVE + "/"):
                tag_dates.setdefault(snap.tag, set()).add(old.updated or "")
            if previous is not None:
                ptag, pdata, pupdated = previous
                if pdata != snap.data and pupdated == old.version_date:
                    issues.append(Issue(where, 1, f"silent-edit:{name}@{snap.tag}",
                                        f"text changed between tags {ptag} and {snap.tag} but its 更新日期 "
                                        f"({old.updated or '未注明'}) did not: a silent edit of a published version"))
                if pupdated and old.updated and old.updated < pupdated:
                    issues.append(Issue(where, 1, f"date-backwards:{name}@{snap.tag}",
                                        f"更新日期 {old.updated} at {snap.tag} is earlier than {pupdated} "
                                        f"at {ptag}"))
            previous = (snap.tag, snap.data, old.version_date)
            if not old.version_date:
                continue
            v = versions.get(old.version_date)
            if v is None:
                versions[old.version_date] = Version(old.version_date, old, [snap.tag])
            else:
                v.agreement = old  # the latest release of that 更新日期
                v.tags.append(snap.tag)
        cur_date = ag.version_date or "current"
        if previous is not None and ag.version_date and previous[2] and ag.version_date < previous[2]:
            issues.append(Issue(ag.path, 1, f"date-backwards:{name}",
                                f"更新日期 {ag.version_date} is earlier than {previous[2]} released at {previous[0]}"))
        versions.pop(cur_date, None)
        ordered = [versions[d] for d in sorted(versions)]
        ordered.append(Version(cur_date, ag, [], current=True))
        histories.append(History(name, ordered))
    for tag, dates in sorted(tag_dates.items()):
        m = DATE_TAG.search(tag)
        if m and m.group(1) not in dates:
            issues.append(Issue(tag, 1, f"tag-date:{tag}",
                                f"tag {tag} releases no text whose 更新日期 is {m.group(1)} "
                                f"(its texts say {', '.join(sorted(d or '未注明' for d in dates))})"))
    return histories, issues


# -- pages ------------------------------------------------------------------

@dataclass
class VersionPage:
    kind: str  # past | history | compare
    history: History
    old: Version | None = None
    new: Version | None = None


def pages(histories: list[History]) -> dict[str, VersionPage]:
    """src path → page: every past version, a history page, and redlines (each version
    against its predecessor, and each past version against the current one)."""
    out: dict[str, VersionPage] = {}
    for h in histories:
        if not h.past:
            continue
        slug = h.current.agreement.slug
        out[f"{slug}/history.md"] = VersionPage("history", h)
        for i, v in enumerate(h.versions):
            if not v.current and not routes.valid_version(v.date):
                continue  # never a URL segment that is not a date (parse gives YYYY-MM-DD or YYYY-MM)
            if not v.current:
                out[f"{slug}/{v.date}.md"] = VersionPage("past", h, new=v)
                cur = h.current
                out[f"{slug}/compare/{v.date}/{cur.date}.md"] = VersionPage("compare", h, v, cur)
            if i:
                prev = h.versions[i - 1]
                out[f"{slug}/compare/{prev.date}/{v.date}.md"] = VersionPage("compare", h, prev, v)
    return out


def version_url(slug: str, v: Version) -> str:
    return f"{slug}/" if v.current else f"{slug}/{v.date}/"


def compare_url(slug: str, old: Version, new: Version) -> str:
    return f"{slug}/compare/{old.date}/{new.date}/"


# -- derived data: history page rows, feed entries, versions.json ------------------

Changes = Callable[[Version, Version], dict[str, int]]


def timeline(h: History, url: Callable[[str], str], changes: Changes) -> list[dict]:
    """Rows of the history page, oldest first. ``url`` makes a site path relative to the
    page; ``changes(old, new)`` gives the redline counts."""
    slug = h.current.agreement.slug
    rows = []
    for i, v in enumerate(h.versions):
        prev = h.versions[i - 1] if i else None
        rows.append({
            "date": v.date, "effective": v.agreement.effective, "current": v.current,
            # 更新日期 when the text states it; else the kind of evidence the date is.
            "date_kind": "更新日期" if v.agreement.updated else (v.agreement.evidence_kind or ""),
            "url": url(version_url(slug, v)), "notice": notice_text(v.agreement),
            "counts": changes(prev, v) if prev else None,
            "compare_url": url(compare_url(slug, prev, v)) if prev else "",
            # "Since then": past versions other than the one the previous link already covers.
            "since_url": (url(compare_url(slug, v, h.current))
                          if not v.current and v is not h.versions[-2] else ""),
        })
    return rows


def feed_entries(ag: Agreement, h: History | None, root: str,
                 changes: Callable[[Version, Version], list[tuple[str, str, str]]] | None = None) -> list[dict]:
    """One Atom entry per dated version, linked to its redline (the first to its page), naming
    the clauses that changed (``changes(old, new)``: status, citation, redline row id)."""
    versions = h.versions if h else [Version(ag.updated or "", ag, current=True)]
    entries = []
    for i, v in enumerate(versions):
        if not routes.valid_version(v.date):
            continue  # a text with neither an 更新日期 nor an evidence date ("current") has no entry
        url = root + (compare_url(ag.slug, versions[i - 1], v) if i else version_url(ag.slug, v))
        changed = [(s, c, f"{url}#{rid}") for s, c, rid in changes(versions[i - 1], v)] if i and changes else []
        entries.append({"title": f"《{ag.title}》更新（{v.date}）", "date": v.date,
                        "effective": v.agreement.effective, "url": url, "changes": changed,
                        # 更新日期 when the text states it; else the kind of evidence the date is.
                        "date_kind": "更新日期" if v.agreement.updated else (v.agreement.evidence_kind or "日期"),
                        "notice": notice_text(v.agreement), "id": f"{root}{ag.slug}/{v.date}"})
    return entries


def versions_index(h: History, base: str, to_current: Callable[[Version], dict],
                   kinds: Callable[[Version], dict] | None = None) -> dict:
    """versions.json: every version and, for past ones, old id → current id (or null) and
    what happened to each id that did not stay as it was (moved | reworded | removed)."""
    slug = h.current.agreement.slug
    out = []
    for v in h.versions:
        item: dict = {"date": v.date, "effective": v.agreement.effective, "current": v.current,
                      "url": base + version_url(slug, v)}
        if not v.current:
            item["to_current"] = to_current(v)
            if kinds is not None:
                item["kinds"] = kinds(v)
        out.append(item)
    return {"title": h.current.agreement.title, "current": h.current.date, "versions": out}
