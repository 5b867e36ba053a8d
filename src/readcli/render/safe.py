"""Make data strings safe to print on a terminal.

Anything that comes from data (file names, ids, titles, article text, glosses, model output,
paths in error messages) may hold characters a terminal *interprets* instead of showing: C0 and
C1 controls, escape sequences (``ESC ] 0 ; …`` sets the window title, ``ESC [ 2 J`` clears the
screen, C1 ``CSI`` U+009B starts one without ESC), and bidi formatting characters that reorder
what follows (U+202E makes ``exe.txt`` read ``txt.exe``). :func:`visible` turns each of them into
something visible and inert, character by character, so an escape sequence can never be
completed:

- C0 controls U+0000–U+001F (tab and newline included: callers pass single fields or lines)
  become the control pictures U+2400–U+241F (``ESC`` → ``␛``, ``BEL`` → ``␇``), DEL → ``␡``;
  so ``ESC [ 2 J`` prints as ``␛[2J``;
- C1 controls U+0080–U+009F, the line and paragraph separators U+2028/U+2029, lone surrogates
  (undecodable bytes in file names), the interlinear annotation characters U+FFF9–U+FFFB and the
  deprecated format characters U+206A–U+206F become ``<U+009B>``;
- the explicit bidi formatting characters (embeddings and overrides U+202A–U+202E, isolates
  U+2066–U+2069) become ``<U+202E>``; the invisible bidi marks LRM, RLM and ALM (U+200E,
  U+200F, U+061C), common in text copied from the web, are removed.

Everything else (Arabic, harakat, ZWJ/ZWNJ, emoji and their variation selectors and tags) is
unchanged. The bidi reorderer (:mod:`readcli.render.rtl`) uses :func:`inert` instead, which keeps
the bidi formatting characters for the algorithm to apply (it then drops them from its output),
and wraps each escape sequence and each ``<U+…>`` placeholder in a left-to-right isolate
(LRI … PDI) so that inside Arabic text it still reads ``␛[2J`` and ``<U+009B>``, in one piece.
"""

from __future__ import annotations

import re

BIDI_EMBEDDINGS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
BIDI_MARKS = "\u200e\u200f\u061c"
BIDI_CONTROLS = BIDI_EMBEDDINGS + BIDI_MARKS


def _code(char: str) -> str:
    return f"<U+{ord(char):04X}>"


# Shown as a code: C1 controls, line/paragraph separators, deprecated format characters,
# interlinear annotation characters, lone surrogates.
_CODED = "\x80-\x9f\u2028\u2029\u206a-\u206f\ufff9-\ufffb\ud800-\udfff"
_EMBEDDINGS = "\u202a-\u202e\u2066-\u2069"
_MARKS = "\u200e\u200f\u061c"
_UNSAFE_INERT = re.compile(f"[\\x00-\\x1f\\x7f{_CODED}]")
_UNSAFE = re.compile(f"[\\x00-\\x1f\\x7f{_CODED}{_EMBEDDINGS}{_MARKS}]")


# An escape sequence, shown as one unit: CSI (ESC [ or C1 U+009B) with its parameters and
# final byte; a string command (OSC ESC ], DCS, SOS, PM, APC, or their C1 forms) up to its
# terminator (BEL, ESC \\ or ST), at most 200 characters; any other ESC with its
# intermediate and final bytes.
_SEQUENCE = re.compile(
    "(?:\x1b\\[|\x9b)[0-?]*[ -/]*[@-~]?"
    "|(?:\x1b[\\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]{0,200}(?:\x07|\x1b\\\\|\x9c)?"
    "|\x1b[ -/]*[0-~]?"
)
_CODED_ONE = re.compile(f"[{_CODED}]")


def _isolated(match: re.Match) -> str:
    return "\u2066" + visible(match.group()) + "\u2069"


def _show(match: re.Match) -> str:
    char = match.group()
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    if char in BIDI_MARKS:
        return ""
    return _code(char)


def visible(text: str) -> str:
    """``text`` with every character a terminal would interpret made visible (see module doc)."""
    return _UNSAFE.sub(_show, text) if _UNSAFE.search(text) else text


def inert(text: str) -> str:
    """Like :func:`visible`, but bidi formatting characters and marks are left in place.

    For text that goes on through a bidi algorithm, which applies them and removes them. Escape
    sequences and ``<U+…>`` placeholders come out isolated left to right (LRI … PDI), so the
    algorithm keeps each in one piece.
    """
    if not _UNSAFE_INERT.search(text):
        return text
    text = _SEQUENCE.sub(_isolated, text)
    text = _CODED_ONE.sub(_isolated, text)
    return _UNSAFE_INERT.sub(_show, text)
