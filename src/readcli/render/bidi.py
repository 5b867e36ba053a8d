"""The Unicode Bidirectional Algorithm (UAX #9) for one line of terminal output.

python-bidi's pure-Python ``bidi.algorithm`` predates Unicode 6.3: it has no paired-bracket
rule N0 and no isolates (U+2066–U+2069 raise ``AssertionError``), and it fails on characters
newer than Python's Unicode tables. Its Rust ``get_display`` resolves levels well but applies
L1–L2 only (no mirroring, marks end up before their letter) and shows the levels only in a
debug dump. So this module resolves the levels itself and reorders, rule by rule:

- paragraph level given by the caller (the terminal view fixes it: right-to-left for Arabic);
- X1–X10: explicit embeddings, overrides and isolates (depth 125), isolating run sequences;
- W1–W7, N0 (bracket pairs, with the NSM follow-up), N1–N2, I1–I2;
- L1 (trailing whitespace and isolate controls to the paragraph level), L2 (reversal),
  L3 as ICU's ``KEEP_BASE_COMBINING`` (in a right-to-left run each base character keeps the
  combining marks that follow it, which is where a terminal draws them), L4 mirroring with
  python-bidi's mirror table (``bidi.mirror.MIRRORED``);
- characters removed by X9 (embedding and override controls, BN) take the level of the
  character after them, as ICU does; bidi formatting characters are dropped from the output.

Character properties (bidi class, marks, mirroring, brackets) are in
:mod:`readcli.render.bidi_chars`.
"""

from __future__ import annotations

from typing import NamedTuple

from readcli.render.bidi_chars import char_data

MAX_DEPTH = 125
MAX_BRACKET_STACK = 63
STRONG = frozenset("L R AL".split())
ISOLATE_INITIATORS = frozenset(("LRI", "RLI", "FSI"))
ISOLATE_CONTROLS = frozenset(("LRI", "RLI", "FSI", "PDI"))
REMOVED_BY_X9 = frozenset(("RLE", "LRE", "RLO", "LRO", "PDF", "BN"))
NEUTRAL_OR_ISOLATE = frozenset(("B", "S", "WS", "ON", "LRI", "RLI", "FSI", "PDI"))
# Bidi formatting characters: applied here, never passed on to the terminal.
FORMATTING = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
# Canonical equivalents among brackets (BD16): U+2329/U+232A and U+3008/U+3009.
_CANONICAL_BRACKET = {"\u2329": "\u3008", "\u232a": "\u3009"}


def _matching_pdis(types: list[str]) -> dict[int, int]:
    """BD9: each isolate initiator's matching PDI (index to index)."""
    matches: dict[int, int] = {}
    open_: list[int] = []
    for i, t in enumerate(types):
        if t in ISOLATE_INITIATORS:
            open_.append(i)
        elif t == "PDI" and open_:
            matches[open_.pop()] = i
    return matches


def _first_strong(types: list[str], start: int, stop: int, matches: dict[int, int]) -> str | None:
    """P2 over types[start:stop], skipping isolates; 'L' or 'R' (AL counts as R)."""
    i = start
    while i < stop:
        t = types[i]
        if t == "L":
            return "L"
        if t in ("R", "AL"):
            return "R"
        if t in ISOLATE_INITIATORS:
            if i not in matches:
                return None
            i = matches[i]
        i += 1
    return None


def _explicit(types: list[str], base: int, matches: dict[int, int]) -> tuple[list[int], list[str]]:
    """X1–X8: embedding level of each character; types with overrides applied."""
    n = len(types)
    levels = [base] * n
    resolved = list(types)
    # stack entries: (level, override 'L'/'R'/None, isolate)
    stack: list[tuple[int, str | None, bool]] = [(base, None, False)]
    overflow_isolates = overflow_embeddings = valid_isolates = 0
    for i, t in enumerate(types):
        level, override, _ = stack[-1]
        if t in ("RLE", "LRE", "RLO", "LRO"):
            levels[i] = level
            new = (level + 1) | 1 if t[0] == "R" else (level + 2) & ~1
            if new <= MAX_DEPTH and overflow_isolates == 0 and overflow_embeddings == 0:
                stack.append((new, {"RLO": "R", "LRO": "L"}.get(t), False))
            elif overflow_isolates == 0:
                overflow_embeddings += 1
        elif t in ISOLATE_INITIATORS:
            levels[i] = level
            if override:
                resolved[i] = override
            if t == "FSI":
                end = matches.get(i, n)
                rtl = _first_strong(types, i + 1, end, matches) == "R"
            else:
                rtl = t == "RLI"
            new = (level + 1) | 1 if rtl else (level + 2) & ~1
            if new <= MAX_DEPTH and overflow_isolates == 0 and overflow_embeddings == 0:
                valid_isolates += 1
                stack.append((new, None, True))
            else:
                overflow_isolates += 1
        elif t == "PDI":
            if overflow_isolates > 0:
                overflow_isolates -= 1
            elif valid_isolates > 0:
                overflow_embeddings = 0
                while not stack[-1][2]:
                    stack.pop()
                stack.pop()
                valid_isolates -= 1
            level, override, _ = stack[-1]
            levels[i] = level
            if override:
                resolved[i] = override
        elif t == "PDF":
            levels[i] = level
            if overflow_isolates > 0:
                pass
            elif overflow_embeddings > 0:
                overflow_embeddings -= 1
            elif not stack[-1][2] and len(stack) >= 2:
                stack.pop()
        elif t == "B":
            levels[i] = base
        else:
            levels[i] = level
            if override and t != "BN":
                resolved[i] = override
    return levels, resolved


