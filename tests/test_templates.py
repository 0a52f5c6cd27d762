"""The plugin's Jinja templates: they load, a site's override wins, and every value is escaped (no site built)."""

from __future__ import annotations

from pathlib import Path

import pytest
from jinja2 import UndefinedError
from markupsafe import Markup

from agreements import feed, pages, redline, render
from agreements.glossary import Term, annotate
from agreements.model import Agreement, Span
from agreements.parse import parse
from agreements.templates import DEFAULT, THEME, Templates

TEXT = "QQ号码规则\n\n更新日期：2024年1月2日\n\n一、总则\n\n1.1 QQ号码是腾讯的财产。\n\n1.2 用户只有使用权。\n".encode()
SCRIPT = "<script>alert('x\")</script>"


def agreement(title: str = "QQ号码规则") -> Agreement:
    ag = parse(TEXT, "rules.txt")
    ag.title, ag.slug = title, "qq-haoma-guize"
    return ag


def test_every_package_template_loads_and_defines_render() -> None:
    names = DEFAULT.names()
    assert {"agreement.html", "provision.html", "spans.html", "version-banner.html", "redline-row.html",
            "feed.xml"} <= set(names)
    assert len(names) == len(list((THEME / "agreements").iterdir()))
    fresh = Templates()
    for name in names:
        assert callable(fresh.macro(name)), name


def test_a_site_override_wins_over_the_package_template(tmp_path: Path) -> None:
    (tmp_path / "agreements").mkdir()
    (tmp_path / "agreements/version-banner.html").write_text(
        "{% macro render(ag, current, current_url, history_url) %}"
        "<p class=\"site-banner\">旧版：{{ ag.title }}</p>{% endmacro %}\n", encoding="utf-8")
    site = Templates([tmp_path])
    ag = agreement()
    out = pages.version_banner(ag, ag, "../", "../history/", templates=site)
    assert out == '<p class="site-banner">旧版：QQ号码规则</p>'
    # Templates the site does not override are the package's; the default knows nothing of the site.
    assert "version-bar" in pages.version_select([("2024-01-02", "../", True)], "2024-01-02", "h/", templates=site)
    assert "site-banner" not in pages.version_banner(ag, ag, "../", "../history/")


def test_render_passes_the_templates_to_every_part_of_the_page(tmp_path: Path) -> None:
    (tmp_path / "agreements").mkdir()
    for name, args in (("spans.html", "spans"), ("meta.html", "rows, source, copy, note")):
        (tmp_path / f"agreements/{name}").write_text(
            f"{{% macro render({args}) %}}[{name}]{{% endmacro %}}\n", encoding="utf-8")
    ag = agreement()
    annotate(ag, [Term("QQ号码", "QQ number")])
    html = render.render(ag, templates=Templates([tmp_path])).html
    assert "[meta.html]" in html and "[spans.html]" in html and "是腾讯的财产" not in html
    # A line without a term, link or bold is written without spans.html (spans.html says so).
    assert "用户只有使用权" in html
    assert "是腾讯的财产" in render.render(ag).html


def test_untrusted_values_are_escaped() -> None:
    ag = agreement(SCRIPT)
    out = pages.version_banner(ag, ag, 'x" onmouseover="alert(1)', "h/")
    assert "<script>" not in out and "&lt;script&gt;alert(&#x27;x&quot;)&lt;/script&gt;" in out
    assert 'href="x&quot; onmouseover=&quot;alert(1)"' in out  # html.escape's entities, as before the templates
    assert render.spans_html([Span(SCRIPT)]) == "&lt;script&gt;alert('x\")&lt;/script&gt;"  # text: quotes kept
    assert "<script>" not in render.render(ag).html
    assert "<script>" not in pages.compare_html(ag, SCRIPT, "b", dict.fromkeys(("added", "removed", "changed",
                                                                                "moved"), 0), "h/", "")
    xml = feed.atom("https://a.example/", [{"title": SCRIPT, "date": "2024-01-02", "url": "https://a.example/x/",
                                            "id": "x", "changes": [(SCRIPT, SCRIPT, "https://a.example/x/#r")]}])
    assert "<script>" not in xml and "&amp;lt;script&amp;gt;" in xml  # the HTML of <content>, escaped as XML


def test_fragments_passed_as_markup_are_not_escaped_again() -> None:
    ag = agreement()
    out = pages.compare_html(ag, "a", "b", dict.fromkeys(("added", "removed", "changed", "moved"), 1), "h/",
                             '<div class="redline"></div>')
    assert out.endswith('<div class="redline"></div>')
    assert render.render(ag, before="<nav>v</nav>").html.startswith("<nav>v</nav>\n")
    assert redline.inline_diff("甲\n乙", "甲\n丙") == "甲<br><del>乙</del><ins>丙</ins>"
    assert DEFAULT.env.from_string("{{ x }}{{ y }}").render(x=Markup("<b>"), y="<b>") == "<b>&lt;b&gt;"


@pytest.mark.parametrize("name", ["family.html", "glossary.html", "feed.xml"])
def test_a_template_missing_an_argument_fails_loudly(name: str) -> None:
    with pytest.raises(UndefinedError, match="was not provided"):
        DEFAULT.macro(name)()
