"""wirecoder.ingest.html: article text and metadata from HTML, boilerplate removed, only IngestError raised."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wirecoder.ingest import html as html_mod
from wirecoder.ingest.base import IngestError, IngestOptions
from wirecoder.ingest.html import NO_TEXT, declared_charset, extract_html
from wirecoder.model import Article

PARAS = [
    "The city council voted on Tuesday to approve a new budget for the coming fiscal year, ending months of debate.",
    "Mayor Jane Doe said the plan would fund road repairs, two new libraries and an expanded bus network "
    "across the northern districts.",
    "Opponents argued that the increase in property taxes would fall hardest on retirees and small businesses "
    "in the old town.",
    "The budget takes effect on July 1, and the council will review its first quarterly figures in October.",
]
BODY = "".join(f"<p>{p}</p>" for p in PARAS)

BOILERPLATE = [
    "Share on Facebook",
    "Share on Twitter",
    "Tweet",
    "Share this article",
    "Sign up for our newsletter",
    "Related articles",
    "School board elects new chair",
    "Library opening hours extended",
    "Leave a Reply",
    "Leave a comment",
    "Your email address will not be published",
    "Post Comment",
    "We use cookies",
    "Great news for the north side",
    "Copyright 2023",
]

# A news page whose boilerplate carries the usual class names and ids.
PAGE = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Council approves budget | Springfield Gazette</title>
<meta property="og:title" content="Council approves budget after months of debate">
<meta property="og:site_name" content="Springfield Gazette">
<meta name="author" content="John Smith">
<meta property="article:published_time" content="2023-05-04T10:00:00Z">
<meta property="article:modified_time" content="2024-01-02T10:00:00Z">
<link rel="canonical" href="https://gazette.example.com/news/council-budget">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<div class="cookie-banner">We use cookies to improve your experience. <button>Accept all cookies</button></div>
<article><h1>Council approves budget after months of debate</h1>
<div class="byline">By John Smith</div>
<div class="share-bar"><a href="https://facebook.com/x">Share on Facebook</a>
<a href="https://twitter.com/x">Tweet</a> <a href="#">Share this article</a></div>
{BODY}
<div class="newsletter-signup"><h3>Sign up for our newsletter</h3>
<p>Get the latest news delivered to your inbox every morning.</p><form><input type="email"><button>Subscribe</button></form></div>
<div class="related-articles"><h3>Related articles</h3><ul>
<li><a href="/a">School board elects new chair after long meeting</a></li>
<li><a href="/b">Bus network expansion to start next spring, officials say</a></li>
<li><a href="/c">Library opening hours extended for the summer season</a></li></ul></div>
</article>
<div id="comments" class="comments-area"><h3>2 thoughts on this article</h3>
<ol class="comment-list"><li class="comment"><p>Great news for the north side, finally the roads get fixed.</p></li></ol>
<div id="respond" class="comment-respond"><h3 id="reply-title">Leave a Reply</h3>
<form id="commentform"><p class="comment-notes">Your email address will not be published. Required fields are marked *</p>
<textarea name="comment"></textarea><input type="submit" value="Post Comment"></form></div></div>
<footer><p>Copyright 2023 Springfield Gazette. All rights reserved.</p></footer>
</body></html>"""

# The same boilerplate without telling class names: only the phrase rules can catch it.
PLAIN_PAGE = f"""<html><head><title>Council approves budget</title></head><body>
<div class="c1"><div class="c2">
<p>Share this article</p>
<p><a href="https://facebook.com/x">Share on Facebook</a></p><p><a href="https://twitter.com/x">Share on Twitter</a></p>
{BODY}
<p>Read more:</p>
<p><a href="/a">School board elects new chair after long meeting</a></p>
<p>You may also like</p>
<p><a href="/c">Library opening hours extended for the summer season</a></p>
<h3>Leave a Reply</h3>
<p>Your email address will not be published. Required fields are marked *</p>
<p>Post Comment</p>
</div></div></body></html>"""


def _assert_clean(article: Article) -> None:
    for para in PARAS:
        assert para in article.text
    lowered = article.text.lower()
    for phrase in BOILERPLATE:
        assert phrase.lower() not in lowered, phrase


