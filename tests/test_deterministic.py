"""Two clean builds of the same commit are byte-identical (the sitemap's dates aside)."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
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


def test_memo_never_changes_the_site(tmp_path: Path, site: Path) -> None:
    """Cold (no cache), warm (replaying the answers the cold build kept), corrupted answers,
    and a corrupted memo without answers: every build of a copy of the project is
    byte-identical to the project's own build."""
    proj = tmp_path / "proj"
    for part in ("docs", "overrides"):
        shutil.copytree(ROOT / part, proj / part)
    shutil.copy(ROOT / "mkdocs.yml", proj / "mkdocs.yml")
    expected = digest(site)
    cache = proj / ".cache/plugin/agreements"
    cold = build_site(proj, tmp_path / "cold")
    assert cold.returncode == 0, cold.stderr
    memo_files, answers = list(cache.glob("memo-*.json")), list(cache.glob("answers-*.json"))
    assert len(memo_files) == 1 and len(answers) == 1
    warm = build_site(proj, tmp_path / "warm")
    assert warm.returncode == 0, warm.stderr
    assert "replayed: no input changed" in warm.stderr, warm.stderr
    answers[0].write_text('{"digest": "x", "answers": {"sources": [["qq.md", "#"]]', encoding="utf-8")
    garbled = build_site(proj, tmp_path / "garbled")
    assert garbled.returncode == 0 and "replayed" not in garbled.stderr, garbled.stderr
    assert re.search(r"memo: [1-9]\d* reused, 0 computed", garbled.stderr), garbled.stderr
    for f in cache.glob("answers-*.json"):
        f.unlink()
    memo_files[0].write_text('{"slug": {"QQ软件许可及服务协议": "wrong"}, "words": []', encoding="utf-8")
    broken = build_site(proj, tmp_path / "broken")
    assert broken.returncode == 0, broken.stderr
    for out in ("cold", "warm", "garbled", "broken"):
        got = digest(tmp_path / out)
        assert got.keys() == expected.keys(), out
        assert [k for k in got if got[k] != expected[k]] == [], out


WARM_PROBE = """
import sys, jieba
from mkdocs.commands.build import build
from mkdocs.config import load_config
cfg = load_config(sys.argv[1], site_dir=sys.argv[2])
cfg.plugins.on_startup(command="build", dirty=False)
build(cfg)
print(jieba.dt.initialized, "pypinyin" in sys.modules)
"""


def test_warm_build_loads_neither_jieba_dictionary_nor_pypinyin(tmp_path: Path, site: Path) -> None:
    """The point of the memo: with nothing new to compute, the 0.7 s dictionary load and the
    0.3 s pypinyin import never happen (Material's search plugin indexes no page itself)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    proc = subprocess.run([sys.executable, "-c", WARM_PROBE, str(ROOT / "mkdocs.yml"), str(tmp_path / "s")],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split()[-2:] == ["False", "False"], proc.stdout + proc.stderr
