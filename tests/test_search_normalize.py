"""Search normalisation, clitics and word keys: every orthographic and clitic case."""

from __future__ import annotations

import pytest

from readcli.index.analyzer import piece_keys, word_keys
from readcli.index.normalize import clean, normalize, strip_clitics, tokens


@pytest.mark.parametrize(
    "variant, plain",
    [
        ("أحمد", "احمد"),  # hamza above alef
        ("إسلام", "اسلام"),  # hamza below alef
        ("آخر", "اخر"),  # madda
        ("ٱلكتاب", "الكتاب"),  # wasla
        ("مدرسة", "مدرسه"),  # ta marbuta
        ("مستشفى", "مستشفي"),  # alef maqsura
        ("مُدَرِّسَةٌ", "مدرسه"),  # harakat (fatha, damma, kasra, shadda, tanwin)
        ("كتاب\u0670", "كتاب"),  # superscript alef
        ("مـــدرســة", "مدرسه"),  # tatweel
        ("کتاب", "كتاب"),  # Persian kaf
        ("فی", "في"),  # Persian yeh
        ("COVID", "covid"),  # Latin is lower-cased
    ],
)
def test_spelling_variants_normalise_alike(variant, plain):
    assert normalize(variant) == normalize(plain) == plain


def test_clean_keeps_spelling_but_drops_marks():
    assert clean("مُدَرِّسَةٌ") == "مدرسة"
    assert clean("أطفـال") == "أطفال"


def test_tokens_give_offsets_into_the_logical_text():
    text = "قالَ الرئيسُ: «أهلاً» في 2024، U.S."
    found = tokens(text)
    assert [t.text for t in found] == ["قالَ", "الرئيسُ", "أهلاً", "في", "2024", "U", "S"]
    for token in found:
        assert text[token.start : token.end] == token.text


@pytest.mark.parametrize(
    "word, forms",
    [
        ("والجزائر", ["والجزائر", "الجزائر", "جزائر"]),  # و + ال
        ("فالجزائر", ["فالجزائر", "الجزائر", "جزائر"]),  # ف + ال
        ("بالجزائر", ["بالجزائر", "الجزائر", "جزائر"]),  # ب + ال
        ("كالجزائر", ["كالجزائر", "الجزائر", "جزائر"]),  # ك + ال
        ("للجزائر", ["للجزائر", "جزائر"]),  # ل + ال (alef dropped)
        ("لترامب", ["لترامب", "ترامب"]),  # ل
        ("وبترامب", ["وبترامب", "بترامب", "ترامب"]),  # و + ب
        ("ترامب", ["ترامب"]),
        ("ول", ["ول"]),  # too short to strip
    ],
)
def test_strip_clitics(word, forms):
    assert strip_clitics(word) == forms


def _keys(word, numbers):
    return set(word_keys(word, lambda lemma: numbers.setdefault(lemma, len(numbers))))


_NUMBERS: dict = {}  # lemma numbers shared by every check, as one index shares them


def _meet(query, text_word, numbers=_NUMBERS):  # noqa: B006 - shared on purpose
    pieces = set(piece_keys(text_word, lambda lemma: numbers.setdefault(lemma, len(numbers))))
    return bool(_keys(query, numbers) & (_keys(text_word, numbers) | pieces))


@pytest.mark.parametrize(
    "query, text_word",
    [
        ("الجزائر", "والجزائر"),  # conjunction + article
        ("الجزائر", "بالجزائر"),  # preposition + article
        ("الجزائر", "للجزائر"),  # ل + ال
        ("الجزائر", "فالجزائر"),
        ("الجزائر", "كالجزائر"),
        ("سفير", "سفيرها"),  # pronoun suffix
        ("سفير", "سفيره"),
        ("كتاب", "كتابهم"),
        ("طفل", "أطفال"),  # broken plural
        ("مدرسة", "مدارس"),
        ("مدرسة", "والمدارس"),
        ("امرأة", "المرأة"),  # lemma group: definite form
        ("امرأة", "النساء"),  # suppletive plural
        ("أطفال", "اطفال"),  # missing hamza
        ("مدرسة", "مُدَرَسَة"),  # harakat
        ("ترامب", "لترامب"),  # a name the lexicon does not know: light stemming
        ("ترامب", "وترامب"),
        ("طالب", "للطلابالأساسيات"),  # words run together
        ("وزارة", "بوزارةالخارجية"),
    ],
)
def test_forms_that_meet(query, text_word):
    assert _meet(query, text_word)


@pytest.mark.parametrize(
    "query, text_word",
    [
        ("رئيس", "الرئيسية"),  # "main", not "president"
        ("فيلم", "يلم"),  # فيلم is a film, not ف + يلم
        ("لندن", "ندن"),
        ("مدرسة", "درس"),
    ],
)
def test_forms_that_do_not_meet(query, text_word):
    assert not _meet(query, text_word)


def test_a_query_word_run_together_is_not_its_pieces():
    assert _meet("غير", "كلمةغيرموجودة")
    assert not _meet("كلمةغيرموجودة", "غير")


def test_latin_and_numbers_get_one_lower_case_key():
    assert word_keys("COVID", lambda lemma: 1) == ["scovid"]
    assert word_keys("2024", lambda lemma: 1) == ["s2024"]
