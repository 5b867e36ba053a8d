"""The glossary of a set of articles: content terms with counts, articles, English glosses, examples.

Terms are of three kinds:

- **words**, grouped by lemma with the Buckwalter lexicon (:mod:`readcli.dictionary`), so that
  الجزائر، والجزائر، بالجزائر، للجزائر count together. A word with several analyses gets the
  lemma best supported by the whole text (the lemma that the most tokens could have), ties going
  to the reading with fewer clitics. A nisba adjective is counted with the proper noun it derives
  from when both occur (الجزائري with الجزائر: a place counts every mention). Words the lexicon
  does not know (mostly foreign names such as جوشوا) are grouped by their form with a leading
  و، ف، ب، ل، ك or ال split off when the rest also occurs on its own.
- **names**: runs of two or more proper nouns or unknown words in one clause (جوشوا هاريس), the
  lexicon's ``NOUN_PROP`` tag being the evidence;
- **phrases**: n-grams of 2 to 4 content words that occur at least twice (مجلس الأمن), kept only
  when no longer phrase occurs as often.

Function words are never terms: a word is one when any of its analyses has a non-content part of
speech in the lexicon (prepositions, conjunctions, pronouns, particles, adverbs, the lexicon's
``FW`` categories), plus a short list of auxiliary and reporting verbs (:data:`LIGHT_LEMMAS`).

English glosses, in order of precedence: the user's glossary (``corpus/glossary.tsv``), the
lexicon's gloss of the lemma, the translation model (when an ar->en package is installed, for
terms the lexicon has no gloss for: most names and phrases), and last a word-by-word gloss from
the lexicon (``council + security``). ``source`` says which: user, lexicon, model, lexicon-words,
or empty when nothing glosses the term.

Pure core: no terminal code, no model import unless a model gloss is needed.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Callable, Iterable

from readcli.dictionary import Analysis, Lexicon, clean_word, lexicon as default_lexicon

COLUMNS = ("term", "lemma", "english", "count", "articles", "source", "example")

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

_CALENDAR = frozenset(
    "Saturday Sunday Monday Tuesday Wednesday Thursday Friday January February March April May "
    "June July August September October November December".split()
)

_ARABIC_RUN = re.compile("[\u0621-\u063a\u0640-\u0652\u0670\u0671\u06a9\u06cc]+")
_TOKEN = re.compile(r"\S+")
_PROCLITICS = ("وال", "فال", "بال", "كال", "لل", "و", "ف", "ب", "ل", "ك")
DEFAULT_PRIOR = 0.35  # for a lemma FLORES never offered as a choice
MAX_PHRASE = 4
MAX_NAME = 5


@dataclass
class Term:
    term: str
    lemma: str
    english: str
    count: int
    articles: list[str]
    source: str
    example: str
    kind: str = "word"  # word, name, phrase
    pos: str = ""
    forms: set[str] = field(default_factory=set, repr=False)
    surface: Counter = field(default_factory=Counter, repr=False)  # word as written -> count

    def record(self) -> dict:
        """The row plus what JSON Lines can carry: the kind and the counts of each written form."""
        return {**self.row(), "kind": self.kind, "forms": dict(self.surface.most_common())}

    def row(self) -> dict:
        return {
            "term": self.term,
            "lemma": self.lemma,
            "english": self.english,
            "count": self.count,
            "articles": list(self.articles),
            "source": self.source,
            "example": self.example,
        }


@dataclass
class _Token:
    word: str  # bare letters
    article: int
    sentence: str
    start_clause: bool  # punctuation, a number or a Latin word comes before it
    end_clause: bool


@dataclass
class _Word:
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


def tokenize(text: str) -> list[tuple[str, bool, bool]]:
    """Arabic words of one sentence as (bare word, clause starts before, clause ends after).

    Anything that is not an Arabic word (punctuation, numbers, Latin words) ends a clause.
    """
    out: list[tuple[str, bool, bool]] = []
    pending_break = True
    for chunk in _TOKEN.finditer(text):
        piece = chunk.group()
        runs = list(_ARABIC_RUN.finditer(piece))
        if len(runs) != 1:
            if out:
                out[-1] = (out[-1][0], out[-1][1], True)
            pending_break = True
            continue
        run = runs[0]
        before, after = piece[: run.start()], piece[run.end() :]
        word = clean_word(run.group())
        if not word:
            continue
        out.append((word, pending_break or bool(before), bool(after)))
        pending_break = bool(after)
    if out:
        out[-1] = (out[-1][0], out[-1][1], True)
    return out


def _analysis_form(a: Analysis) -> str:
    """The word without its conjunction or preposition: و+ال+جزائر -> الجزائر, ل+ال+سفير -> السفير."""
    inflection = "".join(m for m, tag in a.prefix_parts if tag not in _CLITIC_TAGS)
    return ("ال" if a.has_article else "") + inflection + a.stem + a.suffix


_CLITIC_TAGS = {"CONJ", "PREP", "DET", "FUT", "EMPHATIC_PARTICLE", "RESULT_CLAUSE_PARTICLE", "SUBJUNC"}


def _lemma_base(lemma_id: str) -> str:
    return re.sub(r"_\d+$", "", lemma_id)


def _unknown_form(word: str, vocabulary: set[str]) -> tuple[str, bool]:
    """An unknown word with a leading particle split off when what remains also occurs alone."""
    for clitic in _PROCLITICS:
        if word.startswith(clitic) and len(word) - len(clitic) >= 3:
            rest = word[len(clitic) :]
            if clitic.endswith("ال") or clitic == "لل":
                if "ال" + rest in vocabulary or rest in vocabulary:  # not والنسيا (Valencia)
                    return "ال" + rest, True
                continue
            if rest in vocabulary:
                return rest, True
    return word, False


# Two-letter words that scraped text glues to their neighbours (فيأولى، عبرعن).
_GLUED_SHORT = frozenset("في من عن مع أن إن لا ما لم لن قد هو هي أو ثم كل".split())


def split_glued(word: str, lex: Lexicon, vocabulary, max_len: int = 60) -> list[str] | None:
    """Words run together without spaces (a common fault of scraped text: علىفريق، قالتإنه).

    The fewest pieces that each occur on their own in the text (``vocabulary``) and that the
    lexicon knows, each at least 3 letters or a common 2-letter particle; None when there is no
    such split. Only for words the lexicon does not know; the vocabulary test keeps foreign names
    (شينينغ, not شين + ينغ) whole.
    """
    n = len(word)
    if n < 5 or n > max_len:
        return None

    def known(piece: str) -> bool:
        if piece not in vocabulary or (len(piece) < 3 and piece not in _GLUED_SHORT):
            return False
        return bool(lex.analyze(piece))

    best: list[list[str] | None] = [None] * (n + 1)
    best[0] = []
    for end in range(2, n + 1):
        for start in range(max(0, end - 16), end - 1):
            head = best[start]
            if head is None:
                continue
            piece = word[start:end]
            if (best[end] is None or len(head) + 1 < len(best[end])) and known(piece):
                best[end] = head + [piece]
    pieces = best[n]
    return pieces if pieces and len(pieces) >= 2 else None


class _Analyzer:
    """Assigns each distinct word its best analysis, group key and clitic-free form."""

    def __init__(self, lex: Lexicon, token_counts: Counter):
        self.words: dict[str, _Word] = {}
        vocabulary = set(token_counts)
        for word in token_counts:
            self.words[word] = _Word(word, lex.analyze(word))
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
        from readcli.lemma_prior import PRIOR as prior

        support: Counter = Counter()
        for word, info in self.words.items():
            for family in {self.family[a.lemma_id] for a in info.analyses}:
                support[family] += token_counts[word]
        for word, info in self.words.items():
            if not info.analyses:
                info.form, info.particle = _unknown_form(word, vocabulary)
                info.key = "?" + info.form
                continue
            if any(not a.is_content or _lemma_base(a.lemma_id) in LIGHT_LEMMAS for a in info.analyses):
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
                    a.first_gloss not in _CALENDAR,
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
            info.form = _analysis_form(best)
            info.particle = best.has_attached_particle
        self.by_form: dict[str, _Word] = {}
        for info in sorted(self.words.values(), key=lambda w: -token_counts[w.word]):
            self.by_form.setdefault(info.form, info)

    def __getitem__(self, word: str) -> _Word:
        return self.words[word]


def _nisba_base(nisba_lemma: str) -> str | None:
    """``jazA}iriy~_1`` -> unvocalized ``jzA}r``; None for a lemma that is not a nisba."""
    base = _lemma_base(nisba_lemma)
    if not base.endswith("iy~"):
        return None
    return re.sub(r"[FNKauio~`]", "", base[:-3])


def _nisba_stems(proper_lemma: str) -> set[str]:
    """The unvocalized stems a nisba of this proper noun is built on.

    جزائر -> جزائري, أمريكا -> أمريكي, ليبيا -> ليبي (``jzA}r``, ``>mryk``, ``lyb``).
    """
    unvoc = _unvoc(proper_lemma)
    stems = {unvoc}
    if unvoc[-1:] in ("A", "p", "Y"):
        stems.add(unvoc[:-1])
    if unvoc.endswith("yA"):
        stems.add(unvoc[:-2])
    return stems


def _unvoc(lemma_id: str) -> str:
    return re.sub(r"[FNKauio~`]", "", _lemma_base(lemma_id))


def build_glossary(
    articles: Iterable,
    *,
    user_glossary: dict[str, str] | None = None,
    model: bool | None = None,
    lex: Lexicon | None = None,
    translate: Callable[[list[str]], list[str]] | None = None,
) -> list[Term]:
    """The terms of ``articles`` (objects with ``.id`` and ``.sentences``), most frequent first.

    ``model``: True to gloss with the translation model (an error if none is installed), False
    never, None (default) when an ar->en package is installed. ``translate`` replaces the model
    (tests).
    """
    lex = lex or default_lexicon()
    user_glossary = dict(user_glossary or {})
    articles = list(articles)
    ids = [a.id for a in articles]

    sentence_tokens = _article_tokens(articles, lex)
    tokens = [token for row in sentence_tokens for token in row]
    counts = Counter(t.word for t in tokens)
    analyzer = _Analyzer(lex, counts)

    terms: dict[str, Term] = {}
    groups: dict[str, list[_Token]] = defaultdict(list)
    for token in tokens:
        info = analyzer[token.word]
        if info.content:
            groups[info.key].append(token)

    # Nisba adjectives join the proper noun they derive from, when both occur.
    merged_into: dict[str, str] = {}
    for key in list(groups):
        target = analyzer.family.get(key, key)
        if target != key and target in groups:
            merged_into[key] = target
    for key, target in merged_into.items():
        groups[target].extend(groups.pop(key))

    for key, group in groups.items():
        terms["w:" + key] = _word_term(key, group, analyzer, ids, merged_into)

    for term in _multiword_terms(sentence_tokens, analyzer, ids):
        terms.setdefault("m:" + term.term, term)

    _apply_user_glossary(terms, user_glossary, sentence_tokens, analyzer, ids)
    _gloss_with_model(terms, model=model, translate=translate, user_glossary=user_glossary)
    for term in terms.values():
        if not term.english and term.kind != "word":
            english = _word_by_word(term.term, analyzer, names=term.kind == "name")
            if english:
                term.english, term.source = english, "lexicon-words"

    return sorted(terms.values(), key=lambda t: (-t.count, t.kind != "name", t.term))


def _article_tokens(articles, lex: Lexicon) -> list[list[_Token]]:
    """The Arabic words of every sentence, with words run together split apart."""
    rows: list[list[_Token]] = []
    for index, article in enumerate(articles):
        for sentence in article.sentences:
            rows.append(
                [_Token(word, index, sentence.text, start, end) for word, start, end in tokenize(sentence.text)]
            )
    vocabulary = Counter(t.word for row in rows for t in row)
    splits: dict[str, list[str] | None] = {}
    for word in vocabulary:
        if not lex.analyze(word):
            splits[word] = split_glued(word, lex, vocabulary)
    if not any(splits.values()):
        return rows
    out = []
    for row in rows:
        new_row = []
        for token in row:
            pieces = splits.get(token.word)
            if not pieces:
                new_row.append(token)
                continue
            last = len(pieces) - 1
            for i, piece in enumerate(pieces):
                new_row.append(
                    _Token(piece, token.article, token.sentence, token.start_clause and i == 0, token.end_clause and i == last)
                )
        out.append(new_row)
    return out


def _pick_form(group: list[_Token], analyzer: _Analyzer) -> str:
    plain = Counter()
    every = Counter()
    for token in group:
        info = analyzer[token.word]
        every[info.form] += 1
        if info.best is None or not info.best.enclitics:
            plain[info.form] += 1
    chosen = plain or every
    return sorted(chosen.items(), key=lambda kv: (-kv[1], len(kv[0]), kv[0]))[0][0]


def _word_term(key: str, group: list[_Token], analyzer: _Analyzer, ids, merged_into) -> Term:
    own = [t for t in group if analyzer[t.word].key == key]
    first = analyzer[(own or group)[0].word]
    best = first.best
    term = _pick_form(own or group, analyzer)
    english = source = ""
    if best is not None:
        english, source = best.gloss, "lexicon"
        if first.alternatives:
            english += " / " + " / ".join(first.alternatives[:2])
        nisbas = sorted({analyzer[t.word].best.first_gloss for t in group if analyzer[t.word].key in merged_into})
        for extra in nisbas:
            if extra and extra not in english:
                english += f"; {extra}"
    return Term(
        term=term,
        lemma=best.lemma if best is not None else first.form,
        english=english,
        count=len(group),
        articles=sorted({ids[t.article] for t in group}, key=ids.index),
        source=source,
        example=group[0].sentence,
        kind="word",
        pos=best.pos if best is not None else "",
        forms={analyzer[t.word].form for t in group} | {t.word for t in group},
        surface=Counter(t.word for t in group),
    )


def _clauses(sentence_tokens: list[list[_Token]]):
    for row in sentence_tokens:
        clause: list[_Token] = []
        for token in row:
            if token.start_clause and clause:
                yield clause
                clause = []
            clause.append(token)
            if token.end_clause:
                yield clause
                clause = []
        if clause:
            yield clause


def _phrase_key(window: list[_Token], analyzer: _Analyzer) -> str:
    return " ".join([analyzer[window[0].word].form] + [t.word for t in window[1:]])


def _is_name(info: _Word) -> bool:
    """Read as a name, and not a weekday or month: a date is not a name (يوم السبت)."""
    return info.name_like and (info.best is None or info.best.first_gloss not in _CALENDAR)


def _joined(info: _Word) -> bool:
    """A word glued to the one before by a conjunction (والنيجر): it cannot continue a name."""
    if info.particle:
        return True
    return not info.known and info.word.startswith("و") and len(info.word) >= 4


def _multiword_terms(sentence_tokens, analyzer: _Analyzer, ids) -> list[Term]:
    occurrences: dict[str, list[_Token]] = defaultdict(list)  # key -> first token of each
    lemmas: dict[str, str] = {}
    names: set[str] = set()
    clauses = list(_clauses(sentence_tokens))

    # Names: maximal runs of proper nouns and unknown words.
    in_names: set[int] = set()
    for clause in clauses:
        i = 0
        while i < len(clause):
            j = i
            while (
                j < len(clause)
                and j - i < MAX_NAME
                and analyzer[clause[j].word].may_be_name
                and (j == i or not _joined(analyzer[clause[j].word]))
            ):
                j += 1
            # At least one word of the run must be read as a name (صبري with بوقادوم, not
            # مدينة alone with another word that could be a name).
            if j - i >= 2 and any(_is_name(analyzer[t.word]) for t in clause[i:j]):
                window = clause[i:j]
                key = _phrase_key(window, analyzer)
                first = analyzer[window[0].word]
                if i > 0 and not first.known and _joined(first) and analyzer[clause[i - 1].word].name_like:
                    key = key[1:]  # "سبيث وجاستن توماس": a name after "and"
                occurrences[key].append(window[0])
                in_names.update(id(t) for t in window)
                names.add(key)
                lemmas[key] = key
                i = j
            else:
                i += 1

    # A name run that is a known name with a word before or after it (واشنطن صبري بوقادوم: a
    # place, then a person) counts for that name.
    for key in sorted((k for k in names if k.count(" ") >= 2), key=lambda k: -k.count(" ")):
        words = key.split()
        for shorter in (" ".join(words[1:]), " ".join(words[:-1])):
            if shorter in names and shorter != key:
                occurrences[shorter].extend(occurrences.pop(key))
                names.discard(key)
                break

    # Phrases: repeated n-grams of content words.
    ngram_hits: dict[str, list[_Token]] = defaultdict(list)
    for clause in clauses:
        for n in range(2, MAX_PHRASE + 1):
            for i in range(len(clause) - n + 1):
                window = clause[i : i + n]
                infos = [analyzer[t.word] for t in window]
                if not all(info.content for info in infos):
                    continue
                if any(_joined(info) for info in infos[1:]):
                    continue
                if all(id(t) in in_names for t in window):
                    continue  # part of a name
                key = _phrase_key(window, analyzer)
                if key in names:
                    continue
                ngram_hits[key].append(window[0])
                lemmas[key] = " ".join(
                    [info.best.lemma if info.best else info.form for info in infos]
                )
    repeated = {k: v for k, v in ngram_hits.items() if len(v) >= 2}
    # A phrase inside a longer phrase or name that occurs as often is not a term of its own.
    covered: dict[str, int] = {}
    for key, hits in list(repeated.items()) + [(k, occurrences[k]) for k in names]:
        words = key.split()
        for i in range(len(words)):
            for j in range(i + 1, len(words) + 1):
                if j - i < len(words):
                    sub = " ".join(words[i:j])
                    covered[sub] = max(covered.get(sub, 0), len(hits))
    kept = {key: hits for key, hits in repeated.items() if covered.get(key, 0) < len(hits)}
    for key, hits in kept.items():
        occurrences[key] = hits
    # وجاستن توماس is جاستن توماس after "and": the lexicon cannot split an unknown name's و, the
    # other occurrences can.
    for key in [k for k in occurrences if k.startswith(("و", "ب", "ل", "ف")) and k[1:] in occurrences]:
        occurrences[key[1:]].extend(occurrences.pop(key))
        names.discard(key)

    out = []
    for key, hits in occurrences.items():
        out.append(
            Term(
                term=key,
                lemma=lemmas.get(key, key),
                english="",
                count=len(hits),
                articles=sorted({ids[t.article] for t in hits}, key=ids.index),
                source="",
                example=hits[0].sentence,
                kind="name" if key in names else "phrase",
                pos="NAME" if key in names else "PHRASE",
                forms={key},
                surface=Counter({key: len(hits)}),
            )
        )
    return out


def _apply_user_glossary(terms: dict[str, Term], user: dict[str, str], sentence_tokens, analyzer, ids) -> None:
    if not user:
        return
    used = set()
    for term in terms.values():
        candidates = [term.term, clean_word(term.lemma), *sorted(term.forms)]
        for candidate in candidates:
            if candidate in user:
                term.english, term.source = user[candidate], "user"
                used.add(candidate)
                break
    # Entries that are not yet terms become terms when they occur in the text.
    for entry, english in user.items():
        if entry in used:
            continue
        words = [clean_word(w) for w in entry.split()]
        hits = []
        for row in sentence_tokens:
            for i in range(len(row) - len(words) + 1):
                first = row[i].word
                if first != words[0] and analyzer[first].form != words[0]:
                    continue
                if all(row[i + k].word == words[k] for k in range(1, len(words))):
                    hits.append(row[i])
        if hits:
            terms["u:" + entry] = Term(
                term=entry,
                lemma=entry,
                english=english,
                count=len(hits),
                articles=sorted({ids[t.article] for t in hits}, key=ids.index),
                source="user",
                example=hits[0].sentence,
                kind="word" if len(words) == 1 else "phrase",
                forms={entry},
                surface=Counter({entry: len(hits)}),
            )


def _gloss_with_model(terms: dict[str, Term], *, model: bool | None, translate, user_glossary) -> None:
    missing = [t for t in terms.values() if not t.english]
    if not missing or model is False:
        return
    if translate is None:
        if model is None:
            try:
                from readcli.models import installed_ar_en_package
            except ImportError:
                return
            if installed_ar_en_package() is None:
                return
        from readcli.translation import translate_texts

        # The user's renderings hold inside model glosses too (السفير الأمريكي with السفير=envoy).
        def translate(texts):
            return translate_texts(texts, glossary=user_glossary or None)

    english = translate([t.term for t in missing])
    for term, text in zip(missing, english):
        text = " ".join((text or "").split())
        if text:
            term.english, term.source = text, "model"


def _word_by_word(text: str, analyzer: _Analyzer, *, names: bool = False) -> str:
    """``council + security``; in a name, each word's proper-noun reading when it has one."""
    glosses = []
    for word in text.split():
        info = analyzer.words.get(word)
        if info is None:
            # The first word of a term is stored without its particle; look the form up.
            info = analyzer.by_form.get(word)
        if info is None or info.best is None:
            return ""
        proper = [a for a in info.analyses if a.is_proper] if names else []
        glosses.append((proper[0] if proper else info.best).first_gloss)
    return " + ".join(glosses)


