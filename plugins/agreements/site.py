"""The site: every stage from raw texts to pages and files, in the one order they run.

:func:`build` reads the raw texts, the registry, the glossary, the thesaurus and the past
versions, and returns a :class:`Site`: the linked model of the whole family with every page it
publishes. The plugin hands MkDocs what :class:`Site` says (page sources, meta, content, files);
nothing here imports MkDocs. The stages, in order:

1. ingest: ``family.load`` (parse each raw text, registry) → agreements;
2. link: ``links.link_family`` (mentions, clause references) and ``glossary.annotate`` (terms);
3. versions: ``history.build`` (tags and archive, grouped by 更新日期), each past text linked too;
4. output: pages (``render``, ``pages``, ``redline``), ``api``, ``changelog``/``feed``, ``search``.
"""

from __future__ import annotations

import hashlib
import pickle
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from functools import cached_property
from html import escape
from pathlib import Path
from typing import Any

from . import api, changelog, feed, glossary, history, links, pages, redline, render, routes, search, vcs
from . import family as family_mod
from . import parse as parse_mod
from . import thesaurus as thesaurus_mod
from .model import Agreement
from .templates import MemoryBytecode, Templates

Parser = Callable[[bytes, str], Agreement]
UrlOf = Callable[[str, str], str]


@dataclass
class Options:
    """Where the site's data lies under docs/ and what it publishes (the plugin's config)."""

    folder: str = "agreements"
    registry: str = "agreements.yml"
    glossary: str = "glossary.yml"
    thesaurus: str = "search-thesaurus.yml"
    family_marker: str = "<!-- agreements:family -->"
    versions: bool = True
    tag_prefix: str = ""

    @classmethod
    def of(cls, config: Mapping[str, Any]) -> Options:
        """The options of a config that names them alike (the plugin's)."""
        return cls(**{f.name: config[f.name] for f in fields(cls)})


