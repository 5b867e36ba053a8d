"""Translation commands: translate, show --bilingual (via show_bilingual), cache info/clear."""

from __future__ import annotations

import enum
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from readcli.cli.app import AllArticles, ArticleRefs, State, app, resolve_sources, state
from readcli.errors import UsageError


class TranslateFormat(str, enum.Enum):
    text = "text"
    tsv = "tsv"
    jsonl = "jsonl"
    md = "md"


EXTENSIONS = {"text": "txt", "tsv": "tsv", "jsonl": "jsonl", "md": "md"}


class BarProgress:
    """A Rich progress bar on stderr (sentences done, rate, time left); only on a terminal."""

    def __init__(self) -> None:
        self._progress = None
        self._task = None

    def start(self, total: int) -> None:
        if not total or not sys.stderr.isatty():
            return
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        from readcli.render.console import stderr_console

        self._progress = Progress(
            TextColumn("translating"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("sentences"),
            TextColumn("{task.fields[rate]}"),
            TimeRemainingColumn(),
            console=stderr_console(),
            transient=True,
        )
        self._task = self._progress.add_task("translate", total=total, rate="")
        self._progress.start()

    def advance(self, done: int) -> None:
        if self._progress is None:
            return
        task = self._progress.tasks[0]
        elapsed = task.elapsed or 0
        rate = f"{done / elapsed:.1f}/s" if elapsed > 0 else ""
        self._progress.update(self._task, completed=done, rate=rate)

    def stop(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None


def make_translator(st: State | None, *, beam: int = 4, use_cache: bool = True, batch_size: int = 16):
    from readcli.translation import Translator

    glossary = st.user_glossary() if st is not None else {}
    return Translator(
        beam_size=beam, use_cache=use_cache, glossary=glossary, batch_size=batch_size, progress=BarProgress()
    )


def render_records(records, format: str, out) -> None:
    """One article's records in ``format`` on ``out`` (logical Arabic everywhere)."""
    from readcli.render.formats import tsv_field, write_jsonl, write_tsv

    if format == "jsonl":
        write_jsonl((r.as_dict() for r in records), out)
    elif format == "tsv":
        write_tsv((r.as_dict() for r in records), ["article", "sentence", "ar", "en"], out)
    elif format == "md":
        article = records[0].article if records else ""
        out.write(f"## {article}\n\n| # | Arabic | English |\n| --: | --- | --- |\n")
        for r in records:
            ar = tsv_field(r.ar).replace("|", "\\|")
            en = tsv_field(r.en).replace("|", "\\|")
            out.write(f"| {r.sentence} | {ar} | {en} |\n")
    else:
        from readcli.translation import join_paragraphs

        for line in join_paragraphs((r.paragraph, r.en) for r in records):
            out.write(line + "\n")


@app.command()
def translate(
    ctx: typer.Context,
    articles: ArticleRefs = None,
    all_articles: AllArticles = False,
    format: Annotated[TranslateFormat, typer.Option("--format", "-f", help="Output format.")] = TranslateFormat.text,
    output_dir: Annotated[
        Optional[Path],
        typer.Option("--output-dir", "-o", file_okay=False, help="Write one file per article here (ID.txt|tsv|jsonl|md)."),
    ] = None,
    beam: Annotated[int, typer.Option("--beam", min=1, max=16, help="Beam size (Argos's default: 4).")] = 4,
    batch_size: Annotated[
        int, typer.Option("--batch-size", min=1, max=1024, help="Sentences per batch; each batch is saved when done.")
    ] = 16,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Ignore and do not update the translation memory (for measuring).")
    ] = False,
) -> None:
    """Translate articles from Arabic to English offline, sentence by sentence.

    Sentences come from `readcli sentences`; each English sentence is paired with its source.
    text: the English, one paragraph a line; tsv: article, sentence, ar, en (no header);
    jsonl: {"article", "sentence", "ar", "en"}; md: a table per article. Finished batches are kept
    in the translation memory, so a re-run translates only what is new.
    """
    st = state(ctx)
    chosen = resolve_sources(st, list(articles or []), all_articles=all_articles)
    ids = [a.id for a in chosen]
    if len(set(ids)) != len(ids):
        raise UsageError("an article is named more than once")
    from readcli.translation import translate_articles

    translator = make_translator(st, beam=beam, use_cache=not no_cache, batch_size=batch_size)
    records = translate_articles(chosen, translator)
    fmt = format.value
    if output_dir is not None:
        import io

        from readcli.atomic import write_text_atomic

        for article in chosen:
            buffer = io.StringIO()
            render_records(records[article.id], fmt, buffer)
            name = "stdin" if article.id == "-" else article.id
            path = output_dir / f"{name}.{EXTENSIONS[fmt]}"
            try:
                write_text_atomic(path, buffer.getvalue())
            except OSError as error:
                raise UsageError(f"cannot write {path}: {error.strerror or error}") from None
            typer.echo(str(path), err=True)
        return
    for index, article in enumerate(chosen):
        if fmt == "text" and len(chosen) > 1:
            sys.stdout.write(("\n" if index else "") + f"# {article.id}\n")
        elif fmt == "md" and index:
            sys.stdout.write("\n")
        render_records(records[article.id], fmt, sys.stdout)


def show_bilingual(st: State, article, *, width: int | None, pager: bool, terminal: bool) -> None:
    """``readcli show ID --bilingual``: side by side on a terminal, tsv (sentence, ar, en) on a pipe."""
    from readcli.translation import translate_articles

    records = translate_articles([article], make_translator(st))[article.id]
    if terminal:
        from readcli.render.bilingual import print_bilingual

        print_bilingual(article.id, records, width=width, pager=pager)
    else:
        from readcli.render.bilingual import write_pairs_tsv

        write_pairs_tsv(records, sys.stdout)


cache_app = typer.Typer(help="The translation memory (an SQLite file in readcli's data folder).", no_args_is_help=True)
app.add_typer(cache_app, name="cache")


@cache_app.command("info")
def cache_info() -> None:
    """Where the memory is and how many translations it holds."""
    from readcli.memory import Memory, memory_path

    path = memory_path()
    memory = Memory.open(path, create=False)
    if memory is None:
        sys.stdout.write(f"{path}\t0 translations (no file yet)\n")
        return
    with memory:
        count = memory.count()
    sys.stdout.write(f"{path}\t{count} translations\n")


@cache_app.command("clear")
def cache_clear() -> None:
    """Delete the translation memory (also when it is damaged); translations will be redone."""
    from readcli.memory import clear_memory, memory_path

    path = memory_path()
    existed = clear_memory(path)
    typer.echo(f"deleted {path}" if existed else f"nothing to delete: {path} does not exist", err=True)
