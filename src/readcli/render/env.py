"""The process's streams and what each is connected to (after httpie's ``Environment``).

Every command writes through one :class:`Environment`, made when the command runs (so CliRunner
tests see their own streams). It answers the one question the output contract turns on, "is this
stream a terminal?", in one place, and its stdout turns write failures into errors a user can read:
a closed pipe stays a ``BrokenPipeError`` (the CLI ends quietly), any other failure (a full disk,
an I/O error) becomes one :class:`OutputError` line.

It also owns what the terminal needs around laid-out Arabic: :meth:`Environment.bidi_view`,
the one mechanism every terminal view runs in (the BDSM handshake of the terminal-wg bidi
recommendation, or logical text for terminals that lay it out themselves; docs/terminals.md),
and the width and style rules (:meth:`Environment.screen_width`, :attr:`Environment.styled`).
Messages to the user go through it too (:meth:`Environment.error`, :meth:`~Environment.warning`,
:meth:`~Environment.note`, :meth:`~Environment.status`), each one safe line on stderr (after
httpie's ``log_error``).
"""

from __future__ import annotations

import errno
import os
import sys
from dataclasses import dataclass
from typing import IO

from readcli.arabic import is_arabic
from readcli.errors import InputError, ReadcliError
from readcli.render.terminals import EXPLICIT, IMPLICIT, choose

# Kept lazy (start-up: not on every command's path; bench/startup.py): render.safe and
# render.rtl (messages and bidi only), textio (standard input only).

MAX_ERROR = 400  # characters of a message line; data quoted in it is cut before this
PREFIXES = {"error": "readcli: error: ", "warning": "readcli: warning: ", "note": "readcli: ", "status": ""}


class OutputError(ReadcliError):
    """Standard output cannot be written (full disk, I/O error): one line, exit 1."""


def message_line(message: str, prefix: str = PREFIXES["error"]) -> str:
    """One safe line: controls made visible (never interpreted), whitespace folded, cut to
    :data:`MAX_ERROR` characters."""
    from readcli.render.safe import visible  # messages are rare: not on every start (bench/startup.py)

    text = " ".join(visible(" ".join(str(message).split())).split())
    if len(text) > MAX_ERROR:
        text = text[: MAX_ERROR - 1] + "…"
    return prefix + text


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


def warn_unencodable(name: str, encoding: str) -> None:
    """The one warning for a stream whose encoding cannot hold some characters."""
    try:
        sys.stderr.write(
            f"readcli: warning: {name} uses the {encoding} encoding: characters it cannot show are"
            " written as '?'; use a UTF-8 locale or PYTHONIOENCODING=utf-8\n"
        )
    except (OSError, ValueError):
        pass


