"""The restructured plugin builds the site of the commit before the restructuring, byte for byte,
except for the changes named in tests/fixtures/byte-identical.tsv."""

from __future__ import annotations

import subprocess
import sys

import pytest

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


def test_site_is_byte_identical_to_the_commit_before_the_restructuring() -> None:
    base, intended = _listing()
    known = subprocess.run(["git", "-C", str(ROOT), "cat-file", "-e", f"{base}^{{commit}}"], capture_output=True)
    if known.returncode:
        pytest.skip(f"commit {base} is not in this clone (a shallow clone has no history to compare with)")
    only, changed, n = compare(base)
    assert n > 150 and only == []
    assert sorted(changed) == sorted(intended), "files that differ from the base, and the intended changes"
