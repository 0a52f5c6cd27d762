"""Typed schemas of the hand-kept data files: the registry, the glossary and the search thesaurus.

Each file is a mapping whose main key holds a list of entries (``agreements:``, ``terms:``,
``entries:``). :func:`read` loads one file and checks it against its :class:`Schema`: a file
YAML cannot read, an unknown key (with the known key it is nearest to), a value of the wrong
type and a missing required field are each an :class:`Issue` naming the file and line. What is
wrong is left out and the rest is read; a number or a date where text is expected is read as
text (as YAML wrote it), with a warning. Nothing in a file's content makes it raise.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml

from .model import Issue

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: 10x faster

# text: a string; texts: a list of strings (one string counts as a list of one);
# mapping: strings to strings; flag: true or false; number: int or float; date: a YAML date or a string.
Kind = Literal["text", "texts", "mapping", "flag", "number", "date"]
EXPECTED = {"text": "text", "texts": "a list of texts", "mapping": "a mapping of texts to texts",
            "flag": "true or false", "number": "a number", "date": "a date or text"}


@dataclass(frozen=True)
class Field:
    kind: Kind
    required: bool = False


@dataclass(frozen=True)
class Schema:
    """One data file: ``entries`` names the list of entries, ``fields`` an entry's keys."""

    what: str  # the file's name in messages: "registry"
    code: str  # the code of its issues
    entries: str
    fields: dict[str, Field]
    label: str  # the field that names an entry in messages ("title"); '' = by number only
    noun: str = "entry"
    top: dict[str, Field] = field(default_factory=dict)  # other top-level keys
    read_code: str = ""  # the code of a file YAML cannot read, if not ``code``


def fields(required: tuple[str, ...] = (), **kinds: Kind) -> dict[str, Field]:
    """An entry's fields by name, in the file's customary order; ``required`` ones must be given."""
    return {name: Field(kind, name in required) for name, kind in kinds.items()}


REGISTRY = Schema("registry", "registry", "agreements", fields(
    title="text", aliases="texts", slug="text", category="text", url="text", file="text", acknowledge="texts",
    evidence_date="date", evidence_kind="text", local_aliases="mapping", required=("title",)), label="title")

GLOSSARY = Schema("glossary", "glossary", "terms", fields(
    zh="text", en="text", pinyin="text", def_zh="text", def_en="text", aliases="texts", category="text",
    note="text", annotate="flag", required=("zh",)), label="zh", noun="term")

THESAURUS = Schema("thesaurus", "thesaurus-shape", "entries", fields(
    ask="texts", find="texts", weight="number", required=("ask", "find")),
    label="", top=fields(stop="texts"), read_code="thesaurus-yaml")


@dataclass
class Item:
    """One checked entry: ``n`` its place in the file's list (1-based), ``values`` its checked fields."""

    n: int
    values: dict[str, Any]  # each of its field's kind: str, list[str], dict[str, str], bool, int | float


@dataclass
class Loaded:
    """A checked file: its top-level values, its entries and the issues found."""

    top: dict[str, Any]
    items: list[Item]
    issues: list[Issue]
    line: Callable[..., int]  # line(n, key, ...) of entry n (1-based) or of a key in it; line() = 1


def read(path: Path, schema: Schema, name: str | None = None) -> Loaded:
    """Load and check ``path`` (``name`` names it in issues; default the path). A missing file is empty."""
    name = name or str(path)
    data, text, issues = read_yaml(path, name, schema.read_code or schema.code, schema.what)
    lines = Lines(text)
    loaded = Loaded({}, [], issues, lambda *at: lines.at(schema.entries, *at))
    if data is None:
        return loaded
    issue = _Reporter(name, schema.code, issues, lines)
    if not isinstance(data, dict):
        issue((), f"the {schema.what} is {describe(data)}, expected a mapping with "
                  f"'{schema.entries}'; nothing is read")
        return loaded
    known = [schema.entries, *schema.top]
    for key, value in data.items():
        if key not in known:
            issue((key,), f"unknown key '{key}'{_hint(key, known)}; ignored")
        elif key in schema.top:
            ok = _value(value, schema.top[key], lambda msg, *at, k=key: issue((k, *at), f"'{k}' {msg}"))
            if ok is not _ABSENT:
                loaded.top[key] = ok
    entries = data.get(schema.entries)
    if entries is None:
        return loaded
    if not isinstance(entries, list):
        issue((schema.entries,), f"'{schema.entries}' is {describe(entries)}, expected a list; nothing is read")
        return loaded
    for n, entry in enumerate(entries, 1):
        item = _entry(n, entry, schema, issue)
        if item is not None:
            loaded.items.append(item)
    issues.sort(key=lambda i: i.line)  # in the order of the file, top-level keys among the entries
    return loaded


def read_yaml(path: Path, name: str, code: str, what: str) -> tuple[object, str, list[Issue]]:
    """(data, text, issues) of a YAML file; a missing file is ``None``, an unreadable one an issue."""
    if not path.exists():
        return None, "", []
    try:
        text = path.read_text(encoding="utf-8")
        return yaml.load(text, Loader=Loader), text, []  # noqa: S506 (safe loader)
    except (yaml.YAMLError, UnicodeDecodeError, OSError) as exc:
        mark = getattr(exc, "problem_mark", None)
        return None, "", [Issue(name, mark.line + 1 if mark else 1, code, f"cannot read {what}: {exc}")]


