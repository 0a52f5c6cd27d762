"""Security of the pure modules: paths, registry checks, the CSP, escaping at output (issue 20)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agreements import family, glossary, links, memo, pages, render, routes, search, security

from conftest import ROOT

MATERIAL = Path(__import__("material").__file__).parent / "templates"
THEME = [ROOT / "overrides", ROOT / "plugins/agreements/theme", MATERIAL]
RULES = (ROOT / "docs/agreements/archive/qq-number-rules.md/2018-01-27.txt").read_bytes()


# -- paths -------------------------------------------------------------------------

@pytest.mark.parametrize("rel", ["../x/clauses.json", "a/../../x", "/etc/passwd", "", "a\\..\\b", "."])
def test_output_path_refuses_anything_outside_the_site(tmp_path: Path, rel: str) -> None:
    with pytest.raises(routes.UnsafePath):
        routes.output_path(tmp_path / "site", rel)


def test_output_path_resolves_symlinks_inside_the_site(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "slug").symlink_to(tmp_path)  # a folder in the site leading out of it
    with pytest.raises(routes.UnsafePath):
        routes.output_path(site, "slug/clauses.json")
    assert routes.output_path(site, "a/clauses.json") == (site / "a/clauses.json").resolve()


@pytest.mark.parametrize("slug,ok", [("qq-haoma-guize", True), ("a", True), ("9-x", True), ("a" * 81, True),
                                     ("a" * 82, False), ("-a", False), ("../x", False), ("A", False),
                                     ("a/b", False), ("a.b", False), ("qq\n", False), ("", False)])
def test_slug_pattern(slug: str, ok: bool) -> None:
    assert routes.valid_slug(slug) is ok


def test_computed_slugs_are_fitted_to_the_pattern() -> None:
    assert routes.valid_slug(routes.fit_slug("ab-" * 40))
    assert routes.fit_slug("../../etc") == "agreement"


@pytest.mark.parametrize("url,ok", [
    ("https://ti.qq.com/tim/serverinfo.html", True), ("http://a.example/x?y=1#z", True),
    ("mailto:legal@example.com", True), ("javascript:alert(1)", False), ("JavaScript:alert(1)", False),
    ("data:text/html,<script>", False), ("//evil.example", False), ("https:///x", False),
    ('https://a.example/"onmouseover=alert(1)', False), ("https://a.example/\u0000", False),
    ("vbscript:x", False), ("/relative", False), ("https://a.example/<x>", False)])
def test_registry_urls(url: str, ok: bool) -> None:
    assert routes.valid_url(url) is ok


@pytest.mark.parametrize("value,ok", [("2025-09-01", True), ("2024-02-29", True), ("2025-02-29", False),
                                      ("2025-13-45", False), ("2025-9-1", False), ("../2025-09-01", False),
                                      ("2025-09-01\n", False)])
def test_dates(value: str, ok: bool) -> None:
    assert routes.valid_date(value) is ok


def test_inside_project_names_the_link(tmp_path: Path) -> None:
    outside = tmp_path / "secret.txt"
    outside.write_text("s3cret", encoding="utf-8")
    proj = tmp_path / "proj"
    proj.mkdir()
    (proj / "a.txt").symlink_to(outside)
    (proj / "b.txt").symlink_to(proj / "c.txt")  # inside: fine
    with pytest.raises(routes.UnsafePath, match=r"proj/a\.txt.*secret\.txt"):
        routes.inside_project(proj / "a.txt", proj)
    assert routes.inside_project(proj / "b.txt", proj) == proj.resolve() / "c.txt"
    assert routes.outside_links(proj, proj) == [f"{proj / 'a.txt'}: symbolic link to {outside.resolve()}, "
                                                f"outside the project {proj.resolve()}"]


# -- registry ------------------------------------------------------------------------

def project(tmp: Path, registry: str, raw: bytes = RULES) -> Path:
    (tmp / "docs/agreements").mkdir(parents=True)
    (tmp / "docs/agreements/rules.txt").write_bytes(raw)
    (tmp / "docs/agreements.yml").write_text(registry, encoding="utf-8")
    return tmp


def load(tmp: Path) -> family.Family:
    return family.load(tmp / "docs/agreements", tmp / "docs/agreements.yml", rel_to=tmp / "docs", root=tmp)


def test_registry_slug_with_dots_stops_the_build_with_file_and_line(tmp_path: Path) -> None:
    proj = project(tmp_path, "agreements:\n  - title: QQ号码规则\n    category: 规则\n"
                             "    slug: ../../../somewhere\n")
    fam = load(proj)
    assert fam.agreements == []
    assert len(fam.errors) == 1
    assert re.search(r"docs/agreements\.yml:4: entry 'QQ号码规则': slug '\.\./\.\./\.\./somewhere'",
                     fam.errors[0]), fam.errors


def test_registry_javascript_url_is_dropped_with_a_warning(tmp_path: Path) -> None:
    proj = project(tmp_path, "agreements:\n  - title: QQ号码规则\n  - title: 腾讯服务协议\n"
                             "    url: javascript:alert(1)\n")
    fam = load(proj)
    assert not fam.errors
    assert fam.registry["腾讯服务协议"].url is None
    issue = next(i for i in fam.issues if i.code.startswith("registry-url"))
    assert issue.line == 4 and issue.path.endswith("docs/agreements.yml") and "腾讯服务协议" in issue.message


def test_symlinked_raw_text_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("QQ号码规则\n\n1.1 SECRET-7f3a\n", encoding="utf-8")
    proj = project(tmp_path / "proj", "agreements: []\n")
    (proj / "docs/agreements/notice.txt").symlink_to(secret)
    fam = load(proj)
    assert any("notice.txt" in e and "outside the project" in e for e in fam.errors), fam.errors
    assert all("SECRET-7f3a" not in p.text for a in fam.agreements for p in a.walk())


def test_symlinked_registry_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "reg.yml"
    outside.write_text("agreements: []\n", encoding="utf-8")
    proj = project(tmp_path / "proj", "")
    (proj / "docs/agreements.yml").unlink()
    (proj / "docs/agreements.yml").symlink_to(outside)
    fam = load(proj)
    assert fam.errors and "agreements.yml" in fam.errors[0] and "registry" in fam.errors[0]


def test_a_poisoned_memo_slug_never_becomes_a_path(tmp_path: Path) -> None:
    memo.clear()
    try:
        memo._tables["slug"] = {"QQ号码规则": "../../../outside"}
        fam = load(project(tmp_path, "agreements: []\n"))
        assert [a.slug for a in fam.agreements] == ["agreement"]
    finally:
        memo.clear()


# -- CSP ----------------------------------------------------------------------------------

def test_policy_comes_from_the_theme_files_not_from_the_page() -> None:
    shipped = security.shipped_hashes(THEME)
    content = (MATERIAL / "partials/javascripts/content.html").read_text(encoding="utf-8")
    target = next(b for b in security.inline_scripts(content) if b.startswith("var target"))
    assert security._sha256(target) in shipped
    injected = "<script>alert(1)</script>"
    page = f'<html><head><meta charset="utf-8"></head><body><script>{target}</script>{injected}</body></html>'
    out = security.add_csp(page, shipped)
    assert security._sha256("alert(1)") not in out
    # The page's policy: the shipped script it uses, nothing else.
    assert f'content="{security.policy([security._sha256(target)])}"' in out


def test_per_page_values_live_in_attributes_not_in_hashed_bodies() -> None:
    base = (MATERIAL / "partials/javascripts/base.html").read_text(encoding="utf-8")
    assert "{{" in base and security.inline_scripts(base) == []  # Jinja inside: never allowed
    ours = (ROOT / "plugins/agreements/theme/partials/javascripts/base.html").read_text(encoding="utf-8")
    (body,) = security.inline_scripts(ours)
    assert "__md_scope" in body and 'data-scope="{{' in ours
    shipped = security.shipped_hashes(THEME)
    assert security._sha256(body) in shipped
    # Material's own version of that file is shadowed by the override, as in MkDocs' lookup.
    assert len(shipped) == len(set(shipped))


def test_quoting_the_csp_words_does_not_drop_the_policy() -> None:
    page = '<html><head><meta charset="utf-8"></head><body>http-equiv="Content-Security-Policy"</body></html>'
    out = security.add_csp(page, [])
    assert out.count("<meta http-equiv=") == 1 and out.index("<meta http-equiv=") < out.index("<body>")
    assert security.add_csp(out, []) == out


# -- escaping: every registry and glossary field, with generated hostile strings ----------------

HOSTILE = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", '"><svg onload=alert(1)>',
           "'><iframe src=javascript:alert(1)>", "</title><script>alert(1)</script>", "javascript:alert(1)",
           "&lt;b&gt;", "{{7*7}}", "../../", "<!--", "]]>", "\u2028", "规则"]
hostile = st.lists(st.one_of(st.sampled_from(HOSTILE), st.text(alphabet="<>\"'&=/ a规", max_size=6)),
                   min_size=1, max_size=4).map("".join)

ALLOWED_TAGS = {"h1", "h2", "h3", "p", "a", "table", "thead", "tbody", "tr", "th", "td", "ul", "li", "ol", "svg",
                "title", "text", "path", "rect", "div", "span", "time", "nav", "article", "section", "abbr",
                "dl", "dt", "dd", "header", "button", "strong", "blockquote", "label", "select", "option",
                "del", "ins", "br", "code", "script"}


class Markup(HTMLParser):
    """Every tag and attribute of a fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def check_inert(html: str) -> Markup:
    m = Markup()
    m.feed(html)
    m.close()
    for tag, attrs in m.tags:
        assert tag in ALLOWED_TAGS, (tag, html[:300])
        assert tag != "script" or attrs.get("type") == "application/json", html[:300]
        assert not [a for a in attrs if a.startswith("on")], (tag, attrs)
        for a in ("href", "src"):
            v = (attrs.get(a) or "").strip().lower()
            assert not v.startswith(("javascript:", "data:", "vbscript:")), (tag, attrs)
    return m


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=hostile, alias=hostile, category=hostile, url=hostile, ack=hostile, local=hostile,
       gzh=hostile, gen=hostile, gpy=hostile, gdz=hostile, gde=hostile, gal=hostile, gcat=hostile, gnote=hostile)
