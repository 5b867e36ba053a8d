"""Extracting terms: words grouped by lemma, names (runs of proper nouns) and repeated phrases.

- **words**: tokens with the same group key (:class:`readcli.glossary.readings.Analyzer`); the
  term is the form written most often without a pronoun suffix.
- **names**: runs of two to five proper nouns or unknown words in one clause (جوشوا هاريس), at
  least one of them read as a name, not a weekday or month.
- **phrases**: n-grams of 2 to 4 content words that occur at least twice (مجلس الأمن), kept only
  when no longer phrase or name occurs as often.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from operator import and_
from typing import NamedTuple

from readcli.arabic import CONJUNCTIONS, PREPOSITIONS
from readcli.glossary.readings import CALENDAR, Analyzer, WordInfo
from readcli.glossary.tokens import Sentences, clauses

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
    fallback: str = field(default="", repr=False)  # word-by-word gloss, used when nothing else glosses it

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


class ArticleOrder:
    """Article ids of a set of article indices (``Sentences.articles``), deduplicated, in input order.

    The same as ``sorted({ids[i] for i in indices}, key=ids.index)`` without a linear
    ``ids.index`` per id (quadratic in the number of articles).
    """

    def __init__(self, ids):
        self.ids = list(ids)
        self.first: dict[str, int] = {}
        for position, article_id in enumerate(self.ids):
            self.first.setdefault(article_id, position)

    def __call__(self, indices) -> list[str]:
        ids = self.ids
        return sorted({ids[i] for i in indices}, key=self.first.__getitem__)


def _pick_form(surface: Counter, words: dict[str, WordInfo]) -> str:
    """The form written most often without a pronoun suffix (``surface``: word -> count)."""
    plain: Counter = Counter()
    every: Counter = Counter()
    for word, count in surface.items():
        info = words[word]
        every[info.form] += count
        if info.best is None or not info.best.enclitics:
            plain[info.form] += count
    chosen = plain or every
    return min(chosen.items(), key=lambda kv: (-kv[1], len(kv[0]), kv[0]))[0]


def word_term(key: str, group: list[str], analyzer: Analyzer, order: ArticleOrder, merged_into, text: "WordStats") -> Term:
    """The term of one group of words (one lemma, with the nisba adjectives merged into it).

    ``group``: the distinct words of the lemma in order of first occurrence, then those of the
    adjectives merged into it.
    """
    words = analyzer.words
    counts = text.counts
    surface = Counter({w: counts[w] for w in group})
    own = Counter({w: c for w, c in surface.items() if words[w].key == key})
    first = words[group[0]]  # the group starts with the lemma's own words
    best = first.best
    term = _pick_form(own or surface, words)
    english = source = ""
    if best is not None:
        english, source = best.gloss, "lexicon"
        if first.alternatives:
            english += " / " + " / ".join(first.alternatives[:2])
        nisbas = sorted({words[w].best.first_gloss for w in surface if words[w].key in merged_into})
        for extra in nisbas:
            if extra and extra not in english:
                english += f"; {extra}"
    articles = text.articles
    return Term(
        term=term,
        lemma=best.lemma if best is not None else first.form,
        english=english,
        count=sum(surface.values()),
        articles=order(set().union(*(articles[w] for w in group))),
        source=source,
        example=text.sentences.texts[text.first[group[0]]],
        kind="word",
        pos=best.pos if best is not None else "",
        forms={words[w].form for w in surface} | set(surface),
        surface=surface,
    )


class WordStats:
    """Per distinct word: how often it occurs, the sentence it first occurs in, its articles.

    ``first`` is in order of first occurrence.
    """

    def __init__(self, sentences: Sentences):
        self.sentences = sentences
        self.counts: Counter = Counter()
        self.first: dict[str, int] = {}
        self.articles: dict[str, list[int]] = defaultdict(list)
        first = self.first
        seen: set[str] = set()
        current = None
        for number, (article, words) in enumerate(zip(sentences.articles, sentences.words)):
            self.counts.update(words)
            for word in words:
                if word not in first:
                    first[word] = number
            if article != current:
                self._flush(seen, current)
                seen = set()
                current = article
            seen.update(words)
        self._flush(seen, current)

    def _flush(self, seen: set[str], article) -> None:
        for word in seen:
            self.articles[word].append(article)


def _is_name(info: WordInfo) -> bool:
    """Read as a name, and not a weekday or month: a date is not a name (يوم السبت)."""
    return info.name_like and (info.best is None or info.best.first_gloss not in CALENDAR)


def _joined(info: WordInfo) -> bool:
    """A word glued to the one before by a conjunction (والنيجر): it cannot continue a name."""
    if info.particle:
        return True
    return not info.known and info.word.startswith("و") and len(info.word) >= 4


def _runs(flags: list[bool]) -> list[int]:
    """For each position, how many consecutive true flags start there."""
    out = [0] * (len(flags) + 1)
    for i in range(len(flags) - 1, -1, -1):
        out[i] = out[i + 1] + 1 if flags[i] else 0
    return out


class _WordFacts(NamedTuple):
    """What the steps of :func:`multiword_terms` ask of each distinct word, asked once."""

    infos: dict
    form: dict
    may_be_name: dict
    is_name: dict
    joined: dict
    content: dict


def _word_facts(analyzer: Analyzer) -> _WordFacts:
    infos = analyzer.words
    return _WordFacts(
        infos=infos,
        form={w: info.form for w, info in infos.items()},
        may_be_name={w: info.may_be_name for w, info in infos.items()},
        is_name={w: _is_name(info) for w, info in infos.items()},
        joined={w: _joined(info) for w, info in infos.items()},
        content={w: info.content for w, info in infos.items()},
    )


def multiword_terms(sentences: Sentences, analyzer: Analyzer, order: ArticleOrder) -> list[Term]:
    """The names and repeated phrases of the text, without English yet, in five steps."""
    facts = _word_facts(analyzer)
    all_clauses = list(clauses(sentences))
    occurrences: dict[str, list[int]] = defaultdict(list)  # key -> sentence of each occurrence
    lemmas: dict[str, str] = {}
    names: set[str] = set()
    in_names = _find_names(all_clauses, facts, occurrences, lemmas, names)
    _merge_names_with_neighbours(occurrences, names)
    repeated = _repeated_phrases(all_clauses, in_names, facts, names, lemmas)
    occurrences.update(_not_covered(repeated, occurrences, names))
    _fold_leading_clitics(occurrences, names)
    return [_multiword_term(key, hits, key in names, lemmas, sentences, order) for key, hits in occurrences.items()]


def _find_names(all_clauses, facts: _WordFacts, occurrences, lemmas, names) -> list[list[bool] | None]:
    """Names: maximal runs of proper nouns and unknown words; per clause, which tokens are part of
    a name (None: none)."""
    infos, form, may_be_name, is_name, joined = facts.infos, facts.form, facts.may_be_name, facts.is_name, facts.joined
    in_names: list[list[bool] | None] = []
    for number, words in all_clauses:
        marks = None
        i = 0
        maybe = [may_be_name[w] for w in words]
        if not any(map(and_, maybe, maybe[1:])):
            i = len(words)  # no two name-like words in a row: no name here
        while i < len(words):
            j = i
            while (
                j < len(words)
                and j - i < MAX_NAME
                and may_be_name[words[j]]
                and (j == i or not joined[words[j]])
            ):
                j += 1
            # At least one word of the run must be read as a name (صبري with بوقادوم, not
            # مدينة alone with another word that could be a name).
            if j - i >= 2 and any(is_name[w] for w in words[i:j]):
                key = " ".join([form[words[i]], *words[i + 1 : j]])
                first = infos[words[i]]
                if i > 0 and not first.known and joined[words[i]] and infos[words[i - 1]].name_like:
                    key = key[1:]  # "سبيث وجاستن توماس": a name after "and"
                occurrences[key].append(number)
                if marks is None:
                    marks = [False] * len(words)
                marks[i:j] = [True] * (j - i)
                names.add(key)
                lemmas[key] = key
                i = j
            else:
                i += 1
        in_names.append(marks)
    return in_names


def _merge_names_with_neighbours(occurrences, names: set[str]) -> None:
    """A name run that is a known name with a word before or after it (واشنطن صبري بوقادوم: a
    place, then a person) counts for that name."""
    for key in sorted((k for k in names if k.count(" ") >= 2), key=lambda k: -k.count(" ")):
        words = key.split()
        for shorter in (" ".join(words[1:]), " ".join(words[:-1])):
            if shorter in names and shorter != key:
                occurrences[shorter].extend(occurrences.pop(key))
                names.discard(key)
                break


def _repeated_phrases(all_clauses, in_names, facts: _WordFacts, names: set[str], lemmas) -> dict[str, list[int]]:
    """Phrases: n-grams of content words seen at least twice (key -> sentence of each), their
    lemmas in ``lemmas``."""
    form, joined, content, infos = facts.form, facts.joined, facts.content, facts.infos
    ngram_hits: dict[str, int | list[int]] = {}
    last_window: dict[str, tuple] = {}  # key -> (clause words, start, length) of its last window
    for (number, words), marks in zip(all_clauses, in_names):
        if len(words) < 2:
            continue
        content_run = _runs([content[w] for w in words])
        free_run = _runs([not joined[w] for w in words])  # not glued to the word before
        name_run = _runs(marks) if marks is not None else None
        # Where a phrase of two content words can start; longer ones start at a subset of these.
        starts = [i for i in range(len(words) - 1) if content_run[i] >= 2 and free_run[i + 1] >= 1]
        for n in range(2, MAX_PHRASE + 1):
            for i in starts:
                if content_run[i] < n or free_run[i + 1] < n - 1:
                    continue
                if name_run is not None and name_run[i] >= n:
                    continue  # part of a name
                key = " ".join([form[words[i]], *words[i + 1 : i + n]])
                if key in names:
                    continue
                # Most n-grams occur once: a sentence number alone until a second occurrence.
                hits = ngram_hits.get(key)
                if hits is None:
                    ngram_hits[key] = number
                    continue
                if hits.__class__ is int:
                    ngram_hits[key] = [hits, number]
                else:
                    hits.append(number)
                last_window[key] = (words, i, n)  # only repeated phrases become terms
    for key, (words, i, n) in last_window.items():
        lemmas[key] = " ".join(
            [info.best.lemma if info.best else info.form for info in (infos[w] for w in words[i : i + n])]
        )
    return {k: v for k, v in ngram_hits.items() if v.__class__ is list}


def _not_covered(repeated: dict[str, list[int]], occurrences, names: set[str]) -> dict[str, list[int]]:
    """The repeated phrases that are terms: a phrase inside a longer phrase or name that occurs
    as often is not a term of its own."""
    covered: dict[str, int] = {}
    for key, hits in list(repeated.items()) + [(k, occurrences[k]) for k in names]:
        words = key.split()
        for i in range(len(words)):
            for j in range(i + 1, len(words) + 1):
                if j - i < len(words):
                    sub = " ".join(words[i:j])
                    covered[sub] = max(covered.get(sub, 0), len(hits))
    return {key: hits for key, hits in repeated.items() if covered.get(key, 0) < len(hits)}


def _fold_leading_clitics(occurrences, names: set[str]) -> None:
    """وجاستن توماس is جاستن توماس after "and": the lexicon cannot split an unknown name's و, the
    other occurrences can."""
    for key in [k for k in occurrences if k.startswith(CONJUNCTIONS + PREPOSITIONS) and k[1:] in occurrences]:
        occurrences[key[1:]].extend(occurrences.pop(key))
        names.discard(key)


def _multiword_term(key: str, hits: list[int], is_name: bool, lemmas, sentences: Sentences, order) -> Term:
    return Term(
        term=key,
        lemma=lemmas.get(key, key),
        english="",
        count=len(hits),
        articles=order({sentences.articles[n] for n in hits}),
        source="",
        example=sentences.texts[hits[0]],
        kind="name" if is_name else "phrase",
        pos="NAME" if is_name else "PHRASE",
        forms={key},
        surface=Counter({key: len(hits)}),
    )


def filter_terms(terms: list[Term], *, min_count: int = 1, top: int | None = None) -> list[Term]:
    kept = [t for t in terms if t.count >= min_count]
    return kept[:top] if top is not None else kept
