"""The HTML reader: whole visible text, body located, everything else marked, metadata."""

from __future__ import annotations

from pathlib import Path

import pytest

from copydesk.model import content_id
from copydesk.readers.decode import ReadError
from copydesk.readers.html import from_html, html_to_text, locate
from copydesk.readers.html_meta import split_authors

PAGE = Path(__file__).parents[1] / "data" / "readers" / "news_page.html"


@pytest.fixture(scope="module")
def article():
    return from_html(PAGE.read_bytes(), str(PAGE))


def marked(article, snippet: str) -> str | None:
    """The kind of the boilerplate mark covering ``snippet``, None when it is unmarked."""
    start = article.text.index(snippet)
    for m in article.marks:
        if m.label == "boilerplate" and m.start <= start and start + len(snippet) <= m.end:
            return m.kind
    return None


def test_text_is_the_whole_visible_page(article):
    text = article.text
    for seen in ("News\nPolitics", "Advertisement", "Waves break over the harbour wall",
                 "Share on Facebook", "About time. My cellar", "All rights reserved"):
        assert seen in text
    assert "dataLayer" not in text and "font-family" not in text and "@context" not in text
    assert "£14\u00a0million" in text  # &nbsp; kept as NBSP, not folded
    assert article.id == content_id(text)


def test_body_paragraphs_are_not_marked(article):
    for para in ("The harbour council voted 7 to 2", "“We cannot keep sandbagging",
                 "Opponents, led by the fishermen’s cooperative", "Natarajan said a public exhibition"):
        assert marked(article, para) is None, para
    assert marked(article, "Harbour council approves flood barrier") is None  # the headline


@pytest.mark.parametrize(("snippet", "kind"), [
    ("News\nPolitics", "nav"),
    ("The Coastal Ledger", "header"),
    ("Advertisement", "ad"),
    ("Waves break over the harbour wall in January.", "caption"),
    ("Jane Doe/Ledger Photo", "credit"),
    ("Share on Facebook", "share"),
    ("By Maria Okafor", "byline"),
    ("Lifeboat crew rescues two kayakers", "aside"),
    ("Who is paying for the maintenance", "comments"),
    ("All rights reserved", "footer"),
    ("March 14, 2023", "page"),
])
def test_everything_outside_the_body_is_marked_with_its_kind(article, snippet, kind):
    assert marked(article, snippet) == kind


def test_marks_are_trimmed_boilerplate_spans_and_one_body_span(article):
    for m in article.marks:
        assert m.label in ("boilerplate", "body")
        piece = article.text[m.start : m.end]
        assert piece and piece == piece.strip()
    (body,) = [m for m in article.marks if m.label == "body"]
    assert article.text[body.start :].startswith("The harbour council voted 7 to 2")
    assert not any(m.overlaps(body.start, body.end) for m in article.marks if m.kind == "nav")


def test_metadata(article):
    assert article.title == "Harbour council approves flood barrier after storm season"
    assert article.outlet == "The Coastal Ledger"
    assert article.url == "https://coastal-ledger.example/news/2023/03/14/flood-barrier"
    assert article.published == "2023-03-14"
    assert article.authors == ("Maria Okafor", "Tom Hale")
    assert article.source == str(PAGE)


def test_url_argument_wins_and_reading_twice_gives_the_same_id():
    a = from_html(PAGE.read_text(encoding="utf-8"), "warc#x", url="https://mirror.example/p")
    b = from_html(PAGE.read_bytes(), "other")
    assert a.url == "https://mirror.example/p"
    assert a.id == b.id and a.text == b.text


def test_cp1252_page_decodes_from_its_meta_charset():
    html = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'
            "<title>Café tax</title></head><body><p>Le café coûte 2 € à Zürich, said the owner’s son. "
            "Prices rose again in the spring, the federation reported.</p></body></html>")
    a = from_html(html.encode("cp1252"), "cafe.html")
    assert "Le café coûte 2 € à Zürich, said the owner’s son." in a.text


