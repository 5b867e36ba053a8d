"""Glossary masking finds terms in one pass over the sentence (not one pass per term); it must
give exactly what the term-by-term search gave (kept here as the reference)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from readcli.translate.masking import _ARABIC_LETTER, PLACEHOLDER, Masked, _boundary_before, mask, prepare_glossary


def reference_mask(source: str, terms) -> Masked:
    """Each term in turn (longest first), every occurrence left to right, never overlapping."""
    if not terms:
        return Masked(source)
    spans, taken = [], [False] * len(source)
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
        if before and _ARABIC_LETTER.match(before[-1]):
            before += " "
        parts.append(before)
        renderings.append(english)
        parts.append(PLACEHOLDER.format(len(renderings)))
        last = end
    parts.append(source[last:])
    return Masked(" ".join("".join(parts).split()), tuple(renderings))


ALPHABET = "ابتلوفكمنسة ab.،"
words = st.text(alphabet=ALPHABET, min_size=1, max_size=6).filter(lambda w: w.strip())


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(words, st.sampled_from(["A", "B", "C d"]), max_size=12), st.text(alphabet=ALPHABET, max_size=50))
def test_one_pass_masking_equals_the_term_by_term_search(glossary, source):
    terms = prepare_glossary(glossary)
    assert mask(source, terms) == reference_mask(source, terms)


def test_examples():
    terms = prepare_glossary({"الجزائر": "Algeria", "جوشوا هاريس": "Joshua Harris", "هاريس": "Harris", "و": "and"})
    masked = mask("قال جوشوا هاريس إن والجزائر تعمل", terms)
    assert masked == Masked("قال ZX1 إن و ZX2 تعمل", ("Joshua Harris", "Algeria"))


def test_overlapping_terms_the_longer_wins_wherever_it_starts():
    terms = prepare_glossary({"قال جوشوا": "said Joshua", "جوشوا هاريس": "Joshua Harris"})
    assert mask("قال جوشوا هاريس", terms) == Masked("قال ZX1", ("Joshua Harris",))
    assert mask("قال جوشوا هاريس", terms) == reference_mask("قال جوشوا هاريس", terms)
    terms = prepare_glossary({"قال جوشوا": "A", "جوشوا هاريس": "B"})  # same length: term order
    assert mask("قال جوشوا هاريس", terms) == reference_mask("قال جوشوا هاريس", terms)


def test_a_large_glossary_masks_the_same():
    import random

    rng = random.Random(5)
    letters = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
    glossary = {"".join(rng.choice(letters) for _ in range(rng.randint(2, 6))): f"t{i}" for i in range(5000)}
    glossary.update({"الجزائر": "Algeria", "هاريس": "Harris", "جوشوا هاريس": "Joshua Harris"})
    terms = prepare_glossary(glossary)
    text = "وقال جوشوا هاريس إن الجزائر وللجزائر " + " ".join(rng.sample(sorted(glossary), 40))
    assert mask(text, terms) == reference_mask(text, terms)
    assert len(mask(text, terms).renderings) > 20
