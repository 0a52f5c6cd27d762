"""Measure how faithfully the ingester reads a folder of raw agreements (issue 14, "Done when").

Usage: python scripts/corpus_report.py DIR [EXPECTED.tsv] [--json OUT] [--verbose]

For every ``*.txt`` / ``*.md`` file in DIR (README.md and EXPECTED.tsv excepted) it runs
``agreements.parse.parse`` and reports:

- titles, 更新日期 and 生效日期 against EXPECTED.tsv (columns: file, title, 更新日期, 生效日期,
  numbered lines; ``-`` = none stated; dates compared as strings, so month precision ``2022-07`` stays);
- numbered lines anchored, per numbering shape. Numbered lines are found in the SOURCE by this script's
  own regexes, independently of the parser; lines inside the parser's table of contents (provisions of
  kind ``toc``) are reported apart. A line is anchored when a provision with a non-empty id starts on it.
  The count of numbered lines per file is also compared with EXPECTED's hand count (informational);
- fidelity: every non-whitespace character of the source (as ``tests.helpers.source_chars`` sees it,
  with ``**bold**`` markers treated as syntax) appears on the rendered page in source order
  (greedy subsequence; exact equality reported too);
- warnings per kind (code prefix before ':'), total and median per file;
- parse time, total and per-file maximum.

Any exception raised for a file is caught, printed and counted as a traceback; the script never stops
on a bad file. Exit status: 0, or 1 when some file raised, or 2 for a usage or import error.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SKIP_NAMES = {"readme.md", "expected.tsv"}

# --------------------------------------------------------------------------- numbered-line detector

CN = "零〇一二两三四五六七八九十百千"
HAN = r"\u3400-\u4dbf\u4e00-\u9fff"
# Full-width ASCII (digits, letters, ．（）) → ASCII; 、 and circled digits untouched.
FULLWIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
FULLWIDTH[0x3000] = 0x20  # ideographic space
# Units after a number: "1.5倍", "3 天内", "10%" are quantities, not labels.
# Right after the number (no space) for dotted/num-dot; after the space for num-space.
UNIT = r"(?:倍|%|‰|元|万|亿|岁|周岁|小时|分钟|秒|个月|[KMGT]B)"
SPACE_UNIT = r"(?:年|月|日(?!志)|天|周|次|倍|元|万|亿|岁|周岁|小时|分钟|秒|个|号|楼|层)"
ROMAN_VALID = re.compile(r"(?i)^(?=[ivxlc])(c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$")

# Prefixes that may come before a label: Markdown heading markers, a list bullet, bold markers.
PREFIX = re.compile(r"^(?:#{1,6}[ \t]*|[-*+][ \t]+|\*\*|__)")

SHAPES: list[tuple[str, re.Pattern[str]]] = [
    ("第X部分", re.compile(rf"^第\s*[{CN}0-9]+\s*部分")),
    ("第X章", re.compile(rf"^第\s*[{CN}0-9]+\s*章")),
    ("第X节", re.compile(rf"^第\s*[{CN}0-9]+\s*节")),
    ("第X条", re.compile(rf"^第\s*[{CN}0-9]+\s*条(?![件款例约])")),
    ("cn-dun", re.compile(rf"^[{CN}]{{1,4}}\s*[、.](?![{CN}0-9])")),
    ("cn-paren", re.compile(rf"^\(\s*[{CN}]{{1,4}}\s*\)")),
    ("dotted", re.compile(rf"^[0-9]{{1,3}}(?:\s?\.\s?[0-9]{{1,3}})+(?![0-9]|{UNIT})(?:\s*[.、)])?")),
    ("num-dot", re.compile(rf"^[0-9]{{1,3}}\s*[.、](?![0-9]|{UNIT})|^[⒈-⒛]")),
    ("num-paren", re.compile(r"^\(\s*[0-9]{1,3}\s*\)|^[⑴-⒇]")),
    ("num-halfparen", re.compile(r"^[0-9]{1,3}\s*\)")),
    ("circled", re.compile(r"^[①-⑳㉑-㉟㊱-㊿❶-❿➀-➉➊-➓⓵-⓾]")),
    ("roman", re.compile(r"^(?:[ivxlc]{1,6}|[IVXLC]{1,6})\s*[.、](?![a-z0-9]|[A-Za-z]\.)|^[ⅰ-ⅻⅠ-Ⅻ]")),
    ("roman-paren", re.compile(r"^\(?\s*(?:[ivxlc]{1,6}|[IVXLC]{1,6})\s*\)")),
    ("letter", re.compile(r"^[A-Za-z]\s*[.、](?![a-z0-9]|[A-Za-z]\.)")),
    ("letter-paren", re.compile(r"^\(?\s*[A-Za-z]\s*\)")),
    # "1 我们如何…", and "1 Cookie和相关技术…" (a Latin word, then Chinese on the line).
    ("num-space", re.compile(rf"^[0-9]{{1,2}} +(?!{SPACE_UNIT}|[KMGT]B\b)(?=[{HAN}]|[A-Za-z][^\t]*[{HAN}])")),
    ("cn-space", re.compile(rf"^[{CN}]{{1,3}} +(?=[{HAN}])")),
    ("letter-space", re.compile(rf"^[A-Za-z] +(?=[{HAN}])")),
]
ROMANISH = {"roman": "letter", "roman-paren": "letter-paren"}
NEXT_LETTER = {"i": "h", "v": "u", "x": "w", "l": "k", "c": "b"}
TABLE_ROW = re.compile(r"\t")
TAB_CELLS = re.compile(r"\S\t+\S")  # a tab between two cells: a row of a pasted table


@dataclass
class NumberedLine:
    line: int
    shape: str
    text: str
    in_toc: bool = False
    toc_like: bool = False  # in a run that looks like a table of contents (see mark_toc_like)
    # Inside a pasted tab-separated table: on or after a tab row, in the same run of non-blank lines
    # (cells spanning several lines). Counted, and also reported apart.
    in_table: bool = False
    anchored: bool = False


def _strip_prefixes(s: str) -> str:
    s = s.translate(FULLWIDTH).strip()
    while True:
        m = PREFIX.match(s)
        if not m:
            return s
        s = s[m.end():].lstrip()


def _front_matter_lines(text: str) -> int:
    """Number of lines of a valid YAML front matter block at the top (0 when none)."""
    m = re.match(r"\A---[ \t]*\n(.*?\n)---[ \t]*(?:\n|\Z)", text, re.S)
    if not m:
        return 0
    try:
        import yaml

        data = yaml.safe_load(m.group(1))
    except Exception:
        return 0
    if data is not None and not isinstance(data, dict):
        return 0
    return m.group(0).count("\n")


def classify_line(raw_line: str, prev_letter: str | None) -> tuple[str, str, str] | None:
    """(numbering shape, label, text after the label) of a line that starts with a label, or None."""
    s = _strip_prefixes(raw_line)
    if not s:
        return None
    for shape, pat in SHAPES:
        m = pat.match(s)
        if not m:
            continue
        label = m.group(0)
        rest = s[m.end():].strip().strip("*").strip()
        if shape in ROMANISH:
            word = re.sub(r"[^A-Za-z]", "", label)
            if word and not ROMAN_VALID.match(word):
                continue  # "cc." and the like: not roman, try the letter shapes
            if len(word) == 1 and prev_letter is not None and NEXT_LETTER.get(word.lower()) == prev_letter.lower():
                return ROMANISH[shape], label, rest  # h. then i.: a letter list
        if shape in ("num-dot", "num-halfparen", "letter", "letter-paren", "roman", "roman-paren") and not rest:
            continue  # a bare "1." or "a)" line without text is not a provision
        if TABLE_ROW.search(s) and shape in ("num-space", "cn-space", "letter-space"):
            continue  # a tab-separated table row starting with a number cell
        return shape, label, rest
    return None


def _norm(text: str) -> str:
    """Heading text for comparison: no whitespace, Markdown markers or punctuation."""
    return re.sub(r"[\s*#_:：。.，,；;、（）()【】\[\]“”\"'《》]", "", text.translate(FULLWIDTH))


def mark_toc_like(nls: list[NumberedLine], lines: list[str], rests: list[str], labels: list[str]) -> None:
    """Flag runs of >= 4 numbered lines (only blank lines between) whose texts come back later as headings.

    A summary table of contents numbered differently from the body (1. … 10. before 一、 … 十、) is
    common; when the parser does not recognise it as a toc, these lines stay in the counts, flagged."""
    rests = [re.sub(r"[\s.…·]*[0-9]+\s*$", "", r) for r in rests]  # a trailing page number
    runs: list[list[int]] = []
    for k, nl in enumerate(nls):
        prev = nls[k - 1].line if k else None
        between = lines[prev:nl.line - 1] if prev is not None else ["x"]
        # A text or a label already in the run ends it: the body's first heading after the contents.
        if runs and not any(b.strip() for b in between) and nls[runs[-1][-1]].shape == nl.shape \
                and _norm(rests[k]) not in {_norm(rests[j]) for j in runs[-1]} \
                and labels[k] not in {labels[j] for j in runs[-1]}:
            runs[-1].append(k)
        else:
            runs.append([k])
    for run in runs:
        if len(run) < 4:
            continue
        end = nls[run[-1]].line
        later: set[str] = set()
        for i in range(end, len(lines)):
            later.add(_norm(lines[i]))
        for k in range(run[-1] + 1, len(nls)):
            later.add(_norm(rests[k]))
        hits = [k for k in run if 2 <= len(_norm(rests[k])) <= 40 and rests[k].rstrip("*")[-1:] not in "。；;，,："
                and _norm(rests[k]) in later]
        if len(hits) >= 0.6 * len(run):
            for k in run:
                nls[k].toc_like = True


def numbered_lines(text: str) -> list[NumberedLine]:
    """All numbered lines of a decoded raw text (1-based line numbers, front matter counted)."""
    lines = text.split("\n")
    start = _front_matter_lines(text)
    out: list[NumberedLine] = []
    rests: list[str] = []
    labels: list[str] = []
    prev_letter: str | None = None
    fence = False
    in_table = False
    for no, line in enumerate(lines, 1):
        if no <= start:
            continue
        if not line.strip():
            in_table = False
            continue
        if TAB_CELLS.search(line.strip()):
            in_table = True
        if line.lstrip().startswith("```"):
            fence = not fence
            continue
        if fence:
            continue
        found = classify_line(line, prev_letter)
        if found is None:
            continue
        shape, label, rest = found
        if shape in ("letter", "letter-paren", "letter-space"):
            m = re.search(r"[A-Za-z]", _strip_prefixes(line))
            prev_letter = m.group(0) if m else None
        out.append(NumberedLine(no, shape, line.strip()[:60], in_table=in_table))
        rests.append(rest)
        labels.append(re.sub(r"[\s、.()]", "", label))
    mark_toc_like(out, lines, rests, labels)
    return out


# --------------------------------------------------------------------------- fidelity


def strip_bold(raw: str) -> str:
    """``**bold**`` pairs on one line are syntax: drop the markers, keep the text."""
    return re.sub(r"\*\*(?=\S)(.+?)(?<=\S)\*\*", r"\1", raw)


def subsequence(src: str, page: str) -> tuple[int, int | None]:
    """Greedy in-order match of ``src`` in ``page``: (chars matched, index in src of the first miss)."""
    pos = 0
    matched = 0
    first_miss: int | None = None
    for i, ch in enumerate(src):
        j = page.find(ch, pos)
        if j < 0:
            if first_miss is None:
                first_miss = i
            continue
        matched += 1
        pos = j + 1
    return matched, first_miss


def common_prefix(a: str, b: str) -> int:
    """Length of the common prefix: where the page first departs from the source."""
    n = min(len(a), len(b))
    lo, hi = 0, n
    while lo < hi:  # binary search on prefix equality (fast on long texts)
        mid = (lo + hi + 1) // 2
        if a[:mid] == b[:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def present_fraction(src: str, page: str) -> float:
    """Share of source characters present on the page at all, ignoring order (lost vs reordered)."""
    if not src:
        return 1.0
    have = Counter(page)
    return sum(min(n, have[c]) for c, n in Counter(src).items()) / len(src)


def _around(s: str, i: int, width: int = 15) -> str:
    return f"…{s[max(0, i - width):i]}[{s[i:i + 1]}]{s[i + 1:i + 1 + width]}…"


# --------------------------------------------------------------------------- per-file results


@dataclass
class Expected:
    title: str | None  # None: the text has no title ("-")
    updated: str | None
    effective: str | None
    numbered: int | None


@dataclass
class FileResult:
    file: str
    ok: bool = True
    error: str | None = None
    error_type: str | None = None
    decode_error: str | None = None
    stage: str | None = None
    parse_seconds: float = 0.0
    title: str | None = None
    updated: str | None = None
    effective: str | None = None
    expected: Expected | None = None
    title_ok: bool | None = None
    updated_ok: bool | None = None
    effective_ok: bool | None = None
    numbered: list[NumberedLine] = field(default_factory=list)
    numbered_count: int = 0  # outside the table of contents
    toc_numbered: int = 0
    table_numbered: int = 0
    toc_like_numbered: int = 0  # toc-like runs the parser did not mark as toc (still counted)
    anchored: int = 0
    source_chars: int = 0
    matched_chars: int = 0
    fidelity: float = 0.0
    exact: bool = False
    present: float = 0.0  # share of source chars on the page in any order
    first_miss: str | None = None  # first source char the greedy in-order match could not find
    diverges: str | None = None  # where the page first departs from the source (source, then page)
    warnings: dict[str, int] = field(default_factory=dict)
    infos: int = 0


def read_expected(path: Path) -> dict[str, Expected]:
    out: dict[str, Expected] = {}
    for raw in path.read_text(encoding="utf-8-sig").splitlines():
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        cols = [c.strip() for c in raw.split("\t")]
        cols += ["-"] * (5 - len(cols))

        def val(s: str) -> str | None:
            return None if s in ("-", "") else s

        n = cols[4]
        out[cols[0]] = Expected(val(cols[1]), val(cols[2]), val(cols[3]), int(n) if n.isdigit() else None)
    return out


@dataclass
class Api:
    parse: Callable[..., Any]
    decode: Callable[[bytes], tuple[str, str]]
    render: Callable[..., Any]
    article: Callable[[str], Any]
    source_chars: Callable[[str], str]


def load_api() -> Api:
    for p in (ROOT / "plugins", ROOT):
        if str(p) not in sys.path:
            sys.path.insert(0, str(p))
    import agreements.parse as parse_mod
    import agreements.render as render_mod
    import agreements.text as text_mod

    helpers: ModuleType
    import tests.helpers as helpers

    return Api(parse_mod.parse, text_mod.decode, render_mod.render, helpers.article, helpers.source_chars)


def _toc_lines(ag: Any) -> set[int]:
    """Lines of the parser's table(s) of contents: everything under a provision of kind toc."""
    lines: set[int] = set()

    def collect(node: Any) -> None:
        lines.add(int(node.line))
        for c in getattr(node, "content", []) or []:
            collect(c)

    for p in ag.walk():
        if p.kind == "toc":
            collect(p)
    return lines


