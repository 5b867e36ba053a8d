"""Sentence splitting for Arabic news: the one splitter every readcli command uses.

Translation alignment depends on it: ``readcli sentences``, ``translate`` and ``show --bilingual``
all number sentences the way :func:`segment` does.

Rules (rule-based, no model):
- every line of the source is its own paragraph, and a line end always ends a sentence
  (headlines, bylines and list items have no final stop);
- inside a line a sentence ends after a run of ``.`` ``!`` ``?`` ``؟`` ``…`` (``..`` and ``...``
  included), together with any closing quotes or brackets that follow it, when whitespace and
  then something other than closing punctuation follows;
- not after an abbreviation (``د.``, ``Dr.``, ``U.S.``), an initial (``ج. هاريس``), a number
  that starts a list item (``1. ``), a dot run glued to a comma (``،..`` is a pause), nor inside a
  short bracket (``(أ.ف.ب)``); decimal points, URLs and e-mail addresses never have whitespace
  after their dots, so they are never candidates;
- ``،`` and ``؛`` are never boundaries.
Whitespace inside a sentence is folded to single spaces; no other character is changed.

The time taken is linear in the length of the text, however long its lines
(``bench/splitter_scaling.py``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["Sentence", "segment", "split_sentences", "split_paragraphs", "normalise_space"]

_TERMINATORS = ".!?؟…"
_CLOSERS = "\"'”’»)]}›"
_OPENERS = "([{"
_WORD_EDGES = _OPENERS + _CLOSERS + "\"'«“‘"  # stripped from the front of a word before a dot
_T, _C = re.escape(_TERMINATORS), re.escape(_CLOSERS)
# A boundary candidate: a whole run of terminators (group 1; never from the middle of a run), the
# closers after it, then whitespace, and a look at the two characters after that whitespace
# (groups 2 and 3, empty at the end of the line). The lookbehind and the possessive quantifiers
# keep the search linear on long runs of terminators, closers or whitespace.
_CANDIDATE = re.compile(rf"(?<![{_T}])([{_T}]++)[{_C}]*+(?=\s++(.?)(.?))", re.DOTALL)

# Abbreviations that take a dot and are followed by more of the same sentence.
ARABIC_ABBREVIATIONS = {
    "د", "أ", "م", "ص", "ج", "ت", "ق", "ه", "هـ", "س", "ش", "ب", "ع", "ف", "ك", "ل", "ن", "ر",
    "أد", "أ.د", "ق.م", "ص.ب", "إلخ",
}
_LATIN_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "gen", "col", "lt", "sgt", "capt",
    "gov", "sen", "rep", "rev", "hon", "pres", "vs", "etc", "e.g", "i.e", "cf", "al", "approx",
    "no", "nos", "vol", "pp", "p", "fig", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "inc", "ltd", "co", "corp", "u.s", "u.k", "u.n", "a.m", "p.m",
}
# Latin letters spelled in Arabic script, as in "دي آر. بوبو" (Dr. Bobbi); only the spellings
# that are not also common Arabic words.
SPELLED_LETTERS = {"آر", "إف", "إتش", "جيه", "كيه", "إم", "إس", "دبليو", "إكس", "زد", "إل", "بيه"}
_INITIALS = re.compile(r"^(?:[^\W\d_]{1,2}\.)*[^\W\d_]{1,2}$")
_LIST_NUMBER = re.compile(r"^[\d٠-٩]{1,3}$")
_MAX_BRACKET = 40  # a bracket this short that is still open holds initials, not sentences


@dataclass(frozen=True)
class Sentence:
    """One sentence of a text: numbers from 1, offsets into the source text."""

    paragraph: int
    number: int
    text: str
    start: int
    end: int


def normalise_space(text: str) -> str:
    """Fold every run of whitespace to one space and trim the ends."""
    return " ".join(text.split())


def _is_abbreviation(line: str, dot: int, floor: int, lead: int, next_char: str) -> bool:
    """Is the single ``.`` at ``line[dot]`` the dot of an abbreviation or an initial?

    The word is what follows the last space before the dot. The search for that space stops at
    ``floor``, the end of the previous candidate, where whitespace stands: a word reaching back
    past it holds whitespace, and a word with whitespace in it is never an abbreviation.
    ``lead`` is the length of the line's leading whitespace.
    """
    space = line.rfind(" ", floor, dot)
    if space < 0 and floor:
        return False  # the word holds the whitespace at floor
    word_start = space + 1
    word = line[word_start:dot].lstrip(_WORD_EDGES)
    if not word:
        return False
    if word_start <= lead and _LIST_NUMBER.match(word):
        return True  # "1. " at the start of a line is a list number
    latin_follows = next_char.isascii()
    if len(word) <= 8:  # abbreviations repeat: remember the short words' answers
        return _is_short_abbreviated_word(word, latin_follows)
    return _is_abbreviated_word(word, latin_follows)


def _is_abbreviated_word(word: str, latin_follows: bool) -> bool:
    if word in ARABIC_ABBREVIATIONS or word in SPELLED_LETTERS or word.lower() in _LATIN_ABBREVIATIONS:
        return True
    if len(word) == 1 and word.isascii() and not latin_follows:
        return False  # "درجة A. يبين": a Latin letter ending an Arabic sentence, not an initial
    # Initials: "J." or "U.S" or "أ.ف.ب" — one or two letters between dots.
    return bool(_INITIALS.match(word)) and (len(word) == 1 or "." in word)


_is_short_abbreviated_word = lru_cache(maxsize=1024)(_is_abbreviated_word)


def _inside_short_bracket(line: str, pos: int) -> bool:
    """Is ``pos`` in a bracket opened at most _MAX_BRACKET characters before it, that is not closed
    before ``pos`` (``(أ.ف.ب)``)? The caller checks that a bracket closes after ``pos``."""
    low = max(0, pos - _MAX_BRACKET)
    opened = max(line.rfind("(", low, pos), line.rfind("[", low, pos))
    return opened >= 0 and line.rfind(")", opened, pos) < 0 and line.rfind("]", opened, pos) < 0


def line_spans(line: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of one line that is not blank, whitespace excluded.

    Linear in the length of the line: each look at the line is bounded by a constant or by the
    stretch since the previous candidate, and what depends on the whole line is computed once.
    """
    lead = start = len(line) - len(line.lstrip())  # start: where the current sentence starts
    match = _CANDIDATE.search(line)
    if match is None:  # most short lines: no stop followed by whitespace
        return [(start, len(line.rstrip()))]
    spans = []
    last_close = max(line.rfind(")"), line.rfind("]"))  # is a bracket closed after a position?
    floor = 0  # the end of the previous candidate: whitespace stands there
    for match in _CANDIDATE.finditer(line, match.start()):  # noqa: B020 - the scan starts where the first one did
        dots, first, second = match.groups()  # the run, the two characters after the whitespace
        run_start, end = match.span()
        previous_end, floor = floor, end
        if not first or first in _TERMINATORS:
            continue
        if first in _CLOSERS and not (first in "\"'" and second and not second.isspace()):
            continue  # a closing mark belongs to this sentence; a straight quote glued to a word opens the next
        before = line[run_start - 1] if run_start else ""
        if before in "،,؛;: ":
            continue  # "،.." and ",..." are pauses, " ... " is an ellipsis inside the sentence
        if dots == ".":
            if before.isdigit() and first.isdigit():
                continue  # "3. 5" style spaced numbers
            if first.islower() and first.isascii():
                continue  # Latin text going on in lower case: "approx. five"
            if _is_abbreviation(line, run_start, previous_end, lead, first):
                continue
        if last_close > run_start and _inside_short_bracket(line, run_start):
            continue
        spans.append((start, end))
        start = match.start(2)
    spans.append((start, len(line.rstrip())))
    return spans


