"""The sentence splitter: hand-written Arabic news cases and hypothesis properties."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from readcli.sentences import normalise_space, segment, split_paragraphs, split_sentences
from readcli.sentences import _ARABIC_ABBREVIATIONS, _SPELLED_LETTERS

ABBREVIATIONS = _ARABIC_ABBREVIATIONS | _SPELLED_LETTERS

CASES = [
    # plain boundaries: . ؟ ? !
    ("قال الوزير إن الوضع صعب. وأضاف أن الحل قريب.", ["قال الوزير إن الوضع صعب.", "وأضاف أن الحل قريب."]),
    ("هل انتهى الأمر؟ نعم! بالتأكيد.", ["هل انتهى الأمر؟", "نعم!", "بالتأكيد."]),
    ("What now? Nothing.", ["What now?", "Nothing."]),
    ("ماذا؟! لا أعرف.", ["ماذا؟!", "لا أعرف."]),
    # .. and ... before a new sentence
    ("انتظر... ثم تكلم. وبعد ذلك.. غادر.", ["انتظر...", "ثم تكلم.", "وبعد ذلك..", "غادر."]),
    # a dot run glued to a comma is a pause (seen in the corpus: "2021،.. حيث")
    ("منذ غشت 2021،.. حيث قطعت العلاقات.", ["منذ غشت 2021،.. حيث قطعت العلاقات."]),
    # a detached ellipsis stays inside the sentence
    ("إنهم صغار وفضوليون جدًا ... إنهم لا يهدفون إلى إيذائك.", ["إنهم صغار وفضوليون جدًا ... إنهم لا يهدفون إلى إيذائك."]),
    # numbers
    ("بلغت النسبة 3.5 في المئة. ثم ارتفعت.", ["بلغت النسبة 3.5 في المئة.", "ثم ارتفعت."]),
    ("الساعة 10.30 صباحا. ثم انتهى.", ["الساعة 10.30 صباحا.", "ثم انتهى."]),
    ("ارتفعت إلى ٣٫٥ بالمئة. ثم هبطت.", ["ارتفعت إلى ٣٫٥ بالمئة.", "ثم هبطت."]),
    ("القيمة 2.5.", ["القيمة 2.5."]),
    # URLs and e-mail addresses
    ("زوروا www.example.com/news.html للمزيد. شكرا.", ["زوروا www.example.com/news.html للمزيد.", "شكرا."]),
    ("راسلونا على info@example.org. شكرا لكم.", ["راسلونا على info@example.org.", "شكرا لكم."]),
    ("See https://a.b.example/x?y=1. Then go.", ["See https://a.b.example/x?y=1.", "Then go."]),
    # abbreviations and initials
    ("قال د. محمد إن الوضع صعب. وأضاف.", ["قال د. محمد إن الوضع صعب.", "وأضاف."]),
    ("ووقع أ.د. أحمد الوثيقة. ثم غادر.", ["ووقع أ.د. أحمد الوثيقة.", "ثم غادر."]),
    ("مثل دي آر. بوبو لأول مرة.", ["مثل دي آر. بوبو لأول مرة."]),
    ("Mr. Smith met Dr. Jones. They talked.", ["Mr. Smith met Dr. Jones.", "They talked."]),
    ("U.S. officials said so. Others disagreed.", ["U.S. officials said so.", "Others disagreed."]),
    ("It costs approx. five dollars. Cheap.", ["It costs approx. five dollars.", "Cheap."]),
    # bracketed agency initials
    ("قالت الوكالة (أ.ف.ب) إن الاجتماع انتهى. وبدأ آخر.", ["قالت الوكالة (أ.ف.ب) إن الاجتماع انتهى.", "وبدأ آخر."]),
    ("ذكرت (د.ب.أ.) أن الاجتماع انتهى. وبدأ آخر.", ["ذكرت (د.ب.أ.) أن الاجتماع انتهى.", "وبدأ آخر."]),
    # ، and ؛ are not boundaries
    ("الأول، والثاني؛ والثالث.", ["الأول، والثاني؛ والثالث."]),
    # closing quotes and brackets stay with their sentence
    ("وقال: «انتهى الأمر.» ثم غادر.", ["وقال: «انتهى الأمر.»", "ثم غادر."]),
    ('وقال "انتهى الأمر." ثم غادر.', ['وقال "انتهى الأمر."', "ثم غادر."]),
    ("وقال “انتهى الأمر.” ثم غادر.", ["وقال “انتهى الأمر.”", "ثم غادر."]),
    ("(انتهى الاجتماع بعد ساعات طويلة من النقاش الحاد.) ثم غادروا.", ["(انتهى الاجتماع بعد ساعات طويلة من النقاش الحاد.)", "ثم غادروا."]),
    # a straight quote right after the stop and glued to the next word opens the next sentence
    ('وقال "هذا صحيح". "ولكن ليس تماما."', ['وقال "هذا صحيح".', '"ولكن ليس تماما."']),
    # line ends end sentences: headlines without a stop, list items
    ("عنوان بلا نقطة\nالنص هنا. والمزيد.", ["عنوان بلا نقطة", "النص هنا.", "والمزيد."]),
    ("1. البند الأول\n2. البند الثاني", ["1. البند الأول", "2. البند الثاني"]),
    # whitespace is folded, nothing else changes
    ("  كلمة\t\tأخرى  .  \n\n", ["كلمة أخرى ."]),
    ("", []),
]


@pytest.mark.parametrize("text, expected", CASES)
def test_cases(text, expected):
    assert split_sentences(text) == expected


def test_paragraphs_and_numbers():
    text = "عنوان\n\nالأولى. الثانية.\nالثالثة؟"
    sentences = segment(text)
    assert [(s.paragraph, s.number) for s in sentences] == [(1, 1), (2, 2), (2, 3), (3, 4)]
    assert split_paragraphs(text) == [["عنوان"], ["الأولى.", "الثانية."], ["الثالثة؟"]]
    for s in sentences:
        assert text[s.start : s.end] == s.text


def test_seed_articles_split_sensibly():
    corpus = Path(__file__).resolve().parents[1] / "corpus"
    for path in sorted(corpus.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        sentences = split_sentences(text)
        assert len(sentences) >= len([line for line in text.splitlines() if line.strip()])
        # every sentence but headline-like ones ends with a stop or a closing quote
        ended = [s for s in sentences if re.search(r"[.!?؟…»”\")]$", s)]
        assert len(ended) >= len(sentences) - 3


ALPHABET = st.sampled_from(
    list("ابتثجحخدذرزسشصضطظعغفقكلمنهوي") + list("ءآأإؤئةى") + ["\u064b", "\u064e", "\u0651"]
    + list("abcXYZ0123456789٠١٢٣")
    + list(".!?؟…،؛:\"'«»“”()[]@/-")
    + [" ", " ", " ", "\n", "\t", "\u00a0"]
)
texts = st.text(ALPHABET, max_size=300)


@settings(max_examples=400, deadline=None)
@given(texts)
def test_property_nothing_lost_nothing_added(text):
    sentences = split_sentences(text)
    assert "".join(sentences).replace(" ", "") == re.sub(r"\s", "", text)


@settings(max_examples=400, deadline=None)
@given(texts)
def test_property_sentences_are_clean_and_within_a_line(text):
    lines = [line for line in text.splitlines() if line.strip()]
    for sentence in segment(text):
        assert sentence.text and sentence.text == normalise_space(sentence.text)
        assert "\n" not in sentence.text
        assert normalise_space(text[sentence.start : sentence.end]) == sentence.text
        assert sentence.text in normalise_space(lines[sentence.paragraph - 1])
    numbers = [s.number for s in segment(text)]
    assert numbers == list(range(1, len(numbers) + 1))


@settings(max_examples=300, deadline=None)
@given(texts)
def test_property_never_ends_on_comma(text):
    """A sentence ends at a stop or at a line end, never at ، ؛ or ,."""
    line_ends = {normalise_space(line).rsplit(" ", 1)[-1] for line in text.splitlines() if line.strip()}
    for sentence in split_sentences(text):
        if sentence.endswith(("،", "؛", ",")):
            assert sentence.rsplit(" ", 1)[-1] in line_ends


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(st.sampled_from(list("ابتثجحخدسشصعفقكلمنهوي")), min_size=3, max_size=8).filter(
    lambda w: w not in ABBREVIATIONS), min_size=1, max_size=6),
       st.sampled_from([".", "؟", "!", "?", "..."]))
def test_property_simple_sentences_split_exactly(words_list, stop):
    """Sentences of plain Arabic words (3+ letters, not abbreviations) come back exactly."""
    sentences = [" ".join(words_list[: i + 1]) + stop for i in range(len(words_list))]
    assert split_sentences(" ".join(sentences)) == sentences
