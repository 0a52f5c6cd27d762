"""Persistent memo tables for the plugin's expensive pure functions.

Slugs, pinyin and Chinese word segmentation are pure functions of short strings,
but computing them needs jieba's dictionary (a ~0.7 s load) and pypinyin (a ~0.3 s
import). Their results are kept in named tables that the build saves to one JSON
file and loads on the next build, so a build whose texts did not change, or changed
a little (``mkdocs serve``), computes only the strings it has not seen.

The file is named after a fingerprint of this package's source and of the jieba and
pypinyin versions: new code or new dictionaries start from empty tables. Only the
entries a build used are saved, so the file stays the size of the site. Deleting it
is always safe; an unreadable file counts as empty.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")

_tables: dict[str, dict[str, Any]] = {}
_used: dict[str, set[str]] = {}
_stats = {"hits": 0, "misses": 0}
SEP = "\x1f"


def cached(table: str, key: str, compute: Callable[[], T]) -> T:
    """The value kept under ``key`` in ``table``, computed and kept on a miss.

    ``key`` must name every input of ``compute`` (use :func:`digest` for long ones);
    values must be JSON-shaped (str, int, bool, tuples). A value read back from the file
    has lists where it had tuples: callers read values, never mutate them.
    """
    store = _tables.setdefault(table, {})
    _used.setdefault(table, set()).add(key)
    try:
        value = store[key]
    except KeyError:
        _stats["misses"] += 1
        value = store[key] = compute()
        return value
    _stats["hits"] += 1
    return value


def memoize(table: str) -> Callable[[F], F]:
    """Keep the results of a pure function of strings (and bools) in table ``table``."""

    def deco(fn: F) -> F:
        @functools.wraps(fn)
        def wrapper(*args: Any) -> Any:
            return cached(table, SEP.join(str(a) for a in args), lambda: fn(*args))

        return wrapper  # type: ignore[return-value]

    return deco


def missing(table: str, keys: list[str]) -> list[str]:
    """The keys of ``table`` that hold no value yet (to compute them together)."""
    store = _tables.get(table, {})
    return [k for k in keys if k not in store]


def put(table: str, key: str, value: Any) -> None:
    """Keep a value computed outside :func:`cached` (as :func:`cached` would have: it is saved)."""
    _tables.setdefault(table, {})[key] = value
    _used.setdefault(table, set()).add(key)


def digest(*parts: object) -> str:
    """A short stable name for long inputs (texts, word lists)."""
    h = hashlib.sha256()
    for part in parts:
        h.update(repr(part).encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()[:32]


def fingerprint() -> str:
    """This package's source and the dictionary packages' versions."""
    h = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    for dist in ("jieba", "rjieba", "pypinyin"):
        try:
            h.update(f"{dist}={metadata.version(dist)}".encode())
        except metadata.PackageNotFoundError:
            h.update(dist.encode())
    return h.hexdigest()[:16]


def path_in(cache_dir: Path) -> Path:
    return cache_dir / f"memo-{fingerprint()}.json"


def load(path: Path) -> str:
    """Read the tables saved at ``path``; returns a note for the log (never raises)."""
    _used.clear()
    _stats.update(hits=0, misses=0)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
    except FileNotFoundError:
        return f"no cache at {path}: computing slugs, pinyin and words"
    except (OSError, ValueError) as exc:
        return f"ignoring unreadable cache {path} ({exc})"
    for name, entries in data.items():
        if isinstance(entries, dict):
            store = _tables.setdefault(name, {})
            for key, value in entries.items():
                store.setdefault(key, value)
    return f"cache {path}: {sum(len(t) for t in _tables.values())} entries"


def save(path: Path) -> bool:
    """Write the entries this build used (atomically); False if nothing new or not writable."""
    if not _stats["misses"] and path.exists():
        return False
    data = {name: {k: _tables[name][k] for k in sorted(keys) if k in _tables.get(name, {})}
            for name, keys in sorted(_used.items())}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".memo-", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            # dumps, not dump: dump streams through the pure-Python encoder (1.2 s for 62 agreements)
            out.write(json.dumps(data, ensure_ascii=False, separators=(",", ":")))
        os.chmod(tmp, 0o644)  # mkstemp makes it private; it is a build artefact like site/
        os.replace(tmp, path)
        for old in path.parent.glob("memo-*.json"):
            if old != path:
                old.unlink(missing_ok=True)  # tables of older code
    except OSError:
        return False
    return True


def stats() -> dict[str, int]:
    return dict(_stats)


def clear() -> None:
    """Forget every table (tests; a new process starts empty anyway)."""
    _tables.clear()
    _used.clear()
    _stats.update(hits=0, misses=0)
