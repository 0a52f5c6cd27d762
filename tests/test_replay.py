"""replay.py: a build's answers come back only for the same inputs."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from agreements import replay

from conftest import ROOT, build_site, make_project

QQ_RULES = ROOT / "docs/agreements/qq-number-rules.md"


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=Legal", "-c", "user.email=legal@example.com", "-C", str(repo), *args],
                   check=True, capture_output=True)


def digest_of(proj: Path, theme: Path | None = None, pages: tuple[str, ...] = ("index.md",)) -> str | None:
    return replay.inputs_digest(proj / "docs", proj, proj / "mkdocs.yml", "options", [theme] if theme else [],
                                pages, "https://example.com/", proj / ".cache/plugin/agreements/answers-x.json")


def test_every_input_changes_the_digest(tmp_path: Path) -> None:
    proj = make_project(tmp_path / "p", [QQ_RULES])
    theme = tmp_path / "theme"
    (theme / "agreements").mkdir(parents=True)
    (theme / "agreements/meta.html").write_text("{% macro render() %}{% endmacro %}", encoding="utf-8")
    seen = {digest_of(proj, theme)}
    assert digest_of(proj, theme) in seen  # the same inputs, the same digest
    raw = proj / "docs/agreements/qq-number-rules.md"
    raw.write_text(raw.read_text(encoding="utf-8") + "\n新的一句。\n", encoding="utf-8")
    seen.add(digest_of(proj, theme))
    (proj / "docs/glossary.yml").write_text("terms: []\n", encoding="utf-8")
    seen.add(digest_of(proj, theme))
    (theme / "agreements/meta.html").write_text("{% macro render() %}x{% endmacro %}", encoding="utf-8")
    seen.add(digest_of(proj, theme))
    (proj / "mkdocs.yml").write_text((proj / "mkdocs.yml").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    seen.add(digest_of(proj, theme))
    seen.add(digest_of(proj, theme, pages=("index.md", "new.md")))
    git(proj, "init", "-q")
    seen.add(before := digest_of(proj, theme))
    git(proj, "add", "-A")
    git(proj, "commit", "-qm", "one")
    assert digest_of(proj, theme) == before  # a commit alone: the files are the same
    git(proj, "tag", "2025-01-01")
    seen.add(digest_of(proj, theme))
    assert len(seen) == 8 and None not in seen


def test_a_symlink_in_the_docs_or_a_tracked_cache_turns_replay_off(tmp_path: Path) -> None:
    proj = make_project(tmp_path / "p", [QQ_RULES])
    git(proj, "init", "-q")
    assert digest_of(proj) is not None
    cache = proj / ".cache/plugin/agreements"
    cache.mkdir(parents=True)
    (cache / "answers-x.json").write_text("{}", encoding="utf-8")
    git(proj, "add", "-f", ".cache")
    assert digest_of(proj) is None  # a commit could forge it
    git(proj, "rm", "-rq", "--cached", ".cache")
    assert digest_of(proj) is not None
    (proj / "docs/link.md").symlink_to(tmp_path / "elsewhere.md")
    assert digest_of(proj) is None


class FakeSite:
    messages = [("warning", "agreements/x.txt:3: a warning")]

    def __init__(self) -> None:
        self.asked: list[str] = []

    def sources(self):
        self.asked.append("sources")
        return [("x.md", "# X\n")]

    def content(self, src, here):
        self.asked.append("content")
        return (f"<p>{src} at {here}</p>", [{"level": 2, "id": "a", "name": "A", "children": []}])

    def meta(self, src, meta):
        meta["title"] = "X"

    def counts(self):
        return {"agreements": 1}


def test_a_recording_replays_and_a_missing_answer_builds_the_site(tmp_path: Path) -> None:
    site = FakeSite()
    rec = replay.Recorder(site, lambda s, docs, write: {"search/a.json": {"k": [1]}}, "d1")
    assert rec.sources() == [("x.md", "# X\n")]
    assert rec.content("x.md", "x/")[0] == "<p>x.md at x/</p>"
    meta = {"search": {"exclude": True}}
    rec.meta("x.md", meta)
    assert rec.search_files([("u", "t", [])], True) == {"search/a.json": '{"k":[1]}\n'}
    rec.counts()
    path = tmp_path / "answers-f.json"
    assert rec.save(path)
    assert replay.load(path, "other inputs") is None
    kept = replay.load(path, "d1")
    assert kept is not None
    rebuilt: list[FakeSite] = []

    def rebuild() -> replay.Recorder:
        rebuilt.append(FakeSite())
        return replay.Recorder(rebuilt[-1], lambda s, d, w: {}, None)

    again = replay.Replay(kept, rebuild)
    assert again.messages == site.messages
    assert [tuple(s) for s in again.sources()] == [("x.md", "# X\n")]
    html, toc = again.content("x.md", "x/")
    assert html == "<p>x.md at x/</p>" and toc[0]["id"] == "a"
    meta2 = {"search": {"exclude": True}}
    again.meta("x.md", meta2)
    assert meta2 == {"search": {"exclude": True}, "title": "X"}
    assert again.search_files([("u", "t", [])], True) == {"search/a.json": '{"k":[1]}\n'}
    assert not again.rebuilt and rebuilt == []
    assert again.content("y.md", "y/")[0] == "<p>y.md at y/</p>"  # never asked before: built now
    assert again.rebuilt and rebuilt[0].asked == ["content"]


@pytest.mark.parametrize("text", ["", "not json", '{"digest": "d1"}', '{"digest": "d1", "answers": []}'])
def test_an_unreadable_answers_file_is_ignored(tmp_path: Path, text: str) -> None:
    path = tmp_path / "answers-f.json"
    path.write_text(text, encoding="utf-8")
    assert replay.load(path, "d1") is None


def test_an_edited_text_is_built_anew_then_replayed(tmp_path: Path) -> None:
    """An edit is built (the page shows it); the next build of the same inputs replays, with the
    same warnings (so ``--strict`` fails alike) and the same page."""
    proj = make_project(tmp_path / "p", [QQ_RULES])

    def warnings(proc: subprocess.CompletedProcess) -> list[str]:
        return [line for line in proc.stderr.splitlines() if line.startswith("WARNING")]

    first = build_site(proj, tmp_path / "s1", strict=False)
    assert first.returncode == 0 and "replayed" not in first.stderr, first.stderr
    raw = proj / "docs/agreements/qq-number-rules.md"
    raw.write_text(raw.read_text(encoding="utf-8").replace("QQ号码", "QQ号码（重放测试）", 1), encoding="utf-8")
    second = build_site(proj, tmp_path / "s2", strict=False)
    assert second.returncode == 0 and "replayed" not in second.stderr, second.stderr
    page = next((tmp_path / "s2").glob("qq-*/index.html")).read_text(encoding="utf-8")
    assert "重放测试" in page
    third = build_site(proj, tmp_path / "s3", strict=False)
    assert "replayed: no input changed" in third.stderr, third.stderr
    assert warnings(third) == warnings(second) and len(warnings(third)) >= 1
    assert next((tmp_path / "s3").glob("qq-*/index.html")).read_text(encoding="utf-8") == page
    strict = build_site(proj, tmp_path / "s4")
    assert strict.returncode != 0 and "replayed" in strict.stderr  # replayed warnings still fail --strict
    git(proj, "init", "-q")
    fifth = build_site(proj, tmp_path / "s5", strict=False)
    assert "replayed" not in fifth.stderr, fifth.stderr  # the repository's tags are inputs


def test_serve_never_keeps_answers() -> None:
    rec = replay.Recorder(FakeSite(), lambda s, d, w: {}, None)
    rec.sources()
    assert rec.answers is None and not rec.save(Path("/nonexistent/answers.json"))
