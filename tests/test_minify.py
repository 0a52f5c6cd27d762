"""minify: line indentation goes; white space that is content stays."""

from __future__ import annotations

from agreements.minify import indentation


def test_indentation_goes_and_line_breaks_stay() -> None:
    html = "<div>\n    <p>甲\n\t  乙</p>\n  </div>"
    assert indentation(html) == "<div>\n<p>甲\n乙</p>\n</div>"


def test_content_white_space_is_kept() -> None:
    kept = ["<pre>\n    code\n</pre>", "<PRE class=x>\n  a\n</PRE>", "<code>a\n   b</code>", "<kbd>\n  k</kbd>",
            "<textarea>\n  t</textarea>", "<script>\n  var a = `\n  x`;\n</script>", "<style>\n  p { }\n</style>"]
    for block in kept:
        assert indentation(f"<div>\n  {block}\n  </div>") == f"<div>\n{block}\n</div>"


def test_an_unclosed_block_keeps_nothing_from_the_rest() -> None:
    assert indentation("<code>a\n  b") == "<code>a\nb"
    assert indentation("<pre>\n  a</pre>\n  <pre>\n  b</pre>") == "<pre>\n  a</pre>\n<pre>\n  b</pre>"
