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

import hashlib
import itertools
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from html.parser import HTMLParser
from typing import Any

from .memo import cached, digest, memoize
from .model import Agreement
from .render import provision_label

ZWSP = "\u200b"
SEPARATOR = r"[\s\u200b\u3000\-、。，．？！；：:;,.!?“”‘’\"'（）()《》〈〉【】\[\]「」/／·…]+"
HAN = re.compile(r"[\u3400-\u9fff]")
FIELDS = {"title": {"boost": 100.0}, "text": {"boost": 1.0}, "k": {"boost": 0.5},
          "g": {"boost": 8.0}, "tags": {"boost": 1000000.0}}


@lru_cache(maxsize=1)
def _jieba() -> Any:
    import jieba

    from .slug import default_dictionary

    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()  # private: never touches the global dictionary
    freq, total = default_dictionary()
    # A copy of the default dictionary the slug tokenizer already loaded (user words go here only).
    tok.FREQ, tok.total, tok.initialized = dict(freq), total, True
    for w in sorted(_user_words):
        tok.add_word(w, freq=max(tok.FREQ.get(w, 0), 20000))
    return tok


_user_words: frozenset[str] = frozenset()
_salt = ""  # names the user-word set in memo keys: other words, other segmentation


def warm_up() -> None:
    """Load what a memo miss needs (jieba's dictionary, pypinyin's phrases) ahead of time:
    ``mkdocs serve`` calls this in the background so the rebuild after an edit is quick."""
    _jieba()
    _lazy("预热")


def set_user_words(words: Iterable[str]) -> None:
    """Terms that must stay whole (glossary terms, agreement titles, QQ号码, Q币)."""
    global _user_words, _salt
    new = frozenset(w.strip() for w in words if len(w.strip()) >= 2)
    if new != _user_words:
        _user_words = new
        _salt = hashlib.sha256("\n".join(sorted(new)).encode()).hexdigest()[:12]
        _jieba.cache_clear()


def words(text: str) -> list[str]:
    return list(_words(_salt, text))


@memoize("words")
def _words(salt: str, text: str) -> tuple[str, ...]:
    return tuple(w for w in _jieba().lcut(text, HMM=True) if w.strip())


def sub_words(word: str) -> list[str]:
    """Dictionary words inside a longer word (search mode), without the word itself."""
    if len(word) < 3:
        return []
    return [w for w in _jieba().lcut_for_search(word, HMM=False) if w != word and len(w) >= 2]


# Common 多音字 whose other reading readers plausibly type (银行 háng, 长 zhǎng, 重 chóng …).
POLYPHONES = set("行长重还便传处弹调都读发分干好乐率省数为相应朝着藏差曾种只几折称提")


@lru_cache(maxsize=65536)
def _lazy(word: str) -> tuple[str, ...]:
    from pypinyin import Style, lazy_pinyin  # imported only when the memo misses

    return tuple(lazy_pinyin(word, style=Style.NORMAL, errors="ignore"))


def readings(word: str, term: bool = False, limit: int = 3) -> list[list[str]]:
    """Syllable lists for a Han word: the reading its word context gives (pypinyin's phrase
    dictionary), then, for dictionary terms with a common 多音字, the alternative readings."""
    main = list(_lazy(word))
    out = [main]
    if term and any(c in POLYPHONES for c in word) and len(word) <= 4:
        from pypinyin import Style, pinyin

        alts = pinyin(word, style=Style.NORMAL, heteronym=True, errors="ignore")
        alts = [a if c in POLYPHONES else [m] for c, a, m in zip(word, alts, main, strict=False)]
        for combo in itertools.islice(itertools.product(*alts), limit):
            if list(combo) not in out:
                out.append(list(combo))
    return out


def keys_for(word: str, rare: bool = False) -> tuple[set[str], set[str]]:
    """Extra index tokens for one word, as (k, g).

    k: the dictionary words inside it (通讯 in 即时通讯) and the whole-word pinyin and
    initials of words of three or more characters, and of ``rare`` two-character words
    (步数, 弹幕: words few clauses use). The pinyin of frequent two-character words
    (使用, 服务) would cost a fifth of the index and find everything.
    g: for dictionary terms (glossary, titles, defined terms) the pinyin in every form a
    reader types — whole (fanxianggongcheng), initials (fxgc), syllables for spaced
    pinyin (fan xiang gong cheng), common 多音字 readings. g is boosted, so a term's
    clause outranks long clauses that merely contain many words starting with ``fan``.
    """
    k, g = _keys(_salt, word, rare, word in _user_words)
    return set(k), set(g)


