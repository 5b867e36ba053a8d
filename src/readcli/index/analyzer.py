"""The index terms of one word: what makes الجزائر، والجزائر and للجزائر, or طفل and أطفال, meet.

Each word is indexed under two kinds of terms (the ``keys`` of the word):

- ``l<n>``: the Buckwalter lemma of each reading the lexicon gives (:mod:`readcli.dictionary`),
  content-word readings only when there are any. The lexicon files broken plurals under their
  singular's lemma (أطفال and طفل are both ``Tifol_1``) and splits off clitics (و+ال+جزائر).
  ``n`` numbers the lemma id in the index (short terms, a smaller index);
- ``s<form>``: the normalised word without its proclitics: for a word the lexicon reads, its
  clitic-free form in each content reading; for a word it does not know (mostly foreign names:
  ترامب، لترامب، وترامب) every form with a proclitic chain removed
  (:func:`readcli.index.normalize.strip_clitics`), a light stemmer for names.

An unknown word of 7 letters or more that splits into words the lexicon knows (words run
together in scraped text: طلابجامعةهارفارد) also gets the keys of its pieces; the split depends
only on the lexicon, never on the corpus, so a word's keys never change.

A query word gets the same keys, and a text word matches it when they share one. Latin words and
numbers get one ``s`` key, lower-cased. The lexicon is loaded on the first Arabic word analysed.
"""

from __future__ import annotations

from collections.abc import Callable

from readcli.index.normalize import clean, is_arabic, normalize, strip_clitics

__all__ = ["word_keys", "piece_keys", "LEMMA", "FORM"]

LEMMA = "l"
# Lemmas the lexicon keeps apart that are forms of one word: امرأة and its definite form المرأة
# (from مرأة), and the suppletive plurals نساء and نسوة ("women"). Lemma id -> the group's id.
LEMMA_GROUPS = {"maro>ap_1": "{imora>ap_1", "nisA'_1": "{imora>ap_1", "nisowap_1": "{imora>ap_1"}
MIN_GLUED = 7  # an unknown word this long may be words run together (scraped text)
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


def _plainest(readings: list) -> list:
    """The readings with the fewest attached particles, then the fewest pronoun suffixes.

    فيلم is a film, not ف + يلم ("so he gathers"); لندن is London, not ل + ندن; رئيسي is "main"
    before it is "my president". A word with a clitic in every reading keeps them all.
    """
    if len(readings) < 2:
        return readings
    from readcli.dictionary import CLITIC_PREFIX_TAGS  # start-up: `list` loads this module, not the dictionary's

    def cost(a) -> tuple[int, int]:
        particles = sum(1 for _, tag in a.prefix_parts if tag != "DET" and tag.startswith(CLITIC_PREFIX_TAGS))
        return particles, len(a.enclitics)

    best = min(cost(a) for a in readings)
    return [a for a in readings if cost(a) == best]


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
    content = _plainest([a for a in analyses if a.is_content])
    readings = content or list(analyses)
    keys: list[str] = []
    for analysis in readings:
        number = lemma_number(LEMMA_GROUPS.get(analysis.lemma_id, analysis.lemma_id))
        if number is not None:
            keys.append(f"{LEMMA}{number:x}")
    if content:
        forms = [normalize(_clitic_free(a)) for a in content]
    elif analyses:
        forms = [normalize(bare)]
    else:
        forms = strip_clitics(normalize(bare))
    keys += [FORM + form for form in forms if form]
    return list(dict.fromkeys(keys))


def piece_keys(word: str, lemma_number: Callable[[str], int | None]) -> list[str]:
    """For a text word that is several words run together, the keys of its pieces, else [].

    Only text words get them: a query word run together would otherwise match any of its pieces.
    """
    bare = clean(word)
    if len(bare) < MIN_GLUED or not is_arabic(bare):
        return []
    from readcli.dictionary import analyze

    if analyze(bare):
        return []
    keys: list[str] = []
    for piece in _unglued(bare):
        keys += word_keys(piece, lemma_number)
    return list(dict.fromkeys(keys))


class _AnyWord:
    """A vocabulary that holds every word: the split may not depend on the corpus (see above)."""

    def __contains__(self, word: str) -> bool:
        return True


def _unglued(word: str) -> list[str]:
    """The pieces of words run together without spaces (طلابجامعةهارفارد), or []."""
    from readcli.dictionary import lexicon
    from readcli.glossary.tokens import split_glued

    return split_glued(word, lexicon(), _AnyWord()) or []
