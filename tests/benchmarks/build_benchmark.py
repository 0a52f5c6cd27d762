"""Build benchmark: the project's plugin against vanilla MkDocs + Material on the same texts.

    python tests/benchmarks/build_benchmark.py [--sizes 6x1,62x1,30x5,80x10] [--repeat 3]
        [--same-pages] [--no-serve] [--profile]

Each size ``NxV`` is a family of N *distinct* real texts (the project's hosted agreements, then the
development corpus in tests/fixtures/corpus-dev), V versions each: every version after the first
makes real-shaped edits (a new 更新日期, a reworded provision, an inserted provision and, every other
release, a removed one, each renumbering its later siblings), committed and tagged in a temporary
git repository. Each family is built cold (no memo file, as on a fresh clone), warm (the memo the
cold build left) and as vanilla MkDocs + Material (the project's mkdocs.yml without the plugin and
the overrides, the texts as plain Markdown pages, Material's search), interleaved, best of
``--repeat`` for one-version families. It prints wall time, peak memory, ms per page, site size,
the ratios against the targets, the plugin's own share of an in-process build, the serve reload
after one edit (one-version families), the growth exponents, and with ``--profile`` the plugin's
top costs in a cold build. Not part of the test run.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import gzip
import io
import json
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

from agreements.text import cn_to_int

ROOT = Path(__file__).resolve().parents[2]
RAW = sorted(p for p in (ROOT / "docs/agreements").iterdir() if p.suffix in (".txt", ".md"))
CORPUS = ROOT / "tests/fixtures/corpus-dev"
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1")
MEASURE = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
           "r = subprocess.run(sys.argv[1:], capture_output=True); "
           "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, r.returncode)")


def front_matter(path: Path) -> str:
    m = re.match(r"\A---\n.*?\n---\n", path.read_text(encoding="utf-8"), re.S)
    return m.group(0) if m else ""


def strip_front_matter(text: str) -> str:
    m = re.match(r"\A---\n.*?\n---\n", text, re.S)
    return text[m.end():] if m else text


CN_DIGITS = "零一二三四五六七八九"


def int_to_cn(n: int) -> str:
    """1..99 as a Chinese numeral (十五, 二十三)."""
    tens, ones = divmod(n, 10)
    return (("" if tens == 1 else CN_DIGITS[tens]) + "十" if tens else "") + (CN_DIGITS[ones] if ones else "")


# A numbered line: Arabic (1. / 1.2 / 1、) or Chinese (一、 / （一）) numbering, whatever follows.
NUMBERED = re.compile(r"^(?P<pre>[#\s*]*[（(]?)(?P<num>\d+(?:\.\d+)*|[一二三四五六七八九十]{1,3})(?P<post>[)）]?[.、．\s　])")


def _number(line: str) -> tuple[str, tuple[int, ...], str] | None:
    m = NUMBERED.match(line)
    if not m:
        return None
    num = m["num"]
    if num[0].isdigit():
        return "arabic" + m["pre"] + m["post"], tuple(int(x) for x in num.split(".")), num
    value = cn_to_int(num)
    return ("cn" + m["pre"] + m["post"], (value,), num) if value else None


def _write_number(line: str, kind: str, parts: tuple[int, ...]) -> str:
    m = NUMBERED.match(line)
    num = ".".join(map(str, parts)) if kind.startswith("arabic") else int_to_cn(parts[0])
    return line[:m.start("num")] + num + line[m.end("num"):]


def _renumber(lines: list[str], start: int, kind: str, parts: tuple[int, ...], delta: int) -> None:
    """Shift the later siblings of a provision by ``delta`` (and the prefix of their children)."""
    depth, prefix = len(parts), parts[:-1]
    last = parts[-1]
    for k in range(start, len(lines)):
        got = _number(lines[k])
        if not got or got[0] != kind:
            continue
        p = got[1]
        if len(p) < depth and p != prefix[:len(p)]:
            return  # a new parent: this list has ended
        if len(p) >= depth and p[:depth - 1] == prefix:
            if len(p) == depth and p[-1] <= last:
                return  # numbering restarted
            if len(p) == depth:
                last = p[-1]
            lines[k] = _write_number(lines[k], kind, p[:depth - 1] + (p[depth - 1] + delta,) + p[depth:])


REWORDINGS = (("我们", "我们及我们的关联方"), ("您", "您（用户）"), ("信息", "相关信息"), ("，", "，依法"))


def edit(text: str, v: int, date: str) -> str:
    """One release's real-shaped edits: a new date, a reworded provision, an inserted provision and a
    removed one, each renumbering its later siblings."""
    lines = text.split("\n")
    date_line = f"更新日期：{date}"
    idx = [i for i, ln in enumerate(lines[:40]) if re.match(r"^\W*(最近|最新)?(更新|修订)(日期|时间)", ln.strip())]
    if idx:
        lines[idx[0]] = date_line
    else:
        t = next((i for i, ln in enumerate(lines) if ln.strip()), 0)
        lines.insert(t + 1, date_line)
    numbered = [i for i, ln in enumerate(lines) if _number(ln) and len(ln) > 12]
    if not numbered:
        lines.append(f"本文本第{v}次修订。")
        return "\n".join(lines)
    # Reworded: a provision's wording changes, its number stays.
    i = numbered[(v * 7) % len(numbered)]
    old, new = REWORDINGS[v % len(REWORDINGS)]
    lines[i] = lines[i].replace(old, new, 1) if old in lines[i] else lines[i] + f"（第{v}次修订）"
    # Inserted: a new provision after another, its later siblings renumbered.
    j = numbered[(v * 3 + 1) % len(numbered)]
    kind, parts, _ = _number(lines[j])
    new_parts = parts[:-1] + (parts[-1] + 1,)
    _renumber(lines, j + 1, kind, parts, +1)
    head = NUMBERED.match(_write_number(lines[j], kind, new_parts)).group(0)
    lines[j + 1:j + 1] = ["", head + f"第{v}次修订新增：我们将在本条所述情形下另行征得您的同意，并在合理期限内通知您。"]
    # Removed: every other release drops a provision, its later siblings renumbered back.
    if v % 2:
        numbered = [i for i, ln in enumerate(lines) if _number(ln) and len(ln) > 12]
        r = numbered[(v * 5 + 2) % len(numbered)]
        kind, parts, _ = _number(lines[r])
        del lines[r]
        _renumber(lines, r, kind, parts, -1)
    return "\n".join(lines)


def distinct_texts() -> list[tuple[str, str]]:
    """(file name, text): the project's hosted texts, then the development corpus's distinct ones."""
    out, seen = [], set()
    for p in RAW + sorted(CORPUS.glob("*.txt")):
        text = strip_front_matter(p.read_text(encoding="utf-8"))
        key = re.sub(r"\s+", "", text)[:2000]
        if key in seen:
            continue
        seen.add(key)
        out.append((p.name, text))
    return out


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=bench", "-c", "user.email=b@example.com", "-C", str(repo), *args],
                   check=True, capture_output=True)


def make_family(root: Path, n: int, versions: int) -> tuple[Path, list[str]]:
    """The plugin project (git repo, one tag a version); returns (project, current texts)."""
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
    chosen = distinct_texts()[:n]
    if len(chosen) < n:
        sys.exit(f"only {len(chosen)} distinct texts for a family of {n}")
    names = [name if i < len(RAW) else f"c{i:03d}.txt" for i, (name, _) in enumerate(chosen)]
    # Many corpus texts are all titled 隐私政策: their app's name (the file name) tells them apart.
    fronts = [front_matter(ROOT / "docs/agreements" / name) if i < len(RAW)
              else f"---\ntitle: {json.dumps(Path(name).stem + '隐私政策', ensure_ascii=False)}\n---\n"
              for i, (name, _) in enumerate(chosen)]
    current = [text for _, text in chosen]
    start = dt.date(2020, 1, 1)
    for v in range(versions):
        date = (start + dt.timedelta(days=91 * v)).isoformat()
        for i in range(n):
            if v:
                current[i] = edit(current[i], v, date)
            (proj / "docs/agreements" / names[i]).write_text(fronts[i] + current[i], encoding="utf-8")
        git(proj, "add", "-A")
        git(proj, "commit", "-qm", date)
        if versions > 1:
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


def forget_compiled_templates() -> None:
    """A cold build starts without the plugin's compiled templates too (Jinja's folder in the
    system's temp): vanilla Material keeps none, so they must not flatter the cold figure."""
    from agreements.templates import BYTECODE_PATTERN

    for folder in Path(tempfile.gettempdir()).glob("_jinja2-cache-*"):
        for f in folder.glob(BYTECODE_PATTERN.replace("%s", "*")):
            f.unlink(missing_ok=True)