def segment(text: str) -> list[Sentence]:
    """Split a text into paragraphs (lines) and sentences, numbered from 1 in order."""
    sentences: list[Sentence] = []
    append = sentences.append
    # Sentence(...) without the frozen dataclass's __init__, which sets each field through
    # object.__setattr__ and dominated on text of very short sentences: same fields, same
    # instance dict (tests/test_sentences.py checks that the objects equal Sentence(...)).
    new, set_dict = object.__new__, object.__setattr__
    paragraph = number = 0
    offset = 0
    for line in text.splitlines(keepends=True):
        line_start = offset
        offset += len(line)
        body = line.rstrip("\r\n")
        if body.isspace() or not body:
            continue
        paragraph += 1
        for start, end in line_spans(body):
            number += 1
            folded = " ".join(body[start:end].split())
            sentence = new(Sentence)
            set_dict(sentence, "__dict__", {
                "paragraph": paragraph, "number": number, "text": folded,
                "start": line_start + start, "end": line_start + end,
            })
            append(sentence)
    return sentences


def split_sentences(text: str) -> list[str]:
    """The sentences of ``text`` as strings, in order."""
    return [sentence.text for sentence in segment(text)]


def split_paragraphs(text: str) -> list[list[str]]:
    """The sentences of ``text`` grouped by paragraph (line)."""
    paragraphs: list[list[str]] = []
    for sentence in segment(text):
        if sentence.paragraph > len(paragraphs):
            paragraphs.append([])
        paragraphs[-1].append(sentence.text)
    return paragraphs


def join_paragraphs(sentences: Iterable[tuple[int, str]]) -> list[str]:
    """(paragraph number, sentence) pairs in order → one line per paragraph (the sentences of a
    paragraph joined with spaces): how a translation is read as text."""
    paragraphs: dict[int, list[str]] = {}
    for paragraph, text in sentences:
        paragraphs.setdefault(paragraph, []).append(text)
    return [" ".join(part for part in parts if part) for parts in paragraphs.values()]
