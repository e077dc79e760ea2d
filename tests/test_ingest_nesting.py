"""Markup nested deeper than the parser goes: flattened, with its text kept."""

from __future__ import annotations

import re

import trafilatura
from hypothesis import given
from hypothesis import strategies as st

from wirecoder.ingest.nesting import cap_nesting, too_deep

TAGS = re.compile(r"<[^<>]*>")


def test_tags_below_the_cap_go_and_their_text_stays():
    html = "<div>" * 10 + "deep text" + "</div>" * 10
    capped = cap_nesting(html, max_depth=3)
    assert capped == "<div><div><div>deep text</div></div></div>"


def test_siblings_left_open_do_not_count_as_nesting():
    html = "<ul>" + "<li>item" * 50 + "</ul>"
    assert cap_nesting(html, max_depth=3) == html


def test_only_a_tree_at_the_parsers_limit_is_too_deep():
    assert not too_deep(
        trafilatura.load_html("<html><body>" + "<div>" * 100 + "x" + "</div>" * 100 + "</body></html>")
    )
    assert too_deep(
        trafilatura.load_html("<html><body>" + "<div>" * 300 + "x" + "</div>" * 300 + "</body></html>")
    )


tag_names = st.sampled_from(["div", "b", "p", "li", "span", "table", "br", "img"])
pieces = st.lists(
    st.one_of(
        tag_names.map(lambda n: f"<{n}>"),
        tag_names.map(lambda n: f"</{n}>"),
        st.text(alphabet="abc xyz", min_size=1, max_size=5),
    ),
    max_size=200,
)


@given(pieces, st.integers(min_value=1, max_value=20))
def test_capping_keeps_every_character_of_text(parts, cap):
    html = "".join(parts)
    assert TAGS.sub("", cap_nesting(html, max_depth=cap)) == TAGS.sub("", html)


@given(
    st.integers(min_value=0, max_value=60),
    st.integers(min_value=1, max_value=20),
    st.sampled_from(["div", "b", "span"]),
)
def test_capped_nesting_is_as_deep_as_the_cap(levels, cap, name):
    html = f"<{name}>" * levels + "text" + f"</{name}>" * levels
    kept = min(levels, cap)
    assert cap_nesting(html, max_depth=cap) == f"<{name}>" * kept + "text" + f"</{name}>" * kept
