"""The process's streams and what each is connected to (after httpie's ``Environment``).

Every command writes through one :class:`Environment`, made when the command runs (so CliRunner
tests see their own streams). It answers the one question the output contract turns on, "is this
stream a terminal?", in one place, and its stdout turns write failures into errors a user can read:
a closed pipe stays a ``BrokenPipeError`` (the CLI ends quietly), any other failure (a full disk,
an I/O error) becomes one :class:`OutputError` line.
"""

from __future__ import annotations

import errno
import os
import sys
from dataclasses import dataclass
from typing import IO

from readcli.errors import ReadcliError


class OutputError(ReadcliError):
    """Standard output cannot be written (full disk, I/O error): one line, exit 1."""


def _isatty(stream) -> bool:
    try:
        return bool(stream is not None and stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


def describe_os_error(error: OSError) -> str:
    """A short, lower-case reason for an OSError (``no space left on device``)."""
    if error.errno is not None:
        return os.strerror(error.errno).lower()
    return str(error) or type(error).__name__


class GuardedStream:
    """A text stream whose write failures are user errors, except a closed pipe."""

    def __init__(self, stream: IO[str], name: str):
        self._stream = stream
        self._name = name

    def _failed(self, error: OSError):
        if isinstance(error, BrokenPipeError) or error.errno == errno.EPIPE:
            raise BrokenPipeError(errno.EPIPE, "broken pipe") from None
        raise OutputError(f"cannot write to {self._name}: {describe_os_error(error)}") from None

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except OSError as error:
            self._failed(error)

    def flush(self) -> None:
        try:
            self._stream.flush()
        except OSError as error:
            self._failed(error)

    def __getattr__(self, name):
        return getattr(self._stream, name)


@dataclass
class Environment:
    stdin: IO[str]
    stdout: IO[str]
    stderr: IO[str]
    stdin_isatty: bool
    stdout_isatty: bool
    stderr_isatty: bool

    @classmethod
    def from_process(cls) -> "Environment":
        """The current ``sys`` streams (read at call time, never at import time)."""
        return cls(
            stdin=sys.stdin,
            stdout=GuardedStream(sys.stdout, "standard output"),
            stderr=sys.stderr,
            stdin_isatty=_isatty(sys.stdin),
            stdout_isatty=_isatty(sys.stdout),
            stderr_isatty=_isatty(sys.stderr),
        )

    def read_stdin_bytes(self) -> bytes:
        stream = self.stdin
        if stream is None:
            return b""
        return stream.buffer.read() if hasattr(stream, "buffer") else stream.read().encode("utf-8")
