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


RULES = "qq-haoma-guize"


def test_real_qq_number_rules_history(site: Path, tmp_path: Path, capsys) -> None:
    """QQ号码规则 2018-01-27 → 2022-01-23: what each kind of shipped link becomes."""
    def at(link: str) -> deeplinks.Verdict:
        return deeplinks.check(site, link)

    assert (at(f"/{RULES}/?v=2018-01-27#c-12.7").status, at(f"/{RULES}/?v=2018-01-27#c-12.7").now) == \
        ("moved", "c-13.6")
    reworded = at(f"{RULES}?v=2018-01-27#c-3.1-3")
    assert reworded.status == "reworded" and "[-、电话语音（IVR）-]" in reworded.diff
    assert at(f"{RULES}?v=2018-01-27#c-6.2").status == "unchanged"
    assert at(f"{RULES}?v=2018-01-27#c-10.3").status == "removed"
    # A date between the versions is read against the version in force that day.
    assert at(f"{RULES}?v=2020-06-30#c-12.5").now == "c-13.4"
    # A date before the first version, or after the current one.
    assert at(f"{RULES}?v=2010-01-01#c-5.1").status == "unknown"
    assert at(f"{RULES}?v=2023-01-01#c-13.6").status == "unchanged"
    links = tmp_path / "links.txt"
    # Without v=: written against 2018-01-27; c-11 (客户服务) is c-12 now and c-11 names 号码安全保护.
    links.write_text(f"{RULES}#c-11\n{RULES}?v=2018-01-27#c-11\n{RULES}#c-6.2\n", encoding="utf-8")
    assert deeplinks.main(["check", str(links), "--site", str(site)]) == 1
    out = [x for x in capsys.readouterr().out.splitlines() if not x.startswith(" ")]  # not the diffs
    assert out[0].startswith(f"{RULES}#c-11\tmoved to c-12") and "different clause" in out[0]
    assert "moved to c-12" in out[1] and "different clause" not in out[1]
    assert out[2] == f"{RULES}#c-6.2\tunchanged"
