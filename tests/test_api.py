"""clauses.json: schema-valid, covering every contract id of every hosted agreement."""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from pathlib import Path

import jsonschema
from hypothesis import example, given, settings
from hypothesis import strategies as st

from conftest import ROOT
from helpers import page_ids

SCHEMA = json.loads((ROOT / "docs/schema/clauses.schema.json").read_text(encoding="utf-8"))
CONTRACT_ID = re.compile(r"^((part|annex)-\d+(-(c|art)-[0-9a-z.\-]+)?|(c|art)-[0-9a-z.\-]+|s-[0-9a-z\-]+"
                         r"|(preamble|front)(-[0-9a-z.\-]+)?|update-notice|signature)$")


def test_clause_indexes_validate_and_cover_every_anchor(site: Path) -> None:
    family = json.loads((site / "clauses.json").read_text(encoding="utf-8"))
    assert len(family["agreements"]) == len(list((ROOT / "docs/agreements").glob("*.*")))
    for index in family["agreements"]:
        jsonschema.validate(index, SCHEMA)
        slug = index["url"].strip("/")
        own = json.loads((site / slug / "clauses.json").read_text(encoding="utf-8"))
        assert own == index
        html = (site / slug / "index.html").read_text(encoding="utf-8")
        page = {i for i in page_ids(html) if CONTRACT_ID.match(i)}
        assert {c["id"] for c in index["clauses"]} == page, slug
        for c in index["clauses"]:
            norm = re.sub(r"\s+", "", unicodedata.normalize("NFKC", c["text"]))
            assert c["sha256"] == hashlib.sha256(norm.encode()).hexdigest()


def test_clause_record_content(site: Path) -> None:
    index = json.loads((site / "qq-ruanjian-xuke-ji-fuwu-xieyi/clauses.json").read_text(encoding="utf-8"))
    by_id = {c["id"]: c for c in index["clauses"]}
    item = by_id["c-8.2.1-3"]
    assert item["text"] == "损害国家荣誉和利益的；" and item["number"] == "(3)"
    assert item["url"] == "/qq-ruanjian-xuke-ji-fuwu-xieyi/#c-8.2.1-3"
    assert item["citation"] == ("《QQ软件许可及服务协议》第8.2.1条(3)（2025年9月1日版） "
                                "https://agreements.example.com/qq-ruanjian-xuke-ji-fuwu-xieyi/#c-8.2.1-3")
    assert by_id["c-8.2.1"]["title"] == "法律法规禁止的行为"
    assert index["updated"] == "2025-09-01"


def test_agreement_index_of_a_parsed_text() -> None:
    """The clause API straight from the model: every anchored provision once, hashed as documented."""
    from agreements import api
    from agreements.parse import parse

    ag = parse((ROOT / "docs/agreements/qq-software-licence.txt").read_bytes(), "qq-software-licence.txt")
    ag.slug = "qq"
    index = api.agreement_index(ag, "/legal/qq/", "https://example.com")
    jsonschema.validate(index, SCHEMA)
    ids = [c["id"] for c in index["clauses"]]
    assert ids == [p.id for p in ag.walk() if p.id] and len(ids) == len(set(ids))
    item = next(c for c in index["clauses"] if c["id"] == "c-8.2.1-3")
    assert item["url"] == "/legal/qq/#c-8.2.1-3" and "https://example.com/legal/qq/#c-8.2.1-3" in item["citation"]
    norm = re.sub(r"\s+", "", unicodedata.normalize("NFKC", item["text"]))
    assert item["sha256"] == hashlib.sha256(norm.encode()).hexdigest()


# Characters that NFKC joins across a boundary or moves: marks, half-width kana sound marks,
# Hangul jamo, an Indic vowel sign that composes with the letter before it, white space of
# every kind, full-width forms.
_TRICKY = st.sampled_from(list("ae\u0301\u0308\u0323\uff76\uff9e\uff9f\u1100\u1161\u11a8\u0b47\u0b3e"
                               " \u3000\u00a0\t\u2028（）１Ａ，。第条款"))


@given(st.lists(st.tuples(st.text(_TRICKY, max_size=4), st.text(_TRICKY, max_size=6),
                          st.lists(st.text(_TRICKY, max_size=5), max_size=2)), min_size=1, max_size=5),
       st.lists(st.integers(0, 4), max_size=5))
@example([("", "", []), ("e", "\u0301x", [])], [0, 1])
@example([("", "", []), ("\uff76", "\uff9e", [])], [0, 1])
@example([("", "", []), ("\u1100", "\u1161", [])], [0, 1])
@settings(max_examples=300, deadline=None)
def test_full_texts_match_the_provision_text_and_hash(rows: list, parents: list[int]) -> None:
    """The bottom-up texts and normal forms equal those of each provision computed alone."""
    from agreements import api
    from agreements.model import Agreement, Para, Provision, Span
    from agreements.text import one_space

    made: list[Provision] = []
    for i, (num, lead, paras) in enumerate(rows):
        p = Provision("clause", i + 1, num=num, lead=[Span(lead)],
                      content=[Para([Span(t)], i + 1) for t in paras], id=f"c-{i}")
        up = parents[i] if i < len(parents) else 0
        if made and up:
            made[(up - 1) % len(made)].content.append(p)
        made.append(p)
    roots = [p for p in made if not any(p in q.content for q in made)]
    ag = Agreement(path="x.txt", title="x", parts=roots)
    texts = api.full_texts(ag)
    for p in ag.walk():
        assert texts[id(p)] == (p.full_text, api.normalize(one_space(p.full_text)))
