"""Defined terms: extraction from the texts and the curated glossary data file."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .model import Agreement, Issue, Para

# （以下简称“本协议”） （以下统称“本软件”） （简称“封号”） “法律法规”指… “用户”是指…
DEFINES = [
    re.compile(r"[（(]\s*(?:以下)?(?:简称|统称|称)(?:为)?\s*[“\"「]([^”\"」]{1,20})[”\"」]"),
    re.compile(r"[“\"「]([^”\"」]{1,20})[”\"」]\s*(?:是指|系指|指)"),
]


@dataclass
class Definition:
    term: str
    agreement: str  # title
    anchor: str  # provision id
    line: int


def definitions(ag: Agreement) -> list[Definition]:
    """Terms an agreement defines, with the provision that defines them."""
    out: list[Definition] = []
    for prov in ag.walk():
        texts = [(prov.line, prov.lead_text)] + [(p.line, p.text) for p in prov.content
                                                 if isinstance(p, Para) and p.role == "p"]
        for line, text in texts:
            for pat in DEFINES:
                for m in pat.finditer(text):
                    out.append(Definition(m.group(1).strip(), ag.title, prov.id, line))
    return out


@dataclass
class Term:
    zh: str
    en: str = ""
    pinyin: str = ""
    def_zh: str = ""
    def_en: str = ""
    aliases: tuple[str, ...] = ()
    category: str = ""
    note: str = ""


def load(path: Path) -> tuple[list[Term], list[Issue]]:
    if not path.exists():
        return [], []
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        return [], [Issue(str(path), 1, "glossary", f"cannot read glossary: {exc}")]
    terms = []
    for item in data.get("terms", []) if isinstance(data, dict) else []:
        if not isinstance(item, dict) or not item.get("zh"):
            continue
        terms.append(Term(
            zh=str(item["zh"]), en=str(item.get("en", "")), pinyin=str(item.get("pinyin", "")),
            def_zh=str(item.get("def_zh", "")), def_en=str(item.get("def_en", "")),
            aliases=tuple(str(a) for a in item.get("aliases") or ()),
            category=str(item.get("category", "")), note=str(item.get("note", ""))))
    return terms, []
