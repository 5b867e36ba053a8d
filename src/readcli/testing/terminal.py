"""The one pseudo-terminal runner: a command with its stdout (or stderr) on a real pty
(:func:`run_on_pty`), or a whole interactive session on one (:class:`PtySession`: read as it
writes, type into it, interrupt it).

Used by the tests (``tests/pty_run.py`` runs readcli with it; the reader's and the learner's
interactive tests drive sessions) and the benchmarks (``bench/startup.py``,
``bench/bidi_reference.py``).
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import subprocess
import termios
import time
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
    master, slave = _open_pty(columns, 40)
    environment = _environment(env, columns)
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


def _open_pty(columns: int, rows: int) -> tuple[int, int]:
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    return master, slave


def _environment(env: dict | None, columns: int, rows: int | None = None) -> dict:
    """The process's environment, ``TERM=xterm-256color``, ``COLUMNS`` (and ``LINES``) set,
    ``NO_COLOR`` dropped, then ``env`` (a value of None removes that variable)."""
    environment = {**os.environ, "COLUMNS": str(columns), "TERM": "xterm-256color"}
    if rows is not None:
        environment["LINES"] = str(rows)
    environment.pop("NO_COLOR", None)
    for name, value in (env or {}).items():
        if value is None:
            environment.pop(name, None)
        else:
            environment[name] = value
    return environment


def default_sigint() -> None:
    """For ``Popen(preexec_fn=...)``: Ctrl-C acts as on a terminal even when the caller ignores
    SIGINT (a background job of a non-interactive shell inherits SIGINT ignored)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


class PtySession:
    """``command`` with stdin, stdout and stderr on a new pseudo-terminal ``columns`` × ``rows``,
    in a session of its own: read what it writes (:meth:`read_until`), type (:meth:`send`),
    Ctrl-C it (:meth:`interrupt`), wait for its exit (:meth:`finish`). ``env`` as for
    :func:`run_on_pty`."""

    def __init__(self, command: list[str], *, columns: int = 80, rows: int = 24, env: dict | None = None):
        self.master, slave = _open_pty(columns, rows)
        self.proc = subprocess.Popen(command, stdin=slave, stdout=slave, stderr=slave,
                                     env=_environment(env, columns, rows), start_new_session=True,
                                     preexec_fn=default_sigint)
        os.close(slave)
        self.data = b""

    @property
    def text(self) -> str:
        return self.data.decode("utf-8", "replace")

    def read_until(self, predicate, timeout: float = 30.0) -> bool:
        """Read until ``predicate(text so far)`` holds (True), the terminal closes or ``timeout``
        seconds pass (then the predicate's last answer)."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if predicate(self.text):
                return True
            ready, _, _ = select.select([self.master], [], [], 0.1)
            if ready:
                try:
                    chunk = os.read(self.master, 65536)
                except OSError:
                    return predicate(self.text)
                if not chunk:
                    return predicate(self.text)
                self.data += chunk
        return predicate(self.text)

    def send(self, keys: bytes) -> None:
        os.write(self.master, keys)

    def interrupt(self) -> None:
        """SIGINT, as Ctrl-C would send it."""
        self.proc.send_signal(signal.SIGINT)

    def finish(self, timeout: float = 30.0) -> int:
        """Read until the command exits, then what is left; its exit status."""
        self.read_until(lambda _: self.proc.poll() is not None, timeout)
        self.read_until(lambda _: False, 0.5)  # what is left in the pty
        code = self.proc.wait(timeout=10)
        os.close(self.master)
        return code
