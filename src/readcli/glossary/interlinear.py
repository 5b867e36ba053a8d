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


def interlinear(article, *, user_glossary: dict[str, str] | None = None, lex: Lexicon | None = None) -> list[list[WordGloss]]:
    """Every word of ``article``, sentence by sentence, with the lemma and a short English gloss.

    Each word gets the reading best supported by the article (as in
    :func:`readcli.glossary.build_glossary`); the user's glossary overrides the lexicon for a word
    or its clitic-free form.
    """
    lex = lex or default_lexicon()
    user = user_glossary or {}
    chunks_by_sentence = []
    counts: Counter = Counter()
    for sentence in article.sentences:
        chunks = []
        for chunk in CHUNK.finditer(sentence.text):
            piece = chunk.group()
            runs = list(ARABIC_RUN.finditer(piece))
            word = clean_word(runs[0].group()) if len(runs) == 1 else ""
            if word:
                counts[word] += 1
            chunks.append((piece, word))
        chunks_by_sentence.append(chunks)
    analyzer = Analyzer(lex, counts)
    out = []
    for chunks in chunks_by_sentence:
        row = []
        for piece, word in chunks:
            if not word:
                row.append(WordGloss(piece, "", "", "", ""))
                continue
            info = analyzer[word]
            override = user.get(word) or user.get(info.form)
            best = info.best
            if override:
                row.append(WordGloss(piece, word, best.lemma if best else info.form, override, "user"))
            elif best is not None:
                row.append(WordGloss(piece, word, best.lemma, best.short_gloss, "lexicon"))
            else:
                parts = split_glued(word, lex, counts)
                readings = [analyzer_piece(lex, p) for p in parts] if parts else []
                if readings and all(readings):
                    lemma = " ".join(r.lemma for r in readings)
                    row.append(WordGloss(piece, word, lemma, " + ".join(r.short_gloss for r in readings), "lexicon"))
                else:
                    row.append(WordGloss(piece, word, info.form, "", ""))
        out.append(row)
    return out
