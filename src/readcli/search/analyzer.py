"""The index terms of one word: what makes الجزائر، والجزائر and للجزائر, or طفل and أطفال, meet.

Each word is indexed under two kinds of terms (the ``keys`` of the word):

- ``l<n>``: the Buckwalter lemma of each reading the lexicon gives (:mod:`readcli.dictionary`),
  content-word readings only when there are any. The lexicon files broken plurals under their
  singular's lemma (أطفال and طفل are both ``Tifol_1``) and splits off clitics (و+ال+جزائر).
  ``n`` numbers the lemma id in the index (short terms, a smaller index);
- ``s<form>``: the normalised word without its proclitics: for a word the lexicon reads, its
  clitic-free form in each content reading; for a word it does not know (mostly foreign names:
  ترامب، لترامب، وترامب) every form with a proclitic chain removed
  (:func:`readcli.search.normalize.strip_clitics`), a light stemmer for names.

A query word gets the same keys, and a text word matches it when they share one. Latin words and
numbers get one ``s`` key, lower-cased. The lexicon is loaded on the first Arabic word analysed.
"""

from __future__ import annotations

from collections.abc import Callable

from readcli.search.normalize import clean, is_arabic, normalize, strip_clitics

__all__ = ["word_keys", "LEMMA", "FORM"]

LEMMA = "l"
FORM = "s"


def _clitic_free(analysis) -> str:
    """The word as analysed with its proclitics (conjunction, preposition, article) removed."""
    clitics = "".join(analysis.proclitics)
    word = analysis.word
    if clitics and analysis.prefix.startswith(clitics):
        return word[len(clitics):]
    if clitics and analysis.prefix == clitics[: len(analysis.prefix)]:
        return word[len(analysis.prefix):]
    return word


def word_keys(word: str, lemma_number: Callable[[str], int | None]) -> list[str]:
    """The keys of one word (harakat allowed), in a stable order, without duplicates.

    ``lemma_number`` maps a Buckwalter lemma id to its number in the index, or None for a lemma
    the index has never seen (then no text word can have it, so the key is left out).
    """
    bare = clean(word)
    if not bare:
        return []
    if not is_arabic(bare):
        return [FORM + bare.lower()]
    from readcli.dictionary import analyze

    analyses = analyze(bare)
    content = [a for a in analyses if a.is_content]
    readings = content or list(analyses)
    keys: list[str] = []
    for analysis in readings:
        number = lemma_number(analysis.lemma_id)
        if number is not None:
            keys.append(f"{LEMMA}{number:x}")
    if content:
        forms = [normalize(_clitic_free(a)) for a in content]
        if any(a.is_proper for a in content):
            forms += strip_clitics(normalize(bare))
    elif analyses:
        forms = [normalize(bare)]
    else:
        forms = strip_clitics(normalize(bare))
    keys += [FORM + form for form in forms if form]
    return list(dict.fromkeys(keys))
