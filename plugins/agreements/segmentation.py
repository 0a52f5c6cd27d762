"""Chinese word segmentation: jieba's dictionary and algorithm, run by jieba-rs (``rjieba``).

jieba's own ``cut`` is pure Python: on a 62-agreement family it took 2.4 s and its dictionary
0.8 s to load, a cold build's largest cost. ``rjieba`` binds jieba-rs, which carries the same
dictionary and the same maximum-probability route (``HMM=False``): the same words, ten times
faster, loaded in 0.1 s. jieba itself stays the source of the dictionary's frequencies, read
from its ``dict.txt`` (a user word is weighted ``max(its frequency, 20000)``, as before).
"""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import memo

USER_FREQ = 20000  # a user word outweighs any split of it, as jieba's add_word(freq=…) did
UNSEEN = "\ue000\ue000"  # private use: never inside a run jieba segments


@lru_cache(maxsize=1)
def default() -> Any:
    """A tokenizer with jieba's default dictionary only (slugs: public URLs never follow the glossary)."""
    import rjieba

    return rjieba.Jieba()


@lru_cache(maxsize=4)
def with_words(words: frozenset[str]) -> Any:
    """A private tokenizer that keeps ``words`` whole (glossary terms, titles)."""
    import rjieba

    tok = rjieba.Jieba()
    ordered = sorted(words)
    known = 0
    for word, freq in zip(ordered, frequencies(ordered), strict=True):
        tok.add_word(word, max(freq, USER_FREQ), None)
        known += freq
    # jieba's add_word adds the new weight to the dictionary's total; jieba-rs adds only the
    # difference for a word it has. The total weighs every route (more words, more cost), so
    # a word no text can hold carries the rest: the same total, the same words as jieba's.
    if known:
        tok.add_word(UNSEEN, known, None)
    return tok


def cut(tok: Any, text: str) -> list[str]:
    """jieba's ``cut(text, HMM=False)``."""
    return tok.cut(text, False)


def frequencies(words: list[str]) -> list[int]:
    """Each word's frequency in jieba's dictionary (0 when it has none); kept in the memo, so
    the dictionary file is read only for words no build has looked up."""
    wanted = memo.missing("jieba-freq", words)
    if wanted:
        found = _dictionary_frequencies(set(wanted))
        for w in wanted:
            memo.put("jieba-freq", w, found.get(w, 0))
    return [memo.cached("jieba-freq", w, lambda: 0) for w in words]


def _dictionary_frequencies(words: set[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    path = _dictionary()
    if path is None:
        return out
    with path.open(encoding="utf-8") as f:
        for line in f:
            word, _, rest = line.partition(" ")
            if word in words:
                out[word] = int(rest.split(" ", 1)[0])
    return out


def _dictionary() -> Path | None:
    spec = importlib.util.find_spec("jieba")  # the file only: importing jieba costs 0.2 s
    if spec is None or spec.origin is None:
        return None
    path = Path(spec.origin).parent / "dict.txt"
    return path if path.is_file() else None
