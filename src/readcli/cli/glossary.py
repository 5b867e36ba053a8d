"""Dictionary and glossary commands: lookup, glossary."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from readcli.cli.app import app, finish, format_option, state
from readcli.cli.sources import AllArticles, ArticleRefs, fact_articles, index_failures, indexed_corpus, resolve_sources
from readcli.errors import ReadcliError
from readcli.render import views
from readcli.render.output import emit


class NoAnalysis(ReadcliError):
    """The lexicon has no reading of a word (exit 1, like grep finding nothing)."""


@app.command()
def lookup(
    ctx: typer.Context,
    words: Annotated[list[str], typer.Argument(metavar="WORD...", help="Arabic words (harakat allowed).")],
    format: Annotated[Optional[str], format_option(views.LOOKUP, "table on a terminal, else tsv")] = None,
) -> None:
    """Analyses of an Arabic word from the Buckwalter lexicon: clitics, lemma, part of speech, gloss.

    Clitics are split off with + (و+ال+جزائر). tsv columns: word, segmentation, lemma, pos, gloss,
    vocalized, buckwalter, lemma_id; no header. Exit 1 when a word has no analysis (proper names
    missing from the lexicon, misspellings, non-Arabic input).
    """
    from readcli.dictionary import is_arabic_word, lookup_rows  # the lexicon

    st = state(ctx)
    rows, missing = [], []
    for word in words:
        found = lookup_rows(word)
        if not found:
            missing.append(word)
        rows += found
    emit(st.env, rows, views.LOOKUP, format, command="lookup")
    if missing:
        shown = ", ".join(missing)
        reason = "" if all(is_arabic_word(w) for w in missing) else " (not an Arabic word)"
        raise NoAnalysis(f"no analysis for {shown}{reason} in the Buckwalter lexicon")


@app.command()
def glossary(
    ctx: typer.Context,
    articles: ArticleRefs = None,
    all_articles: AllArticles = False,
    format: Annotated[Optional[str], format_option(views.GLOSSARY, "table on a terminal, else tsv")] = None,
    top: Annotated[Optional[int], typer.Option("--top", "-n", min=1, help="Only the N most frequent terms.")] = None,
    min_count: Annotated[int, typer.Option("--min-count", "-m", min=1, help="Only terms seen at least N times.")] = 1,
    model: Annotated[
        Optional[bool],
        typer.Option(
            "--model/--no-model",
            help="Gloss terms the lexicon lacks with the translation model (default: when one is installed).",
        ),
    ] = None,
) -> None:
    """Content terms of articles: words by lemma, names and repeated phrases, with English glosses.

    Function words are left out. Glosses come from, in order: the user glossary
    (corpus/glossary.tsv), the Buckwalter lexicon, the translation model (for names and phrases
    the lexicon lacks, when an ar->en package is installed), a word-by-word lexicon gloss.
    tsv/csv columns: term, lemma, english, count, articles, source, example (csv with a header,
    tsv without; articles comma-separated). jsonl records add "kind" (word, name, phrase) and
    "forms" (each written form of a word term with its count). With no article named and no text
    piped in, the whole corpus (as --all).
    """
    from readcli.glossary import filter_terms  # the glossary subsystem

    st = state(ctx)
    if not articles and not all_articles and st.env.stdin_isatty:
        all_articles = True  # nothing named, nothing piped in: the whole corpus
    indexed = indexed_corpus(st) if all_articles and not articles else None
    if indexed is None:
        sources, skipped = resolve_sources(st, list(articles or []), all_articles=all_articles)
        hashes = None
    else:
        facts, skipped = indexed
        sources, hashes = fact_articles(facts), [f["hash"] for f in facts]
    user = st.user_glossary()
    terms = filter_terms(_build(st, sources, hashes, user, model), min_count=min_count, top=top)
    emit(st.env, [t.record() for t in terms], views.GLOSSARY, format, command="glossary")
    finish(skipped)


def _build(st, sources, hashes, user, model):
    """build_glossary, with the index's cache when the articles have content hashes (--all)."""
    from contextlib import ExitStack

    from readcli.glossary import build_glossary

    with ExitStack() as stack:
        cache = None
        if hashes is not None:
            try:
                from readcli.index.cache import open_cache

                cache = stack.enter_context(open_cache(st.corpus))
            except index_failures():
                cache = None
        return build_glossary(
            sources, user_glossary=user, model=model, cache=cache, hashes=hashes if cache is not None else None
        )
