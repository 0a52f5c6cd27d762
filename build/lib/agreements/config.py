"""Typed options of the agreements plugin."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class AgreementsConfig(Config):
    enabled = c.Type(bool, default=True)
    # Folder under docs_dir holding the raw agreement texts.
    folder = c.Type(str, default="agreements")
    # Registry data file under docs_dir (optional).
    registry = c.Type(str, default="agreements.yml")
    # Curated glossary data file under docs_dir (optional).
    glossary = c.Type(str, default="glossary.yml")
    # Search thesaurus under docs_dir (optional): reader words → the texts' words, stop words.
    thesaurus = c.Type(str, default="search-thesaurus.yml")
    # Marker in a Markdown page replaced by the family listing.
    family_marker = c.Type(str, default="<!-- agreements:family -->")
    # Past versions from git tags named <tag_prefix>YYYY-MM-DD.
    versions = c.Type(bool, default=True)
    tag_prefix = c.Type(str, default="")
    # Print the one-line build summary.
    summary = c.Type(bool, default=True)
    # Memo of slugs, pinyin and word segmentation between builds (see memo.py); safe to delete.
    cache = c.Type(bool, default=True)
    cache_dir = c.Type(str, default=".cache/plugin/agreements")  # relative to mkdocs.yml