def _short(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:300]


def ingest(api: Api, path: Path, expected: Expected | None) -> FileResult:
    r = FileResult(file=path.name, expected=expected)
    raw_text: str | None = None
    ag: Any = None
    try:
        r.stage = "read"
        data = path.read_bytes()
        r.stage = "decode"
        try:
            raw_text, _ = api.decode(data)
        except Exception as exc:  # undecodable: parse() is still asked, it should raise DecodeError
            r.decode_error = _short(exc)
        r.stage = "parse"
        t0 = time.perf_counter()
        try:
            ag = api.parse(data, path.name)
        finally:
            r.parse_seconds = time.perf_counter() - t0
        r.stage = "metadata"
        r.title = None if ag.title is None else str(ag.title)
        r.updated = None if ag.updated is None else str(ag.updated)
        r.effective = None if ag.effective is None else str(ag.effective)
        for issue in ag.issues:
            if getattr(issue, "level", "warning") == "warning":
                kind = str(issue.code).split(":", 1)[0]
                r.warnings[kind] = r.warnings.get(kind, 0) + 1
            else:
                r.infos += 1
        r.stage = "anchors"
        if raw_text is not None:
            toc = _toc_lines(ag)
            starts = {int(p.line) for p in ag.walk() if p.id}
            r.numbered = numbered_lines(raw_text)
            for nl in r.numbered:
                nl.in_toc = nl.line in toc
                nl.anchored = nl.line in starts
        r.stage = "fidelity"
        if raw_text is not None:
            html = api.render(ag).html
            page = "".join("".join(api.article(html).parts).split())
            src = api.source_chars(strip_bold(raw_text))
            r.source_chars = len(src)
            r.matched_chars, miss = subsequence(src, page)
            r.fidelity = r.matched_chars / len(src) if src else 1.0
            r.present = present_fraction(src, page)
            r.exact = src == page
            if miss is not None:
                r.first_miss = f"source char {miss}: {_around(src, miss)}"
            if not r.exact:
                k = common_prefix(src, page)
                r.diverges = f"char {k}: source {_around(src, k)} page {_around(page, k)}"
        r.stage = None
    except Exception as exc:
        r.ok = False
        r.error = _short(exc)
        r.error_type = type(exc).__name__
        print(f"TRACEBACK {path.name} (at {r.stage}): {r.error}", file=sys.stderr)
        tb = traceback.extract_tb(exc.__traceback__)
        if tb:
            last = tb[-1]
            print(f"    at {last.filename}:{last.lineno} in {last.name}", file=sys.stderr)
        if raw_text is not None and not r.numbered:
            r.numbered = numbered_lines(raw_text)  # counted, none anchored
    if expected is not None and r.ok:
        r.title_ok = r.title == expected.title if expected.title is not None else None
        r.updated_ok = r.updated == expected.updated
        r.effective_ok = r.effective == expected.effective
    elif expected is not None:
        r.title_ok = False if expected.title is not None else None
        r.updated_ok = r.effective_ok = False
    body = [n for n in r.numbered if not n.in_toc]
    r.numbered_count = len(body)
    r.toc_numbered = sum(n.in_toc for n in r.numbered)
    r.table_numbered = sum(n.in_table and not n.in_toc for n in r.numbered)
    r.toc_like_numbered = sum(n.toc_like and not n.in_toc for n in r.numbered)
    r.anchored = sum(n.anchored for n in body)
    return r


