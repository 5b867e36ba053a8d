"""Translation commands: translate, cache info/clear."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from readcli.cli.app import ReadcliTyper, app, finish, format_option, on_interrupt, say, state
from readcli.cli.sources import AllArticles, ArticleRefs, resolve_sources
from readcli.errors import UsageError
from readcli.render import views
from readcli.translate import DEFAULT_BATCH_SIZE, DEFAULT_BEAM

EXTENSIONS = {"text": "txt", "tsv": "tsv", "jsonl": "jsonl", "md": "md"}


@app.command()
def translate(
    ctx: typer.Context,
    articles: ArticleRefs = None,
    all_articles: AllArticles = False,
    text: Annotated[
        Optional[str], typer.Option("--text", "-t", help="Translate this Arabic text instead of articles.")
    ] = None,
    format: Annotated[Optional[str], format_option(views.TRANSLATIONS, "text")] = None,
    output_dir: Annotated[
        Optional[Path],
        typer.Option("--output-dir", "-o", file_okay=False, help="Write one file per article here (ID.txt|tsv|jsonl|md)."),
    ] = None,
    beam: Annotated[int, typer.Option("--beam", min=1, max=16, help="Beam size.")] = DEFAULT_BEAM,
    batch_size: Annotated[
        int, typer.Option("--batch-size", min=1, max=1024, help="Sentences per batch; each batch is saved when done.")
    ] = DEFAULT_BATCH_SIZE,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Ignore and do not update the translation memory (for measuring).")
    ] = False,
) -> None:
    """Translate Arabic to English offline, sentence by sentence: articles, a text, or stdin.

    With no article and no --text, reads standard input when it is not a terminal. Sentences come
    from `readcli sentences`; each English sentence is paired with its source. Output streams
    article by article. text: the English, one paragraph a line; tsv: article, sentence, ar, en
    (no header); jsonl: {"article", "sentence", "ar", "en"}; md: a table per article. Finished
    batches are kept in the translation memory, so a re-run translates only what is new.
    """
    st = state(ctx)
    fmt = st.output_format(format, views.TRANSLATIONS, command="translate", on_terminal="text", on_pipe="text")
    if text is not None:
        if articles or all_articles:
            raise UsageError("give --text or articles, not both")
        from readcli.corpus import text_article

        chosen, skipped = [text_article(text, "-")], 0
    else:
        chosen, skipped = resolve_sources(st, list(articles or []), all_articles=all_articles)
    ids = [a.id for a in chosen]
    if len(set(ids)) != len(ids):
        raise UsageError("an article is named more than once")
    from readcli.translate.pipeline import translate_articles

    on_interrupt("interrupted; finished batches are saved in the translation memory: run the command again to resume")
    translator = st.translator(beam=beam, use_cache=not no_cache, batch_size=batch_size)
    results = translate_articles(chosen, translator)
    if output_dir is not None:
        _write_files(results, fmt, output_dir)
    else:
        out = st.env.stdout
        for index, (article, records) in enumerate(results):
            if fmt == "text" and len(chosen) > 1:
                out.write(("\n" if index else "") + f"# {article.id}\n")
            elif fmt == "md" and index:
                out.write("\n")
            render_records(records, fmt, out)
            out.flush()
    finish(skipped)


def _write_files(results, fmt: str, output_dir: Path) -> None:
    """One file per article, each written atomically as soon as its article is translated."""
    import io

    from readcli.atomic import sweep, write_text_atomic
    from readcli.errors import os_fault

    try:
        output_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise os_fault(error, "create", output_dir) from None
    sweep(output_dir)
    for article, records in results:
        buffer = io.StringIO()
        render_records(records, fmt, buffer)
        name = "stdin" if article.id == "-" else article.id
        path = output_dir / f"{name}.{EXTENSIONS[fmt]}"
        try:
            write_text_atomic(path, buffer.getvalue())
        except OSError as error:
            raise os_fault(error, "write", path) from None
        say(str(path), "")


def render_records(records, format: str, out) -> None:
    """One article's records in ``format`` on ``out`` (logical Arabic everywhere)."""
    from readcli.render.formats import tsv_field, write_jsonl, write_tsv

    if format == "jsonl":
        write_jsonl((r.as_dict() for r in records), out)
    elif format == "tsv":
        write_tsv((r.as_dict() for r in records), views.TRANSLATIONS.names, out)
    elif format == "md":
        article = records[0].article if records else ""
        out.write(f"## {article}\n\n| # | Arabic | English |\n| --: | --- | --- |\n")
        for r in records:
            ar = tsv_field(r.ar).replace("|", "\\|")
            en = tsv_field(r.en).replace("|", "\\|")
            out.write(f"| {r.sentence} | {ar} | {en} |\n")
    else:
        from readcli.translate.pipeline import join_paragraphs

        for line in join_paragraphs((r.paragraph, r.en) for r in records):
            out.write(line + "\n")


cache_app = ReadcliTyper(help="The translation memory (an SQLite file in readcli's data folder).", no_args_is_help=True)
app.add_typer(cache_app, name="cache")


@cache_app.command("info")
def cache_info(
    ctx: typer.Context,
    format: Annotated[Optional[str], format_option(views.CACHE, "table on a terminal, else tsv")] = None,
) -> None:
    """Where the memory is and how many translations it holds.

    tsv columns: path, translations; no header.
    """
    from readcli.translate.memory import Memory, memory_path
    from readcli.render.output import emit

    st = state(ctx)
    fmt = st.output_format(format, views.CACHE, command="cache info")
    path = memory_path()
    memory = Memory.open(path, create=False)
    count = 0
    if memory is not None:
        with memory:
            count = memory.count()
    emit(st.env, [{"path": str(path), "translations": count}], views.CACHE, fmt)


@cache_app.command("clear")
def cache_clear() -> None:
    """Delete the translation memory (also when it is damaged); translations will be redone."""
    from readcli.translate.memory import memory_path, remove_memory

    path = memory_path()
    deleted = remove_memory(path)  # the file (or a folder in its place) and its -wal/-shm files
    if deleted:
        say("deleted " + ", ".join(str(p) for p in deleted), "")
    else:
        say(f"nothing to delete: {path} does not exist", "")
