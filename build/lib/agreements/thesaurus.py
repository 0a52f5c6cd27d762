"""The search thesaurus: what readers type → the words the agreements use.

Data, maintained by hand in ``docs/search-thesaurus.yml``::

    stop: [可以, 吗, 怎么, …]          # words of a question that find nothing by themselves
    entries:
      - ask: [借, 借给, 送给, 卖]       # what a reader types (Chinese, English or both)
        find: [出借, 借用, 转让, 赠与]   # the words the texts use
        weight: 0.3                      # optional: a generic word (别人, 腾讯) counts for less

The glossary feeds it too (aliases and English names → the Chinese term), see :func:`from_glossary`.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from .model import Issue
from .search import Thesaurus


def load(path: Path, rel: str) -> tuple[Thesaurus, list[Issue]]:
    """The thesaurus at ``path`` (``rel`` names it in messages); a missing file is empty."""
    if not path.is_file():
        return Thesaurus(), []
    issues: list[Issue] = []
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (yaml.YAMLError, UnicodeDecodeError) as e:
        line = getattr(getattr(e, "problem_mark", None), "line", -1) + 1
        return Thesaurus(), [Issue(rel, line or 1, "thesaurus-yaml", f"not read: {e}")]
    if not isinstance(data, dict):
        return Thesaurus(), [Issue(rel, 1, "thesaurus-shape", "expected a mapping with stop and entries")]
    out = Thesaurus(stop=_words(data.get("stop")))
    for n, entry in enumerate(data.get("entries") or [], 1):
        ask = _words(entry.get("ask")) if isinstance(entry, dict) else []
        find = _words(entry.get("find")) if isinstance(entry, dict) else []
        if not ask or not find:
            issues.append(Issue(rel, 1, "thesaurus-entry", f"entry {n}: needs a non-empty ask and find list; ignored"))
            continue
        out.entries.append((ask, find))
        weight = entry.get("weight", 1)
        if isinstance(weight, int | float) and not isinstance(weight, bool) and 0 < weight < 1:
            out.weights.update({a: float(weight) for a in ask})
    return out, issues


def _words(value: object) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        return []
    return [str(v).strip() for v in value if isinstance(v, str | int) and str(v).strip()]


def from_glossary(terms: list) -> list[tuple[list[str], list[str]]]:
    """Glossary aliases and English names as thesaurus entries for the Chinese term."""
    out = []
    for t in terms:
        ask = [*t.aliases]
        if t.en:
            ask += [t.en, *[e.strip() for e in t.en.replace("；", ";").split(";") if e.strip()]]
        ask = [a for a in dict.fromkeys(ask) if a and a != t.zh]
        if ask:
            out.append((ask, [t.zh]))
    return out
