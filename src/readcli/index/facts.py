"""Per-article facts (title, sentences, words) kept in the search index, for ``readcli list``.

:func:`article_facts` stats every corpus file and reads only those whose size or modification
time changed since the last call (then hashes them; only new content is decoded and split), so a
warm call costs a directory listing and one query, whatever the corpus size. It never indexes
sentences nor loads the lexicon.
"""

from __future__ import annotations

from typing import NamedTuple

from readcli.index.index import SearchIndex

__all__ = ["FactsResult", "article_facts"]


class FactsResult(NamedTuple):
    articles: list[dict]  # corpus order: id, title, sentences, words, hash, path (str)
    problems: list[str]  # one line per corpus file skipped (undecodable, unreadable)
    notices: list[str]  # one line per index rebuilt (damaged or from another version)


def article_facts(corpus) -> FactsResult:
    """Facts of every readable article of ``corpus`` (a :class:`readcli.corpus.Corpus`)."""
    with SearchIndex.open(corpus) as index:
        result = index.sync_facts()
        rows = [
            {k: entry[k] for k in ("id", "title", "sentences", "words", "hash", "path")}
            for entry in result.articles
        ]
        return FactsResult(rows, result.problems, list(index.notices))
