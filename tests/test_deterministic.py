"""Two clean builds of the same commit are byte-identical (the sitemap's dates aside)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from conftest import ROOT, build_site


def digest(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file() and not p.name.startswith("sitemap.xml")}


def test_two_builds_are_identical(tmp_path: Path, site: Path) -> None:
    again = tmp_path / "again"
    proc = build_site(ROOT, again)
    assert proc.returncode == 0, proc.stderr
    a, b = digest(site), digest(again)
    assert a.keys() == b.keys()
    differ = [k for k in a if a[k] != b[k]]
    assert not differ, differ[:10]
