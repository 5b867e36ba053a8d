"""Gloss sources, in order of precedence: the user's glossary, the model, word by word.

The lexicon's gloss of a word's lemma is set when the term is made
(:func:`readcli.glossary.terms.word_term`); the user's glossary (``corpus/glossary.tsv``) overrides
it, the translation model (when an ar->en package is installed) glosses what is still empty, and
a word-by-word gloss from the lexicon (``council + security``) is the last resort for names and
phrases. ``Term.source`` says which: user, lexicon, model, lexicon-words, or empty.
"""

from __future__ import annotations

from collections import Counter

from readcli.dictionary import clean_word
from readcli.glossary.readings import Analyzer
from readcli.glossary.terms import Term


def apply_user_glossary(terms: dict[str, Term], user: dict[str, str], sentences, analyzer, order) -> None:
    """The user's English for every term it names; entries not yet terms become terms if they occur."""
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
    # Entries that are not yet terms become terms when they occur in the text (one pass over the
    # text for all of them: each token is checked against the entries its word or form starts).
    pending = [(entry, [clean_word(w) for w in entry.split()]) for entry in user if entry not in used]
    starting: dict[str, list[int]] = {}
    for number, (_, words) in enumerate(pending):
        starting.setdefault(words[0], []).append(number)
    found: list[list] = [[] for _ in pending]
    if starting:
        infos = analyzer.words
        for number, row in enumerate(sentences.words):
            for i, first in enumerate(row):
                candidates = starting.get(first, [])
                form = infos[first].form
                if form != first and form in starting:
                    candidates = sorted({*candidates, *starting[form]})
                for entry_number in candidates:
                    words = pending[entry_number][1]
                    if i + len(words) <= len(row) and all(
                        row[i + k] == words[k] for k in range(1, len(words))
                    ):
                        found[entry_number].append(number)
    for (entry, words), hits in zip(pending, found):
        english = user[entry]
        if hits:
            terms["u:" + entry] = Term(
                term=entry,
                lemma=entry,
                english=english,
                count=len(hits),
                articles=order({sentences.articles[n] for n in hits}),
                source="user",
                example=sentences.texts[hits[0]],
                kind="word" if len(words) == 1 else "phrase",
                forms={entry},
                surface=Counter({entry: len(hits)}),
            )


def gloss_with_model(terms: dict[str, Term], *, model: bool | None, translate, user_glossary) -> None:
    """The translation model's English for the terms nothing glossed yet (see build_glossary)."""
    missing = [t for t in terms.values() if not t.english]
    if not missing or model is False:
        return
    if translate is None:
        if model is None:
            try:
                # start-up: the translation modules only when the model glosses
                from readcli.translate.packages import installed_ar_en_package
            except ImportError:
                return
            if installed_ar_en_package() is None:
                return
        from readcli.translate.pipeline import translate_texts

        # The user's renderings hold inside model glosses too (السفير الأمريكي with السفير=envoy).
        def translate(texts):
            return translate_texts(texts, glossary=user_glossary or None)

    english = translate([t.term for t in missing])
    for term, text in zip(missing, english):
        text = " ".join((text or "").split())
        if text:
            term.english, term.source = text, "model"


def word_by_word(text: str, analyzer: Analyzer, *, names: bool = False) -> str:
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
