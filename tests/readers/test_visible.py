"""Visible text of HTML: what a browser shows, where each region came from."""

from __future__ import annotations

from copydesk.readers.visible import parse_fragment, visible_text


def text_of(html: str) -> str:
    return visible_text(parse_fragment(html)).text


def test_whitespace_collapses_like_a_browser_but_nbsp_stays():
    assert text_of("<p>  The   harbour\n   council\tvoted&nbsp; 7 to 2 </p>") == "The harbour council voted\u00a0 7 to 2"


def test_blocks_break_lines_and_inline_elements_do_not():
    got = text_of("<h2>Storm</h2><p>Winds <b>reached</b> <a href='#'>90 mph</a>.</p><div>Power cut</div><ul><li>A</li><li>B</li></ul>")
    assert got == "Storm\n\nWinds reached 90 mph.\n\nPower cut\n\nA\nB"


def test_br_and_pre_keep_their_breaks():
    assert text_of("<p>Line one<br>Line two<br><br>Line four</p>") == "Line one\nLine two\n\nLine four"
    assert text_of("<pre>x = 1\n    y = 2</pre>") == "x = 1\n    y = 2"


def test_invisible_elements_are_dropped_but_their_tails_kept():
    got = text_of(
        "<p>Before<script>var a = '<p>no</p>';</script> after"
        "<style>p{}</style><!-- note --> end<span hidden>secret</span>"
        "<span style='display: none'>gone</span>.</p><template><p>t</p></template>"
    )
    assert got == "Before after end."


def test_regions_name_the_page_element_text_came_from():
    v = visible_text(parse_fragment(
        "<nav><a>Home</a></nav><article><p>Body text.</p><figure><figcaption>A caption."
        "</figcaption></figure><div class='share-buttons'>Share</div></article>"
        "<aside>Related</aside><div id='comments'>First!</div><footer role='contentinfo'>© Paper</footer>"
    ))
    kinds = {v.text[s:e]: k for s, e, k in v.kind_runs(0, len(v.text)) if v.text[s:e].strip()}
    by_text = {t.strip(): k for t, k in kinds.items()}
    assert by_text["Home"] == "nav"
    assert by_text["A caption."] == "caption"
    assert by_text["Share"] == "share"
    assert by_text["Related"] == "aside"
    assert by_text["First!"] == "comments"
    assert by_text["© Paper"] == "footer"
    assert v.text[v.text.index("Body"):].startswith("Body text.")


def test_deeply_nested_markup_does_not_overflow_the_stack():
    html = "<div>" * 1500 + "<p>deep paragraph</p>" + "</div>" * 1500  # past the recursion limit
    assert "deep paragraph" in text_of(html)
