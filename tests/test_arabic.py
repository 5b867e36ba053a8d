"""readcli.arabic, the one home of Arabic script facts: each set pinned, each function on a table.

The sets are pinned twice: literally (a change shows in review) and against Unicode's own
categories (the letters are the block's Lo characters, the marks its Mn characters).
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from readcli import arabic

BLOCK = [chr(c) for c in range(0x0600, 0x0700)]


def members(char_class: str) -> str:
    pattern = re.compile(f"[{char_class}]")
    return "".join(c for c in BLOCK if pattern.fullmatch(c))


@pytest.mark.parametrize(
    "name, expected",
    [
        ("LETTERS", "ءآأؤإئابةتثجحخدذرزسشصضطظعغفقكلمنهوىي"),
        ("HARAKAT", "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652"),
        ("TATWEEL", "\u0640"),
        (
            "MARKS",
            "".join(chr(c) for c in [*range(0x0610, 0x061B), *range(0x064B, 0x0660), 0x0670, *range(0x06D6, 0x06DD),
                                     *range(0x06DF, 0x06E5), 0x06E7, 0x06E8, *range(0x06EA, 0x06EE)]),
        ),
    ],
)
def test_each_character_set_is_pinned(name, expected):
    assert members(getattr(arabic, name)) == expected


def test_letters_and_marks_are_unicode_s_own_categories():
    letters = members(arabic.LETTERS + arabic.OTHER_LETTERS)
    assert letters == "".join(c for c in BLOCK if unicodedata.category(c) == "Lo")
    assert members(arabic.MARKS) == "".join(c for c in BLOCK if unicodedata.category(c) == "Mn")
    assert not set(members(arabic.LETTERS)) & set(members(arabic.OTHER_LETTERS))
    assert set(members(arabic.HARAKAT)) <= set(members(arabic.MARKS))


def test_variant_and_spelling_maps_are_pinned():
    assert arabic.VARIANTS == {"ی": "ي", "ک": "ك", "ە": "ه", "ۀ": "ة", "ٱ": "ا"}
    assert arabic.ORTHOGRAPHY == {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي"}
    # Every variant maps to a letter of Arabic itself, never to another variant.
    assert all(members(arabic.LETTERS).count(v) == 1 for v in arabic.VARIANTS.values())


def test_proclitics_are_pinned():
    assert arabic.CONJUNCTIONS == ("و", "ف")
    assert arabic.PREPOSITIONS == ("ب", "ك", "ل")
    assert arabic.ARTICLE == "ال" and arabic.ARTICLE_AFTER_L == "لل"
    assert arabic.PROCLITICS == ("و", "ف", "ب", "ك", "ل", "وب", "وك", "ول", "فب", "فك", "فل")
    assert arabic.ARTICLE_PROCLITICS == ("وال", "فال", "بال", "كال", "لل")


@pytest.mark.parametrize(
    "word, stripped, bare, key",
    [
        ("السَّلامُ", "السلام", "السلام", "السلام"),
        ("مـــصر", "مصر", "مصر", "مصر"),  # tatweel
        ("ٱلرَّحْمَٰن", "ٱلرحمن", "الرحمن", "الرحمن"),  # alef wasla, superscript alef
        ("کتاب", "کتاب", "كتاب", "كتاب"),  # Persian keheh
        ("مدرسة", "مدرسة", "مدرسة", "مدرسه"),  # ta marbuta kept, folded in the key
        ("إلى", "إلى", "إلى", "الي"),
        # A hamza typed as a combining mark composes into its letter instead of being stripped
        # (it used to be kept by the lexicon's cleaning and dropped by the index's).
        ("ا\u0654ن", "أن", "أن", "ان"),
        ("سماء\u06db", "سماء", "سماء", "سماء"),  # a Quranic mark (was left in by the lexicon's cleaning)
        ("Cairo", "Cairo", "Cairo", "cairo"),
    ],
)
def test_strip_marks_bare_and_the_orthographic_key(word, stripped, bare, key):
    assert arabic.strip_marks(word) == stripped
    assert arabic.bare(word) == bare
    assert arabic.orthographic_key(word) == key


@pytest.mark.parametrize(
    "text, is_arabic, script",
    [("مصر", True, True), ("Egypt", False, False), ("Egypt ۀ", True, True), ("٣", False, True),
     ("\ufee3\ufebc\ufeae", False, True), ("\u064e", False, True)],
)
def test_is_arabic_and_has_arabic_script(text, is_arabic, script):
    assert arabic.is_arabic(text) is is_arabic
    assert arabic.has_arabic_script(text) is script


def test_the_lexicon_and_the_index_clean_a_word_the_same_way():
    from readcli.dictionary import clean_word
    from readcli.index.normalize import clean

    for word in ("ا\u0654ن", "سماء\u06db", "قُرْآن", "کتاب", "مـــصر"):
        assert clean_word(word) == clean(word) == arabic.bare(word)


def test_no_other_module_spells_out_an_arabic_character_class():
    """Arabic ranges live in readcli/arabic.py only (render/bidi_chars and safe hold bidi
    controls, dictionary.py the Buckwalter transliteration table)."""
    root = Path(arabic.__file__).parent
    range_in_class = re.compile(r"\[[^\]]*\\u06[0-9a-fA-F]{2}-\\u06[0-9a-fA-F]{2}")
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if path.name != "arabic.py" and range_in_class.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
