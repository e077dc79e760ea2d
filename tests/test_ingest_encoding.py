"""Bytes to text: legacy encodings, mixed UTF-8/cp1252 files, ISO-2022, binary data."""

from __future__ import annotations

import gzip
import random
from pathlib import Path

import pytest
from hostile_corpus import ENGLISH, LEGACY, MIXED
from hypothesis import given, settings
from hypothesis import strategies as st

from wirecoder.ingest import IngestError, IngestOptions, iter_articles
from wirecoder.ingest.encoding import UndecodableError, decode_bytes, decode_mixed, reads_as_text
from wirecoder.ingest.text import text_article
from wirecoder.model import Article

PAIRS = [(language, encoding) for language, (_, encodings) in LEGACY.items() for encoding in encodings]


@settings(max_examples=len(PAIRS) * 3, deadline=None)
@given(st.sampled_from(PAIRS), st.data())
def test_legacy_encodings_any_selection_of_sentences(pair, data):
    # Any two or more of a language's sentences, in any order, come back exactly from any of its encodings.
    language, encoding = pair
    sentences = LEGACY[language][0]
    chosen = data.draw(st.permutations(sentences).map(lambda p: p[: data.draw(st.integers(2, len(p)))]))
    text = " ".join(chosen) + "\n"
    assert decode_bytes(text.encode(encoding)) == text


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Zażółć gęślą jaźń, powiedział świadek w środę.", "iso-8859-2"),
        ("Zażółć gęślą jaźń, powiedział świadek w środę.", "cp1250"),
        ("Příliš žluťoučký kůň úpěl ďábelské ódy, řekl starosta.", "iso-8859-2"),
        ("Příliš žluťoučký kůň úpěl ďábelské ódy, řekl starosta.", "cp1250"),
        ("Le préfet a annoncé la fermeture des écoles après les pluies.", "cp1252"),
        ("Şoför ağır yükü taşıdı ve İstanbul'a gitti, dedi yetkili.", "cp1254"),
    ],
)
def test_latin_siblings_told_apart(text: str, encoding: str):
    assert decode_bytes(text.encode(encoding)) == text


def test_iso_2022_jp_is_not_taken_for_ascii():
    text = "政府は火曜日、緊急支援策を発表した。"
    data = text.encode("iso-2022-jp")
    assert max(data) < 0x80  # valid ASCII, and so valid UTF-8
    assert decode_bytes(data) == text


def test_utf8_wins_when_the_whole_file_decodes():
    text = "Größe – “quoted” – 政府 – Ωμέγα"
    assert decode_bytes(text.encode("utf-8")) == text


WORDS = {  # a few words with accented letters per language
    "fr": ["café", "élève", "garçon", "déjà", "prêt", "Noël", "œuvre", "où"],
    "de": ["Müller", "Straße", "über", "Größe", "hören", "Bäcker"],
    "es": ["año", "niño", "señora", "información", "está", "¿qué?"],
    "da": ["Ærø", "smørrebrød", "på", "Århus", "søster"],
}
ANY_WORD = st.sampled_from([w for words in WORDS.values() for w in words] + ["the", "council", "said", "“quoted”", "—"])


@settings(max_examples=150, deadline=None)
@given(
    st.lists(ANY_WORD, min_size=2, max_size=12),
    st.sampled_from(sorted(WORDS)).flatmap(
        lambda lang: st.lists(st.sampled_from(WORDS[lang] + ["and", "a", "new", "plan"]), min_size=1, max_size=12)
    ),
    st.lists(ANY_WORD, min_size=0, max_size=12),
    st.sampled_from(["cp1252", "latin-1"]),
)
def test_mixed_file_decoded_piece_by_piece(before, stretch, after, encoding):
    # UTF-8, then a stretch in cp1252 or Latin-1 (in one language), then UTF-8 again.
    utf8_before, legacy, utf8_after = " ".join(before), " ".join(stretch), " ".join(after)
    if sum(1 for ch in utf8_before + utf8_after if ord(ch) > 0x7F) < 2 or legacy.isascii():
        return  # not a mixed file: all UTF-8, or too little UTF-8 to tell
    if encoding == "latin-1" and not all(ord(ch) < 0x100 for ch in legacy):
        return  # œ is not in Latin-1
    data = (utf8_before + "\n").encode() + (legacy + "\n").encode(encoding) + utf8_after.encode()
    assert decode_bytes(data) == utf8_before + "\n" + legacy + "\n" + utf8_after


@pytest.mark.parametrize(("utf8_part", "stretch", "encoding"), MIXED)
def test_mixed_examples(utf8_part: str, stretch: str, encoding: str):
    data = utf8_part.encode() + b"\n" + stretch.encode(encoding) + b"\n" + utf8_part.encode()
    assert decode_bytes(data) == f"{utf8_part}\n{stretch}\n{utf8_part}"