def test_hostile_registry_and_glossary_fields_are_shown_as_text(tmp_path_factory, title, alias, category, url,
                                                                ack, local, gzh, gen, gpy, gdz, gde, gal, gcat,
                                                                gnote) -> None:
    import yaml

    tmp = tmp_path_factory.mktemp("h")
    entries = [
        {"title": "QQ号码规则", "category": category, "aliases": [alias], "acknowledge": [ack],
         "local_aliases": {local: title}, "url": "https://a.example/" + url, "file": "rules.txt"},
        {"title": title, "aliases": [alias + "x"], "category": category, "url": url},
    ]
    proj = project(tmp, yaml.safe_dump({"agreements": entries}, allow_unicode=True))
    fam = load(proj)
    assert not fam.errors, fam.errors
    for e in fam.registry.values():
        assert e.url is None or routes.valid_url(e.url)
    linked = links.link_family(fam)
    term = glossary.Term(zh=gzh.strip() or "号", en=gen, pinyin=gpy, def_zh=gdz, def_en=gde, aliases=(gal,),
                         category=gcat, note=gnote)
    terms = [term, glossary.Term(zh="QQ号码", en=gen, def_zh=gdz)]
    for ag in fam.agreements:
        glossary.annotate(ag, terms)

    def url_of(slug: str, frag: str = "") -> str:
        return f"../{slug}/" + (f"#{frag}" if frag else "")

    htmls = [
        pages.family_html(fam, lambda a: url_of(a.slug)),
        pages.family_map_html(fam, links.graph(linked.citations), url_of, links.entry_key),
        pages.glossary_html(terms, {a.slug: a for a in fam.agreements}, url_of)[0],
    ]
    for ag in fam.agreements:
        htmls.append(render.render(ag, page_url=f"/{ag.slug}/", url_of=url_of).html)
        htmls.append(pages.backlinks_html(fam, links.backlinks(linked.citations, ag.title), ag, url_of)[0])
    shown = "".join("".join(check_inert(h).text) for h in htmls)
    registry_map = check_inert(htmls[1])
    assert category.strip()[:10] in "".join(registry_map.text) or not category.strip()
    assert gen[:10] in shown
    # The search index holds text as data: the worker escapes it (tests/browser/test_security_browser.py).
    for doc, term in zip(search.glossary_docs(terms, 0), terms, strict=True):
        assert doc.title.startswith(term.zh) and term.def_zh in doc.text


