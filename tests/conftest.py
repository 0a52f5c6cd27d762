"""Shared fixtures: one strict build of the project's own site, served on loopback."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]


def build_site(project: Path, site_dir: Path, strict: bool = True) -> subprocess.CompletedProcess:
    """Run ``mkdocs build`` the way a user does; return the finished process."""
    cmd = [sys.executable, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml"),
           "-d", str(site_dir)]
    if strict:
        cmd.append("--strict")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=600)


def make_project(tmp: Path, raw_files: list[Path], registry: str | None = None) -> Path:
    """A minimal project using the plugin, with the given raw agreements."""
    (tmp / "docs" / "agreements").mkdir(parents=True)
    for f in raw_files:
        shutil.copyfile(f, tmp / "docs" / "agreements" / f.name)
    (tmp / "docs" / "index.md").write_text("# 首页\n\n<!-- agreements:family -->\n", encoding="utf-8")
    if registry is not None:
        (tmp / "docs" / "agreements.yml").write_text(registry, encoding="utf-8")
    (tmp / "mkdocs.yml").write_text(
        "site_name: test\nsite_url: https://example.com/\n"
        # No custom_dir: the plugin's own theme folder (main.html, partials, assets) is enough.
        "theme:\n  name: material\n  language: zh\n  font: false\n"
        "plugins:\n  - search\n  - agreements\n", encoding="utf-8")
    return tmp


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's own site, built with ``mkdocs build --strict``."""
    out = tmp_path_factory.mktemp("site")
    proc = build_site(ROOT, out)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out


@contextlib.contextmanager
def serve(directory: Path):
    """Serve a built site on 127.0.0.1; yields the base URL."""
    handler = functools.partial(QuietHandler, directory=str(directory))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()


@pytest.fixture(scope="session")
def server(site: Path):
    """The project's own site on 127.0.0.1."""
    with serve(site) as url:
        yield url


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, driven by Playwright; never a downloaded browser."""
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail("Debian's chromium is not installed (apt-get install chromium)")
        pytest.skip("Debian's chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    ctx = browser.new_context(viewport={"width": 1280, "height": 800})
    pg = ctx.new_page()
    yield pg
    ctx.close()
