"""Search inside one article (the reader's ``/``), with the matching of ``readcli search``.

The query language (:func:`readcli.index.query.parse`), the keys of each word
(:func:`readcli.index.analyzer.word_keys` and ``piece_keys``) and the exact check of a sentence
(:func:`readcli.index.query.evaluate`) are the ones the index uses; only the index file is left
out, so an article outside the corpus (a file, stdin) can be searched too and nothing is written.
Lemma ids are numbered here as they are first seen, on both sides of the match, which gives the
same keys the index compares. Each distinct word is analysed once.
"""

from __future__ import annotations

from typing import NamedTuple

from readcli.index.analyzer import piece_keys, word_keys
from readcli.index.normalize import clean
from readcli.index.query import evaluate, parse, sentence_words, words_of


class Hit(NamedTuple):
    sentence: int  # index into the sentences searched (from 0)
    spans: tuple[tuple[int, int], ...]  # character spans of the matching words in the sentence text


class ArticleMatcher:
    def __init__(self) -> None:
        self._lemmas: dict[str, int] = {}
        self._text_keys: dict[str, str] = {}

    def _lemma_number(self, lemma: str) -> int:
        return self._lemmas.setdefault(lemma, len(self._lemmas) + 1)

    def _keys(self, word: str) -> str:
        """A text word's keys, space-separated: its own and those of its pieces (as indexed)."""
        found = self._text_keys.get(word)
        if found is None:
            own = word_keys(word, self._lemma_number)
            pieces = [k for k in piece_keys(word, self._lemma_number) if k not in own]
            found = self._text_keys[word] = " ".join(own + pieces)
        return found

    def search(self, query: str, sentences: list[str], *, cancelled=lambda: False) -> list[Hit]:
        """Every sentence (in order) that matches ``query``, with the spans of the matching words.

        Raises :class:`readcli.index.query.QueryError` for a query that cannot be parsed.
        ``cancelled()`` is asked between sentences (a newer search replaces this one).
        """
        tree = parse(query)
        words = words_of(tree)
        query_keys = {w: frozenset(word_keys(clean(w.text), self._lemma_number)) for w in words if not w.prefix}
        hits: list[Hit] = []
        for index, text in enumerate(sentences):
            if cancelled():
                break
            sentence = sentence_words(text, self._keys)
            found = evaluate(tree, sentence, query_keys, exact=False)
            if found is not None:
                hits.append(Hit(index, tuple(sentence.spans[i] for i in sorted(found))))
        return hits
