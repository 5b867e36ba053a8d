"""The search index of one corpus folder: open it, keep it current, run queries on it.

>>> with SearchIndex.open(corpus) as index:          # doctest: +SKIP
...     index.update()                                # stat check; re-index what changed
...     hits = index.search("أطفال المدارس", limit=20)

Arabic queries are answered in two steps: FTS5 (bm25 ranking, see :mod:`store`) finds candidate sentences, then
:func:`readcli.index.query.evaluate` checks each exactly (phrases, NOT) and finds the hit words.
English queries (``lang="en"``) search the translations with FTS5's porter stemmer. A damaged
index file is rebuilt once, with a line in :attr:`SearchIndex.notices`.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from readcli.index import store
from readcli.index.analyzer import word_keys
from readcli.index.normalize import clean, is_arabic, tokens
from readcli.sqlite import select_in
from readcli.index.query import (
    QueryError,
    Word,
    english_match,
    evaluate,
    fts_match,
    has_phrase,
    parse,
    sentence_words,
    words_of,
)
from readcli.index.sync import SyncResult, sync
from readcli.index.translations import sync_translations

__all__ = ["SearchIndex", "detect_lang"]

_PAGE = 64
# bm25 column weights of ar_fts: the exact form (surf) counts twice a lemma or clitic-free key.
SURF_WEIGHT, KEYS_WEIGHT = 2.0, 1.0
COUNT_BEYOND = 1000  # hits past --limit checked one by one to count them (phrase queries)
_MARK_START, _MARK_END = "\x01", "\x02"


def detect_lang(query: str) -> str:
    """``ar`` when the query has Arabic letters, else ``en``."""
    return "ar" if is_arabic(query) else "en"


class SearchIndex:
    def __init__(self, corpus, connection: sqlite3.Connection, path: Path, notices: list[str]):
        self.corpus = corpus
        self.connection = connection
        self.path = path
        self.notices = notices  # one line each: a rebuilt index
        self.problems: list[str] = []  # one line each: a corpus file that was skipped

    @classmethod
    def open(cls, corpus) -> "SearchIndex":
        notices: list[str] = []
        connection, path = store.open_store(corpus.root, notices)
        return cls(corpus, connection, path, notices)

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> "SearchIndex":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _guarded(self, work):
        """Run ``work()``; if the file turns out damaged, rebuild it and run it again once."""
        try:
            return work()
        except sqlite3.DatabaseError as error:
            if not store.is_damage(error):
                raise store.store_error(error, self.path) from None
            self.connection = store.rebuild(self.connection, self.path, self.corpus.root, self.notices, error)
        try:
            return work()
        except sqlite3.DatabaseError as error:
            raise store.store_error(error, self.path) from None

    # --- keeping current -------------------------------------------------------------------------

    def update(self, *, translations: bool = True) -> SyncResult:
        """Sync with the corpus folder (and the translation memory); problems in :attr:`problems`."""

        def work():
            result = sync(self.connection, self.corpus, sentences=True)
            if translations:
                sync_translations(self.connection, self.corpus.root, result.new_sentences)
            return result

        result = self._guarded(work)
        self.problems = result.problems
        return result

    def sync_facts(self) -> SyncResult:
        """Sync files and facts only (no sentence index, no lexicon)."""
        result = self._guarded(lambda: sync(self.connection, self.corpus, sentences=False))
        self.problems = result.problems
        return result

    # --- queries ---------------------------------------------------------------------------------

    def _vocab(self, words) -> dict[str, str]:
        return dict(select_in(self.connection, "SELECT word, keys FROM vocab WHERE word IN ({marks})", words))

    def query_keys(self, words: list[Word]) -> dict[Word, frozenset]:
        """Each query word's keys: from the vocabulary when the corpus has the word, else analysed."""
        stored = self._vocab(clean(w.text) for w in words)
        keys: dict[Word, frozenset] = {}
        lemmas: dict[str, int] | None = None
        for word in words:
            bare = clean(word.text)
            if bare in stored:
                keys[word] = frozenset(stored[bare].split("|")[0].split())  # not a glued word's pieces
                continue
            if lemmas is None:
                lemmas = dict(self.connection.execute("SELECT lemma, number FROM lemmas"))
            keys[word] = frozenset(word_keys(bare, lemmas.get))
        return keys

    def _name_filter(self, names: list[str] | None) -> tuple[str, list]:
        if not names:
            return "", []
        return f" AND s.name IN ({','.join('?' * len(names))})", list(names)

    def search(
        self, query: str, *, lang: str | None = None, exact: bool = False,
        names: list[str] | None = None, limit: int = 20, context: int = 0, count: bool = False,
    ) -> "Hits":
        """Ranked hits: article, sentence, ar, en, score, spans (and ``field``, context lines).

        Best first: bm25 over every path a word matched by (exact form, lemma, clitic-free and
        stemmed forms; English words by their porter stems). With ``count``, ``hits.total`` is
        the number of hits there are (``limit`` or not); else it is None.
        """
        tree = parse(query)
        lang = lang or detect_lang(query)
        hits = self._guarded(
            lambda: (self._search_ar if lang == "ar" else self._search_en)(tree, exact, names, limit, count)
        )
        if context:
            for hit in hits:
                self._add_context(hit, context)
        return hits

    def _search_ar(self, tree, exact: bool, names, limit: int, count: bool) -> "Hits":
        words = words_of(tree)
        query_keys = {} if exact else self.query_keys([w for w in words if not w.prefix])
        match = fts_match(tree, lambda w: sorted(query_keys.get(w, ())), exact=exact)
        # FTS5 ranks (bm25); sentences are fetched a page at a time, only as
        # far as the limit needs.
        # (The weights are given here, not as the table's stored rank setting: a setting written
        # by another process while this one has the table open fails its query.)
        ranked = self._execute(
            f"SELECT rowid, bm25(ar_fts, {SURF_WEIGHT}, {KEYS_WEIGHT}) AS score FROM ar_fts"
            " WHERE ar_fts MATCH ? ORDER BY score", [match],
        )
        wanted = set(names) if names else None
        hits = Hits()
        total = 0
        while True:
            page = ranked.fetchmany(min(_PAGE, max(limit, 8)) if limit else _PAGE)
            if not page:
                break
            ranks = dict(page)
            marks = ",".join("?" * len(page))
            rows = {
                row[0]: row[1:]
                for row in self.connection.execute(
                    "SELECT s.id, s.name, f.article, s.number, s.ar, s.en FROM sentences s"
                    f" JOIN files f ON f.name = s.name WHERE s.id IN ({marks})",
                    list(ranks),
                )
            }
            vocab = self._vocab(clean(t) for row in rows.values() for t in _words(row[3]))
            for sentence_id, rank in page:
                if sentence_id not in rows:
                    continue
                name, article, number, ar, en = rows[sentence_id]
                if wanted is not None and name not in wanted:
                    continue
                sentence = sentence_words(ar, lambda w, vocab=vocab: vocab.get(w, "").replace("|", " "))
                found = evaluate(tree, sentence, query_keys, exact=exact)
                if found is None:
                    continue
                total += 1
                if limit and len(hits) >= limit:
                    continue  # counting only
                spans = [list(sentence.spans[i]) for i in sorted(found)]
                hits.append(_hit(article, number, ar, en, rank, spans, "ar"))
                if limit and len(hits) >= limit:
                    if not count:
                        return hits
                    if not has_phrase(tree):
                        # FTS5 decides a query without phrases as evaluate() does: count there.
                        hits.total = self._count_ar(match, names)
                        return hits
            if count and limit and total - len(hits) >= COUNT_BEYOND:
                hits.total, hits.more = total, True  # "at least": checking every one costs too much
                return hits
        hits.total = total if count else None
        return hits

    def _count_ar(self, match: str, names) -> int:
        if not names:
            return self._execute("SELECT count(*) FROM ar_fts WHERE ar_fts MATCH ?", [match]).fetchone()[0]
        where, params = self._name_filter(names)
        return self._execute(
            "SELECT count(*) FROM ar_fts JOIN sentences s ON s.id = ar_fts.rowid"
            f" WHERE ar_fts MATCH ?{where}", [match, *params],
        ).fetchone()[0]

    def _search_en(self, tree, exact: bool, names, limit: int, count: bool) -> "Hits":
        where, params = self._name_filter(names)
        sql = (
            "SELECT s.id, f.article, s.number, s.ar, s.en, bm25(en_fts),"
            f" highlight(en_fts, 0, char(1), char(2)) FROM en_fts"
            " JOIN sentences s ON s.id = en_fts.rowid JOIN files f ON f.name = s.name"
            f" WHERE en_fts MATCH ?{where} ORDER BY bm25(en_fts), s.id"
        )
        if limit:
            sql += f" LIMIT {int(limit)}"
        rows = self._execute(sql, [english_match(tree), *params]).fetchall()
        hits = Hits(_hit(a, n, ar, en, rank, _marked_spans(marked), "en") for _, a, n, ar, en, rank, marked in rows)
        if count:
            hits.total = len(hits)
            if limit and len(hits) >= limit:
                hits.total = self._execute(
                    "SELECT count(*) FROM en_fts JOIN sentences s ON s.id = en_fts.rowid"
                    f" WHERE en_fts MATCH ?{where}", [english_match(tree), *params],
                ).fetchone()[0]
        return hits

    def _execute(self, sql: str, params):
        try:
            return self.connection.execute(sql, params)
        except sqlite3.OperationalError as error:
            if "fts5" in str(error) or "syntax" in str(error):
                raise QueryError(f"cannot search for that query ({error}); quote words with special characters") from None
            raise

    def _add_context(self, hit: dict, context: int) -> None:
        rows = self.connection.execute(
            "SELECT s.number, s.ar, s.en FROM sentences s JOIN files f ON f.name = s.name"
            " WHERE f.article = ? AND s.number BETWEEN ? AND ? AND s.number != ? ORDER BY s.number",
            (hit["article"], hit["sentence"] - context, hit["sentence"] + context, hit["sentence"]),
        ).fetchall()
        hit["before"] = [{"sentence": n, "ar": ar, "en": en} for n, ar, en in rows if n < hit["sentence"]]
        hit["after"] = [{"sentence": n, "ar": ar, "en": en} for n, ar, en in rows if n > hit["sentence"]]


def _words(text: str) -> list[str]:
    return [t.text for t in tokens(text)]


class Hits(list):
    """The hits shown, best first; ``total``: how many there are in all (when counted), or with
    ``more`` a lower bound (a phrase query with more than :data:`COUNT_BEYOND` hits past the
    limit is not checked to the end)."""

    total: int | None = None
    more: bool = False


def _hit(article, number, ar, en, rank, spans, field) -> dict:
    # Four significant digits: bm25 of a word in most sentences is tiny (FTS5 floors its idf at
    # 1e-6), yet it still orders the hits.
    return {
        "article": article, "sentence": number, "ar": ar, "en": en,
        "score": float(f"{-rank:.4g}") + 0.0, "field": field, "spans": spans,
    }


def _marked_spans(marked: str) -> list[list[int]]:
    """Character spans of the highlighted parts of ``highlight()`` output, in the unmarked text."""
    spans, offset, start = [], 0, None
    for char in marked:
        if char == _MARK_START:
            start = offset
        elif char == _MARK_END and start is not None:
            spans.append([start, offset])
            start = None
        else:
            offset += 1
    return spans
