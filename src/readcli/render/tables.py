"""Tables for the terminal."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text

from readcli.render.console import stdout_console
from readcli.render.rtl import display_width, has_rtl, to_visual


def truncate_logical(text: str, width: int) -> str:
    """Cut logical text to ``width`` shaped cells, marking the cut with an ellipsis."""
    if display_width(text) <= width:
        return text
    words, out = text.split(), ""
    for word in words:
        candidate = f"{out} {word}".strip()
        if display_width(candidate) > width - 1:
            break
        out = candidate
    return (out or text[: max(1, width - 1)]) + "…"


def rtl_cell(text: str, width: int, terminal: bool) -> Text:
    """A table cell: truncated in logical order, then shaped and reordered for a terminal."""
    cut = truncate_logical(text, width)
    if terminal and has_rtl(cut):
        return Text(to_visual(cut), justify="right", no_wrap=True)
    return Text(cut, no_wrap=True)


def print_article_table(rows: list[dict], *, terminal: bool) -> None:
    console = stdout_console()
    title_width = max(20, console.width - 40)
    table = Table(show_edge=False, pad_edge=False, header_style="bold")
    table.add_column("id", no_wrap=True)
    table.add_column("title", no_wrap=True, max_width=title_width)
    table.add_column("sentences", justify="right")
    table.add_column("words", justify="right")
    table.add_column("translated", justify="center")
    for row in rows:
        table.add_row(
            row["id"],
            rtl_cell(row["title"], title_width, terminal),
            str(row["sentences"]),
            str(row["words"]),
            "yes" if row["translated"] else "no",
        )
    console.print(table, crop=False)
