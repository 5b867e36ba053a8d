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

__all__ = ["PLACEHOLDER", "PLACEHOLDER_EXACT", "Masked", "prepare_glossary", "mask", "mask_source", "fill"]

PLACEHOLDER = "ZX{}"
PLACEHOLDER_EXACT = re.compile(r"ZX(\d{1,3})(?!\d)")


@dataclass(frozen=True)
class Masked:
    """A normalised source with glossary terms replaced by placeholders."""

    text: str
    renderings: tuple[str, ...] = ()  # slot i+1 → English


def prepare_glossary(glossary: dict[str, str] | None) -> list[tuple[str, str]]:
    """(normalised Arabic term, English) pairs, longest term first."""
    if not glossary:
        return []
    pairs = {normalise_source(ar): " ".join(en.split()) for ar, en in glossary.items() if ar.strip() and en.strip()}
    return sorted(pairs.items(), key=lambda item: (-len(item[0]), item[0]))


def _boundary_before(text: str, start: int) -> int | None:
    """Where the word holding ``text[start]`` begins, if only a proclitic lies before it."""
    word_start = start
    while word_start > 0 and _ARABIC_LETTER.match(text[word_start - 1]):
        word_start -= 1
    if word_start == start or text[word_start:start] in _PROCLITICS:
        return word_start
    return None


def mask(source: str, terms: Sequence[tuple[str, str]]) -> Masked:
    """Replace whole-word glossary terms (optionally after و ف ب ل ك) by placeholders."""
    if not terms:
        return Masked(source)
    spans: list[tuple[int, int, str]] = []
    taken = [False] * len(source)
    for term, english in terms:
        start = source.find(term)
        while start != -1:
            end = start + len(term)
            after_ok = end == len(source) or not _ARABIC_LETTER.match(source[end])
            if after_ok and _boundary_before(source, start) is not None and not any(taken[start:end]):
                spans.append((start, end, english))
                for i in range(start, end):
                    taken[i] = True
            start = source.find(term, start + 1)
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
