"""The translation memory: SQLite (stdlib), one row per (model, normalised source sentence).

The file is ``memory.sqlite3`` in readcli's data folder (``$READCLI_HOME`` overrides). The key
is the model identity (package fingerprint plus decoding settings, see
:func:`readcli.translate.stored.model_key`) and the source sentence normalised (NFC, folded
whitespace). WAL journal; the pipeline commits after every batch, so an interrupted run keeps all
finished batches.

Reading needs no write access: :meth:`Memory.open` with ``write=False`` opens the file
read-only, and on a folder that is not writable (a read-only mount, say, where SQLite cannot
create the WAL index) as an immutable file. Opening for writing checks at once that a write
would succeed, so a read-only file or folder is reported before any translation work. Every
SQLite error becomes one :func:`readcli.sqlite.fault` line: locked, read-only, no space,
I/O error or damaged (only damaged suggests ``readcli memory clear``).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import time
import unicodedata
from pathlib import Path

from readcli import sqlite
from readcli.errors import DAMAGED, NO_SPACE, InputError, StoreError, os_fault
from readcli.paths import home_dir
from readcli.sentences import normalise_space

FILE_NAME = "memory.sqlite3"
SCHEMA_VERSION = 1
_SIDE_FILES = ("-wal", "-shm", "-journal")
BUSY_MS = sqlite.BUSY_MS
_NO_CACHE = " (or use --no-memory to translate without saving)"
_CLEAR = "run `readcli memory clear` to delete it (stored translations will be redone)"


def memory_path() -> Path:
    return home_dir() / FILE_NAME


def normalise_source(text: str) -> str:
    return normalise_space(unicodedata.normalize("NFC", text))


def sqlite_fault(error: BaseException, path, *, writing: bool = True) -> StoreError:
    """One line for an SQLite error on the translation memory at ``path`` (:func:`readcli.sqlite.fault`);
    only a damaged file suggests ``readcli memory clear``."""
    return sqlite.fault(error, path, what="the translation memory", bypass=_NO_CACHE if writing else "", damaged=_CLEAR)


class Memory:
    """Open with :meth:`open`; use as a context manager."""

    def __init__(self, path: Path, connection: sqlite3.Connection, *, writable: bool = True):
        self.path = path
        self.connection = connection
        self.writable = writable
        self._has_table = True

    @classmethod
    def open(
        cls, path: Path | None = None, *, create: bool = True, write: bool | None = None
    ) -> "Memory | None":
        """The memory at ``path`` (default :func:`memory_path`); None if absent and not ``create``.

        ``write`` defaults to ``create``. For writing, the folder and file are created as
        needed and a write is tried (and rolled back) at once, so that a read-only file or
        folder is a :class:`StoreError` now, not after the work. For reading the file is opened
        read-only and never created or changed.
        """
        path = Path(path) if path is not None else memory_path()
        write = create if write is None else write
        if not create and not os.path.lexists(path):
            return None
        if write:
            return cls._open_for_writing(path)
        return cls._open_for_reading(path)

    @classmethod
    def _open_for_writing(cls, path: Path) -> "Memory":
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise _store_os_fault(error, "create", path.parent) from None
        connection = None
        try:
            connection = sqlite.connect(path, busy_ms=BUSY_MS)
            memory = cls(path, connection)
            memory._setup_writable()
        except sqlite3.Error as error:
            if connection is not None:
                connection.close()
            raise sqlite_fault(error, path) from None
        return memory

    @classmethod
    def _open_for_reading(cls, path: Path) -> "Memory":
        opened: list[Memory] = []

        def check(connection: sqlite3.Connection) -> None:
            memory = cls(path, connection, writable=False)
            memory._setup_read_only()
            opened.append(memory)

        try:
            sqlite.connect_for_reading(path, busy_ms=BUSY_MS, check=check)
        except sqlite3.Error as error:
            raise sqlite_fault(error, path, writing=False) from None
        return opened[-1]

    def _check_schema(self) -> bool:
        """True when the translations table is there (False: an empty, new database)."""
        return sqlite.schema_version(self.connection, SCHEMA_VERSION) == SCHEMA_VERSION

    def _touch(self) -> None:
        # Touch the table so a damaged page shows up now, not in the middle of a run.
        self.connection.execute("SELECT count(*) FROM (SELECT 1 FROM translations LIMIT 1)").fetchone()

    def _setup_read_only(self) -> None:
        self._has_table = self._check_schema()
        if self._has_table:
            self._touch()

    def _setup_writable(self) -> None:
        c = self.connection
        ready = self._check_schema()
        if not ready:
            c.execute(
                "CREATE TABLE IF NOT EXISTS translations ("
                " model TEXT NOT NULL, source TEXT NOT NULL, target TEXT NOT NULL,"
                " created REAL NOT NULL, PRIMARY KEY (model, source)) WITHOUT ROWID"
            )
            c.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        self._touch()
        # A read-only file opens without complaint and fails at the first write: try one now
        # (rolled back, nothing reaches the disk).
        c.execute("BEGIN IMMEDIATE")
        try:
            c.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        finally:
            c.execute("ROLLBACK")

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> "Memory":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _fault(self, error: BaseException) -> StoreError:
        return sqlite_fault(error, self.path, writing=self.writable)

    def require_space(self, nbytes: int) -> None:
        """StoreError (no space) now if the memory's disk has less than ``nbytes`` free."""
        try:
            stats = os.statvfs(self.path.parent)
        except (OSError, AttributeError):
            return
        free = stats.f_bavail * stats.f_frsize
        if free < nbytes:
            raise StoreError(
                f"cannot write the translation memory {self.path}: the disk is full "
                f"({free // 1024} KiB free, about {nbytes // 1024} KiB needed); free some space "
                "or use --no-memory to translate without saving, then run the command again",
                kind=NO_SPACE,
            )

    def lookup(self, model: str, sources: list[str]) -> dict[str, str]:
        """Normalised source -> stored target, for the ``sources`` (already normalised) held."""
        found: dict[str, str] = {}
        if not self._has_table:
            return found
        try:
            found.update(
                sqlite.select_in(
                    self.connection,
                    "SELECT source, target FROM translations WHERE model = ? AND source IN ({marks})",
                    sources, [model],
                )
            )
        except sqlite3.Error as error:
            raise self._fault(error) from None
        return found

    def store(self, model: str, pairs: list[tuple[str, str]]) -> None:
        """Store (normalised source, target) pairs in one transaction, committed on return."""
        if not self.writable:
            raise StoreError(f"the translation memory {self.path} was opened read-only")
        now = time.time()
        try:
            with self.connection:
                self.connection.execute("BEGIN IMMEDIATE")
                self.connection.executemany(
                    "INSERT OR REPLACE INTO translations (model, source, target, created) VALUES (?, ?, ?, ?)",
                    [(model, source, target, now) for source, target in pairs],
                )
        except sqlite3.Error as error:
            raise self._fault(error) from None

    def merge(self, path: Path) -> tuple[int, int]:
        """Import every row of the memory at ``path``: (rows added, rows already here).

        One transaction per file. A row whose key (model fingerprint and settings, source) is
        already here is kept as it is, so merging the same file twice adds nothing.
        """

        path = Path(path)
        if not self.writable:
            raise StoreError(f"the translation memory {self.path} was opened read-only")
        if not path.is_file():
            raise InputError(f"cannot merge {path}: no such file")
        try:
            source = Memory.open(path, create=False, write=False)
        except StoreError as error:
            if error.kind != DAMAGED:
                raise
            source = None
        if source is None or not source._has_table:
            if source is not None:
                source.close()
            raise InputError(f"cannot merge {path}: it is not a readcli translation memory")
        added = seen = 0
        with source:
            try:
                rows = source.connection.execute("SELECT model, source, target, created FROM translations")
            except sqlite3.Error:
                raise InputError(f"cannot merge {path}: it is not a readcli translation memory") from None
            try:
                with self.connection:
                    self.connection.execute("BEGIN IMMEDIATE")
                    before = self.connection.total_changes
                    while True:
                        try:
                            chunk = rows.fetchmany(5000)
                        except sqlite3.Error as error:
                            raise source._fault(error) from None
                        if not chunk:
                            break
                        seen += len(chunk)
                        self.connection.executemany(
                            "INSERT OR IGNORE INTO translations (model, source, target, created) VALUES (?, ?, ?, ?)",
                            chunk,
                        )
                    added = self.connection.total_changes - before
            except sqlite3.Error as error:
                raise self._fault(error) from None
        return added, seen - added

    def count(self, model: str | None = None) -> int:
        if not self._has_table:
            return 0
        try:
            if model is None:
                return self.connection.execute("SELECT count(*) FROM translations").fetchone()[0]
            return self.connection.execute(
                "SELECT count(*) FROM translations WHERE model = ?", (model,)
            ).fetchone()[0]
        except sqlite3.Error as error:
            raise self._fault(error) from None


def _store_os_fault(error: OSError, action: str, path) -> StoreError:
    fault = os_fault(error, action, path)
    return StoreError(str(fault), kind=fault.kind)


def remove_memory(path: Path | None = None) -> list[Path]:
    """Delete the memory and its side files (-wal, -shm, -journal); the paths deleted.

    Works whatever is there: a damaged file, a damaged WAL, a folder or a symlink in the file's
    place. Nothing else in the data folder is touched.
    """
    path = Path(path) if path is not None else memory_path()
    deleted: list[Path] = []
    for candidate in (path, *(path.with_name(path.name + side) for side in _SIDE_FILES)):
        try:
            if candidate.is_dir() and not candidate.is_symlink():
                shutil.rmtree(candidate)
            else:
                candidate.unlink()
            deleted.append(candidate)
        except FileNotFoundError:
            pass
        except OSError as error:
            raise _store_os_fault(error, "delete", candidate) from None
    return deleted


def clear_memory(path: Path | None = None) -> bool:
    """Delete the memory file (and its WAL files); True if there was one. Works when corrupt."""
    path = Path(path) if path is not None else memory_path()
    return path in remove_memory(path)
