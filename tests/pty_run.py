"""Run readcli in a subprocess with stdout or stderr on a real pseudo-terminal (one runner:
readcli.testing.terminal)."""

from __future__ import annotations

import re
import sys

from readcli.testing.terminal import run_on_pty


def run_with_pty(args: list[str], *, check: bool = True, **options) -> tuple[str, str]:
    """(what ``readcli args`` wrote to the terminal, what it wrote to the other stream), through
    the one pty runner (:func:`readcli.testing.terminal.run_on_pty`, whose ``options`` these are:
    pty_stream, columns, stdin_tty, keys, env). Exit 0 is asserted when ``check``."""
    options.setdefault("quiet_seconds", 20)
    run = run_on_pty([sys.executable, "-m", "readcli", *args], **options)
    if check:
        assert run.code == 0, run.other
    return run.screen, run.other


def strip_ansi(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", text).replace("\r", "")