@pytest.mark.parametrize(("language", "encoding"), [("zh-hant", "big5"), ("zh-hans", "gbk"), ("ja", "shift_jis"),
                                                    ("ja", "euc-jp"), ("ko", "euc-kr"), ("pl", "cp1250"), ("ru", "cp1251")])
def test_legacy_files_are_not_taken_for_mixed(language: str, encoding: str):
    data = ("\n".join(LEGACY[language][0]) * 3).encode(encoding)
    assert decode_mixed(data) is None


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(categories=["L", "M", "N", "P", "S", "Zs"]), min_size=1, max_size=300))
def test_utf8_text_round_trips(text: str):
    try:
        assert decode_bytes(text.encode("utf-8")) == text
    except UndecodableError:
        pytest.fail(f"refused: {text!r}")


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 2**32), st.integers(64, 8192))
def test_random_bytes_are_binary(seed: int, size: int):
    data = random.Random(seed).randbytes(size)
    with pytest.raises(IngestError, match="binary"):
        text_article(data, "random.txt")


@pytest.mark.parametrize(("size", "allowed"), [(32, 2), (48, 0)])
def test_short_random_bytes_are_binary(size: int, allowed: int):
    # Short random bytes often decode in some legacy encoding; they must still not read as text. (Below
    # 32 bytes some cannot be told from text: 16 random bytes may be 8 valid GB18030 ideographs.)
    rng = random.Random(size)
    read_as_text = 0
    for _ in range(500):
        try:
            text_article(rng.randbytes(size), "x.txt")
            read_as_text += 1
        except IngestError as exc:
            assert "binary" in exc.reason or "encoding" in exc.reason
    assert read_as_text <= allowed


def test_reads_as_text():
    assert reads_as_text(" ".join(ENGLISH))
    assert reads_as_text("政府は火曜日、緊急支援策を発表した。" * 3)  # no spaces, but a script without them
    assert not reads_as_text("Uæ&Þfà°ÞhUIù&6¯ÇxQ")  # random bytes read as cp1252: no space in 19 letters
    assert not reads_as_text("Normal words\x07\x08 and \x1b control bytes " * 2)


# ---- gzip files -----------------------------------------------------------------------------------


def test_gzipped_text_and_html(tmp_path: Path):
    (tmp_path / "a.txt.gz").write_bytes(gzip.compress("Größere Änderungen.\n".encode("cp1252") * 20))
    html = "<html><body><article><h1>T</h1>" + "".join(f"<p>{p}</p>" for p in ENGLISH) + "</article></body></html>"
    (tmp_path / "b.html.gz").write_bytes(gzip.compress(html.encode()))
    text, page = list(iter_articles([str(tmp_path)]))
    assert isinstance(text, Article) and text.text == "Größere Änderungen.\n" * 20
    assert isinstance(page, Article) and "harbour plan" in page.text


def test_gzip_bomb_stops_at_the_cap(tmp_path: Path):
    bomb = tmp_path / "bomb.txt.gz"
    bomb.write_bytes(gzip.compress(bytes(50 * 1024 * 1024), compresslevel=1))
    [error] = list(iter_articles([str(bomb)], IngestOptions(max_bytes=1_000_000)))
    assert isinstance(error, IngestError) and "decompresses to over the 1,000,000-byte limit" in error.reason


@pytest.mark.parametrize("damage", ["truncate", "garbage"])
def test_damaged_gzip(tmp_path: Path, damage: str):
    whole = gzip.compress(b"Some text that is long enough. " * 200)
    data = whole[: len(whole) // 2] if damage == "truncate" else whole[:10] + b"\xff" * 100
    path = tmp_path / "x.txt.gz"
    path.write_bytes(data)
    [error] = list(iter_articles([str(path)]))
    assert isinstance(error, IngestError) and "cannot decompress" in error.reason and "\n" not in error.reason


def test_markup_heavy_legacy_html_is_not_called_binary(tmp_path: Path):
    # Scripts and tags are not prose: an undeclared cp1252 page must not fail the text check.
    script = "<script>var a={b:[1,2,3],c:'{}'};if(a&&b){x[i]=y/2;}</script>" * 60
    body = "".join(f"<p>{p} Café, naïve, Müller.</p>" for p in ENGLISH)
    page = f"<html><head><title>Café</title>{script}</head><body><article><h1>Café</h1>{body}</article></body></html>"
    path = tmp_path / "page.html"
    path.write_bytes(page.encode("cp1252"))
    [article] = list(iter_articles([str(path)]))
    assert isinstance(article, Article), article
    assert "Café, naïve, Müller." in article.text
