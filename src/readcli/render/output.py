"""The one output path for results: :func:`emit` in the chosen format.

The output contract, decided here and nowhere else (:func:`output_format`): on a terminal, the
human view (the view's ``terminal`` format: ``table`` or ``text``); on a pipe or a file, its
``pipe`` format (a machine-readable ``tsv``, no header, the column order of the command's
:class:`View` in :mod:`readcli.render.views`, or logical ``text``); an explicit ``--format``
always wins. Only the table view shapes and reorders Arabic, and only it
passes data through :func:`readcli.render.safe.visible`: tsv, csv and jsonl carry the original
logical text, never cut.

The table never drops or cuts a value: it is sized to the terminal with the wide text columns
wrapped (Arabic wrapped in logical order, then each line shaped and reordered); when even that
cannot fit (very narrow terminals) each row is shown as a block of ``name: value`` lines.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, NamedTuple

from readcli.errors import UsageError

# Kept lazy (start-up: `--help` and `show` on a pipe load this module, not these; bench/startup.py):
# render.formats (csv, json), render.safe, render.rtl (bidi tables, rich.cells), render.console (rich).

MACHINE_FORMATS = ("tsv", "csv", "jsonl")
MIN_WRAP = 8  # a wrapped column narrower than this is unreadable: switch to the record layout
GAP = 2  # cells between table columns
# The one bidi control readcli adds itself, in the `terminal` bidi mode (data's own are made
# visible): a left-to-right mark at the start of a table row and after each Arabic cell, so a
# terminal that lays out bidi text itself keeps the row left to right and the columns in order
# (mlterm draws isolates, U+2066-U+2069, as boxes).
LRM = "\u200e"


class Column(NamedTuple):
    """One column of a view: its key in the rows, and how the table shows it."""

    name: str
    rtl: bool = False  # Arabic: wrapped logically, shaped and reordered, right-aligned
    wrap: bool = False  # may be wrapped to fit the terminal (otherwise always full width)
    justify: str = "left"
    header: str | None = None
    cut: bool = False  # one line in the table, cut with … (list's titles); machine formats keep it all


class View(NamedTuple):
    """A command's columns: the tsv/csv column order, the table's layout, its default formats."""

    columns: tuple[Column, ...]
    formats: tuple[str, ...] = ("table", *MACHINE_FORMATS)
    table: tuple[str, ...] | None = None  # the table's columns (default: all)
    terminal: str = "table"  # the format on a terminal when --format is not given
    pipe: str = "tsv"  # ... and on a pipe or a file

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def table_columns(self) -> tuple[Column, ...]:
        if self.table is None:
            return self.columns
        by_name = {c.name: c for c in self.columns}
        return tuple(by_name[name] for name in self.table)


def output_format(env, requested: str | None, view: View, *, command: str = "this command",
                  render: bool = False) -> str:
    """The format to write: ``requested`` if given (and the view has it), else the view's
    default for where stdout goes (a terminal, or ``render``: as if it were one; or not)."""
    if requested is not None:
        if requested not in view.formats:
            raise UsageError(f"{command} has no --format {requested} (choose {'|'.join(view.formats)})")
        return requested
    return view.terminal if env.stdout_isatty or render else view.pipe


def cell_text(value: Any) -> str:
    """A value as display text (lists comma-joined, booleans yes/no, None empty)."""
    from readcli.render.formats import tsv_field

    return tsv_field(value)


Rows = Iterable[Mapping[str, Any]]


def emit(
    env, rows: Rows, view: View, fmt: str | None = None, *, width: int | None = None,
    human: Callable[[list], None] | None = None, text: Callable[[Rows, Any, str], None] | None = None,
    command: str = "this command", render: bool = False,
) -> None:
    """Write ``rows`` to ``env.stdout``: ``fmt`` (``--format``) if given, else the view's default
    for a terminal or a pipe (:func:`output_format`); ``render`` (``show --render``) asks for the
    terminal's view on a pipe too.

    tsv, csv and jsonl are written here from the view's columns. The human format (``table``,
    or ``text`` on a terminal) is ``human(rows)`` when the command has its own terminal view,
    else the generic table; ``text`` off a terminal and ``md`` are ``text(rows, out, fmt)``,
    logical text. Commands never look at the terminal themselves.
    """
    fmt = output_format(env, fmt, view, command=command, render=render)
    out = env.stdout
    if fmt in MACHINE_FORMATS:
        from readcli.render import formats  # csv, json: only for the machine formats
    if fmt == "tsv":
        formats.write_tsv(rows, view.names, out)
    elif fmt == "csv":
        formats.write_csv(rows, view.names, out)
    elif fmt == "jsonl":
        formats.write_jsonl(rows, out)
    elif human is not None and (fmt == "table" or (fmt == "text" and (env.stdout_isatty or render))):
        human(list(rows))
    elif fmt == "table":
        print_table(env, list(rows), view, width=width)
    elif text is not None:
        text(rows, out, fmt)
    else:  # pragma: no cover - output_format guards this
        raise UsageError(f"unknown format {fmt!r}")
    out.flush()


# --- the human view ------------------------------------------------------------------------


def visible_text(text: str) -> str:
    from readcli.render.safe import visible

    return visible(text)


def _cell_width(text: str) -> int:
    """Cells the text takes on one line once shaped (ligatures such as لا take one cell)."""
    from readcli.render.rtl import display_width

    return display_width(text) if text else 0


def _wrap(text: str, width: int, column: Column) -> list[str]:
    """Visual lines of a cell at most ``width`` cells wide (Arabic: logical wrap, then reorder)."""
    from readcli.render.rtl import has_rtl, rtl_lines, wrap_logical
    from readcli.render.safe import visible

    if column.cut:
        lines = wrap_logical(text, max(1, width - 1))  # a cell of room for the ellipsis
        if len(lines) > 1:
            text = lines[0] + "…"
    if column.rtl or has_rtl(text):
        # rtl_lines makes the text safe itself, after the bidi algorithm has applied its controls.
        return rtl_lines(text, width, align="right" if column.rtl else "none") or [""]
    return textwrap.wrap(visible(text), width, break_long_words=True, break_on_hyphens=False) or [""]


def _layout(texts: list[list[str]], columns: Sequence[Column], total: int) -> list[int] | None:
    """Column widths that fit ``total`` cells, or None when the table cannot fit."""
    natural = [
        max([_cell_width(visible_text(row[i])) for row in texts] + [len(col.header or col.name)])
        for i, col in enumerate(columns)
    ]
    budget = total - GAP * (len(natural) - 1)
    if sum(natural) <= budget:
        return natural
    fixed = sum(w for w, col in zip(natural, columns) if not col.wrap)
    flexible = [i for i, col in enumerate(columns) if col.wrap]
    room = budget - fixed
    if not flexible or room < MIN_WRAP * len(flexible):
        return None
    widths = list(natural)
    # Share the room among the wrapped columns, giving narrow ones what they need first.
    for position, i in enumerate(sorted(flexible, key=lambda i: natural[i])):
        share = room // (len(flexible) - position)
        widths[i] = min(natural[i], share)
        room -= widths[i]
    return widths


def table_lines(rows: list[Mapping[str, Any]], view: View, total: int) -> list[tuple[str, str]]:
    """(style, line) pairs of the table (or record blocks) for a terminal ``total`` cells wide."""
    from rich.cells import cell_len

    from readcli.render.rtl import has_rtl, is_logical
    from readcli.render.safe import visible

    columns = view.table_columns
    texts = [[cell_text(row.get(c.name)) for c in columns] for row in rows]
    widths = _layout(texts, columns, total)
    if widths is None:
        return record_lines(texts, columns, total)
    out: list[tuple[str, str]] = []

    logical = is_logical()

    def line(cells: list[str]) -> str:
        parts = []
        for text, width, col in zip(cells, widths, columns):
            pad = " " * max(0, width - cell_len(text))
            if logical and has_rtl(text):
                text = text + LRM  # digits in the next column stay out of the Arabic run
            parts.append(pad + text if col.justify == "right" or col.rtl else text + pad)
        joined = (" " * GAP).join(parts).rstrip()
        # For a terminal doing its own bidi, the row is a left-to-right paragraph.
        return LRM + joined if logical and has_rtl(joined) else joined

    out.append(("bold", line([visible(c.header or c.name) for c in columns])))
    for cells in texts:
        wrapped = [_wrap(text, width, col) for text, width, col in zip(cells, widths, columns)]
        for k in range(max(len(w) for w in wrapped)):
            out.append(("", line([w[k] if k < len(w) else "" for w in wrapped])))
    return out


def record_lines(texts: list[list[str]], columns: Sequence[Column], total: int) -> list[tuple[str, str]]:
    """Each row as ``name: value`` lines (values wrapped), for terminals too narrow for a table."""
    from readcli.render.safe import visible

    label_width = max(len(c.header or c.name) for c in columns) + 2
    value_width = max(1, total - label_width)
    out: list[tuple[str, str]] = []
    for index, cells in enumerate(texts):
        if index:
            out.append(("", ""))
        for text, col in zip(cells, columns):
            label = visible(f"{col.header or col.name}:").ljust(label_width)
            lines = _wrap(text, value_width, col)
            out.append(("", label + lines[0]))
            out.extend(("", " " * label_width + extra) for extra in lines[1:])
    return out


def print_table(env, rows: list[Mapping[str, Any]], view: View, *, width: int | None = None) -> None:
    from readcli.render.console import print_lines

    if not rows:
        return
    print_lines(env, lambda total: table_lines(rows, view, total), width=width)
