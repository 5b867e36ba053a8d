"""Right-to-left lines with some words styled: unknown words in ``show --unknown``, the word
studied in its sentence.

The words to style are given by their index among the paragraph's whitespace-separated words
(logical order). Each line is wrapped and shaped as :func:`readcli.render.rtl.rtl_lines` does it,
then reordered here while keeping track of where each character came from, so the style lands on
the word wherever the bidi algorithm puts it.

Style: underline on a colour terminal; bold when ``NO_COLOR`` is set (https://no-color.org/:
no colour, and some terminals draw an underline through Arabic letters' descenders, so the
plain-terminal fallback is the weight).
"""

from __future__ import annotations

import os

from rich.cells import cell_len
from rich.text import Text

from readcli.render import bidi, rtl
from readcli.render.safe import inert, visible


def mark_style() -> str:
    """The style of a marked word: ``underline``, or ``bold`` under ``NO_COLOR``."""
    return "bold" if os.environ.get("NO_COLOR") else "underline"


def marked_lines(text: str, width: int, marked: set[int], *, style: str | None = None,
                 align: str = "right") -> list[Text]:
    """The visual lines of a logical paragraph, ``width`` cells at most, with the words whose
    index (among ``text.split()``) is in ``marked`` styled: :func:`readcli.render.rtl.rtl_lines`
    with styles (logical lines under :func:`readcli.render.rtl.logical_order`)."""
    style = style or mark_style()
    terminal_lays_out = rtl.is_logical()  # the terminal lays right-to-left text out itself
    level = 1 if rtl.paragraph_direction(text) == "R" else 0
    words = (visible(text) if terminal_lays_out else inert(text)).split()
    out: list[Text] = []
    index, rest = 0, None
    for logical, shaped in rtl._wrap(text, width):
        flags: list[bool] = []
        for piece in logical.split():
            if rest is None:
                rest = words[index] if index < len(words) else piece
            flags.append(index in marked)
            if piece == rest or not rest.startswith(piece):
                index, rest = index + 1, None
            else:
                rest = rest[len(piece):]  # a word wider than the line, split between characters
        shaped_words = shaped.split(" ")
        char_flags: list[bool] = []
        if len(shaped_words) == len(flags):
            for number, (word, flag) in enumerate(zip(shaped_words, flags)):
                if number:
                    char_flags.append(False)
                char_flags.extend([flag] * len(word))
        else:
            char_flags = [False] * len(shaped)
        if terminal_lays_out:
            visual, origin = shaped, list(range(len(shaped)))
        else:
            visual, origin = bidi.reorder_indexed(shaped, level)
        pad = " " * max(0, width - cell_len(visual)) if align == "right" and level == 1 and not terminal_lays_out else ""
        line = Text(pad + visual)
        offset = len(pad)
        position = 0
        while position < len(origin):
            if char_flags[origin[position]]:
                end = position
                while end < len(origin) and char_flags[origin[end]]:
                    end += 1
                line.stylize(style, offset + position, offset + end)
                position = end
            else:
                position += 1
        out.append(line)
    return out
