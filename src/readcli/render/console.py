"""Rich consoles for stdout and stderr, made on demand."""

from __future__ import annotations

import sys

from rich.console import Console


def stdout_console(width: int | None = None) -> Console:
    return Console(file=sys.stdout, width=width, highlight=False, emoji=False, markup=False)


def stderr_console() -> Console:
    return Console(file=sys.stderr, highlight=False, emoji=False, markup=False)


def print_screen(
    header: str, lines, *, width: int | None = None, pager: bool = False
) -> None:
    """A dim header rule, then pre-rendered lines printed as they are (never re-wrapped).

    ``lines`` are ``(style, text)`` pairs or plain strings, already shaped, reordered and padded to
    the width by the caller; ``pager`` shows them through the pager (less -R).
    """
    from rich.rule import Rule
    from rich.text import Text

    console = stdout_console(width)

    def emit() -> None:
        console.print(Rule(header, style="dim"))
        for line in lines:
            style, text = line if isinstance(line, tuple) else ("", line)
            console.print(Text(text, style=style), no_wrap=True, overflow="ignore", crop=False, soft_wrap=True)

    if pager:
        with console.pager(styles=True):
            emit()
    else:
        emit()


def screen_width(width: int | None) -> int:
    """The width to lay lines out for: ``--width`` or the terminal's."""
    return width or stdout_console().width