class BuildError(Exception):
    """The family cannot be built; ``errors`` name file and line."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n  ".join(errors))
        self.errors = errors


@dataclass
class VersionPage:
    kind: str  # past | history | compare
    history: history.History
    old: history.Version | None = None
    new: history.Version | None = None


def version_pages(histories: list[history.History]) -> dict[str, VersionPage]:
    """src path → page: every past version, a history page, and redlines (each version
    against its predecessor, and each past version against the current one)."""
    out: dict[str, VersionPage] = {}
    for h in histories:
        if not h.past:
            continue
        slug = h.current.agreement.slug
        out[routes.history_src(slug)] = VersionPage("history", h)
        for i, v in enumerate(h.versions):
            if not v.current and not routes.valid_version(v.date):
                continue  # never a URL segment that is not a date (parse gives YYYY-MM-DD or YYYY-MM)
            if not v.current:
                out[routes.version_src(slug, v.date)] = VersionPage("past", h, new=v)
                cur = h.current
                out[routes.compare_src(slug, v.date, cur.date)] = VersionPage("compare", h, v, cur)
            if i:
                prev = h.versions[i - 1]
                out[routes.compare_src(slug, prev.date, v.date)] = VersionPage("compare", h, prev, v)
    return out


def _url(v: history.Version, slug: str) -> str:
    return routes.version_url(slug, None if v.current else v.date)


@dataclass
class Site:
    """One build's model: the linked family, its versions and every page the plugin publishes."""

    family: family_mod.Family
    linked: links.Linked
    terms: list[glossary.Term]
    thesaurus: search.Thesaurus
    own_thesaurus: list[tuple[list[str], list[str]]]  # the thesaurus file's entries, reported on
    histories: dict[str, history.History]  # by slug
    version_pages: dict[str, VersionPage]  # by src
    agreements: dict[str, Agreement]  # by src
    marker: str
    glossary_file: str
    templates: Templates  # the HTML fragments, a site's overrides first  # as the config names it, for messages
    messages: list[tuple[str, str]] = field(default_factory=list)  # (level, text), in the order found
    kept: Kept | None = None  # the last build's fragments (mkdocs serve)
    _rows: dict[tuple[int, int], list[redline.Row]] = field(default_factory=dict)
    _digests: dict[int, bytes] = field(default_factory=dict)

    # -- what MkDocs is told ------------------------------------------------------------------

    def sources(self) -> list[tuple[str, str]]:
        """(src, Markdown stub) of every page the plugin adds; the content comes from :meth:`content`."""
        out = [(src, "# \n") for src in self.version_pages]
        out += [(src, f"# {ag.title}\n") for src, ag in self.agreements.items()]
        out.append((routes.FAMILY_SRC, "# 协议关系图\n"))
        if self.terms:
            out.append((routes.GLOSSARY_SRC, "# 术语表 / Glossary\n"))
        return out

    def own(self, src: str) -> bool:
        """A page the navigation does not list as the author placed it (agreements, versions)."""
        return src in self.agreements or src in self.version_pages

    def nav(self) -> list[tuple[str, list[str]]]:
        """The agreements' navigation: (category, escaped for Material's HTML titles; page srcs)."""
        return [(escape(cat), [routes.agreement_src(a.slug) for a in ags]) for cat, ags in pages.ordered(self.family)]

    def indexes_itself(self, src: str) -> bool:
        """Pages search.py indexes per clause or term, not by their HTML sections."""
        vp = self.version_pages.get(src)
        return src in self.agreements or src == routes.GLOSSARY_SRC or (vp is not None and vp.kind != "history")

    def meta(self, src: str, meta: dict) -> None:
        """Set the page meta of ``src``. Material writes the title and description into the page
        as HTML: the plugin's values are escaped text, and so is an author's front matter."""
        ag, vp = self.agreements.get(src), self.version_pages.get(src)
        if ag is not None:
            h = self.histories.get(ag.slug)
            meta.setdefault("title", escape(ag.title))
            meta.setdefault("description", escape(pages.description(ag)))
            meta["print_title"] = render.css_string(ag.title)
            meta["has_versions"] = bool(h and h.past)  # loads versions.js
            return
        if vp is None:
            for key in ("title", "description"):
                if isinstance(meta.get(key), str):
                    meta[key] = escape(meta[key])
            if src == routes.FAMILY_SRC:
                meta["family_map"] = True  # main.html links family.css and family.js
            return
        title = vp.history.current.agreement.title
        meta["has_versions"] = vp.kind == "past"
        meta["print_title"] = render.css_string(title)
        if vp.kind == "past" and vp.new is not None:
            meta["title"], meta["robots"] = escape(f"{title}（{vp.new.date} 版）"), "noindex"
        elif vp.kind == "history":
            meta["title"] = escape(f"{title} 版本历史")
        elif vp.old is not None and vp.new is not None:
            meta["title"], meta["robots"] = escape(f"{title} {vp.old.date} → {vp.new.date} 对比"), "noindex"

    def markdown(self, src: str, markdown: str, here: str) -> str:
        """An author's page: the family marker becomes the family listing."""
        if src in self.agreements or src in self.version_pages or self.marker not in markdown:
            return markdown
        return markdown.replace(self.marker, pages.family_html(
            self.family, lambda a: routes.relative(routes.url(a.slug), here), templates=self.templates))

    def content(self, src: str, here: str) -> tuple[str, list[dict]] | None:
        """(HTML, table of contents entries) of a page the plugin makes; None for an author's page."""
        fam, linked, t = self.family, self.linked, self.templates

        def url_of(key: str, fragment: str) -> str:
            return routes.at(routes.relative(routes.url(key), here), fragment)

        if src == routes.FAMILY_SRC:
            out = pages.family_map_html(fam, links.graph(linked.citations), url_of, links.entry_key, templates=t)
            return out, [{"level": 2, "id": i, "name": n, "children": []}
                         for i, n in (("citations", "引用关系表"), ("registry", "协议目录"))]
        if src == routes.GLOSSARY_SRC and self.terms:
            return pages.glossary_html(self.terms, {a.slug: a for a in fam.agreements}, url_of, templates=t)
        vp = self.version_pages.get(src)
        if vp is not None:
            return self._version_page(vp, here, url_of)
        ag = self.agreements.get(src)
        if ag is None:
            return None
        after, after_toc = pages.backlinks_html(fam, links.backlinks(linked.citations, ag.title), ag, url_of,
                                                templates=t)
        return self._render(ag, here, url_of, after=after, after_toc=after_toc,
                            before=self._selector(ag.slug, None, here))

    def _render(self, ag: Agreement, here: str, url_of: UrlOf, **parts: Any) -> tuple[str, list[dict]]:
        """(HTML, table of contents) of one agreement's page (:func:`render.render`), kept for a rebuild."""
        def make() -> tuple[str, list[dict]]:
            out = render.render(ag, page_url="/" + here, url_of=url_of, templates=self.templates, **parts)
            return out.html, out.toc

        if self.kept is None:
            return make()
        return self.kept.get(("page", self._digest(ag), here, repr(sorted(parts.items())), self._templates_digest),
                             make)

    def _digest(self, ag: Agreement) -> bytes:
        """A digest of everything an agreement's model holds, linked and annotated (a page or a
        record of it is a function of the model and the strings beside it)."""
        d = self._digests.get(id(ag))
        if d is None:
            d = self._digests[id(ag)] = hashlib.sha256(pickle.dumps(ag, protocol=pickle.HIGHEST_PROTOCOL)).digest()
        return d

    @cached_property
    def _templates_digest(self) -> str:
        return self.templates.fingerprint()

    def _record(self, ag: Agreement, url: str, origin: str) -> dict:
        """:func:`api.agreement_index`, kept for a rebuild."""
        if self.kept is None:
            return api.agreement_index(ag, url, origin)
        return self.kept.get(("record", self._digest(ag), url, origin), lambda: api.agreement_index(ag, url, origin))

    def _selector(self, slug: str, shown: history.Version | None, here: str) -> str:
        h, t = self.histories.get(slug), self.templates
        if h is None or not h.past:
            return ""
        shown = shown or h.current
        opts = [(v.date, routes.relative(_url(v, slug), here), v.current) for v in reversed(h.versions)]
        return pages.version_select(opts, shown.date, routes.relative(routes.history_url(slug), here), templates=t)

    def _version_page(self, vp: VersionPage, here: str, url_of: UrlOf) -> tuple[str, list[dict]]:
        h, t = vp.history, self.templates
        cur = h.current.agreement
        slug = cur.slug
        hist_url = routes.relative(routes.history_url(slug), here)
        if vp.kind == "past" and vp.new is not None:
            banner = pages.version_banner(vp.new.agreement, cur, routes.relative(routes.url(slug), here), hist_url,
                                          templates=t)
            return self._render(vp.new.agreement, here, url_of, before=banner + self._selector(slug, vp.new, here))
        if vp.kind == "history":
            timeline = changelog.timeline(h, lambda target: routes.relative(target, here),
                                          lambda old, new: redline.counts(self.rows(old, new)))
            return pages.history_html(cur, timeline, templates=t), []
        assert vp.old is not None and vp.new is not None
        rows = self.rows(vp.old, vp.new)
        body = redline.html(rows, routes.relative(_url(vp.old, slug), here), routes.relative(_url(vp.new, slug), here),
                            templates=t)
        return pages.compare_html(cur, vp.old.date, vp.new.date, redline.counts(rows), hist_url, body,
                                  templates=t), []

    def rows(self, old: history.Version, new: history.Version) -> list[redline.Row]:
        """The aligned provisions of two versions (computed once a build)."""
        key = (id(old.agreement), id(new.agreement))
        if key not in self._rows:
            self._rows[key] = redline.align(old.agreement, new.agreement)
        return self._rows[key]

    # -- the files besides pages --------------------------------------------------------------

    def data_files(self, site_url: str | None) -> list[tuple[str, object]]:
        """(site path, JSON data or text) of the clause API, versions.json, the feed and the glossary."""
        base, origin = routes.site_path(site_url), routes.origin(site_url)
        out: list[tuple[str, object]] = []
        indexes = []
        for ag in sorted(self.family.agreements, key=lambda a: a.slug):
            index = self._record(ag, base + routes.url(ag.slug), origin)
            indexes.append(index)
            out.append((routes.clauses_json(ag.slug), index))
        for slug, h in self.histories.items():
            if not h.past:
                continue
            out.append((routes.versions_json(slug), changelog.versions_index(
                h, base, lambda v, h=h: redline.id_map(self.rows(v, h.current)),
                lambda v, h=h: redline.id_kinds(self.rows(v, h.current)))))
            for v in h.past:
                out.append((routes.clauses_json(slug, v.date),
                            self._record(v.agreement, base + routes.version_url(slug, v.date), origin)))
        out.append((routes.FAMILY_INDEX, api.family_index(indexes)))
        out.append((routes.FEED, self.feed(site_url or "/")))
        if self.terms:
            out.append((routes.GLOSSARY_JSON, glossary.to_json(self.terms, lambda k, a: base + routes.url(k, a))))
            out.append((routes.GLOSSARY_TIPS, glossary.tips_json(self.terms)))
        return out

    def feed(self, site_url: str) -> str:
        root, t = routes.absolute(site_url), self.templates
        return feed.atom(site_url, [e for ag in self.family.agreements for e in changelog.feed_entries(
            ag, self.histories.get(ag.slug), root, lambda o, n: redline.changed_clauses(self.rows(o, n)))], templates=t)

    @cached_property
    def texts(self) -> list[str]:
        """The text of every current provision (walked once, for the thesaurus report)."""
        return [p.text for ag in self.family.agreements for p in ag.walk()]

    def words(self) -> list[str]:
        """Words jieba must keep whole: titles, aliases, defined and glossary terms."""
        out = []
        for title, entry in self.family.registry.items():
            out += [title, *entry.aliases]
        for ag in self.family.agreements:
            out += [d.term for d in glossary.definitions(ag)]
        for t in self.terms:
            out += [t.zh, *t.aliases]
        return out

    def search_files(self, page_docs: list[tuple[str, str, list[tuple[str, str, str]]]], words: list[str],
                     ahead: dict[str, tuple[tuple[str, int], ...]]) -> dict[str, object]:
        """The sharded search index: every current provision, glossary term and help page section."""
        names = {title: entry.aliases for title, entry in self.family.registry.items()}
        return search.site_index(
            [(ag, routes.url(ag.slug), names.get(ag.title, [])) for ag in self.family.agreements],
            render.provision_label, (self.terms, routes.url(routes.GLOSSARY)) if self.terms else None,
            page_docs, self.thesaurus, words, ahead)

    def counts(self) -> dict[str, Any]:
        """What the build's closing lines report (:func:`summary`)."""
        fam = self.family
        provisions = sum(1 for a in fam.agreements for p in a.walk() if p.id)
        return {"agreements": len(fam.agreements), "provisions": provisions,
                "warnings": sum(1 for i in fam.issues if i.level == "warning"),
                "missing": glossary.missing_terms(fam.issues), "glossary_file": self.glossary_file}