def test_teaser_repeating_the_first_paragraph_is_not_taken_for_the_body():
    first = "The bridge will close for six weeks from Monday while engineers replace its bearings."
    rest = ["Buses will divert via the ring road, adding about ten minutes to journeys.",
            "The council said the work could not wait until the summer holidays."]
    teaser = f"<div class='promo'><a href='/x'>{first}</a></div>"
    html = (f"<html><body><header>Daily Gazette</header>{teaser}<article><h1>Bridge to close</h1>"
            + "".join(f"<p>{p}</p>" for p in [first, *rest]) + "</article></body></html>")
    a = from_html(html, "bridge.html")
    text = a.text
    first_at = text.index(first)
    second_at = text.index(first, first_at + 1)
    assert marked_at(a, first_at) == "ad"
    assert marked_at(a, second_at) is None


def marked_at(article, pos: int) -> str | None:
    return next((m.kind for m in article.marks if m.label == "boilerplate" and m.start <= pos < m.end), None)


def test_locate_ignores_whitespace_differences_and_finds_paragraph_ends():
    text = "Menu\n\nThe  mayor\u00a0said\nthe plan was final.\n\nMore stories"
    spans = locate(text, ["The mayor said the plan was final."])
    assert [text[s:e] for s, e in spans] == ["The  mayor\u00a0said\nthe plan was final."]
    long = " ".join(f"word{i}" for i in range(30))
    edited = long.replace("word15", "word15 [inserted note]")
    (s, e), = locate(f"head {edited} tail", [long])
    assert f"head {edited} tail"[s:e] == edited


def test_broken_html_does_not_crash():
    html = "<html><body><div><p>Unclosed <b>bold <i>and italic<p>Second para</div></span></table>Tail"
    text = from_html(html, "broken.html").text
    assert "Unclosed bold and italic" in text and "Second para" in text and "Tail" in text


def test_unclosed_tags_deeper_than_libxml2_default_keep_their_text():
    html = "<html><body>" + "".join(f"<div>Paragraph {i} of the story." for i in range(400)) + "</body></html>"
    assert from_html(html, "deep.html").text.count("of the story.") == 400


def test_pages_without_visible_text_are_a_read_error():
    with pytest.raises(ReadError, match="no visible text"):
        from_html("<html><head><script>location.href='/x'</script></head><body></body></html>", "r.html")
    with pytest.raises(ReadError):
        from_html("", "empty.html")


def test_large_page_returns_an_article():
    # ~6 MB: a huge inline script (analytics bundles are like this) plus 2,000 comment paragraphs
    script = "<script>" + "var x=1;" * 700_000 + "</script>"
    paras = "".join(f"<p>Reader comment number {i}: the barrier is long overdue.</p>" for i in range(2000))
    body = "".join(f"<p>Story paragraph {i} about the flood barrier vote and what it means.</p>" for i in range(30))
    html = f"<html><head>{script}</head><body><article><h1>Barrier</h1>{body}</article><section class='comments'>{paras}</section></body></html>"
    assert len(html) > 5_000_000
    a = from_html(html, "big.html")
    assert "Story paragraph 29" in a.text and "var x" not in a.text
    assert a.text.count("Reader comment number") == 2000


def test_html_to_text_for_feed_fragments():
    assert html_to_text("<p>One &amp; two</p><p>Three</p>") == "One & two\n\nThree"
    assert html_to_text("plain words") == "plain words"


@pytest.mark.parametrize(("raw", "names"), [
    ("Maria Okafor and Tom Hale", ("Maria Okafor", "Tom Hale")),
    ("By Ana Ruiz, Lee Chen & Omar Haddad", ("Ana Ruiz", "Lee Chen", "Omar Haddad")),
    ("Kenji Mori; Sarah Lund", ("Kenji Mori", "Sarah Lund")),
    (["Ana Ruiz", "Ana Ruiz"], ("Ana Ruiz",)),
    (None, ()),
    ("Laura June Topolsky July", ("Laura June Topolsky",)),  # a date glued after the name
    ("Aleš Vávra před", ("Aleš Vávra",)),  # "3 hours ago" in Czech
    ("Ben Silverman Games Editor", ("Ben Silverman",)),
    ("Mary de la Cruz", ("Mary de la Cruz",)),
    ("Username", ()),  # a form label, not a name
])
def test_split_authors(raw, names):
    assert split_authors(raw) == names