def test_article_text_without_boilerplate():
    article = extract_html(PAGE)
    _assert_clean(article)
    # paragraphs are separated by a blank line, in page order
    paras = article.text.split("\n\n")
    assert [p for p in paras if p in PARAS] == PARAS
    assert all("\n" not in p and p == p.strip() and p for p in paras)


def test_phrase_rules_catch_boilerplate_without_class_names():
    _assert_clean(extract_html(PLAIN_PAGE))


GERMAN = [
    "Der Stadtrat hat am Dienstag nach monatelanger Debatte einen neuen Haushalt für das kommende Jahr beschlossen.",
    "Nach Angaben der Bürgermeisterin fließt das Geld in Straßen, zwei neue Bibliotheken und mehr Busverbindungen.",
    "Die Opposition kritisiert, dass die höhere Grundsteuer vor allem Rentner und kleine Geschäfte treffen werde.",
]


def test_phrase_rules_in_other_languages():
    page = "<html><body><div class='x'>" + "".join(f"<p>{p}</p>" for p in GERMAN)
    page += "<p>Auf Facebook teilen</p><p>Auch interessant: Neue Buslinie ab Mai</p><h3>Schreibe einen Kommentar</h3>"
    page += "<p>Deine E-Mail-Adresse wird nicht veröffentlicht. Erforderliche Felder sind mit * markiert</p></div></body></html>"
    text = extract_html(page).text
    assert text == "\n\n".join(GERMAN)


def test_metadata_from_meta_tags():
    article = extract_html(PAGE, source="page.html")
    assert article.title == "Council approves budget after months of debate"
    assert article.author == "John Smith"
    assert article.published == "2023-05-04"  # publication, not the modification date
    assert article.url == "https://gazette.example.com/news/council-budget"  # canonical, no URL given
    assert article.site == "Springfield Gazette"
    assert article.source == "page.html"
    assert article.language is None or isinstance(article.language, str)


def test_given_url_wins_over_canonical():
    article = extract_html(PAGE, url="https://mirror.example.org/council")
    assert article.url == "https://mirror.example.org/council"


def test_deterministic():
    first, second = extract_html(PAGE), extract_html(PAGE.encode("utf-8"))
    assert first == second
    assert first.stable_id() == second.stable_id()


RUSSIAN = [
    "Городской совет во вторник утвердил новый бюджет на следующий финансовый год после долгих споров.",
    "По словам мэра, деньги пойдут на ремонт дорог, две новые библиотеки и новые автобусные маршруты.",
    "Противники плана считают, что рост налогов ударит прежде всего по пенсионерам и малому бизнесу.",
]
FRENCH = [
    "Le conseil municipal a adopté mardi un nouveau budget pour l'année à venir, après des mois de débats.",
    "Selon la maire, l'argent financera la réfection des routes, deux bibliothèques et des lignes de bus élargies.",
    "Les opposants estiment que la hausse des impôts fonciers pèsera d'abord sur les retraités et les commerçants.",
]


@pytest.mark.parametrize(
    ("paras", "head", "encoding"),
    [
        (RUSSIAN, '<meta charset="windows-1251">', "windows-1251"),
        (FRENCH, '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">', "iso-8859-1"),
    ],
)
def test_declared_charset_decodes(paras, head, encoding):
    page = f"<html><head>{head}<title>{paras[0][:20]}</title></head><body><article>"
    page += "".join(f"<p>{p}</p>" for p in paras) + "</article></body></html>"
    data = page.encode(encoding)
    assert declared_charset(data) == encoding.split(";")[0]
    article = extract_html(data)
    for para in paras:
        assert para in article.text


@pytest.mark.parametrize(
    "page",
    [
        "",
        "   \n\t ",
        b"",
        "<html></html>",
        "<html><head><title>Only a title</title></head><body></body></html>",
        "<html><body><nav><a href='/'>Home</a> <a href='/news'>News</a> <a href='/about'>About</a></nav></body></html>",
        "<html><body><p>Too short to be an article.</p></body></html>",
        "<<<>>><!-- <![CDATA[ <?xml ?> </html> <html",
    ],
)
def test_no_article_text(page):
    with pytest.raises(IngestError) as info:
        extract_html(page, source="in.html")
    assert info.value.source == "in.html"
    assert info.value.reason == NO_TEXT


