"""Arabic orthographic normalisation and tokenisation for search.

Both sides of a search (the indexed text and the query) go through the same two steps (both
from :mod:`readcli.arabic`, the one home of Arabic script facts):

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

from readcli.arabic import ARTICLE, ARTICLE_AFTER_L, CONJUNCTIONS, MARK, MARKS, PREPOSITIONS, TATWEEL, is_arabic
from readcli.arabic import bare as clean
from readcli.arabic import orthographic_key as normalize

__all__ = ["Token", "clean", "normalize", "tokens", "is_arabic", "strip_clitics"]

# A word: letters and digits (any script) with the marks and tatweel inside it; "_" is not a
# word character.
_WORD = re.compile(f"(?:[^\\W_]|[{MARKS}{TATWEEL}])+")
MIN_STEM = 2


class Token(NamedTuple):
    start: int  # offset of the first character in the logical text
    end: int  # offset after the last character
    text: str  # the word as written (harakat included)


def tokens(text: str) -> list[Token]:
    """The words of ``text`` with their offsets (punctuation and spaces are not words)."""
    found = []
    for match in _WORD.finditer(text):
        word = match.group()
        if MARK.fullmatch(word[0]) or word[0] == TATWEEL:  # a mark with no letter before it
            continue
        found.append(Token(match.start(), match.end(), word))
    return found


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
    if rest[:1] in CONJUNCTIONS and len(rest) - 1 >= MIN_STEM + 1:
        rest = rest[1:]
        add(rest)
    if rest.startswith(ARTICLE_AFTER_L) and len(rest) - 2 >= MIN_STEM:  # ل + ال, the alef dropped
        add(rest[2:])
        return forms
    if rest[:1] in PREPOSITIONS and len(rest) - 1 >= MIN_STEM + 1:
        rest = rest[1:]
        add(rest)
    if rest.startswith(ARTICLE) and len(rest) - 2 >= MIN_STEM:
        add(rest[2:])
    return forms
