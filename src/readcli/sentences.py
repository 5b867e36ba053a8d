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
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Sentence", "segment", "split_sentences", "split_paragraphs", "normalise_space"]

_TERMINATORS = ".!?؟…"
_CLOSERS = "\"'”’»)]}›"
_OPENERS = "([{"
_SPACE = re.compile(r"\s+")
# A run of terminators, the closers after it, then whitespace: a boundary candidate.
_CANDIDATE = re.compile(rf"[{re.escape(_TERMINATORS)}]+[{re.escape(_CLOSERS)}]*(?=\s)")

# Abbreviations that take a dot and are followed by more of the same sentence.
_ARABIC_ABBREVIATIONS = {
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
_SPELLED_LETTERS = {"آر", "إف", "إتش", "جيه", "كيه", "إم", "إس", "دبليو", "إكس", "زد", "إل", "بيه"}
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
    return _SPACE.sub(" ", text).strip()


def _is_abbreviation(line: str, dot: int, next_char: str) -> bool:
    """Is the single ``.`` at ``line[dot]`` the dot of an abbreviation or an initial?"""
    word_start = line.rfind(" ", 0, dot) + 1
    word = line[word_start:dot].lstrip(_OPENERS + _CLOSERS + "\"'«“‘")
    if not word:
        return False
    if _LIST_NUMBER.match(word) and not line[:word_start].strip():
        return True  # "1. " at the start of a line is a list number
    lower = word.lower()
    if lower in _LATIN_ABBREVIATIONS or word in _ARABIC_ABBREVIATIONS or word in _SPELLED_LETTERS:
        return True
    if len(word) == 1 and word.isascii() and not next_char.isascii():
        return False  # "درجة A. يبين": a Latin letter ending an Arabic sentence, not an initial
    # Initials: "J." or "U.S" or "أ.ف.ب" — one or two letters between dots.
    return bool(_INITIALS.match(word)) and (len(word) == 1 or "." in word)


def _inside_short_bracket(line: str, pos: int) -> bool:
    window = line[max(0, pos - _MAX_BRACKET) : pos]
    opened = max(window.rfind("("), window.rfind("["))
    if opened < 0:
        return False
    closed = max(window.rfind(")"), window.rfind("]"))
    return closed < opened and (line.find(")", pos) >= 0 or line.find("]", pos) >= 0)


def _line_boundaries(line: str) -> list[int]:
    """End offsets (exclusive) of the sentences in one line, the last one excluded."""
    ends = []
    for match in _CANDIDATE.finditer(line):
        run = match.group(0)
        start, end = match.span()
        rest = line[end:].lstrip()
        if not rest or rest[0] in _TERMINATORS:
            continue
        if rest[0] in _CLOSERS and not (rest[0] in "\"'" and rest[1:2].strip()):
            continue  # a closing mark belongs to this sentence; a straight quote glued to a word opens the next
        dots = run.rstrip(_CLOSERS)
        before = line[start - 1] if start > 0 else ""
        if before in "،,؛;: ":
            continue  # "،.." and ",..." are pauses, " ... " is an ellipsis inside the sentence
        if dots == "." and _is_abbreviation(line, start, rest[0]):
            continue
        if dots == "." and before.isdigit() and rest[0].isdigit():
            continue  # "3. 5" style spaced numbers
        if dots == "." and rest[0].islower() and rest[0].isascii():
            continue  # Latin text going on in lower case: "approx. five"
        if _inside_short_bracket(line, start):
            continue
        ends.append(end)
    return ends


def segment(text: str) -> list[Sentence]:
    """Split a text into paragraphs (lines) and sentences, numbered from 1 in order."""
    sentences: list[Sentence] = []
    paragraph = 0
    offset = 0
    for line in text.splitlines(keepends=True):
        line_start = offset
        offset += len(line)
        body = line.rstrip("\r\n")
        if not body.strip():
            continue
        paragraph += 1
        previous = 0
        for end in [*_line_boundaries(body), len(body)]:
            piece = body[previous:end]
            folded = normalise_space(piece)
            if folded:
                lead = len(piece) - len(piece.lstrip())
                trail = len(piece.rstrip())
                sentences.append(
                    Sentence(
                        paragraph=paragraph,
                        number=len(sentences) + 1,
                        text=folded,
                        start=line_start + previous + lead,
                        end=line_start + previous + trail,
                    )
                )
            previous = end
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
