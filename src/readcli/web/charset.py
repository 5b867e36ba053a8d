"""Decoding a fetched HTML page: the declared charset (HTTP header, BOM, ``<meta charset>``), else
detection (UTF-8 if it is valid, else the Arabic legacy code pages, else charset_normalizer).

Labels are mapped as browsers map them (WHATWG Encoding): ``iso-8859-1``/``us-ascii`` mean
windows-1252, ``iso-8859-6`` is kept, ``windows-1256``/``cp1256`` are the same code page.
"""

from __future__ import annotations

import codecs
import re

from readcli.arabic import arabic_share

_META = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)
_ALIASES = {
    "iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "us-ascii": "cp1252",
    "ascii": "cp1252", "windows-1252": "cp1252", "windows-1256": "cp1256", "x-cp1256": "cp1256",
    "utf8": "utf-8", "unicode-1-1-utf-8": "utf-8", "iso-8859-6": "iso8859-6", "arabic": "iso8859-6",
}


def codec_for(label: str | None) -> str | None:
    """The Python codec for a charset label, or None when Python does not know it."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    label = _ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def meta_charset(data: bytes) -> str | None:
    """The charset a ``<meta charset>`` or ``<meta http-equiv content="…; charset=…">`` declares
    in the first 4 KB (where browsers look)."""
    match = _META.search(data[:4096])
    return match.group(1).decode("ascii", "replace") if match else None


def decode_html(data: bytes, header_charset: str | None = None) -> tuple[str, str]:
    """(text, codec used). Order: BOM, HTTP header, ``<meta>``, then detection; a declaration
    the bytes do not decode under is passed over."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", "replace"), "utf-8"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", "replace"), "utf-16"
    for label in (header_charset, meta_charset(data)):
        codec = codec_for(label)
        if codec is None:
            continue
        if codec == "cp1252":
            # Old Arabic sites often label windows-1256 pages as Latin-1: believe the bytes.
            legacy = _legacy_arabic(data)
            if legacy is not None:
                return legacy
        if codec in ("utf-16-le", "utf-16-be", "utf-16"):
            continue  # an ASCII-compatible page cannot really be UTF-16 (HTML spec)
        try:
            return data.decode(codec), codec
        except UnicodeDecodeError:
            continue  # the declaration is wrong (a server default of UTF-8 over cp1256 bytes)
    return detect(data)


def _legacy_arabic(data: bytes) -> tuple[str, str] | None:
    """The page as cp1256 or ISO-8859-6 when that reads as mostly Arabic, else None."""
    best = None
    for codec in ("cp1256", "iso8859-6"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        share = arabic_share(_visible_text(text))
        if share >= 0.3 and (best is None or share > best[0]):
            best = (share, text, codec)
    return (best[1], best[2]) if best else None


def detect(data: bytes) -> tuple[str, str]:
    """Undeclared charset: UTF-8 when the bytes are valid UTF-8, else an Arabic code page when it
    reads as Arabic, else charset_normalizer's guess, else windows-1252."""
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    legacy = _legacy_arabic(data)
    if legacy is not None:
        return legacy
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:200_000]).best()
        if best is not None and best.encoding:
            codec = codec_for(best.encoding) or "cp1252"
            return data.decode(codec, "replace"), codec
    except ImportError:  # pragma: no cover - a dependency of trafilatura
        pass
    return data.decode("cp1252", "replace"), "cp1252"


_TAG = re.compile(r"<script\b.*?</script>|<style\b.*?</style>|<[^>]*>", re.IGNORECASE | re.DOTALL)


def _visible_text(html: str) -> str:
    return _TAG.sub(" ", html)