# --------------------------------------------------------------------------- report


def pct(a: int, b: int) -> str:
    return f"{a}/{b} ({100 * a / b:.1f} %)" if b else f"{a}/{b} (n/a)"


def summarize(results: list[FileResult], have_expected: bool) -> dict[str, Any]:
    s: dict[str, Any] = {"files": len(results), "tracebacks": sum(not r.ok for r in results)}
    with_exp = [r for r in results if r.expected is not None]
    if have_expected:
        titled = [r for r in with_exp if r.expected and r.expected.title is not None]
        s["titles"] = {"correct": sum(bool(r.title_ok) for r in titled), "of": len(titled),
                       "no_title_expected": len(with_exp) - len(titled)}
        s["updated"] = {"correct": sum(bool(r.updated_ok) for r in with_exp), "of": len(with_exp)}
        s["effective"] = {"correct": sum(bool(r.effective_ok) for r in with_exp), "of": len(with_exp)}
        diffs = [abs(r.numbered_count - r.expected.numbered) for r in with_exp
                 if r.expected and r.expected.numbered is not None]
        s["numbered_vs_expected"] = {"abs_diff": sum(diffs), "files_differing": sum(d > 0 for d in diffs),
                                     "detected": sum(r.numbered_count for r in with_exp),
                                     "expected": sum(r.expected.numbered or 0 for r in with_exp if r.expected)}
    shapes: dict[str, dict[str, int]] = {}
    toc_shapes: Counter[str] = Counter()
    table_shapes: Counter[str] = Counter()
    toc_like: Counter[str] = Counter()
    toc_doubtful = 0
    for r in results:
        for n in r.numbered:
            if n.in_toc:
                toc_shapes[n.shape] += 1
                if not n.toc_like:
                    toc_doubtful += 1
                continue
            if n.in_table:
                table_shapes["anchored" if n.anchored else "missed"] += 1
            if n.toc_like:
                toc_like["anchored" if n.anchored else "missed"] += 1
            d = shapes.setdefault(n.shape, {"total": 0, "anchored": 0})
            d["total"] += 1
            d["anchored"] += int(n.anchored)
    order = [name for name, _ in SHAPES]
    s["shapes"] = {k: shapes[k] for k in sorted(shapes, key=order.index)}
    s["anchored"] = {"anchored": sum(d["anchored"] for d in shapes.values()),
                     "total": sum(d["total"] for d in shapes.values())}
    s["toc_numbered_lines"] = dict(toc_shapes)
    s["toc_lines_not_contents_like"] = toc_doubtful
    s["table_numbered_lines"] = dict(table_shapes)
    s["toc_like_numbered_lines"] = dict(toc_like)
    fids = [r.fidelity for r in results]
    s["fidelity"] = {"min": min(fids) if fids else 1.0, "below_1": sum(f < 1.0 for f in fids),
                     "exact": sum(r.exact for r in results)}
    kinds: Counter[str] = Counter()
    for r in results:
        kinds.update(r.warnings)
    per_file = [sum(r.warnings.values()) for r in results]
    s["warnings"] = {"total": sum(per_file), "median_per_file": statistics.median(per_file) if per_file else 0,
                     "by_kind": dict(kinds.most_common())}
    times = [r.parse_seconds for r in results]
    slowest = max(results, key=lambda r: r.parse_seconds, default=None)
    s["time"] = {"total_parse_s": round(sum(times), 4), "max_parse_s": round(max(times, default=0.0), 4),
                 "slowest": slowest.file if slowest else None}
    return s


