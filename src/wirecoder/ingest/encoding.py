"""Bytes to text: BOMs, declared charsets, UTF-8, then detection. Binary data is refused, not guessed."""

from __future__ import annotations

import codecs

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


def decode_bytes(data: bytes, declared: str | None = None) -> str:
    """Decode `data`: BOM, else `declared` charset if it decodes cleanly, else UTF-8, else detection."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data.decode(name, errors="replace")
    if looks_binary(data):
        raise UndecodableError("binary data, not text")
    if declared:
        try:
            return data.decode(codecs.lookup(declared).name)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong or unknown declaration is common on the web: fall through to detection
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data[:200_000]).best()
    if best is None or best.encoding is None:
        raise UndecodableError("unknown text encoding (not UTF-8, and detection found none)")
    return data.decode(best.encoding, errors="replace")
