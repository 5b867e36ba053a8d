"""Rich consoles on the environment's streams, screen width, and the pager."""

from __future__ import annotations

import os
import shutil
import subprocess

from rich.console import Console
from rich.pager import Pager



# Like git: when the user has no LESS, page with -F (quit if one screen), -R (show colours, not
# raw escape codes), -X (leave the text on the screen).
LESS_DEFAULT = "FRX"


def stdout_console(env, width: int | None = None) -> Console:
    """A console on stdout ``width`` cells wide (default :meth:`Environment.screen_width`);
    styles only where :attr:`Environment.styled` says, colour not under ``NO_COLOR``."""
    styled = env.styled
    return Console(
        file=env.stdout, width=env.screen_width(width), highlight=False, emoji=False, markup=False,
        force_terminal=styled, color_system="auto" if styled else None, no_color=env.no_color,
    )


def stderr_console(env) -> Console:
    return Console(file=env.stderr, highlight=False, emoji=False, markup=False)


def screen_width(width: int | None, env) -> int:
    """The width to lay lines out for: ``--width`` or the terminal's (see
    :meth:`Environment.screen_width`)."""
    return env.screen_width(width)


def print_lines(env, lines, *, width: int | None = None, header: str | None = None, pager: bool = False) -> None:
    """An optional dim header rule, then pre-rendered lines printed as they are (never re-wrapped).

    ``lines`` are ``(style, text)`` pairs or plain strings, already made safe, shaped, reordered
    and padded by the caller, or a function of the screen width that makes them (then they are
    made inside the environment's bidi view, so that the ``terminal`` bidi mode gets logical
    text); ``pager`` shows them through the pager (``less``, with ``LESS=FRX`` when the user has
    not set ``LESS``). All of it happens inside :meth:`Environment.bidi_view`: the terminal is in
    explicit bidi mode from before the first line (before the pager starts) until after the last
    one (after the pager quits).
    """
    with env.bidi_view():
        if callable(lines):
            lines = lines(screen_width(width, env))
        _print_lines(env, lines, width=width, header=header, pager=pager)


def _print_lines(env, lines, *, width: int | None, header: str | None, pager: bool) -> None:
    from rich.rule import Rule
    from rich.text import Text

    console = stdout_console(env, width)

    def write() -> None:
        if header is not None:
            from readcli.render.safe import visible  # start-up: only for a header (`known list` on a terminal has none)

            console.print(Rule(visible(header), style="dim"))
        for line in lines:
            style, text = line if isinstance(line, tuple) else ("", line)
            if isinstance(text, Text):  # a line with styled spans (render/marked.py)
                text = text.copy()
                text.stylize(style)
            else:
                text = Text(text, style=style)
            console.print(text, no_wrap=True, overflow="ignore", crop=False, soft_wrap=True)

    if pager:
        with console.pager(pager=LessPager(env), styles=True):
            write()
    else:
        write()


def print_screen(env, header: str, lines, *, width: int | None = None, pager: bool = False) -> None:
    """A dim header rule, then the lines (see :func:`print_lines`)."""
    print_lines(env, lines, width=width, header=header, pager=pager)


class LessPager(Pager):
    """Pages through ``$MANPAGER``, ``$PAGER`` or ``less``, like git: ``LESS=FRX`` unless set.

    Without a pager (none installed) or off a terminal, the text is written as it is.
    """

    def __init__(self, env) -> None:
        self.env = env

    def command(self) -> str | None:
        chosen = os.environ.get("MANPAGER") or os.environ.get("PAGER")
        if chosen:
            return chosen
        return "less" if shutil.which("less") else None

    def show(self, content: str) -> None:
        command = self.command()
        if command is None or not (self.env.stdout_isatty and self.env.stdin_isatty):
            self.env.stdout.write(content)
            return
        environment = {**os.environ}
        environment.setdefault("LESS", LESS_DEFAULT)
        self.env.stdout.flush()
        process = subprocess.Popen(
            command, shell=True, stdin=subprocess.PIPE, env=environment, encoding="utf-8", errors="replace"
        )
        try:
            with process.stdin as pipe:
                pipe.write(content)
        except (BrokenPipeError, OSError):
            pass  # the user quit the pager before the end
        except KeyboardInterrupt:
            pass  # the pager has the terminal; it handles Ctrl-C itself
        while True:
            try:
                process.wait()
                break
            except KeyboardInterrupt:
                continue

