"""The translation memory: SQLite (stdlib), one row per (model, normalised source sentence).

The file is ``memory.sqlite3`` in readcli's data folder (``$READCLI_HOME`` overrides). The key
is the model identity (package fingerprint plus decoding settings, see
:meth:`readcli.engine.Engine.settings_key`) and the source sentence normalised (NFC, folded
whitespace). WAL journal; the pipeline commits after every batch, so an interrupted run keeps all
finished batches.
"""

from __future__ import annotations

import sqlite3
import time
import unicodedata
from pathlib import Path

from readcli.errors import StoreError
from readcli.sentences import normalise_space

FILE_NAME = "memory.sqlite3"
SCHEMA_VERSION = 1
_CHUNK = 500  # SQLite's variable limit is 999 on old builds


def memory_path() -> Path:
    from readcli.paths import home_dir

    return home_dir() / FILE_NAME


def normalise_source(text: str) -> str:
    return normalise_space(unicodedata.normalize("NFC", text))


def _corrupt(path: Path, error: Exception) -> StoreError:
    return StoreError(
        f"the translation memory {path} is unreadable ({error}); run `readcli cache clear` "
        "or delete the file (translations will be redone)"
    )


class Memory:
    """Open with :meth:`open`; use as a context manager."""

    def __init__(self, path: Path, connection: sqlite3.Connection):
        self.path = path
        self.connection = connection

    @classmethod
    def open(cls, path: Path | None = None, *, create: bool = True) -> "Memory | None":
        """The memory at ``path`` (default :func:`memory_path`); None if absent and not ``create``."""
        path = Path(path) if path is not None else memory_path()
        if not create and not path.exists():
            return None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreError(f"cannot create {path.parent}: {error.strerror or error}") from None
        try:
            connection = sqlite3.connect(path, timeout=30, isolation_level=None)
        except sqlite3.Error as error:
            raise StoreError(f"cannot open the translation memory {path}: {error}") from None
        memory = cls(path, connection)
        try:
            memory._setup(create)
        except sqlite3.DatabaseError as error:
            connection.close()
            raise _corrupt(path, error) from None
        return memory

    def _setup(self, create: bool) -> None:
        c = self.connection
        c.execute("PRAGMA busy_timeout = 30000")
        c.execute("PRAGMA journal_mode = WAL").fetchone()
        c.execute("PRAGMA synchronous = NORMAL")
        version = c.execute("PRAGMA user_version").fetchone()[0]
        if version == 0:
            c.execute(
                "CREATE TABLE IF NOT EXISTS translations ("
                " model TEXT NOT NULL, source TEXT NOT NULL, target TEXT NOT NULL,"
                " created REAL NOT NULL, PRIMARY KEY (model, source)) WITHOUT ROWID"
            )
            c.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        elif version != SCHEMA_VERSION:
            raise sqlite3.DatabaseError(f"unknown schema version {version}")
        # Touch the table so a damaged page shows up now, not in the middle of a run.
        c.execute("SELECT count(*) FROM (SELECT 1 FROM translations LIMIT 1)").fetchone()

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> "Memory":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def lookup(self, model: str, sources: list[str]) -> dict[str, str]:
        """Normalised source -> stored target, for the ``sources`` (already normalised) held."""
        found: dict[str, str] = {}
        unique = list(dict.fromkeys(sources))
        try:
            for start in range(0, len(unique), _CHUNK):
                chunk = unique[start : start + _CHUNK]
                marks = ",".join("?" * len(chunk))
                rows = self.connection.execute(
                    f"SELECT source, target FROM translations WHERE model = ? AND source IN ({marks})",
                    [model, *chunk],
                )
                found.update(rows)
        except sqlite3.DatabaseError as error:
            raise _corrupt(self.path, error) from None
        return found

    def store(self, model: str, pairs: list[tuple[str, str]]) -> None:
        """Store (normalised source, target) pairs in one transaction, committed on return."""
        now = time.time()
        try:
            with self.connection:
                self.connection.execute("BEGIN IMMEDIATE")
                self.connection.executemany(
                    "INSERT OR REPLACE INTO translations (model, source, target, created) VALUES (?, ?, ?, ?)",
                    [(model, source, target, now) for source, target in pairs],
                )
        except sqlite3.DatabaseError as error:
            raise _corrupt(self.path, error) from None

    def count(self, model: str | None = None) -> int:
        try:
            if model is None:
                return self.connection.execute("SELECT count(*) FROM translations").fetchone()[0]
            return self.connection.execute(
                "SELECT count(*) FROM translations WHERE model = ?", (model,)
            ).fetchone()[0]
        except sqlite3.DatabaseError as error:
            raise _corrupt(self.path, error) from None


def clear_memory(path: Path | None = None) -> bool:
    """Delete the memory file (and its WAL files); True if there was one. Works when corrupt."""
    path = Path(path) if path is not None else memory_path()
    existed = False
    for candidate in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        try:
            candidate.unlink()
            existed = existed or candidate == path
        except FileNotFoundError:
            pass
        except OSError as error:
            raise StoreError(f"cannot delete {candidate}: {error.strerror or error}") from None
    return existed
