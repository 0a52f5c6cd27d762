"""Defined terms: extraction from the texts and the curated glossary data file."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from . import routes, schema
from .memo import memoize
from .model import Agreement, Issue, Span, spans_text
from .slug import slugify

# （以下简称“本协议”） （以下统称“本软件”） （简称“封号”） “法律法规”指… “用户”是指…
DEFINES = [
    re.compile(r"(?:[（(，,；;]\s*)(?:以下)?(?:简称|统称|称)(?:为)?\s*[“\"「]([^”\"」]{1,20})[”\"」]"
               r"(?:\s*或\s*[“\"「]([^”\"」]{1,20})[”\"」])?"),
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
        for line, spans in prov.running():
            text = spans_text(spans)
            for pat in DEFINES:
                for m in pat.finditer(text):
                    for term in m.groups():
                        if term:
                            out.append(Definition(term.strip(), ag.title, prov.id, line))
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
    annotate: bool = True
    # Filled by the build: where the term is defined and where it occurs.
    defined_in: list[tuple[str, str]] = field(default_factory=list)  # (slug, anchor)
    appears_in: list[tuple[str, str]] = field(default_factory=list)

    @property
    def names(self) -> list[str]:
        return [self.zh, *self.aliases]

    @property
    def anchor(self) -> str:
        return "t-" + slugify(self.zh)

    def tone_pinyin(self) -> str:
        """Pinyin with tone marks (pypinyin, unless the data file overrides it)."""
        return self.pinyin or " ".join(pinyin_forms(self.zh)[2])

    def plain_pinyin(self) -> str:
        return " ".join(pinyin_forms(self.zh)[0])

    def sort_key(self) -> tuple:
        """A dictionary's pinyin order: syllable by syllable (e < er, ge < geng, guan < guang),
        then tone by tone (the neutral tone last), then the term."""
        plain, tones, _ = pinyin_forms(self.zh)
        syllables = tuple(k for k in (re.sub(r"[^a-z0-9]", "", p.lower()) for p in plain) if k)
        tone = tuple(int(t[-1]) if t[-1:].isdigit() else 5 for t in tones)
        return (syllables, tone, self.zh)

    @property
    def letter(self) -> str:
        k = "".join(self.sort_key()[0])
        return k[0].upper() if k and k[0].isalpha() else "#"

    def short_def(self) -> str:
        """A short definition: the first phrase of the Chinese one."""
        short = re.split(r"[，；。]", self.def_zh, maxsplit=1)[0] if self.def_zh else ""
        return short[:27] + "…" if len(short) > 28 else short

    def tooltip(self) -> str:
        """Chinese term, English term and a short definition (plain text, e.g. for search)."""
        short = self.short_def()
        return f"{self.zh}（{self.en}）" + (f"：{short}" if short else "")


@memoize("pinyin")
def pinyin_forms(word: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """Syllables of ``word`` without tones, with tone numbers, with tone marks."""
    from pypinyin import Style, lazy_pinyin  # imported only when the memo misses

    return tuple(tuple(lazy_pinyin(word, style=style, errors=lambda x: [x]))  # type: ignore[return-value]
                 for style in (Style.NORMAL, Style.TONE3, Style.TONE))


def load(path: Path) -> tuple[list[Term], list[Issue]]:
    """The glossary at ``path`` checked against :data:`schema.GLOSSARY`, in pinyin order; a missing file is empty."""
    loaded = schema.read(path, schema.GLOSSARY)
    terms = []
    for item in loaded.items:
        v = item.values
        if not v["zh"]:
            loaded.issues.append(Issue(str(path), loaded.line(item.n, "zh"), "glossary",
                                       f"term {item.n} has an empty 'zh'; skipped"))
            continue
        terms.append(Term(
            zh=v["zh"], en=v.get("en", ""), pinyin=v.get("pinyin", ""), def_zh=v.get("def_zh", ""),
            def_en=v.get("def_en", ""), aliases=tuple(v.get("aliases", ())), category=v.get("category", ""),
            note=v.get("note", ""), annotate=v.get("annotate", True)))
    return sorted(terms, key=Term.sort_key), loaded.issues


# -- annotation -------------------------------------------------------------

def matcher(terms: list[Term]) -> re.Pattern[str] | None:
    """One alternation, longest names first, so QQ号码 wins over QQ号 at a position."""
    names = sorted({n for t in terms for n in t.names}, key=len, reverse=True)
    if not names:
        return None
    return re.compile("|".join(re.escape(n) for n in names))


def _defining(text: str, start: int, end: int) -> bool:
    """The term inside its own defining phrase: （以下简称“本协议”）, “法律法规”指…"""
    before, after = text[max(0, start - 8):start], text[end:end + 3]
    if before.endswith(("“", "\"", "「")) and after[:1] in ("”", "\"", "」"):
        return bool(re.search(r"(简称|统称|称为|称)\s*[“\"「]$|或\s*[“\"「]$", before)) or \
            bool(re.match(r"[”\"」]\s*(是指|系指|指)", after))
    return False


def _inside_title(text: str, pos: int) -> bool:
    """Inside 《…》: the name of another document, not a use of the term."""
    return text.rfind("《", 0, pos) > text.rfind("》", 0, pos)


def annotate(ag: Agreement, terms: list[Term], record: bool = True) -> None:
    """Mark glossary terms in an agreement's running text (first use per chapter).

    Never in titles or headings, links, 《titles》 or the defining phrase itself.
    With ``record``, notes every provision a term occurs in (``appears_in``) and where it
    is defined; past versions are annotated without recording (the glossary cites the
    current text).
    """
    pat = matcher(terms)
    if pat is None:
        return
    by_name = {n: t for t in terms for n in t.names}
    for d in definitions(ag) if record else ():
        t = by_name.get(d.term)
        if t is not None and (ag.slug, d.anchor) not in t.defined_in:
            t.defined_in.append((ag.slug, d.anchor))
    for part in ag.parts:
        marked: set[str] = set()  # annotated once per chapter: the tooltip is a reminder, not noise
        for prov in part.walk():
            if not prov.id:
                continue
            seen: set[str] = set()
            for _, spans in prov.running():
                spans[:] = _annotate_spans(spans, pat, by_name, seen, marked)
            for zh in seen if record else ():
                by_name[zh].appears_in.append((ag.slug, prov.id))


def _annotate_spans(spans: list[Span], pat: re.Pattern[str], by_name: dict[str, Term],
                    seen: set[str], marked: set[str]) -> list[Span]:
    out: list[Span] = []
    before = ""  # the text of earlier spans: a 《 may open in one span and close in another
    for s in spans:
        if s.kind != "text":
            out.append(s)
            before += s.text
            continue
        pos, upto = 0, before + s.text
        for m in pat.finditer(s.text):
            term = by_name[m.group(0)]
            if _inside_title(upto, len(before) + m.start()) or _defining(s.text, m.start(), m.end()):
                continue
            seen.add(term.zh)
            if term.zh in marked or not term.annotate:
                continue
            marked.add(term.zh)
            out.append(Span(s.text[pos:m.start()], strong=s.strong))
            out.append(Span(m.group(0), "term", title=term.tooltip(), target=(routes.GLOSSARY, term.anchor),
                            strong=s.strong))
            pos = m.end()
        out.append(Span(s.text[pos:], strong=s.strong))
        before = upto
    return [x for x in out if x.text]


def check(terms: list[Term], agreements: list[Agreement], glossary_path: str) -> list[Issue]:
    """The glossary must not fall behind the texts, nor list terms no text uses."""
    issues: list[Issue] = []
    if not terms:
        return issues  # the site has no glossary
    known = {n for t in terms for n in t.names}
    for ag in agreements:
        for d in definitions(ag):
            if d.term not in known:
                # Listed in the build summary, not a warning each: a new text defines many terms.
                issues.append(Issue(ag.path, d.line, f"glossary-missing:{d.term}",
                                    f"the text defines “{d.term}” but {glossary_path} has no entry for it",
                                    level="info"))
    for t in terms:
        if not t.appears_in and not t.defined_in and not t.note:
            issues.append(Issue(glossary_path, 1, f"glossary-unused:{t.zh}",
                                f"glossary term “{t.zh}” occurs in no hosted agreement; add a 'note' "
                                "saying why it is listed, or remove it"))
    return issues


def missing_terms(issues: list[Issue]) -> list[str]:
    """Defined terms that have no glossary entry, for the build summary."""
    return sorted({i.code.split(":", 1)[1] for i in issues if i.code.startswith("glossary-missing:")})


def tips_json(terms: list[Term]) -> dict:
    """<glossary>/tips.json for the tooltips: anchor → [Chinese term, English term, short definition]."""
    return {t.anchor: [t.zh, t.en, t.short_def()] for t in terms}


def to_json(terms: list[Term], abs_url) -> dict:
    """/glossary.json: the glossary in pinyin order, for app teams."""
    return {"schema_version": 1, "terms": [{
        "zh": t.zh, "en": t.en, "pinyin": t.tone_pinyin(),
        "pinyin_plain": t.plain_pinyin(),
        "definition_zh": t.def_zh, "definition_en": t.def_en, "aliases": list(t.aliases),
        "category": t.category, "url": abs_url(routes.GLOSSARY, t.anchor),
        "defined_in": [abs_url(s, a) for s, a in t.defined_in],
        "appears_in": [abs_url(s, a) for s, a in t.appears_in],
    } for t in terms]}
