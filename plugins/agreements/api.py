"""The clause API: machine-readable clause indexes for app teams (clauses.json)."""

from __future__ import annotations

import hashlib
import unicodedata

from . import routes
from .model import Agreement, Para, Provision
from .render import citation
from .text import one_space, without_space

SCHEMA_VERSION = 1


def plain(text: str) -> str:
    """Whitespace collapsed; the characters themselves untouched."""
    return one_space(text)


def normalize(text: str) -> str:
    """NFKC and collapsed whitespace: the form the sha256 is taken of, so that a
    change of full-width/half-width punctuation or spacing alone keeps the hash."""
    return without_space(unicodedata.normalize("NFKC", text))


def _blocks(text: str) -> bool:
    """Whether NFKC can never join ``text``'s first character to what precedes it: the
    first character of its decomposition is a starter that composes with nothing before it
    (not a mark, not a Hangul vowel or final jamo)."""
    if not text:
        return True
    first = unicodedata.normalize("NFKD", text[0])[:1] or text[0]
    return (unicodedata.combining(first) == 0 and not unicodedata.category(first).startswith("M")
            and not "\u1160" <= first <= "\u11ff")


def full_texts(ag: Agreement) -> dict[int, tuple[str, str]]:
    """id(provision) → (:attr:`Provision.full_text`, its :func:`normalize` form), bottom-up.

    A provision's text holds all of its descendants': computed one by one, every level
    would join and normalise them again (half the clause API's time on 62 agreements).
    White space is dropped after NFKC and never composes, so the normal form of parts joined
    by a newline is the parts' forms joined; a number glued to its text is normalised apart
    only when the text's first character cannot compose backwards (:func:`_blocks`)."""
    out: dict[int, tuple[str, str]] = {}

    def walk(p: Provision) -> tuple[str, str]:
        parts: list[str] = []
        forms: list[str] = []
        for t in (p.title_text, p.lead_text):
            if t:
                parts.append(t)
                forms.append(normalize(t))
        for c in p.content:
            if isinstance(c, Para):
                t = c.text if c.role != "dup" else ""
                if t:
                    parts.append(t)
                    forms.append(normalize(t))
                continue
            full, form = walk(c)
            t = c.num + full
            if t:
                parts.append(t)
                forms.append(normalize(c.num) + form if _blocks(full) else normalize(t))
        out[id(p)] = got = ("\n".join(parts), "".join(forms))
        return got

    for part in ag.parts:
        walk(part)
    return out


def clause_record(ag: Agreement, p: Provision, page_url: str, origin: str = "",
                  texts: dict[int, tuple[str, str]] | None = None) -> dict:
    """One provision's record; ``texts`` from :func:`full_texts` (computed here if not given)."""
    full, form = texts[id(p)] if texts is not None else (p.full_text, normalize(plain(p.full_text)))
    return {
        "id": p.id,
        "kind": p.kind,
        "number": p.num.strip(),
        "title": p.title_text or (p.heading.text if p.heading else ""),
        "text": plain(full),
        "sha256": hashlib.sha256(form.encode("utf-8")).hexdigest(),
        "url": routes.at(page_url, p.id),
        # As the 引用 button copies it: the citation, a space, the clause's absolute URL.
        "citation": f"{citation(ag, p)} {origin}{routes.at(page_url, p.id)}",
        "updated": ag.updated,
    }


def agreement_index(ag: Agreement, page_url: str, origin: str = "") -> dict:
    """clauses.json for one agreement; ``page_url`` is its absolute path (``/slug/``), ``origin``
    the site's scheme and host (``https://agreements.example.com``) from ``site_url``."""
    texts = full_texts(ag)
    return {
        "schema_version": SCHEMA_VERSION,
        "title": ag.title,
        "url": page_url,
        "updated": ag.updated,
        "effective": ag.effective,
        "issuer": ag.issuer,
        "clauses": [clause_record(ag, p, page_url, origin, texts) for p in ag.walk() if p.id],
    }


def family_index(indexes: list[dict]) -> dict:
    return {"schema_version": SCHEMA_VERSION, "agreements": indexes}
