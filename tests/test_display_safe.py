"""render.safe.visible: data strings made safe to print on a terminal."""

from __future__ import annotations

import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readcli.render.safe import inert, visible

ORDINARY = [
    "مُحَمَّدٌ رَسُولُ اللَّهِ",
    "طفلاً، بدلاً، إلاّ",
    "نمی\u200cخواهم و\u200dب",  # ZWNJ / ZWJ inside Arabic-script words
    "Café naïve 日本語 👍🏽 🏳️\u200d🌈 🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f",
    "٣٫٥ ٢٠٢٤ «اقتباس» “quote” (x) [y] {z}",
    "ـــ tatweel ـ",
    "",
]


def test_ordinary_text_is_unchanged():
    for text in ORDINARY:
        assert visible(text) == text
        assert inert(text) == text


def test_escape_sequences_become_visible_and_inert():
    title_change = "\x1b]0;owned\x07"
    clear = "\x1b[2J"
    shown = visible(f"a{title_change}b{clear}c")
    assert shown == "a␛]0;owned␇b␛[2Jc"
    assert "\x1b" not in shown and "\x07" not in shown


def test_every_c0_c1_and_del_becomes_a_placeholder():
    for code in [*range(0x20), 0x7F, *range(0x80, 0xA0)]:
        shown = visible(f"x{chr(code)}y")
        assert chr(code) not in shown
        assert len(shown) > 2 and shown.startswith("x") and shown.endswith("y")
        assert all(unicodedata.category(c) not in ("Cc", "Cf", "Cs") for c in shown)
    assert visible("\t\n\r\x1b\x7f") == "␉␊␍␛␡"
    assert visible("\x9b2J\x85") == "<U+009B>2J<U+0085>"


def test_bidi_controls_are_shown_or_removed():
    assert visible("abc\u202etxt.exe") == "abc<U+202E>txt.exe"
    assert visible("\u2066a\u2069\u2067b\u2069\u2068c\u2069") == "<U+2066>a<U+2069><U+2067>b<U+2069><U+2068>c<U+2069>"
    assert visible("\u202a\u202b\u202c\u202d") == "<U+202A><U+202B><U+202C><U+202D>"
    assert visible("a\u200eb\u200fc\u061cd") == "abcd"


def test_line_separators_and_lone_surrogates():
    assert visible("a\u2028b\u2029c") == "a<U+2028>b<U+2029>c"
    # a file name with undecodable bytes (surrogateescape) must not crash the UTF-8 encoder
    shown = visible("bad\udcffname")
    assert shown == "bad<U+DCFF>name"
    shown.encode("utf-8")


def test_inert_keeps_bidi_controls_for_the_algorithm():
    # ... and isolates each escape sequence and code placeholder (LRI ... PDI), one piece each
    assert inert("a\u202eb\u2067c\u2069\u200f\x1b[0m") == "a\u202eb\u2067c\u2069\u200f\u2066␛[0m\u2069"
    assert inert("x\x9b31my\x85z\x07") == "x\u2066<U+009B>31m\u2069y\u2066<U+0085>\u2069z␇"
    assert inert("\x1b]0;title\x07rest") == "\u2066␛]0;title␇\u2069rest"
    assert inert(inert("a\x1b[2Jb")) == inert("a\x1b[2Jb")


def test_escape_sequences_stay_in_one_piece_inside_arabic():
    from readcli.render.rtl import to_visual

    for line, shown in [
        ("عنوان \x1b[2J تجربة", "␛[2J"),
        ("عنوان \x9b2J تجربة", "<U+009B>2J"),
        ("قال \x1b]0;owned\x07 نص", "␛]0;owned␇"),
        ("عربي \x85 نص", "<U+0085>"),
    ]:
        assert shown in to_visual(line)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_nothing_a_terminal_interprets_survives(text):
    shown = visible(text)
    shown.encode("utf-8")
    for char in shown:
        assert unicodedata.category(char) not in ("Cc", "Cs"), repr(char)
        assert char not in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c\u2028\u2029"
    # idempotent: placeholders are themselves safe
    assert visible(shown) == shown
