"""The learner store: word statuses by lemma, study cards and their reviews (SQLite, stdlib).

The file is ``learner.sqlite3`` in readcli's data folder (``$READCLI_HOME`` overrides). Unlike
the translation memory and the search index it is the user's own data, never a cache: nothing
here ever deletes it, and a damaged file is reported, not rebuilt.

Fault rules (those of the translation memory): reading needs no write access (a missing file
reads as empty and is not created; a read-only file or folder is opened read-only, or as an
immutable file when SQLite cannot make its WAL index); opening for writing tries a write at once,
so a read-only folder or file is one error line before any work; every write is one transaction
(an interrupted ``known import`` leaves the store as it was); every SQLite error becomes one
:func:`readcli.errors.sqlite_fault` line.

Tables:

- ``words``: ``key`` (a Buckwalter lemma id such as ``safiyr_1``, or ``?`` + the normalised form
  of a word the lexicon cannot analyse), ``status`` (learning, known, ignored: ``new`` is the
  absence of a row), ``lemma`` (Arabic, for display), ``form`` (the word as first added),
  ``added`` and ``changed`` (ISO dates);
- ``cards``: one study card per key: the word as read, its sentence and article, gloss and part
  of speech, the FSRS card state (JSON, :mod:`fsrs`'s ``Card.to_dict``) and its due time;
- ``reviews``: one row per grade given, saved at once;
- ``settings``: name -> value (``show-unknown``, ``promote``).
"""

from __future__ import annotations

import datetime as _dt
import os
import sqlite3
from pathlib import Path
from typing import Iterable, NamedTuple

from readcli import sqlite
from readcli.errors import StoreError, os_fault
from readcli.paths import home_dir

FILE_NAME = "learner.sqlite3"
SCHEMA_VERSION = 1
BUSY_MS = sqlite.BUSY_MS

STATUSES = ("new", "learning", "known", "ignored")
STORED_STATUSES = STATUSES[1:]