def _run_sequences(kept: list[int], levels: list[int], types: list[str], matches: dict[int, int]) -> list[list[int]]:
    """X10 / BD13: isolating run sequences, as lists of text positions (X9-removed skipped)."""
    runs: list[list[int]] = []
    for i in kept:
        if runs and levels[runs[-1][-1]] == levels[i]:
            runs[-1].append(i)
        else:
            runs.append([i])
    run_starting_at = {run[0]: run for run in runs}
    matched_pdis = set(matches.values())
    sequences = []
    for run in runs:
        if types[run[0]] == "PDI" and run[0] in matched_pdis:
            continue
        sequence = list(run)
        while types[sequence[-1]] in ISOLATE_INITIATORS and sequence[-1] in matches:
            following = run_starting_at.get(matches[sequence[-1]])
            if following is None:
                break
            sequence.extend(following)
        sequences.append(sequence)
    return sequences


class _Paragraph(NamedTuple):
    """What every isolating run sequence of a paragraph is resolved against."""

    levels: list  # resolved levels, updated in place
    explicit: list  # the levels from X1–X8 (sos and eos compare with those)
    types: list  # bidi classes after X1–X8
    original: list  # bidi classes as given
    text: str | None
    kept: list  # the positions X9 keeps
    kept_index: dict  # position -> index in ``kept``
    base: int
    matches: dict  # isolate initiator -> its matching PDI


def _resolve_sequence(seq, para: _Paragraph) -> None:
    """W1–W7, N0–N2, I1–I2 on one isolating run sequence; updates ``para.levels``."""
    level = para.explicit[seq[0]]
    sos, eos = _sos_eos(seq, level, para)
    t = [para.types[i] for i in seq]
    was_nsm = [x == "NSM" for x in t]
    _weak_types(t, sos)
    embedding = "R" if level & 1 else "L"
    _paired_brackets(seq, t, para.text, sos, embedding, was_nsm)
    _neutral_types(t, sos, eos, embedding)
    _implicit_levels(seq, t, level, para.levels)


def _sos_eos(seq, level: int, para: _Paragraph) -> tuple[str, str]:
    """The sequence's start and end types (X10): the higher level of it and its neighbour."""
    explicit, kept, kept_index, base = para.explicit, para.kept, para.kept_index, para.base
    first, last = seq[0], seq[-1]
    before = kept_index[first] - 1
    prev_level = explicit[kept[before]] if before >= 0 else base
    sos = "R" if max(level, prev_level) & 1 else "L"
    after = kept_index[last] + 1
    if para.original[last] in ISOLATE_INITIATORS and last not in para.matches:
        next_level = base
    else:
        next_level = explicit[kept[after]] if after < len(kept) else base
    eos = "R" if max(level, next_level) & 1 else "L"
    return sos, eos


