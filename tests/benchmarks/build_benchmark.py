"""Build benchmark: the project's plugin against vanilla MkDocs + Material on the same texts.

    python tests/benchmarks/build_benchmark.py [--sizes real,20x5,100x10] [--repeat 3] [--no-serve] [--profile]

For each size it generates a family from the real texts (N agreements x V versions, each
version with realistic edits: a reworded clause, an added clause, a removed item, a new
更新日期), commits and tags every version in a temporary git repository, builds it with
the plugin twice (cold: no memo file, as on a fresh clone; warm: the memo file the first
build left), then builds the equivalent vanilla site: the project's own mkdocs.yml without
the plugin and the overrides, the same documentation pages, the agreements' texts as plain
Markdown pages, the same search plugin; once with the current versions only and once with
as many pages as the project's site. It prints wall time (median of ``--repeat`` runs for
the real family), peak memory, ms per page, pages, search_index.json raw and gzip, site size,
the ratios against the targets, and the plugin's own share of an in-process build (time
spent in its hooks). Not part of the test run.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import gzip
import io
import os
import pstats
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RAW = sorted((ROOT / "docs/agreements").glob("*.txt"))
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1")
MEASURE = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
           "r = subprocess.run(sys.argv[1:], capture_output=True); "
           "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, r.returncode)")


def strip_front_matter(text: str) -> str:
    m = re.match(r"\A---\n.*?\n---\n", text, re.S)
    return text[m.end():] if m else text


def first_title(text: str) -> str:
    for line in text.split("\n"):
        if line.strip():
            return line.strip().lstrip("# ").strip()
    return ""


def edit(text: str, v: int, date: str) -> str:
    """One release's realistic edits on a text."""
    lines = text.split("\n")
    date_line = f"更新日期：{date} 生效日期：{date}"
    idx = [i for i, ln in enumerate(lines) if re.match(r"^(最近)?更新日期", ln.strip())]
    if idx:
        lines[idx[0]] = date_line
    else:
        t = next(i for i, ln in enumerate(lines) if ln.strip())
        lines.insert(t + 1, date_line)
    clauses = [i for i, ln in enumerate(lines) if re.match(r"^\d+\.\d+ ", ln)]
    if clauses:
        i = clauses[(v * 7) % len(clauses)]
        lines[i] = lines[i].replace("，", f"（第{v}次修订），", 1)  # reworded
        j = clauses[(v * 3) % len(clauses)]
        lines.insert(j + 1, "")
        lines.insert(j + 2, f"{lines[j].split(' ')[0]}.{90 + v} 本条为第{v}次修订新增的约定。")  # added
    items = [i for i, ln in enumerate(lines) if re.match(r"^(- )?[（(]\d+[)）]", ln.strip())]
    if items and v % 2:
        del lines[items[(v * 5) % len(items)]]  # removed
    return "\n".join(lines)


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=bench", "-c", "user.email=b@example.com", "-C", str(repo), *args],
                   check=True, capture_output=True)


def make_family(root: Path, n: int | None, versions: int) -> tuple[Path, list[str]]:
    """The plugin project (git repo with tags); returns (project, current texts)."""
    proj = root / "plugin"
    (proj / "docs/agreements").mkdir(parents=True)
    for f in ("agreements.yml", "glossary.yml", "search-thesaurus.yml", "index.md", "contract.md", "search.md",
              "robustness.md"):
        shutil.copy(ROOT / "docs" / f, proj / "docs" / f)
    shutil.copytree(ROOT / "docs/schema", proj / "docs/schema")
    cfg = (ROOT / "mkdocs.yml").read_text(encoding="utf-8").replace("custom_dir: overrides",
                                                                     f"custom_dir: {ROOT / 'overrides'}")
    (proj / "mkdocs.yml").write_text(cfg, encoding="utf-8")
    git(proj, "init", "-q")
    bases = [p.read_text(encoding="utf-8") for p in RAW]
    if n is None:  # the real family, as it is
        for p in RAW:
            shutil.copy(p, proj / "docs/agreements" / p.name)
        git(proj, "add", "-A")
        git(proj, "commit", "-qm", "real")
        return proj, [p.read_text(encoding="utf-8") for p in RAW]
    texts = []
    for i in range(n):
        base = strip_front_matter(bases[i % len(bases)])
        title = first_title(base)
        texts.append(base.replace(title, f"{title}{i:03d}", 1))
    start = dt.date(2020, 1, 1)
    current = list(texts)
    for v in range(versions):
        date = (start + dt.timedelta(days=91 * v)).isoformat()
        for i in range(n):
            current[i] = edit(current[i] if v else texts[i], v, date)
            (proj / "docs/agreements" / f"a{i:03d}.txt").write_text(current[i], encoding="utf-8")
        git(proj, "add", "-A")
        git(proj, "commit", "-qm", date)
        git(proj, "tag", date)
    return proj, current


DOC_PAGES = ("index.md", "contract.md", "search.md", "robustness.md")


