"""The independent reference for the terminal display: ICU's bidi algorithm (PyICU, test-only).

What "matches the reference" means (the definition the tests and bench/bidi_reference.py use):

- the *input* is the logical line after the two display preparations that happen before the
  bidi algorithm: terminal controls made visible (:func:`readcli.render.safe.inert`) and
  Arabic shaping (:func:`readcli.render.rtl.shape`, presentation forms, harakat kept *after*
  their letter or ligature in logical order);
- the *reference* is ICU ``Bidi.writeReordered`` of that input, paragraph level 1 (base
  right-to-left) or 0 (left-to-right), with ``DO_MIRRORING`` (rule L4) and
  ``KEEP_BASE_COMBINING`` (rule L3: in right-to-left runs each base character keeps its
  combining marks after it, which is where a terminal draws them);
- the paragraph level is the display's rule: right-to-left for a paragraph with an Arabic-script
  letter, left-to-right for one without (:func:`paragraph_direction`); a wrapped line takes the
  direction of its paragraph;
- the two are compared as *terminal cells*: the strings must be equal once format characters
  (general category Cf: bidi controls, ZWJ/ZWNJ, which take no cell and are removed from the
  output) are deleted from both. So every base character must be in the same cell and every
  mark must follow the same base.
"""

from __future__ import annotations

import unicodedata

import icu

from readcli.arabic import is_arabic
from readcli.render.rtl import shape
from readcli.render.safe import inert

_OPTIONS = icu.Bidi.DO_MIRRORING | icu.Bidi.KEEP_BASE_COMBINING


def icu_reorder(text: str, base_dir: str = "R") -> str:
    """ICU's visual order of already prepared (sanitized, shaped) logical text."""
    if not text:
        return ""
    bidi = icu.Bidi()
    bidi.setPara(icu.UnicodeString(text), 1 if base_dir == "R" else 0)
    return str(bidi.writeReordered(_OPTIONS))


def paragraph_direction(paragraph: str) -> str:
    """"R" when the paragraph has an Arabic-script letter, else "L"."""

    return "R" if is_arabic(paragraph) else "L"


def prepare(line: str) -> str:
    return shape(inert(line))


def reference_visual(line: str, base_dir: str = "R") -> str:
    """What the terminal should show for one logical line, by ICU."""
    return icu_reorder(prepare(line), base_dir)


def cells(text: str) -> str:
    """The text as the terminal lays it out: format characters (no cell) removed."""
    return "".join(c for c in text if unicodedata.category(c) != "Cf" and not _icu_format(c))


def _icu_format(char: str) -> bool:
    # characters newer than Python's tables: ask ICU for the category
    return unicodedata.category(char) == "Cn" and icu.Char.charType(char) == icu.UCharCategory.FORMAT_CHAR


def matches(line: str, visual: str, base_dir: str = "R") -> bool:
    return cells(visual) == cells(reference_visual(line, base_dir))
