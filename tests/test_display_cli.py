"""`readcli show`, `show --gloss` and `list` on a real pseudo-terminal with text that used to crash
the display (isolates U+2066–U+2069, characters newer than Python's Unicode tables) or that
needs the full bidi algorithm (brackets around Latin, harakat on lam-alef)."""

from __future__ import annotations

import unicodedata

import pytest
from pty_run import run_with_pty, strip_ansi

from readcli.render.rtl import shape, to_visual

BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
TITLE = "عنوان \u2067abc\u2069 \U0001fa77 (BBC) تجربة"
BODY = "قال \u2066عربي\u2069 (abc) def \U0001fae8 بدلاً من مُحَمَّد."


@pytest.fixture
def odd_corpus(corpus):
    (corpus / "005_isolates.txt").write_text(f"{TITLE}\n{BODY}\n", encoding="utf-8")
    return corpus


def screen(corpus, *args: str, columns: int = 100) -> str:
    return strip_ansi(run_with_pty(["--corpus", str(corpus), *args], columns=columns)[0])


def assert_no_controls(text: str) -> None:
    for char in text:
        assert char in "\n" or unicodedata.category(char) != "Cc", repr(char)
        assert char not in BIDI_CONTROLS, repr(char)


def test_show_applies_isolates_and_brackets(odd_corpus):
    shown = screen(odd_corpus, "show", "005")  # exit 0 is asserted by run_with_pty
    assert_no_controls(shown)
    assert "def (abc)" in shown  # N0: the brackets stay around abc
    assert "\U0001fa77" in shown and "\U0001fae8" in shown
    assert "\ufefb\u064b" in shown  # the fathatan of بدلاً drawn on the lam-alef ligature
    # the body line is exactly what to_visual gives
    assert to_visual(BODY) in shown


def test_show_gloss_with_isolates(odd_corpus):
    shown = screen(odd_corpus, "show", "005", "--gloss")
    assert_no_controls(shown)
    assert shape("تجربة")[::-1] in shown


def test_list_with_an_isolate_in_a_title(odd_corpus):
    shown = screen(odd_corpus, "list")
    assert_no_controls(shown)
    assert any(line.startswith("005") for line in shown.splitlines())
    assert "\U0001fa77" in shown


def test_a_missing_bidi_data_file_is_one_error_line(cli, monkeypatch, tmp_path):
    """A broken install (package data left out of the wheel) says so and what to do."""
    from helpers import one_error_line, terminal_env

    from readcli.render import bidi_chars

    monkeypatch.setattr(bidi_chars, "data_path", lambda: tmp_path / "bidi_data.tsv")
    bidi_chars.char_data.cache_clear()
    try:
        env = terminal_env()
        one_error_line(cli("show", "004", env=env), "bidi data", "No such file", "reinstall readcli")
        assert "\ufe8d" not in env.stdout.getvalue()  # nothing laid out before the error
    finally:
        monkeypatch.undo()
        bidi_chars.char_data.cache_clear()
    assert to_visual("قال (abc) def").startswith("def (abc)")
