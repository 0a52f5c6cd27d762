"""The plugin as a package: its theme ships in the wheel, and a site needs no overrides of its own."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from conftest import ROOT, build_site, make_project

THEME = ROOT / "plugins/agreements/theme"


def test_wheel_ships_the_theme_folder(tmp_path: Path) -> None:
    """``pip install`` of the project alone gives main.html, the partials, the fragments and every asset."""
    src = tmp_path / "src"  # a copy: pip builds in the source tree (build/, *.egg-info)
    shutil.copytree(ROOT / "plugins", src / "plugins", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    shutil.copy(ROOT / "pyproject.toml", src / "pyproject.toml")
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q",
                           "-w", str(tmp_path), str(src)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    (wheel,) = tmp_path.glob("agreements_site-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    ours = {"agreements/theme/" + p.relative_to(THEME).as_posix() for p in THEME.rglob("*") if p.is_file()}
    assert {"agreements/theme/main.html", "agreements/theme/assets/search-worker.js"} <= ours
    assert ours - names == set()
    assert "agreements/plugin.py" in names and "agreements/site.py" in names


def test_site_without_custom_dir_loads_the_plugin_assets(tmp_path: Path) -> None:
    """No overrides/ at all: the plugin's theme folder gives the page its CSS, JS and search worker."""
    project = make_project(tmp_path / "proj", [ROOT / "docs/agreements/tim-software-licence.txt"])
    assert "custom_dir" not in (project / "mkdocs.yml").read_text(encoding="utf-8")
    proc = build_site(project, tmp_path / "out", strict=False)  # the lone text cites others: warnings
    assert proc.returncode == 0, proc.stderr
    out = tmp_path / "out"
    for rel in ("assets/agreements.css", "assets/agreements.js", "assets/search-worker.js", "assets/search-link.js"):
        assert (out / rel).is_file(), rel
    (page,) = [p for p in out.glob("*/index.html") if "agreements.css" in p.read_text(encoding="utf-8")][:1]
    html = page.read_text(encoding="utf-8")
    assert 'src="../assets/agreements.js"' in html and "assets/search-worker.js?p=" in html
    assert "Content-Security-Policy" in html


def test_a_site_overrides_a_fragment_from_its_custom_dir(tmp_path: Path) -> None:
    """overrides/agreements/meta.html replaces the plugin's metadata row; no fragment is published."""
    project = make_project(tmp_path / "proj", [ROOT / "docs/agreements/tim-software-licence.txt"])
    (project / "overrides/agreements").mkdir(parents=True)
    (project / "overrides/agreements/meta.html").write_text(
        "{% macro render(rows, source, copy, note) %}<p class=\"site-meta\">{% for name, value in rows %}"
        "{{ name }}={{ value }};{% endfor %}</p>{% endmacro %}\n", encoding="utf-8")
    yml = project / "mkdocs.yml"
    yml.write_text(yml.read_text(encoding="utf-8").replace("  name: material\n", "  name: material\n  custom_dir: overrides\n"),
                   encoding="utf-8")
    proc = build_site(project, tmp_path / "out", strict=False)
    assert proc.returncode == 0, proc.stderr
    out = tmp_path / "out"
    (page,) = [p for p in out.glob("*/index.html") if "ag-body" in p.read_text(encoding="utf-8") or
               "site-meta" in p.read_text(encoding="utf-8")][:1]
    html = page.read_text(encoding="utf-8")
    assert '<p class="site-meta">' in html and 'class="ag-meta"' not in html
    assert not (out / "agreements").exists()  # the fragments (feed.xml among them) are templates, not files
    assert (out / "feed.xml").read_text(encoding="utf-8").startswith("<?xml")