def body_text(article) -> str:
    """The text outside every boilerplate mark, whitespace folded."""
    out, pos = [], 0
    for m in sorted((m for m in article.marks if m.label == "boilerplate"), key=lambda m: m.start):
        out.append(article.text[pos : m.start])
        pos = max(pos, m.end)
    out.append(article.text[pos:])
    return " ".join("".join(out).split())


STORY = [
    "April 17, 2015 -- Imagine being sick in the hospital with an infection doctors cannot stop.",
    "Every year about two million people get sick from a superbug, according to the agency.",
    "The White House recently released a plan outlining steps to fight the resistant germs.",
    "Hospitals will have to report infections to the national tracking network by 2020.",
]


def test_a_paragraph_found_only_below_the_story_does_not_hide_the_story():
    # trafilatura may put a teaser that the page shows at its foot first in the body (webmd):
    # taking it there first used to push the search past every real paragraph
    teaser = "Which germs are the worst, and why does it matter? We have the dirty truth on superbugs."
    text = "Menu\n\nSuperbugs: what they are\n\n" + "\n\n".join(STORY) + f"\n\nMore from us\n\n{teaser}\n"
    spans = locate(text, [teaser, *STORY])
    assert [text[s:e] for s, e in spans] == STORY


def test_locate_prefers_the_copy_next_to_the_other_paragraphs():
    first, *rest = STORY
    text = f"{first}\n\nAdvertisement\n\n" + "\n\n".join(STORY) + f"\n\nPopular now\n\n{rest[-1]}"
    spans = locate(text, STORY)
    assert [text[s:e] for s, e in spans] == STORY
    assert spans[0][0] == text.index(first, 1) and spans[-1][1] < text.rindex(rest[-1])


def test_words_after_inline_code_stay_in_the_body():
    paras = [f"Call <code>fetch()</code> with the resource and read paragraph {i} of the response, "
             "which arrives as a stream that the page then turns into JSON text." for i in range(4)]
    html = ("<html><body><nav><a href='/'>Home</a> <a href='/docs'>Docs</a></nav><article><h1>Using fetch</h1>"
            + "".join(f"<p>{p}</p>" for p in paras) + "</article><footer>© Example docs</footer></body></html>")
    kept = body_text(from_html(html, "fetch.html"))
    assert kept.count("which arrives as a stream that the page then turns into JSON text.") == 4
    assert "Docs" not in kept and "Example docs" not in kept


PARA = "The storm hit the coast on Monday, the council said, and thousands of homes lost power."


@pytest.mark.parametrize("depth", [10_000, 100_000])
def test_pages_nested_past_libxml2s_depth_limit_still_give_their_text(depth):
    html = "<html><body>" + "<div>" * depth + f"<p>{PARA}</p>" + "</div>" * depth + "</body></html>"
    assert PARA in from_html(html, "deep.html").text


def test_an_unclosed_title_does_not_swallow_the_page():
    html = ("<html><head><title>Storm hits coast</head><body><nav>Home News</nav><article><h1>Storm hits coast</h1>"
            + f"<p>{PARA}</p>" * 4 + "</article></body></html>")
    a = from_html(html, "title.html")
    assert a.text.count(PARA) == 4 and a.title == "Storm hits coast"


def test_a_stray_control_or_nul_byte_does_not_make_a_page_binary():
    from copydesk.model import Article
    from copydesk.readers import read_bytes

    html = (f"<html><body><p>{PARA}\x00</p>" + f"<p>{PARA}</p>" * 3 + "\x01\x02</body></html>").encode()
    (got,) = list(read_bytes(html, "stray.html", ".html"))
    assert isinstance(got, Article) and got.text.count(PARA) == 4


