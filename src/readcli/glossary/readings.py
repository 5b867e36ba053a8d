"""Choosing a reading: each distinct word's best analysis, group key and clitic-free form.

A word with several analyses gets the lemma best supported by the whole text (the lemma that the
most tokens could have), weighted by a prior learnt on FLORES-200 devtest (how often each lemma is
the right reading: ``readcli/data/lemma_prior.tsv``, made by ``bench/glossary_build.py
--make-prior``); ties go to the reading with fewer clitics. A nisba adjective (الجزائري) and the
proper noun it derives from (الجزائر) are one family. Words the lexicon does not know are grouped
by their form with a leading و، ف، ب، ل، ك or ال split off when the rest also occurs on its own.
"""

from __future__ import annotations

import functools
import math
from collections import Counter
from dataclasses import dataclass, field
from importlib import resources

from readcli.arabic import ARTICLE, ARTICLE_PROCLITICS, CONJUNCTIONS, PREPOSITIONS
from readcli.dictionary import Analysis, Lexicon, lemma_base, unvocalized
from readcli.errors import InputError

# Auxiliary, copular and reporting verbs and quantifiers the lexicon files as content words but
# that say nothing about what an article is about (Buckwalter lemma ids without sense numbers).
LIGHT_LEMMAS = frozenset(
    {
        "kAn", "kAn-u", "qAl-u", ">aDAf", "Zal~-a", ">aSobaH", "|l-u", "laysa", "kul~",
        "baEoD", "gayor", "jamiyE", "Eiddap", "$ayo'", ">ay~", "nafos", "tam~-i", "qad", "Eind",
        "mA", "xuSuwS", ">amokan", "mak~an", "qAm-u", ">aHad", ">akovar", ">uxoraY", "|xar",
        "Eadam", ">ajol", "ragom", "zAl-a", "wajab-i", "kaviyr", "Eadiyd",
    }
)

# Weekdays and months: news dates its events, so these glosses win ties and are never names.
CALENDAR = frozenset(
    "Saturday Sunday Monday Tuesday Wednesday Thursday Friday January February March April May "
    "June July August September October November December".split()
)

# Longest first: a chain ending in the article, then a single conjunction or preposition.
_PROCLITICS = ARTICLE_PROCLITICS + CONJUNCTIONS + PREPOSITIONS
DEFAULT_PRIOR = 0.35  # for a lemma FLORES never offered as a choice
PRIOR_FILE = "lemma_prior.tsv"


def prior_path():
    """The lemma prior shipped with readcli (package data: ``readcli/data/lemma_prior.tsv``)."""
    return resources.files("readcli").joinpath("data", PRIOR_FILE)


