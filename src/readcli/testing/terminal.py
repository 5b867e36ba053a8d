"""The one pseudo-terminal runner: a command with its stdout (or stderr) on a real pty.

Used by the tests (``tests/pty_run.py`` runs readcli with it) and the benchmarks
(``bench/startup.py``, ``bench/bidi_reference.py``).
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import termios
from typing import NamedTuple


class PtyRun(NamedTuple):
    screen: str  # what the command wrote to the terminal
    other: str  # what it wrote to the other stream (stderr, or stdout with pty_stream="stderr")
    code: int  # its exit status


def run_on_pty(
    command: list[str],
    *,
    pty_stream: str = "stdout",
    columns: int = 100,
    stdin_tty: bool = False,
    keys: bytes = b"",
    env: dict | None = None,
    cwd=None,
    quiet_seconds: float = 30,
) -> PtyRun:
    """Run ``command`` with ``pty_stream`` on a new pseudo-terminal ``columns`` wide, read until
    it closes (or is quiet for ``quiet_seconds``).

    ``env`` is added to the process's environment (``TERM=xterm-256color`` and ``COLUMNS`` set,
    ``NO_COLOR`` dropped); a value of None removes that variable. ``stdin_tty`` puts stdin on the
    terminal too (needed by pagers), and ``keys`` are typed there once the output goes quiet
    (``b"q"`` quits less).
    """
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    environment = {**os.environ, "COLUMNS": str(columns), "TERM": "xterm-256color"}
    environment.pop("NO_COLOR", None)
    for name, value in (env or {}).items():
        if value is None:
            environment.pop(name, None)
        else:
            environment[name] = value
    if pty_stream == "stdout":
        streams = {"stdout": slave, "stderr": subprocess.PIPE}
    else:
        streams = {"stdout": subprocess.PIPE, "stderr": slave}
    if stdin_tty:
        streams["stdin"] = slave
    proc = subprocess.Popen(command, env=environment, cwd=cwd, **streams)
    os.close(slave)
    chunks = []
    while True:
        ready, _, _ = select.select([master], [], [], 3 if keys else quiet_seconds)
        if not ready:
            if keys:
                os.write(master, keys)
                keys = b""
                continue
            break
        try:
            data = os.read(master, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    other = (proc.stderr if pty_stream == "stdout" else proc.stdout).read().decode("utf-8", "replace")
    code = proc.wait(timeout=60)
    os.close(master)
    return PtyRun(b"".join(chunks).decode("utf-8", "replace"), other, code)
