"""The sentence splitter: hand-written Arabic news cases, hypothesis properties, and the
linear-time splitter checked against the last quadratic one (whose output is the contract)."""

from __future__ import annotations

import functools
import re
import subprocess
import sys
import types
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from readcli.sentences import normalise_space, segment, split_paragraphs, split_sentences
from readcli import sentences as splitter
from readcli.sentences import ARABIC_ABBREVIATIONS, SPELLED_LETTERS

ABBREVIATIONS = ARABIC_ABBREVIATIONS | SPELLED_LETTERS

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


# --- the linear-time splitter returns exactly what the last quadratic splitter returned --------
# Translation memory rows and `readcli sentences` numbering depend on the splitting, so the rewrite
# must not change a single Sentence. The reference is read with `git show` (CI runs in a clone).

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data"
REFERENCE_COMMIT = "30282979e7e0ffe0d6be55833d8a5666e1d1b2f9"  # the last quadratic splitter


@functools.cache
def _reference_module() -> types.ModuleType | None:
    try:
        source = subprocess.run(
            ["git", "show", f"{REFERENCE_COMMIT}:src/readcli/sentences.py"],
            cwd=REPO, capture_output=True, text=True, check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    module = types.ModuleType("readcli_sentences_reference")
    sys.modules[module.__name__] = module  # dataclasses look their module up
    exec(compile(source, f"{REFERENCE_COMMIT[:7]}:src/readcli/sentences.py", "exec"), module.__dict__)
    return module


def reference_rows(text: str) -> list[tuple]:
    module = _reference_module()
    if module is None:
        pytest.skip(f"git show {REFERENCE_COMMIT[:7]} failed: the comparison needs a git clone with history")
    return rows(module.segment(text))


def rows(sentences) -> list[tuple]:
    return [(s.paragraph, s.number, s.text, s.start, s.end) for s in sentences]


def shared_text(name: str) -> str:
    path = SHARED / name
    if not path.exists():
        pytest.skip(f"{path} is absent: the NTREX/FLORES comparison needs ../shared/data beside the repo")
    return path.read_text(encoding="utf-8")


def ntrex_articles() -> list[list[str]]:
    lines = shared_text("ntrex128.arb.txt").splitlines()
    ids = shared_text("ntrex128.document_ids.tsv").splitlines()
    articles: dict[str, list[str]] = {}
    for doc, line in zip(ids, lines):
        articles.setdefault(doc.split("\t")[0], []).append(line.strip())
    return list(articles.values())


def test_same_as_reference_on_ntrex_articles():
    ends = tuple(".!?؟…") + tuple("\"'”’»)]}›")
    for lines in ntrex_articles():
        # the splitter_f1 protocol (spaces after stops, line breaks elsewhere), and one long line
        rebuilt = "".join(line + (" " if line.endswith(ends) else "\n") for line in lines)
        for text in (rebuilt, " ".join(lines)):
            assert rows(segment(text)) == reference_rows(text)


@pytest.mark.parametrize("name", ["ntrex128.arb.txt", "flores200-devtest.arb_Arab.txt", "flores200-devtest.eng_Latn.txt"])
def test_same_as_reference_on_shared_data(name):
    text = shared_text(name)
    for variant in (text, " ".join(text.splitlines()), text.replace("\n", "\r\n")):
        assert rows(segment(variant)) == reference_rows(variant)


def test_same_as_reference_on_corpus():
    paths = sorted((REPO / "corpus").glob("*.txt"))
    assert paths
    for path in paths:
        text = path.read_text(encoding="utf-8")
        assert rows(segment(text)) == reference_rows(text)
        assert rows(segment(" ".join(text.splitlines()))) == reference_rows(" ".join(text.splitlines()))


# every line break Python knows, other whitespace, closers and openers, digits, Latin and Arabic
DIFF_ALPHABET = st.sampled_from(
    list("ابتدجهـأبي") + list("abAUSx0129٣") + list(".!?؟…،؛:;,\"'«»“”’‘›()[]{}@/-")
    + [" ", " ", " ", " ", "\t", "\u00a0", "\n", "\r", "\x85", "\u2028", "\x0b", "\x0c", "\x1c"]
)
TOKENS = st.sampled_from(
    ["ب.", "د.", "أ.د.", "آر.", "إلخ.", "U.S.", "Dr.", "approx.", "e.g.", "A.", "a", "J.K.", "1.", "12.",
     "1234.", "3.5", "٣.", "(أ.ف.ب)", "(د.ب.أ.)", "(", ")", "[", "]", "...", "..", ".", "!", "?", "؟", "…",
     "«", "»", '"', "'", "”", "’", "،", ",", "؛", ":", "كلمة", "word", "Word", "www.x.com", "x@y.org"]
)
SEPARATORS = st.sampled_from(["", " ", " ", " ", "  ", "\t", "\n", "\u00a0", " \n "])


@settings(max_examples=500, deadline=None)
@given(st.text(DIFF_ALPHABET, max_size=120))
def test_property_same_as_reference_on_characters(text):
    assert rows(segment(text)) == reference_rows(text)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(TOKENS, SEPARATORS), max_size=30))
def test_property_same_as_reference_on_tokens(pairs):
    text = "".join(token + separator for token, separator in pairs)
    assert rows(segment(text)) == reference_rows(text)


# --- pathological lines: correct splits at any length --------------------------------------------
# Each case builds a text and its expected sentences for n repeats; the reference agrees at n=4
# (the expectation is the contract), the splitter at n=4000 (the quadratic one took seconds here).

