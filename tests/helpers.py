"""Test helpers that deliberately do not use the project's parser."""

from __future__ import annotations

import re
from html.parser import HTMLParser

VOID = {"br", "img", "hr", "input", "meta", "link", "wbr", "source", "col", "area", "base", "embed"}


class ArticleText(HTMLParser):
    """Collect the text inside <div class="agreement">, skipping elements marked data-ui."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # depth inside the agreement div
        self.skip_depth = 0
        self.parts: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag in VOID:
            return
        if self.depth == 0 and tag == "div" and "agreement" in (a.get("class") or "").split():
            self.depth = 1
            return
        if self.depth:
            self.depth += 1
            if self.skip_depth == 0 and "data-ui" in a:
                self.skip_depth = self.depth

    def handle_endtag(self, tag):
        if tag in VOID or not self.depth:
            return
        if self.skip_depth and self.depth == self.skip_depth:
            self.skip_depth = 0
        self.depth -= 1

    def handle_data(self, data):
        if self.depth and not self.skip_depth:
            self.parts.append(data)


def article(html: str) -> ArticleText:
    p = ArticleText()
    p.feed(html)
    return p


def page_ids(html: str) -> set[str]:
    return set(re.findall(r'\sid="([^"]+)"', html))


SAFE = r"(?:https?://|mailto:|#|/|\.{1,2}/|[\w\-./]*(?:#[\w\-.]*)?\)|\))"


def source_chars(raw: str) -> str:
    """Non-whitespace characters of a raw text as a reader should see them.

    Front matter, Markdown link syntax of safe links, a leading '# ' title marker,
    '- ' list markers before item labels and backslash escapes are syntax, not text.
    Links to javascript:/data: stay visible as written; control characters are shown
    as their Unicode control pictures.
    """
    raw = raw.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    # The YAML between the delimiter lines, as the parser reads it (text.FRONT_MATTER).
    m = re.match(r"\A---[ \t]*\n(.*?\n)---[ \t]*(?:\n|\Z)", raw, re.S)
    fm = bool(m and _yaml_ok(m.group(1)) and (yaml_mapping(m.group(1))))
    if m and _yaml_ok(m.group(1)):
        raw = raw[m.end():]
    # A web clipping (front matter, or a '# ' first line): Markdown headings and **bold** are syntax.
    if fm or re.match(r"\A\s*#{1,6}\s", raw):
        raw = re.sub(r"(?m)^[ \t]*(?:>[ \t]?)+", "", raw)
        raw = re.sub(r"(?m)^([ \t\u3000]*)#{1,6}[ \t]+", r"\1", raw)
        raw = re.sub(r"(?m)^([ \t\u3000]*)[-*+][ \t]+(?=(?:\*\*)?(?:[(（]|[0-9０-９]|第|[一二三四五六七八九十百]+[、.．]"
                     r"|[①-⑳]|[a-zA-Z][.．、)）]))", r"\1", raw)
        raw = "\n".join(re.sub(r"\*\*(?=\S)(.+?)(?<=\S)\*\*", r"\1", line) for line in raw.split("\n"))
    raw = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", lambda c: chr(0x2400 + ord(c.group(0))), raw)
    raw = re.sub(r"\[([^\[\]\n]*)\]\((?!javascript:|data:|vbscript:)([^()\s]*)\)", r"\1", raw)
    raw = re.sub(r"<((?:https?|mailto):[^<>\s]+)>", r"\1", raw)
    raw = re.sub(r"\\([\\`*_{}\[\]()#+\-.!|<>~])", r"\1", raw)
    raw = re.sub(r"\A(\s*)#{1,6}\s+", r"\1", raw)
    raw = re.sub(r"(?m)^\s*[-*+]\s+(?=[(（])", "", raw)
    return "".join(raw.split())


def yaml_mapping(block: str) -> bool:
    """A front matter that is a non-empty mapping (an empty one does not make a clipping)."""
    import yaml

    try:
        return bool(yaml.safe_load(block))
    except yaml.YAMLError:
        return False


def _yaml_ok(block: str) -> bool:
    import yaml

    try:
        return isinstance(yaml.safe_load(block) or {}, dict)
    except yaml.YAMLError:
        return False