@functools.lru_cache(maxsize=1)
def lemma_prior() -> dict[str, float]:
    """Lemma id -> how often it is the right reading (a header line, then ``lemma_id<TAB>prior``)."""
    path = prior_path()
    prior: dict[str, float] = {}
    try:
        with path.open(encoding="utf-8") as handle:
            next(handle, None)  # header
            for line in handle:
                lemma_id, _, value = line.rstrip("\n").partition("\t")
                if lemma_id:
                    prior[lemma_id] = float(value)
    except (OSError, ValueError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise InputError(f"cannot read readcli's lemma prior {path}: {reason}; reinstall readcli") from None
    return prior


@dataclass
class WordInfo:
    """What the glossary knows about one distinct word form."""

    word: str
    analyses: tuple[Analysis, ...]
    function: bool = False
    best: Analysis | None = None
    key: str = ""  # group key: lemma id, or "?" + form for unknown words
    form: str = ""  # the word with leading particles split off (ال kept)
    particle: bool = False  # a conjunction or preposition was split off
    alternatives: list[str] = field(default_factory=list)  # glosses of equally good other lemmas

    @property
    def known(self) -> bool:
        return bool(self.analyses)

    @property
    def name_like(self) -> bool:
        if self.function:
            return False
        return (self.best is not None and self.best.is_proper) or (not self.known and len(self.form) >= 3)

    @property
    def may_be_name(self) -> bool:
        """A proper noun or unknown word, or a word with a proper-noun reading (أحمد: Ahmad)."""
        return self.name_like or (not self.function and any(a.is_proper for a in self.analyses))

    @property
    def content(self) -> bool:
        return not self.function and (self.known or len(self.form) >= 3)


def analysis_form(a: Analysis) -> str:
    """The word without its conjunction or preposition: و+ال+جزائر -> الجزائر, ل+ال+سفير -> السفير."""
    return ("ال" if a.has_article else "") + a.inflection + a.stem + a.suffix


def _unknown_form(word: str, vocabulary: set[str]) -> tuple[str, bool]:
    """An unknown word with a leading particle split off when what remains also occurs alone."""
    for clitic in _PROCLITICS:
        if word.startswith(clitic) and len(word) - len(clitic) >= 3:
            rest = word[len(clitic) :]
            if clitic in ARTICLE_PROCLITICS:
                if ARTICLE + rest in vocabulary or rest in vocabulary:  # not والنسيا (Valencia)
                    return ARTICLE + rest, True
                continue
            if rest in vocabulary:
                return rest, True
    return word, False


class Analyzer:
    """Assigns each distinct word its best analysis, group key and clitic-free form."""

    def __init__(self, lex: Lexicon, token_counts: Counter):
        self.words: dict[str, WordInfo] = {}
        vocabulary = set(token_counts)
        for word in token_counts:
            self.words[word] = WordInfo(word, lex.analyze(word))
        # A nisba adjective and its proper noun are one family (ليبيا، الليبية): support is
        # counted per family, so the adjective's frequency does not steal the noun's tokens.
        propers = {}
        for info in self.words.values():
            for a in info.analyses:
                if a.is_proper:
                    for variant in _nisba_stems(a.lemma_id):
                        propers.setdefault(variant, a.lemma_id)
        self.family = {}
        for info in self.words.values():
            for a in info.analyses:
                # Only a nisba of a people or place is capitalised in English (Algerian, not
                # practical: عملي is not of حزب العمل, Labour).
                base = _nisba_base(a.lemma_id) if a.gloss[:1].isupper() else None
                self.family.setdefault(a.lemma_id, propers.get(base, a.lemma_id) if base else a.lemma_id)
        prior = lemma_prior()

        support: Counter = Counter()
        for word, info in self.words.items():
            for family in {self.family[a.lemma_id] for a in info.analyses}:
                support[family] += token_counts[word]
        for word, info in self.words.items():
            if not info.analyses:
                info.form, info.particle = _unknown_form(word, vocabulary)
                info.key = "?" + info.form
                continue
            if any(not a.is_content or lemma_base(a.lemma_id) in LIGHT_LEMMAS for a in info.analyses):
                info.function = True
            # A function word is read as one (في is "in", not the abbreviation "V.").
            pool = [a for a in info.analyses if not a.is_content and a.pos != "ABBREV"] if info.function else []
            def rank(a: Analysis, word=word):
                return (
                    # How often the lemma is the right reading (FLORES), times how much of this
                    # text it could explain: held out on NTREX, this picks a gloss found in the
                    # English reference for 44% of content tokens, against 42% without the prior.
                    -round(prior.get(a.lemma_id, DEFAULT_PRIOR) * math.log(2 + support[self.family[a.lemma_id]]), 6),
                    -support[self.family[a.lemma_id]],
                    # A word written with ال is a noun with the article (الأمن is not a verb).
                    word.startswith("ال") and not a.has_article,
                    # A reading without a glued particle first (كشفت: revealed, not ك + شفت).
                    a.has_attached_particle,
                    # News prose: nouns (verbal nouns included) before verbs.
                    a.pos.startswith("VERB"),
                    len(a.prefix) + len(a.suffix),
                    # News dates its events: السبت is Saturday before it is a basket.
                    a.first_gloss not in CALENDAR,
                    a.is_proper,  # a common noun before a same-looking name (وزير: minister, not Wazir)
                )

            ranked = sorted(pool or info.analyses, key=rank)
            best = ranked[0]
            info.best = best
            # Homographs nothing here can tell apart (عام: general / year) keep both glosses.
            top = rank(best)
            for other in ranked[1:]:
                if rank(other) != top:
                    break
                gloss = other.first_gloss
                if other.lemma_id != best.lemma_id and gloss and gloss not in best.gloss and gloss not in info.alternatives:
                    info.alternatives.append(gloss)
            info.key = best.lemma_id
            info.form = analysis_form(best)
            info.particle = best.has_attached_particle
        self.by_form: dict[str, WordInfo] = {}
        for info in sorted(self.words.values(), key=lambda w: -token_counts[w.word]):
            self.by_form.setdefault(info.form, info)

    def __getitem__(self, word: str) -> WordInfo:
        return self.words[word]


def _nisba_base(nisba_lemma: str) -> str | None:
    """``jazA}iriy~_1`` -> unvocalized ``jzA}r``; None for a lemma that is not a nisba."""
    base = lemma_base(nisba_lemma)
    if not base.endswith("iy~"):
        return None
    return unvocalized(base[:-3])


def _nisba_stems(proper_lemma: str) -> set[str]:
    """The unvocalized stems a nisba of this proper noun is built on.

    جزائر -> جزائري, أمريكا -> أمريكي, ليبيا -> ليبي (``jzA}r``, ``>mryk``, ``lyb``).
    """
    unvoc = unvocalized(lemma_base(proper_lemma))
    stems = {unvoc}
    if unvoc[-1:] in ("A", "p", "Y"):
        stems.add(unvoc[:-1])
    if unvoc.endswith("yA"):
        stems.add(unvoc[:-2])
    return stems


def analyzer_piece(lex: Lexicon, word: str) -> Analysis | None:
    """A reading of one piece of a split word: a function reading if it has one, else the first."""
    readings = lex.analyze(word)
    function = [a for a in readings if not a.is_content and a.pos != "ABBREV"]
    return (function or list(readings) or [None])[0]