class GuardedStream:
    """A text stream whose write failures are user errors, except a closed pipe."""

    def __init__(self, stream: IO[str], name: str):
        self._stream = stream
        self._name = name
        self._replacing = False  # characters the encoding lacks are being replaced (warned once)

    def _failed(self, error: OSError):
        if isinstance(error, BrokenPipeError) or error.errno == errno.EPIPE:
            raise BrokenPipeError(errno.EPIPE, "broken pipe") from None
        raise OutputError(f"cannot write to {self._name}: {describe_os_error(error)}") from None

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except OSError as error:
            self._failed(error)
        except UnicodeEncodeError:
            # An output encoding that is not UTF-8 (PYTHONIOENCODING=latin-1, a C locale...).
            encoding = getattr(self._stream, "encoding", None) or "ascii"
            if not self._replacing:
                self._replacing = True
                warn_unencodable(self._name, encoding)
            try:
                return self._stream.write(text.encode(encoding, "replace").decode(encoding))
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
    bidi_option: str | None = None  # --bidi (app, terminal, auto); None: $READCLI_BIDI or auto

    @property
    def term_dumb(self) -> bool:
        """``TERM=dumb``: a terminal that interprets no escape sequences (Emacs shell, some IDEs)."""
        return os.environ.get("TERM", "") == "dumb"

    @property
    def styled(self) -> bool:
        """Whether stdout gets styles (bold, dim, reverse, underline, and colour unless
        :attr:`no_color`): ``FORCE_COLOR`` (non-empty, not 0) always, otherwise only on a terminal
        that is not ``TERM=dumb``. So a ``--render`` file or a pipe gets none of them."""
        force = os.environ.get("FORCE_COLOR", "")
        if force and force != "0":
            return True
        return self.stdout_isatty and not self.term_dumb

    @property
    def no_color(self) -> bool:
        """``NO_COLOR`` (non-empty): no colour. As no-color.org says, it is about colour only:
        bold, dim, reverse and underline stay, so search hits and the reader's highlight still
        show."""
        return bool(os.environ.get("NO_COLOR", ""))

    def screen_width(self, requested: int | None = None) -> int:
        """Cells to lay lines out for: ``requested`` (``--width``), else the terminal's width;
        with ``TERM=dumb``, off a terminal, or when the size cannot be read: ``$COLUMNS``, else 80."""
        if requested:
            return requested
        if self.stdout_isatty and not self.term_dumb:
            try:
                columns = os.get_terminal_size(self.stdout.fileno()).columns
                if columns > 0:
                    return columns
            except (AttributeError, OSError, ValueError):
                pass
        value = os.environ.get("COLUMNS", "").strip()
        if value.isdigit() and int(value) > 0:
            return int(value)
        return 80

    @property
    def bidi(self):
        """Who lays out right-to-left text here (:class:`readcli.render.terminals.BidiChoice`),
        decided once, on first use."""
        choice = self.__dict__.get("_bidi")
        if choice is None:
            choice = self.__dict__["_bidi"] = choose(self.bidi_option)
        return choice

    def bidi_view(self, stream: str = "stdout") -> "_BidiView":
        """The one wrapper for every view that writes laid-out right-to-left text to a terminal.

        ``with env.bidi_view(): …render and write lines…``. On a terminal in ``app`` mode it
        sends ``CSI 8 l`` (explicit mode) before the first line and ``CSI 8 h`` on the way out,
        whatever the way out (end, error, Ctrl-C, SIGTERM/SIGHUP, a crash; the CLI's exit path
        and atexit restore anything left over); nested views send it once. In ``terminal`` mode
        the views inside render logical text (:func:`readcli.render.rtl.logical_order`) and
        nothing is sent. On a pipe or a file it does nothing. ``stream``: "stdout" or "stderr".
        """
        return _BidiView(self, stream)

    @classmethod
    def from_process(cls, bidi: str | None = None) -> "Environment":
        """The current ``sys`` streams (read at call time, never at import time)."""
        return cls(
            stdin=sys.stdin,
            stdout=GuardedStream(sys.stdout, "standard output"),
            stderr=sys.stderr,
            stdin_isatty=_isatty(sys.stdin),
            stdout_isatty=_isatty(sys.stdout),
            stderr_isatty=_isatty(sys.stderr),
            bidi_option=bidi,
        )

    def read_stdin_bytes(self) -> bytes:
        """Standard input's bytes, at most :data:`readcli.textio.MAX_TEXT_BYTES` (one line over it)."""
        from readcli.textio import MAX_TEXT_BYTES, size_text

        stream = self.stdin
        if stream is None:
            return b""
        if hasattr(stream, "buffer"):
            data = stream.buffer.read(MAX_TEXT_BYTES + 1)
        else:
            data = stream.read(MAX_TEXT_BYTES + 1).encode("utf-8")
        if len(data) > MAX_TEXT_BYTES:
            raise InputError(f"standard input: over the {size_text(MAX_TEXT_BYTES)} cap for one text")
        return data

    # --- messages: one line each on stderr, never raising --------------------------------------

    def log(self, message: str, level: str = "error") -> None:
        """``message`` as one line on stderr (never raises: stderr may be closed too). On a
        terminal, Arabic quoted in the line is laid out like every other terminal view (a
        left-to-right line: the message is English), inside the stderr bidi view."""
        line = message_line(message, PREFIXES[level])
        try:
            if self.stderr_isatty and is_arabic(line):
                from readcli.render.rtl import to_visual

                with self.bidi_view("stderr"):
                    self.stderr.write(to_visual(line, base_dir="L") + "\n")
                    self.stderr.flush()
                return
            self.stderr.write(line + "\n")
            self.stderr.flush()
        except (OSError, ValueError, AttributeError, ReadcliError):
            pass

    def error(self, message: str) -> None:
        """``readcli: error: …``"""
        self.log(message, "error")

    def warning(self, message: str) -> None:
        """``readcli: warning: …`` (the command goes on)."""
        self.log(message, "warning")

    def note(self, message: str) -> None:
        """``readcli: …``: something the user should know, not a fault."""
        self.log(message, "note")

    def status(self, message: str) -> None:
        """A plain line: what the command did (``added 005: …``, a file written)."""
        self.log(message, "status")


