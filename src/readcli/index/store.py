"""The search index file: where it lives, its schema, and the rebuild of a damaged one.

One SQLite file per corpus folder, ``search/<key>.sqlite3`` in readcli's data folder
(``$READCLI_HOME`` overrides), where ``key`` is a hash of the folder's resolved path. Everything
in it is derived from the corpus and the translation memory, so a damaged file, or one made by
another schema version, is deleted and built again (the caller is told, to say so in one line).

Tables:

- ``files``: the corpus files as last seen (name, article id, size, mtime, content hash) and the
  hash their sentences were indexed at (``indexed``, NULL when only their facts are known);
- ``facts``: per content hash, the article's title, sentence count and word count;
- ``sentences``: every indexed sentence (file name, number as ``readcli sentences`` gives it,
  Arabic, English from the translation memory or NULL);
- ``ar_fts``: contentless FTS5 over the sentences' words: ``surf`` (normalised words) and
  ``keys`` (lemma and clitic-free terms, see :mod:`readcli.index.analyzer`). It finds and ranks
  candidates (bm25, ``surf`` weighted 2, ``keys`` 1: an exact form counts in both columns, a
  lemma-only match in ``keys`` only); phrases are checked word by word after. It keeps positions
  (``detail=full``): with ``detail=column`` a contentless table has no term counts and bm25
  scores every sentence 0;
- ``en_fts``: FTS5 (porter stemmer) over ``sentences.en``;
- ``vocab``: each distinct word (harakat removed) and its keys, so neither indexing a known word
  again nor a query needs the lexicon; ``lemmas``: lemma id -> number;
- ``meta``: schema version, corpus folder, translation-memory state; ``cache``: blobs by
  (content hash, kind, version) for other commands.
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from readcli import sqlite
from readcli.errors import StoreError
from readcli.paths import home_dir

__all__ = ["SCHEMA_VERSION", "index_path", "open_store", "is_damage", "store_error"]

# 2: ar_fts without positions (phrases are checked in Python); 3: sentences unique on (name,
# number), ar_fts with positions again (detail=column on a contentless table scores 0 in bm25).
SCHEMA_VERSION = 3

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS files (
    name TEXT PRIMARY KEY, article TEXT NOT NULL, size INTEGER NOT NULL, mtime INTEGER NOT NULL,
    hash TEXT NOT NULL, indexed TEXT);
CREATE TABLE IF NOT EXISTS facts (
    hash TEXT PRIMARY KEY, title TEXT NOT NULL, sentences INTEGER NOT NULL, words INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS sentences (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, number INTEGER NOT NULL, ar TEXT NOT NULL, en TEXT);
CREATE UNIQUE INDEX IF NOT EXISTS sentences_name ON sentences (name, number);
CREATE TABLE IF NOT EXISTS vocab (word TEXT PRIMARY KEY, keys TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS lemmas (number INTEGER PRIMARY KEY, lemma TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS cache (
    hash TEXT NOT NULL, kind TEXT NOT NULL, version TEXT NOT NULL, value BLOB NOT NULL,
    PRIMARY KEY (hash, kind, version)) WITHOUT ROWID;
CREATE VIRTUAL TABLE IF NOT EXISTS ar_fts USING fts5(
    surf, keys, content='', tokenize='unicode61 remove_diacritics 0');
CREATE VIRTUAL TABLE IF NOT EXISTS en_fts USING fts5(
    en, content='sentences', content_rowid='id', tokenize='porter unicode61');
"""


# The modules (files under src/readcli) whose behaviour is baked into the stored rows: decoding, splitting and counting
# (facts, sentence numbers), normalisation and word keys (the FTS terms). A change to any of
# them makes the stored index stale, so it is rebuilt like one of another schema version.
_STAMPED_FILES = (
    "arabic.py", "textio.py", "sentences.py", "corpus.py", "dictionary.py", "glossary/tokens.py",
    "index/normalize.py", "index/analyzer.py", "index/sync.py",
)


def code_stamp() -> str:
    """A hash of the source of the modules the stored rows depend on (read, never imported)."""
    package = Path(__file__).resolve().parents[1]  # src/readcli
    return sqlite.digest_files((package / name for name in _STAMPED_FILES), str(SCHEMA_VERSION).encode(), length=16)


