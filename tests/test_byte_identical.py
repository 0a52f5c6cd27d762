"""The plugin builds the site of a base commit byte for byte, except for the changes named in
tests/fixtures/byte-identical.tsv (a restructuring or a cheaper build path changes no byte)."""

from __future__ import annotations

import fnmatch
import subprocess
import sys
from pathlib import Path

import pytest

from agreements.minify import indentation

from conftest import FIXTURES, ROOT

sys.path.insert(0, str(ROOT / "scripts"))
from compare_builds import compare  # noqa: E402


def _listing() -> tuple[str, dict[str, str]]:
    base, intended = "", {}
    for line in (FIXTURES / "byte-identical.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            key, why = line.split("\t", 1)
            if key == "base":
                base = why
            else:
                intended[key] = why
    return base, intended


def test_site_is_byte_identical_to_the_base_commit_but_for_intended_changes(tmp_path: Path) -> None:
    base, intended = _listing()
    known = subprocess.run(["git", "-C", str(ROOT), "cat-file", "-e", f"{base}^{{commit}}"], capture_output=True)
    if known.returncode:
        pytest.skip(f"commit {base} is not in this clone (a shallow clone has no history to compare with)")
    only, changed, n = compare(base, keep=tmp_path)
    assert n > 150
    unexplained = [f for f in changed + only if not any(fnmatch.fnmatch(f, pat) for pat in intended)]
    assert unexplained == [], "files that differ from the base without an intended change"
    for f in changed:
        why = next(w for pat, w in intended.items() if fnmatch.fnmatch(f, pat))
        if why.startswith(("head:", "indent:")):
            old, new = ((tmp_path / side / f).read_bytes() for side in ("site-base", "site-work"))
            if why.startswith("indent:"):  # and the body loses its line indentation, nothing else
                old = indentation(old.decode("utf-8")).encode("utf-8")
            assert old.split(b"</head>", 1)[1] == new.split(b"</head>", 1)[1], f"{f}: the body changed"
