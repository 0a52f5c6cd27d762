"""Low-level text handling: decoding, front matter, numerals, inline Markdown."""

from __future__ import annotations

import re

import yaml

from .model import Span

ENCODINGS = ("utf-8", "utf-16", "gb18030")


class DecodeError(Exception):
    """Raised when a raw file cannot be decoded as text."""


def decode(data: bytes) -> tuple[str, str]:
    """Decode raw bytes; return (text, encoding). BOMs and CR/CRLF are normalized."""
    if data.startswith(b"\xef\xbb\xbf"):
        data, tried = data[3:], ("utf-8",)
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        tried = ("utf-16",)
    else:
        tried = ENCODINGS[:1] + ENCODINGS[2:]
    for enc in tried:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            continue
        text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
        return text, enc
    # Almost UTF-8 (a few broken bytes in an otherwise UTF-8 file): keep it UTF-8 and
    # show U+FFFD where the bytes were, rather than misreading the whole file as GB18030.
    if b"\x00" not in data:
        text = data.decode("utf-8", errors="replace")
        if text.count("\ufffd") <= max(8, len(text) // 200):
            return text.replace("\r\n", "\n").replace("\r", "\n"), "utf-8 (with invalid bytes)"
    raise DecodeError(
        "cannot decode as text (tried " + ", ".join(tried) + "); "
        "save the file as UTF-8 and rebuild"
    )


FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)---[ \t]*(?:\n|\Z)", re.S)


def split_front_matter(text: str) -> tuple[dict, str, int, str | None]:
    """Return (front matter, body, line offset of body, error message or None)."""
    m = FRONT_MATTER.match(text)
    if not m:
        return {}, text, 0, None
    offset = m.group(0).count("\n")
    try:
        data = yaml.safe_load(m.group(1))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (front matter line {mark.line + 2})" if mark else ""
        return {}, text, 0, f"invalid YAML front matter{where}; it is shown as text"
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return {}, text, 0, "front matter is not a mapping; it is shown as text"
    return {str(k): v for k, v in data.items()}, text[m.end():], offset, None


_FULLWIDTH_CHARS = "０１２３４５６７８９．"
FULLWIDTH_DIGITS = str.maketrans(_FULLWIDTH_CHARS, "0123456789.")
_FULLWIDTH = re.compile(f"[{_FULLWIDTH_CHARS}]")


def ascii_digits(s: str) -> str:
    # Called for every line a shape is tried on: most have no full-width digit to translate.
    return s.translate(FULLWIDTH_DIGITS) if _FULLWIDTH.search(s) else s


# Chinese numerals as clause numbers and references write them (第十二条, 二十三、, 第一百零二条).
CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
             "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_NUMERAL = "零〇一二两三四五六七八九十百"
# 二〇二三 → 2023: digit by digit (years).
CN_DIGIT_TABLE = str.maketrans({c: str(v) for c, v in CN_DIGITS.items()})


def cn_to_int(s: str) -> int | None:
    """Convert a Chinese numeral up to 九百九十九 (十五, 二十三, 一百零二) to int."""
    if not s or any(c not in CN_NUMERAL for c in s):
        return None
    total, cur = 0, 0
    for c in s:
        if c == "百":
            total += (cur or 1) * 100
            cur = 0
        elif c == "十":
            total += (cur or 1) * 10
            cur = 0
        else:
            cur = CN_DIGITS[c]
    return total + cur


# Han characters as the parser and the slugs know them (CJK Unified Ideographs and Extension A),
# the body of a regex character class: [{HAN}].
HAN = r"\u3400-\u9fff"
HAN_CHAR = re.compile(rf"[{HAN}]")
SPACE = re.compile(r"\s+")


def without_space(s: str) -> str:
    """``s`` with every run of white space removed: titles and texts compared as written."""
    return SPACE.sub("", s)


NON_WORD = re.compile(r"[\s\W_]+")


def word_chars(s: str) -> str:
    """``s`` without white space, punctuation or ``_``: headings and entries compared by their words."""
    return NON_WORD.sub("", s)


def one_space(s: str) -> str:
    """``s`` with every run of white space made one space, and none at the ends."""
    return " ".join(s.split())


ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}


def roman_to_int(s: str) -> int | None:
    s = s.lower()
    if not s or any(c not in ROMAN for c in s):
        return None
    total = 0
    for a, b in zip(s, s[1:] + " ", strict=False):
        v = ROMAN[a]
        total += -v if b != " " and ROMAN[b] > v else v
    return total


# Inline Markdown that web clippings carry: [text](url), <https://...>, \_ escapes.
INLINE = re.compile(
    r"\[(?P<text>[^\[\]\n]*)\]\((?P<url>[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)\)"
    r"|<(?P<auto>(?:https?|mailto):[^<>\s]+)>"
)
ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~])")


def unescape(s: str) -> str:
    return ESCAPE.sub(r"\1", s)


BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")


def inline_spans(text: str, bold: bool = False, strong: bool = False) -> list[Span]:
    """Split source text into spans, interpreting Markdown links and escapes.

    With ``bold`` (web clippings), ``**…**`` pairs become strong spans; an unpaired
    ``**`` stays text. ``strong`` marks every span (a line that is bold as a whole).
    """
    if bold and "**" in text:
        out: list[Span] = []
        pos = 0
        for m in BOLD.finditer(text):
            out.extend(inline_spans(text[pos:m.start()], strong=strong))
            out.extend(inline_spans(m.group(1), strong=True))
            pos = m.end()
        out.extend(inline_spans(text[pos:], strong=strong))
        return out
    spans = _inline(text)
    if strong:
        for sp in spans:
            sp.strong = True
    return spans


def _inline(text: str) -> list[Span]:
    spans: list[Span] = []
    pos = 0
    for m in INLINE.finditer(text):
        if m.start() > pos:
            spans.append(Span(unescape(text[pos:m.start()])))
        if m.group("auto"):
            url = m.group("auto")
            spans.append(Span(url, "link", href=url, src_href=url))
        else:
            url = unescape(m.group("url"))
            spans.append(Span(unescape(m.group("text")), "link", href=url, src_href=url))
        pos = m.end()
    if pos < len(text):
        spans.append(Span(unescape(text[pos:])))
    return [s for s in spans if s.text or s.kind == "link"]


CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def visible_controls(text: str) -> str:
    """Control characters cannot be shown in HTML; show their Unicode control pictures."""
    return CONTROL.sub(lambda m: chr(0x2400 + ord(m.group(0))) if m.group(0) != "\x7f" else "\u2421", text)
