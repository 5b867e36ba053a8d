"""Errors a user can cause. The CLI turns each into one line on stderr and an exit code.

Resource faults (a full disk, a read-only folder, a failing disk, a locked or damaged database)
are sorted by :func:`os_fault` and :func:`readcli.sqlite.fault` into one :class:`ResourceError` each,
whose ``kind`` says which and whose message says what happened and what to do. Only a damaged
database suggests deleting anything (``readcli memory clear``).
"""

from __future__ import annotations

import errno
import os

# The kinds of resource fault, in :attr:`ResourceError.kind`.
PERMISSION = "permission"  # permission denied or a read-only file system
NO_SPACE = "no-space"  # the disk or the user's quota is full
IO_ERROR = "io"  # the disk or its connection failed
LOCKED = "locked"  # another program holds the database
DAMAGED = "damaged"  # the file's content is not a usable database
OTHER = "other"

MAX_QUOTED = 120  # characters of a quoted value (an exception text, a path) kept in a message


class ReadcliError(Exception):
    """An error caused by the user's input or environment, not by a bug.

    ``str(error)`` is the one line shown to the user; ``exit_code`` is the process status.
    """

    exit_code = 1

    def __init__(self, message: str, exit_code: int | None = None):
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code


class UsageError(ReadcliError):
    """Bad arguments: unknown id, ambiguous prefix, conflicting options."""

    exit_code = 2


class InputError(ReadcliError):
    """An input file or stream that cannot be read as Arabic text."""


class ModelError(ReadcliError):
    """No translation package, or a package that cannot be used."""


class ResourceError(ReadcliError):
    """A file or folder readcli needs cannot be used: ``kind`` is one of the fault kinds above."""

    def __init__(self, message: str, kind: str = OTHER, exit_code: int | None = None):
        super().__init__(message, exit_code)
        self.kind = kind


class StoreError(ResourceError):
    """The translation memory database cannot be used."""


def shorten(text: object, limit: int = MAX_QUOTED) -> str:
    """``text`` on one line without control characters, cut to ``limit`` characters with ``…``."""
    clean = "".join(c if c.isprintable() else " " for c in str(text))
    clean = " ".join(clean.split())
    return clean if len(clean) <= limit else clean[: limit - 1] + "…"


# --- operating-system faults ------------------------------------------------------------------

_PERMISSION_CODES = {errno.EACCES, errno.EPERM}
_NO_SPACE_CODES = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
_AGAIN = "run the command again"


def _os_kind(code: int | None) -> str:
    if code in _PERMISSION_CODES or code == errno.EROFS:
        return PERMISSION
    if code in _NO_SPACE_CODES:
        return NO_SPACE
    if code == errno.EIO:
        return IO_ERROR
    return OTHER


def _os_reason(code: int | None, strerror: str | None) -> str:
    """What happened and what to do, for an errno."""
    if code == errno.EROFS:
        return f"the file system is read-only; mount it writable or use another folder, then {_AGAIN}"
    if code in _PERMISSION_CODES:
        return f"permission denied; fix the permissions or use another folder, then {_AGAIN}"
    if code == errno.ENOSPC:
        return f"the disk is full (no space left on device); free some space and {_AGAIN}"
    if code == getattr(errno, "EDQUOT", None):
        return f"the disk quota is exceeded; free some space and {_AGAIN}"
    if code == errno.EIO:
        return (
            "input/output error (the disk or its connection is failing); "
            f"check the disk (e.g. `dmesg`) and {_AGAIN}"
        )
    return shorten(strerror or os.strerror(code) if code else strerror or "unknown error")


def os_fault(error: OSError, action: str, path) -> ResourceError:
    """One line for an OSError met while doing ``action`` ("write", "read", …) to ``path``.

    ``cannot write /x/corpus: the disk is full (no space left on device); free some space and run
    the command again``. Never suggests deleting anything.
    """
    code = error.errno
    reason = _os_reason(code, error.strerror or (str(error) if code is None else None))
    return ResourceError(f"cannot {action} {path}: {reason}", kind=_os_kind(code))
