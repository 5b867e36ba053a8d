"""Translation commands: translate, memory info/clear (``cache`` is the old, hidden name)."""

from __future__ import annotations

import dataclasses
import io
import os
from pathlib import Path
from typing import Annotated, Optional

import click
import typer

from readcli.cli.app import ReadcliTyper, app, confirm, finish, format_option, on_interrupt, state
from readcli.cli.sources import AllArticles, ArticleRefs, resolve_sources
from readcli.errors import UsageError, os_fault
from readcli.render import views
from readcli.render.output import emit

# Translation, the memory and file writing are imported by the commands that use them (start-up).
from readcli.translate import DEFAULT_BEAM
from readcli.translate.speed import BATCH_TYPES, COMPUTE_TYPES, Speed, default_batch_size

DEFAULT = Speed()
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
        Optional[int],
        typer.Option("--batch-size", min=1, max=65536, envvar="READCLI_BATCH_SIZE", show_default=False,
                     help="Sentences (or tokens) per batch [default: 16 sentences, 1024 tokens]."),
    ] = None,
    batch_type: Annotated[
        str, typer.Option("--batch-type", envvar="READCLI_BATCH_TYPE", click_type=click.Choice(BATCH_TYPES), metavar="examples|tokens",
                          help="Count a batch's size in sentences (examples) or SentencePiece tokens.")
    ] = DEFAULT.batch_type,
    read_ahead: Annotated[
        int, typer.Option("--read-ahead", min=1, max=4096, envvar="READCLI_READ_AHEAD",
                          help="Batches sorted by length together; each such window is saved when done.")
    ] = DEFAULT.read_ahead,
    intra_threads: Annotated[
        int, typer.Option("--intra-threads", min=0, max=256, envvar="READCLI_INTRA_THREADS",
                          help="Threads per batch (0: half the cores, 1 to 4).")
    ] = DEFAULT.intra_threads,
    inter_threads: Annotated[
        int, typer.Option("--inter-threads", min=1, max=64, envvar="READCLI_INTER_THREADS",
                          help="Batches translated at once.")
    ] = DEFAULT.inter_threads,
    compute_type: Annotated[
        str, typer.Option("--compute-type", envvar="READCLI_COMPUTE_TYPE", click_type=click.Choice(COMPUTE_TYPES), metavar="TYPE",
                          help="CTranslate2's compute type: auto, int8, int8_float32 or float32 (Argos packages are int8).")
    ] = DEFAULT.compute_type,
    no_memory: Annotated[
        bool, typer.Option("--no-memory", help="Ignore and do not update the translation memory (for measuring).")
    ] = False,
    no_cache: Annotated[bool, typer.Option("--no-cache", hidden=True)] = False,  # the old name of --no-memory
    executor: Annotated[
        str,
        typer.Option(
            "--executor", metavar="local|dask|dask://HOST:PORT",
            help="Where to translate: here (local), on a new local Dask cluster (dask, see --workers) or on "
            "the Dask scheduler at HOST:PORT. Needs readcli[dask]; see docs/cluster.md.",
        ),
    ] = "local",
    workers: Annotated[
        Optional[int],
        typer.Option("--workers", min=1, max=512, help="Worker processes of --executor dask (default: the cores)."),
    ] = None,
    connect_timeout: Annotated[
        float,
        typer.Option("--connect-timeout", min=0.1, max=3600, help="Seconds to wait for the Dask scheduler and a worker."),
    ] = 10.0,
    shard: Annotated[
        Optional[str],
        typer.Option(
            "--shard", metavar="K/N",
            help="With --all: only shard K of N (1 <= K <= N, by a stable hash of the article id); "
            "merge the shards' memories with `readcli memory merge`.",
        ),
    ] = None,
) -> None:
    """Translate Arabic to English offline, sentence by sentence: articles, a text, or stdin.

    With no article and no --text, reads standard input when it is not a terminal. Sentences come
    from `readcli sentences`; each English sentence is paired with its source. Output streams
    article by article. text: the English, one paragraph a line; tsv: article, sentence, ar, en
    (no header); jsonl: {"article", "sentence", "ar", "en"}; md: a table per article. Finished
    batches are kept in the translation memory, so a re-run translates only what is new. The speed
    options (batch size and type, read-ahead, threads, compute type) are in
    docs/translation-speed.md; each can also be set by its READCLI_ environment variable.
    """
    st = state(ctx)
    fmt = st.output_format(format, views.TRANSLATIONS, command="translate")
    if shard is not None and not all_articles:
        raise UsageError("--shard splits the whole corpus: give it with --all")
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
    from readcli.translate.cluster import LOCAL, NEW_CLUSTER, parse_executor
    from readcli.translate.shards import in_shard, parse_shard

    target = parse_executor(executor)
    if workers is not None and target != NEW_CLUSTER:
        raise UsageError("--workers sets the size of a new local cluster: give it with --executor dask")
    if shard is not None:
        k, n = parse_shard(shard)
        chosen = [a for a in chosen if in_shard(a.id, k, n)]
    on_interrupt("interrupted; finished batches are saved in the translation memory: run the command again to resume")
    speed = Speed(
        batch_size=batch_size or default_batch_size(batch_type), batch_type=batch_type, read_ahead=read_ahead,
        intra_threads=intra_threads, inter_threads=inter_threads, compute_type=compute_type,
    )
    translator = st.translator(beam=beam, use_cache=not (no_memory or no_cache), speed=speed)
    if target == LOCAL:
        from readcli.translate.pipeline import translate_articles  # the translation subsystem

        results = translate_articles(chosen, translator)
    else:
        from readcli.translate.cluster import translate_on_dask

        results = translate_on_dask(chosen, translator, executor=target, workers=workers, timeout=connect_timeout)
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


@memory_app.command("merge")
def memory_merge(
    ctx: typer.Context,
    files: Annotated[list[Path], typer.Argument(metavar="FILE...", help="Translation memories (memory.sqlite3) to import.")],
    format: Annotated[Optional[str], format_option(views.CACHE_MERGE, "table on a terminal, else tsv")] = None,
) -> None:
    """Import other translation memories (the shards of `translate --all --shard K/N`).

    Rows are keyed by model fingerprint, decoding settings and source, so rows of other models
    never mix with this one's, and a row already here is kept: merging a file twice adds nothing.
    tsv columns: file, added, present (rows already here); no header.
    """
    from readcli.translate.memory import Memory, memory_path

    st = state(ctx)
    target = memory_path()
    for path in files:
        if os.path.lexists(path) and os.path.exists(target) and os.path.samefile(path, target):
            raise UsageError(f"{path} is this translation memory itself")
    rows = []
    with Memory.open(target, write=True) as memory:
        for path in files:
            added, present = memory.merge(path)
            rows.append({"file": str(path), "added": added, "present": present})
    emit(st.env, rows, views.CACHE_MERGE, format, command="memory merge")


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
