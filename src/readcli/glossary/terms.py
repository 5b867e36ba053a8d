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

from readcli.glossary.readings import CALENDAR, Analyzer, WordInfo
from readcli.glossary.tokens import Token, clauses

COLUMNS = ("term", "lemma", "english", "count", "articles", "source", "example")
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


def _pick_form(group: list[Token], analyzer: Analyzer) -> str:
    plain = Counter()
    every = Counter()
    for token in group:
        info = analyzer[token.word]
        every[info.form] += 1
        if info.best is None or not info.best.enclitics:
            plain[info.form] += 1
    chosen = plain or every
    return sorted(chosen.items(), key=lambda kv: (-kv[1], len(kv[0]), kv[0]))[0][0]


def word_term(key: str, group: list[Token], analyzer: Analyzer, ids, merged_into) -> Term:
    """The term of one group of words (one lemma, with the nisba adjectives merged into it)."""
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


def _phrase_key(window: list[Token], analyzer: Analyzer) -> str:
    return " ".join([analyzer[window[0].word].form] + [t.word for t in window[1:]])


def _is_name(info: WordInfo) -> bool:
    """Read as a name, and not a weekday or month: a date is not a name (يوم السبت)."""
    return info.name_like and (info.best is None or info.best.first_gloss not in CALENDAR)


def _joined(info: WordInfo) -> bool:
    """A word glued to the one before by a conjunction (والنيجر): it cannot continue a name."""
    if info.particle:
        return True
    return not info.known and info.word.startswith("و") and len(info.word) >= 4


def multiword_terms(sentence_tokens, analyzer: Analyzer, ids) -> list[Term]:
    """The names and repeated phrases of the text, without English yet."""
    occurrences: dict[str, list[Token]] = defaultdict(list)  # key -> first token of each
    lemmas: dict[str, str] = {}
    names: set[str] = set()
    all_clauses = list(clauses(sentence_tokens))

    # Names: maximal runs of proper nouns and unknown words.
    in_names: set[int] = set()
    for clause in all_clauses:
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
    ngram_hits: dict[str, list[Token]] = defaultdict(list)
    for clause in all_clauses:
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


def filter_terms(terms: list[Term], *, min_count: int = 1, top: int | None = None) -> list[Term]:
    kept = [t for t in terms if t.count >= min_count]
    return kept[:top] if top is not None else kept
