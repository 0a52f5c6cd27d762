"""The search index behind Material's search box: sharded by term, ranked in our own worker.

Material's lunr worker prefix-matches every query word and builds the whole index before the
first result, so plain questions, English and clause numbers miss and a phone pays for the whole
family. This module writes what ``theme/assets/search-worker.js`` reads instead:

* ``search/search_index.json``: a small manifest (pages, thesaurus, English, stop words, the
  normalisation table, each document's BM25 length norm) inside Material's ``config``; ``docs``
  stays empty;
* ``search/t/<n>.json``: postings of every term in bucket ``n`` of its first character: Han
  character bigrams, Latin and digit words, clause numbers ``§8.2.1``; each posting is a document
  number and, when it is not 1, the term's frequency there; the worker weighs it by BM25
  (k1 1.2, b 0.75) with the document's length norm;
* ``search/d/<n>.json``: the documents (anchor, title, the opening of the text) in chunks of
  ``CHUNK``, in page order (the manifest's ``starts`` give each document's page);
* ``search/p/<letter>.json``: the family's words with their pinyin, for pinyin queries.

A query then fetches only the shards of its own terms and the chunks of its results, so its
cost grows with the query, not with the family. Index and query are normalised by the same
table (:data:`CHAR_MAP`, NFKC, case), which the manifest carries to the worker.
"""

from __future__ import annotations

import math
import os
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser
from typing import Any

from . import segmentation
from . import text as text_mod
from .memo import SEP, cached, digest, memoize
from .memo import missing as memo_missing
from .memo import put as memo_put
from .model import Agreement
from .text import one_space

SEPARATOR = r"[\s\u200b\u3000\-、。，．？！；：:;,.!?“”‘’\"'（）()《》〈〉【】\[\]「」/／·…]+"
HAN = rf"{text_mod.HAN}\uf900-\ufaff"  # and the compatibility ideographs a reader may type
TOKEN = re.compile(rf"[{HAN}]+|[a-z0-9]+")
# Documents per chunk file: a result costs its chunk (about 1.8 KB gzip). 32 compress better than
# 16 (the index 6 KB smaller in all, within its 2x budget), for 5 KB more on a first search.
CHUNK = 32
PER_SHARD = 2000  # postings per term shard, on average: the number of shards grows with the family
TEXT_CHARS = 50  # of a document's text kept for the result's snippet
HELP_CHARS = 300  # of a help page section's text that is indexed
K1, B = 1.2, 0.75

# Variant and traditional forms, mapped on index and query alike (one character to one, so
# positions in the normalised text are positions in the original).
_PAIRS = (
    "帐账 帳账 賬账 號号 碼码 們们 個个 資资 訊讯 權权 務务 協协 議议 條条 規规 則则 隱隐 護护 戶户 註注 銷销 費费 買买"
    " 賣卖 轉转 讓让 與与 為为 於于 從从 來来 後后 區区 發发 開开 關关 閉闭 錄录 這这 裡里 裏里 說说 話话 認认 證证"
    " 識识 別别 網网 絡络 線线 體体 內内 兩两 參参 數数 據据 處处 務务 應应 該该 們们 將将 對对 時时 間间 問问 題题"
    " 會会 員员 產产 業业 實实 際际 進进 過过 還还 運运 營营 險险 違违 規规 禁禁 凍冻 結结 註注 冊册 登登 陸陆 兒儿"
    " 童童 監监 護护 齡龄 機机 構构 電电 腦脑 軟软 件件 硬硬 備备 雲云 傳传 輸输 儲储 存存 刪删 除除 撤撤 銷销 補补"
    " 償偿 責责 任任 訴诉 訟讼 法法 院院 轄辖 爭争 議议 糾纠 紛纷 仲仲 裁裁 廣广 告告 推推 薦荐 隨随 機机 門门 檢检"
    " 舉举 報报 客客 戶户 務务 價价 錢钱 幣币 充充 值值 額额 續续 訂订 購购 單单 優优 惠惠 獎奖 勵励 紅红 包包 臉脸"
    " 臉脸 聲声 錄录 像像 頻频 圖图 片片 攝摄 頭头 麥麦 風风 蹤踪 跡迹 歷历 紀纪 記记 錄录 導导 讀读 寫写 複复 製制"
    " 盜盗 竊窃 駭骇 黑黑 攻攻 擊击 病病 毒毒 惡恶 意意 軟软 漏漏 洩泄 露露 號号 碼码 帳账 務务 終终 止止 變变 更更"
    " 換换 義义 務务 權权 利利 許许 可可 證证 產产 標标 識识 專专 級级 隊队 團团 組组 織织 務务 維维 護护 歲岁 齡龄"
)
CHAR_MAP: dict[str, str] = {p[0]: p[1] for p in _PAIRS.split() if p[0] != p[1]}
# Variants that are two characters in both forms (same length, so positions still hold).
PHRASES: dict[str, str] = {"登陆": "登录"}