@memoize("keys")
def _keys(salt: str, word: str, rare: bool, term: bool) -> tuple[tuple[str, ...], tuple[str, ...]]:
    k = set(sub_words(word))
    g: set[str] = set()
    han = "".join(c for c in word if HAN.match(c))
    if len(han) < 2:
        return tuple(sorted(k)), tuple(sorted(g))
    for syl in readings(han, term):
        if not syl:
            continue
        whole, initials = "".join(syl), "".join(x[0] for x in syl)
        if term:
            g.add(whole)
            g.add(initials)
            g.update(syl)
        elif len(syl) >= 3:
            k.add(whole)
            k.add(initials)
        elif rare:
            k.add(whole)
    return tuple(sorted(k)), tuple(sorted(g))


@dataclass
class Doc:
    location: str
    title: str
    text: str
    k: str = ""
    g: str = ""

    def as_json(self) -> dict:
        d = {"location": self.location, "title": self.title, "text": self.text}
        if self.k:
            d["k"] = self.k
        if self.g:
            d["g"] = self.g
        return d


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


def agreement_docs(ag: Agreement, location: str, common: frozenset[str] = frozenset()) -> list[Doc]:
    """One document for the page (the group heading) and one per anchored provision.
    ``common``: words so frequent that their pinyin is not indexed."""
    provs = [(p.id, f"{provision_label(p)} {p.title_text}".strip(), p.text)
             for p in ag.walk() if p.id and p.text.strip()]
    own_words = {w for _, _, text in provs for w in words(text)}
    key = digest(_salt, location, ag.title, provs, sorted(common & own_words))
    rows = cached("docs", key, lambda: _agreement_docs(ag.title, location, provs, common))
    return [_escaped(Doc(*row)) for row in rows]


def _escaped(doc: Doc) -> Doc:
    """Material shows ``title`` and ``text`` as HTML: the memo keeps text, the index escaped text."""
    doc.title, doc.text = escape(doc.title, quote=False), escape(doc.text, quote=False)
    return doc


def _agreement_docs(title: str, location: str, provs: list[tuple[str, str, str]],
                    common: frozenset[str]) -> tuple[tuple[str, ...], ...]:
    docs = [(location, title, "")]
    for pid, label, text in provs:
        seg, ws = segment_text(text)
        k_keys: set[str] = set()
        g_keys: set[str] = set()
        for w in ws:
            k, g = keys_for(w, rare=w not in common)
            k_keys |= k
            g_keys |= g
        tokens = {w.lower() for w in ws if not _SEP.fullmatch(w)}
        g_kept = prune_prefixes({x.lower() for x in g_keys}, set())
        k_kept = prune_prefixes({x.lower() for x in k_keys} - set(g_kept), tokens)
        docs.append((f"{location}#{pid}", f"{label} · {title}", seg, " ".join(k_kept), " ".join(g_kept)))
    return tuple(docs)


def frequent_words(agreements: list[Agreement], max_df: int = 2) -> frozenset[str]:
    """Words used by more than ``max_df`` provisions across the family."""
    df: dict[str, int] = {}
    for ag in agreements:
        for p in ag.walk():
            if p.id:
                for w in set(words(p.text)):
                    df[w] = df.get(w, 0) + 1
    return frozenset(w for w, n in df.items() if n > max_df)


def glossary_docs(terms: list, location: str) -> list[Doc]:
    """One document per glossary term at its anchor: term, English, definitions."""
    docs = [Doc(location, "术语表 / Glossary", "")]
    for t in terms:
        seg, ws = segment_text(f"{t.zh} {' '.join(t.aliases)}\n{t.def_zh}")
        _, g = keys_for(t.zh)
        docs.append(_escaped(Doc(f"{location}#{t.anchor}", f"{t.zh} {t.en}", f"{seg} {t.def_en}",
                                 "", " ".join(prune_prefixes({x.lower() for x in g}, set())))))
    return docs


