"""MkDocs wiring. Hooks only connect the pure modules to MkDocs."""

from __future__ import annotations

import json
import logging
import posixpath
import threading
import time
from collections.abc import Callable
from html import escape
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from . import api, assets, feed, glossary, history, links, memo, pages, redline, render, routes, search, security
from . import family as family_mod
from . import parse as parse_mod
from . import thesaurus as thesaurus_mod
from .config import AgreementsConfig
from .model import Agreement
from .slug import quiet_jieba

log = logging.getLogger("mkdocs.plugins.agreements")
FAMILY_MAP = "family.md"
GLOSSARY = "glossary.md"


class AgreementsPlugin(BasePlugin[AgreementsConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.family: family_mod.Family | None = None
        self.linked: links.Linked | None = None
        self.terms: list[glossary.Term] = []
        self.thesaurus = search.Thesaurus()
        self._thesaurus_own: list[tuple[list[str], list[str]]] = []
        self.histories: dict[str, history.History] = {}  # by slug
        self.version_pages: dict[str, history.VersionPage] = {}
        self._rows: dict[tuple[int, int], list[redline.Row]] = {}
        self.by_src: dict[str, Agreement] = {}
        self.started = 0.0
        # Pages this plugin indexes for search in Material's place, and their documents.
        self._indexed: dict[str, dict] = {}  # src → the author's search meta
        self._page_docs: dict[str, tuple[str, str, list[tuple[str, str, str]]]] = {}
        self.serving = False
        self.searching = False
        self._warming: threading.Thread | None = None
        self._segmenting: search.Segmenting | None = None  # a cold build's jieba work, on the other core
        self.parser: Callable[[bytes, str], Agreement] = parse_mod.parse
        # Under serve: the index terms by text, and the words kept whole they were counted with.
        self._terms: tuple[frozenset[str], dict[str, tuple[tuple[str, int], ...]]] = (frozenset(), {})
        self._words: list[str] = []  # words jieba keeps whole (titles, aliases, terms), for the index
        self.shipped: list[str] = []  # hashes of the theme's own inline scripts
        self.root = Path(".")

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        # A rebuild after an edit parses again only the texts that changed.
        self.parser = parse_mod.Reparser() if self.serving else parse_mod.parse

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.started = time.perf_counter()
        quiet_jieba()
        self.searching = "search" in config.plugins or "material/search" in config.plugins
        self.root = Path(config.config_file_path or ".").resolve().parent
        # Before MkDocs lists (and later copies) docs/: no link may lead out of the project.
        self._checked(Path(config.docs_dir), "docs folder")
        # The theme's custom_dir (overrides/) is copied into the site too.
        custom = config.theme.custom_dir
        folders = [Path(config.docs_dir)] + ([Path(custom)] if custom else [])
        outside = [p for folder in folders for p in routes.outside_links(folder, self.root)]
        if outside:
            raise PluginError("agreements: refusing to build: docs/ or the theme's custom_dir contains symbolic "
                              "links to files outside the project, which would be published:\n  "
                              + "\n  ".join(outside))
        scripts = routes.scripts_in(Path(config.docs_dir))
        if scripts:
            raise PluginError("agreements: refusing to build: scripts under docs/ would run on the site "
                              "(script-src 'self'); scripts belong in the theme's overrides/: "
                              + ", ".join(scripts))
        # The policy depends on the theme's own files only, never on a page.
        self.shipped = security.shipped_hashes(Path(d) for d in config.theme.dirs)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        if not self.config.enabled:
            return files
        docs = Path(config.docs_dir)
        folder = docs / self.config.folder
        if self._warming is not None:
            self._warming.join()  # never build while the tokenizer is half loaded
        if self.config.cache:
            log.debug(f"agreements: {memo.load(self._checked(self._memo_path(config), 'build cache'))}")
        self._indexed, self._page_docs = {}, {}
        fam = family_mod.load(folder, docs / self.config.registry, rel_to=docs, root=self.root,
                              parser=self.parser)
        if fam.errors:
            raise PluginError("agreements: cannot build:\n  " + "\n  ".join(fam.errors))
        self.family = fam
        for ag in fam.agreements:
            render.chapter_word(ag)  # cite chapters as the text does, wherever they are labelled
        self.linked = links.link_family(fam)
        fam.issues.extend(self.linked.issues)
        self.terms, g_issues = glossary.load(self._checked(docs / self.config.glossary, "glossary"))
        for ag in fam.agreements:
            glossary.annotate(ag, self.terms)
        fam.issues.extend(g_issues + glossary.check(self.terms, fam.agreements, self.config.glossary))
        for issue in fam.issues:
            (log.warning if issue.level == "warning" else log.info)(str(issue))
        # The raw texts become pages; they are not published as loose files.
        prefix = self.config.folder.strip("/") + "/"
        for f in list(files):
            if f.src_uri.startswith(prefix) and f.src_uri.endswith(family_mod.RAW_SUFFIXES):
                files.remove(f)
        self.thesaurus, t_issues = thesaurus_mod.load(docs / self.config.thesaurus, self.config.thesaurus)
        self._thesaurus_own = list(self.thesaurus.entries)  # what the build reports on
        self.thesaurus.entries += thesaurus_mod.from_glossary(self.terms)
        for issue in t_issues:
            log.warning(str(issue))
        for data in (self.config.registry, self.config.glossary, self.config.thesaurus):
            if data in files.src_uris:
                files.remove(files.src_uris[data])
        self._words = self._search_words()
        self._segmenting = search.segment_early([p.text for ag in fam.agreements for p in ag.walk() if p.id],
                                                self._words, parallel=not self.serving)
        self._versions(folder, fam, docs)
        generated = [File.generated(config, src, content="# \n") for src in self.version_pages]
        self.by_src = {}
        for ag in fam.agreements:
            src = f"{ag.slug}.md"
            generated.append(File.generated(config, src, content=f"# {ag.title}\n"))
            self.by_src[src] = ag
        generated.append(File.generated(config, FAMILY_MAP, content="# 协议关系图\n"))
        if self.terms:
            generated.append(File.generated(config, GLOSSARY, content="# 术语表 / Glossary\n"))
        for f in generated:  # every page MkDocs will write for us lies inside the site
            self._out(config, f.dest_uri)
            files.append(f)
        return files

    def _checked(self, path: Path, what: str) -> Path:
        """``path`` if its real path lies inside the project; otherwise the build stops."""
        try:
            routes.inside_project(path, self.root, what)
        except routes.UnsafePath as exc:
            raise PluginError(f"agreements: cannot build: {exc}") from None
        return path

    def _out(self, config: MkDocsConfig, rel: str) -> Path:
        """The site path for ``rel``; the build stops if it would lie outside the site."""
        try:
            return routes.output_path(config.site_dir, rel)
        except routes.UnsafePath as exc:
            raise PluginError(f"agreements: cannot build: {exc}") from None

    def _versions(self, folder: Path, fam: family_mod.Family, docs: Path) -> None:
        """Past versions from git tags (no MkDocs here beyond logging)."""
        self.histories, self.version_pages, self._rows = {}, {}, {}
        if not self.config.versions:
            return
        archived, archive_issues = history.read_archive(folder)
        snapshots, notice = history.read_tags(folder, self.config.tag_prefix)
        if notice:
            log.info(f"agreements: {notice}" + (f" (and {len(archived)} archived versions)" if archived else ""))
        snapshots = archived + snapshots
        hists, issues = history.build(fam.agreements, snapshots, self.config.folder, self.parser)
        issues = archive_issues + issues
        fam.issues.extend(issues)
        for issue in issues:
            (log.warning if issue.level == "warning" else log.info)(str(issue))
        linked = links.Linked()
        targets = links.targets(fam)
        for h in hists:
            self.histories[h.current.agreement.slug] = h
            for v in h.past:
                render.chapter_word(v.agreement)
                links.link_agreement(fam, v.agreement, linked, targets)
                glossary.annotate(v.agreement, self.terms, record=False)
        self.version_pages = history.pages(hists)

    def rows(self, old: history.Version, new: history.Version) -> list[redline.Row]:
        key = (id(old.agreement), id(new.agreement))
        if key not in self._rows:
            self._rows[key] = redline.align(old.agreement, new.agreement)
        return self._rows[key]

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        if self.family is None:
            return nav
        pages_by_src = {p.file.src_uri: p for p in nav.pages}
        ours = set(self.by_src) | set(self.version_pages)

        def hidden(item) -> bool:
            if isinstance(item, Page):
                return item.file.src_uri in ours
            if isinstance(item, Section):
                return all(hidden(c) for c in item.children)
            return False

        keep = [item for item in nav.items if not hidden(item)]
        sections = []
        for cat, ags in pages.ordered(self.family):
            children = [pages_by_src[f"{a.slug}.md"] for a in ags if f"{a.slug}.md" in pages_by_src]
            section = Section(escape(cat), children)  # Material writes nav titles as HTML
            for child in children:
                child.parent = section
            sections.append(section)
        nav.items = keep[:1] + sections + keep[1:]
        return nav

    def on_build_error(self, *, error: Exception) -> None:
        if self._segmenting is not None:  # a failed build leaves no second process behind
            self._segmenting.pool.shutdown(wait=False, cancel_futures=True)
            self._segmenting = None

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if self.family is None:
            return markdown
        if self.searching:
            self._claim_search(page)
        # Material writes page.meta's title and description into the page as HTML: the
        # plugin's values are escaped text, and so is an author's front matter.
        ag = self.by_src.get(page.file.src_uri)
        vp = self.version_pages.get(page.file.src_uri)
        if ag is None and vp is None:
            for key in ("title", "description"):
                if isinstance(page.meta.get(key), str):
                    page.meta[key] = escape(page.meta[key])
        if ag is not None:
            page.meta.setdefault("title", escape(ag.title))
            page.meta.setdefault("description", escape(pages.description(ag)))
            page.meta["print_title"] = render.css_string(ag.title)
            self._indexed.pop(page.file.src_uri, None)  # search.py indexes it per clause
            h = self.histories.get(ag.slug)
            page.meta["has_versions"] = bool(h and h.past)  # loads versions.js
            return markdown
        if vp is not None:
            ag = vp.history.current.agreement
            page.meta["has_versions"] = vp.kind == "past"
            page.meta["print_title"] = render.css_string(ag.title)
            if vp.kind != "history":
                self._indexed.pop(page.file.src_uri, None)  # only current versions are searched
            if vp.kind == "past" and vp.new is not None:
                page.meta["title"] = escape(f"{ag.title}（{vp.new.date} 版）")
                page.meta["robots"] = "noindex"
            elif vp.kind == "history":
                page.meta["title"] = escape(f"{ag.title} 版本历史")
            elif vp.old is not None and vp.new is not None:
                page.meta["title"] = escape(f"{ag.title} {vp.old.date} → {vp.new.date} 对比")
                page.meta["robots"] = "noindex"
            return markdown
        if page.file.src_uri == GLOSSARY:
            self._indexed.pop(page.file.src_uri, None)  # search.py indexes it per term
        marker = self.config.family_marker
        if marker in markdown:
            here = page.file.url

            def url_of(a: Agreement) -> str:
                return _relative(f"{a.slug}/", here)

            markdown = markdown.replace(marker, pages.family_html(self.family, url_of))
        return markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        fam, linked = self.family, self.linked
        if fam is None or linked is None:
            return html
        here = page.file.url

        def url_of(slug: str, fragment: str) -> str:
            return _relative(f"{slug}/", here) + (f"#{fragment}" if fragment else "")

        if page.file.src_uri == FAMILY_MAP:
            out = pages.family_map_html(fam, links.graph(linked.citations), url_of, links.entry_key)
            page.meta["family_map"] = True  # main.html links family.css and family.js
            page.toc = get_toc([{"level": 2, "id": i, "name": n, "children": []}  # type: ignore[list-item]
                                for i, n in (("citations", "引用关系表"), ("registry", "协议目录"))])
            return out
        if page.file.src_uri == GLOSSARY:
            out, toc = pages.glossary_html(self.terms, {a.slug: a for a in fam.agreements}, url_of)
            page.toc = get_toc(toc)  # type: ignore[arg-type]
            return out
        vp = self.version_pages.get(page.file.src_uri)
        if vp is not None:
            return self._version_page(vp, page, here)
        ag = self.by_src.get(page.file.src_uri)
        if ag is None:
            return html
        after, after_toc = pages.backlinks_html(fam, links.backlinks(linked.citations, ag.title), ag, url_of)
        out = render.render(ag, page_url="/" + page.file.url, url_of=url_of, after=after,
                            after_toc=after_toc, before=self._selector(ag.slug, None, here))
        page.toc = get_toc(out.toc)  # type: ignore[arg-type]
        return out.html

    def _selector(self, slug: str, shown: history.Version | None, here: str) -> str:
        h = self.histories.get(slug)
        if h is None or not h.past:
            return ""
        shown = shown or h.current
        opts = [(v.date, _relative(history.version_url(slug, v), here), v.current) for v in reversed(h.versions)]
        return pages.version_select(opts, shown.date, _relative(f"{slug}/history/", here))

    def _version_page(self, vp: history.VersionPage, page: Page, here: str) -> str:
        h = vp.history
        cur = h.current.agreement
        slug = cur.slug

        def url_of(s: str, fragment: str) -> str:
            return _relative(f"{s}/", here) + (f"#{fragment}" if fragment else "")

        hist_url = _relative(f"{slug}/history/", here)
        if vp.kind == "past" and vp.new is not None:
            banner = pages.version_banner(vp.new.agreement, cur, _relative(f"{slug}/", here), hist_url)
            out = render.render(vp.new.agreement, page_url="/" + page.file.url, url_of=url_of,
                                before=banner + self._selector(slug, vp.new, here))
            page.toc = get_toc(out.toc)  # type: ignore[arg-type]
            return out.html
        page.toc = get_toc([])
        if vp.kind == "history":
            timeline = history.timeline(h, lambda target: _relative(target, here),
                                        lambda old, new: redline.counts(self.rows(old, new)))
            return pages.history_html(cur, timeline)
        assert vp.old is not None and vp.new is not None
        rows = self.rows(vp.old, vp.new)
        body = redline.html(rows, _relative(history.version_url(slug, vp.old), here),
                            _relative(history.version_url(slug, vp.new), here))
        return pages.compare_html(cur, vp.old.date, vp.new.date, redline.counts(rows), hist_url, body)

    def _claim_search(self, page: Page) -> None:
        """Material's search plugin skips every page; pages the author did not exclude
        are indexed by search.py (see search.page_docs)."""
        meta = page.meta.get("search") if isinstance(page.meta.get("search"), dict) else {}
        if not meta.get("exclude"):
            self._indexed[page.file.src_uri] = meta
        page.meta["search"] = {**meta, "exclude": True}

    def on_page_context(self, context, *, page: Page, config: MkDocsConfig, nav: Navigation):
        meta = self._indexed.get(page.file.src_uri)
        if meta is not None and page.content is not None:
            self._page_docs[page.file.src_uri] = (
                page.url, page.title or "", search.page_sections(page.content, page.title or ""))
        return context

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        return security.add_csp(output, self.shipped)

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        return security.add_csp(output_content, self.shipped) if template_name.endswith(".html") else output_content

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if isinstance(self.parser, parse_mod.Reparser):
            self.parser.end_build()
        for rel in assets.SHIPPED:
            path = self._out(config, rel)
            if path.is_file():
                path.write_text(assets.strip_comments(path.read_text(encoding="utf-8")), encoding="utf-8")
        fam = self.family
        if fam is None:
            return
        base = _site_path(config)
        # Every output path is checked (routes.output_path) before anything is written.
        writes: list[tuple[Path, object]] = []
        indexes = []
        for ag in sorted(fam.agreements, key=lambda a: a.slug):
            index = api.agreement_index(ag, f"{base}{ag.slug}/", _origin(config))
            indexes.append(index)
            writes.append((self._out(config, f"{ag.slug}/clauses.json"), index))
        for slug, h in self.histories.items():
            if h.past:
                writes.append((self._out(config, f"{slug}/versions.json"), self._versions_index(h, base)))
                for v in h.past:
                    writes.append((self._out(config, f"{slug}/{v.date}/clauses.json"),
                                   api.agreement_index(v.agreement, f"{base}{slug}/{v.date}/",
                                                      _origin(config))))
        writes.append((self._out(config, "clauses.json"), api.family_index(indexes)))
        writes.append((self._out(config, "feed.xml"), self._feed(config.site_url or "/")))
        if self.terms:
            def abs_url(slug: str, anchor: str) -> str:
                return f"{base}{slug}/" + (f"#{anchor}" if anchor else "")

            writes.append((self._out(config, "glossary.json"), glossary.to_json(self.terms, abs_url)))
            writes.append((self._out(config, "glossary/tips.json"), glossary.tips_json(self.terms)))
        index_path = self._out(config, "search/search_index.json")
        for path, data in writes:
            if isinstance(data, str):
                path.write_text(data, encoding="utf-8")
            else:
                _write_json(path, data)
        ahead = self._segmenting.collect() if self._segmenting is not None else {}
        self._segmenting = None
        # A serve rebuild counts the index terms of changed texts only; other words kept whole
        # (a glossary or registry edit) cut every text anew.
        if self.serving and self._terms[0] == frozenset(self._words):
            ahead = {**self._terms[1], **ahead}
        texts = [p.text for ag in fam.agreements for p in ag.walk()]
        if index_path.exists():
            names = {title: entry.aliases for title, entry in fam.registry.items()}
            files = search.site_index(
                [(ag, f"{ag.slug}/", names.get(ag.title, [])) for ag in fam.agreements], render.provision_label,
                (self.terms, "glossary/") if self.terms else None, list(self._page_docs.values()),
                self.thesaurus, self._words, ahead)
            if self.serving:
                now = set(texts)
                self._terms = (frozenset(self._words), {t: v for t, v in ahead.items() if t in now})
            for rel, data in files.items():
                _write_json(self._out(config, rel), data)
            idle = search.unmatched(search.Thesaurus(self._thesaurus_own), texts)
            if idle:
                log.info(f"agreements: {len(idle)} entries of the search thesaurus match no text: " + "; ".join(idle))
        if self.config.cache:
            memo.save(self._checked(self._memo_path(config), "build cache"))
        if self.serving and self._warming is None:
            # A warm first build never loaded jieba; the first edit would pay for it.
            self._warming = threading.Thread(target=search.warm_up, name="agreements-warm-up", daemon=True)
            self._warming.start()
        if not self.config.summary:
            return
        provisions = sum(1 for a in fam.agreements for p in a.walk() if p.id)
        warnings = sum(1 for i in fam.issues if i.level == "warning")
        log.info(
            f"agreements: {len(fam.agreements)} agreements, {provisions} provisions, "
            f"{warnings} warnings, {time.perf_counter() - self.started:.2f} s"
            + (" (memo: {hits} reused, {misses} computed)".format(**memo.stats()) if self.config.cache else "")
        )
        missing = glossary.missing_terms(fam.issues)
        if missing:
            log.info(f"agreements: {len(missing)} defined terms have no entry in {self.config.glossary}: "
                     + "、".join(missing))

    def _memo_path(self, config: MkDocsConfig) -> Path:
        return memo.path_in(self.root / self.config.cache_dir)

    def _feed(self, site_url: str) -> str:
        assert self.family is not None
        root = site_url.rstrip("/") + "/"
        return feed.atom(site_url, [e for ag in self.family.agreements
                                    for e in history.feed_entries(
                                        ag, self.histories.get(ag.slug), root,
                                        lambda o, n: redline.changed_clauses(self.rows(o, n)))])

    def _versions_index(self, h: history.History, base: str) -> dict:
        return history.versions_index(h, base, lambda v: redline.id_map(self.rows(v, h.current)),
                                      lambda v: redline.id_kinds(self.rows(v, h.current)))

    def _search_words(self) -> list[str]:
        """Words jieba must keep whole: titles, aliases, defined and glossary terms."""
        fam = self.family
        assert fam is not None
        out = []
        for title, entry in fam.registry.items():
            out += [title, *entry.aliases]
        for ag in fam.agreements:
            out += [d.term for d in glossary.definitions(ag)]
        for t in self.terms:
            out += [t.zh, *t.aliases]
        return out


def _origin(config: MkDocsConfig) -> str:
    """Scheme and host of site_url ('' without one): what the 引用 button's location.origin is."""
    from urllib.parse import urlsplit

    u = urlsplit(config.site_url or "")
    return f"{u.scheme}://{u.netloc}" if u.scheme and u.netloc else ""


def _site_path(config: MkDocsConfig) -> str:
    """The path part of site_url ('/' by default), with a trailing slash."""
    from urllib.parse import urlsplit

    path = urlsplit(config.site_url or "/").path or "/"
    return path if path.endswith("/") else path + "/"


def _write_json(path: Path, data: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # Compact: the C encoder is ~10x faster than indent=1 (JSON viewers indent anyway).
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")


def _relative(target: str, here: str) -> str:
    base = posixpath.dirname(here.rstrip("/") + "/x") if here else ""
    rel = posixpath.relpath(target or ".", base or ".")
    return rel + ("/" if target.endswith("/") and not rel.endswith("/") else "")