def filter_terms(terms: list[Term], *, min_count: int = 1, top: int | None = None) -> list[Term]:
    kept = [t for t in terms if t.count >= min_count]
    return kept[:top] if top is not None else kept


@dataclass(frozen=True)
class WordGloss:
    """One word of a text for the interlinear view."""

    text: str  # the word as written, punctuation included
    word: str  # its bare Arabic letters; empty for numbers, Latin words, punctuation
    lemma: str
    gloss: str
    source: str  # user, lexicon, or empty


def interlinear(article, *, user_glossary: dict[str, str] | None = None, lex: Lexicon | None = None) -> list[list[WordGloss]]:
    """Every word of ``article``, sentence by sentence, with the lemma and a short English gloss.

    Each word gets the reading best supported by the article (as in :func:`build_glossary`);
    the user's glossary overrides the lexicon for a word or its clitic-free form.
    """
    lex = lex or default_lexicon()
    user = user_glossary or {}
    chunks_by_sentence = []
    counts: Counter = Counter()
    for sentence in article.sentences:
        chunks = []
        for chunk in _TOKEN.finditer(sentence.text):
            piece = chunk.group()
            runs = list(_ARABIC_RUN.finditer(piece))
            word = clean_word(runs[0].group()) if len(runs) == 1 else ""
            if word:
                counts[word] += 1
            chunks.append((piece, word))
        chunks_by_sentence.append(chunks)
    analyzer = _Analyzer(lex, counts)
    out = []
    for chunks in chunks_by_sentence:
        row = []
        for piece, word in chunks:
            if not word:
                row.append(WordGloss(piece, "", "", "", ""))
                continue
            info = analyzer[word]
            override = user.get(word) or user.get(info.form)
            best = info.best
            if override:
                row.append(WordGloss(piece, word, best.lemma if best else info.form, override, "user"))
            elif best is not None:
                row.append(WordGloss(piece, word, best.lemma, best.short_gloss, "lexicon"))
            else:
                parts = split_glued(word, lex, counts)
                readings = [analyzer_piece(lex, p) for p in parts] if parts else []
                if readings and all(readings):
                    lemma = " ".join(r.lemma for r in readings)
                    row.append(WordGloss(piece, word, lemma, " + ".join(r.short_gloss for r in readings), "lexicon"))
                else:
                    row.append(WordGloss(piece, word, info.form, "", ""))
        out.append(row)
    return out


def analyzer_piece(lex: Lexicon, word: str) -> Analysis | None:
    """A reading of one piece of a split word: a function reading if it has one, else the first."""
    readings = lex.analyze(word)
    function = [a for a in readings if not a.is_content and a.pos != "ABBREV"]
    return (function or list(readings) or [None])[0]