# -- other pages ----------------------------------------------------------------
# Material's search plugin would cut these pages with jieba's global dictionary, loading
# it (~0.7 s) at every build; cutting them here uses the memo and the same user words as
# the agreements. The output follows Material's: one document per heading section, its
# text keeping the few tags Material keeps for result previews.

KEEP_TAGS = {"p", "code", "pre", "li", "ol", "ul", "sub", "sup"}
SKIP_TAGS = {"script", "style", "object", "svg"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
HAN_RUN = re.compile(r"[\u3400-\u9fff]+")


class _Sections(HTMLParser):
    """Split rendered page HTML at h1-h6 headings with an id (as Material does)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sections: list[list] = []  # [id | None, title parts, text parts]
        self.stack: list[tuple[str, bool]] = []  # (tag, skipped)
        self.heading: str | None = None

    def _skipping(self) -> bool:
        return any(skip for _, skip in self.stack)

    def _current(self) -> list:
        if not self.sections:
            self.sections.append([None, [], []])
        return self.sections[-1]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            return
        a = dict(attrs)
        skipped = tag in SKIP_TAGS or "data-search-exclude" in a or "headerlink" in (a.get("class") or "").split()
        self.stack.append((tag, skipped))
        if re.fullmatch(r"h[1-6]", tag) and a.get("id") and not self._skipping():
            # As in Material: a page whose first heading is not an h1 still gets a page-level
            # document; a first h1 is the page itself (no fragment).
            if not self.sections and tag != "h1":
                self.sections.append([None, [], []])
            self.sections.append([a["id"] if self.sections else None, [], []])
            self.heading = tag
        elif tag in KEEP_TAGS and not self._skipping():
            self._current()[1 if self.heading else 2].append(f"<{tag}>")

    def handle_endtag(self, tag: str) -> None:
        if not any(t == tag for t, _ in self.stack):
            return
        while self.stack:
            t, _ = self.stack.pop()
            if t == tag:
                break
        if tag == self.heading:
            self.heading = None
        elif tag in KEEP_TAGS and not self._skipping():
            text = self._current()[1 if self.heading else 2]
            if text and text[-1] == f"<{tag}>":
                text.pop()  # empty element
            else:
                text.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if self._skipping():
            return
        if not any(t == "pre" for t, _ in self.stack):
            data = " " if data.isspace() else data.replace("\n", " ")
        self._current()[1 if self.heading else 2].append(escape(data, quote=False))


def _segment_han(value: str) -> str:
    """Material's segmentation, with this module's words: U+200B around and inside Han runs."""
    return HAN_RUN.sub(lambda m: ZWSP + ZWSP.join(words(m.group(0))) + ZWSP, value).strip(ZWSP)


def page_docs(html: str, location: str, page_title: str) -> list[Doc]:
    """One document per heading section of a rendered page (documentation pages, the
    family map, version histories), segmented like the agreements."""
    parser = _Sections()
    parser.feed(html)
    parser.close()
    docs = []
    for sid, title_parts, text_parts in parser.sections:
        title = "".join(title_parts).strip() or page_title
        text = re.sub(r" {2,}", " ", "".join(text_parts)).strip()
        docs.append(Doc(f"{location}#{sid}" if sid else location, _segment_han(title), _segment_han(text)))
    return docs


def shape_index(index: dict, agreements: list[tuple[Agreement, str]],
                glossary: tuple[list, str] | None = None, pages: Iterable[dict] = ()) -> dict:
    """Replace Material's page/heading documents of agreement pages (and the glossary
    page) with one document per clause (and per term); add ``pages``' documents (from
    :func:`page_docs`) in their place."""
    ours = {loc for _, loc in agreements} | ({glossary[1]} if glossary else set())
    pages = list(pages)
    ours |= {d["location"].split("#")[0] for d in pages}
    docs = [d for d in index.get("docs", []) if d.get("location", "").split("#")[0] not in ours]
    docs.extend(pages)
    common = frequent_words([ag for ag, _ in agreements])
    for ag, loc in agreements:
        docs.extend(d.as_json() for d in agreement_docs(ag, loc, common))
    if glossary:
        docs.extend(d.as_json() for d in glossary_docs(*glossary))
    config = dict(index.get("config", {}))
    config["separator"] = SEPARATOR
    config["pipeline"] = []  # no English stemming: it would mangle pinyin tokens
    config["fields"] = FIELDS
    return {**index, "config": config, "docs": docs}