class _CharTable(dict):
    """str.translate table computed per character on first sight: NFKC and lower case when
    that gives one character, then :data:`CHAR_MAP`."""

    def __missing__(self, c: int) -> str:
        ch = chr(c)
        n = unicodedata.normalize("NFKC", ch).lower()
        if len(n) != 1:
            n = ch.lower() if len(ch.lower()) == 1 else ch
        self[c] = out = CHAR_MAP.get(n, n)
        return out


_TABLE = _CharTable()


def normalize(text: str) -> str:
    """Lower case, NFKC (full width to half width), variant and traditional forms; one
    character for one, so an offset in the result is an offset in ``text``."""
    s = text.translate(_TABLE)
    for a, b in PHRASES.items():
        s = s.replace(a, b)
    return s


def terms(text: str, junctions: frozenset[int] = frozenset()) -> Counter[str]:
    """Index terms of a text: Han character bigrams (a lone character stands for itself),
    Latin and digit words. The worker cuts queries the same way; a one-character query reads
    the bigrams that start with it (they share its shard). ``junctions``: offsets where one
    word of the text ends and another begins (:func:`junctions`); the bigram across one is
    left out (码回 in 号码回收): it names nothing a reader asks for, and the worker treats a
    query bigram that no text has as a word boundary."""
    out: Counter[str] = Counter()
    for m in TOKEN.finditer(normalize(text)):
        tok, at = m.group(0), m.start()
        if tok[0].isascii() or len(tok) == 1:
            out[tok] += 1
        else:
            out.update(tok[i:i + 2] for i in range(len(tok) - 1) if at + i + 1 not in junctions)
    return out


def junctions(text: str) -> frozenset[int]:
    """Offsets in ``text`` between two words of which at least one is a dictionary word of two
    or more characters (jieba, with the glossary and titles as user words)."""
    out, prev_long, start = [], False, 0
    for end in _segments(_salt, text):
        long = end - start >= 2 and bool(_HAN_START.match(text, start))
        if start and (long or prev_long):
            out.append(start)
        prev_long, start = long, end
    return frozenset(out)


_HAN_START = re.compile(rf"[{HAN}]")


@memoize("segments")
def _segments(salt: str, text: str) -> tuple[int, ...]:
    """Where jieba's words of ``text`` end: one segmentation serves the index's word junctions
    and the pinyin vocabulary's words."""
    return _segment_all([text])[0]


PARALLEL_CHARS = 200_000  # of unsegmented text below which a second process does not pay
SEGMENT_PARTS = 8  # the second process's work, in parts: what it has not begun when needed is done here


@dataclass
class Segmenting:
    """Texts being analysed by a second process while the build goes on (see :func:`segment_early`)."""

    parts: list[tuple[list[str], Any]]  # texts, and the future of their analysis
    pool: Any

    def collect(self) -> dict[str, tuple[tuple[str, int], ...]]:
        """Keep the second process's segmentations and vocabulary words in the memo and return
        each text's index terms (for :func:`postings`); the parts it has not begun are cancelled
        and analysed here, so both cores work until the end."""
        terms_: dict[str, tuple[tuple[str, int], ...]] = {}
        try:
            pending = [(texts, f) for texts, f in self.parts if not f.cancel()]
            for texts, _ in (p for p in self.parts if p[1].cancelled()):
                for text, (_, tf, _) in zip(texts, _analyse(texts, with_readings=False)[0], strict=True):
                    terms_[text] = tf
            for texts, f in pending:
                rows, readings_ = f.result()
                for text, (ends, tf, words_) in zip(texts, rows, strict=True):
                    memo_put("segments", SEP.join((_salt, text)), ends)
                    memo_put("vocab", SEP.join((_salt, text)), words_)
                    terms_[text] = tf
                for word, r in readings_.items():
                    memo_put("readings", SEP.join((word, "False", "3")), r)
        finally:
            self.pool.shutdown()
        return terms_


