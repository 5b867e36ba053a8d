"""Reading commands: list, show, sentences, add."""

from __future__ import annotations

import enum
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from readcli.cli.app import TableFormat, app, resolve_source, state, stdout_is_terminal
from readcli.errors import UsageError


def _translation_flags(articles) -> dict[str, bool]:
    """Article id -> whether the translation memory holds every sentence of it."""
    from readcli.translation_status import translated_flags

    return translated_flags(articles)


@app.command("list")
def list_articles(
    ctx: typer.Context,
    format: Annotated[TableFormat, typer.Option("--format", "-f", help="Output format.")] = TableFormat.table,
) -> None:
    """List the corpus: id, title, sentences, words, and whether it is translated.

    tsv columns: id, title, sentences, words, translated (yes/no); no header.
    """
    articles = state(ctx).corpus.articles()
    flags = _translation_flags(articles)
    rows = [
        {
            "id": a.id,
            "title": a.title,
            "sentences": len(a.sentences),
            "words": a.word_count,
            "translated": flags.get(a.id, False),
        }
        for a in articles
    ]
    if format is TableFormat.tsv:
        from readcli.render.formats import write_tsv

        write_tsv(rows, ["id", "title", "sentences", "words", "translated"], sys.stdout)
    elif format is TableFormat.jsonl:
        from readcli.render.formats import write_jsonl

        write_jsonl(rows, sys.stdout)
    else:
        from readcli.render.tables import print_article_table

        print_article_table(rows, terminal=stdout_is_terminal())


@app.command()
def show(
    ctx: typer.Context,
    article_id: Annotated[str, typer.Argument(metavar="ID", help="Article id or unique file-name prefix.")],
    width: Annotated[
        Optional[int], typer.Option("--width", "-w", min=20, help="Line width (default: the terminal's).")
    ] = None,
    pager: Annotated[bool, typer.Option("--pager", help="Show the article in a pager (less -R).")] = False,
    bilingual: Annotated[
        bool, typer.Option("--bilingual", "-b", help="Arabic and English side by side, sentence by sentence.")
    ] = False,
    gloss: Annotated[
        bool, typer.Option("--gloss", "-g", help="Interlinear view: each Arabic word with its English gloss.")
    ] = False,
) -> None:
    """Read an article: shaped right-to-left Arabic on a terminal, logical text on a pipe.

    When stdout is not a terminal the original text is printed unchanged (with --bilingual: tsv of
    sentence, ar, en; with --gloss: tsv of word, lemma, gloss).
    """
    if bilingual and gloss:
        raise UsageError("choose one of --bilingual and --gloss")
    st = state(ctx)
    article = resolve_source(st, article_id)
    terminal = stdout_is_terminal()
    if bilingual:
        from readcli.cli.translate import show_bilingual

        show_bilingual(st, article, width=width, pager=pager, terminal=terminal)
        return
    if gloss:
        from readcli.cli.glossary import show_gloss

        show_gloss(st, article, width=width, pager=pager, terminal=terminal)
        return
    if not terminal:
        text = article.text
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    from readcli.render.article_view import print_article

    print_article(article, width=width, pager=pager)


class SentenceFormat(str, enum.Enum):
    text = "text"
    tsv = "tsv"
    jsonl = "jsonl"


@app.command()
def sentences(
    ctx: typer.Context,
    source: Annotated[
        Optional[str],
        typer.Argument(metavar="[ID|FILE|-]", help="Article id, a text file, or - for stdin (the default)."),
    ] = None,
    format: Annotated[SentenceFormat, typer.Option("--format", "-f", help="Output format.")] = SentenceFormat.text,
) -> None:
    """Split an article into sentences, one per line, in logical order.

    This is the splitter every command uses, so its numbering is the translation alignment.
    jsonl records: {"article", "paragraph", "sentence", "text"}; tsv: article, paragraph,
    sentence, text.
    """
    article = resolve_source(state(ctx), source)
    rows = (
        {"article": article.id, "paragraph": s.paragraph, "sentence": s.number, "text": s.text}
        for s in article.sentences
    )
    if format is SentenceFormat.jsonl:
        from readcli.render.formats import write_jsonl

        write_jsonl(rows, sys.stdout)
    elif format is SentenceFormat.tsv:
        from readcli.render.formats import write_tsv

        write_tsv(rows, ["article", "paragraph", "sentence", "text"], sys.stdout)
    else:
        for row in rows:
            sys.stdout.write(row["text"] + "\n")


@app.command()
def add(
    ctx: typer.Context,
    file: Annotated[str, typer.Argument(metavar="FILE", help="A text file, or - for stdin.")],
    article_id: Annotated[
        Optional[str], typer.Option("--id", help="Id for the new article (default: the next number).")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace an article with the same id.")] = False,
) -> None:
    """Add an article to the corpus (UTF-8 with or without BOM, CRLF, or cp1256 Arabic).

    The file is stored as UTF-8 with LF line ends, written atomically.
    """
    from readcli.textio import decode_text, read_text_file

    if file == "-":
        data = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read().encode()
        decoded = decode_text(data, "standard input")
    else:
        decoded = read_text_file(Path(file))
    article = state(ctx).corpus.add(decoded.text, article_id, force=force)
    note = f" (converted from {decoded.encoding})" if decoded.encoding in ("cp1256", "utf-16") else ""
    typer.echo(f"added {article.id}: {article.path}{note}", err=True)
    sys.stdout.write(article.id + "\n")
