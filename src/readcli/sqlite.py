"""SQLite plumbing, in one place: connecting (pragmas, schema version), chunked ``IN (…)``
queries, one line for an SQLite error, and the hash of the code files a stored file depends on.

Used by the translation memory (:mod:`readcli.translate.memory`) and the corpus index
(:mod:`readcli.index.store`). Pure core: standard library only, no terminal code.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path

from readcli.errors import DAMAGED, IO_ERROR, LOCKED, NO_SPACE, OTHER, PERMISSION, StoreError, shorten

__all__ = [
    "BUSY_MS", "CHUNK", "connect", "connect_for_reading", "uri", "schema_version", "select_in", "is_damage", "fault",
    "digest_files",
]

BUSY_MS = 30000  # how long a writer waits for another one
CHUNK = 500  # values per IN (…): SQLite's variable limit is 999 on old builds
_AGAIN = "run the command again"


def uri(path: Path, **params: str) -> str:
    """A ``file:`` URI for ``path`` with query parameters (``mode=ro``, ``immutable=1``)."""
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return Path(os.path.abspath(path)).as_uri() + (f"?{query}" if query else "")


def connect(path: Path, *, wal: bool = True, busy_ms: int = BUSY_MS, **uri_params: str) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are explicit) that waits ``busy_ms`` for a
    lock; with ``wal``, in WAL mode with ``synchronous = NORMAL`` (a commit survives a crash of
    the process, and readers never block the writer)."""
    connection = sqlite3.connect(uri(path, **uri_params), uri=True, timeout=busy_ms / 1000, isolation_level=None)
    try:
        connection.execute(f"PRAGMA busy_timeout = {int(busy_ms)}")
        if wal:
            connection.execute("PRAGMA journal_mode = WAL").fetchone()
            connection.execute("PRAGMA synchronous = NORMAL")
    except BaseException:
        connection.close()
        raise
    return connection


def connect_for_reading(path: Path, *, busy_ms: int = BUSY_MS, check=None) -> sqlite3.Connection:
    """A connection that never writes: read-only (``mode=ro``), else when SQLite cannot open it so
    (no WAL index can be made: a read-only folder, ``SQLITE_CANTOPEN``/``SQLITE_READONLY``) as an
    immutable file if nobody can write its folder (the file cannot change under us), or read-write
    without creating if somebody can (a WAL left by a killed writer needs a recovery a read-only
    connection cannot run; the caller still never writes). ``check(connection)`` runs on each
    attempt (the schema check, a first read), so its failure also tries the next way."""

    def attempt(**params: str) -> sqlite3.Connection:
        connection = connect(path, wal=False, busy_ms=busy_ms, **params)
        try:
            if check is not None:
                check(connection)
        except BaseException:
            connection.close()
            raise
        return connection

    try:
        return attempt(mode="ro")
    except sqlite3.Error as error:
        if primary_code(error) not in (CANTOPEN, READONLY) or not Path(path).is_file():
            raise
    writable = os.access(Path(path).parent, os.W_OK | os.X_OK)
    return attempt(**({"mode": "rw"} if writable else {"immutable": "1"}))


def schema_version(connection: sqlite3.Connection, known: int) -> int:
    """The file's ``user_version``: 0 (a new, empty file) or ``known``; any other is a
    :class:`sqlite3.DatabaseError` that :func:`is_damage` counts as damage."""
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    if version not in (0, known):
        raise sqlite3.DatabaseError(f"unknown schema version {version}")
    return version


def select_in(
    connection: sqlite3.Connection, sql: str, values: Iterable, params: Iterable = (), *, chunk: int = CHUNK
) -> Iterator[tuple]:
    """The rows of ``sql`` for every value, ``chunk`` values at a time.

    ``sql`` holds ``{marks}`` where the ``IN (…)`` list goes; ``params`` are the parameters that
    come before it: ``select_in(c, "SELECT a, b FROM t WHERE k = ? AND a IN ({marks})", xs, [k])``.
    Duplicate values are asked for once.
    """
    values = list(dict.fromkeys(values))
    params = list(params)
    for start in range(0, len(values), chunk):
        part = values[start : start + chunk]
        yield from connection.execute(sql.format(marks=",".join("?" * len(part))), [*params, *part])


# --- one line for an SQLite error ---------------------------------------------------------------

# Primary result codes (https://sqlite.org/rescode.html); extended codes keep them in the low byte.
_SQLITE_PERM, _SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_READONLY = 3, 5, 6, 8
_SQLITE_IOERR, _SQLITE_CORRUPT, _SQLITE_FULL, _SQLITE_CANTOPEN = 10, 11, 13, 14
_SQLITE_NOTADB, _SQLITE_AUTH = 26, 23

