"""The Typer application, its global options, and the one place user errors become exit codes."""

from __future__ import annotations

import enum
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Optional

import typer
from typer.core import TyperGroup

from readcli.errors import ReadcliError, UsageError


class ReadcliGroup(TyperGroup):
    """Turns every error a user can cause into one line on stderr and an exit code.

    ``invoke`` handles :class:`ReadcliError` from the commands; ``main`` handles command-line
    mistakes (unknown option, missing argument, bad value), which click would print as a usage
    block. Both live in the command group so CliRunner tests see exactly what users see.
    """

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        from typer._click import exceptions as click_exceptions

        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click_exceptions.NoArgsIsHelpError as error:
            error.show()
            sys.exit(error.exit_code)
        except click_exceptions.ClickException as error:
            message = " ".join(error.format_message().split())
            context = getattr(error, "ctx", None)
            hint = f" (see '{context.command_path} --help')" if context is not None else ""
            typer.echo(f"readcli: error: {message}{hint}", err=True)
            sys.exit(error.exit_code)
        except typer.Abort:
            typer.echo("readcli: error: aborted", err=True)
            sys.exit(1)
        sys.exit(result if isinstance(result, int) else 0)

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except ReadcliError as error:
            typer.echo(f"readcli: error: {error}", err=True)
            raise typer.Exit(error.exit_code) from None
        except KeyboardInterrupt:
            typer.echo("readcli: interrupted; finished work is saved, run the command again to resume", err=True)
            raise typer.Exit(130) from None
        except BrokenPipeError:
            # `readcli sentences 004 | head`: the reader went away; not an error.
            _silence_stdout()
            raise typer.Exit(0) from None


def _silence_stdout() -> None:
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


app = typer.Typer(
    cls=ReadcliGroup,
    name="readcli",
    help="Read Arabic news in the terminal, translate it offline to English, build glossaries.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@dataclass
class State:
    corpus_option: Optional[Path] = None

    @property
    def corpus(self):
        from readcli.corpus import Corpus
        from readcli.paths import corpus_dir

        return Corpus(corpus_dir(self.corpus_option))

    def user_glossary(self) -> dict[str, str]:
        """The corpus' glossary.tsv (Arabic term -> English); empty when there is none."""
        from readcli.user_glossary import load_user_glossary

        return load_user_glossary(self.corpus.root)


def stdout_is_terminal() -> bool:
    """Terminal views (shaped, reordered) only on a terminal; logical text everywhere else."""
    return sys.stdout.isatty()


def version_callback(value: bool) -> None:
    if value:
        from readcli import __version__

        typer.echo(f"readcli {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    ctx: typer.Context,
    corpus: Annotated[
        Optional[Path],
        typer.Option(
            "--corpus",
            help="Corpus folder (default: $READCLI_CORPUS, else ./corpus).",
            file_okay=False,
        ),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=version_callback, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    ctx.obj = State(corpus_option=corpus)


def state(ctx: typer.Context) -> State:
    if not isinstance(ctx.obj, State):
        ctx.obj = State()
    return ctx.obj


# The article selection shared by commands that take ``ID...``, ``--all`` or ``-``
# (see :func:`resolve_sources`).
ArticleRefs = Annotated[
    Optional[list[str]],
    typer.Argument(metavar="[ID...|-]", help="Article ids or file-name prefixes, text files, or - for stdin."),
]
AllArticles = Annotated[bool, typer.Option("--all", "-a", help="Every article of the corpus.")]


class TableFormat(str, enum.Enum):
    table = "table"
    tsv = "tsv"
    jsonl = "jsonl"


def read_stdin_article():
    """The article on standard input (``-``), decoded like a file."""
    from readcli.corpus import text_article
    from readcli.textio import decode_text

    if sys.stdin is None or (hasattr(sys.stdin, "isatty") and sys.stdin.isatty()):
        raise UsageError("reading from standard input, but it is a terminal: pipe text in or name an article")
    data = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read().encode()
    return text_article(decode_text(data, "standard input").text, "-")


def resolve_source(st: State, ref: str | None):
    """An article from an id or prefix in the corpus, a file path, or ``-`` (stdin)."""
    from readcli.corpus import text_article
    from readcli.textio import read_text_file

    if ref is None or ref == "-":
        return read_stdin_article()
    path = Path(ref)
    if ("/" in ref or path.suffix) and path.is_file():
        return text_article(read_text_file(path).text, path.stem.split("_")[0] or path.stem)
    return st.corpus.resolve(ref)


def resolve_sources(st: State, refs: list[str], *, all_articles: bool = False) -> list:
    """Articles for a command that takes ``ID...``, ``--all`` or ``-``."""
    if all_articles and refs:
        raise UsageError("give article ids or --all, not both")
    if all_articles:
        articles = st.corpus.articles()
        if not articles:
            raise UsageError(f"no articles in {st.corpus.root}")
        return articles
    if not refs:
        raise UsageError("name one or more articles, --all, or - for standard input")
    if refs.count("-") > 1:
        raise UsageError("standard input (-) can be read only once")
    return [resolve_source(st, ref) for ref in refs]
