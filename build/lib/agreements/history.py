"""Versions: the released states of each text (git tags, see :mod:`vcs`, and the archive
folder) grouped by the 更新日期 each text states, with the compliance checks.

The text is the truth (its 更新日期), the tag is the release. Without git or tags
the site has the current version only.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import routes
from .family import RAW_SUFFIXES
from .model import Agreement, Issue
from .parse import DecodeError, parse, set_evidence
from .vcs import DATE_TAG, Snapshot


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