def summary(counts: Mapping[str, Any], seconds: float, memo_stats: dict[str, int] | None,
            replayed: bool = False) -> list[str]:
    """The build's closing lines: counts, then defined terms the glossary lacks."""
    how = (" (replayed: no input changed since the last build)" if replayed
           else " (memo: {hits} reused, {misses} computed)".format(**memo_stats) if memo_stats is not None else "")
    out = [f"agreements: {counts['agreements']} agreements, {counts['provisions']} provisions, "
           f"{counts['warnings']} warnings, {seconds:.2f} s" + how]
    missing = counts["missing"]
    if missing:
        out.append(f"agreements: {len(missing)} defined terms have no entry in {counts['glossary_file']}: "
                   + "、".join(missing))
    return out


def build(docs: Path, options: Options, root: Path, parser: Parser = parse_mod.parse,
          author_pages: set[str] = frozenset(),  # type: ignore[assignment]
          after_current: Callable[[Site], None] | None = None, theme_dirs: Sequence[Path | str] = (),
          kept: Kept | None = None) -> Site:
    """Every stage from the raw texts to the linked model of current and past versions.

    ``theme_dirs`` are searched for the HTML fragments before the package's own; ``parser`` parses
    one text (:class:`parse.Reparser` under serve); ``after_current`` is called
    once the current texts are linked, before the past versions are read (the cold build starts
    its segmentation there, on the other core); ``kept``: a serve rebuild's fragments of the last
    build (pages and records of models that did not change, compiled templates). Raises :class:`BuildError` and
    :class:`routes.UnsafePath`."""
    fam = family_mod.load(docs / options.folder, docs / options.registry, rel_to=docs, root=root, parser=parser)
    errors = fam.errors + routes.reserved({a.slug: a.path for a in fam.agreements}, author_pages)
    if errors:
        raise BuildError(errors)
    for ag in fam.agreements:
        render.chapter_word(ag)  # cite chapters as the text does, wherever they are labelled
    linked = links.link_family(fam)
    fam.issues.extend(linked.issues)
    terms, g_issues = glossary.load(routes.inside_project(docs / options.glossary, root, "glossary"))
    for ag in fam.agreements:
        glossary.annotate(ag, terms)
    fam.issues.extend(g_issues + glossary.check(terms, fam.agreements, options.glossary))
    messages = [("warning" if i.level == "warning" else "info", str(i)) for i in fam.issues]
    thes, t_issues = thesaurus_mod.load(docs / options.thesaurus, options.thesaurus)
    own = list(thes.entries)
    thes.entries += thesaurus_mod.from_glossary(terms)
    messages += [("warning", str(i)) for i in t_issues]
    site = Site(fam, linked, terms, thes, own, {}, {},
                {routes.agreement_src(ag.slug): ag for ag in fam.agreements}, options.family_marker,
                options.glossary, Templates(theme_dirs, kept.bytecode if kept else None), messages, kept)
    if after_current is not None:
        after_current(site)
    if options.versions:
        _versions(site, docs / options.folder, options, parser)
    return site