def _fmt_exp(v: str | None) -> str:
    return "-" if v is None else v


def print_report(results: list[FileResult], s: dict[str, Any], have_expected: bool, verbose: bool,
                 out: Callable[[str], None] = print) -> None:
    if verbose:
        for r in results:
            print_file(r, out)
        out("")
    out(f"== {s['files']} files, {s['tracebacks']} tracebacks")
    kinds = Counter(r.error_type for r in results if not r.ok)
    if kinds:
        out("  by exception: " + ", ".join(f"{k} {v}" for k, v in kinds.items()))
    for r in results:
        if not r.ok:
            out(f"  traceback: {r.file} (at {r.stage}): {r.error}")
    if have_expected:
        t = s["titles"]
        out("== titles and dates vs EXPECTED")
        out(f"  titles    {pct(t['correct'], t['of'])} where a title exists; {t['no_title_expected']} with no title")
        out(f"  更新日期  {pct(s['updated']['correct'], s['updated']['of'])}")
        out(f"  生效日期  {pct(s['effective']['correct'], s['effective']['of'])}")
        for r in results:
            e = r.expected
            if e is None:
                continue
            if e.title is not None and not r.title_ok:
                out(f"  title    {r.file}: expected {e.title!r}, got {r.title!r}")
        for r in results:
            e = r.expected
            if e is not None and e.title is None:
                out(f"  no title expected  {r.file}: chose {r.title!r}")
        for r in results:
            e = r.expected
            if e is None:
                continue
            if not r.updated_ok:
                out(f"  更新日期 {r.file}: expected {_fmt_exp(e.updated)}, got {_fmt_exp(r.updated)}")
            if not r.effective_ok:
                out(f"  生效日期 {r.file}: expected {_fmt_exp(e.effective)}, got {_fmt_exp(r.effective)}")
        missing = [r.file for r in results if r.expected is None]
        if missing:
            out(f"  no expectation for: {', '.join(missing)}")
    out("== numbered lines anchored (outside tables of contents)")
    out(f"  {'shape':<14}{'total':>7}{'anchored':>10}{'%':>8}")
    for shape, d in s["shapes"].items():
        p = f"{100 * d['anchored'] / d['total']:.1f}" if d["total"] else "n/a"
        out(f"  {shape:<14}{d['total']:>7}{d['anchored']:>10}{p:>8}")
    a = s["anchored"]
    out(f"  overall       {pct(a['anchored'], a['total'])}")
    if s["toc_numbered_lines"]:
        toc = ", ".join(f"{k} {v}" for k, v in s["toc_numbered_lines"].items())
        out(f"  in tables of contents (not counted): {sum(s['toc_numbered_lines'].values())} ({toc}); "
            f"{s['toc_lines_not_contents_like']} of them not in a contents-like run (clauses hidden as toc?)")
    if s["table_numbered_lines"]:
        tab = ", ".join(f"{k} {v}" for k, v in s["table_numbered_lines"].items())
        out(f"  of which in cells of tab-separated tables: {sum(s['table_numbered_lines'].values())} ({tab})")
    if s["toc_like_numbered_lines"]:
        tl = ", ".join(f"{k} {v}" for k, v in s["toc_like_numbered_lines"].items())
        out(f"  of which in runs that look like a table of contents the parser did not mark: "
            f"{sum(s['toc_like_numbered_lines'].values())} ({tl})")
    if have_expected:
        n = s["numbered_vs_expected"]
        out(f"  detector vs EXPECTED numbered lines: detected {n['detected']}, expected {n['expected']}, "
            f"total |diff| {n['abs_diff']} over {n['files_differing']} files (informational)")
        if verbose:
            for r in results:
                e = r.expected
                if e is not None and e.numbered is not None and e.numbered != r.numbered_count:
                    out(f"    {r.file}: detected {r.numbered_count}, expected {e.numbered}")
    f = s["fidelity"]
    out("== fidelity (source characters on the page, in order)")
    for r in results:
        if not r.ok and r.stage in ("read", "decode", "parse", "metadata", "anchors"):
            out(f"  {r.file}: not rendered (traceback at {r.stage})")
        elif r.fidelity < 1.0:
            out(f"  {r.file}: {r.fidelity:.4f} ({r.matched_chars}/{r.source_chars}), present in any order "
                f"{r.present:.4f}")
            if r.diverges:
                out(f"      page departs from source at {r.diverges}")
    out(f"  min {f['min']:.4f}; {f['below_1']} files below 1.0; exact equality {f['exact']}/{s['files']}")
    w = s["warnings"]
    out("== warnings")
    out(f"  total {w['total']}, median {w['median_per_file']} per file")
    for k, v in w["by_kind"].items():
        out(f"  {k:<28}{v:>6}")
    tm = s["time"]
    out("== time")
    out(f"  parse total {tm['total_parse_s']:.3f} s, max {tm['max_parse_s']:.3f} s ({tm['slowest']})")


