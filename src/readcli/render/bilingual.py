"""Arabic and English side by side, one sentence pair per row, for a terminal.

English on the left, Arabic on the right (its reading edge). Each cell is wrapped in *logical*
order first; the Arabic lines are then shaped and reordered one by one (:func:`rtl_lines`), never
wrapped after reordering. Pipes get tsv instead (see :func:`write_pairs_tsv`), in logical order.
"""

from __future__ import annotations

import textwrap
from typing import IO

from rich.cells import cell_len

from readcli.render.console import print_screen
from readcli.render.output import LRM
from readcli.render.rtl import has_rtl, is_logical, rtl_lines, to_visual, wrap_logical
from readcli.render.safe import visible

GUTTER = " │ "
NUMBER_WIDTH = 4


def column_widths(total: int) -> tuple[int, int]:
    """(english, arabic) widths for a line of ``total`` cells."""
    usable = max(20, total - NUMBER_WIDTH - cell_len(GUTTER))
    english = usable // 2
    return english, usable - english


def pair_lines(number: int, english: str, arabic: str, total: int) -> list[str]:
    """The visual lines of one sentence pair, each at most ``total`` cells."""
    en_width, ar_width = column_widths(total)
    if has_rtl(english):
        # Arabic copied through (names the model did not know): wrap logically, then shape and
        # reorder each line with a left-to-right base direction.
        left = [to_visual(line, base_dir="L") for line in wrap_logical(english, en_width)] or [""]
    else:
        left = textwrap.wrap(visible(english), en_width, break_long_words=True, break_on_hyphens=False) or [""]
    right = rtl_lines(arabic, ar_width) if arabic else [""]
    logical = is_logical()
    if logical:
        # Logical text for a terminal that lays it out: each line right-aligned in its column by
        # padding before it, and the row kept left to right by a left-to-right mark (the same as
        # the tables, readcli.render.output.LRM).

        right = [" " * max(0, ar_width - cell_len(line)) + line for line in right]
    height = max(len(left), len(right))
    lines = []
    for row in range(height):
        label = f"{number:>{NUMBER_WIDTH - 1}} " if row == 0 else " " * NUMBER_WIDTH
        en = left[row] if row < len(left) else ""
        ar = right[row] if row < len(right) else " " * ar_width
        line = label + en + " " * max(0, en_width - cell_len(en)) + GUTTER + ar
        lines.append(LRM + line if logical else line)
    return lines


def bilingual_lines(records, total: int) -> list[str]:
    out: list[str] = []
    for record in records:
        if out:
            out.append("")
        out.extend(pair_lines(record.sentence, record.en, record.ar, total))
    return out


def print_bilingual(env, article_id: str, records, *, width: int | None = None, pager: bool = False) -> None:
    header = f"{article_id} · {len(records)} sentences · English │ Arabic"
    print_screen(env, header, lambda total: bilingual_lines(records, total), width=width, pager=pager)


def write_pairs_tsv(records, out: IO[str]) -> None:
    """sentence, ar, en; logical text, no header."""
    from readcli.render.formats import write_tsv  # start-up: csv, json only for a tsv of pairs

    write_tsv((r.as_dict() for r in records), ["sentence", "ar", "en"], out)