def build(proj: Path, site: Path, repeat: int = 1, cold: bool = True) -> dict:
    """Median of ``repeat`` builds; ``cold`` deletes the plugin's memo file before each."""
    runs = []
    for _ in range(repeat):
        if cold:
            shutil.rmtree(proj / ".cache", ignore_errors=True)
            forget_compiled_templates()
        cmd = [sys.executable, "-c", MEASURE, sys.executable, "-m", "mkdocs", "build", "-q", "-f",
               str(proj / "mkdocs.yml"), "-d", str(site)]
        out = subprocess.run(cmd, capture_output=True, text=True, env=ENV).stdout.split()
        runs.append((float(out[0]), int(out[1]), int(out[2])))
        if runs[-1][2]:
            sys.exit(f"build of {proj} failed: rerun it without -q to see why")
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
        forget_compiled_templates()
    out = subprocess.run([sys.executable, __file__, "--hooks", str(proj), str(site)],
                         capture_output=True, text=True, env=ENV, cwd=proj)

    return json.loads(out.stdout.strip().splitlines()[-1])


def _hooks_main(proj: str, site: str) -> None:
    """Child of hook_times: build once, timing every plugin event."""
    import collections

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
    forget_compiled_templates()
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


SERVE_MARK = "欢迎您使用腾讯QQ软件及服务！"