def print_file(r: FileResult, out: Callable[[str], None]) -> None:
    out(f"--- {r.file}" + ("" if r.ok else f"  TRACEBACK {r.error}"))
    e = r.expected
    out(f"  title {r.title!r}" + (f" (expected {_fmt_exp(e.title)!r})" if e else ""))
    out(f"  更新日期 {_fmt_exp(r.updated)}" + (f" (expected {_fmt_exp(e.updated)})" if e else "")
        + f"; 生效日期 {_fmt_exp(r.effective)}" + (f" (expected {_fmt_exp(e.effective)})" if e else ""))
    shapes = Counter(n.shape for n in r.numbered if not n.in_toc)
    exp_n = _fmt_exp(str(e.numbered) if e and e.numbered is not None else None)
    out(f"  numbered {r.numbered_count} (expected {exp_n}), anchored {r.anchored}, in toc {r.toc_numbered}, "
        f"in table cells {r.table_numbered}, toc-like {r.toc_like_numbered}; "
        + ", ".join(f"{k} {v}" for k, v in shapes.items()))
    for n in r.numbered:
        if n.in_toc and not n.toc_like:
            out(f"    toc?   {n.line:>5} {n.shape:<13} {n.text}")
        if not n.in_toc and not n.anchored:
            tags = ("[table] " if n.in_table else "") + ("[toc-like] " if n.toc_like else "")
            out(f"    missed {n.line:>5} {n.shape:<13} {tags}{n.text}")
    out(f"  fidelity {r.fidelity:.4f} (present {r.present:.4f}) exact={r.exact}")
    if r.diverges:
        out(f"    page departs from source at {r.diverges}")
    if r.first_miss:
        out(f"    first char not found in order: {r.first_miss}")
    if r.warnings:
        out("  warnings " + ", ".join(f"{k} {v}" for k, v in sorted(r.warnings.items())))
    out(f"  parse {r.parse_seconds * 1000:.1f} ms")