def _unsegmented(texts: Iterable[str]) -> list[str]:
    keys = {SEP.join((_salt, t)): t for t in sorted(set(texts))}
    return [keys[k] for k in memo_missing("segments", list(keys))]


def segment_early(texts: Iterable[str], user_words: Iterable[str], parallel: bool) -> Segmenting | None:
    """Start analysing the ``texts`` the memo lacks on a second process (fork, jieba loaded
    first): segmentation (jieba is pure Python: a cold build's largest cost), index terms and
    vocabulary words, while the pages render; ``None`` when not ``parallel``, on one core, or for
    little text (a process does not pay). :meth:`Segmenting.collect` returns the terms that
    :func:`site_index` takes as ``ahead``."""
    set_user_words(user_words)
    need = _unsegmented(texts)
    # fork only where it is the platform's own way (Linux): macOS's system libraries do not survive it.
    if (not parallel or sum(map(len, need)) < PARALLEL_CHARS or (os.cpu_count() or 1) < 2
            or not sys.platform.startswith("linux")):
        return None
    import concurrent.futures
    import multiprocessing

    _jieba()
    pool = concurrent.futures.ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"))
    parts = [need[i::SEGMENT_PARTS] for i in range(SEGMENT_PARTS)]
    return Segmenting([(texts, pool.submit(_analyse, texts)) for texts in parts if texts], pool)


def _analyse(texts: list[str], with_readings: bool = True) -> tuple[
        list[tuple[tuple[int, ...], tuple[tuple[str, int], ...], tuple[str, ...]]], dict[str, tuple[str, ...]]]:
    """Per text: where its words end, its index terms, its vocabulary words (all the index needs
    of a text that is pure computation); and the pinyin of those words (the vocabulary's
    readings, :func:`readings` with ``term=False``) unless this is the main process."""
    out = []
    for text, ends in zip(texts, _segment_all(texts), strict=True):
        memo_put("segments", SEP.join((_salt, text)), ends)
        out.append((ends, tuple(terms(text, junctions(text)).items()), _text_words(_salt, text)))
    # Each word once (the texts repeat most of theirs: 160,000 words, 6,000 distinct on 62 agreements).
    said = ({w: _readings(w, False, 3) for w in dict.fromkeys(w for _, _, words_ in out for w in words_)}
            if with_readings else {})
    return out, said


def _segment_all(texts: list[str]) -> list[tuple[int, ...]]:
    tok = _jieba()
    out = []
    for text in texts:
        at, ends = 0, []
        for word in segmentation.cut(tok, text):
            at += len(word)
            ends.append(at)
        out.append(tuple(ends))
    return out


_NUMBER_ID = re.compile(r"^(?:(?:part|annex)-\d+-)?c-(\d+(?:\.\d+)*)$")


def clause_number(anchor: str) -> str | None:
    """The number a reader types for a clause: ``c-8.2.1`` → ``8.2.1``, ``c-15`` → ``15``."""
    m = _NUMBER_ID.match(anchor)
    return m.group(1) if m else None


_LIST_MARK = re.compile(r"^(?:[*+-]|\d+\.)[ \t]+")  # a Markdown list item's marker, not words


@dataclass
class Doc:
    """One search result: a clause, a glossary entry or a page section."""

    page: int  # index into the manifest's pages
    anchor: str
    title: str  # plain text; the worker escapes
    text: str
    weight_text: str = ""  # extra text weighed as title (label, heading)
    number: str | None = None

    def row(self) -> list:
        """What a result shows: the title, and the text's opening (without the heading the
        title already shows)."""
        text = self.text
        for head in (self.weight_text, self.title):
            words = head.split(" ", 1)[-1].strip()
            if words and text.startswith(words):
                text = text[len(words):].lstrip()
                break
        return [self.anchor, self.title, _LIST_MARK.sub("", text, count=1)[:TEXT_CHARS]]


