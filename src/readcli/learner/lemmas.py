"""Words to lemmas for the learner: what a word is known by, and what an article is made of.

A word is known by its lemma (a Buckwalter lemma id, e.g. ``safiyr_1``), so every clitic and
inflected form counts together: السفير، وبالسفير، سفيرها and the broken plural سفراء are all
``safiyr_1`` in the lexicon. A word the lexicon cannot analyse (mostly foreign names) is known by
its normalised form (:func:`readcli.index.normalize.normalize`) with ``?`` in front.

In an article each word gets the reading the glossary and ``show --gloss`` give it (the one best
supported by the article, :mod:`readcli.glossary.readings`); a word given on the command line has
no context, so it may have several readings (عام: general, or year): the caller asks which, or
takes the most likely one (the shipped lemma prior).

Pure core: no terminal code.
"""

from __future__ import annotations

from collections import Counter
from typing import NamedTuple

from readcli.arabic import RUN
from readcli.dictionary import Lexicon, clean_word, lemma_arabic, lexicon
from readcli.glossary.interlinear import interlinear, interlinear_articles
from readcli.glossary.readings import DEFAULT_PRIOR, lemma_prior
from readcli.glossary.tokens import CHUNK
from readcli.index.analyzer import LEMMA_GROUPS
from readcli.index.normalize import normalize

ARABIC_WORD = RUN  # an Arabic run (letters, their variants, tatweel, marks): one word


class Reading(NamedTuple):
    """One lemma a word may be: its key, the lemma in Arabic, part of speech and first gloss."""

    key: str
    lemma: str
    pos: str
    gloss: str


def group(lemma_id: str) -> str:
    return LEMMA_GROUPS.get(lemma_id, lemma_id)


def unknown_key(word: str) -> str:
    """The key of a word the lexicon cannot analyse: ``?`` and its normalised form."""
    return "?" + normalize(clean_word(word))


def is_unknown_key(key: str) -> bool:
    return key.startswith("?")


def key_lemma(key: str) -> str:
    """The Arabic shown for a key: the lemma (``safiyr_1`` -> سفير) or the stored form."""
    return key[1:] if is_unknown_key(key) else lemma_arabic(key)


def _prior(lemma_id: str, prior: dict[str, float]) -> float:
    return prior.get(lemma_id, DEFAULT_PRIOR)


def readings(word: str, lex: Lexicon) -> list[Reading]:
    """The distinct lemmas of a word, most likely first: its content readings, or all its
    readings when it has only function ones. Empty when the lexicon has none."""
    analyses = lex.analyze(word)
    chosen = [a for a in analyses if a.is_content] or list(analyses)
    found: dict[str, Reading] = {}
    for a in chosen:
        key = group(a.lemma_id)
        if key not in found:
            found[key] = Reading(key, lemma_arabic(key), a.pos, a.first_gloss)
    prior = lemma_prior()
    return sorted(found.values(), key=lambda r: -_prior(r.key, prior))


def best_key(word: str, lex: Lexicon, prior: dict[str, float]) -> tuple[str, int] | None:
    """The most likely lemma of a word and how many lemmas it may be; None without a reading.
    The fast path for long word lists (:meth:`Lexicon.lemma_readings`)."""
    found = lex.lemma_readings(word)
    if not found:
        return None
    chosen = [r for r in found if r[2]] or list(found)
    keys = list(dict.fromkeys(group(r[0]) for r in chosen))
    best = max(keys, key=lambda k: _prior(k, prior))  # the first of equals: the lexicon's order
    return best, len(keys)


def words_of(text: str) -> list[str]:
    """The Arabic words of a text field (harakat and tatweel removed)."""
    return [w for w in (clean_word(m.group()) for m in ARABIC_WORD.finditer(text)) if w]


# --- articles ------------------------------------------------------------------------------


class Occurrence(NamedTuple):
    """A lemma in one article: how often its content words occur and where it is first read."""

    key: str
    count: int
    lemma: str  # Arabic
    gloss: str
    pos: str
    form: str  # the word as first read (its bare letters)
    sentence: int  # number of the sentence it is first read in (as `readcli sentences` numbers)
    text: str  # that sentence
    start: int  # the word's character span in the sentence text
    end: int


