"""Long Arabic word lists for the learner's tests and benchmark (``known import``).

Words are made from the Buckwalter lexicon's own stems (so most have an analysis), each also with
a proclitic or the article in front, in a fixed pseudo-random order; a few made-up letter strings
(no analysis) are mixed in, as a real export has names and typos.
"""

from __future__ import annotations

import random

from readcli.dictionary import buck2uni, lexicon

_FRONT = ("", "ال", "و", "وال", "ب", "بال", "ل", "ف")
_LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"


def word_list(count: int, *, seed: int = 18, unknown_every: int = 50) -> list[str]:
    """``count`` distinct Arabic words (one in ``unknown_every`` made up)."""

    stems = sorted(buck2uni(stem) for stem in lexicon().stems if len(stem) >= 3)
    rng = random.Random(seed)
    rng.shuffle(stems)
    words: dict[str, None] = {}
    made_up = 0
    for front in _FRONT:
        for stem in stems:
            if len(words) >= count:
                return list(words)
            if len(words) % unknown_every == unknown_every - 1:
                made_up += 1
                fake = "".join(rng.choice(_LETTERS) for _ in range(7))
                words.setdefault("زز" + fake, None)
                continue
            words.setdefault(front + stem, None)
    return list(words)[:count]