_WHAT = "the learner store"
_DAMAGED = (
    "move it aside (your known words and cards are in it) and run the command again to start a "
    "new one, or restore it from a backup"
)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS words (
    key TEXT PRIMARY KEY, status TEXT NOT NULL, lemma TEXT NOT NULL, form TEXT NOT NULL,
    added TEXT NOT NULL, changed TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS cards (
    key TEXT PRIMARY KEY, lemma TEXT NOT NULL, form TEXT NOT NULL, gloss TEXT NOT NULL,
    pos TEXT NOT NULL, article TEXT NOT NULL, sentence INTEGER, example TEXT NOT NULL,
    english TEXT, state TEXT NOT NULL, due TEXT NOT NULL, created TEXT NOT NULL) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS cards_due ON cards (due);
CREATE TABLE IF NOT EXISTS reviews (
    id INTEGER PRIMARY KEY, key TEXT NOT NULL, rating INTEGER NOT NULL, reviewed TEXT NOT NULL,
    due TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS settings (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
"""

# Settings and their defaults (``readcli known config``).
SETTINGS = {
    "show-unknown": "off",  # `show` on a terminal marks unknown words without --unknown
    "promote": "off",  # a card graded easy with a next interval of 21 days or more -> known
}


def store_path() -> Path:
    return home_dir() / FILE_NAME


def now_iso() -> str:
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")


class Word(NamedTuple):
    key: str
    status: str
    lemma: str
    form: str
    added: str


class Entry(NamedTuple):
    """A word to store: its key, the Arabic lemma shown for it, and the form the user gave."""

    key: str
    lemma: str
    form: str


class Card(NamedTuple):
    key: str
    lemma: str
    form: str
    gloss: str
    pos: str
    article: str
    sentence: int | None
    example: str
    english: str | None
    state: str  # FSRS card as JSON
    due: str  # ISO 8601, UTC


class LearnerStore:
    """Open with :meth:`open`; use as a context manager. An empty store when the file is absent."""

    def __init__(self, path: Path, connection: sqlite3.Connection | None, *, writable: bool):
        self.path = path
        self.connection = connection  # None: no file yet (reads are empty)
        self.writable = writable

    # --- opening ---------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path | None = None, *, write: bool = False) -> "LearnerStore":
        path = Path(path) if path is not None else store_path()
        if write:
            return cls._open_for_writing(path)
        if not os.path.lexists(path):
            return cls(path, None, writable=False)
        return cls._open_for_reading(path)

    def _fault(self, error: BaseException) -> StoreError:
        return fault(error, self.path, writing=self.writable)

    @classmethod
    def _open_for_writing(cls, path: Path) -> "LearnerStore":
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            made = os_fault(error, "create", path.parent)
            raise StoreError(str(made), kind=made.kind) from None
        connection = None
        try:
            connection = sqlite.connect(path, busy_ms=BUSY_MS)
            version = sqlite.schema_version(connection, SCHEMA_VERSION)
            # The schema and a first write in one transaction: a read-only file or folder, or a
            # full disk, is reported now; a killed first run leaves no half schema.
            connection.execute("BEGIN IMMEDIATE")
            try:
                if version == 0:
                    for statement in _SCHEMA.split(";"):
                        if statement.strip():
                            connection.execute(statement)
                connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                connection.execute("COMMIT")
            except BaseException:
                if connection.in_transaction:
                    connection.execute("ROLLBACK")
                raise
            _touch(connection)
        except sqlite3.Error as error:
            if connection is not None:
                connection.close()
            raise fault(error, path) from None
        return cls(path, connection, writable=True)

    @classmethod
    def _open_for_reading(cls, path: Path) -> "LearnerStore":
        versions: list[int] = []

        def check(connection: sqlite3.Connection) -> None:
            versions.append(sqlite.schema_version(connection, SCHEMA_VERSION))
            if versions[-1]:
                _touch(connection)

        try:
            connection = sqlite.connect_for_reading(path, busy_ms=BUSY_MS, check=check)
        except sqlite3.Error as error:
            raise fault(error, path, writing=False) from None
        if not versions[-1]:  # an empty new file: nothing stored yet
            connection.close()
            return cls(path, None, writable=False)
        return cls(path, connection, writable=False)

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()

    def __enter__(self) -> "LearnerStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- helpers ---------------------------------------------------------------------------

    def _rows(self, sql: str, params=()) -> list[tuple]:
        if self.connection is None:
            return []
        try:
            return self.connection.execute(sql, params).fetchall()
        except sqlite3.Error as error:
            raise self._fault(error) from None

    def revision(self) -> str:
        """Changes with every change of a word's status (coverage caches are keyed by it)."""
        rows = self._rows("SELECT value FROM settings WHERE name = 'revision'")
        return rows[0][0] if rows else "0"

    @staticmethod
    def _bump(c: sqlite3.Connection) -> None:
        c.execute(
            "INSERT INTO settings (name, value) VALUES ('revision', '1') ON CONFLICT (name)"
            " DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT)"
        )

    def _write(self, work) -> None:
        """Run ``work(connection)`` in one transaction, committed on return."""
        if not self.writable or self.connection is None:
            raise StoreError(f"{_WHAT} {self.path} was opened read-only")
        connection = self.connection
        try:
            connection.execute("BEGIN IMMEDIATE")
            try:
                work(connection)
                connection.execute("COMMIT")
            except BaseException:
                if connection.in_transaction:
                    connection.execute("ROLLBACK")
                raise
        except sqlite3.Error as error:
            raise self._fault(error) from None

    # --- words -----------------------------------------------------------------------------

    def is_empty(self) -> bool:
        return not self._rows("SELECT 1 FROM words LIMIT 1")

    def statuses(self) -> dict[str, str]:
        """Key -> stored status (learning, known, ignored), every word."""
        return dict(self._rows("SELECT key, status FROM words"))

    def status_of(self, keys: Iterable[str]) -> dict[str, str]:
        if self.connection is None:
            return {}
        try:
            return dict(sqlite.select_in(self.connection, "SELECT key, status FROM words WHERE key IN ({marks})", keys))
        except sqlite3.Error as error:
            raise self._fault(error) from None

    def words(self) -> list[Word]:
        return [Word(*row) for row in self._rows("SELECT key, status, lemma, form, added FROM words ORDER BY added, key")]

    def set_status(self, entries: Iterable[Entry], status: str, *, date: str | None = None) -> tuple[int, int]:
        """Give every entry ``status`` (one transaction); (added, changed) counts. The form and date
        first added are kept when a word changes status."""
        if status not in STORED_STATUSES:
            raise ValueError(status)
        entries = list(entries)
        when = date or now_iso()
        counts = [0, 0]

        def work(c: sqlite3.Connection) -> None:
            before = dict(self._existing(c, [e.key for e in entries]))
            for entry in entries:
                old = before.get(entry.key)
                if old is None:
                    counts[0] += 1
                    before[entry.key] = status
                elif old != status:
                    counts[1] += 1
                    before[entry.key] = status
            c.executemany(
                "INSERT INTO words (key, status, lemma, form, added, changed) VALUES (?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (key) DO UPDATE SET status = excluded.status, changed = excluded.changed"
                " WHERE status != excluded.status",
                [(e.key, status, e.lemma, e.form, when, when) for e in entries],
            )
            self._bump(c)

        self._write(work)
        return counts[0], counts[1]

    def restore(self, words: Iterable[Word]) -> int:
        """Put exported words back as they were (key, status, lemma, form, date); one transaction."""
        rows = [(w.key, w.status, w.lemma, w.form, w.added, w.added) for w in words]

        def work(c: sqlite3.Connection) -> None:
            c.executemany(
                "INSERT INTO words (key, status, lemma, form, added, changed) VALUES (?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (key) DO UPDATE SET status = excluded.status, changed = excluded.changed",
                rows,
            )
            self._bump(c)

        self._write(work)
        return len(rows)

    @staticmethod
    def _existing(c: sqlite3.Connection, keys: list[str]):
        return sqlite.select_in(c, "SELECT key, status FROM words WHERE key IN ({marks})", keys)

    def remove(self, keys: Iterable[str]) -> int:
        keys = list(dict.fromkeys(keys))
        removed = [0]

        def work(c: sqlite3.Connection) -> None:
            for start in range(0, len(keys), sqlite.CHUNK):
                chunk = keys[start : start + sqlite.CHUNK]
                removed[0] += c.execute(f"DELETE FROM words WHERE key IN ({','.join('?' * len(chunk))})", chunk).rowcount
            self._bump(c)

        self._write(work)
        return removed[0]

    # --- settings --------------------------------------------------------------------------

    def setting(self, name: str) -> str:
        rows = self._rows("SELECT value FROM settings WHERE name = ?", (name,))
        return rows[0][0] if rows else SETTINGS[name]

    def set_setting(self, name: str, value: str) -> None:
        self._write(lambda c: c.execute("INSERT OR REPLACE INTO settings (name, value) VALUES (?, ?)", (name, value)))

    # --- cards and reviews -----------------------------------------------------------------

    def card_keys(self) -> set[str]:
        return {row[0] for row in self._rows("SELECT key FROM cards")}

    def add_cards(self, cards: Iterable[Card]) -> int:
        """Store new cards (a key that has a card keeps it); the number added."""
        cards = list(cards)
        added = [0]

        def work(c: sqlite3.Connection) -> None:
            when = now_iso()
            for card in cards:
                added[0] += c.execute(
                    "INSERT OR IGNORE INTO cards (key, lemma, form, gloss, pos, article, sentence, example,"
                    " english, state, due, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (*card, when),
                ).rowcount

        self._write(work)
        return added[0]

    def cards(self, *, due_before: str | None = None) -> list[Card]:
        sql = ("SELECT key, lemma, form, gloss, pos, article, sentence, example, english, state, due FROM cards")
        params: tuple = ()
        if due_before is not None:
            sql += " WHERE due <= ?"
            params = (due_before,)
        return [Card(*row) for row in self._rows(sql + " ORDER BY due, key", params)]

    def save_review(self, key: str, rating: int, state: str, due: str, *, status: str | None = None,
                    entry: Entry | None = None) -> None:
        """One review, saved at once: the card's new state and due time, the review row, and
        (``status``) the lemma's new status."""
        when = now_iso()

        def work(c: sqlite3.Connection) -> None:
            c.execute("UPDATE cards SET state = ?, due = ? WHERE key = ?", (state, due, key))
            c.execute("INSERT INTO reviews (key, rating, reviewed, due) VALUES (?, ?, ?, ?)", (key, rating, when, due))
            if status and entry is not None:
                c.execute(
                    "INSERT INTO words (key, status, lemma, form, added, changed) VALUES (?, ?, ?, ?, ?, ?)"
                    " ON CONFLICT (key) DO UPDATE SET status = excluded.status, changed = excluded.changed",
                    (entry.key, status, entry.lemma, entry.form, when, when),
                )
                self._bump(c)

        self._write(work)

    def review_count(self) -> int:
        rows = self._rows("SELECT count(*) FROM reviews")
        return rows[0][0] if rows else 0


def _touch(connection: sqlite3.Connection) -> None:
    # Touch the tables so a damaged page shows up now, not in the middle of a command.
    for table in ("words", "cards"):
        connection.execute(f"SELECT count(*) FROM (SELECT 1 FROM {table} LIMIT 1)").fetchone()


def fault(error: BaseException, path: Path, *, writing: bool = True) -> StoreError:
    """One line for an SQLite error on the learner store (:func:`readcli.sqlite.fault`): never
    advice to delete it, it holds the user's own data."""
    return sqlite.fault(error, path, what=_WHAT, damaged=_DAMAGED)