def article_words(article, lex: Lexicon | None = None, user_glossary: dict[str, str] | None = None, rows=None):
    """Each sentence of the article with its words as ``show --gloss`` reads them:
    (sentence, [(WordGloss, start, end)]) with each word's span in the sentence text. ``rows``:
    the article's :func:`readcli.glossary.interlinear.interlinear` rows, when already made."""
    if rows is None:
        rows = interlinear(article, user_glossary=user_glossary, lex=lex)
    for sentence, row in zip(article.sentences, rows):
        spans = [(m.start(), m.end()) for m in CHUNK.finditer(sentence.text)]
        yield sentence, [(word, *span) for word, span in zip(row, spans)]


def article_lemmas(article, lex: Lexicon | None = None, user_glossary: dict[str, str] | None = None,
                   rows=None) -> dict[str, Occurrence]:
    """Every content lemma of an article with its count and first occurrence, most frequent
    first (ties: first read first)."""
    lex = lex or lexicon()
    counts: Counter = Counter()
    first: dict[str, Occurrence] = {}
    for sentence, words in article_words(article, lex, user_glossary, rows):
        for item, start, end in words:
            if not (item.word and item.content and item.key):
                continue
            counts[item.key] += 1
            if item.key not in first:
                # The chunk holds punctuation too: the span of its Arabic letters.
                match = ARABIC_WORD.search(item.text)
                a, b = (start + match.start(), start + match.end()) if match else (start, end)
                first[item.key] = Occurrence(
                    item.key, 0, item.lemma, _lemma_gloss(item, lex), item.pos, item.word, sentence.number,
                    sentence.text, a, b,
                )
    order = sorted(first, key=lambda k: -counts[k])  # stable: first read first among equals
    return {k: first[k]._replace(count=counts[k]) for k in order}


def corpus_lemmas(articles, lex: Lexicon | None = None, user_glossary: dict[str, str] | None = None):
    """(article, :func:`article_lemmas`) for each article, with one analysis of all of them
    (:func:`readcli.glossary.interlinear.interlinear_articles`): for ``export anki`` of many."""
    lex = lex or lexicon()
    articles = list(articles)
    for article, rows in zip(articles, interlinear_articles(articles, user_glossary=user_glossary, lex=lex)):
        yield article, article_lemmas(article, lex, user_glossary, rows)


_GLOSSES: dict[tuple[str, str], str] = {}


def _lemma_gloss(item, lex: Lexicon) -> str:
    """The gloss of the word's lemma itself (``ambassador``, not ``and the ambassador``); the
    user's gloss when the corpus glossary gives one."""
    if item.source == "user" or is_unknown_key(item.key):
        return item.gloss
    known = _GLOSSES.get((item.word, item.key))
    if known is not None:
        return known
    gloss = item.gloss
    for a in lex.analyze(item.word):
        if group(a.lemma_id) == item.key:
            gloss = a.first_gloss
            break
    _GLOSSES[(item.word, item.key)] = gloss
    return gloss


def lemma_counts(article, lex: Lexicon | None = None, user_glossary: dict[str, str] | None = None) -> dict[str, int]:
    """Key -> number of running content words of the article with that lemma (the user's glossary
    changes glosses only, never the counts)."""
    return {k: o.count for k, o in article_lemmas(article, lex, user_glossary).items()}


def unknown_spans(article, is_covered, user_glossary: dict[str, str] | None = None) -> set[tuple[int, int]]:
    """Character spans of ``article.text`` (whitespace-separated words) holding a content word
    whose key ``is_covered(key)`` says is not known: what ``show --unknown`` marks."""
    spans: set[tuple[int, int]] = set()
    text = article.text
    for sentence, words in article_words(article, user_glossary=user_glossary):
        raw = [(sentence.start + m.start(), sentence.start + m.end()) for m in CHUNK.finditer(text[sentence.start : sentence.end])]
        for (item, _, _), span in zip(words, raw):
            if item.word and item.content and item.key and not is_covered(item.key):
                spans.add(span)
    return spans
