"""A build's answers, kept for the next build of the same inputs.

The hooks ask the :class:`~agreements.site.Site` a fixed set of questions: the pages it adds,
the navigation, each page's meta, Markdown and HTML, the data files, the search files, the
messages. They are pure functions of the build's inputs, so when no input changed (a CI run
with a cache step, a second ``mkdocs build``) the answers are the last build's.
:class:`Recorder` keeps them while a site answers; :class:`Replay` gives them back without
reading a text, and builds the site after all for a question it was never asked.

The inputs (:func:`inputs_digest`): the plugin's source and dictionaries (the memo's
fingerprint), its templates wherever they come from, the options, ``mkdocs.yml``, every file of
the docs folder by path and bytes, the pages MkDocs lists and the repository's tags with the
commits they name. A symlink anywhere in the docs folder, or a cache file that the repository
tracks, turns replay off: the first is refused by the build anyway, the second is content a
commit could forge.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import tempfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from . import memo, templates, vcs

Answer = Any
MAX_BYTES = 64 * 2**20  # of text: a larger family keeps no answers (memory matters more; the memo still applies)


def inputs_digest(docs: Path, root: Path, config_file: Path | None, options: object,
                  theme_dirs: Sequence[Path | str], pages: Iterable[str], site_url: str | None,
                  cache_file: Path) -> str | None:
    """A digest of everything the answers depend on; None when replay must not be used."""
    h = hashlib.sha256()

    def add(*parts: object) -> None:
        for p in parts:
            h.update(p if isinstance(p, bytes) else str(p).encode("utf-8", "surrogateescape"))
            h.update(b"\0")

    add("v1", memo.fingerprint(), repr(options), docs.resolve(), root.resolve(), site_url or "")
    add(*sorted(pages))
    if config_file is not None and config_file.is_file():
        add(config_file.read_bytes())
    for top in [docs, *(Path(d) / templates.PREFIX for d in theme_dirs)]:
        if not _add_tree(top, add, follow=top != docs):
            return None
    top = vcs.toplevel(root)
    if top is not None:
        try:
            add(vcs.git(top, "for-each-ref", "--format=%(refname)%00%(objectname)%00%(*objectname)", "refs/tags"))
            if vcs.git(top, "ls-files", "--", str(cache_file.parent.resolve())).strip():
                return None
        except (OSError, subprocess.SubprocessError):
            return None
    return h.hexdigest()


def _add_tree(top: Path, add: Callable[..., None], follow: bool) -> bool:
    """Every file under ``top`` (path and bytes, in sorted order); False at a symlink of the docs."""
    if not top.is_dir():
        add("absent", top)
        return True
    for dirpath, dirnames, filenames in os.walk(top, followlinks=follow):
        dirnames.sort()
        here = Path(dirpath)
        for name in [*dirnames, *sorted(filenames)]:
            if not follow and (here / name).is_symlink():
                return False
        for name in sorted(filenames):
            path = here / name
            add(path.relative_to(top).as_posix(), path.read_bytes())
    return True


def cache_path(memo_path: Path) -> Path:
    """The answers' file beside the memo (same fingerprint, so new code starts empty)."""
    return memo_path.with_name(memo_path.name.replace("memo-", "answers-", 1))


def _key(name: str, *args: object) -> str:
    return json.dumps([name, *args], ensure_ascii=False, sort_keys=True, default=str)


def _meta_changes(before: dict, after: dict) -> dict:
    return {k: v for k, v in after.items() if k not in before or before[k] is not v}


