"""render.bidi against Unicode's own conformance tests, BidiTest.txt and BidiCharacterTest.txt.

They come with the Debian package ``unicode-data`` (/usr/share/unicode, Unicode 15.0), which is
not a project dependency: the tests skip with the reason when the files are absent. Levels of
characters removed by rule X9 (``x`` in the files) and rules L3/L4 are not part of these tests
(the ICU comparison in test_bidi_reference.py covers what the terminal shows).

Together the files hold about 580,000 cases (a minute here); the suite checks every
``STRIDE``-th one, ``READCLI_BIDI_STRIDE=1`` checks them all (all passed when this was written).
"""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pytest

from readcli.render.bidi import levels_of, paragraph_level, resolve_levels, visual_order
from readcli.render.bidi_chars import bidi_class

UNICODE_DATA = Path("/usr/share/unicode")
STRIDE = int(os.environ.get("READCLI_BIDI_STRIDE", "15"))


def data_file(name: str) -> Path:
    path = UNICODE_DATA / name
    if not path.is_file():
        pytest.skip(f"{path} is absent (apt-get install unicode-data to run Unicode's bidi conformance tests)")
    return path


def checked(levels: list[int], expected: list[str]) -> tuple[list[int | None], list[int]]:
    """Levels with X9-removed positions as None, and the visual order without them."""
    ours = [None if e == "x" else level for level, e in zip(levels, expected)]
    order = [i for i in visual_order(levels) if expected[i] != "x"]
    return ours, order


def test_bidi_test_txt():
    failures = []
    total = 0
    expected_levels: list[str] = []
    expected_order: list[int] = []
    for line in data_file("BidiTest.txt").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("@Levels:"):
            expected_levels = line.split(":", 1)[1].split()
            continue
        if line.startswith("@Reorder:"):
            expected_order = [int(x) for x in line.split(":", 1)[1].split()]
            continue
        if line.startswith("@"):
            continue
        classes_field, bitset = line.split(";")
        classes = classes_field.split()
        for bit, base in ((1, None), (2, 0), (4, 1)):
            if not int(bitset, 16) & bit:
                continue
            total += 1
            if total % STRIDE:
                continue
            level = paragraph_level(classes) if base is None else base
            ours, order = checked(resolve_levels(classes, level), expected_levels)
            if ours != [None if e == "x" else int(e) for e in expected_levels] or order != expected_order:
                failures.append((classes_field, bit))
    assert total > 400_000
    assert failures == [], f"{len(failures)} of {total} cases differ, first: {failures[:5]}"


def test_bidi_character_test_txt():
    failures = []
    total = 0
    for line in data_file("BidiCharacterTest.txt").read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        codes, direction, _, levels_field, order_field = line.split(";")
        text = "".join(chr(int(c, 16)) for c in codes.split())
        if any(unicodedata.bidirectional(c) == "B" for c in text[:-1]):
            continue  # one paragraph per line here
        total += 1
        if total % STRIDE:
            continue

        base = paragraph_level([bidi_class(c) for c in text]) if direction == "2" else int(direction)
        expected = levels_field.split()
        ours, order = checked(levels_of(text, base), expected)
        if ours != [None if e == "x" else int(e) for e in expected] or order != [int(x) for x in order_field.split()]:
            failures.append(codes)
    assert total > 90_000
    assert failures == [], f"{len(failures)} of {total} lines differ, first: {failures[:5]}"