def _weak_types(t: list, sos: str) -> None:
    """W1–W7 on the sequence's types ``t``, in place."""
    n = len(t)
    # W1
    prev = sos
    for k in range(n):
        if t[k] == "NSM":
            t[k] = "ON" if prev in ISOLATE_CONTROLS else prev
        prev = t[k]
    # W2, W3
    last_strong = sos
    for k in range(n):
        x = t[k]
        if x in STRONG:
            last_strong = x
            if x == "AL":
                t[k] = "R"
        elif x == "EN" and last_strong == "AL":
            t[k] = "AN"
    # W4
    for k in range(1, n - 1):
        if t[k] == "ES" and t[k - 1] == "EN" and t[k + 1] == "EN":
            t[k] = "EN"
        elif t[k] == "CS" and t[k - 1] == t[k + 1] and t[k - 1] in ("EN", "AN"):
            t[k] = t[k - 1]
    # W5
    k = 0
    while k < n:
        if t[k] == "ET":
            end = k
            while end < n and t[end] == "ET":
                end += 1
            if (k > 0 and t[k - 1] == "EN") or (end < n and t[end] == "EN"):
                for j in range(k, end):
                    t[j] = "EN"
            k = end
        else:
            k += 1
    # W6
    for k in range(n):
        if t[k] in ("ES", "ET", "CS"):
            t[k] = "ON"
    # W7
    last_strong = sos
    for k in range(n):
        if t[k] in ("L", "R"):
            last_strong = t[k]
        elif t[k] == "EN" and last_strong == "L":
            t[k] = "L"


def _neutral_types(t: list, sos: str, eos: str, embedding: str) -> None:
    """N1–N2 on the sequence's types ``t``, in place (after N0, the brackets)."""
    n = len(t)
    k = 0
    while k < n:
        if t[k] in NEUTRAL_OR_ISOLATE:
            end = k
            while end < n and t[end] in NEUTRAL_OR_ISOLATE:
                end += 1
            left = sos if k == 0 else ("R" if t[k - 1] in ("R", "EN", "AN") else "L")
            right = eos if end == n else ("R" if t[end] in ("R", "EN", "AN") else "L")
            value = left if left == right else embedding
            for j in range(k, end):
                t[j] = value
            k = end
        else:
            k += 1


def _implicit_levels(seq, t: list, level: int, levels: list) -> None:
    """I1–I2: each position's level from its resolved type."""
    for k, i in enumerate(seq):
        x = t[k]
        if level & 1:
            if x in ("L", "EN", "AN"):
                levels[i] = level + 1
        elif x == "R":
            levels[i] = level + 1
        elif x in ("AN", "EN"):
            levels[i] = level + 2


def _strong_direction(x: str) -> str | None:
    if x == "L":
        return "L"
    if x in ("R", "AL", "EN", "AN"):
        return "R"
    return None


def _paired_brackets(seq, t, text, sos, embedding, was_nsm) -> None:
    """N0: bracket pairs take the direction of what they enclose or of their context."""
    info = char_data()
    pairs: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    if text is None:
        return
    for k, i in enumerate(seq):
        if t[k] != "ON":
            continue
        char = _CANONICAL_BRACKET.get(text[i], text[i])
        if char in info.closing_of:
            if len(stack) == MAX_BRACKET_STACK:
                break
            stack.append((_CANONICAL_BRACKET.get(info.closing_of[char], info.closing_of[char]), k))
        elif char in info.opening_of:
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == char:
                    pairs.append((stack[depth][1], k))
                    del stack[depth:]
                    break
    if not pairs:
        return
    pairs.sort()
    n = len(t)
    for open_k, close_k in pairs:
        found_embedding = found_other = False
        for k in range(open_k + 1, close_k):
            direction = _strong_direction(t[k])
            if direction == embedding:
                found_embedding = True
                break
            if direction is not None:
                found_other = True
        if found_embedding:
            value = embedding
        elif found_other:
            context = sos
            for k in range(open_k - 1, -1, -1):
                direction = _strong_direction(t[k])
                if direction is not None:
                    context = direction
                    break
            value = context
        else:
            continue
        for k in (open_k, close_k):
            t[k] = value
            j = k + 1
            while j < n and was_nsm[j]:
                t[j] = value
                j += 1


def paragraph_level(classes: list[str]) -> int:
    """P2–P3: 1 if the first strong character (isolates skipped) is right-to-left, else 0."""
    return 1 if _first_strong(classes, 0, len(classes), _matching_pdis(classes)) == "R" else 0


def levels_of(text: str, base: int) -> list[int]:
    """Resolved embedding level of every character of one line (after L1)."""
    info = char_data()
    return resolve_levels([info.bidi_class(c) for c in text], base, text)


