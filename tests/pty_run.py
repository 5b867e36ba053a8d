"""Run readcli in a subprocess with stdout or stderr on a real pseudo-terminal (one runner:
readcli.testing.terminal)."""

from __future__ import annotations

import re
import sys

from readcli.testing.terminal import run_on_pty


def run_with_pty(
    args: list[str],
    *,
    pty_stream: str = "stdout",
    columns: int = 100,
    stdin_tty: bool = False,
    keys: bytes = b"",
    env: dict | None = None,
    check: bool = True,
) -> tuple[str, str]:
    """(what ``readcli args`` wrote to the terminal, what it wrote to the other stream), through
    the one pty runner (:func:`readcli.testing.terminal.run_on_pty`). Exit 0 is asserted when
    ``check``."""
    run = run_on_pty([sys.executable, "-m", "readcli", *args], pty_stream=pty_stream, columns=columns,
                     stdin_tty=stdin_tty, keys=keys, env=env, quiet_seconds=20)
    if check:
        assert run.code == 0, run.other
    return run.screen, run.other


def strip_ansi(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", text).replace("\r", "")