def test_hostile_category_and_glossary_in_search_documents() -> None:
    """Search documents are plain text, never HTML: the worker escapes every value it shows."""
    term = glossary.Term(zh="反向工程", en="x<img src=x onerror=alert(1)>", def_en="<script>alert(2)</script>")
    doc = search.glossary_docs([term], 0)[0]
    assert "x<img src=x onerror=alert(1)>" in doc.title
    assert "<script>alert(2)</script>" in doc.text
    worker = (ROOT / "plugins/agreements/theme/assets/search-worker.js").read_text(encoding="utf-8")
    # Every value reaches Material's result HTML through esc() or snippet() (which escapes).
    assert "esc(kind === \"a\"" in worker and "esc(text.slice(" in worker


def test_agreement_search_documents_are_plain_text(tmp_path: Path) -> None:
    raw = "QQ号码规则\n\n1.1 <img src=x onerror=alert(1)> 与 <script>alert(2)</script>\n".encode()
    fam = load(project(tmp_path, "agreements: []\n", raw))
    docs = search.agreement_docs(fam.agreements[0], 0, render.provision_label)
    assert any("<script>alert(2)</script>" in d.text for d in docs)
    assert not any("&lt;" in d.text for d in docs)  # never escaped twice


def test_no_shell_strings_anywhere() -> None:
    """git is always called with an argument list."""
    for path in (ROOT / "plugins/agreements").glob("*.py"):
        src = path.read_text(encoding="utf-8")
        assert "shell=True" not in src and "os.system" not in src and "os.popen" not in src, path.name


def test_plugin_writes_only_through_output_path() -> None:
    """Every file the plugin writes goes through routes.output_path (via _out)."""
    src = (ROOT / "plugins/agreements/plugin.py").read_text(encoding="utf-8")
    assert "site /" not in src and "Path(config.site_dir)" not in src
    # Every site path the plugin writes to (data files, search index, shipped assets, pages) is one
    # that self._out made, in the same statement.
    writes = re.findall(r"^.*(?:_write\(|strip_file\(|File\.generated\().*$", src, re.M)
    calls = [w for w in writes if not w.lstrip().startswith("def ")]
    assert len(calls) >= 4
    checked_first = "writes = [(self._out(config, rel), data)" in src  # all checked before any is written
    for line in calls:
        assert ("self._out(config," in line or "File.generated" in line
                or (checked_first and line.strip() == "_write(path, data)")), line
    assert "self._out(config, f.dest_uri)" in src  # and every generated page's destination is checked
    for path in (ROOT / "plugins/agreements").glob("*.py"):  # nothing else writes into the site
        if path.name not in ("plugin.py", "memo.py", "assets.py", "release.py", "deeplinks.py"):
            assert "write_text(" not in path.read_text(encoding="utf-8"), path.name