def resolve_levels(original: list[str], base: int, text: str | None = None) -> list[int]:
    """Levels of a line given its characters' bidi classes (X1–I2, then L1).

    ``text`` (the characters) is needed for the bracket pairs of rule N0; without it no
    character counts as a bracket. X9-removed characters get a level too (see module doc).
    """
    n = len(original)
    if n == 0:
        return []
    if base == 0 and not any(x not in ("L", "WS", "ON", "EN", "ES", "ET", "CS", "BN", "NSM") for x in original):
        # Nothing right-to-left, no controls, no separators: all level 0 (W7 makes European
        # numbers L after sos L). The common case of an English line.
        return [0] * n
    matches = _matching_pdis(original)
    levels, types = _explicit(original, base, matches)
    kept = [i for i, x in enumerate(original) if x not in REMOVED_BY_X9]
    kept_index = {i: k for k, i in enumerate(kept)}
    explicit = list(levels)
    para = _Paragraph(levels, explicit, types, original, text, kept, kept_index, base, matches)
    for seq in _run_sequences(kept, explicit, original, matches):
        _resolve_sequence(seq, para)
    # X9-removed characters take the level of the character after them (ICU), L1 below
    # resets the ones at the end of the line.
    following = base
    for i in range(n - 1, -1, -1):
        if original[i] in REMOVED_BY_X9:
            levels[i] = following
        following = levels[i]
    # L1: segment/paragraph separators, and whitespace, isolate controls and X9-removed
    # characters before them or at the end of the line, to the paragraph level.
    trailing = True
    for i in range(n - 1, -1, -1):
        x = original[i]
        if x in ("S", "B"):
            levels[i] = base
            trailing = True
        elif trailing and (x == "WS" or x in ISOLATE_CONTROLS or x in REMOVED_BY_X9):
            levels[i] = base
        else:
            trailing = False
    return levels


def visual_runs(levels: list[int]) -> list[tuple[int, int, int]]:
    """L2: the runs of equal level, ``(start, end, level)``, in visual order (left to right).

    From the highest level down to the lowest odd level, every maximal sequence of runs at
    that level or higher is reversed.
    """
    runs: list[tuple[int, int, int]] = []
    start = 0
    for i in range(1, len(levels) + 1):
        if i == len(levels) or levels[i] != levels[start]:
            runs.append((start, i, levels[start]))
            start = i
    odd = [level for level in levels if level & 1]
    if not odd:
        return runs
    for level in range(max(levels), min(odd) - 1, -1):
        k = 0
        while k < len(runs):
            if runs[k][2] >= level:
                end = k
                while end < len(runs) and runs[end][2] >= level:
                    end += 1
                runs[k:end] = reversed(runs[k:end])
                k = end
            else:
                k += 1
    return runs


def visual_order(levels: list[int]) -> list[int]:
    """L2 as indices: which logical position is shown at each visual position."""
    order: list[int] = []
    for start, end, level in visual_runs(levels):
        order.extend(range(end - 1, start - 1, -1) if level & 1 else range(start, end))
    return order


def reorder(text: str, base: int) -> str:
    """The visual (left-to-right) order of one logical line, bidi formatting characters removed."""
    return _reorder(text, base, None)


def reorder_indexed(text: str, base: int) -> tuple[str, list[int]]:
    """:func:`reorder`, and for each character of the visual line the index in ``text`` of the
    character it shows (so a caller can style logical ranges, such as a sentence, on screen)."""
    positions: list[int] = []
    return _reorder(text, base, positions), positions


def _reorder(text: str, base: int, positions: list[int] | None) -> str:
    if not text:
        return ""
    levels = levels_of(text, base)
    if not any(levels):
        if positions is not None:
            positions.extend(i for i, c in enumerate(text) if c not in FORMATTING)
        return "".join(c for c in text if c not in FORMATTING)
    info = char_data()
    out: list[str] = []
    for start, end, level in visual_runs(levels):
        if not level & 1:
            out.append(text[start:end])
            if positions is not None:
                positions.extend(range(start, end))
            continue
        # Right to left (L3 as ICU's KEEP_BASE_COMBINING, L4): write clusters, a base and the
        # marks after it, from the last one, mirroring the base character.
        i = end
        while i > start:
            j = i - 1
            while j > start and info.is_mark(text[j]):
                j -= 1
            base_char = text[j]
            out.append(info.mirror.get(base_char, base_char))
            out.append(text[j + 1 : i])
            if positions is not None:
                positions.extend(range(j, i))
            i = j
    visual = "".join(out)
    if any(c in FORMATTING for c in visual):
        if positions is not None:
            kept = [(c, k) for c, k in zip(visual, positions) if c not in FORMATTING]
            positions[:] = [k for _, k in kept]
        visual = "".join(c for c in visual if c not in FORMATTING)
    return visual
