"""Build the site at an older commit and at the working tree, and list every file that differs.

Usage: python scripts/compare_builds.py BASE [--family DIR] [--keep]

The check behind "byte-identical" claims in commits (restructuring, a cheaper build path): BASE is
checked out into a temporary worktree (tags and history are the repository's own), both trees build
cold (no memo) with this environment's MkDocs into temporary folders, and the script prints the files
only one side has and the files whose bytes differ, with the first differing line of each. With
``--family DIR`` it builds that project (a ``mkdocs.yml`` folder, e.g. a benchmark family) with the
plugin source of BASE and then of the working tree. Exit status 0 when the builds are identical.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1")


def build(project: Path, plugin_src: Path, out: Path) -> None:
    """``mkdocs build`` of ``project`` with the plugin package found at ``plugin_src`` first."""
    shutil.rmtree(project / ".cache", ignore_errors=True)
    env = dict(ENV, PYTHONPATH=os.pathsep.join([str(plugin_src), ENV.get("PYTHONPATH", "")]))
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml"),
                           "-d", str(out)], capture_output=True, text=True, env=env, cwd=project)
    if proc.returncode:
        sys.exit(f"build of {project} with {plugin_src} failed:\n{proc.stderr[-3000:]}")


def files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def first_difference(a: bytes, b: bytes) -> str:
    for n, (x, y) in enumerate(zip(a.splitlines(), b.splitlines(), strict=False), 1):
        if x != y:
            show = [v.decode("utf-8", "replace").strip()[:100] for v in (x, y)]
            return f"line {n}: {show[0]!r} → {show[1]!r}"
    return f"length {len(a)} → {len(b)}"


def compare(base: str, family: Path | None = None, keep: Path | None = None) -> tuple[list[str], list[str], int]:
    """(files only one side has, files that differ, files at base) of builds at ``base`` and the
    working tree; ``keep`` is a folder to leave both sites in."""
    tmp = Path(tempfile.mkdtemp(prefix="compare-builds-"))
    worktree = tmp / "base"
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(worktree), base], check=True)
    try:
        out = keep or tmp
        old, new = out / "site-base", out / "site-work"
        if family:
            build(family.resolve(), worktree / "plugins", old)
            build(family.resolve(), ROOT / "plugins", new)
        else:
            build(worktree, worktree / "plugins", old)
            build(ROOT, ROOT / "plugins", new)
        before, after = files(old), files(new)
        only = sorted(set(before) ^ set(after))
        changed = [k for k in sorted(set(before) & set(after)) if before[k] != after[k]]
        for k in changed:
            print(f"differs: {k}: {first_difference(before[k], after[k])}")
        for k in only:
            print(f"only in {'base' if k in before else 'working tree'}: {k}")
        return only, changed, len(before)
    finally:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(worktree)], check=False)
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("base")
    ap.add_argument("--family", type=Path, help="a project folder to build with both plugin versions")
    ap.add_argument("--keep", action="store_true", help="keep the two sites and print where they are")
    a = ap.parse_args()
    keep = Path(tempfile.mkdtemp(prefix="compare-builds-kept-")) if a.keep else None
    only, changed, n = compare(a.base, a.family, keep)
    print(f"{n} files at {a.base}, against the working tree: "
          + ("identical" if not only and not changed else f"{len(only) + len(changed)} differ"))
    if keep:
        print(f"sites kept: {keep}")
    return 1 if only or changed else 0


if __name__ == "__main__":
    raise SystemExit(main())
