"""deeplinks.py: what a release does to an app's deep links, on the real WeChat history and a renumbering."""

from __future__ import annotations

import json
from pathlib import Path

from test_history import SLUG, repo_site  # noqa: F401  (module fixture)

from agreements import deeplinks

WECHAT = "wechat-fuwu-tiaokuan"


def test_real_history_moved_reworded_removed_unchanged(site: Path) -> None:
    data = json.loads((site / WECHAT / "versions.json").read_text(encoding="utf-8"))
    v2018 = next(v for v in data["versions"] if v["date"] == "2018-03-21")
    moved = next(o for o, n in v2018["to_current"].items() if n and n != o)
    removed = next(o for o, n in v2018["to_current"].items() if n is None)
    same = next(o for o, n in v2018["to_current"].items() if n == o and o not in v2018["kinds"])
    reworded = next(o for o, n in v2018["to_current"].items() if n == o and v2018["kinds"].get(o) == "reworded")
    got = {o: deeplinks.check(site, f"/{WECHAT}/?v=2018-03-21#{o}") for o in (moved, removed, same, reworded)}
    assert got[moved].status == "moved" and got[moved].now == v2018["to_current"][moved]
    assert got[removed].status == "removed" and got[same].status == "unchanged"
    assert got[reworded].status == "reworded" and ("[-" in got[reworded].diff or "{+" in got[reworded].diff)
    assert not any(v.lands_elsewhere for v in got.values())  # with v= the site follows the provision
    assert deeplinks.check(site, f"{WECHAT}#no-such-id").status == "unknown"


def test_a_link_without_v_that_lands_on_another_clause_fails(repo_site, tmp_path: Path, capsys) -> None:  # noqa: F811
    site, _ = repo_site
    links = tmp_path / "links.txt"
    links.write_text(f"# shipped in app 3.2\n/{SLUG}/#c-8.4\nhttps://x.example/{SLUG}/?v=2024-03-15#c-8.4\n",
                     encoding="utf-8")
    code = deeplinks.main(["check", str(links), "--site", str(site), "--against", "2024-03-15"])
    out = capsys.readouterr().out.splitlines()
    assert code == 1
    assert out[0].startswith(f"/{SLUG}/#c-8.4\tmoved to c-8.5") and "different clause" in out[0]
    assert "moved to c-8.5" in out[1] and "different clause" not in out[1]
    links.write_text(f"https://x.example/{SLUG}/?v=2024-03-15#c-8.4\n", encoding="utf-8")
    assert deeplinks.main(["check", str(links), "--site", str(site)]) == 0


def test_no_site_or_no_file_is_a_clear_error(tmp_path: Path, capsys) -> None:
    assert deeplinks.main(["check", str(tmp_path / "none.txt"), "--site", str(tmp_path)]) == 2
    assert "cannot read" in capsys.readouterr().err