def _versions(site: Site, folder: Path, options: Options, parser: Parser) -> None:
    """Past versions from the archive folder and git tags, each linked like the current texts."""
    fam = site.family
    archived, archive_issues = history.read_archive(folder)
    snapshots, notice = vcs.read_tags(folder, options.tag_prefix)
    if notice:
        site.messages.append(("info", f"agreements: {notice}"
                              + (f" (and {len(archived)} archived versions)" if archived else "")))
    hists, issues = history.build(fam.agreements, archived + snapshots, options.folder, parser)
    issues = archive_issues + issues
    fam.issues.extend(issues)
    site.messages += [("warning" if i.level == "warning" else "info", str(i)) for i in issues]
    linked = links.Linked()
    targets = links.targets(fam)
    for h in hists:
        site.histories[h.current.agreement.slug] = h
        for v in h.past:
            render.chapter_word(v.agreement)
            links.link_agreement(fam, v.agreement, linked, targets)
            glossary.annotate(v.agreement, site.terms, record=False)
    site.version_pages = version_pages(hists)


class Kept:
    """What a serve rebuild takes from the last build: each fragment under a key naming all it was
    made from (a digest of the model, the page, the templates), and the compiled templates. Kept
    for one build more: what a build did not ask for is dropped after it."""

    def __init__(self) -> None:
        self.bytecode = MemoryBytecode()
        self._last: dict[tuple, Any] = {}
        self._now: dict[tuple, Any] = {}

    def get(self, key: tuple, make: Callable[[], Any]) -> Any:
        """The value kept under ``key``, or ``make()`` (never mutated: callers read values)."""
        if key in self._now:
            return self._now[key]
        value = self._last.pop(key) if key in self._last else make()
        self._now[key] = value
        return value

    def end_build(self) -> None:
        self._last, self._now = self._now, {}


