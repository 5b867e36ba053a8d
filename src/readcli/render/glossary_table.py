"""Terminal tables for ``readcli lookup`` and ``readcli glossary``: Arabic cells shaped, RTL."""

from __future__ import annotations

from rich.table import Table

from readcli.render.console import stdout_console
from readcli.render.tables import rtl_cell


def print_lookup_table(rows: list[dict], *, terminal: bool) -> None:
    console = stdout_console()
    table = Table(show_edge=False, pad_edge=False, header_style="bold")
    for name in ("word", "segmentation", "lemma", "pos", "gloss"):
        table.add_column(name, no_wrap=name != "gloss", justify="right" if name in ("word", "segmentation", "lemma") else "left")
    for row in rows:
        table.add_row(
            rtl_cell(row["word"], 30, terminal),
            rtl_cell(row["segmentation"], 30, terminal),
            rtl_cell(row["lemma"], 30, terminal),
            row["pos"],
            row["gloss"],
        )
    console.print(table, crop=False)


def print_glossary_table(rows: list[dict], *, terminal: bool) -> None:
    console = stdout_console()
    term_width = max(12, min(30, console.width // 4))
    table = Table(show_edge=False, pad_edge=False, header_style="bold")
    table.add_column("term", no_wrap=True, justify="right", max_width=term_width)
    table.add_column("english", overflow="fold", ratio=1)
    table.add_column("count", justify="right")
    table.add_column("articles", overflow="fold")
    table.add_column("source", no_wrap=True)
    for row in rows:
        table.add_row(
            rtl_cell(row["term"], term_width, terminal),
            row["english"],
            str(row["count"]),
            ",".join(row["articles"]),
            row["source"],
        )
    console.print(table, crop=False)
