"""``readcli search``: Arabic-aware search over the corpus and its translations."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from readcli.cli.app import app, finish, format_option, state
from readcli.cli.sources import no_articles
from readcli.errors import UsageError
from readcli.render import views
from readcli.render.output import emit, output_format
from readcli.render.search_view import print_hits, rows_for_output

DEFAULT_LIMIT = 20


@app.command()
def search(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(metavar="QUERY", help="Words, \"a phrase\", AND / OR / NOT, (groups), prefix*.")],
    lang: Annotated[
        Optional[str],
        typer.Option("--lang", "-l", metavar="ar|en", help="Search the Arabic (ar) or the English translations (en); "
                     "default: ar when the query has Arabic letters."),
    ] = None,
    article: Annotated[
        Optional[list[str]], typer.Option("--article", "-a", metavar="ID", help="Only in this article (repeatable).")
    ] = None,
    exact: Annotated[
        bool, typer.Option("--exact", "-e", help="Whole words as written (spelling variants and harakat still ignored): "
                           "no clitics, no other forms.")
    ] = False,
    limit: Annotated[
        Optional[int],
        typer.Option("--limit", "-n", min=0, help=f"At most N results, best first; 0: all (default: {DEFAULT_LIMIT} "
                     "on a terminal, all on a pipe)."),
    ] = None,
    context: Annotated[int, typer.Option("--context", "-C", min=0, max=20, help="N sentences around each hit (terminal and jsonl).")] = 0,
    format: Annotated[Optional[str], format_option(views.SEARCH, "keyword-in-context on a terminal, else tsv")] = None,
) -> None:
    """Find sentences: Arabic-aware (clitics, plurals, spelling variants, harakat), best first.

    والجزائر finds الجزائر، بالجزائر، للجزائر; طفل finds أطفال; "وزارة الخارجية" is a phrase;
    a OR b, a NOT b, كتب* (words starting with كتب). --exact turns the expansion off. A query
    without Arabic letters (or --lang en) searches the English translations in the memory.

    tsv columns (no header): article, sentence, score, spans (start-end character offsets of the
    hits in the Arabic sentence, or in the English one with --lang en), ar, en (empty when not
    translated). jsonl: {"article", "sentence", "ar", "en", "score", "field", "spans", and with
    --context "before"/"after"}. Sentences are numbered as `readcli sentences` numbers them.

    Ranking: bm25 over every way a word matched (its exact form counts more than its lemma,
    clitic-free or stemmed forms); more occurrences and shorter sentences rank higher. On a
    terminal, when --limit cuts the list, a last line says how many hits there are.

    Exit status: 0 with results, 1 when nothing matches (nothing on stdout, like grep), 2 for a
    query that cannot be parsed, 3 with results when unreadable files were skipped (one
    warning line each). The index lives in readcli's data folder and is updated
    automatically when articles or translations change.
    """
    from readcli.index.index import SearchIndex  # subsystem: loaded by the command that uses it

    st = state(ctx)
    fmt = output_format(st.env, format, views.SEARCH, command="search")
    if lang is not None and lang not in ("ar", "en"):
        raise UsageError(f"--lang must be ar or en, not {lang!r}")
    if limit is None:
        limit = DEFAULT_LIMIT if fmt == "table" else 0
    corpus = st.corpus
    names = [corpus.resolve(ref).path.name for ref in article] if article else None
    with SearchIndex.open(corpus) as index:
        try:
            index.update()
        finally:
            for notice in index.notices:
                st.env.warning(notice)
            for problem in index.problems:
                st.env.warning(f"skipped {problem}")
        if not index.problems and not index.connection.execute("SELECT 1 FROM files LIMIT 1").fetchone():
            raise no_articles(st)
        shown = fmt == "table" and limit > 0
        hits = index.search(query, lang=lang, exact=exact, names=names, limit=limit, context=context, count=shown)
    if not hits:
        raise typer.Exit(1)
    emit(
        st.env, rows_for_output(hits, fmt), views.SEARCH, fmt,
        human=lambda rows: print_hits(st.env, rows, total=hits.total, more=getattr(hits, "more", False)),
    )
    finish(len(index.problems))
