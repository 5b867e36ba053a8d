"""The user's glossary: ``glossary.tsv`` in the corpus folder, one ``Arabic<TAB>English`` a line.

Lines starting with ``#`` and blank lines are ignored (an empty file means no terms). Its entries override every other gloss
(``readcli glossary``) and are enforced in translations (``readcli translate``).
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from pathlib import Path

from readcli.errors import InputError
from readcli.sentences import normalise_space

FILE_NAME = "glossary.tsv"
MAX_SIZE = 32 << 20  # bytes; 50,000 terms take about 2 MB
# Controls that could drive a terminal (ESC, C1...), dropped from terms and renderings.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _read(path: Path) -> bytes | None:
    """The file's bytes; None when there is none. A regular file only (a FIFO or a device is
    never opened for a blocking read), at most :data:`MAX_SIZE` bytes."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        return None
    except OSError as error:
        raise InputError(f"{path}: cannot read ({error.strerror or error})") from None
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise InputError(f"{path}: not a regular file; the glossary must be a text file")
        data = handle.read(MAX_SIZE + 1)
    if len(data) > MAX_SIZE:
        raise InputError(f"{path}: larger than {MAX_SIZE >> 20} MB; a glossary is one term a line")
    return data


def _decode(data: bytes, path: Path) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        encoding = "utf-8-sig"
    if b"\x00" in data and encoding != "utf-16":
        raise InputError(f"{path}: binary file, not text")
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise InputError(
            f"{path}: not UTF-8 (invalid byte 0x{data[error.start]:02x} at offset {error.start}); save it as UTF-8"
        ) from None


def load_user_glossary(corpus_root: Path) -> dict[str, str]:
    """Arabic term -> English rendering; empty when the file does not exist, is empty or holds
    only blank and comment lines. Control characters (ESC...) in it are dropped."""
    path = Path(corpus_root) / FILE_NAME
    data = _read(path)
    if not data:
        return {}
    entries: dict[str, str] = {}
    text = _decode(data, path).replace("\r\n", "\n").replace("\r", "\n")
    controls = _CONTROLS.search(text.replace("\t", " ")) is not None
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = line.split("\t")
        if controls:
            parts = [_CONTROLS.sub("", part) for part in parts]
        if len(parts) < 2 or not parts[0].strip() or not parts[1].strip():
            raise InputError(f"{path}:{number}: expected 'Arabic term<TAB>English', got {line!r}")
        entries[normalise_space(parts[0])] = normalise_space(parts[1])
    return entries
