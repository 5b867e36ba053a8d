"""Errors a user can cause. The CLI turns each into one line on stderr and an exit code.

Resource faults (a full disk, a read-only folder, a failing disk, a locked or damaged database)
are sorted by :func:`os_fault` and :func:`sqlite_fault` into one :class:`ResourceError` each,
whose ``kind`` says which and whose message says what happened and what to do. Only a damaged
database suggests deleting anything (``readcli cache clear``).
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

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


# --- SQLite faults (the translation memory) -------------------------------------------------

# Primary result codes (https://sqlite.org/rescode.html); extended codes keep them in the low byte.
_SQLITE_PERM, _SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_READONLY = 3, 5, 6, 8
_SQLITE_IOERR, _SQLITE_CORRUPT, _SQLITE_FULL, _SQLITE_CANTOPEN = 10, 11, 13, 14
_SQLITE_NOTADB, _SQLITE_AUTH = 26, 23

_DAMAGED_WORDS = ("malformed", "not a database", "could not decode", "schema version", "corrupt")


def _sqlite_kind(error: BaseException) -> str:
    code = getattr(error, "sqlite_errorcode", None)
    text = str(error).lower()
    if code is not None:
        primary = code & 0xFF
        if primary in (_SQLITE_BUSY, _SQLITE_LOCKED):
            return LOCKED
        if primary in (_SQLITE_READONLY, _SQLITE_PERM, _SQLITE_AUTH):
            return PERMISSION
        if primary == _SQLITE_FULL:
            return NO_SPACE
        if primary == _SQLITE_IOERR:
            return IO_ERROR
        if primary in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
            return DAMAGED
        if primary == _SQLITE_CANTOPEN:
            return OTHER
    # Errors raised by Python's sqlite3 module itself carry no code.
    if "database is locked" in text or "database table is locked" in text:
        return LOCKED
    if "readonly database" in text or "read-only" in text:
        return PERMISSION
    if "disk is full" in text:
        return NO_SPACE
    if "disk i/o error" in text:
        return IO_ERROR
    if any(word in text for word in _DAMAGED_WORDS):
        return DAMAGED
    return OTHER


def _nearly_full(path, limit: int = 1 << 20) -> bool:
    """True when the file system holding ``path`` has less than ``limit`` bytes free."""
    folder = Path(path).parent
    try:
        stats = os.statvfs(folder)
    except (OSError, AttributeError):
        return False
    return stats.f_bavail * stats.f_frsize < limit


def _path_kind(path) -> str | None:
    """A fault read off the path itself: a folder where the file should be (damaged), or a file
    or folder that cannot be written (permission). None when the path looks fine."""
    path = Path(path)
    if path.is_dir():
        return DAMAGED
    for target in (path, path.parent):
        # access(2) reports EROFS on a read-only file system, which chmod cannot show for root.
        if target.exists() and not os.access(target, os.W_OK):
            return PERMISSION
    return None


def sqlite_fault(error: BaseException, path, *, writing: bool = True) -> StoreError:
    """One line for an SQLite error on the translation memory at ``path``.

    Locked, read-only/permission, no space, I/O error, damaged or other; only damaged suggests
    ``readcli cache clear``. The database's own text (which may quote stored data) is never
    included, only SQLite's error name.
    """
    kind = _sqlite_kind(error)
    code = getattr(error, "sqlite_errorcode", None)
    cantopen = code is not None and code & 0xFF == _SQLITE_CANTOPEN
    if _path_kind(path) == DAMAGED:
        kind = DAMAGED  # a folder in the file's place: open and read fail in many ways
    elif cantopen:
        kind = _path_kind(path) or OTHER
    if kind == IO_ERROR and _nearly_full(path):
        # SQLite reports a full disk as an I/O error when it cannot grow the WAL index
        # (SQLITE_IOERR_SHMSIZE) or a write comes up short.
        kind = NO_SPACE
    name = getattr(error, "sqlite_errorname", None)
    detail = f" ({name})" if name else ""
    memory = f"the translation memory {path}"
    if kind == LOCKED:
        message = (
            f"{memory} is locked by another program{detail}; wait for it to finish and {_AGAIN}"
        )
    elif kind == PERMISSION:
        hint = " (or use --no-cache to translate without saving)" if writing else ""
        message = (
            f"cannot write {memory}: it or its folder is read-only{detail}; fix the permissions "
            f"or set READCLI_HOME to a writable folder{hint}, then {_AGAIN}"
        )
    elif kind == NO_SPACE:
        hint = " (or use --no-cache to translate without saving)" if writing else ""
        message = f"cannot write {memory}: the disk is full{detail}; free some space{hint} and {_AGAIN}"
    elif kind == IO_ERROR:
        message = (
            f"cannot use {memory}: input/output error{detail} (the disk or its connection is "
            f"failing); check the disk (e.g. `dmesg`) and {_AGAIN}"
        )
    elif kind == DAMAGED and Path(path).is_dir():
        message = f"{memory} is a folder, not a database; run `readcli cache clear` to remove it"
    elif kind == DAMAGED:
        if not name and "decode" in str(error).lower():
            detail = " (undecodable text)"
        message = (
            f"{memory} is damaged and unreadable{detail}; run `readcli cache clear` to delete it "
            "(stored translations will be redone)"
        )
    elif cantopen and not Path(path).parent.is_dir():
        message = f"cannot open {memory}: its folder {Path(path).parent} does not exist or is not a folder"
    else:
        message = f"cannot use {memory}: {shorten(error)}"
    return StoreError(message, kind=kind)
