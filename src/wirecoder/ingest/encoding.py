"""Bytes to text: BOMs, declared charsets, UTF-8, then detection. Binary data is refused, not guessed.

The order, in `decode_bytes`:

1. a BOM (UTF-8/16/32) decides;
2. binary data (NULs, many control bytes) is refused;
3. 7-bit ISO-2022 text (Japanese, Korean: escape sequences, no byte above 0x7F) is decoded as such (it is
   also valid ASCII, so this must come before UTF-8);
4. a declared charset (HTTP header, `<meta charset>`) is used when the bytes decode with it;
5. UTF-8 when the whole input decodes as UTF-8;
6. mostly-UTF-8 input with stretches that are not UTF-8 (a cp1252 or Latin-1 paragraph pasted into a
   UTF-8 file) is decoded piece by piece: UTF-8 where it is valid, cp1252 elsewhere;
7. otherwise charset-normalizer, given 32 chunks spread over the first 1 MB (not 5 of 512 bytes), chooses among the encodings news is
   still found in (not every code page it knows); among Latin-script single-byte candidates that it
   finds equally clean (ISO-8859-2 against cp1250, say), the one whose letters belong to one language's
   alphabet wins;
8. text that detection decodes but that does not read as text (control characters, few letters, no
   spaces) is refused as binary (not for markup: `prose=False`).
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from charset_normalizer import from_bytes

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Control characters that never occur in text (everything below 0x20 but tab, newline, CR, FF, ESC).
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))

DETECT_BYTES = 1 << 20  # detection samples this much of the input, at most
_DETECT_CHUNK = 2048
_DETECT_STEPS = 32  # ... in this many chunks: 64 KB (charset-normalizer's default is 5 of 512 bytes)
# The encodings detection chooses among (Python codec names): the legacy encodings of news sites.
CANDIDATES = (
    "cp1252", "latin_1", "iso8859_15", "cp1250", "iso8859_2", "cp1251", "koi8_r", "koi8_u", "iso8859_5",
    "cp1253", "iso8859_7", "cp1254", "iso8859_9", "cp1255", "iso8859_8", "cp1256", "iso8859_6", "cp1257",
    "iso8859_13", "cp874", "shift_jis", "cp932", "euc_jp", "iso2022_jp", "big5", "cp950", "big5hkscs",
    "gb2312", "gbk", "gb18030", "euc_kr", "cp949", "utf_16", "utf_32",
)  # fmt: skip
# Latin-script single-byte encodings, most common on the web first (the order breaks ties).
_LATIN = ("cp1252", "iso8859_15", "latin_1", "cp1250", "iso8859_2", "cp1254", "iso8859_9", "cp1257", "iso8859_13")
_SINGLE_BYTE = frozenset(_LATIN) | {
    "cp1251", "koi8_r", "koi8_u", "iso8859_5", "cp1253", "iso8859_7", "cp1255", "iso8859_8", "cp1256",
    "iso8859_6", "cp874",
}  # fmt: skip
_SIBLINGS = {  # a Windows code page and the ISO 8859 part it extends (they differ in a few letters)
    "cp1250": ("iso8859_2",),
    "iso8859_2": ("cp1250",),
    "cp1252": ("iso8859_15", "cp1250"),
    "latin_1": ("cp1252", "cp1250"),
    "iso8859_15": ("cp1252", "cp1250"),
    "cp1254": ("iso8859_9", "cp1252"),
    "iso8859_9": ("cp1254",),
    "cp1257": ("iso8859_13",),
    "iso8859_13": ("cp1257",),
}
# The non-ASCII letters of languages written in Latin script, for choosing between Latin encodings.
_ALPHABETS = tuple(
    frozenset(letters)
    for letters in (
        "ąćęłńóśźż",  # Polish
        "áčďéěíňóřšťúůýž",  # Czech
        "áäčďéíĺľňóôŕšťúýž",  # Slovak
        "čćđšž",  # Croatian, Slovene, Bosnian
        "áéíóöőúüű",  # Hungarian
        "ăâîșțşţ",  # Romanian
        "äöüß",  # German
        "àâæçéèêëîïôœùûüÿ",  # French
        "áéíñóúü",  # Spanish
        "áâãàçéêíóôõú",  # Portuguese
        "àèéìíîòóùú",  # Italian
        "àçèéíïòóúü·",  # Catalan
        "éëïóöü",  # Dutch
        "æøåé",  # Danish, Norwegian
        "åäöé",  # Swedish, Finnish
        "áéíóúýþæöð",  # Icelandic
        "çğıöşüâî",  # Turkish
        "äöõüšž",  # Estonian
        "āčēģīķļņšūž",  # Latvian
        "ąčęėįšųūž",  # Lithuanian
        "ëç",  # Albanian
    )
)
# Non-ASCII characters that are common in text of any Latin-script language (typography, currency).
_NEUTRAL = frozenset("“”„«»–—…€’‘‚‹›•°§©®™·×\u00a0\u00ad")
# Scripts written without spaces between words: Thai, Lao, Khmer, Myanmar, CJK, kana, Hangul.
_UNSPACED = (
    ("\u0e00", "\u0eff"),
    ("\u1000", "\u109f"),
    ("\u1780", "\u17ff"),
    ("\u3000", "\u9fff"),
    ("\uac00", "\ud7af"),
    ("\uf900", "\ufaff"),
    ("\uff00", "\uffef"),
)
_UNSPACED_FROM = "\u0e00"
_HIGH = bytes(range(0x80, 0x100))
# One multi-byte UTF-8 character, exactly as RFC 3629 allows it (no overlong forms, no surrogates).
_UTF8_MULTI = (
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
_UTF8_SEQUENCE = re.compile(_UTF8_MULTI)
_UTF8_RUN = re.compile(rb"(?:[\x00-\x7f]|" + _UTF8_MULTI + rb")+")
_HIGH_RUN = re.compile(rb"[\x80-\xff]+")
_ISO2022 = (b"\x1b$B", b"\x1b$@", b"\x1b(J", b"\x1b$(D", b"\x1b$A", b"\x1b$)C", b"\x1b$(C")


class UndecodableError(ValueError):
    """The bytes are binary or in no encoding we can determine."""


def looks_binary(data: bytes, sample: int = 8192) -> bool:
    head = data[:sample]
    if not head:
        return False
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return False
    if b"\0" in head:
        return True
    controls = sum(head.count(bytes([c])) for c in _CONTROL)
    return controls / len(head) > 0.05


def reads_as_text(text: str, sample: int = 20_000) -> bool:
    """False when decoded characters do not look like writing: control, unassigned or private-use
    characters, or too few letters, digits and spaces (random bytes decoded as cp1252 are about half
    letters; text is mostly letters and spaces)."""
    head = text[:sample]
    if not head.strip():
        return True
    odd = wordy = spaces = unspaced = 0
    for ch in head:
        category = unicodedata.category(ch)
        if ch in " \t\n\r" or category in ("Zs", "Zl", "Zp"):
            wordy += 1
            spaces += 1
        elif ch == "\f":
            pass  # a page break: neither a space nor odd
        elif category in ("Cc", "Co", "Cn", "Cs") or ch == "\ufffd":
            odd += 1
        elif category[0] in "LMNZ":
            wordy += 1
            if _UNSPACED_FROM <= ch and any(lo <= ch <= hi for lo, hi in _UNSPACED):
                unspaced += 1
    if odd > len(head) * 0.002 or wordy < len(head) * 0.7:
        return False
    # Writing in alphabets separates words with spaces; a long stretch without one is not prose
    # (scripts written without spaces, CJK and Thai among them, are exempt).
    return spaces > 0 or len(head.strip()) < 16 or unspaced >= len(head) * 0.3


def _iso2022(data: bytes) -> str | None:
    if not any(escape in data for escape in _ISO2022) or max(data, default=0) >= 0x80:
        return None
    for name in ("iso2022_jp", "iso2022_jp_2", "iso2022_kr"):
        try:
            return data.decode(name)
        except UnicodeDecodeError:
            continue
    return None


def _utf8_pieces(data: bytes) -> list[tuple[bool, int, int]]:
    """(is UTF-8, start, end) runs covering `data`: valid UTF-8, and the bytes that are not."""
    pieces: list[tuple[bool, int, int]] = []
    position = 0
    for match in _UTF8_RUN.finditer(data):
        if match.start() > position:
            pieces.append((False, position, match.start()))
        pieces.append((True, match.start(), match.end()))
        position = match.end()
    if position < len(data):
        pieces.append((False, position, len(data)))
    return pieces


def _single_byte(chunk: bytes) -> str:
    """A stretch that is not UTF-8, as cp1252 (the five bytes cp1252 leaves undefined as Latin-1)."""
    return "".join(chr(b) if b in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else bytes([b]).decode("cp1252") for b in chunk)


def decode_mixed(data: bytes) -> str | None:
    """Mostly-UTF-8 bytes with stretches in cp1252/Latin-1, decoded piece by piece; None when the bytes
    are not such a mix (no real UTF-8 in them, or more broken than valid UTF-8)."""
    sequences = valid = 0
    for match in _UTF8_SEQUENCE.finditer(data):
        sequences += 1
        valid += match.end() - match.start()
    if sequences < 2:
        return None
    invalid = len(data) - len(data.translate(None, _HIGH)) - valid
    runs = sum(1 for _ in _HIGH_RUN.finditer(data))
    # A legacy single-byte text almost never holds two valid multi-byte sequences by chance. A CJK
    # double-byte text often does, but most of its high bytes are then invalid, in long runs; the
    # accented letters of a cp1252 stretch come one or two at a time, and are letters of one alphabet.
    if valid < invalid and invalid > 2 * runs:
        return None
    pieces = _utf8_pieces(data)
    stretches = [_single_byte(data[start:end]) for is_utf8, start, end in pieces if not is_utf8]
    if _letters_score("".join(stretches)[:20_000]) < 0.5:
        return None
    return "".join(
        data[start:end].decode("utf-8") if is_utf8 else _single_byte(data[start:end])
        for is_utf8, start, end in pieces
    )


def _letters_score(text: str) -> float:
    """How well the non-ASCII characters of `text` fit one Latin-script alphabet (1.0: all do)."""
    seen = [ch.lower() for ch in text if ord(ch) > 0x7F and ch not in _NEUTRAL]
    if not seen:
        return 1.0
    return max(sum(1 for ch in seen if ch in alphabet) / len(seen) for alphabet in _ALPHABETS)


_ASCII_LETTERS = bytes(range(0x41, 0x5B)) + bytes(range(0x61, 0x7B))


def _mostly_ascii_letters(data: bytes) -> bool:
    """Far more ASCII letters than high bytes: text in a Latin script (Greek, Cyrillic, Hebrew or Arabic
    in a single-byte encoding has a high byte for nearly every letter)."""
    high = len(data) - len(data.translate(None, _HIGH))
    letters = len(data) - len(data.translate(None, _ASCII_LETTERS))
    return letters > 4 * high


def _detect(data: bytes) -> str | None:
    """The encoding of non-UTF-8 text (a Python codec name), or None."""
    sample = data[:DETECT_BYTES]
    steps = max(1, min(_DETECT_STEPS, len(sample) // _DETECT_CHUNK))
    matches = from_bytes(sample, steps=steps, chunk_size=_DETECT_CHUNK, cp_isolation=list(CANDIDATES))
    best = matches.best()
    if best is None or best.encoding is None:
        if not _mostly_ascii_letters(sample):
            return None
        # Detection can find every candidate too messy for short Latin-script text; the alphabets can
        # still tell, when one reading fits a language's letters well.
        scored = _by_alphabet(sample, list(_LATIN))
        return scored[0][2] if scored and -scored[0][0] >= 0.9 else None
    if best.encoding in _LATIN:
        names = [best.encoding, *_SIBLINGS.get(best.encoding, ())]
    elif best.encoding in _SINGLE_BYTE and _mostly_ascii_letters(sample):
        names = list(_LATIN)  # Latin-script text with a few accented letters, taken for another script
    else:
        return best.encoding
    names += [m.encoding for m in matches if m.encoding in _LATIN and m.chaos <= best.chaos + 0.05]
    scored = _by_alphabet(sample, names)
    return scored[0][2] if scored else best.encoding


def _by_alphabet(sample: bytes, names: list[str]) -> list[tuple[float, int, str]]:
    """(-letters score, rank, name) of the Latin encodings that decode `sample` cleanly, best first."""
    scored = []
    sample = sample[:65536]  # enough to judge the letters
    for name in dict.fromkeys(names):
        try:
            text = sample.decode(name)  # single-byte: a cut never splits a character
        except UnicodeDecodeError:
            continue
        if any("\x80" <= ch <= "\x9f" for ch in text):  # C1 controls: the Windows code page, not ISO
            continue
        scored.append((-_letters_score(text), _LATIN.index(name), name))
    return sorted(scored)


def decode_bytes(data: bytes, declared: str | None = None, *, prose: bool = True) -> str:
    """Decode `data` (see the module docstring for the order). Raises UndecodableError.

    `prose=False` for markup (HTML): tags and scripts are not prose, so step 8 (does the decoded text
    read as text?) is skipped; binary bytes are still refused by step 2."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data.decode(name, errors="replace")
    if looks_binary(data):
        raise UndecodableError("binary data, not text")
    iso2022 = _iso2022(data)
    if iso2022 is not None:
        return iso2022
    if declared:
        try:
            return data.decode(codecs.lookup(declared).name)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong or unknown declaration is common on the web: fall through to detection
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    mixed = decode_mixed(data)
    if mixed is not None:
        if prose and not reads_as_text(mixed):
            raise UndecodableError("binary data, not text")
        return mixed
    encoding = _detect(data)
    if encoding is None:
        if prose and not reads_as_text(data[:20_000].decode("cp1252", errors="replace")):
            raise UndecodableError("binary data, not text")
        raise UndecodableError("unknown text encoding (not UTF-8, and detection found none)")
    text = data.decode(encoding, errors="replace")
    if prose and not reads_as_text(text):
        raise UndecodableError("binary data, not text")
    return text