@dataclass
class Page:
    url: str
    title: str
    kind: str  # "a" agreement, "g" glossary, "h" any other page
    names: list[str] = field(default_factory=list)  # titles and aliases a query may name it by


# -- documents ------------------------------------------------------------------------------


def agreement_docs(ag: Agreement, page: int, label: Any) -> list[Doc]:
    """One document per anchored provision with text. ``label(p)`` is how a reader cites it."""
    out = []
    for p in ag.walk():
        if not p.id or not p.text.strip():
            continue
        cite = label(p)
        if p.title_text.strip() and p.title_text.strip() not in cite:
            cite = f"{cite} {p.title_text.strip()}"
        out.append(Doc(page, p.id, cite, p.text, cite, clause_number(p.id)))
    return out


def glossary_docs(terms_: list, page: int) -> list[Doc]:
    out = []
    for t in terms_:
        names = " ".join([t.zh, *t.aliases])
        out.append(Doc(page, t.anchor, f"{t.zh} · {t.en}" if t.en else t.zh,
                       f"{names}：{t.def_zh} {t.en}: {t.def_en}".strip(), f"{names} {t.en}"))
    return out


# -- other pages: one document per heading section, as Material's indexer cuts them ------------

SKIP_TAGS = {"script", "style", "object", "svg"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
BLOCK = {"p", "li", "pre", "td", "th", "dd", "dt", "div", "table", "tr", "blockquote"}


class _Sections(HTMLParser):
    """Split rendered page HTML at h1-h6 headings with an id (as Material does), as plain text."""

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
            # As in Material: a first h1 is the page itself (no fragment).
            if not self.sections and tag != "h1":
                self.sections.append([None, [], []])
            self.sections.append([a["id"] if self.sections else None, [], []])
            self.heading = tag
        elif tag in BLOCK and not self._skipping():
            self._current()[2].append(" ")

    def handle_endtag(self, tag: str) -> None:
        if not any(t == tag for t, _ in self.stack):
            return
        while self.stack:
            t, _ = self.stack.pop()
            if t == tag:
                break
        if tag == self.heading:
            self.heading = None

    def handle_data(self, data: str) -> None:
        if not self._skipping():
            self._current()[1 if self.heading else 2].append(data)


def page_sections(html: str, page_title: str) -> list[tuple[str, str, str]]:
    """(anchor, title, text) per heading section of a rendered page; anchor "" for the top."""
    parser = _Sections()
    parser.feed(html)
    parser.close()
    out = []
    for sid, title_parts, text_parts in parser.sections:
        title = one_space("".join(title_parts)) or page_title
        text = one_space("".join(text_parts))
        out.append((sid or "", title, text))
    return out


# -- pinyin vocabulary ----------------------------------------------------------------------


def _jieba() -> Any:
    """The tokenizer that keeps the user words whole (one per word set, built once)."""
    return segmentation.with_words(_user_words)


_user_words: frozenset[str] = frozenset()
_salt = ""  # names the user-word set in memo keys: other words, other segmentation


def set_user_words(words_: Iterable[str]) -> None:
    """Terms that must stay whole (glossary terms, agreement titles, QQ号码, Q币)."""
    import hashlib

    global _user_words, _salt
    new = frozenset(w.strip() for w in words_ if len(w.strip()) >= 2)
    if new != _user_words:
        _user_words = new
        _salt = hashlib.sha256("\n".join(sorted(new)).encode()).hexdigest()[:12]


def warm_up() -> None:
    """Load what a memo miss needs (jieba's dictionary, pypinyin's phrases) ahead of time:
    ``mkdocs serve`` calls this in the background so the rebuild after an edit is quick."""
    _jieba()
    _lazy("预热")


def words(text: str) -> list[str]:
    """jieba's words of ``text`` (no whitespace)."""
    return [w for w in _pieces(text, _segments(_salt, text)) if w.strip()]


def _pieces(text: str, ends: tuple[int, ...]) -> Iterable[str]:
    """``text`` cut where its words end (:func:`_segments`)."""
    return (text[a:b] for a, b in zip((0, *ends), ends, strict=False))


# Common 多音字 whose other reading readers plausibly type (银行 háng, 长 zhǎng, 重 chóng …).
POLYPHONES = set("行长重还便传处弹调都读发分干好乐率省数为相应朝着藏差曾种只几折称提")


@lru_cache(maxsize=65536)
def _lazy(word: str) -> tuple[str, ...]:
    from pypinyin import Style, lazy_pinyin  # imported only when the memo misses

    return tuple(lazy_pinyin(word, style=Style.NORMAL, errors="ignore"))


def readings(word: str, term: bool = False, limit: int = 3) -> list[str]:
    """Spaced toneless pinyin of a Han word: the reading its context gives (pypinyin's phrase
    dictionary), then for dictionary terms with a common 多音字 the other readings."""
    return list(_readings(word, term, limit))


@memoize("readings")
def _readings(word: str, term: bool, limit: int) -> tuple[str, ...]:
    import itertools

    main = list(_lazy(word))
    out = [" ".join(main)]
    if term and any(c in POLYPHONES for c in word) and len(word) <= 4:
        from pypinyin import Style, pinyin

        alts = pinyin(word, style=Style.NORMAL, heteronym=True, errors="ignore")
        alts = [a if c in POLYPHONES else [m] for c, a, m in zip(word, alts, main, strict=False)]
        for combo in itertools.islice(itertools.product(*alts), limit):
            s = " ".join(combo)
            if s not in out:
                out.append(s)
    return tuple(s for s in out if s)


_HAN_WORD = re.compile(rf"^[{HAN}]{{2,}}$")


def vocabulary(texts: Iterable[str], extra: Iterable[str] = ()) -> dict[str, tuple[int, tuple[str, ...]]]:
    """Han words of two or more characters → (number of texts using them, pinyin readings).
    ``extra``: dictionary terms (glossary, titles), indexed in every reading."""
    df: Counter[str] = Counter()
    for text in texts:
        df.update(set(_text_words(_salt, text)))
    terms_ = {normalize(w) for w in extra if _HAN_WORD.match(normalize(w))}
    out = {}
    for w in sorted(set(df) | terms_):
        out[w] = (df.get(w, 0), tuple(readings(w, term=w in terms_)))
    return out


@memoize("vocab")
def _text_words(salt: str, text: str) -> tuple[str, ...]:
    # normalize maps one character to one: the words' offsets hold in the normalised text
    return tuple(sorted({w for w in _pieces(normalize(text), _segments(_salt, text)) if _HAN_WORD.match(w)}))


# -- the index ------------------------------------------------------------------------------


def bucket(term: str, buckets: int) -> int:
    """The shard of a term: by its first character, so a one-character query needs one shard."""
    return ord(term[0]) % buckets if term else 0


class Asked(dict):
    """Index terms by text (``ahead`` of :func:`postings`) that remembers the texts a build asked
    for: a serve rebuild keeps those for the next one."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.asked: set[str] = set()

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        self.asked.add(key)
        return super().get(key, default)

    def kept(self) -> dict[str, tuple[tuple[str, int], ...]]:
        return {t: self[t] for t in self.asked if t in self}


def postings(docs: list[Doc], ahead: dict[str, tuple[tuple[str, int], ...]] | None = None,
             ) -> tuple[dict[str, list[tuple[int, int]]], str]:
    """term → [(document number, term frequency)], documents in order; and each document's
    BM25 length norm (1 − b + b·length/average) × 8 as one :data:`DIGITS` character, from
    which the worker weighs a posting (storing the frequency, mostly 1, not the weight, halves
    a posting)."""
    counted = []
    for d in docs:
        known = ahead.get(d.text) if ahead is not None else None
        if known is None:
            known = tuple(terms(d.text, junctions(d.text)).items())
            if ahead is not None:
                ahead[d.text] = known
        tf = Counter(dict(known))
        weighed = ahead.get(d.weight_text) if ahead is not None else None
        if weighed is None:
            weighed = tuple(terms(d.weight_text, junctions(d.weight_text)).items())
            if ahead is not None:
                ahead[d.weight_text] = weighed
        for t, n in weighed:
            tf[t] += 2 * n  # label and heading words weigh three times
        counted.append(tf)
    lengths = [sum(tf.values()) for tf in counted]
    avg = (sum(lengths) / len(lengths)) if lengths else 1.0
    norms = "".join(DIGITS64[min(63, max(1, round((1 - B + B * n / avg) * 8)))] for n in lengths)
    out: dict[str, list[tuple[int, int]]] = {}
    for i, (d, tf) in enumerate(zip(docs, counted, strict=True)):
        for t, n in tf.items():
            out.setdefault(t, []).append((i, n))
        if d.number:
            out.setdefault("§" + d.number, []).append((i, 1))
    return out, norms


def shards(post: dict[str, list[tuple[int, int]]]) -> tuple[dict[int, dict], int]:
    """Postings in ``buckets`` shards (see :func:`bucket`), as many as keep a shard near
    PER_SHARD postings. Each list is a string: per posting, twice the gap from the previous
    document number, plus one when the frequency follows (it is not 1), in :func:`_code` digits."""
    total = sum(len(p) for p in post.values())
    buckets = max(1, math.ceil(total / PER_SHARD))
    out: dict[int, dict] = {}
    codes, known = _CODES, len(_CODES)
    for t in sorted(post):
        prev, enc = 0, []
        for i, n in post[t]:
            gap = 2 * (i - prev) + (n > 1)
            prev = i
            enc.append(codes[gap] if gap < known else _code(gap))
            if n > 1:
                enc.append(codes[n] if n < known else _code(n))
        out.setdefault(bucket(t, buckets), {})[t] = "".join(enc)
    return out, buckets


# Variable-length digits: the first 32 characters end a number, the next 32 continue it.
DIGITS = "0123456789abcdefghijklmnopqrstuvABCDEFGHIJKLMNOPQRSTUVWXYZ_-"
DIGITS64 = DIGITS + "().~"
_END, _MORE = DIGITS64[:32], DIGITS64[32:]


def _code(n: int) -> str:
    out = _END[n % 32]
    n //= 32
    while n:
        out = _MORE[n % 32] + out
        n //= 32
    return out


_CODES = tuple(_code(n) for n in range(1 << 12))  # the gaps and frequencies of nearly every posting


def pinyin_shards(vocab: dict[str, tuple[int, tuple[str, ...]]]) -> dict[str, list]:
    """Words by the first letter of their pinyin: [word, reading, …], the most frequent first."""
    out: dict[str, list] = {}
    for w, (_, reads) in sorted(vocab.items(), key=lambda x: (-x[1][0], x[0])):
        for letter in sorted({r[:1] for r in reads if r[:1].isascii() and r[:1].isalpha()}):
            out.setdefault(letter, []).append([w, *[r for r in reads if r.startswith(letter)]])
    return out


@dataclass
class Thesaurus:
    """Reader words → the words the texts use (``docs/search-thesaurus.yml``), English
    words → Chinese, and the words a question is made of that find nothing (stop words)."""

    entries: list[tuple[list[str], list[str]]] = field(default_factory=list)  # (ask, find)
    stop: list[str] = field(default_factory=list)
    weights: dict[str, float] = field(default_factory=dict)  # ask word → weight below 1


def manifest(pages: list[Page], ndocs: int, buckets: int, thesaurus: Thesaurus, starts: list[int],
             norms: str) -> dict:
    # Each entry once, as written (normalised): the worker makes the map of every ask word to
    # its find words (in entry order, each once, never the word itself). A map written out
    # repeats an entry's find words for each of its ask words: four times the bytes.
    ask = [[keys, [x for x in (normalize(x).strip() for x in f) if x]]
           for a, f in thesaurus.entries if (keys := [k for k in (normalize(w).strip() for w in a) if k])]
    return {
        "v": 2, "n": ndocs, "chunk": CHUNK, "buckets": buckets, "end": _END, "more": _MORE, "k1": K1,
        "norms": norms,  # per document, its BM25 length norm × 8 (see postings)
        "pages": [[p.url, p.title, p.kind] for p in pages],
        "starts": starts,  # the number of each page's first document (documents are in page order)
        "names": sorted({(normalize(n), i) for i, p in enumerate(pages) for n in p.names if len(n) >= 3},
                        key=lambda x: (x[0], x[1])),
        "ask": ask,  # [[ask words, find words], …]
        "stop": sorted({normalize(s) for s in thesaurus.stop if s.strip()}),
        "weight": dict(sorted({normalize(k): w for k, w in thesaurus.weights.items()}.items())),
        "norm": dict(sorted(CHAR_MAP.items())), "phrases": PHRASES,
    }


def build(pages: list[Page], docs: list[Doc], thesaurus: Thesaurus, vocab_texts: list[str],
          vocab_terms: list[str], ahead: dict[str, tuple[tuple[str, int], ...]] | None = None) -> dict[str, Any]:
    """Every file of the index, by path under the site folder (values are JSON-shaped)."""
    post, norms = postings(docs, ahead)
    grouped, buckets = shards(post)
    files: dict[str, Any] = {}
    config = {"lang": ["zh"], "separator": SEPARATOR, "pipeline": [], "fields": {},
              "ag": manifest(pages, len(docs), buckets, thesaurus, _starts(docs, len(pages)), norms)}
    files["search/search_index.json"] = {"config": config, "docs": []}
    for key, table in grouped.items():
        files[f"search/t/{key}.json"] = table
    for n in range(math.ceil(len(docs) / CHUNK)):
        files[f"search/d/{n}.json"] = [d.row() for d in docs[n * CHUNK:(n + 1) * CHUNK]]
    vocab = cached("vocabulary", digest(_salt, vocab_texts, sorted(vocab_terms)),
                   lambda: _vocab_rows(vocab_texts, vocab_terms))
    for letter, rows in pinyin_shards({w: (df, tuple(r)) for w, df, r in vocab}).items():
        files[f"search/p/{letter}.json"] = rows
    return files


def _starts(docs: list[Doc], npages: int) -> list[int]:
    out, i = [], 0
    for page in range(npages):
        while i < len(docs) and docs[i].page < page:
            i += 1
        out.append(i)
    return out


def _vocab_rows(texts: list[str], extra: list[str]) -> tuple:
    return tuple((w, df, tuple(r)) for w, (df, r) in vocabulary(texts, extra).items())


def unmatched(thesaurus: Thesaurus, texts: list[str]) -> list[str]:
    """Thesaurus entries none of whose text words occurs in any text (to report at build)."""
    corpus = normalize("\n".join(texts))
    return ["/".join(a) for a, f in thesaurus.entries if not any(normalize(x) in corpus for x in f)]




def site_index(agreements: list[tuple[Agreement, str, list[str]]], label: Any,
               glossary: tuple[list, str] | None, others: list[tuple[str, str, list[tuple[str, str, str]]]],
               thesaurus: Thesaurus, user_words: Iterable[str],
               ahead: dict[str, tuple[tuple[str, int], ...]] | None = None) -> dict[str, Any]:
    """The whole index of a site: ``agreements`` as (agreement, page url, names it goes by),
    ``label(p)`` how a provision is cited, the glossary's terms and url, the ``others`` pages
    as (url, title, sections from :func:`page_sections`); ``ahead`` as :func:`postings`."""
    set_user_words(user_words)
    pages: list[Page] = []
    docs: list[Doc] = []
    for ag, url, names in agreements:
        pages.append(Page(url, ag.title, "a", [ag.title, *names]))
        docs += agreement_docs(ag, len(pages) - 1, label)
    vocab_terms = [n for p in pages for n in p.names]
    if glossary:
        terms_, url = glossary
        pages.append(Page(url, "术语表 / Glossary", "g"))
        docs += glossary_docs(terms_, len(pages) - 1)
        vocab_terms += [n for t in terms_ for n in (t.zh, *t.aliases)]
    for url, title, sections in sorted(others):
        pages.append(Page(url, title, "h"))
        # A help page is found by its headings and the opening of each section: its full text
        # would be a tenth of the index for pages that rank below every agreement anyway.
        docs += [Doc(len(pages) - 1, anchor, t, text[:HELP_CHARS], t) for anchor, t, text in sections]
    vocab_texts = [p.text for ag, _, _ in agreements for p in ag.walk() if p.id]
    return build(pages, docs, thesaurus, vocab_texts, vocab_terms, ahead)
