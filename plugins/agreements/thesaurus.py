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

from . import schema
from .model import Issue
from .search import Thesaurus


def load(path: Path, rel: str) -> tuple[Thesaurus, list[Issue]]:
    """The thesaurus at ``path`` (``rel`` names it in messages), checked against :data:`schema.THESAURUS`;
    a missing file is empty."""
    if not path.is_file():
        return Thesaurus(), []
    loaded = schema.read(path, schema.THESAURUS, rel)
    out = Thesaurus(stop=_words(loaded.top.get("stop")))
    for item in loaded.items:
        ask, find = _words(item.values["ask"]), _words(item.values["find"])
        if not ask or not find:
            loaded.issues.append(Issue(rel, loaded.line(item.n), "thesaurus-entry",
                                       f"entry {item.n}: needs a non-empty ask and find list; ignored"))
            continue
        out.entries.append((ask, find))
        weight = item.values.get("weight", 1)
        if 0 < weight < 1:
            out.weights.update({a: float(weight) for a in ask})
    return out, loaded.issues


def _words(value: list[str] | None) -> list[str]:
    """The words of a checked list, stripped; empty ones left out."""
    return [w.strip() for w in value or () if w.strip()]


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
