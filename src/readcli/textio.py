"""Decoding article files: UTF-8 (with or without BOM), UTF-16 with BOM, legacy cp1256.

Everything readcli reads from a file or stdin goes through :func:`decode_text`, so every
command accepts and refuses the same inputs with the same messages.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

from readcli.arabic import arabic_share
from readcli.errors import InputError

# Control characters other than tab, newline, carriage return and form feed.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str  # the encoding the bytes were in: "utf-8", "utf-8-sig", "utf-16", "cp1256"


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls > max(2, len(sample) // 100)


def _mostly_arabic(text: str) -> bool:
    return arabic_share(text) >= 0.5


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode_text(data: bytes, name: str = "input") -> DecodedText:
    """Decode article bytes or raise :class:`InputError` with one line naming the problem."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(f"{name}: invalid UTF-16 text ({exc.reason})") from None
        encoding = "utf-16"
    elif _looks_binary(data):
        raise InputError(f"{name}: binary file, not text")
    else:
        try:
            text = data.decode("utf-8-sig")
            encoding = "utf-8-sig" if data.startswith(codecs.BOM_UTF8) else "utf-8"
        except UnicodeDecodeError as exc:
            try:
                text = data.decode("cp1256")
            except UnicodeDecodeError:
                text = ""
            if not _mostly_arabic(text):
                raise InputError(
                    f"{name}: not UTF-8 (invalid byte 0x{data[exc.start]:02x} at offset {exc.start})"
                    " and not Arabic in cp1256 either; convert it to UTF-8 first,"
                    " e.g. iconv -f ENCODING -t UTF-8"
                ) from None
            encoding = "cp1256"
    if _CONTROL.search(text):
        raise InputError(f"{name}: binary file, not text")
    text = normalise_newlines(text)
    if not text.strip():
        raise InputError(f"{name}: empty file, no text")
    return DecodedText(text=text, encoding=encoding)


# An article file or standard input: the reader opens 10 MB articles, bench/ measures 50 MB.
MAX_TEXT_BYTES = 64 << 20


def size_text(size: int) -> str:
    """``10 MB``, ``512 KB``: a byte count for messages."""
    return f"{size / 2**20:.3g} MB" if size >= 2**20 else f"{size / 1024:.0f} KB"


def read_capped(path: Path, max_bytes: int, *, hint: str = "") -> bytes:
    """A local file's bytes; one :class:`InputError` line when it is missing, a directory,
    unreadable, or over ``max_bytes`` (``hint`` says how to raise the cap)."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, not a file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    if len(data) > max_bytes:
        raise InputError(f"{path}: over the {size_text(max_bytes)} cap{hint}")
    return data


def read_text_file(path: Path, max_bytes: int = MAX_TEXT_BYTES) -> DecodedText:
    return decode_text(read_capped(path, max_bytes), str(path))