def index_path(root: Path) -> Path:
    """The index file of the corpus folder ``root``."""
    resolved = str(Path(root).resolve())
    key = hashlib.sha256(resolved.encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return home_dir() / "search" / f"{key}.sqlite3"


is_damage = sqlite.is_damage  # a damaged file is rebuilt


def store_error(error: BaseException, path: Path) -> StoreError:
    """One line for an SQLite error that a rebuild cannot cure (locked, read-only, full, I/O)."""
    return sqlite.fault(
        error, path, what="the search index",
        damaged="delete it and run the command again (it is rebuilt from the corpus)",
    )


def _remove(path: Path) -> None:
    for candidate in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        try:
            candidate.unlink()
        except FileNotFoundError:
            pass
        except OSError as error:
            raise StoreError(
                f"cannot delete the damaged search index {candidate}: {error.strerror or error}"
            ) from None


def _connect(path: Path, root: Path) -> sqlite3.Connection:
    connection = sqlite.connect(path)
    try:
        version = sqlite.schema_version(connection, SCHEMA_VERSION)
        if version == 0:
            # One transaction: a killed first run leaves an empty file, never half a schema.
            corpus = str(Path(root).resolve()).replace("'", "''")
            connection.executescript(
                f"BEGIN IMMEDIATE;{_SCHEMA}"
                f"INSERT OR IGNORE INTO meta VALUES ('corpus', '{corpus}');"
                f"INSERT OR IGNORE INTO meta VALUES ('code', '{code_stamp()}');"
                f"PRAGMA user_version = {SCHEMA_VERSION};COMMIT;"
            )
        else:
            stored = connection.execute("SELECT value FROM meta WHERE key = 'code'").fetchone()
            if stored is None or stored[0] != code_stamp():
                raise sqlite3.DatabaseError("unknown schema: made by another version of readcli's code")
        # Touch the tables so a damaged page shows up now, not in the middle of an update.
        connection.execute("SELECT count(*) FROM (SELECT 1 FROM files LIMIT 1)").fetchone()
        _check_unique(connection)
    except BaseException:
        connection.close()
        raise
    return connection


def _check_unique(connection: sqlite3.Connection) -> None:
    """A file whose sentences are not kept unique (one stored twice by concurrent updates of an
    older readcli) is rebuilt: every hit would be shown as often as it was stored."""
    unique = connection.execute(
        "SELECT \"unique\" FROM pragma_index_list('sentences') WHERE name = 'sentences_name'"
    ).fetchone()
    if unique is None or not unique[0]:
        doubled = connection.execute(
            "SELECT 1 FROM sentences GROUP BY name, number HAVING count(*) > 1 LIMIT 1"
        ).fetchone()
        raise sqlite3.DatabaseError("malformed: " + ("sentences stored twice" if doubled else "no unique key on sentences"))


def open_store(root: Path, notices: list[str]) -> tuple[sqlite3.Connection, Path]:
    """The index of corpus folder ``root``, created if absent, rebuilt if damaged or outdated.

    A rebuild appends one line to ``notices`` for the caller to show.
    """
    path = index_path(root)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StoreError(f"cannot create {path.parent}: {error.strerror or error}") from None
    try:
        return _connect(path, root), path
    except sqlite3.DatabaseError as error:
        if not is_damage(error):
            raise store_error(error, path) from None
        reason = (
            "made by another version" if "schema" in str(error)
            else "holding sentences twice" if "twice" in str(error) else "damaged"
        )
    notices.append(f"the search index {path} was {reason}; rebuilding it")
    _remove(path)
    try:
        return _connect(path, root), path
    except sqlite3.DatabaseError as error:
        raise store_error(error, path) from None


def rebuild(connection: sqlite3.Connection, path: Path, root: Path, notices: list[str], error) -> sqlite3.Connection:
    """Replace a file found damaged while in use; one line in ``notices``."""
    try:
        connection.close()
    except sqlite3.Error:
        pass
    notices.append(f"the search index {path} was damaged ({sqlite.error_name(error)}); rebuilding it")
    _remove(path)
    try:
        return _connect(path, root)
    except sqlite3.DatabaseError as retry:
        raise store_error(retry, path) from None


