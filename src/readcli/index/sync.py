"""Keep the index current with the corpus folder: a cheap stat check, then content hashes.

For each corpus file (in corpus order) the size and modification time are compared with the last
sync; only a file whose stat changed is read and hashed, and only a file whose hash changed is
decoded, counted (facts) and, for search, split into sentences and indexed. Removed files lose
their rows. A file that cannot be decoded is skipped and reported; it breaks nothing else.

Writes happen in transactions of :data:`BATCH` articles: a killed sync leaves the index as it was
after the last finished batch (each file's rows, facts and hash change together) and the next run
carries on from there.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from readcli.corpus import ARTICLE_NAME, Article
from readcli.errors import InputError
from readcli.index.analyzer import piece_keys, word_keys
from readcli.index.normalize import clean, normalize, tokens
from readcli.textio import MAX_TEXT_BYTES, decode_text, read_capped

__all__ = ["SyncResult", "sync", "sentence_columns", "Vocabulary"]

BATCH = 100


@dataclass
class SyncResult:
    """What a sync found: every readable article in corpus order, and the files it skipped."""

    articles: list[dict] = field(default_factory=list)  # id, title, sentences, words, hash, path, name
    problems: list[str] = field(default_factory=list)  # one line per unreadable file
    changed: int = 0  # files whose rows were written
    new_sentences: list[int] = field(default_factory=list)  # ids of the sentences indexed now


class Vocabulary:
    """Word (harakat removed) -> its keys, from the ``vocab`` table; new words analysed once."""

    def __init__(self, connection: sqlite3.Connection):
        self.connection = connection
        self.words: dict[str, str] | None = None
        self.lemmas: dict[str, int] = {}
        self.new_words: list[tuple[str, str]] = []

    def reset(self) -> None:
        """Forget what was read: another process has written to the index since."""
        self.words = None
        self.lemmas = {}

    def _load(self) -> dict[str, str]:
        if self.words is None:
            self.words = dict(self.connection.execute("SELECT word, keys FROM vocab"))
            self.lemmas = dict(self.connection.execute("SELECT lemma, number FROM lemmas"))
        return self.words

    def _lemma_number(self, lemma: str) -> int:
        number = self.lemmas.get(lemma)
        if number is None:
            number = len(self.lemmas) + 1
            self.connection.execute("INSERT INTO lemmas (number, lemma) VALUES (?, ?)", (number, lemma))
            self.lemmas[lemma] = number
        return number

    def keys(self, word: str) -> str:
        """The keys of a cleaned word, space-separated (analysed and stored if new).

        Stored as ``own keys|keys of its pieces`` (pieces: words run together, see
        :func:`readcli.index.analyzer.piece_keys`); a text word has both, a query word its own.
        """
        words = self._load()
        found = words.get(word)
        if found is None:
            own = word_keys(word, self._lemma_number)
            pieces = [k for k in piece_keys(word, self._lemma_number) if k not in own]
            found = " ".join(own) + ("|" + " ".join(pieces) if pieces else "")
            words[word] = found
            self.connection.execute("INSERT OR REPLACE INTO vocab (word, keys) VALUES (?, ?)", (word, found))
        return found


def sentence_columns(text: str, vocabulary: Vocabulary) -> tuple[str, str]:
    """The ``surf`` and ``keys`` FTS columns of a sentence (the same for insert and delete)."""
    surf, keys = [], []
    for token in tokens(text):
        word = clean(token.text)
        if not word:
            continue
        surf.append(normalize(word))
        keys.append(vocabulary.keys(word).replace("|", " "))
    return " ".join(surf), " ".join(k for k in keys if k)


def _drop_sentences(connection: sqlite3.Connection, name: str, vocabulary: Vocabulary) -> None:
    rows = connection.execute("SELECT id, ar, en FROM sentences WHERE name = ?", (name,)).fetchall()
    for sentence_id, ar, en in rows:
        surf, keys = sentence_columns(ar, vocabulary)
        connection.execute(
            "INSERT INTO ar_fts (ar_fts, rowid, surf, keys) VALUES ('delete', ?, ?, ?)", (sentence_id, surf, keys)
        )
        if en is not None:
            connection.execute("INSERT INTO en_fts (en_fts, rowid, en) VALUES ('delete', ?, ?)", (sentence_id, en))
    connection.execute("DELETE FROM sentences WHERE name = ?", (name,))


def index_sentences(connection, name: str, sentences, vocabulary: Vocabulary, new_ids: list[int]) -> None:
    for sentence in sentences:
        cursor = connection.execute(
            "INSERT INTO sentences (name, number, ar, en) VALUES (?, ?, ?, NULL)", (name, sentence.number, sentence.text)
        )
        surf, keys = sentence_columns(sentence.text, vocabulary)
        connection.execute("INSERT INTO ar_fts (rowid, surf, keys) VALUES (?, ?, ?)", (cursor.lastrowid, surf, keys))
        new_ids.append(cursor.lastrowid)


def sync(connection: sqlite3.Connection, corpus, *, sentences: bool) -> SyncResult:
    """Bring ``files`` and ``facts`` (and with ``sentences`` the sentence index) up to date."""
    result = SyncResult()
    vocabulary = Vocabulary(connection)
    known: dict[str, tuple] = {}
    facts_known: dict[str, tuple] = {}
    version = None  # PRAGMA data_version when ``known`` was read: changes when another process commits

    def read_known() -> None:
        nonlocal version
        known.clear()
        known.update(
            (row[0], row[1:])
            for row in connection.execute(
                "SELECT f.name, f.article, f.size, f.mtime, f.hash, f.indexed, x.title, x.sentences, x.words"
                " FROM files f LEFT JOIN facts x ON x.hash = f.hash"
            )
        )
        version = connection.execute("PRAGMA data_version").fetchone()[0]

    # One read transaction: the list and its version are of the same snapshot.
    connection.execute("BEGIN")
    try:
        read_known()
    finally:
        connection.execute("COMMIT")
    pending = 0
    in_transaction = False
    seen: set[str] = set()

    def begin() -> None:
        """Start (or go on with) a write transaction; inside it ``known`` is current.

        Another process may have written since ``known`` was read (two searches on a new index):
        then it is read again, in this transaction, so no file is indexed twice.
        """
        nonlocal in_transaction, pending
        if not in_transaction:
            connection.execute("BEGIN IMMEDIATE")
            in_transaction = True
            if connection.execute("PRAGMA data_version").fetchone()[0] != version:
                read_known()
                facts_known.clear()
                vocabulary.reset()
        pending += 1

    def commit_if_full() -> None:
        nonlocal in_transaction, pending
        if in_transaction and pending >= BATCH:
            connection.execute("COMMIT")
            in_transaction = False
            pending = 0

    def current(row, st) -> bool:
        return row is not None and row[0] == article.id and row[1] == st.st_size and row[2] == st.st_mtime_ns

    try:
        for article, entry in corpus_listing(corpus, result.problems):
            name = entry.name
            try:
                st = entry.stat()
            except OSError as error:
                result.problems.append(f"{article.path}: cannot read ({error.strerror or error})")
                continue
            row = known.get(name)
            needs_index = sentences and (row is None or row[4] != row[3])
            if current(row, st) and not needs_index and row[5] is not None:
                seen.add(name)
                result.articles.append({
                    "name": name, "id": article.id, "hash": row[3], "path": entry.path,
                    "title": row[5], "sentences": row[6], "words": row[7],
                })
                continue
            try:
                data = read_capped(article.path, MAX_TEXT_BYTES)
            except InputError as error:
                result.problems.append(str(error))
                continue
            digest = hashlib.sha256(data).hexdigest()
            try:
                text = decode_text(data, str(article.path)).text
            except InputError as error:
                result.problems.append(str(error))
                continue  # not in `seen`: any rows of an older version are dropped below
            seen.add(name)
            result.articles.append({"name": name, "id": article.id, "hash": digest, "path": entry.path})
            begin()
            row = known.get(name)  # current now: the transaction holds the write lock
            indexed = row[4] if row is not None else None
            facts = facts_known.get(digest) or connection.execute(
                "SELECT title FROM facts WHERE hash = ?", (digest,)
            ).fetchone()
            if current(row, st) and row[3] == digest and facts is not None and not (sentences and indexed != digest):
                continue  # another process did it meanwhile
            loaded = Article(id=article.id, path=article.path, _text=text)
            if facts is None:
                connection.execute(
                    "INSERT OR REPLACE INTO facts (hash, title, sentences, words) VALUES (?, ?, ?, ?)",
                    (digest, loaded.title, len(loaded.sentences), loaded.word_count),
                )
                facts_known[digest] = (loaded.title,)
            if sentences and indexed != digest:
                if indexed is not None:
                    _drop_sentences(connection, name, vocabulary)
                index_sentences(connection, name, loaded.sentences, vocabulary, result.new_sentences)
                indexed = digest
            connection.execute(
                "INSERT OR REPLACE INTO files (name, article, size, mtime, hash, indexed) VALUES (?, ?, ?, ?, ?, ?)",
                (name, article.id, st.st_size, st.st_mtime_ns, digest, indexed),
            )
            known[name] = (article.id, st.st_size, st.st_mtime_ns, digest, indexed, None, None, None)
            result.changed += 1
            commit_if_full()
        for name in list(known.keys() - seen):
            begin()
            row = known.get(name)
            if row is None:
                continue  # another process removed it meanwhile
            if row[4] is not None:
                _drop_sentences(connection, name, vocabulary)
            connection.execute("DELETE FROM files WHERE name = ?", (name,))
            del known[name]
            result.changed += 1
            commit_if_full()
        if result.changed:
            begin()
            connection.execute("DELETE FROM facts WHERE hash NOT IN (SELECT hash FROM files)")
            connection.execute("DELETE FROM cache WHERE hash NOT IN (SELECT hash FROM files)")
        if in_transaction:
            connection.execute("COMMIT")
            in_transaction = False
    except BaseException:
        if in_transaction:
            try:
                connection.execute("ROLLBACK")
            except sqlite3.Error:
                pass
        raise
    _attach_facts(connection, result)
    return result


# tests/test_search_index.py checks that this listing equals Corpus.articles().


class Listed(NamedTuple):
    """A corpus file as listed: its article id and directory entry; ``path`` made on demand."""

    id: str
    entry: os.DirEntry

    @property
    def path(self) -> Path:
        return Path(self.entry.path)


def corpus_listing(corpus, problems: list[str] | None = None) -> list[tuple[Listed, os.DirEntry]]:
    """(Listed, DirEntry) for each corpus file, in corpus order (:meth:`Corpus.entries`); the
    files it leaves out are added to ``problems``."""
    listed = [(Listed(ARTICLE_NAME.match(entry.name)["id"], entry), entry) for entry in corpus.entries()]
    if problems is not None:
        problems.extend(getattr(corpus, "skipped", ()))
    return listed


def _attach_facts(connection: sqlite3.Connection, result: SyncResult) -> None:
    for entry in result.articles:
        if "title" not in entry:  # new or changed: read back what this sync wrote or found
            title, count, words = connection.execute(
                "SELECT title, sentences, words FROM facts WHERE hash = ?", (entry["hash"],)
            ).fetchone()
            entry.update(title=title, sentences=count, words=words)