class Builder:
    """What one MkDocs process keeps between builds (``mkdocs serve``): the parses of unchanged
    texts, the index terms of unchanged provisions, and jieba loaded in the background."""

    def __init__(self, serving: bool) -> None:
        self.serving = serving
        # A rebuild after an edit parses again only the texts that changed.
        self.parser: Parser = parse_mod.Reparser() if serving else parse_mod.parse
        self._terms: tuple[frozenset[str], dict[str, tuple[tuple[str, int], ...]]] = (frozenset(), {})
        self._segmenting: search.Segmenting | None = None  # a cold build's jieba work, on the other core
        self._warming: threading.Thread | None = None
        self.words: list[str] = []
        self.kept = Kept() if serving else None

    def build(self, docs: Path, options: Options, root: Path, author_pages: set[str],
              theme_dirs: Sequence[Path | str] = ()) -> Site:
        if self._warming is not None:
            self._warming.join()  # never build while the tokenizer is half loaded
        return build(docs, options, root, self.parser, author_pages, self._segment, theme_dirs, self.kept)

    def _segment(self, site: Site) -> None:
        self.words = site.words()
        self._segmenting = search.segment_early([p.text for ag in site.family.agreements for p in ag.walk() if p.id],
                                                self.words, parallel=not self.serving)

    def stop(self) -> None:
        """A failed build leaves no second process behind."""
        if self._segmenting is not None:
            self._segmenting.pool.shutdown(wait=False, cancel_futures=True)
            self._segmenting = None

    def search_files(self, site: Site, page_docs: list[tuple[str, str, list[tuple[str, str, str]]]],
                     write: bool) -> dict[str, object]:
        """The search index files (none when ``write`` is false: the search plugin is off)."""
        ahead = self._segmenting.collect() if self._segmenting is not None else {}
        self._segmenting = None
        if not write:
            return {}
        # A serve rebuild counts the index terms of changed texts only; other words kept whole
        # (a glossary or registry edit) cut every text anew.
        if self.serving:
            ahead = search.Asked({**self._terms[1], **ahead} if self._terms[0] == frozenset(self.words) else ahead)
        files = site.search_files(page_docs, self.words, ahead)
        if isinstance(ahead, search.Asked):
            self._terms = (frozenset(self.words), ahead.kept())
        return files

    def end_parses(self) -> None:
        """The build has parsed all it will: the parses of texts gone since the last build are dropped."""
        if isinstance(self.parser, parse_mod.Reparser):
            self.parser.end_build()

    def end_build(self) -> None:
        """The build has written all it will: what it did not use of the last one is dropped."""
        if self.kept is not None:
            self.kept.end_build()

    def warm_up(self) -> None:
        if self.serving and self._warming is None:
            # A warm first build never loaded jieba; the first edit would pay for it.
            self._warming = threading.Thread(target=search.warm_up, name="agreements-warm-up", daemon=True)
            self._warming.start()


def idle_thesaurus(site: Site) -> str | None:
    """The build's note on thesaurus entries that match no text, if any."""
    idle = search.unmatched(search.Thesaurus(site.own_thesaurus), site.texts)
    if not idle:
        return None
    return f"agreements: {len(idle)} entries of the search thesaurus match no text: " + "; ".join(idle)

