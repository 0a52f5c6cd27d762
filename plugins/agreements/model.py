"""The agreement model: a tree of provisions built from one raw text.

Plain dataclasses, no MkDocs. Every stage after parsing (anchors, links,
glossary, rendering) reads and annotates these objects.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

SpanKind = Literal["text", "link", "mention", "ref", "term"]


@dataclass
class Span:
    """A run of inline text; ``href`` set when the span is a link."""

    text: str
    kind: SpanKind = "text"
    href: str | None = None
    # For ``link`` spans from Markdown: the URL as written in the source.
    src_href: str | None = None
    # Free annotations set by later stages (e.g. glossary key, link title).
    title: str | None = None
    external: bool = False
    # Site-internal target set by the linking stage: (agreement slug, fragment).
    target: tuple[str, str] | None = None
    # Bold in the source (``**…**`` of a web clipping): legal weight, shown as <strong>.
    strong: bool = False


def spans_text(spans: list[Span]) -> str:
    """The plain text of a span list."""
    return "".join(s.text for s in spans)


@dataclass
class Para:
    """One paragraph of source text (one or more joined source lines)."""

    spans: list[Span]
    line: int
    # p: ordinary text; dup: a duplicated heading shown once (kept, hidden);
    # heading: an unnumbered sub-heading such as 【找回帐号】 on its own line;
    # dates: the 更新日期/生效日期 line; end: （正文完）; toc: a table-of-contents entry;
    # row: one tab-separated row of a table.
    role: str = "p"
    # For a toc entry: the id of the provision it lists (set once ids are assigned).
    ref: str = ""

    @property
    def text(self) -> str:
        return spans_text(self.spans)


# A provision's running text: its lead and its ordinary paragraphs. Not its title or the source
# heading it took as one, nor sub-headings, date lines, tables, table-of-contents entries or （正文完）.
RUNNING = ("lead", "p")

ProvisionKind = Literal[
    "preamble", "notice", "part", "annex", "chapter", "section", "article", "clause", "item",
    "heading", "toc", "signature"
]


@dataclass
class Provision:
    """A chapter, clause, item or special part of an agreement."""

    kind: ProvisionKind
    line: int
    num: str = ""  # the label exactly as written: "八、", "8.2.1", "（3）"
    key: str = ""  # normalized label: "8", "8.2.1", "3", "a", "iv", "s1"
    title: list[Span] = field(default_factory=list)
    # The text on the numbered line after the number and title.
    lead: list[Span] = field(default_factory=list)
    # Paragraphs and sub-provisions in source order.
    content: list[Para | Provision] = field(default_factory=list)
    id: str = ""
    # A heading line of the source (e.g. 首部及导言, 【更新提示】) consumed as the title.
    heading: Para | None = None
    # Item label style ("paren", "halfparen", "dot", "roman", "letter"), for items.
    style: str = ""
    parent: Provision | None = field(default=None, repr=False, compare=False)

    @property
    def children(self) -> list[Provision]:
        return [c for c in self.content if isinstance(c, Provision)]

    @property
    def body(self) -> list[Para]:
        return [c for c in self.content if isinstance(c, Para)]

    def walk(self) -> Iterator[Provision]:
        yield self
        for child in self.children:
            yield from child.walk()

    def span_lists(self, deep: bool = False) -> Iterator[tuple[Provision, str, int, list[Span]]]:
        """Every span list of this provision in source order: (provision, what it is, line, spans).

        What it is: ``title``, ``lead``, ``source-heading`` (the heading line taken as the title) or
        the paragraph's role; empty titles and leads are left out. With ``deep``, the provisions
        under it too, each where it stands among the paragraphs."""
        if self.title:
            yield self, "title", self.line, self.title
        if self.lead:
            yield self, "lead", self.line, self.lead
        if self.heading is not None:
            yield self, "source-heading", self.heading.line, self.heading.spans
        for c in self.content:
            if isinstance(c, Para):
                yield self, c.role, c.line, c.spans
            elif deep:
                yield from c.span_lists(deep=True)

    def running(self) -> Iterator[tuple[int, list[Span]]]:
        """(line, spans) of this provision's own running text (:data:`RUNNING`), in source order."""
        for _, what, line, spans in self.span_lists():
            if what in RUNNING:
                yield line, spans

    @property
    def title_text(self) -> str:
        return spans_text(self.title)

    @property
    def lead_text(self) -> str:
        return spans_text(self.lead)

    @property
    def text(self) -> str:
        """Plain text of this provision alone: heading, title, lead and own paragraphs
        (a repeated source heading counted once). What search indexes and redlines compare."""
        parts = [self.heading.text if self.heading else "", self.title_text, self.lead_text]
        parts += [p.text for p in self.body if p.role != "dup"]
        return "\n".join(p for p in parts if p)

    @property
    def full_text(self) -> str:
        """Plain text of this provision and everything under it, in source order."""
        parts = [self.title_text, self.lead_text]
        for c in self.content:
            if isinstance(c, Para):
                if c.role != "dup":
                    parts.append(c.text)
            else:
                parts.append(c.num + c.full_text)
        return "\n".join(p for p in parts if p)


@dataclass
class Issue:
    """A problem found in a raw text, with a stable code for acknowledgement."""

    path: str
    line: int
    code: str  # e.g. "duplicate-number:1.10"
    message: str
    level: Literal["warning", "info"] = "warning"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message} [{self.code}]"


@dataclass
class Agreement:
    """One parsed raw agreement."""

    path: str  # path as given (relative to the docs dir where possible)
    title: str
    slug: str = ""
    updated: str | None = None  # ISO date, or YYYY-MM where the text gives only the month
    effective: str | None = None
    # Source lines the dates were read from (for the header and the lint).
    updated_line: int = 0
    effective_line: int = 0
    # Where the title came from: front-matter, text, defined (《…》（以下简称…）), registry, file.
    title_source: str = "text"
    # A date that is evidence, not the issuer's word, for a text that states no 更新日期:
    # 采集日期 (when a copy was taken) or 最早可见 (the earliest evidence of this wording).
    evidence_date: str | None = None
    evidence_kind: str = ""
    issuer: str | None = None
    # The issuer's own address (front matter ``url`` or the registry's ``url``): the header's 来源.
    source_url: str | None = None
    # Where this copy of the text was found (front matter ``source``, e.g. a dataset on GitHub):
    # provenance, shown in small print, never as 来源.
    archive_url: str | None = None
    archive_note: str = ""
    front_matter: dict = field(default_factory=dict)
    # Title and date lines at the top, shown in the page header.
    head: list[Para] = field(default_factory=list)
    parts: list[Provision] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    # The raw text after decoding (front matter included) for fidelity checks.
    raw: str = ""

    def walk(self) -> Iterator[Provision]:
        for part in self.parts:
            yield from part.walk()

    def span_lists(self) -> Iterator[tuple[Provision, str, int, list[Span]]]:
        """Every span list of every provision in source order (see :meth:`Provision.span_lists`)."""
        for part in self.parts:
            yield from part.span_lists(deep=True)

    @property
    def version_date(self) -> str | None:
        """The date that names this version: the 更新日期, else the evidence date."""
        return self.updated or self.evidence_date

    def anchors(self) -> dict[str, Provision]:
        return {p.id: p for p in self.walk() if p.id}

    @property
    def chapters(self) -> list[Provision]:
        return [p for p in self.parts if p.kind == "chapter"]