@pytest.mark.parametrize(
    "data", [b"\x00\x01\x02\x03binary" * 50, bytes(range(256)) * 8, b"%PDF-1.7\n\x00\x00\xff"]
)
def test_binary_is_refused(data):
    with pytest.raises(IngestError) as info:
        extract_html(data, url="https://example.com/file")
    assert info.value.source == "https://example.com/file"


def test_oversized_page_is_refused():
    options = IngestOptions(max_bytes=1000)
    for page in (PAGE, PAGE.encode("utf-8"), "é" * 600):
        with pytest.raises(IngestError) as info:
            extract_html(page, options=options)
        assert "1000 bytes" in info.value.reason
        assert info.value.source == "<html>"


def test_wrong_type_is_an_ingest_error():
    with pytest.raises(IngestError):
        extract_html(None)  # type: ignore[arg-type]
    with pytest.raises(IngestError):
        extract_html(12345)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "page",
    [
        "<html><body>" + "<div>" * 20000 + BODY + "</div>" * 20000 + "</body></html>",
        "<html><body><p>" + "<b>" * 20000 + BODY + "</p></body></html>",
        "<html><body>" + "<ul><li>item" * 3000 + BODY + "</body></html>",
        "<html><body><table>" + "<tr><td><table>" * 2000 + BODY + "</body></html>",
    ],
)
def test_deeply_nested_html_keeps_its_text(page):
    # deeper than libxml2's 255 levels: flattened and parsed again (ingest/nesting.py), text kept
    article = extract_html(page)
    assert all(paragraph in article.text for paragraph in PARAS)


@pytest.mark.parametrize(
    "page",
    [
        "<html><body><div><p>unclosed <b><i><table><tr><td>" + BODY,
        "<html>\x00<body>\x00" + BODY + "</body>",
        '<?xml version="1.0" encoding="utf-8"?><html><body>' + BODY + "</body></html>",
        "<html><body><p>\ud800 lone surrogate</p>" + BODY + "</body></html>",
        "</p></div></body>" + BODY + "<html><head></head>",
        "<html><body><script>" + "x" * 10000 + "</script>" + BODY + "</body></html>",
    ],
)
def test_malformed_html_still_extracts(page):
    article = extract_html(page)
    for para in PARAS:
        assert para in article.text


def test_rules_file_has_every_section():
    rules = html_mod._rules()
    assert rules.attr.fullmatch("share-bar") and rules.attr.fullmatch("comment-respond")
    assert not rules.attr.fullmatch("entry-content")
    assert rules.block.fullmatch("Leave a Reply") and rules.block.fullmatch("Share on Facebook")
    assert not rules.block.fullmatch(PARAS[0])
    assert rules.tail.fullmatch("Related articles")


HTML_PIECES = st.sampled_from(
    [
        "<p>",
        "</p>",
        "<div class='share'>",
        "<div id='comments'>",
        "</div>",
        "<article>",
        "<h1>",
        "</h1>",
        "<br>",
        "<script>",
        "<!--",
        "-->",
        "<![CDATA[",
        "&amp;",
        "&#0;",
        "&#xD800;",
        "<meta charset='utf-16'>",
        "<table><tr><td>",
        PARAS[0],
        PARAS[1],
        "Leave a Reply",
        "Share on Facebook",
    ]
)
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _article_or_ingest_error(page) -> None:
    try:
        article = extract_html(page)
    except IngestError:
        return
    assert isinstance(article, Article) and article.text.strip()


@FAST
@given(st.text(max_size=2000))
def test_any_text_gives_article_or_ingest_error(page):
    _article_or_ingest_error(page)


@FAST
@given(st.binary(max_size=2000))
def test_any_bytes_give_article_or_ingest_error(page):
    _article_or_ingest_error(page)


@FAST
@given(st.lists(st.one_of(HTML_PIECES, st.text(max_size=30)), max_size=60))
def test_any_tag_soup_gives_article_or_ingest_error(pieces):
    _article_or_ingest_error("".join(pieces))
    _article_or_ingest_error("".join(pieces).encode("utf-8", "surrogatepass"))
