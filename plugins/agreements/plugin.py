"""MkDocs wiring: each hook hands its work to :mod:`agreements.site` and hands MkDocs the result."""

from __future__ import annotations

import logging
import time
from pathlib import Path

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from . import assets, memo, minify, replay, routes, search, security, templates
from . import site as site_mod
from .config import AgreementsConfig
from .family import RAW_SUFFIXES
from .slug import quiet_jieba

log = logging.getLogger("mkdocs.plugins.agreements")


class AgreementsPlugin(BasePlugin[AgreementsConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.site: replay.Recorder | replay.Replay | None = None
        self._answers_path: Path | None = None
        self.builder = site_mod.Builder(serving=False)
        self.searching = False
        self.shipped: list[str] = []  # hashes of the theme's own inline scripts
        self.root = Path(".")
        self.started = 0.0
        # Pages search.py indexes in Material's place (src → the author's search meta), and their sections.
        self._indexed: dict[str, dict] = {}
        self._page_docs: dict[str, tuple[str, str, list[tuple[str, str, str]]]] = {}

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.builder = site_mod.Builder(serving=command == "serve")

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.started = time.perf_counter()
        quiet_jieba()
        self.searching = "search" in config.plugins or "material/search" in config.plugins
        self.root = Path(config.config_file_path or ".").resolve().parent
        # Before MkDocs lists (and later copies) docs/: no link may lead out of the project.
        self._checked(Path(config.docs_dir), "docs folder")
        custom = config.theme.custom_dir  # copied into the site too
        refused = security.refusals(Path(config.docs_dir), Path(custom) if custom else None, self.root)
        if refused:
            raise PluginError(f"agreements: refusing to build: {refused}")
        # The plugin's templates, CSS and JS, after the site's custom_dir so a site overrides them.
        theme = str(assets.THEME)
        if theme not in config.theme.dirs:
            config.theme.dirs.insert(1 if custom else 0, theme)
        # The policy depends on the theme's own files only, never on a page.
        self.shipped = security.shipped_hashes(Path(d) for d in config.theme.dirs)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        if not self.config.enabled:
            return files
        self._indexed, self._page_docs = {}, {}
        site = self.site = self._answers(files, config)
        for level, message in site.messages:
            (log.warning if level == "warning" else log.info)(message)
        # The raw texts become pages and the data files feed them; the theme's fragments
        # (agreements/*, e.g. feed.xml) are templates: none is published as a file.
        c = self.config
        prefix, docs = c.folder.strip("/") + "/", Path(config.docs_dir).resolve()
        for f in list(files):
            if ((f.src_uri.startswith(prefix) and f.src_uri.endswith(RAW_SUFFIXES))
                    or f.src_uri in (c.registry, c.glossary, c.thesaurus)
                    or (f.src_uri.startswith(templates.PREFIX) and f.src_dir and Path(f.src_dir).resolve() != docs)):
                files.remove(f)
        for src, stub in site.sources():
            f = File.generated(config, src, content=stub)
            self._out(config, f.dest_uri)  # every page MkDocs will write for us lies inside the site
            files.append(f)
        return files

    def _answers(self, files: Files, config: MkDocsConfig) -> replay.Recorder | replay.Replay:
        """The last build's answers when no input changed, else a site built now (and recorded)."""
        options, docs, authors = site_mod.Options.of(self.config), Path(config.docs_dir), set(files.src_uris)
        digest, self._answers_path = None, None
        if self.config.cache and not self.builder.serving:
            self._answers_path = self._checked(replay.cache_path(self._memo_path()), "build cache")
            digest = replay.inputs_digest(docs, self.root, Path(config.config_file_path or "mkdocs.yml"), options,
                                          config.theme.dirs, authors, config.site_url, self._answers_path)

        def build() -> replay.Recorder:
            if self.config.cache:
                log.debug(f"agreements: {memo.load(self._checked(self._memo_path(), 'build cache'))}")
            try:
                built = self.builder.build(docs, options, self.root, authors, config.theme.dirs)
            except (site_mod.BuildError, routes.UnsafePath) as exc:
                raise PluginError("agreements: cannot build:" + (
                    "\n  " if isinstance(exc, site_mod.BuildError) else " ") + str(exc)) from None
            return replay.Recorder(built, self.builder.search_files, digest)

        kept = replay.load(self._answers_path, digest) if self._answers_path and digest else None
        return replay.Replay(kept, build) if kept is not None else build()

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

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        site = self.site
        if site is None:
            return nav
        by_src = {p.file.src_uri: p for p in nav.pages}

        def hidden(item) -> bool:
            if isinstance(item, Page):
                return site.own(item.file.src_uri)
            return isinstance(item, Section) and all(hidden(c) for c in item.children)

        keep = [item for item in nav.items if not hidden(item)]
        sections = []
        for title, srcs in site.nav():
            section = Section(title, [by_src[s] for s in srcs if s in by_src])
            for child in section.children:
                child.parent = section
            sections.append(section)
        nav.items = keep[:1] + sections + keep[1:]
        return nav

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        # Material's templates compile on every build (0.4 s); the compiled code can be kept.
        if self.config.cache and env.bytecode_cache is None:
            env.bytecode_cache = templates.bytecode_cache()
        env.globals["agreements_bundle"] = assets.theme_bundle(config.theme.dirs)
        return env

    def on_build_error(self, *, error: Exception) -> None:
        self.builder.stop()

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        site = self.site
        if site is None:
            return markdown
        src = page.file.src_uri
        if self.searching:
            meta = page.meta.get("search") if isinstance(page.meta.get("search"), dict) else {}
            if not meta.get("exclude") and not site.indexes_itself(src):
                self._indexed[src] = meta
            page.meta["search"] = {**meta, "exclude": True}
        site.meta(src, page.meta)
        return site.markdown(src, markdown, page.file.url)

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        made = self.site.content(page.file.src_uri, page.file.url) if self.site is not None else None
        if made is None:
            return html
        page.toc = get_toc(made[1])  # type: ignore[arg-type]
        return made[0]

    def on_page_context(self, context, *, page: Page, config: MkDocsConfig, nav: Navigation):
        if page.file.src_uri in self._indexed and page.content is not None:
            self._page_docs[page.file.src_uri] = (
                page.url, page.title or "", search.page_sections(page.content, page.title or ""))
        return context

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        return security.add_csp(minify.indentation(output), self.shipped)

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        if not template_name.endswith(".html"):
            return output_content
        return security.add_csp(minify.indentation(output_content), self.shipped)

    # After Material's search plugin has written its index: this plugin's replaces it.
    @event_priority(-50)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self.builder.end_parses()
        for rel in assets.SHIPPED:
            assets.strip_file(self._out(config, rel))
        site = self.site
        if site is None:
            return
        # Every output path is checked (routes.output_path) before anything is written.
        writes = [(self._out(config, rel), data) for rel, data in site.data_files(config.site_url)]
        index = self._out(config, routes.SEARCH_INDEX)
        for path, data in writes:
            _write(path, data)
        files = site.search_files(list(self._page_docs.values()), index.exists())
        for rel, data in files.items():
            _write(self._out(config, rel), data)
        idle = site.idle_thesaurus() if files else None
        if idle:
            log.info(idle)
        counts = site.counts()
        if self.config.cache:
            memo.save(self._checked(self._memo_path(), "build cache"))
            if isinstance(site, replay.Recorder) and self._answers_path is not None:
                site.save(self._answers_path)
        self.builder.end_build()
        self.builder.warm_up()
        if self.config.summary:
            for line in site_mod.summary(counts, time.perf_counter() - self.started,
                                         memo.stats() if self.config.cache else None,
                                         replayed=isinstance(site, replay.Replay) and not site.rebuilt):
                log.info(line)

    def _memo_path(self) -> Path:
        return memo.path_in(self.root / self.config.cache_dir)


def _write(path: Path, data: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(replay.encode(data), encoding="utf-8")
