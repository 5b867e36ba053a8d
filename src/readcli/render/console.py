"""Rich consoles for stdout and stderr, made on demand."""

from __future__ import annotations

import sys

from rich.console import Console


def stdout_console(width: int | None = None) -> Console:
    return Console(file=sys.stdout, width=width, highlight=False, emoji=False, markup=False)


def stderr_console() -> Console:
    return Console(file=sys.stderr, highlight=False, emoji=False, markup=False)
