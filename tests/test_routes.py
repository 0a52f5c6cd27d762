"""routes.py: every page source and URL the plugin makes, and the slugs it refuses."""

from __future__ import annotations

import pytest

from agreements import routes


def test_pages_and_urls_of_one_agreement() -> None:
    assert routes.agreement_src("qq") == "qq.md" and routes.url("qq") == "qq/"
    assert routes.url("qq", "c-8.2.1") == "qq/#c-8.2.1"
    assert routes.url(routes.GLOSSARY, "t-zhanghao") == "glossary/#t-zhanghao"
    assert routes.version_url("qq", None) == "qq/" and routes.version_url("qq", "2018-01-27") == "qq/2018-01-27/"
    assert routes.version_src("qq", "2018-01-27") == "qq/2018-01-27.md"
    assert (routes.history_src("qq"), routes.history_url("qq")) == ("qq/history.md", "qq/history/")
    assert routes.compare_src("qq", "2018-01-27", "2022-01-23") == "qq/compare/2018-01-27/2022-01-23.md"
    assert routes.compare_url("qq", "2018-01-27", "2022-01-23") == "qq/compare/2018-01-27/2022-01-23/"
    assert routes.clauses_json("qq") == "qq/clauses.json"
    assert routes.clauses_json("qq", "2018-01-27") == "qq/2018-01-27/clauses.json"
    assert routes.versions_json("qq") == "qq/versions.json"


@pytest.mark.parametrize(("target", "here", "link"), [
    ("qq/", "", "qq/"),
    ("qq/", "qq/", "./"),
    ("qq/2018-01-27/", "qq/", "2018-01-27/"),
    ("qq/", "qq/compare/2018-01-27/2022-01-23/", "../../../"),
    ("tim/#c-1", "qq/", "../tim/#c-1"),
    ("glossary/", "qq/2018-01-27/", "../../glossary/"),
])
def test_relative_links_from_a_page(target: str, here: str, link: str) -> None:
    assert routes.relative(target, here) == link


def test_site_path_and_origin() -> None:
    assert routes.site_path(None) == "/" and routes.site_path("https://example.com/legal") == "/legal/"
    assert routes.origin("https://example.com/legal/") == "https://example.com" and routes.origin(None) == ""


def test_slugs_the_site_uses_are_refused_with_the_file_named() -> None:
    errors = routes.reserved({"family": "agreements/a.txt", "contract": "agreements/b.txt", "qq": "agreements/c.txt"},
                             {"contract.md", "index.md", "agreements/c.txt"})
    assert len(errors) == 2
    assert errors[0].startswith("agreements/b.txt: slug 'contract'") and "docs/contract.md" in errors[0]
    assert errors[1].startswith("agreements/a.txt: slug 'family'") and "its own pages" in errors[1]