_DAMAGED_WORDS = ("malformed", "not a database", "could not decode", "schema version", "corrupt")


CANTOPEN, READONLY = _SQLITE_CANTOPEN, _SQLITE_READONLY


def primary_code(error: BaseException) -> int:
    """SQLite's primary result code of ``error`` (0 when it has none)."""
    return (getattr(error, "sqlite_errorcode", 0) or 0) & 0xFF


def error_name(error: BaseException) -> str:
    """SQLite's name for ``error`` (``SQLITE_BUSY``), else the error's own text."""
    return getattr(error, "sqlite_errorname", None) or str(error)


def kind(error: BaseException) -> str:
    """The fault kind of an SQLite error (:data:`readcli.errors.LOCKED`, ``PERMISSION``…)."""
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


def is_damage(error: BaseException) -> bool:
    """An error that means the file itself is bad (damaged, not a database, an unknown schema),
    not that it is locked, read-only or on a full disk."""
    return kind(error) == DAMAGED or "unknown schema" in str(error).lower()


def _nearly_full(path, limit: int = 1 << 20) -> bool:
    """True when the file system holding ``path`` has less than ``limit`` bytes free."""
    try:
        stats = os.statvfs(Path(path).parent)
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


def fault(error: BaseException, path, *, what: str, bypass: str = "", damaged: str) -> StoreError:
    """One line for an SQLite error on the file ``path``, which is ``what`` ("the translation
    memory"): locked, read-only/permission, no space, I/O error, damaged or other.

    ``bypass`` is added to the read-only and full-disk lines (" (or use --no-memory …)");
    ``damaged`` is what to do about a damaged file. The database's own text (which may quote
    stored data) is never included, only SQLite's error name.
    """
    found = kind(error)
    code = getattr(error, "sqlite_errorcode", None)
    cantopen = code is not None and code & 0xFF == _SQLITE_CANTOPEN
    if _path_kind(path) == DAMAGED:
        found = DAMAGED  # a folder in the file's place: open and read fail in many ways
    elif cantopen:
        found = _path_kind(path) or OTHER
    if found == IO_ERROR and _nearly_full(path):
        # SQLite reports a full disk as an I/O error when it cannot grow the WAL index
        # (SQLITE_IOERR_SHMSIZE) or a write comes up short.
        found = NO_SPACE
    name = getattr(error, "sqlite_errorname", None)
    detail = f" ({name})" if name else ""
    subject = f"{what} {path}"
    if found == LOCKED:
        message = f"{subject} is locked by another program{detail}; wait for it to finish and {_AGAIN}"
    elif found == PERMISSION:
        message = (
            f"cannot write {subject}: it or its folder is read-only{detail}; fix the permissions "
            f"or set READCLI_HOME to a writable folder{bypass}, then {_AGAIN}"
        )
    elif found == NO_SPACE:
        message = f"cannot write {subject}: the disk is full{detail}; free some space{bypass} and {_AGAIN}"
    elif found == IO_ERROR:
        message = (
            f"cannot use {subject}: input/output error{detail} (the disk or its connection is "
            f"failing); check the disk (e.g. `dmesg`) and {_AGAIN}"
        )
    elif found == DAMAGED and Path(path).is_dir():
        message = f"{subject} is a folder, not a database; {damaged}"
    elif found == DAMAGED:
        if not name and "decode" in str(error).lower():
            detail = " (undecodable text)"
        message = f"{subject} is damaged and unreadable{detail}; {damaged}"
    elif cantopen and not Path(path).parent.is_dir():
        message = f"cannot open {subject}: its folder {Path(path).parent} does not exist or is not a folder"
    else:
        message = f"cannot use {subject}: {shorten(error)}"
    return StoreError(message, kind=found)


# --- what a stored file depends on -------------------------------------------------------------


def digest_files(paths: Iterable, seed: bytes = b"", *, length: int = 32) -> str:
    """A hash of ``seed`` and the name and content of each file (a missing file counts by its name).

    Stored files derived by code (the index, the glossary cache) keep it, so a change of that code
    makes them stale.
    """
    digest = hashlib.sha256(seed)
    for path in paths:
        path = Path(path)
        digest.update(path.name.encode() + b"\0")
        try:
            with open(path, "rb") as source:
                digest.update(source.read())
        except OSError:
            digest.update(b"?")
        digest.update(b"\0")
    return digest.hexdigest()[:length]
