"""The HTML (and Atom) the plugin writes, as Jinja templates a site can override.

Each template is ``theme/agreements/<name>`` in this package and defines a macro ``render``, whose
arguments its first lines describe. A theme folder given to :class:`Templates` (a site's
``overrides/``) is searched first: ``overrides/agreements/<name>`` replaces the package's template
of that name, as a Material partial is replaced.

Every value a template prints is escaped unless it is ``Markup`` (a fragment another template
rendered, or the caller passes deliberately). The escaping is ``html.escape``'s, the site's
escaping from before the templates: quotes as ``&quot;`` and ``&#x27;`` where MarkupSafe would
write ``&#34;`` and ``&#39;``. The filter ``text`` escapes only ``& < >`` (element text, XML).

Line breaks are the page's own (the templates write the HTML the site always had): a line holding
only a tag leaves nothing (``trim_blocks``, ``lstrip_blocks``), ``{#- #}`` at the start of a line
joins it to the line before, and a fragment ends without a line break (``{%- endmacro %}``, or a
loop whose items each start a line: ``{%- for … +%}`` … ``{%- endfor %}``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from html import escape
from pathlib import Path

from jinja2 import BytecodeCache, Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined
from jinja2.bccache import Bucket
from markupsafe import Markup

THEME = Path(__file__).parent / "theme"
PREFIX = "agreements/"


def _finalize(value: object) -> object:
    """A printed value as ``html.escape`` escapes it; Jinja's MarkupSafe escape then leaves it be.

    Without quotes both escape alike, so only a string with a quote is escaped here."""
    if hasattr(value, "__html__"):
        return value
    text = value if type(value) is str else str(value)
    if '"' in text or "'" in text:
        return Markup(escape(text))
    return text


def text(value: object) -> Markup:
    """``value`` as element text: ``& < >`` escaped, quotes kept. A ``Markup`` value is escaped too:
    the feed carries an HTML fragment as text."""
    return Markup(escape(str(value), quote=False))


def nl2br(value: object) -> Markup:
    """``value`` escaped, each line break a ``br`` element."""
    if not hasattr(value, "__html__"):
        value = escape(str(value))
    return Markup(str(value).replace("\n", "<br>"))


class Templates:
    """The plugin's templates, looked up in ``dirs`` (a site's theme folders) before the package's own.

    Templates are compiled on first use and kept for the life of the object (one build)."""

    def __init__(self, dirs: Sequence[Path | str] = (), bytecode: BytecodeCache | None = None) -> None:
        self.dirs = [*dirs, THEME]
        self.env = Environment(
            loader=FileSystemLoader(self.dirs), autoescape=True, finalize=_finalize,
            undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
            auto_reload=False, bytecode_cache=bytecode)
        self.env.filters.update(text=text, nl2br=nl2br)
        self._macros: dict[str, Callable[..., Markup]] = {}

    def macro(self, name: str) -> Callable[..., Markup]:
        """The ``render`` macro of ``agreements/<name>``."""
        fn = self._macros.get(name)
        if fn is None:
            fn = self._macros[name] = self.env.get_template(PREFIX + name).module.render  # type: ignore[attr-defined]
        return fn

    def render(self, name: str, *args: object, **kwargs: object) -> str:
        """``agreements/<name>`` rendered: its ``render`` macro called with these arguments."""
        return str(self.macro(name)(*args, **kwargs))

    def fingerprint(self) -> str:
        """A digest of every template these folders hold (what a kept fragment was rendered with)."""
        h = hashlib.sha256()
        for d in self.dirs:
            folder = Path(d) / PREFIX
            for f in sorted(folder.rglob("*")) if folder.is_dir() else ():
                if f.is_file():
                    h.update(str(f).encode("utf-8", "surrogateescape") + b"\0" + f.read_bytes() + b"\0")
        return h.hexdigest()

    def names(self) -> list[str]:
        """The names of the package's templates (a site may override any of them)."""
        return sorted(p.relative_to(THEME / PREFIX).as_posix() for p in (THEME / PREFIX).rglob("*") if p.is_file())


DEFAULT = Templates()


BYTECODE_PATTERN = "agreements-%s.cache"  # the plugin's files in Jinja's folder (a cold benchmark removes them)


class MemoryBytecode(BytecodeCache):
    """Compiled templates kept in this process's memory (``mkdocs serve`` builds again and again);
    Jinja compiles a template anew when its source changed."""

    def __init__(self) -> None:
        self._kept: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._kept.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._kept[bucket.key] = bucket.bytecode_to_string()


def bytecode_cache() -> BytecodeCache:
    """Compiled templates between builds, in Jinja's own per-user folder of the system's temp
    (created private, refused if another user owns it): never in the project, where a commit could
    place bytecode. Keyed by each template's source, so an edited template compiles anew."""
    return FileSystemBytecodeCache(pattern=BYTECODE_PATTERN)