class Recorder:
    """Answers from ``site`` (through ``search_files``, the builder's), each one kept."""

    def __init__(self, site: Any, search_files: Callable[..., dict[str, object]], digest: str | None) -> None:
        """``digest`` None: answer, keep nothing (``mkdocs serve``, ``cache: false``)."""
        self.site, self._search_files, self.digest = site, search_files, digest
        self.answers: dict[str, Answer] | None = (
            {"messages": [list(m) for m in site.messages]} if digest is not None else None)
        self.size = 0

    @property
    def messages(self) -> list[tuple[str, str]]:
        return self.site.messages

    def _keep(self, key: str, value: Answer) -> Answer:
        if self.answers is not None:
            self.answers[key] = value
        return value

    def _kept_text(self, value: str) -> str:
        self.size += len(value)
        if self.size > MAX_BYTES:
            self.answers = None
        return value

    def sources(self) -> list[tuple[str, str]]:
        return self._keep("sources", self.site.sources())

    def nav(self) -> list[tuple[str, list[str]]]:
        return self._keep("nav", self.site.nav())

    def own(self, src: str) -> bool:
        return self._keep(_key("own", src), self.site.own(src))

    def indexes_itself(self, src: str) -> bool:
        return self._keep(_key("indexes_itself", src), self.site.indexes_itself(src))

    def meta(self, src: str, meta: dict) -> None:
        key, before = _key("meta", src, meta), dict(meta)
        self.site.meta(src, meta)
        self._keep(key, _meta_changes(before, meta))

    def markdown(self, src: str, markdown: str, here: str) -> str:
        key = _key("markdown", src, memo.digest(markdown), here)
        return self._keep(key, self._kept_text(self.site.markdown(src, markdown, here)))

    def content(self, src: str, here: str) -> tuple[str, list[dict]] | None:
        made = self.site.content(src, here)
        if made is not None:
            self._kept_text(made[0])
        return self._keep(_key("content", src, here), made)

    def data_files(self, site_url: str | None) -> list[tuple[str, object]]:
        out = [(rel, self._kept_text(encode(data))) for rel, data in self.site.data_files(site_url)]
        return self._keep(_key("data_files", site_url), out)

    def search_files(self, page_docs: list, write: bool) -> dict[str, object]:
        key = _key("search_files", memo.digest(json.dumps(page_docs, ensure_ascii=False)), write)
        files = {rel: self._kept_text(encode(data)) for rel, data in self._search_files(self.site, page_docs,
                                                                                        write).items()}
        return self._keep(key, files)

    def idle_thesaurus(self) -> str | None:
        from .site import idle_thesaurus

        return self._keep("idle_thesaurus", idle_thesaurus(self.site))

    def counts(self) -> dict[str, Any]:
        return self._keep("counts", self.site.counts())

    def save(self, path: Path) -> bool:
        """Write the answers (atomically); False when too large or the folder is not writable."""
        if self.answers is None or self.digest is None:
            path.unlink(missing_ok=True)
            return False
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".answers-", suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(json.dumps({"digest": self.digest, "answers": self.answers}, ensure_ascii=False,
                                     separators=(",", ":")))
            os.chmod(tmp, 0o644)
            os.replace(tmp, path)
            for old in path.parent.glob("answers-*.json"):
                if old != path:
                    old.unlink(missing_ok=True)
        except OSError:
            return False
        return True


class Replay:
    """The answers of the last build of the same inputs; a question it lacks builds the site."""

    def __init__(self, answers: dict[str, Answer], rebuild: Callable[[], Recorder]) -> None:
        self.answers, self._rebuild = answers, rebuild
        self._live: Recorder | None = None
        self.messages = [tuple(m) for m in answers.get("messages", [])]

    @property
    def rebuilt(self) -> bool:
        """A question the answers lacked made the site build after all."""
        return self._live is not None

    def _ask(self, key: str, live: Callable[[Recorder], Answer]) -> Answer:
        try:
            return self.answers[key]
        except KeyError:
            if self._live is None:
                self._live = self._rebuild()
            return live(self._live)

    def sources(self) -> list[tuple[str, str]]:
        return self._ask("sources", lambda r: r.sources())

    def nav(self) -> list[tuple[str, list[str]]]:
        return self._ask("nav", lambda r: r.nav())

    def own(self, src: str) -> bool:
        return self._ask(_key("own", src), lambda r: r.own(src))

    def indexes_itself(self, src: str) -> bool:
        return self._ask(_key("indexes_itself", src), lambda r: r.indexes_itself(src))

    def meta(self, src: str, meta: dict) -> None:
        key = _key("meta", src, meta)
        if key in self.answers:
            meta.update(self.answers[key])
        else:
            self._ask(key, lambda r: r.meta(src, meta))

    def markdown(self, src: str, markdown: str, here: str) -> str:
        return self._ask(_key("markdown", src, memo.digest(markdown), here), lambda r: r.markdown(src, markdown, here))

    def content(self, src: str, here: str) -> tuple[str, list[dict]] | None:
        return self._ask(_key("content", src, here), lambda r: r.content(src, here))

    def data_files(self, site_url: str | None) -> list[tuple[str, object]]:
        return self._ask(_key("data_files", site_url), lambda r: r.data_files(site_url))

    def search_files(self, page_docs: list, write: bool) -> dict[str, object]:
        key = _key("search_files", memo.digest(json.dumps(page_docs, ensure_ascii=False)), write)
        return self._ask(key, lambda r: r.search_files(page_docs, write))

    def idle_thesaurus(self) -> str | None:
        return self._ask("idle_thesaurus", lambda r: r.idle_thesaurus())

    def counts(self) -> dict[str, Any]:
        return self._ask("counts", lambda r: r.counts())


def load(path: Path, digest: str) -> dict[str, Answer] | None:
    """The answers kept at ``path`` for ``digest``, or None (absent, unreadable, other inputs)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("digest") != digest or not isinstance(data.get("answers"), dict):
        return None
    return data["answers"]


def encode(data: object) -> str:
    """A data file's text, as the plugin writes it (compact JSON, the C encoder, a final newline)."""
    return data if isinstance(data, str) else json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