def serve_reload(proj: Path, raw: Path, page: str = "qq-ruanjian-xuke-ji-fuwu-xieyi/") -> float:
    """Seconds from saving an edit to one raw agreement (``raw``) to its rebuilt page (``page``) being served."""
    port = 8731
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-f", str(proj / "mkdocs.yml"),
                             "-a", f"127.0.0.1:{port}"], env=ENV,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}/{page}"
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
        raw.write_text(text.replace(SERVE_MARK, SERVE_MARK + marker, 1), encoding="utf-8")
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
    ap.add_argument("--sizes", default="6x1,62x1,30x5,80x10", help="agreements x versions, comma-separated")
    ap.add_argument("--repeat", type=int, default=3, help="builds per figure (best of) for families of one version")
    ap.add_argument("--no-serve", action="store_true")
    ap.add_argument("--same-pages", action="store_true", help="also vanilla with as many pages as the project")
    ap.add_argument("--profile", action="store_true")
    args = ap.parse_args()
    results = []
    for size in args.sizes.split(","):
        n, v = map(int, size.split("x"))
        rep = args.repeat if v == 1 else 1
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            proj, current = make_family(root, n, v)
            # Interleaved, so that a slow moment of the machine hits both sides alike.
            cold, warm, cur = [], [], []
            vanilla = make_vanilla(root / "v1", current)
            for _ in range(rep):
                cold.append(build(proj, root / "site", cold=True))
                warm.append(build(proj, root / "site", cold=False))
                cur.append(build(vanilla, root / "vsite1"))
            cold, warm, cur = (min(r, key=lambda x: x["s"]) for r in (cold, warm, cur))
            rows = [("project cold", cold), ("project warm", warm), ("vanilla", cur)]
            if args.same_pages:
                extra = max(cold["pages"] - cur["pages"], 0)
                rows.append(("vanilla same n", build(make_vanilla(
                    root / "v2", current + [current[k % len(current)] for k in range(extra)]), root / "vsite2")))
            raw_gz = sum(len(gzip.compress(t.encode(), 6)) for t in current)
            results.append((size, cold, cur, n * v))
            print(f"\n== {size}: {n} distinct agreements x {v} versions"
                  + (f" (best of {rep} builds, interleaved)" if rep > 1 else ""), flush=True)
            print(f"{'':16}{'wall s':>8}{'peak MB':>9}{'pages':>7}{'ms/page':>9}{'site MB':>9}")
            for name, r in rows:
                print(f"{name:16}{r['s']:8.2f}{r['mb']:9.0f}{r['pages']:7d}{r['ms_page']:9.1f}{r['site_mb']:9.2f}")
            print(f"ratio project / vanilla: cold {cold['s'] / cur['s']:.2f}x [target <= 1.0x], "
                  f"warm {warm['s'] / cur['s']:.2f}x [target <= 0.4x]")
            hooks = hook_times(proj, root / "hsite", cold=True)
            own = hooks.get("agreements", 0.0)
            print(f"plugin's own hooks, cold in-process build: {own:.2f} s of {hooks['total']:.2f} s; "
                  f"Material's search plugin {hooks.get('material/search', 0):.2f} s")
            print(f"raw texts gzip {raw_gz / 1024:.0f} KB")
            if v >= 10:
                print(f"{size} cold < 90 s and < 1.5 GB:", "yes" if cold["s"] < 90 and cold["mb"] < 1536 else "NO")
            if v == 1 and not args.no_serve:
                t = serve_reload(proj, proj / "docs/agreements" / "qq-software-licence.txt")
                k = next(k for k, text in enumerate(current) if SERVE_MARK in text)
                tv = serve_reload(vanilla, vanilla / "docs" / f"p{k:05d}.md", f"p{k:05d}/")
                print(f"serve: edit -> reloaded page {t:.2f} s, vanilla {tv:.2f} s  [target < 2 s]")
            if args.profile:
                print("top costs, cold in-process build:")
                print(profile(proj, root / "psite"))
    if len(results) >= 2:
        import math

        def slope(k: int) -> float:
            """Least-squares slope of log(time) against log(agreements x versions)."""
            xs = [math.log(r[3]) for r in results]
            ys = [math.log(r[k]["s"]) for r in results]
            mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
            return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)

        print(f"\ngrowth exponent of build time in agreements x versions: project cold {slope(1):.2f}, "
              f"vanilla (current pages) {slope(2):.2f}  [target: <= 1, linear]")


if __name__ == "__main__":
    main()