PATHOLOGICAL = {
    "arabic abbreviation": (lambda n: "ب. " * n + "نهاية. أخرى.", lambda n: ["ب. " * n + "نهاية.", "أخرى."]),
    "doctor": (lambda n: "د. " * n + "نهاية. أخرى.", lambda n: ["د. " * n + "نهاية.", "أخرى."]),
    "latin abbreviation": (lambda n: "U.S. " * n + "Then. End.", lambda n: ["U.S. " * n + "Then.", "End."]),
    "bracketed initials": (lambda n: "(أ. " * n + "كلمة. ثم. )", lambda n: ["(أ. " * n + "كلمة. ثم. )"]),
    "tab-separated initials": (
        lambda n: "A.\tB" * n, lambda n: ["A. BA."] + ["BA."] * (n - 2) + ["B"]),
    "dot runs": (lambda n: "كلمة.... " * n, lambda n: ["كلمة...."] * n),
    "one long dot run": (lambda n: "كلمة" + "." * n + " أخرى.", lambda n: ["كلمة" + "." * n, "أخرى."]),
    "dot run glued to a word": (lambda n: "." * n + "x y.", lambda n: ["." * n + "x y."]),
    "spaced numbers": (lambda n: "1. 2. 3. " * n + "البند.", lambda n: [("1. 2. 3. " * n).strip(), "البند."]),
    "list numbers": (lambda n: "1. " * n + "البند. ثم.", lambda n: [("1. " * n).strip(), "البند.", "ثم."]),
    "opening brackets": (lambda n: "(" * n + "كلمة. أخرى.", lambda n: ["(" * n + "كلمة.", "أخرى."]),
    "unclosed brackets": (lambda n: "( " * n + "كلمة. أخرى. )", lambda n: ["( " * n + "كلمة. أخرى. )"]),
    "guillemets": (lambda n: "« " * n + "قال. ثم.", lambda n: ["« " * n + "قال.", "ثم."]),
    "closers": (lambda n: "كلمة. " + ")" * n + " ثم.", lambda n: ["كلمة. " + ")" * n + " ثم."]),
    "straight quotes": (lambda n: 'قال. " ' * n + "ثم.", lambda n: ['قال. " ' * n + "ثم."]),
    "whitespace runs": (
        lambda n: " " * n + "كلمة." + " " * n + "أخرى." + "\t" * n + "ثالثة." + "\u00a0" * n,
        lambda n: ["كلمة.", "أخرى.", "ثالثة."]),
    "tiny sentences": (lambda n: "x! " * n, lambda n: ["x!"] * n),
}


@pytest.mark.parametrize("name", list(PATHOLOGICAL))
def test_pathological_lines_split_correctly(name):
    make_text, make_expected = PATHOLOGICAL[name]
    assert [row[2] for row in reference_rows(make_text(4))] == make_expected(4)
    text = make_text(4000)
    sentences = segment(text)
    assert [s.text for s in sentences] == make_expected(4000)
    for s in sentences:
        assert normalise_space(text[s.start : s.end]) == s.text and not text[s.start].isspace()


def test_fast_sentence_is_the_dataclass():
    """segment builds Sentences without the frozen dataclass's __init__: same object in every way."""
    import dataclasses
    import pickle

    fast = segment("عنوان\n\n  أول. نص.")[2]
    slow = splitter.Sentence(2, 3, "نص.", 14, 17)
    assert type(fast) is splitter.Sentence and vars(fast) == vars(slow)
    assert fast == slow and hash(fast) == hash(slow) and repr(fast) == repr(slow)
    assert pickle.loads(pickle.dumps(fast)) == slow and dataclasses.asdict(fast) == dataclasses.asdict(slow)
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.text = "x"
    assert not hasattr(splitter.Sentence, "__post_init__")  # segment would skip it
    assert [f.name for f in dataclasses.fields(splitter.Sentence)] == list(vars(fast))


class CountingLine(str):
    """A line that counts the characters its slices and searches cover (not the regex engine's)."""

    covered = 0

    def __getitem__(self, key):
        piece = str.__getitem__(self, key)
        CountingLine.covered += len(piece)
        return piece

    def _range(self, start, end):
        start = 0 if start is None else start
        end = len(self) if end is None else end
        CountingLine.covered += max(0, end - start)

    def rfind(self, sub, start=None, end=None):
        self._range(start, end)
        return str.rfind(self, sub, *[a for a in (start, end) if a is not None])

    def find(self, sub, start=None, end=None):
        self._range(start, end)
        return str.find(self, sub, *[a for a in (start, end) if a is not None])

    def lstrip(self, chars=None):
        self._range(None, None)
        return str.lstrip(self, chars)

    def rstrip(self, chars=None):
        self._range(None, None)
        return str.rstrip(self, chars)

    def strip(self, chars=None):
        self._range(None, None)
        return str.strip(self, chars)


@pytest.mark.parametrize("unit", ["ب. ", "1. ", "A.\tB", "( كلمة. ", "x! ", "كلمة. ", "(أ.ف.ب) كلمة. "])
def test_work_per_line_is_linear(unit):
    """The characters a line's slices and searches cover grow linearly with the line: ten times the
    line, about ten times the work (the quadratic splitter covered the rest of the line per stop,
    a hundred times the work)."""
    covered = []
    for repeats in (1000, 10000):
        CountingLine.covered = 0
        splitter.line_spans(CountingLine(unit * repeats))
        covered.append(CountingLine.covered)
    assert covered[1] <= 11 * covered[0], covered
    assert covered[1] <= 20 * len(unit) * 10000, covered  # the quadratic one: up to 10,000 a character
