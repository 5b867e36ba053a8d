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
    return _Sync(connection, sentences).run(corpus)


class _Sync:
    """One sync: read what is indexed, then visit each corpus file, update what changed and drop
    what is gone, in write transactions of :data:`BATCH` files.

    ``known`` (file name -> row) is read in one snapshot, and read again inside each write
    transaction whenever another process committed since (``PRAGMA data_version``), so two
    processes syncing a new index at once never index a file twice.
    """

    def __init__(self, connection: sqlite3.Connection, sentences: bool):
        self.connection = connection
        self.sentences = sentences
        self.result = SyncResult()
        self.vocabulary = Vocabulary(connection)
        self.known: dict[str, tuple] = {}
        self.facts_known: dict[str, tuple] = {}
        self.version = None  # PRAGMA data_version when ``known`` was read
        self.pending = 0
        self.in_transaction = False
        self.seen: set[str] = set()

    def run(self, corpus) -> SyncResult:
        # One read transaction: the list and its version are of the same snapshot.
        self.connection.execute("BEGIN")
        try:
            self.read_known()
        finally:
            self.connection.execute("COMMIT")
        try:
            for article, entry in corpus_listing(corpus, self.result.problems):
                self.visit(article, entry)
            self.drop_gone()
            if self.result.changed:
                self.begin()
                self.connection.execute("DELETE FROM facts WHERE hash NOT IN (SELECT hash FROM files)")
                self.connection.execute("DELETE FROM cache WHERE hash NOT IN (SELECT hash FROM files)")
            if self.in_transaction:
                self.connection.execute("COMMIT")
                self.in_transaction = False
        except BaseException:
            if self.in_transaction:
                try:
                    self.connection.execute("ROLLBACK")
                except sqlite3.Error:
                    pass
            raise
        _attach_facts(self.connection, self.result)
        return self.result

    def read_known(self) -> None:
        self.known.clear()
        self.known.update(
            (row[0], row[1:])
            for row in self.connection.execute(
                "SELECT f.name, f.article, f.size, f.mtime, f.hash, f.indexed, x.title, x.sentences, x.words"
                " FROM files f LEFT JOIN facts x ON x.hash = f.hash"
            )
        )
        self.version = self.connection.execute("PRAGMA data_version").fetchone()[0]

    def begin(self) -> None:
        """Start (or go on with) a write transaction; inside it ``known`` is current.

        Another process may have written since ``known`` was read (two searches on a new index):
        then it is read again, in this transaction, so no file is indexed twice.
        """
        if not self.in_transaction:
            self.connection.execute("BEGIN IMMEDIATE")
            self.in_transaction = True
            if self.connection.execute("PRAGMA data_version").fetchone()[0] != self.version:
                self.read_known()
                self.facts_known.clear()
                self.vocabulary.reset()
        self.pending += 1

    def commit_if_full(self) -> None:
        if self.in_transaction and self.pending >= BATCH:
            self.connection.execute("COMMIT")
            self.in_transaction = False
            self.pending = 0

    @staticmethod
    def current(row, article, st) -> bool:
        return row is not None and row[0] == article.id and row[1] == st.st_size and row[2] == st.st_mtime_ns

    def visit(self, article, entry) -> None:
        """One corpus file: its facts from the index when unchanged, else read and updated."""
        name = entry.name
        try:
            st = entry.stat()
        except OSError as error:
            self.result.problems.append(f"{article.path}: cannot read ({error.strerror or error})")
            return
        row = self.known.get(name)
        needs_index = self.sentences and (row is None or row[4] != row[3])
        if self.current(row, article, st) and not needs_index and row[5] is not None:
            self.seen.add(name)
            self.result.articles.append({
                "name": name, "id": article.id, "hash": row[3], "path": entry.path,
                "title": row[5], "sentences": row[6], "words": row[7],
            })
            return
        try:
            data = read_capped(article.path, MAX_TEXT_BYTES)
        except InputError as error:
            self.result.problems.append(str(error))
            return
        digest = hashlib.sha256(data).hexdigest()
        try:
            text = decode_text(data, str(article.path)).text
        except InputError as error:
            self.result.problems.append(str(error))
            return  # not in `seen`: any rows of an older version are dropped by drop_gone
        self.seen.add(name)
        self.result.articles.append({"name": name, "id": article.id, "hash": digest, "path": entry.path})
        self.update(article, name, st, digest, text)

    def update(self, article, name: str, st, digest: str, text: str) -> None:
        """Store a read file's facts, sentences and stat, unless another process did meanwhile."""
        connection = self.connection
        self.begin()
        row = self.known.get(name)  # current now: the transaction holds the write lock
        indexed = row[4] if row is not None else None
        facts = self.facts_known.get(digest) or connection.execute(
            "SELECT title FROM facts WHERE hash = ?", (digest,)
        ).fetchone()
        if (self.current(row, article, st) and row[3] == digest and facts is not None
                and not (self.sentences and indexed != digest)):
            return  # another process did it meanwhile
        loaded = Article(id=article.id, path=article.path, _text=text)
        if facts is None:
            connection.execute(
                "INSERT OR REPLACE INTO facts (hash, title, sentences, words) VALUES (?, ?, ?, ?)",
                (digest, loaded.title, len(loaded.sentences), loaded.word_count),
            )
            self.facts_known[digest] = (loaded.title,)
        if self.sentences and indexed != digest:
            if indexed is not None:
                _drop_sentences(connection, name, self.vocabulary)
            index_sentences(connection, name, loaded.sentences, self.vocabulary, self.result.new_sentences)
            indexed = digest
        connection.execute(
            "INSERT OR REPLACE INTO files (name, article, size, mtime, hash, indexed) VALUES (?, ?, ?, ?, ?, ?)",
            (name, article.id, st.st_size, st.st_mtime_ns, digest, indexed),
        )
        self.known[name] = (article.id, st.st_size, st.st_mtime_ns, digest, indexed, None, None, None)
        self.result.changed += 1
        self.commit_if_full()

    def drop_gone(self) -> None:
        """Rows of files no longer in the corpus (or no longer readable) are removed."""
        for name in list(self.known.keys() - self.seen):
            self.begin()
            row = self.known.get(name)
            if row is None:
                continue  # another process removed it meanwhile
            if row[4] is not None:
                _drop_sentences(self.connection, name, self.vocabulary)
            self.connection.execute("DELETE FROM files WHERE name = ?", (name,))
            del self.known[name]
            self.result.changed += 1
            self.commit_if_full()


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


