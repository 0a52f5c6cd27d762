"""Clause-level Chinese search, shaped for Material's own search UI.

Material builds its lunr index in the browser from ``search_index.json``: it
splits text at ``config.separator``, prefix-matches every query term, and
segments a Han query greedily against the tokens already in the index. So
recall is decided here, by what tokens each document carries:

* ``text``: the provision's own words, separated by U+200B (jieba, precise
  mode, with titles and defined terms in the user dictionary) — shown and
  highlighted by Material as usual;
* ``k``: an extra, undisplayed field: the shorter words inside longer ones
  (通讯 in 即时通讯, 号码 in QQ号码), and pinyin — whole words
  (``fanxianggongcheng``), syllables (``fan xiang gong cheng``) and initials
  (``fxgc``) — with the common readings of 多音字.

Every clause and item is its own document at its contract anchor; the page
itself stays as the group heading.
"""

from __future__ import annotations

import itertools
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from pypinyin import Style, lazy_pinyin, pinyin

from .model import Agreement, Para, Provision
from .render import provision_label

ZWSP = "\u200b"
SEPARATOR = r"[\s\u200b\u3000\-、。，．？！；：:;,.!?“”‘’\"'（）()《》〈〉【】\[\]「」/／·…]+"
HAN = re.compile(r"[\u3400-\u9fff]")
FIELDS = {"title": {"boost": 100.0}, "text": {"boost": 1.0}, "k": {"boost": 0.7},
          "tags": {"boost": 1000000.0}}


@lru_cache(maxsize=1)
def _jieba() -> Any:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()  # private: never touches the global dictionary
    tok.initialize()
    return tok


_user_words: set[str] = set()


def add_user_words(words: Iterable[str]) -> None:
    """Terms that must stay whole (glossary terms, agreement titles, QQ号码, Q币)."""
    tok = _jieba()
    for w in words:
        w = w.strip()
        if len(w) >= 2 and w not in _user_words:
            tok.add_word(w, freq=max(tok.FREQ.get(w, 0), 20000))
            _user_words.add(w)


def words(text: str) -> list[str]:
    return [w for w in _jieba().lcut(text, HMM=True) if w.strip()]


def sub_words(word: str) -> list[str]:
    """Dictionary words inside a longer word (search mode), without the word itself."""
    if len(word) < 3:
        return []
    return [w for w in _jieba().lcut_for_search(word, HMM=False) if w != word and len(w) >= 2]


# Common 多音字 whose other reading readers plausibly type (银行 háng, 长 zhǎng, 重 chóng …).
POLYPHONES = set("行长重还便传处弹调都读发分干好乐率省数为相应朝着藏差曾种只几折称提")


def readings(word: str, limit: int = 3) -> list[list[str]]:
    """Syllable lists for a Han word: the reading its word context gives (pypinyin's phrase
    dictionary), then, for dictionary terms with a common 多音字, the alternative readings."""
    main = lazy_pinyin(word, style=Style.NORMAL, errors="ignore")
    out = [main]
    if any(c in POLYPHONES for c in word) and len(word) <= 4 and word in _user_words:
        alts = pinyin(word, style=Style.NORMAL, heteronym=True, errors="ignore")
        alts = [a if c in POLYPHONES else [m] for c, a, m in zip(word, alts, main, strict=False)]
        for combo in itertools.islice(itertools.product(*alts), limit):
            if list(combo) not in out:
                out.append(list(combo))
    return out


def keys_for(word: str) -> set[str]:
    """Extra index tokens for one word: sub-words; pinyin as a whole word; initials for
    words of three or more characters and dictionary terms (隐私政策 → yszc); and, for
    dictionary terms (glossary, titles, defined terms), the single syllables, so spaced
    pinyin (fan xiang gong cheng) finds them. Syllables of every word would double the
    index for little recall."""
    keys = set(sub_words(word))
    han = "".join(c for c in word if HAN.match(c))
    if len(han) >= 2:
        for syl in readings(han):
            if not syl:
                continue
            keys.add("".join(syl))
            if word in _user_words:
                keys.update(syl)
            if len(syl) >= 3 or word in _user_words:
                keys.add("".join(s[0] for s in syl))
    return keys


@dataclass
class Doc:
    location: str
    title: str
    text: str
    k: str = ""

    def as_json(self) -> dict:
        d = {"location": self.location, "title": self.title, "text": self.text}
        if self.k:
            d["k"] = self.k
        return d


def own_text(p: Provision) -> str:
    parts = [p.title_text, p.lead_text]
    if p.heading is not None:
        parts.insert(0, p.heading.text)
    parts += [c.text for c in p.content if isinstance(c, Para) and c.role != "dup"]
    return "\n".join(x for x in parts if x)


_SEP = re.compile(SEPARATOR)


def segment_text(text: str) -> tuple[str, list[str]]:
    """Text with U+200B between words; none next to punctuation, which separates anyway."""
    ws = words(text)
    out: list[str] = []
    for i, w in enumerate(ws):
        if i and not _SEP.fullmatch(w) and not _SEP.fullmatch(ws[i - 1]):
            out.append(ZWSP)
        out.append(w)
    return "".join(out), ws


def prune_prefixes(keys: set[str], text_tokens: set[str]) -> list[str]:
    """Drop keys that another token of the same document starts with: Material
    prefix-matches every query term, so ``fan`` is found through ``fanxiang``."""
    every = sorted(keys | text_tokens)
    kept = []
    for i, k in enumerate(every):
        longer = i + 1 < len(every) and every[i + 1].startswith(k) and every[i + 1] != k
        if k in keys and k not in text_tokens and not longer:
            kept.append(k)
    return kept


def agreement_docs(ag: Agreement, location: str) -> list[Doc]:
    """One document for the page (the group heading) and one per anchored provision."""
    docs = [Doc(location, ag.title, "")]
    for p in ag.walk():
        if not p.id:
            continue
        text = own_text(p)
        if not text.strip():
            continue
        seg, ws = segment_text(text)
        keys: set[str] = set()
        for w in ws:
            keys |= keys_for(w)
        tokens = {w.lower() for w in ws if not _SEP.fullmatch(w)}
        kept = prune_prefixes({k.lower() for k in keys}, tokens)
        title = f"{provision_label(p)} {p.title_text}".strip()
        docs.append(Doc(f"{location}#{p.id}", f"{title} · {ag.title}", seg, " ".join(kept)))
    return docs


def shape_index(index: dict, agreements: list[tuple[Agreement, str]]) -> dict:
    """Replace Material's page/heading documents of agreement pages with clause documents."""
    ours = {loc for _, loc in agreements}
    docs = [d for d in index.get("docs", []) if d.get("location", "").split("#")[0] not in ours]
    for ag, loc in agreements:
        docs.extend(d.as_json() for d in agreement_docs(ag, loc))
    config = dict(index.get("config", {}))
    config["separator"] = SEPARATOR
    config["pipeline"] = []  # no English stemming: it would mangle pinyin tokens
    config["fields"] = FIELDS
    return {**index, "config": config, "docs": docs}