def make_vanilla(root: Path, texts_by_page: list[str]) -> Path:
    """Vanilla MkDocs + Material: the project's configuration without the plugin and the
    overrides, the same documentation pages, the texts as plain Markdown pages."""
    proj = root / "vanilla"
    (proj / "docs").mkdir(parents=True)
    for f in DOC_PAGES:
        shutil.copy(ROOT / "docs" / f, proj / "docs" / f)
    for k, text in enumerate(texts_by_page):
        (proj / "docs" / f"p{k:05d}.md").write_text(text, encoding="utf-8")
    cfg = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    cfg = re.sub(r"\n  - agreements[^\n]*", "", cfg)
    cfg = cfg.replace("  custom_dir: overrides\n", "").replace("language: custom", "language: zh")
    (proj / "mkdocs.yml").write_text(cfg, encoding="utf-8")
    return proj


def build(proj: Path, site: Path, repeat: int = 1, cold: bool = True) -> dict:
    """Median of ``repeat`` builds; ``cold`` deletes the plugin's memo file before each."""
    runs = []
    for _ in range(repeat):
        if cold:
            shutil.rmtree(proj / ".cache", ignore_errors=True)
        cmd = [sys.executable, "-c", MEASURE, sys.executable, "-m", "mkdocs", "build", "-q", "-f",
               str(proj / "mkdocs.yml"), "-d", str(site)]
        out = subprocess.run(cmd, capture_output=True, text=True, env=ENV).stdout.split()
        runs.append((float(out[0]), int(out[1]), int(out[2])))
    seconds = sorted(r[0] for r in runs)[len(runs) // 2]
    rss_kb, rc = max(r[1] for r in runs), max(r[2] for r in runs)
    pages = sum(1 for _ in site.rglob("*.html"))
    index = (site / "search/search_index.json").read_bytes() if (site / "search/search_index.json").exists() else b""
    size = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    return {"s": seconds, "mb": rss_kb / 1024, "pages": pages, "ms_page": seconds * 1000 / max(pages, 1),
            "index": len(index), "index_gz": len(gzip.compress(index, 6)), "site_mb": size / 1e6, "rc": rc}


def hook_times(proj: Path, site: Path, cold: bool) -> dict:
    """Seconds each plugin spends in its hooks during one in-process build (a fresh process)."""
    if cold:
        shutil.rmtree(proj / ".cache", ignore_errors=True)
    out = subprocess.run([sys.executable, __file__, "--hooks", str(proj), str(site)],
                         capture_output=True, text=True, env=ENV, cwd=proj)
    import json

    return json.loads(out.stdout.strip().splitlines()[-1])


def _hooks_main(proj: str, site: str) -> None:
    """Child of hook_times: build once, timing every plugin event."""
    import collections
    import json

    import mkdocs.plugins as mp
    from mkdocs.commands.build import build as mk_build
    from mkdocs.config import load_config

    spent: dict[str, float] = collections.defaultdict(float)

    def run_event(self, name, item=None, **kwargs):  # MkDocs 1.6's run_event, timed
        for method in self.events[name]:
            self._current_plugin = self._event_origins.get(method, "<unknown>")
            t = time.perf_counter()
            result = method(item, **kwargs) if item is not None else method(**kwargs)
            spent[self._current_plugin] += time.perf_counter() - t
            if result is not None:
                item = result
        self._current_plugin = None
        return item

    mp.PluginCollection.run_event = run_event
    t = time.perf_counter()
    cfg = load_config(str(Path(proj) / "mkdocs.yml"), site_dir=site)
    cfg.plugins.on_startup(command="build", dirty=False)
    mk_build(cfg)
    print(json.dumps({"total": time.perf_counter() - t, **spent}))


def profile(proj: Path, site: Path, top: int = 15) -> str:
    """cProfile of a cold in-process build, restricted to the plugin's own functions."""
    shutil.rmtree(proj / ".cache", ignore_errors=True)
    out = subprocess.run([sys.executable, __file__, "--cprofile", str(proj), str(site), str(top)],
                         capture_output=True, text=True, env=ENV, cwd=proj)
    return out.stdout


def _cprofile_main(proj: str, site: str, top: int) -> None:
    from mkdocs.commands.build import build as mk_build
    from mkdocs.config import load_config

    cfg = load_config(str(Path(proj) / "mkdocs.yml"), site_dir=site)
    cfg.plugins.on_startup(command="build", dirty=False)
    prof = cProfile.Profile()
    prof.enable()
    mk_build(cfg)
    prof.disable()
    s = io.StringIO()
    pstats.Stats(prof, stream=s).sort_stats("cumulative").print_stats(r"plugins/agreements|site-packages/agreements")
    # The memo's wrappers and lambdas would top a cumulative list without saying anything.
    lines = [ln for ln in s.getvalue().splitlines()
             if ("agreements" in ln and "memo.py" not in ln and "<lambda>" not in ln) or "cumtime" in ln]
    print("\n".join(lines[:top + 1]))


def serve_reload(proj: Path, raw: Path) -> float:
    """Seconds from saving an edit to one raw agreement to the rebuilt page being served."""
    port = 8731
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-f", str(proj / "mkdocs.yml"),
                             "-a", f"127.0.0.1:{port}"], env=ENV,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}/qq-ruanjian-xuke-ji-fuwu-xieyi/"
        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                urllib.request.urlopen(url, timeout=2).read()
                break
            except OSError:
                time.sleep(0.2)
        time.sleep(1.0)
        marker = f"基准测试标记{int(time.time())}"
        text = raw.read_text(encoding="utf-8")
        t0 = time.perf_counter()
        raw.write_text(text.replace("欢迎您使用腾讯QQ软件及服务！", f"欢迎您使用腾讯QQ软件及服务！{marker}", 1),
                       encoding="utf-8")
        while time.perf_counter() - t0 < 120:
            try:
                if marker in urllib.request.urlopen(url, timeout=2).read().decode("utf-8"):
                    return time.perf_counter() - t0
            except OSError:
                pass
            time.sleep(0.05)
        return float("nan")
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--hooks":
        return _hooks_main(sys.argv[2], sys.argv[3])
    if len(sys.argv) > 1 and sys.argv[1] == "--cprofile":
        return _cprofile_main(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="real,20x5,100x10")
    ap.add_argument("--repeat", type=int, default=3, help="builds per figure for the real family (median)")
    ap.add_argument("--no-serve", action="store_true")
    ap.add_argument("--profile", action="store_true")
    args = ap.parse_args()
    results = []
    for size in args.sizes.split(","):
        n, v = (None, 1) if size == "real" else map(int, size.split("x"))
        rep = args.repeat if size == "real" else 1
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            proj, current = make_family(root, n, v)
            cold = build(proj, root / "site", rep, cold=True)
            warm = build(proj, root / "site", rep, cold=False)
            # Vanilla with the current texts only, and with as many pages as our versioned site.
            cur = build(make_vanilla(root / "v1", current), root / "vsite1", rep)
            extra = max(cold["pages"] - cur["pages"], 0)
            same = build(make_vanilla(root / "v2", current + [current[k % len(current)] for k in range(extra)]),
                         root / "vsite2", rep)
            hooks_cold = hook_times(proj, root / "hsite", cold=True)
            hooks_warm = hook_times(proj, root / "hsite", cold=False)
            raw_gz = sum(len(gzip.compress(t.encode(), 6)) for t in current)
            results.append((size, cold, cur, same, raw_gz, len(current) * v))
            print(f"\n== {size}: {len(current)} agreements x {v} versions"
                  + (f" (median of {rep} builds)" if rep > 1 else ""), flush=True)
            print(f"{'':16}{'wall s':>8}{'peak MB':>9}{'pages':>7}{'ms/page':>9}{'index KB':>10}"
                  f"{'index gz':>10}{'site MB':>9}")
            for name, r in (("project cold", cold), ("project warm", warm), ("vanilla current", cur),
                            ("vanilla same n", same)):
                print(f"{name:16}{r['s']:8.2f}{r['mb']:9.0f}{r['pages']:7d}{r['ms_page']:9.1f}"
                      f"{r['index'] / 1024:10.1f}{r['index_gz'] / 1024:10.1f}{r['site_mb']:9.2f}")
            for name, r in (("cold", cold), ("warm", warm)):
                print(f"ratio project {name} / vanilla: {r['s'] / cur['s']:.2f}x vs current pages only, "
                      f"{r['s'] / same['s']:.2f}x vs as many pages  "
                      + ("[target <= 1.10x, current-only site]" if v == 1 else "[target <= 1.25x with history]"))
            for name, h in (("cold", hooks_cold), ("warm", hooks_warm)):
                own = h.get("agreements", 0.0)
                print(f"plugin's own hooks, {name} in-process build: {own:.2f} s of {h['total']:.2f} s "
                      f"({own / h['total']:.0%}); Material's search plugin {h.get('material/search', 0):.2f} s")
            print(f"search index gzip / raw gzip: {cold['index_gz'] / raw_gz:.2f}x  [target <= 2.00x]")
            if size == "real":
                print("real family build < 5 s:", "yes" if cold["s"] < 5 else "NO", f"({cold['s']:.2f} s cold)")
                if not args.no_serve:
                    t = serve_reload(proj, proj / "docs/agreements" / "qq-software-licence.txt")
                    print(f"serve: edit -> reloaded page {t:.2f} s  [target < 2 s]")
            if args.profile:
                print("plugin's top costs, cold build (cumulative):")
                print(profile(proj, root / "psite"))
            if size == "100x10":
                print("100x10 < 180 s and < 1.5 GB:", cold["s"] < 180 and cold["mb"] < 1536)
    if len(results) >= 2:
        import math

        # Least-squares slope of log(time) against log(agreements x versions).
        xs = [math.log(r[5]) for r in results]
        ys = [math.log(r[1]["s"]) for r in results]
        mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
        slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)
        print(f"\ngrowth exponent of build time in agreements x versions: {slope:.2f}  [target: <= 1, linear]")


if __name__ == "__main__":
    main()
