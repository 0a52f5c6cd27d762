"""Chinese word segmentation (jieba), shared by slugs, search and the glossary.

jieba is imported lazily and its dictionary initialised once per process;
``add_words`` feeds glossary terms and agreement titles into the user dictionary.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

_added: set[str] = set()


@lru_cache(maxsize=1)
def _jieba() -> Any:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


def add_words(words: Iterable[str]) -> None:
    """Add words to jieba's user dictionary so they are never split."""
    jb = _jieba()
    for w in words:
        if w and w not in _added:
            jb.add_word(w, freq=2000)
            _added.add(w)


def words(text: str) -> list[str]:
    """Segment text into words (precise mode), dropping whitespace tokens."""
    return [w for w in _jieba().lcut(text, HMM=False) if w.strip()]


def search_words(text: str) -> list[str]:
    """Segment for indexing: precise words plus the shorter words inside them."""
    return [w for w in _jieba().lcut_for_search(text, HMM=False) if w.strip()]
