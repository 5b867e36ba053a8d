"""Character properties for the bidi algorithm (:mod:`readcli.render.bidi`).

Python's ``unicodedata`` (Bidi_Class, general category; Unicode 14 in Python 3.11) completed by
``bidi_data.tsv`` (made from ICU by ``python bench/bidi_reference.py --write-data``) with what
Python's tables lack: classes and marks of characters newer than its Unicode version (so an emoji
such as U+1FA77 is ON, as in ICU, not an unknown class), mirroring glyphs missing from
python-bidi's table (``bidi.mirror.MIRRORED``, used for the rest), and the paired brackets of
BidiBrackets.txt, which Python does not expose at all. Loaded once, on first use.
"""

from __future__ import annotations

import bisect
import functools
import unicodedata
from pathlib import Path

from readcli.errors import InputError


class CharData:
    def __init__(self, path: Path) -> None:
        from bidi.mirror import MIRRORED

        starts: list[int] = []
        ends: list[int] = []
        classes: list[str] = []
        self.marks: dict[int, bool] = {}
        self.mirror = dict(MIRRORED)
        self.closing_of: dict[str, str] = {}
        for row in path.read_text(encoding="utf-8").splitlines():
            if not row or row.startswith("#"):
                continue
            kind, first, last, value = row.split("\t")
            low, high = int(first, 16), int(last, 16)
            if kind == "class":
                starts.append(low)
                ends.append(high)
                classes.append(value)
            elif kind == "mark":
                for code in range(low, high + 1):
                    self.marks[code] = value == "1"
            elif kind == "mirror":
                target = chr(int(value, 16))
                if target == chr(low):
                    self.mirror.pop(chr(low), None)
                else:
                    self.mirror[chr(low)] = target
            elif kind == "bracket":
                self.closing_of[chr(low)] = chr(int(value, 16))
        self.opening_of = {close: open_ for open_, close in self.closing_of.items()}
        self._starts, self._ends, self._classes = starts, ends, classes
        self._class_cache: dict[str, str] = {}

    def bidi_class(self, char: str) -> str:
        cached = self._class_cache.get(char)
        if cached is not None:
            return cached
        code = ord(char)
        at = bisect.bisect_right(self._starts, code) - 1
        if at >= 0 and code <= self._ends[at]:
            value = self._classes[at]
        else:
            value = unicodedata.bidirectional(char) or "L"
        self._class_cache[char] = value
        return value

    def is_mark(self, char: str) -> bool:
        known = self.marks.get(ord(char))
        if known is not None:
            return known
        return unicodedata.category(char)[0] == "M"


def data_path() -> Path:
    return Path(__file__).with_name("bidi_data.tsv")


@functools.lru_cache(maxsize=1)
def char_data() -> CharData:
    """The data, loaded once; a missing or damaged data file (a broken install) is one error."""
    path = data_path()
    try:
        return CharData(path)
    except (OSError, ValueError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise InputError(f"cannot read readcli's bidi data {path}: {reason}; reinstall readcli") from None


def bidi_class(char: str) -> str:
    return char_data().bidi_class(char)
