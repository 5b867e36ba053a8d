"""Arabic orthographic normalisation and tokenisation for search.

Both sides of a search (the indexed text and the query) go through the same two steps:

- :func:`clean`: harakat, superscript alif and tatweel removed, letters of other writing
  traditions mapped to the Arabic ones (``ی`` → ``ي``); this is what the lexicon analyses;
- :func:`normalize`: :func:`clean` plus the spelling variants writers mix up: the alef and hamza
  forms ``أ إ آ ٱ`` → ``ا``, ta marbuta ``ة`` → ``ه``, alef maqsura ``ى`` → ``ي``; Latin is
  lower-cased. Two spellings of one word have the same normalised form.

:func:`tokens` finds the words of a text with their offsets into the *logical* text, so matches
can be reported as character spans of the original sentence.
"""

from __future__ import annotations

import re
from typing import NamedTuple

__all__ = ["Token", "clean", "normalize", "tokens", "is_arabic", "strip_clitics"]

# Harakat (fathatan … sukun, and the rarer marks up to U+065F), superscript alif, tatweel.
_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u0640\u06d6-\u06ed]")
_VARIANTS = str.maketrans({"ی": "ي", "ک": "ك", "ە": "ه", "ۀ": "ة", "ٱ": "ا"})
_ORTHOGRAPHY = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي"})
# A word: letters and digits (any script) with the marks inside it; "_" is not a word character.
_WORD = re.compile("(?:[^\\W_]|[\u0610-\u061a\u064b-\u065f\u0670\u0640\u06d6-\u06ed])+")
_ARABIC = re.compile("[\u0621-\u064a\u0671-\u06d3]")

# Proclitics a word may carry, as a chain: a conjunction, then a preposition, then the article.
_CONJUNCTIONS = ("و", "ف")
_PREPOSITIONS = ("ب", "ك", "ل")
MIN_STEM = 2


class Token(NamedTuple):
    start: int  # offset of the first character in the logical text
    end: int  # offset after the last character
    text: str  # the word as written (harakat included)


def clean(word: str) -> str:
    """Harakat and tatweel removed, letter variants unified; spelling otherwise kept."""
    return _MARKS.sub("", word).translate(_VARIANTS)


def normalize(word: str) -> str:
    """The spelling-insensitive form: :func:`clean`, then ``أإآٱ``→``ا``, ``ة``→``ه``, ``ى``→``ي``."""
    return clean(word).translate(_ORTHOGRAPHY).lower()


def tokens(text: str) -> list[Token]:
    """The words of ``text`` with their offsets (punctuation and spaces are not words)."""
    found = []
    for match in _WORD.finditer(text):
        word = match.group()
        if _MARKS.fullmatch(word[0]):  # a mark with no letter before it
            continue
        found.append(Token(match.start(), match.end(), word))
    return found


def is_arabic(word: str) -> bool:
    return bool(_ARABIC.search(word))


def strip_clitics(word: str) -> list[str]:
    """The word and every form of it with a proclitic chain removed (normalised input).

    ``والجزائر`` → ``[والجزائر, الجزائر, جزائر]``; ``للحوثي`` (ل + ال) → ``[للحوثي, حوثي]``;
    ``بهاريس`` → ``[بهاريس, هاريس]``. Used for words the lexicon does not know (mostly names),
    where a wrong split only adds a term that a query is unlikely to ask for.
    """
    forms = [word]

    def add(form: str) -> None:
        if len(form) >= MIN_STEM and form not in forms:
            forms.append(form)

    rest = word
    if rest[:1] in _CONJUNCTIONS and len(rest) - 1 >= MIN_STEM + 1:
        rest = rest[1:]
        add(rest)
    if rest.startswith("لل") and len(rest) - 2 >= MIN_STEM:  # ل + ال, the alef dropped
        add(rest[2:])
        return forms
    if rest[:1] in _PREPOSITIONS and len(rest) - 1 >= MIN_STEM + 1:
        rest = rest[1:]
        add(rest)
    if rest.startswith("ال") and len(rest) - 2 >= MIN_STEM:
        add(rest[2:])
    return forms
