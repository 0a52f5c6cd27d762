"""Reader and app-team behaviour in Chromium: embedded view, citations, no foreign hosts, print."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser
QQ = "/qq-ruanjian-xuke-ji-fuwu-xieyi/"
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"


def test_embedded_view_on_a_phone(browser, server) -> None:
    ctx = browser.new_context(viewport={"width": 360, "height": 640})
    page = ctx.new_page()
    page.goto(server + QQ + "?embed=1#c-8.2.1-3")
    page.wait_for_timeout(300)
    assert not page.locator(".md-header").is_visible()
    assert not page.locator(".md-footer").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    box = page.locator('[id="c-8.2.1-3"]').bounding_box()
    assert box is not None and 0 <= box["y"] and box["y"] + box["height"] <= 640
    bg = page.eval_on_selector('[id="c-8.2.1-3"]', "e => getComputedStyle(e).backgroundColor")
    assert bg not in ("rgba(0, 0, 0, 0)", "transparent")
    href = page.locator("a.mention", has_text="QQ号码规则").first.get_attribute("href")
    assert href == "/qq-haoma-guize/?embed=1"
    ctx.close()


def test_copy_citation_puts_text_and_url_on_clipboard(browser, server) -> None:
    ctx = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = ctx.new_page()
    page.goto(server + QQ)
    page.locator('[id="c-8.2.1"] > .prov-h').hover()
    page.locator('[id="c-8.2.1"] > .prov-h button.cite').click()
    page.wait_for_timeout(200)
    text = page.evaluate("navigator.clipboard.readText()")
    assert text == f"《QQ软件许可及服务协议》第8.2.1条（2025年9月1日版） {server}{QQ}#c-8.2.1"
    # Keyboard: focus the button and press Enter.
    page.evaluate("navigator.clipboard.writeText('')")
    btn = page.locator('[id="c-14.2-1"] button.cite')
    btn.focus()
    page.keyboard.press("Enter")
    page.wait_for_timeout(200)
    assert page.evaluate("navigator.clipboard.readText()").startswith("《QQ软件许可及服务协议》第14.2条(1)")
    assert btn.get_attribute("aria-label")
    ctx.close()


def test_no_request_leaves_the_site(page, server) -> None:
    hosts = set()
    page.on("request", lambda r: hosts.add(urlsplit(r.url).netloc))
    for path in ("/", QQ, "/family/"):
        page.goto(server + path)
        page.wait_for_load_state("networkidle")
    assert hosts == {urlsplit(server).netloc}, hosts


def test_print_view(page, server) -> None:
    page.goto(server + QQ)
    page.emulate_media(media="print")
    assert not page.locator(".md-header").is_visible()
    assert not page.locator(".prov-tools").first.is_visible()
    assert page.locator("h1").first.is_visible()
    assert page.locator(".print-only").inner_text() == f"本页地址：{server}{QQ}"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "print-qq.png"), full_page=False)


def assert_no_blank_pages(pdf: Path) -> None:
    """On every page but the last, the text runs to the bottom fifth of the page (no blank half pages)."""
    bbox = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    pages = bbox.split("<page ")[1:]
    assert pages
    for n, body in enumerate(pages[:-1], 1):
        height = float(re.search(r'height="([\d.]+)"', body).group(1))
        # Words above the bottom margin box (20 mm = 57 pt), i.e. not the page number.
        bottoms = [float(y) for y in re.findall(r'yMax="([\d.]+)"', body) if float(y) < height - 57]
        assert bottoms and max(bottoms) > .8 * height, f"page {n} ends at {max(bottoms or [0]):.0f} pt"


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils")
def test_family_map_prints_as_its_list(page, server, tmp_path: Path) -> None:
    page.goto(server + "/family/")
    page.emulate_media(media="print")
    assert not page.locator(".family-map-wrap").is_visible() and page.locator(".family-list").is_visible()
    pdf = tmp_path / "family.pdf"
    page.pdf(path=str(pdf), format="A4")
    # The SVG, one picture taller than a page, left page 1 blank below the intro.
    assert_no_blank_pages(pdf)


@pytest.mark.skipif(not shutil.which("pdffonts"), reason="poppler-utils")
@pytest.mark.parametrize("path", ["/contract/", "/glossary/", "/wechat-fuwu-tiaokuan/compare/2018-03-21/2022-01-28/",
                                  "/tengxun-yinsi-zhengce/"])
def test_no_type3_fonts_on_other_page_types(page, server, tmp_path: Path, path: str) -> None:
    """Code (the contract page), tables, redlines and web clippings print in real fonts too."""
    page.goto(server + path)
    page.emulate_media(media="print")
    pdf = tmp_path / "p.pdf"
    page.pdf(path=str(pdf), format="A4")
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "CID TrueType" in fonts and "Type 3" not in fonts, fonts


def _ws_free(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_print_styles(page, server) -> None:
    page.goto(server + QQ)
    page.emulate_media(media="print")
    assert page.eval_on_selector("h1", "e => getComputedStyle(e).color") == "rgb(0, 0, 0)"
    # No large block is kept on one page (that left a fifth of page 2 blank).
    avoid = page.evaluate("""() => [...document.querySelectorAll('.agreement .prov, .agreement section')]
        .filter(e => getComputedStyle(e).breakInside === 'avoid').length""")
    assert avoid == 0
    for sel in (".md-header", ".md-sidebar--primary", ".md-search", ".prov-tools", ".md-footer"):
        assert page.locator(sel).count() == 0 or not page.locator(sel).first.is_visible(), sel
    # An external link that does not show its own address prints its target after it (a.url does not).
    # Since 腾讯服务协议 is hosted, every external link on the QQ page shows its address: TIM's 隐私政策.
    page.goto(server + "/tim-ruanjian-xuke-ji-fuwu-xieyi/")
    page.emulate_media(media="print")
    ext = page.locator('.md-content a[href^="http"]:not(.url)').first
    href = ext.get_attribute("href")
    after = ext.evaluate("e => getComputedStyle(e, '::after').content")
    assert href and href in after
    url = page.locator(".md-content a.ext.url").first
    assert url.evaluate("e => getComputedStyle(e, '::after').content") == "none"


@pytest.mark.skipif(not shutil.which("pdftotext") or not shutil.which("pdffonts"), reason="poppler-utils")
def test_print_pdf_copies_out_in_order(page, server, tmp_path: Path) -> None:
    page.goto(server + QQ)
    page.emulate_media(media="print")
    clause = _ws_free(page.locator('[id="c-1.1"] > p.lead').inner_text())
    last = _ws_free(page.locator('[id="c-15.1"] > p.lead').inner_text())
    pdf = tmp_path / "qq.pdf"
    page.pdf(path=str(pdf), format="A4")
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    # Type 3 fonts are glyph drawings: their text copies out scrambled (CFF faces and synthetic bold).
    assert "Type 3" not in fonts, fonts
    assert "CID TrueType" in fonts
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "2025年9月1日：根据《人工智能生成合成内容标识办法》" in text  # a mixed line, intact
    flat = _ws_free(text)
    assert len(clause) > 30 and clause in flat and len(last) > 30 and last in flat
    # In reading order: the update notice, then 1.1, then the last chapter's first clause.
    assert flat.index("2025年9月1日") < flat.index(clause) < flat.index(last)
    # A link that shows its own address is not followed by it again; other links are.
    assert "https://kf.qq.com/<https://kf.qq.com/>" not in flat
    # 腾讯服务协议 is hosted here now: a link inside the site prints no address (external links that do not
    # show their own address print it: test_print_styles, on TIM's 隐私政策).
    assert "腾讯服务协议" in flat and "<https://www.qq.com/contract.shtml>" not in flat
    # The page margins: the agreement's title on every page but the first, and page numbers.
    pages = text.count("\f")
    assert 3 <= pages <= 20
    assert f"1 / {pages}" in text and f"{pages} / {pages}" in text
    assert text.count("QQ软件许可及服务协议") >= pages
    assert_no_blank_pages(pdf)
    ARTIFACTS.mkdir(exist_ok=True)
    pdf.replace(ARTIFACTS / "print-qq.pdf")
