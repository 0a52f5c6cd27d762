"""memo.py: results kept between builds must be the results a fresh build computes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from agreements import memo, search
from agreements.slug import slugify


@pytest.fixture(autouse=True)
def empty_tables():
    memo.clear()
    yield
    memo.clear()


def test_cached_computes_once_and_counts() -> None:
    calls = []

    def compute() -> tuple[str, ...]:
        calls.append(1)
        return ("反向", "工程")

    assert memo.cached("t", "反向工程", compute) == ("反向", "工程")
    assert memo.cached("t", "反向工程", compute) == ("反向", "工程")
    assert len(calls) == 1
    assert memo.stats() == {"hits": 1, "misses": 1}


def test_save_keeps_only_what_the_build_used_and_load_restores_it(tmp_path: Path) -> None:
    path = memo.path_in(tmp_path)
    assert slugify("QQ号码规则") == "qq-haoma-guize"
    memo.cached("t", "stale", lambda: "x")
    assert memo.save(path)
    memo.clear()
    memo.load(path)  # a new build: only what it asks for is saved
    assert slugify("QQ号码规则") == "qq-haoma-guize"
    assert memo.stats() == {"hits": 1, "misses": 0}
    assert not memo.save(path)  # nothing new: the file is left alone
    memo.cached("u", "new", lambda: "y")
    assert memo.save(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["slug"] == {"QQ号码规则": "qq-haoma-guize"}
    assert "t" not in data and data["u"] == {"new": "y"}


def test_older_memo_files_are_removed(tmp_path: Path) -> None:
    old = tmp_path / "memo-0000000000000000.json"
    old.write_text("{}", encoding="utf-8")
    memo.cached("t", "k", lambda: "v")
    assert memo.save(memo.path_in(tmp_path))
    assert not old.exists() and memo.path_in(tmp_path).exists()


@pytest.mark.parametrize("content", ["{not json", "[1, 2]", "\udcff"])
def test_unreadable_file_counts_as_empty(tmp_path: Path, content: str) -> None:
    path = memo.path_in(tmp_path)
    path.write_bytes(content.encode("utf-8", "surrogateescape"))
    note = memo.load(path)
    assert note.startswith("ignoring unreadable cache")
    assert slugify("腾讯隐私政策") == "tengxun-yinsi-zhengce"
    assert memo.stats()["misses"] == 1


def test_unwritable_place_is_not_an_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    memo.cached("t", "k", lambda: "v")
    assert memo.save(blocker / "memo.json") is False


def test_segmentation_is_kept_per_user_word_set() -> None:
    """A glossary edit in ``mkdocs serve`` must not reuse words cut with the old terms."""
    text = "禁止对本软件进行反向汇编"
    search.set_user_words([])
    plain = search.words(text)
    search.set_user_words(["进行反向汇编"])
    assert "进行反向汇编" in search.words(text)
    search.set_user_words([])
    assert search.words(text) == plain