@pytest.mark.parametrize("opener", ["<script>var ads = [];", "<style>p { color: red }"])
def test_an_unclosed_script_or_style_in_the_head_does_not_swallow_the_page(opener):
    html = f"<html><head><title>Storm hits coast</title>{opener}</head><body>" + f"<p>{PARA}</p>" * 4 + "</body></html>"
    a = from_html(html, "unclosed.html")
    assert a.text.count(PARA) == 4 and "ads" not in a.text and "color" not in a.text


def test_a_2008_table_layout_page_is_read_with_its_story_as_body():
    html = ("<html><head><title>Storm hits coast - Coast Gazette</title></head><body>"
            "<table width=760><tr><td valign=top><a href=/>Home</a><br><a href=/news>News</a><br>"
            "<a href=/sport>Sport</a></td><td><font face=Arial size=2><b>Storm hits coast</b><br><br>"
            + f"{PARA}<br><br>" * 3 + "</font></td></tr>"
            "<tr><td colspan=2><font size=1>Copyright 2008 Coast Gazette</font></td></tr></table></body></html>")
    a = from_html(html, "table.html")
    body = [m for m in a.marks if m.label == "body"]
    assert len(body) == 1 and a.text[body[0].start : body[0].end].count(PARA) == 3


def _headline_page(meta_title: str) -> str:
    return (f'<html><head><meta property="og:title" content="{meta_title}">'
            "<title>Dam opens early to spare the valley | Valley Post</title></head><body>"
            "<header><h1>Health Center</h1><nav><a href=/>Home</a> <a href=/news>News</a></nav></header>"
            "<article><h2>Dam opens early to spare the valley</h2>"
            + f"<p>{PARA} The dam was opened two days early.</p>" * 4 + "</article></body></html>")


def test_the_title_is_the_headline_shown_when_the_metadata_names_a_section():
    assert from_html(_headline_page("Health Center"), "h.html").title == "Dam opens early to spare the valley"


def test_a_metadata_title_worded_unlike_the_shown_headline_is_kept():
    assert from_html(_headline_page("Valley dam opened two days early"), "h.html").title == (
        "Valley dam opened two days early")


def test_prose_next_to_the_body_in_no_furniture_element_is_body():
    # trafilatura drops a paragraph it has seen before; the page shows it twice, as the story does
    other = "Crews worked through the night to restore the lines, and most homes had power by noon."
    html = ("<html><body><nav><a href=/>Home</a> <a href=/news>News</a></nav><div>"
            f"<p>{PARA}</p><p>{PARA}</p><p>{other}</p><p>{other} Schools stayed shut.</p></div>"
            "<footer>Contact us</footer></body></html>")
    a = from_html(html, "repeat.html")
    first = a.text.index(PARA)
    assert marked(a, "Home") is not None and marked(a, "Contact us") is not None
    assert not [m for m in a.marks if m.label == "boilerplate" and m.start <= first < m.end]


def test_a_run_of_link_labels_between_body_paragraphs_is_not_body_but_a_short_list_is():
    gallery = "".join(f"<div><a href=/g/{i}>Weather threatens holiday plans</a></div>" for i in range(12))
    items = "<ul><li>Roads closed</li><li>Schools shut</li></ul>"
    html = (f"<html><body><article><h1>Storm hits coast</h1><p>{PARA}</p>{items}<p>{PARA} Crews were out.</p>"
            f"<div>{gallery}</div>" + f"<p>{PARA} Power is back.</p>" * 2 + "</article></body></html>")
    a = from_html(html, "gallery.html")
    assert marked(a, "Roads closed") is None
    assert marked(a, "Weather threatens holiday plans") is not None


def test_a_byline_shown_above_the_story_gives_the_authors_when_the_metadata_has_none():
    html = ("<html><head><title>Storm hits coast</title></head><body><nav><a href=/>Home</a></nav>"
            "<article><h1>Storm hits coast</h1><div>By Maria Okafor and Tom Hale</div>"
            + f"<p>{PARA}</p>" * 4 + "</article></body></html>")
    assert from_html(html, "by.html").authors == ("Maria Okafor", "Tom Hale")
