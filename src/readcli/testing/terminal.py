"""Run a command with its stdout on a pseudo-terminal and read it all (for start-up benchmarks)."""

from __future__ import annotations

import os
import pty
import subprocess


def run_on_pty(command: list[str], *, cwd=None, env: dict | None = None) -> int:
    """Run ``command`` with stdout on a new pseudo-terminal, read until it closes; the exit code."""
    master, slave = pty.openpty()
    proc = subprocess.Popen(command, stdout=slave, stderr=subprocess.DEVNULL, cwd=cwd, env=env)
    os.close(slave)
    while True:
        try:
            if not os.read(master, 65536):
                break
        except OSError:
            break
    code = proc.wait()
    os.close(master)
    return code
