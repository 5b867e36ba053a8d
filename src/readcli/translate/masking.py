"""Glossary masking: the user's glossary terms replaced by placeholders before translation.

Argos models mangle names, so each glossary term (``corpus/glossary.tsv``) found in a sentence,
as a whole word or after a proclitic (:data:`readcli.arabic.PROCLITICS`), is replaced by a
placeholder ``ZX1``, ``ZX2``… (Latin letters and digits: NMT models trained on web text copy such
identifiers through unchanged). The masked sentence is the translation memory's key; after
translation the slots are recovered (:mod:`readcli.translate.slots`) and filled with the user's
English (:func:`fill`). Pure: no model, no files.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from readcli.arabic import LETTER as _ARABIC_LETTER
from readcli.arabic import PROCLITICS as _PROCLITICS
from readcli.translate.memory import normalise_source

__all__ = ["PLACEHOLDER", "PLACEHOLDER_EXACT", "Masked", "Terms", "prepare_glossary", "mask", "mask_source", "fill"]

PLACEHOLDER = "ZX{}"
PLACEHOLDER_EXACT = re.compile(r"ZX(\d{1,3})(?!\d)")


@dataclass(frozen=True)
class Masked:
    """A normalised source with glossary terms replaced by placeholders."""

    text: str
    renderings: tuple[str, ...] = ()  # slot i+1 → English


class Terms(list):
    """(normalised Arabic term, English) pairs, longest term first, with a lookup table that
    finds every term starting at a position in one step, whatever the number of terms."""

    _table: dict[str, tuple[int, ...]] | None = None
    _english: dict[str, str] | None = None

    def table(self) -> tuple[dict[str, tuple[int, ...]], dict[str, str]]:
        """(first two characters -> the lengths of the terms that start so, longest first;
        term -> English), built on first use."""
        if self._table is None:
            lengths: dict[str, set[int]] = {}
            for term, _ in self:
                lengths.setdefault(term[:2], set()).add(len(term))
            self._table = {key: tuple(sorted(found, reverse=True)) for key, found in lengths.items()}
            self._english = dict(self)
        return self._table, self._english


def prepare_glossary(glossary: dict[str, str] | None) -> Terms:
    """(normalised Arabic term, English) pairs, longest term first."""
    if not glossary:
        return Terms()
    pairs = {normalise_source(ar): " ".join(en.split()) for ar, en in glossary.items() if ar.strip() and en.strip()}
    return Terms(sorted(((ar, en) for ar, en in pairs.items() if ar), key=lambda item: (-len(item[0]), item[0])))


def _boundary_before(text: str, start: int) -> int | None:
    """Where the word holding ``text[start]`` begins, if only a proclitic lies before it."""
    word_start = start
    while word_start > 0 and _ARABIC_LETTER.match(text[word_start - 1]):
        word_start -= 1
    if word_start == start or text[word_start:start] in _PROCLITICS:
        return word_start
    return None


def _occurrences(source: str, terms: Sequence[tuple[str, str]]) -> list[tuple[int, str, str]]:
    """Every (start, term, English) where a term occurs whole in ``source``: one pass over the
    positions, each looked up in the table (the cost does not grow with the number of terms)."""
    if not isinstance(terms, Terms):
        terms = Terms(terms)
    table, english = terms.table()
    found = []
    last = len(source) - 1
    for start in range(len(source)):
        # Terms of two letters or more are filed under their first two, one-letter terms under it.
        lengths = table.get(source[start : start + 2], ()) if start < last else ()
        lengths += table.get(source[start], ())
        if not lengths:
            continue
        if _boundary_before(source, start) is None:
            continue
        for length in lengths:
            term = source[start : start + length]
            if len(term) != length or term not in english:
                continue
            end = start + length
            if end == len(source) or not _ARABIC_LETTER.match(source[end]):
                found.append((start, term, english[term]))
    return found


def mask(source: str, terms: Sequence[tuple[str, str]]) -> Masked:
    """Replace whole-word glossary terms (optionally after و ف ب ل ك) by placeholders.

    Longer terms first, then in term order, then left to right; a term never overlaps one taken
    before it.
    """
    if not terms:
        return Masked(source)
    spans: list[tuple[int, int, str]] = []
    taken = [False] * len(source)
    for start, term, english in sorted(_occurrences(source, terms), key=lambda o: (-len(o[1]), o[1], o[0])):
        end = start + len(term)
        if not any(taken[start:end]):
            spans.append((start, end, english))
            for i in range(start, end):
                taken[i] = True
    if not spans:
        return Masked(source)
    spans.sort()
    parts, renderings, last = [], [], 0
    for start, end, english in spans:
        before = source[last:start]
        # Keep a proclitic as its own word so the placeholder stays a whole token.
        if before and _ARABIC_LETTER.match(before[-1]):
            before += " "
        parts.append(before)
        renderings.append(english)
        parts.append(PLACEHOLDER.format(len(renderings)))
        last = end
    parts.append(source[last:])
    return Masked(" ".join("".join(parts).split()), tuple(renderings))


def fill(template: str, renderings: Sequence[str]) -> str:
    """The stored template with slots replaced by the user's English; stray slots dropped."""

    def replace(match: re.Match) -> str:
        number = int(match.group(1))
        return renderings[number - 1] if 1 <= number <= len(renderings) else ""

    return " ".join(PLACEHOLDER_EXACT.sub(replace, template).split())


def mask_source(sentence: str, terms: Sequence[tuple[str, str]]) -> Masked:
    """A sentence as the memory keys it: normalised, glossary terms replaced by placeholders."""
    return mask(normalise_source(sentence), terms)
