"""The interlinear data: every word of an article with its lemma and a short English gloss.

The core of ``readcli show --gloss``; :mod:`readcli.render.interlinear` lays it out.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from readcli.dictionary import Lexicon, clean_word, lexicon as default_lexicon
from readcli.glossary.readings import Analyzer, analyzer_piece
from readcli.glossary.tokens import ARABIC_RUN, CHUNK, split_glued


@dataclass(frozen=True)
class WordGloss:
    """One word of a text for the interlinear view."""

    text: str  # the word as written, punctuation included
    word: str  # its bare Arabic letters; empty for numbers, Latin words, punctuation
    lemma: str
    gloss: str
    source: str  # user, lexicon, or empty
    key: str = ""  # the learner's key: a Buckwalter lemma id, "?" + the form for an unknown word
    content: bool = False  # a content word (counted by coverage), not a function word
    pos: str = ""  # the reading's part of speech (empty for a word the lexicon does not know)


def learner_key(info) -> str:
    """The key a word is known by (:mod:`readcli.learner`): its reading's lemma id (lemmas the
    lexicon keeps apart but that are one word, such as امرأة and نساء, share one), or ``?`` and
    the normalised form for a word the lexicon does not know."""
    from readcli.index.analyzer import LEMMA_GROUPS  # start-up: `glossary` does not load the index modules
    from readcli.index.normalize import normalize

    if info.best is None:
        return "?" + normalize(info.form)
    return LEMMA_GROUPS.get(info.best.lemma_id, info.best.lemma_id)


def interlinear(article, *, user_glossary: dict[str, str] | None = None, lex: Lexicon | None = None) -> list[list[WordGloss]]:
    """Every word of ``article``, sentence by sentence, with the lemma and a short English gloss.

    Each word gets the reading best supported by the article (as in
    :func:`readcli.glossary.build_glossary`); the user's glossary overrides the lexicon for a word
    or its clitic-free form.
    """
    return interlinear_articles([article], user_glossary=user_glossary, lex=lex)[0]


def interlinear_articles(articles, *, user_glossary: dict[str, str] | None = None,
                         lex: Lexicon | None = None) -> list[list[list[WordGloss]]]:
    """:func:`interlinear` of several articles at once, with one analysis: each word's reading is
    the one best supported by all of them (as ``glossary`` does for several articles), and each
    distinct word is analysed once, however many articles it occurs in."""
    lex = lex or default_lexicon()
    user = user_glossary or {}
    counts: Counter = Counter()
    per_article = []
    cleaned: dict[str, str] = {}  # a chunk -> its word (the same chunks recur across articles)
    for article in articles:
        chunks_by_sentence = []
        for sentence in article.sentences:
            chunks = []
            for chunk in CHUNK.finditer(sentence.text):
                piece = chunk.group()
                word = cleaned.get(piece)
                if word is None:
                    runs = ARABIC_RUN.findall(piece)
                    word = cleaned[piece] = clean_word(runs[0]) if len(runs) == 1 else ""
                if word:
                    counts[word] += 1
                chunks.append((piece, word))
            chunks_by_sentence.append(chunks)
        per_article.append(chunks_by_sentence)
    analyzer = Analyzer(lex, counts)
    fields: dict[str, tuple] = {}  # word -> every WordGloss field after ``text``

    def word_fields(word: str) -> tuple:
        info = analyzer[word]
        override = user.get(word) or user.get(info.form)
        best = info.best
        learner = (learner_key(info), info.content, best.pos if best else "")
        if override:
            return (word, best.lemma if best else info.form, override, "user", *learner)
        if best is not None:
            return (word, best.lemma, best.short_gloss, "lexicon", *learner)
        parts = split_glued(word, lex, counts)
        readings = [analyzer_piece(lex, p) for p in parts] if parts else []
        if readings and all(readings):
            lemma = " ".join(r.lemma for r in readings)
            return (word, lemma, " + ".join(r.short_gloss for r in readings), "lexicon")
        return (word, info.form, "", "", *learner)

    out = []
    for chunks_by_sentence in per_article:
        rows = []
        for chunks in chunks_by_sentence:
            row = []
            for piece, word in chunks:
                if not word:
                    row.append(WordGloss(piece, "", "", "", ""))
                    continue
                found = fields.get(word)
                if found is None:
                    found = fields[word] = word_fields(word)
                row.append(WordGloss(piece, *found))
            rows.append(row)
        out.append(rows)
    return out