def list_files(folder: Path) -> list[Path]:
    files: Iterable[Path] = (p for p in folder.iterdir() if p.is_file())
    return sorted(p for p in files if p.suffix.lower() in (".txt", ".md") and p.name.lower() not in SKIP_NAMES)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0] if __doc__ else None)
    ap.add_argument("dir", type=Path)
    ap.add_argument("expected", type=Path, nargs="?")
    ap.add_argument("--json", type=Path, metavar="OUT", help="write per-file results and the summary as JSON")
    ap.add_argument("--verbose", action="store_true", help="per-file details, missed numbered lines")
    args = ap.parse_args(argv)
    if not args.dir.is_dir():
        print(f"not a directory: {args.dir}", file=sys.stderr)
        return 2
    expected: dict[str, Expected] = {}
    if args.expected is not None:
        try:
            expected = read_expected(args.expected)
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            print(f"cannot read {args.expected}: {_short(exc)}", file=sys.stderr)
            return 2
    try:
        api = load_api()
    except Exception as exc:
        print(f"cannot import the ingester: {_short(exc)}", file=sys.stderr)
        traceback.print_exc(limit=-1)
        return 2
    files = list_files(args.dir)
    results = [ingest(api, p, expected.get(p.name)) for p in files]
    have_expected = args.expected is not None
    absent = sorted(set(expected) - {p.name for p in files})
    summary = summarize(results, have_expected)
    if absent:
        summary["expected_but_absent"] = absent
    print_report(results, summary, have_expected, args.verbose)
    if absent:
        print(f"  in EXPECTED but not in {args.dir}: {', '.join(absent)}")
    if args.json is not None:
        payload = {"summary": summary, "files": [asdict(r) for r in results]}
        try:
            args.json.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
        except OSError as exc:
            print(f"cannot write {args.json}: {_short(exc)}", file=sys.stderr)
            return 2
    return 1 if summary["tracebacks"] else 0


if __name__ == "__main__":
    sys.exit(main())
