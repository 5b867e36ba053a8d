"""A cache of per-article results for other commands, in the search index file.

Values are blobs keyed by (content hash, kind, version): e.g. the glossary's lemma counts of one
article (``kind="lemma-counts"``, ``version`` = the analyser's version), so that only new or
changed articles are analysed again. A new ``version`` simply misses; entries of content no
longer in the corpus are dropped by the next sync (:mod:`readcli.index.sync`). The caller
serialises its values (JSON, pickle of plain data...). Writes are one transaction per
:meth:`Cache.put_many`.

>>> with open_cache(corpus) as cache:                          # doctest: +SKIP
...     found = cache.get_many([a_hash, b_hash], "lemma-counts", "1")
...     cache.put_many({c_hash: blob}, "lemma-counts", "1")
"""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager

from readcli.index.index import SearchIndex
from readcli.sqlite import select_in

__all__ = ["Cache", "open_cache"]


class Cache:
    def __init__(self, connection: sqlite3.Connection):
        self.connection = connection

    def get(self, content_hash: str, kind: str, version: str) -> bytes | None:
        row = self.connection.execute(
            "SELECT value FROM cache WHERE hash = ? AND kind = ? AND version = ?", (content_hash, kind, version)
        ).fetchone()
        return row[0] if row else None

    def get_many(self, hashes, kind: str, version: str) -> dict[str, bytes]:
        sql = "SELECT hash, value FROM cache WHERE kind = ? AND version = ? AND hash IN ({marks})"
        return dict(select_in(self.connection, sql, hashes, [kind, version]))

    def put(self, content_hash: str, kind: str, version: str, value: bytes) -> None:
        self.put_many({content_hash: value}, kind, version)

    def put_many(self, values: dict[str, bytes], kind: str, version: str) -> None:
        """Store the values in one transaction; other versions of the same kind are dropped."""
        self.connection.execute("BEGIN IMMEDIATE")
        try:
            self.connection.execute("DELETE FROM cache WHERE kind = ? AND version != ?", (kind, version))
            self.connection.executemany(
                "INSERT OR REPLACE INTO cache (hash, kind, version, value) VALUES (?, ?, ?, ?)",
                [(h, kind, version, sqlite3.Binary(v)) for h, v in values.items()],
            )
            self.connection.execute("COMMIT")
        except BaseException:
            self.connection.execute("ROLLBACK")
            raise


@contextmanager
def open_cache(corpus):
    """The cache of ``corpus``'s index (created if absent, rebuilt if damaged: empty then)."""
    with SearchIndex.open(corpus) as index:
        yield Cache(index.connection)
