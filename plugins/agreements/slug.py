"""Readable ASCII URL slugs from Chinese titles, via jieba words and pypinyin.

Slugs are public URLs, so they use jieba's *default* dictionary only: the glossary's
user words go to the search module's private tokenizer, never here, so adding a
glossary term never moves a page.
"""

from __future__ import annotations

import logging
import re
import unicodedata

from . import segmentation
from .memo import memoize
from .text import HAN

HAN_RUN = re.compile(rf"[{HAN}]+")
HAN_SPLIT = re.compile(rf"[{HAN}]+|[^{HAN}]+")


def quiet_jieba() -> None:
    """jieba (Material's search plugin may load it) announces its dictionary load on stderr at
    every build; keep it to warnings."""
    logging.getLogger("jieba").setLevel(logging.WARNING)


@memoize("slug")
def slugify(title: str) -> str:
    """QQ软件许可及服务协议 → ``qq-ruanjian-xuke-ji-fuwu-xieyi``."""
    from pypinyin import Style, lazy_pinyin  # imported only when the memo misses

    runs: list[str] = []
    for word in segmentation.cut(segmentation.default(), title):
        runs.extend(HAN_SPLIT.findall(word))
    words: list[str] = []
    prev_single = False
    for run in runs:
        if HAN_RUN.fullmatch(run):
            py = "".join(lazy_pinyin(run, style=Style.NORMAL))
            # Single characters split off a mixed token (QQ号 / 码) read as one word.
            if len(run) == 1 and prev_single and words:
                words[-1] += py
            else:
                words.append(py)
            prev_single = len(run) == 1
        else:
            ascii_run = unicodedata.normalize("NFKD", run).encode("ascii", "ignore").decode()
            words.extend(re.findall(r"[A-Za-z0-9]+", ascii_run))
            prev_single = False
    slug = re.sub(r"[^a-z0-9]+", "-", "-".join(w.lower() for w in words)).strip("-")
    return slug or "agreement"
