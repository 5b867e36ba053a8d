"""Dictionary and glossary commands: lookup, glossary; and the interlinear view of ``show --gloss``."""

from __future__ import annotations

import enum
import sys
from typing import Annotated, Optional

import typer

from readcli.cli.app import AllArticles, ArticleRefs, TableFormat, app, resolve_sources, state, stdout_is_terminal
from readcli.errors import ReadcliError


class GlossaryFormat(str, enum.Enum):
    table = "table"
    tsv = "tsv"
    csv = "csv"
    jsonl = "jsonl"


class NoAnalysis(ReadcliError):
    """The lexicon has no reading of a word (exit 1, like grep finding nothing)."""


@app.command()
def lookup(
    words: Annotated[list[str], typer.Argument(metavar="WORD...", help="Arabic words (harakat allowed).")],
    format: Annotated[TableFormat, typer.Option("--format", "-f", help="Output format.")] = TableFormat.table,
) -> None:
    """Analyses of an Arabic word from the Buckwalter lexicon: clitics, lemma, part of speech, gloss.

    Clitics are split off with + (و+ال+جزائر). tsv columns: word, segmentation, lemma, pos, gloss,
    vocalized, buckwalter, lemma_id; no header. Exit 1 when a word has no analysis (proper names
    missing from the lexicon, misspellings, non-Arabic input).
    """
    from readcli.dictionary import analyze, clean_word, is_arabic_word

    rows, missing = [], []
    for word in words:
        analyses = analyze(word) if is_arabic_word(word) else ()
        if not analyses:
            missing.append(word)
        seen = set()
        for a in analyses:
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
    columns = ["word", "segmentation", "lemma", "pos", "gloss", "vocalized", "buckwalter", "lemma_id"]
    if format is TableFormat.tsv:
        from readcli.render.formats import write_tsv

        write_tsv(rows, columns, sys.stdout)
    elif format is TableFormat.jsonl:
        from readcli.render.formats import write_jsonl

        write_jsonl(rows, sys.stdout)
    elif rows:
        from readcli.render.glossary_table import print_lookup_table

        print_lookup_table(rows, terminal=stdout_is_terminal())
    if missing:
        shown = ", ".join(missing)
        reason = "" if all(is_arabic_word(w) for w in missing) else " (not an Arabic word)"
        raise NoAnalysis(f"no analysis for {shown}{reason} in the Buckwalter lexicon")


@app.command()
def glossary(
    ctx: typer.Context,
    articles: ArticleRefs = None,
    all_articles: AllArticles = False,
    format: Annotated[GlossaryFormat, typer.Option("--format", "-f", help="Output format.")] = GlossaryFormat.table,
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
    "forms" (each written form of a word term with its count).
    """
    from readcli.glossary import COLUMNS, build_glossary, filter_terms

    st = state(ctx)
    sources = resolve_sources(st, list(articles or []), all_articles=all_articles)
    user = st.user_glossary()
    terms = filter_terms(build_glossary(sources, user_glossary=user, model=model), min_count=min_count, top=top)
    rows = [t.row() for t in terms]
    if format is GlossaryFormat.tsv:
        from readcli.render.formats import write_tsv

        write_tsv(rows, COLUMNS, sys.stdout)
    elif format is GlossaryFormat.csv:
        from readcli.render.formats import write_csv

        write_csv(rows, COLUMNS, sys.stdout)
    elif format is GlossaryFormat.jsonl:
        from readcli.render.formats import write_jsonl

        write_jsonl((t.record() for t in terms), sys.stdout)
    else:
        from readcli.render.glossary_table import print_glossary_table

        print_glossary_table(rows, terminal=stdout_is_terminal())


def show_gloss(st, article, *, width: int | None, pager: bool, terminal: bool) -> None:
    """``show ID --gloss``: interlinear view on a terminal; tsv of word, lemma, gloss on a pipe."""
    from readcli.glossary import interlinear

    sentences = interlinear(article, user_glossary=st.user_glossary())
    if not terminal:
        from readcli.render.formats import write_tsv

        rows = ({"word": w.word, "lemma": w.lemma, "gloss": w.gloss} for row in sentences for w in row if w.word)
        write_tsv(rows, ["word", "lemma", "gloss"], sys.stdout)
        return
    from readcli.render.interlinear import print_interlinear

    print_interlinear(article.id, sentences, width=width, pager=pager)
