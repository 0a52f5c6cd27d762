"""The site builds the same with ProperDocs, the maintained continuation of MkDocs 1.x.

MkDocs 1.6.1 has had no release since 2024 and MkDocs 2.0 drops plugins; ProperDocs 1.6.7 keeps the
1.x plugin API (it aliases ``mkdocs.*`` to ``properdocs.*``). If the two ever build different pages,
this test names them before the day the project has to move.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): GENERATOR.sub(b"", p.read_bytes())
            for p in sorted(site.rglob("*")) if p.is_file()}


def test_properdocs_builds_the_same_pages(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "properdocs-site"
    proc = subprocess.run([sys.executable, "-m", "properdocs", "build", "--strict", "-f", str(ROOT / "mkdocs.yml"),
                           "-d", str(out)], capture_output=True, text=True, timeout=600,
                          env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    ours, theirs = _files(site), _files(out)
    assert sorted(ours) == sorted(theirs)
    differ = [name for name in ours if ours[name] != theirs[name]]
    assert not differ, differ[:10]
    # The generator meta is the only difference, and it names the engine.
    assert b"ProperDocs" in (out / "index.html").read_bytes()