class Lines:
    """Line (1-based) of a key or list item, by its path from the top of the file.

    The file is composed only when a line is asked for, so a clean file never pays for it; a
    path that does not lead anywhere gives the line of as much of it as exists (else 1)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.root: yaml.Node | None = None
        self.composed = False

    def at(self, *path: object) -> int:
        if not self.composed:
            self.composed = True
            try:
                self.root = yaml.compose(self.text, Loader=Loader)
            except yaml.YAMLError:
                self.root = None
        node, line = self.root, 1
        for step in path:
            child = None
            if isinstance(node, yaml.MappingNode):
                for k, v in node.value:
                    if isinstance(k, yaml.ScalarNode) and k.value == str(step):
                        child, line = v, k.start_mark.line + 1
                        break
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and 0 < step <= len(node.value):
                child = node.value[step - 1]
                line = child.start_mark.line + 1
            if child is None:
                break
            node = child
        return line


class _Reporter:
    def __init__(self, name: str, code: str, issues: list[Issue], lines: Lines) -> None:
        self.name, self.code, self.issues, self.lines = name, code, issues, lines

    def __call__(self, path: tuple, message: str) -> None:
        self.issues.append(Issue(self.name, self.lines.at(*path), self.code, message))


_ABSENT = object()


def _entry(n: int, entry: object, schema: Schema, issue: _Reporter) -> Item | None:
    at = (schema.entries, n)
    if not isinstance(entry, dict):
        issue(at, f"{schema.noun} {n} is {describe(entry)}, expected a mapping; skipped")
        return None
    named = entry.get(schema.label) if schema.label else None
    label = f"{schema.noun} '{named}'" if isinstance(named, str | int | float) and str(named) else f"{schema.noun} {n}"
    values: dict[str, Any] = {}
    for key, value in entry.items():
        spec = schema.fields.get(key) if isinstance(key, str) else None
        if spec is None:
            issue((*at, key), f"{label}: unknown key '{key}'{_hint(key, schema.fields)}; ignored")
            continue
        ok = _value(value, spec, lambda msg, *sub, k=key: issue((*at, k, *sub), f"{label}: '{k}' {msg}"))
        if ok is not _ABSENT:
            values[key] = ok
    missing = [k for k, spec in schema.fields.items() if spec.required and k not in values]
    if missing:
        if all(k not in entry or entry[k] is None for k in missing):
            issue(at, f"{label} has no " + " and no ".join(f"'{k}'" for k in missing) + "; skipped")
        return None  # (a wrong-typed required field was reported where it stands)
    return Item(n, values)


def _value(value: object, spec: Field, issue: Callable[..., None]) -> object:
    """``value`` checked against ``spec``: the value to use, or ``_ABSENT`` (reported unless empty)."""
    kind = spec.kind
    if value is None:
        return _ABSENT  # ``key:`` with nothing after it: as if not given
    if kind in ("text", "date"):
        if isinstance(value, str) or (kind == "date" and isinstance(value, dt.date)):
            return str(value)
        if _scalar(value):
            issue(f"is {describe(value)} ({value}), expected text; read as '{value}' (quote it to say so)")
            return str(value)
        issue(f"is {describe(value)}, expected {EXPECTED[kind]}; ignored")
        return _ABSENT
    if kind == "texts":
        if _scalar(value):
            return [str(value)]
        if not isinstance(value, list):
            issue(f"is {describe(value)}, expected {EXPECTED[kind]}; ignored")
            return _ABSENT
        out = []
        for i, v in enumerate(value, 1):
            if _scalar(v):
                out.append(str(v))
            else:
                issue(f"item {i} is {describe(v)}, expected text; ignored", i)
        return out
    if kind == "mapping":
        if not isinstance(value, dict):
            issue(f"is {describe(value)}, expected {EXPECTED[kind]}; ignored")
            return _ABSENT
        pairs = {}
        for k, v in value.items():
            if _scalar(k) and _scalar(v):
                pairs[str(k)] = str(v)
            else:
                issue(f"item '{k}' is {describe(v)}, expected text; ignored", k)
        return pairs
    if kind == "flag":
        if isinstance(value, bool):
            return value
        issue(f"is {describe(value)} ({value!r}), expected {EXPECTED[kind]}; ignored")
        return _ABSENT
    if isinstance(value, int | float) and not isinstance(value, bool):  # number
        return value
    issue(f"is {describe(value)} ({value!r}), expected {EXPECTED[kind]}; ignored")
    return _ABSENT


def _scalar(value: object) -> bool:
    return isinstance(value, str | int | float | dt.date)  # bool is an int


def describe(value: object) -> str:
    """What YAML made of a value, in words: 'a list', 'a number', 'text'."""
    if value is None:
        return "empty"
    for types, words in ((bool, "a boolean"), (int | float, "a number"), (dt.date, "a date"), (str, "text"),
                         (list, "a list"), (dict, "a mapping")):
        if isinstance(value, types):
            return words
    return type(value).__name__


def _hint(key: object, known) -> str:
    close = difflib.get_close_matches(str(key), list(known), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""
