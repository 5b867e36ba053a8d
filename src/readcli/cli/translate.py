"""Translation commands: translate, memory info/clear (``cache`` is the old, hidden name)."""

from __future__ import annotations

import dataclasses
import io
import os
from pathlib import Path
from typing import Annotated, Optional

import typer

from readcli.cli.app import ReadcliTyper, app, confirm, finish, format_option, on_interrupt, state
from readcli.cli.sources import AllArticles, ArticleRefs, resolve_sources
from readcli.errors import UsageError, os_fault
from readcli.render import views
from readcli.render.output import emit

# Translation, the memory and file writing are imported by the commands that use them (start-up).
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
    no_memory: Annotated[
        bool, typer.Option("--no-memory", help="Ignore and do not update the translation memory (for measuring).")
    ] = False,
    no_cache: Annotated[bool, typer.Option("--no-cache", hidden=True)] = False,  # the old name of --no-memory
) -> None:
    """Translate Arabic to English offline, sentence by sentence: articles, a text, or stdin.

    With no article and no --text, reads standard input when it is not a terminal. Sentences come
    from `readcli sentences`; each English sentence is paired with its source. Output streams
    article by article. text: the English, one paragraph a line; tsv: article, sentence, ar, en
    (no header); jsonl: {"article", "sentence", "ar", "en"}; md: a table per article. Finished
    batches are kept in the translation memory, so a re-run translates only what is new.
    """
    st = state(ctx)
    fmt = st.output_format(format, views.TRANSLATIONS, command="translate")
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
    from readcli.translate.pipeline import translate_articles  # the translation subsystem

    on_interrupt("interrupted; finished batches are saved in the translation memory: run the command again to resume")
    translator = st.translator(beam=beam, use_cache=not (no_memory or no_cache), batch_size=batch_size)
    results = translate_articles(chosen, translator)
    if output_dir is not None:
        _write_files(st, results, fmt, output_dir)
        finish(skipped)
        return
    for index, (article, records) in enumerate(results):
        if fmt == "text" and len(chosen) > 1:
            st.env.stdout.write(("\n" if index else "") + f"# {article.id}\n")
        elif fmt == "md" and index:
            st.env.stdout.write("\n")
        emit(st.env, [r.as_dict() for r in records], views.TRANSLATIONS, fmt, text=_text_of(records))
    finish(skipped)


def _text_of(records):
    """The text and md writer of one article's records (paragraphs come from the records)."""
    from readcli.render import formats

    return lambda _rows, out, fmt: formats.write_translations(records, out, fmt)


def _write_files(st, results, fmt: str, output_dir: Path) -> None:
    """One file per article, each written atomically as soon as its article is translated."""
    from readcli.atomic import sweep, write_text_atomic

    try:
        output_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise os_fault(error, "create", output_dir) from None
    sweep(output_dir)
    for article, records in results:
        buffer = io.StringIO()
        file_env = dataclasses.replace(st.env, stdout=buffer, stdout_isatty=False)
        emit(file_env, [r.as_dict() for r in records], views.TRANSLATIONS, fmt, text=_text_of(records))
        name = "stdin" if article.id == "-" else article.id
        path = output_dir / f"{name}.{EXTENSIONS[fmt]}"
        try:
            write_text_atomic(path, buffer.getvalue())
        except OSError as error:
            raise os_fault(error, "write", path) from None
        st.env.status(str(path))


memory_app = ReadcliTyper(help="The translation memory (an SQLite file in readcli's data folder).", no_args_is_help=True)
app.add_typer(memory_app, name="memory")
app.add_typer(memory_app, name="cache", hidden=True)  # the name it had before


@memory_app.command("info")
def memory_info(
    ctx: typer.Context,
    format: Annotated[Optional[str], format_option(views.CACHE, "table on a terminal, else tsv")] = None,
) -> None:
    """Where the memory is and how many translations it holds.

    tsv columns: path, translations; no header.
    """
    from readcli.translate.memory import Memory, memory_path

    st = state(ctx)
    path = memory_path()
    memory = Memory.open(path, create=False)
    count = 0
    if memory is not None:
        with memory:
            count = memory.count()
    emit(st.env, [{"path": str(path), "translations": count}], views.CACHE, format, command="memory info")


@memory_app.command("clear")
def memory_clear(
    ctx: typer.Context,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Delete the translation memory (also when it is damaged); translations will be redone.

    On a terminal it asks first, unless --yes is given.
    """
    from readcli.translate.memory import memory_path, remove_memory

    st = state(ctx)
    path = memory_path()
    if not yes and os.path.lexists(path):
        confirm(st, f"delete the translation memory {path}? its translations will be redone")
    deleted = remove_memory(path)  # the file (or a folder in its place) and its -wal/-shm files
    if deleted:
        st.env.status("deleted " + ", ".join(str(p) for p in deleted))
    else:
        st.env.status(f"nothing to delete: {path} does not exist")
