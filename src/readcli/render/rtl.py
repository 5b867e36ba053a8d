"""Right-to-left display of Arabic text in a terminal.

Terminals lay characters out left to right and do not join Arabic letters, so for display each
line is *reshaped* (letters replaced by their contextual presentation forms, with arabic-reshaper)
and *reordered* (the Unicode bidi algorithm, :mod:`readcli.render.bidi`, with a right-to-left
base direction). The order of operations matters:

1. make terminal controls visible (:func:`readcli.render.safe.inert`; bidi controls stay, for
   the algorithm to apply), then wrap the **logical** text to the width, measuring each word by
   its shaped width;
2. reshape each wrapped line (harakat kept after their letter or ligature, in logical order) and
   reorder it: levels by the full algorithm (brackets N0, isolates, embeddings, overrides), marks
   kept after their base in right-to-left runs (L3), brackets mirrored (L4), bidi controls
   applied and removed;
3. pad on the left so the line is right-aligned.

The paragraph direction: a paragraph with an Arabic-script letter is right-to-left (and
right-aligned), one without is left-to-right and left-aligned (``Source: Reuters (AFP), 2024.``),
see :func:`paragraph_direction`.

Under :func:`logical_order` (the ``terminal`` bidi mode, for terminals that lay out
right-to-left text themselves and ignore BDSM: :mod:`readcli.render.terminals`) the same
functions give logical text instead: controls made visible, wrapped by its unshaped width, not
shaped, reordered or padded.

Wrapping text that is already reordered breaks lines in the wrong places and reverses their
order, so nothing here ever wraps visual text. These transforms are for the terminal only:
pipes, files, JSON and TSV carry the logical text.
"""

from __future__ import annotations

import functools
import re
from contextlib import contextmanager
from contextvars import ContextVar

from rich.cells import cell_len

from readcli.arabic import LETTERS, MARKS, OTHER_LETTERS, TATWEEL, is_arabic
from readcli.render import bidi
from readcli.render.safe import inert, visible

# Right-to-left letters, and the bidi controls that can make anything right-to-left: text with
# one of them goes through the bidi algorithm.
_RTL_CHAR = re.compile(
    "[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF\U00010800-\U00010FFF\U0001E800-\U0001EFFF"
    "\u200F\u061C\u202A-\u202E\u2066-\u2069]"
)
# A haraka with no Arabic letter before it (start of text, after a space or a Latin letter):
# arabic-reshaper drops it; give it the dotted circle, the conventional base for a lone mark.
_ORPHAN_MARK = re.compile(f"(?<![{LETTERS}{OTHER_LETTERS}{TATWEEL}{MARKS}])([{MARKS}])")
DOTTED_CIRCLE = "\u25cc"


@functools.lru_cache(maxsize=1)
def _reshaper():
    import arabic_reshaper

    return arabic_reshaper.ArabicReshaper(
        configuration={
            # arabic-reshaper deletes harakat by default; keep them, after their letter (or the
            # ligature that holds it) in logical order: the reorderer keeps them after it (L3).
            "delete_harakat": False,
            "shift_harakat_position": False,
            "support_ligatures": True,
        }
    )


_LOGICAL: ContextVar[bool] = ContextVar("readcli_logical_order", default=False)


@contextmanager
def logical_order():
    """Within it, the display functions here give logical text (the terminal lays it out)."""
    token = _LOGICAL.set(True)
    try:
        yield
    finally:
        _LOGICAL.reset(token)


def is_logical() -> bool:
    return _LOGICAL.get()


def has_rtl(text: str) -> bool:
    return bool(_RTL_CHAR.search(text))


def paragraph_direction(text: str) -> str:
    """"R" for a paragraph with an Arabic-script letter, else "L" (left-to-right, left-aligned)."""
    return "R" if is_arabic(text) else "L"


def shape(text: str) -> str:
    """Letters to contextual presentation forms; still in logical order.

    Harakat stay after their letter (after the ligature for لا and الله); a haraka with no
    letter to sit on gets a dotted circle rather than being dropped.
    """
    return _reshaper().reshape(_ORPHAN_MARK.sub(DOTTED_CIRCLE + r"\1", text))


def prepare(line: str) -> str:
    """The logical text the bidi algorithm reorders: terminal controls made visible, shaped."""
    return shape(inert(line))