# --- the bidi handshake ----------------------------------------------------------------------
#
# Terminals that run the bidi algorithm themselves (VTE, mintty) would reverse text readcli has
# already reordered; they are put in explicit mode (BDSM reset, CSI 8 l) before the first
# laid-out line and back in implicit mode (CSI 8 h) on every way out. Streams left in explicit
# mode are remembered here, so the CLI's exit path (and atexit, for anything that escapes it)
# can restore them; see Environment.bidi_view.

_EXPLICIT: dict[object, list] = {}  # the terminal (device) -> [stream, depth]


def _terminal_key(stream) -> object:
    """The terminal a stream writes to: stdout and stderr on one terminal share one mode."""
    try:
        info = os.fstat(stream.fileno())
        return (info.st_dev, info.st_ino, info.st_rdev)
    except (AttributeError, OSError, ValueError):
        return id(stream)


def _write_raw(stream, text: str) -> None:
    try:
        stream.write(text)
        stream.flush()
    except (OSError, ValueError):
        pass  # the terminal is gone: nothing left to restore


def restore_terminals() -> None:
    """Back to implicit mode on every terminal still in explicit mode (idempotent)."""
    while _EXPLICIT:
        _, (stream, _depth) = _EXPLICIT.popitem()
        _write_raw(stream, IMPLICIT)


def _raise_exit(signum, _frame):
    raise SystemExit(128 + signum)


class _BidiView:
    """The context of :meth:`Environment.bidi_view` (re-entrant)."""

    def __init__(self, env: "Environment", stream: str):
        self.env = env
        self.stream_name = stream
        self._steps: list = []

    def __enter__(self):
        env = self.env
        tty = env.stdout_isatty if self.stream_name == "stdout" else env.stderr_isatty
        if not tty:
            return self
        choice = env.bidi
        if choice.mode == "terminal":
            from readcli.render.rtl import logical_order

            context = logical_order()
            context.__enter__()
            self._steps.append(lambda: context.__exit__(None, None, None))
            return self
        if env.term_dumb:  # it would print the sequence, not interpret it
            return self
        stream = env.stdout if self.stream_name == "stdout" else env.stderr
        key = _terminal_key(stream)
        entry = _EXPLICIT.get(key)
        if entry is None:
            import atexit
            import signal
            import threading

            _EXPLICIT[key] = [stream, 1]
            if not _HOOKS["atexit"]:
                atexit.register(restore_terminals)
                _HOOKS["atexit"] = True
            if threading.current_thread() is threading.main_thread():
                for signum in (signal.SIGTERM, signal.SIGHUP):
                    try:
                        if signal.getsignal(signum) == signal.SIG_DFL:
                            signal.signal(signum, _raise_exit)
                            self._steps.append(lambda s=signum: signal.signal(s, signal.SIG_DFL))
                    except (ValueError, OSError, AttributeError):
                        pass
            _write_raw(stream, EXPLICIT)
        else:
            entry[1] += 1
        self._steps.append(lambda: self._leave(key))
        return self

    @staticmethod
    def _leave(key: object) -> None:
        entry = _EXPLICIT.get(key)
        if entry is None:
            return
        entry[1] -= 1
        if entry[1] <= 0:
            del _EXPLICIT[key]
            _write_raw(entry[0], IMPLICIT)

    def __exit__(self, *exc) -> None:
        while self._steps:
            self._steps.pop()()


_HOOKS = {"atexit": False}
