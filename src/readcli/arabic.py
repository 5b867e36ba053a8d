"""Arabic script facts, in one place: letters, marks, letter variants, spelling variants, proclitics.

Every module that needs to know what an Arabic letter, a haraka or a proclitic is takes it from
here (the index, the glossary, the lexicon, the translation masking, decoding, the display), so
two of them cannot disagree on the same word. ``tests/test_arabic.py`` pins each set.

Character classes are given as the inside of a regex ``[...]`` so callers can combine them.
Pure core: no terminal code, no imports beyond the standard library.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "LETTERS", "OTHER_LETTERS", "TATWEEL", "HARAKAT", "MARKS", "SCRIPT",
    "VARIANTS", "ORTHOGRAPHY", "CONJUNCTIONS", "PREPOSITIONS", "ARTICLE", "ARTICLE_AFTER_L", "PROCLITICS",
    "ARTICLE_PROCLITICS", "LETTER", "MARK", "RUN", "LEXICON_WORD",
    "is_arabic", "has_arabic_script", "arabic_share", "strip_marks", "bare", "orthographic_key",
]

# The letters of Arabic itself (the lexicon's alphabet): hamza and its seats, alef madda, ta
# marbuta and alef maqsura included; tatweel (U+0640) excluded.
LETTERS = "\u0621-\u063a\u0641-\u064a"
# The other letters of the Arabic block: those of Persian, Urdu, Kurdish... and the Quranic alef
# wasla (U+0671). Together with LETTERS: every letter (Unicode category Lo) of U+0600-U+06FF.
OTHER_LETTERS = "\u0620\u063b-\u063f\u066e\u066f\u0671-\u06d3\u06d5\u06ee\u06ef\u06fa-\u06fc\u06ff"
TATWEEL = "\u0640"  # stretches a joining letter; carries no sound
# The eight harakat: fathatan, dammatan, kasratan, fatha, damma, kasra, shadda, sukun.
HARAKAT = "\u064b-\u0652"
# Every combining mark of the Arabic block (category Mn): the harakat, the rarer marks up to
# U+065F (combining madda and hamza above/below...), superscript alef, the Quranic signs.
MARKS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed"
# Where Arabic-script characters live, shaped presentation forms included (display output).
SCRIPT = "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff"

# Letters other writing traditions use for the Arabic ones (Persian yeh and keheh, Kurdish ae,
# heh with yeh above) and alef wasla: the same word, another keyboard.
VARIANTS = {"ی": "ي", "ک": "ك", "ە": "ه", "ۀ": "ة", "ٱ": "ا"}
# Spellings writers mix up: the hamza forms of alef, ta marbuta and heh, alef maqsura and yeh.
ORTHOGRAPHY = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي"}

# Proclitics, in the order they chain before a stem: a conjunction, a preposition, the article
# (ل + ال is written لل).
CONJUNCTIONS = ("و", "ف")
PREPOSITIONS = ("ب", "ك", "ل")
ARTICLE = "ال"
ARTICLE_AFTER_L = "لل"  # ل + ال: the alef is dropped
# A conjunction, a preposition, or a conjunction then a preposition (no article).
PROCLITICS = CONJUNCTIONS + PREPOSITIONS + tuple(c + p for c in CONJUNCTIONS for p in PREPOSITIONS)
# Chains that end in the article: و ف ب ك + ال, and ل + ال written لل.
ARTICLE_PROCLITICS = tuple(p + ARTICLE for p in CONJUNCTIONS + PREPOSITIONS if p != "ل") + (ARTICLE_AFTER_L,)

# An Arabic-script letter (tatweel counted: a word goes on through it).
LETTER = re.compile(f"[{LETTERS}{OTHER_LETTERS}{TATWEEL}]")
MARK = re.compile(f"[{MARKS}]")
# A run of what the lexicon can read once variants are mapped and marks stripped.
RUN = re.compile(f"[{LETTERS}{''.join(VARIANTS)}{TATWEEL}{MARKS}]+")
LEXICON_WORD = re.compile(f"[{LETTERS}]+")
_STRIPPED = re.compile(f"[{MARKS}{TATWEEL}]+")
_SCRIPT = re.compile(f"[{SCRIPT}]")
_VARIANTS = str.maketrans(VARIANTS)
_ORTHOGRAPHY = str.maketrans(ORTHOGRAPHY)


def is_arabic(text: str) -> bool:
    """True when ``text`` holds an Arabic-script letter."""
    return LETTER.search(text) is not None


_ANY_LETTER = re.compile(r"[^\W\d_]")


def arabic_share(text: str) -> float:
    """The share of Arabic-script letters among all the letters of ``text`` (0.0 when it has none):
    how Arabic a decoded file or a fetched page is."""
    letters = len(_ANY_LETTER.findall(text))
    return len(LETTER.findall(text)) / letters if letters else 0.0


def has_arabic_script(text: str) -> bool:
    """True when ``text`` holds any Arabic-script character, shaped presentation forms included."""
    return _SCRIPT.search(text) is not None


def strip_marks(text: str) -> str:
    """``text`` composed (NFC) without its marks and tatweel.

    Composing first keeps a hamza or madda typed as a combining mark (ا + U+0654) as the letter it
    makes (أ), instead of stripping it.
    """
    return _STRIPPED.sub("", unicodedata.normalize("NFC", text))


def bare(word: str) -> str:
    """The bare letters of a word, as the lexicon is keyed and the index analyses it: no marks or
    tatweel, letter variants mapped (``ی`` → ``ي``); spelling otherwise kept."""
    return strip_marks(word).translate(_VARIANTS)


def orthographic_key(word: str) -> str:
    """The spelling-insensitive form: :func:`bare`, then ``أإآٱ`` → ``ا``, ``ة`` → ``ه``,
    ``ى`` → ``ي``; Latin lower-cased. Two spellings of one word have the same key."""
    return bare(word).translate(_ORTHOGRAPHY).lower()
