"""Placeholder recovery: where each glossary slot went in the model's output.

For a masked source (:mod:`readcli.translate.masking`) and the model's output:

1. if the placeholder came through (spacing and case tolerated), it is the slot;
2. if it was lost, the target word that attends most to the placeholder's source pieces
   (CTranslate2 ``return_attention``, asked for only in batches that hold placeholders) becomes
   the slot; its trailing punctuation is kept;
3. if there is no target word to take (empty output), the placeholder is appended.

The result is the template the memory stores, with every slot as ``ZXn``; step counts go to the
pipeline's ``Stats`` (``placeholders``, ``survived``, ``aligned``, ``appended``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from readcli.translate.engine import clean_output
from readcli.translate.masking import PLACEHOLDER, PLACEHOLDER_EXACT as _PLACEHOLDER_EXACT

__all__ = ["template", "has_slot"]

_PLACEHOLDER_OUT = re.compile(r"\bZ\s?X\s?(\d{1,3})(?!\d)", re.IGNORECASE)
_WORDISH = re.compile(r"[\w'’\-]+")


def has_slot(source: str) -> bool:
    """True when a masked source holds a placeholder."""
    return _PLACEHOLDER_EXACT.search(source) is not None


def template(engine, source: str, output, stats) -> str:
    """The model output with every slot of ``source`` marked as ``ZXn`` exactly once or more."""
    slots = sorted({int(n) for n in _PLACEHOLDER_EXACT.findall(source)})
    text = output.text
    if not slots:
        # A placeholder-like string the model invented must not be filled later.
        return _PLACEHOLDER_EXACT.sub(lambda m: m.group(0).lower(), text)
    stats.placeholders += len(slots)
    found = {int(m.group(1)) for m in _PLACEHOLDER_OUT.finditer(text)}
    text = _mark_slots(text, slots)
    lost = [n for n in slots if n not in found]
    stats.survived += len(slots) - len(lost)
    if not lost:
        return " ".join(text.split())
    words = _target_words(engine, output)
    if words:
        scores = _slot_scores(engine, source, output, words, lost)
        texts = [w[0] for w in words]
        taken = {i for i, t in enumerate(texts) if _PLACEHOLDER_EXACT.search(t)}
        for number in lost:
            ranked = sorted(
                (i for i in range(len(words)) if i not in taken),
                key=lambda i: -scores[number][i],
            )
            if not ranked:
                break
            best = ranked[0]
            taken.add(best)
            texts[best] = _put_slot(texts[best], PLACEHOLDER.format(number))
            stats.aligned += 1
        # Re-mark surviving slots in the rebuilt text the same way.
        text = _mark_slots(" ".join(texts), slots)
    present = {int(n) for n in _PLACEHOLDER_EXACT.findall(text)}
    for number in slots:
        if number not in present:
            text = f"{text} {PLACEHOLDER.format(number)}"
            stats.appended += 1
    return clean_output(text)


def _mark_slots(text: str, slots: Sequence[int]) -> str:
    """Placeholders the model wrote loosely (``zx 1``) in canonical form; unknown ones dropped."""
    return _PLACEHOLDER_OUT.sub(
        lambda m: PLACEHOLDER.format(int(m.group(1))) if int(m.group(1)) in slots else "", text
    )


def _target_words(engine, output) -> list[tuple[str, list[int]]]:
    """(decoded word, its target piece indices) for the output; a word starts at ``▁``."""
    pieces = output.pieces or []
    groups: list[list[int]] = []
    for i, piece in enumerate(pieces):
        if not groups or piece.startswith("▁"):
            groups.append([i])
        else:
            groups[-1].append(i)
    words = []
    for group in groups:
        text = engine.decode([pieces[i] for i in group]).strip()
        if text:
            words.append((text, group))
    return words


def _slot_scores(engine, source: str, output, words, numbers) -> dict[int, list[float]]:
    """For each lost slot, each target word's attention mass on the slot's source pieces."""
    source_words = source.split()
    per_word = engine.encode(source_words)
    slot_pieces: dict[int, list[int]] = {n: [] for n in numbers}
    position = 0
    for word, pieces in zip(source_words, per_word):
        match = _PLACEHOLDER_EXACT.fullmatch(word)
        if match and int(match.group(1)) in slot_pieces:
            slot_pieces[int(match.group(1))].extend(range(position, position + len(pieces)))
        position += len(pieces)
    attention = output.attention or []
    scores: dict[int, list[float]] = {}
    for number in numbers:
        columns = slot_pieces[number]
        row_scores = []
        for _, group in words:
            best = 0.0
            for t in group:
                if t < len(attention):
                    row = attention[t]
                    best = max(best, sum(row[j] for j in columns if j < len(row)))
            row_scores.append(best)
        scores[number] = row_scores
    return scores


def _put_slot(word: str, slot: str) -> str:
    """Replace a word's letters by the slot, keeping punctuation around it (``Riyadh,`` → ``ZX1,``)."""
    match = _WORDISH.search(word)
    if not match:
        return f"{word} {slot}"
    return word[: match.start()] + slot + word[match.end() :]
