"""The clause API: machine-readable clause indexes for app teams (clauses.json)."""

from __future__ import annotations

import hashlib
import unicodedata

from . import routes
from .model import Agreement, Provision
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


def clause_record(ag: Agreement, p: Provision, page_url: str, origin: str = "") -> dict:
    text = plain(p.full_text)
    return {
        "id": p.id,
        "kind": p.kind,
        "number": p.num.strip(),
        "title": p.title_text or (p.heading.text if p.heading else ""),
        "text": text,
        "sha256": hashlib.sha256(normalize(text).encode("utf-8")).hexdigest(),
        "url": routes.at(page_url, p.id),
        # As the 引用 button copies it: the citation, a space, the clause's absolute URL.
        "citation": f"{citation(ag, p)} {origin}{routes.at(page_url, p.id)}",
        "updated": ag.updated,
    }


def agreement_index(ag: Agreement, page_url: str, origin: str = "") -> dict:
    """clauses.json for one agreement; ``page_url`` is its absolute path (``/slug/``), ``origin``
    the site's scheme and host (``https://agreements.example.com``) from ``site_url``."""
    return {
        "schema_version": SCHEMA_VERSION,
        "title": ag.title,
        "url": page_url,
        "updated": ag.updated,
        "effective": ag.effective,
        "issuer": ag.issuer,
        "clauses": [clause_record(ag, p, page_url, origin) for p in ag.walk() if p.id],
    }


def family_index(indexes: list[dict]) -> dict:
    return {"schema_version": SCHEMA_VERSION, "agreements": indexes}
