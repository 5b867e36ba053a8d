"""Run readcli in a subprocess with stdout or stderr on a real pseudo-terminal."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios


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
    """(what readcli wrote to the terminal, what it wrote to the other stream).

    ``stdin_tty`` puts stdin on the terminal too (needed by pagers), and ``keys`` are typed
    there once the output goes quiet (``b"q"`` quits less). Exit 0 is asserted when ``check``.
    """
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    environment = {**os.environ, "COLUMNS": str(columns), "TERM": "xterm-256color", **(env or {})}
    environment.pop("NO_COLOR", None)
    for name, value in (env or {}).items():
        if value is None:
            environment.pop(name, None)
    if pty_stream == "stdout":
        streams = {"stdout": slave, "stderr": subprocess.PIPE}
    else:
        streams = {"stdout": subprocess.PIPE, "stderr": slave}
    if stdin_tty:
        streams["stdin"] = slave
    proc = subprocess.Popen([sys.executable, "-m", "readcli", *args], env=environment, **streams)
    os.close(slave)
    chunks = []
    while True:
        ready, _, _ = select.select([master], [], [], 3 if keys else 20)
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
    other = (proc.stderr if pty_stream == "stdout" else proc.stdout).read().decode("utf-8")
    proc.wait(timeout=60)
    os.close(master)
    if check:
        assert proc.returncode == 0, other
    return b"".join(chunks).decode("utf-8", "replace"), other


def strip_ansi(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", text).replace("\r", "")