def to_visual(line: str, base_dir: str = "R") -> str:
    """One logical line (no newline) to the visual order a left-to-right terminal shows.

    The Unicode bidi algorithm with paragraph level 1 (``base_dir="R"``) or 0 (``"L"``), see
    :mod:`readcli.render.bidi`. The result holds no control characters: C0/C1 controls and
    escape sequences are visible placeholders, bidi controls have been applied and removed.
    """
    if _LOGICAL.get():
        return visible(line)
    return bidi.reorder(prepare(line), 1 if base_dir == "R" else 0)


def display_width(logical: str) -> int:
    """Terminal cells the text takes once shaped (ligatures such as لا take one cell) and its
    controls made visible."""
    if _LOGICAL.get():
        return cell_len(visible(logical))
    logical = inert(logical)
    return cell_len(shape(logical)) if has_rtl(logical) else cell_len(logical)


def _split_long_word(word: str, width: int) -> list[str]:
    pieces, current = [], ""
    for char in word:
        if current and display_width(current + char) > width:
            pieces.append(current)
            current = char
        else:
            current += char
    if current:
        pieces.append(current)
    return pieces


def _shaped(text: str) -> str:
    return shape(text) if has_rtl(text) and not _LOGICAL.get() else text


def _wrap(text: str, width: int) -> list[tuple[str, str]]:
    """(logical line, its shaped form) pairs; see :func:`wrap_logical`.

    Under :func:`logical_order`: (logical line, the same line made visible), measured unshaped.
    """
    width = max(1, width)
    logical = _LOGICAL.get()
    if logical:
        text = visible(text)
    else:
        text = inert(text)
    words = text.split()
    # Shaping never joins across a space, so one reshape of the whole text gives every word's
    # shaped form (the reshaper is slow per call); the shaped line is the shaped words joined.
    shaped = shape(text).split() if has_rtl(text) and not logical else words
    if len(shaped) != len(words):  # a word that shapes to nothing (a lone ZWJ)
        shaped = [_shaped(word) for word in words]
    lines: list[tuple[str, str]] = []
    current: list[str] = []
    current_shaped: list[str] = []
    current_width = 0

    def flush() -> None:
        if current:
            lines.append((" ".join(current), " ".join(current_shaped)))

    for word, form in zip(words, shaped):
        word_width = cell_len(form)
        if word_width > width:
            flush()
            *full, last = _split_long_word(word, width)
            lines.extend((piece, _shaped(piece)) for piece in full)
            current, current_shaped = [last], [_shaped(last)]
            current_width = cell_len(current_shaped[0])
            continue
        needed = word_width if not current else current_width + 1 + word_width
        if needed > width:
            flush()
            current, current_shaped, current_width = [word], [form], word_width
        else:
            current.append(word)
            current_shaped.append(form)
            current_width = needed
    flush()
    return lines


def wrap_logical(text: str, width: int) -> list[str]:
    """Wrap logical text into lines of at most ``width`` cells once shaped.

    Whitespace is folded; a word wider than the line is split between characters. Controls are
    made visible first (:func:`readcli.render.safe.inert`), so the lines are measured as shown.
    """
    return [logical for logical, _ in _wrap(text, width)]


def rtl_lines(text: str, width: int, *, align: str = "right", base_dir: str | None = None) -> list[str]:
    """Logical paragraph text to visual lines, each exactly ``width`` cells or less.

    ``base_dir``: "R" or "L"; by default :func:`paragraph_direction` of ``text``.
    ``align="right"`` pads each line of a right-to-left paragraph on the left to ``width`` (the
    reading edge of Arabic); a left-to-right paragraph is never padded.
    A line whose shaped text still measures wider than the width (characters the width tables
    count differently) is left unpadded rather than cut. Each line is what :func:`to_visual`
    gives for the wrapped logical line (reshaped once per paragraph, not once per line).
    """
    if base_dir is None:
        base_dir = paragraph_direction(text)
    if _LOGICAL.get():
        return [shaped for _, shaped in _wrap(text, width)]
    level = 1 if base_dir == "R" else 0
    out = []
    for _, shaped in _wrap(text, width):
        visual = bidi.reorder(shaped, level)
        if align == "right" and level == 1:
            visual = " " * max(0, width - cell_len(visual)) + visual
        out.append(visual)
    return out
