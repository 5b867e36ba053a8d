"""The glossary of a set of articles: content terms with counts, articles, English glosses, examples.

Terms are of three kinds:

- **words**, grouped by lemma with the Buckwalter lexicon (:mod:`readcli.dictionary`), so that
  الجزائر، والجزائر، بالجزائر، للجزائر count together. A word with several analyses gets the
  lemma best supported by the whole text (the lemma that the most tokens could have), ties going
  to the reading with fewer clitics. A nisba adjective is counted with the proper noun it derives
  from when both occur (الجزائري with الجزائر: a place counts every mention). Words the lexicon
  does not know (mostly foreign names such as جوشوا) are grouped by their form with a leading
  و، ف، ب، ل، ك or ال split off when the rest also occurs on its own.
- **names**: runs of two or more proper nouns or unknown words in one clause (جوشوا هاريس), the
  lexicon's ``NOUN_PROP`` tag being the evidence;
- **phrases**: n-grams of 2 to 4 content words that occur at least twice (مجلس الأمن), kept only
  when no longer phrase occurs as often.

Function words are never terms: a word is one when any of its analyses has a non-content part of
speech in the lexicon (prepositions, conjunctions, pronouns, particles, adverbs, the lexicon's
``FW`` categories), plus a short list of auxiliary and reporting verbs (:data:`LIGHT_LEMMAS`).

English glosses, in order of precedence: the user's glossary (``corpus/glossary.tsv``), the
lexicon's gloss of the lemma, the translation model (when an ar->en package is installed, for
terms the lexicon has no gloss for: most names and phrases), and last a word-by-word gloss from
the lexicon (``council + security``). ``source`` says which: user, lexicon, model, lexicon-words,
or empty when nothing glosses the term.

One module per job: :mod:`~readcli.glossary.tokens` (words and clauses),
:mod:`~readcli.glossary.readings` (choosing each word's reading), :mod:`~readcli.glossary.terms`
(words, names, phrases), :mod:`~readcli.glossary.sources` (user, model and word-by-word glosses)
and :mod:`~readcli.glossary.interlinear` (``show --gloss``); this module puts them together.

Pure core: no terminal code, no model import unless a model gloss is needed.
"""

from __future__ import annotations

from typing import Callable, Iterable

from readcli.dictionary import Lexicon, lexicon as default_lexicon
from readcli.glossary.interlinear import WordGloss, interlinear
from readcli.glossary.readings import (
    CALENDAR,
    DEFAULT_PRIOR,
    LIGHT_LEMMAS,
    Analyzer,
    WordInfo,
    analyzer_piece,
    lemma_prior,
)
from readcli.glossary.sources import apply_user_glossary, gloss_with_model, word_by_word
from readcli.glossary.terms import (
    MAX_NAME,
    MAX_PHRASE,
    ArticleOrder,
    Term,
    WordStats,
    filter_terms,
    multiword_terms,
    word_term,
)
from readcli.glossary.tokens import (
    Sentences,
    Token,
    article_tokens,
    corpus_sentences,
    sentence_rows,
    split_glued,
    tokenize,
    tokens_of_rows,
)

__all__ = [
    "CALENDAR",
    "DEFAULT_PRIOR",
    "LIGHT_LEMMAS",
    "MAX_NAME",
    "MAX_PHRASE",
    "Analyzer",
    "Term",
    "Sentences",
    "Token",
    "WordGloss",
    "WordInfo",
    "analyzer_piece",
    "article_tokens",
    "build_glossary",
    "model_free_terms",
    "sentence_rows",
    "filter_terms",
    "interlinear",
    "lemma_prior",
    "split_glued",
    "tokens_of_rows",
    "tokenize",
]


def build_glossary(
    articles: Iterable,
    *,
    user_glossary: dict[str, str] | None = None,
    model: bool | None = None,
    lex: Lexicon | None = None,
    translate: Callable[[list[str]], list[str]] | None = None,
    cache=None,
    hashes: list[str | None] | None = None,
) -> list[Term]:
    """The terms of ``articles`` (objects with ``.id`` and ``.sentences``), most frequent first.

    ``model``: True to gloss with the translation model (an error if none is installed), False
    never, None (default) when an ar->en package is installed. ``translate`` replaces the model
    (tests).

    ``cache``: a :class:`readcli.index.cache.Cache` (or None), with ``hashes`` the content hash of
    each article (None for one without a stable hash: it is analysed and never stored). The
    model-free part is then taken from the cache when it can be (:mod:`readcli.glossary.cache`);
    the result is the same as without one.
    """
    from readcli.glossary.cache import GlossaryCache, corpus_key  # start-up: `coverage`, `search` load the package, not it

    user_glossary = dict(user_glossary or {})
    articles = list(articles)
    ids = [a.id for a in articles]
    store = GlossaryCache(cache)
    hashes = list(hashes) if hashes is not None else [None] * len(articles)
    whole = cache is not None and all(hashes)  # the corpus result has a key
    key = corpus_key(ids, hashes, user_glossary) if whole else None

    terms = store.load_terms(key) if key else None
    if terms is None:
        rows = store.article_rows(articles, hashes) if cache is not None else [sentence_rows(a) for a in articles]
        terms = model_free_terms(rows, ids, user_glossary, lex or default_lexicon())
        if key:
            store.store_terms(key, terms)

    gloss_with_model(terms, model=model, translate=translate, user_glossary=user_glossary)
    for term in terms.values():
        if not term.english and term.fallback:
            term.english, term.source = term.fallback, "lexicon-words"

    return sorted(terms.values(), key=lambda t: (-t.count, t.kind != "name", t.term))


def model_free_terms(article_rows, ids: list[str], user_glossary: dict[str, str], lex: Lexicon) -> dict[str, Term]:
    """Every term of the articles (each one's :func:`sentence_rows`), with the lexicon's and the
    user's glosses and each unglossed name's or phrase's word-by-word ``fallback``: all that does
    not depend on the translation model. Keys: ``w:`` word, ``m:`` name or phrase, ``u:`` user."""
    order = ArticleOrder(ids)
    sentences = corpus_sentences(article_rows, lex)
    text = WordStats(sentences)
    analyzer = Analyzer(lex, text.counts)

    terms: dict[str, Term] = {}
    groups: dict[str, list[str]] = {}  # group key -> its distinct words, in order of first use
    infos = analyzer.words
    for word in text.first:
        info = infos[word]
        if info.content:
            groups.setdefault(info.key, []).append(word)

    # Nisba adjectives join the proper noun they derive from, when both occur.
    merged_into: dict[str, str] = {}
    for key in list(groups):
        target = analyzer.family.get(key, key)
        if target != key and target in groups:
            merged_into[key] = target
    for key, target in merged_into.items():
        groups[target].extend(groups.pop(key))

    for key, group in groups.items():
        terms["w:" + key] = word_term(key, group, analyzer, order, merged_into, text)

    for term in multiword_terms(sentences, analyzer, order):
        terms.setdefault("m:" + term.term, term)

    apply_user_glossary(terms, user_glossary, sentences, analyzer, order)
    for term in terms.values():
        if not term.english and term.kind != "word":
            term.fallback = word_by_word(term.term, analyzer, names=term.kind == "name")
    return terms
