"""The words of a text as the glossary sees them: Arabic words with their clause boundaries.

A token is the bare letters of one Arabic word (:func:`readcli.dictionary.clean_word`); anything
that is not an Arabic word (punctuation, numbers, Latin words) ends a clause. Words run together
in scraped text (وزيرالخارجية) are split apart when each piece also occurs on its own.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from dataclasses import dataclass

from readcli.arabic import RUN as ARABIC_RUN  # an Arabic run inside a whitespace-separated chunk
from readcli.dictionary import Lexicon, clean_word

CHUNK = re.compile(r"\S+")

# Two-letter words that scraped text glues to their neighbours (فيأولى، عبرعن).
_GLUED_SHORT = frozenset("في من عن مع أن إن لا ما لم لن قد هو هي أو ثم كل".split())


@dataclass(slots=True)
class Token:
    word: str  # bare letters
    article: int
    sentence: str
    start_clause: bool  # punctuation, a number or a Latin word comes before it
    end_clause: bool


def tokenize(text: str) -> list[tuple[str, bool, bool]]:
    """Arabic words of one sentence as (bare word, clause starts before, clause ends after).

    Anything that is not an Arabic word (punctuation, numbers, Latin words) ends a clause.
    """
    out: list[tuple[str, bool, bool]] = []
    pending_break = True
    for chunk in CHUNK.finditer(text):
        piece = chunk.group()
        runs = list(ARABIC_RUN.finditer(piece))
        if len(runs) != 1:
            if out:
                out[-1] = (out[-1][0], out[-1][1], True)
            pending_break = True
            continue
        run = runs[0]
        before, after = piece[: run.start()], piece[run.end() :]
        word = clean_word(run.group())
        if not word:
            continue
        out.append((word, pending_break or bool(before), bool(after)))
        pending_break = bool(after)
    if out:
        out[-1] = (out[-1][0], out[-1][1], True)
    return out


def split_glued(word: str, lex: Lexicon, vocabulary, max_len: int = 60) -> list[str] | None:
    """Words run together without spaces (a common fault of scraped text: علىفريق، قالتإنه).

    The fewest pieces that each occur on their own in the text (``vocabulary``) and that the
    lexicon knows, each at least 3 letters or a common 2-letter particle; None when there is no
    such split. Only for words the lexicon does not know; the vocabulary test keeps foreign names
    (شينينغ, not شين + ينغ) whole.
    """
    n = len(word)
    if n < 5 or n > max_len:
        return None

    def known(piece: str) -> bool:
        if piece not in vocabulary or (len(piece) < 3 and piece not in _GLUED_SHORT):
            return False
        return bool(lex.analyze(piece))

    best: list[list[str] | None] = [None] * (n + 1)
    best[0] = []
    for end in range(2, n + 1):
        for start in range(max(0, end - 16), end - 1):
            head = best[start]
            if head is None:
                continue
            piece = word[start:end]
            if (best[end] is None or len(head) + 1 < len(best[end])) and known(piece):
                best[end] = head + [piece]
    pieces = best[n]
    return pieces if pieces and len(pieces) >= 2 else None


# One sentence as the glossary keeps it per article (and caches by content hash): its text, its
# Arabic words and, per word, bit 1 when a clause starts before it and bit 2 when one ends after.
SentenceRow = tuple[str, tuple[str, ...], bytes]


def sentence_rows(article) -> tuple[SentenceRow, ...]:
    """Every sentence of ``article`` (``.sentences``) with its words: the per-article analysis."""
    rows = []
    for sentence in article.sentences:
        words = tokenize(sentence.text)
        rows.append(
            (sentence.text, interned(w for w, _, _ in words), bytes(int(start) | int(end) << 1 for _, start, end in words))
        )
    return tuple(rows)


def interned(words) -> tuple[str, ...]:
    """One string object per distinct word, not one per occurrence (millions at 10,000 articles)."""
    return tuple(map(sys.intern, words))


@dataclass(slots=True)
class Sentences:
    """Every sentence of a set of articles, words run together already split apart.

    Parallel lists, one entry per sentence: the article's index, the text, the words, and per
    word the clause flags of :data:`SentenceRow`. No object per word: a corpus of 10,000 articles
    has millions of words.
    """

    articles: list[int]
    texts: list[str]
    words: list[tuple[str, ...]]
    flags: list[bytes]

    def __len__(self) -> int:
        return len(self.texts)


def article_tokens(articles, lex: Lexicon) -> list[list[Token]]:
    """The Arabic words of every sentence, with words run together split apart."""
    return tokens_of_rows([sentence_rows(article) for article in articles], lex)


def tokens_of_rows(article_rows, lex: Lexicon) -> list[list[Token]]:
    """:func:`article_tokens` from each article's :func:`sentence_rows` (computed or cached)."""
    found = corpus_sentences(article_rows, lex)
    return [
        [Token(word, article, text, bool(flag & 1), bool(flag & 2)) for word, flag in zip(words, flags)]
        for article, text, words, flags in zip(found.articles, found.texts, found.words, found.flags)
    ]


def corpus_sentences(article_rows, lex: Lexicon) -> Sentences:
    """The sentences of all articles (each one's :func:`sentence_rows`), glued words split."""
    vocabulary: Counter = Counter()
    for sentences in article_rows:
        for _, words, _ in sentences:
            vocabulary.update(words)
    splits: dict[str, list[str]] = {}
    for word in vocabulary:
        if not lex.analyze(word):
            pieces = split_glued(word, lex, vocabulary)
            if pieces:
                splits[word] = pieces
    out = Sentences([], [], [], [])
    for index, sentences in enumerate(article_rows):
        for text, words, flags in sentences:
            if splits and not splits.keys().isdisjoint(words):
                words, flags = _split_row(words, flags, splits)
            out.articles.append(index)
            out.texts.append(text)
            out.words.append(words)
            out.flags.append(flags)
    return out


def _split_row(words, flags, splits) -> tuple[tuple[str, ...], bytes]:
    new_words: list[str] = []
    new_flags = bytearray()
    for word, flag in zip(words, flags):
        pieces = splits.get(word)
        if not pieces:
            new_words.append(word)
            new_flags.append(flag)
            continue
        last = len(pieces) - 1
        for i, piece in enumerate(pieces):
            new_words.append(piece)
            new_flags.append((flag & 1 if i == 0 else 0) | (flag & 2 if i == last else 0))
    return tuple(new_words), bytes(new_flags)


def clauses(sentences: Sentences):
    """(sentence number, words) of every clause: sentences cut at punctuation, numbers, Latin."""
    for number, (words, flags) in enumerate(zip(sentences.words, sentences.flags)):
        if len(words) == 1 or not any(flags[1:-1]):
            # The common cases first: no boundary inside the sentence (bit 1 of the first word
            # and bit 2 of the last only end the sentence itself).
            if words and not (len(words) > 1 and (flags[0] & 2 or flags[-1] & 1)):
                yield number, words
                continue
        start = 0
        for i, flag in enumerate(flags):
            if flag & 1 and i > start:
                yield number, words[start:i]
                start = i
            if flag & 2:
                yield number, words[start : i + 1]
                start = i + 1
        if start < len(words):
            yield number, words[start:]
