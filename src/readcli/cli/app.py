"""The Typer application, its global options, and the one place errors become exit codes.

Exit status (README, "Exit status"): 0 success, also when the reader of a pipe goes away
(``readcli list | head -1``); 1 an error (one ``readcli: error:`` line on stderr); 2 bad
arguments; 3 a corpus-wide command that skipped unreadable articles (one warning line each);
130 Ctrl-C.
"""

from __future__ import annotations

import enum
import functools
import os
import shutil
import sys
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from typer.core import TyperCommand, TyperGroup

from readcli import __version__
from readcli.errors import ReadcliError, os_fault
from readcli.paths import corpus_location
from readcli.render.env import Environment, OutputError, describe_os_error, restore_terminals
from readcli.render.output import output_format
from readcli.translate import DEFAULT_BEAM


class ExitStatus(enum.IntEnum):
    OK = 0
    ERROR = 1
    USAGE = 2
    PARTIAL = 3  # a corpus-wide command skipped unreadable articles
    INTERRUPTED = 130


def say(message: str, level: str = "error") -> None:
    """One line on the process's stderr, for what ends a command (its exit status); commands
    use their environment (``st.env.error/warning/note/status``)."""
    env = _CURRENT["env"] or Environment.from_process()
    env = env if env.stderr is sys.stderr else Environment.from_process(env.bidi_option)
    env.log(message, level)


# The environment of the running command (set by the group callback), for error lines.
_CURRENT: dict[str, Environment | None] = {"env": None}


def _is_click_error(error: BaseException) -> bool:
    # typer vendors click; its exceptions are recognised by their interface, not imported.
    return callable(getattr(error, "format_message", None)) and isinstance(getattr(error, "exit_code", None), int)


def _silence_stdout() -> None:
    """The pipe's reader went away: drop whatever is still buffered, so exit stays quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


# Options of the group that users also put after the command (`readcli list --corpus DIR`): the
# commands have no options of these names, so they are moved before it.
GLOBAL_OPTIONS = ("--corpus", "--bidi")
NARROW_HELP = 60  # below this many columns, help is click's plain text: rich's panels cut names


def hoist_global_options(args: list[str]) -> list[str]:
    """``args`` with the global options found after the command moved just before it (so they
    still win over the same option given earlier)."""
    hoisted, rest, seen_command, command_at, i = [], [], False, 0, 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            rest += args[i:]
            break
        name = arg.split("=", 1)[0]
        if seen_command and name in GLOBAL_OPTIONS:
            takes_next = "=" not in arg and i + 1 < len(args)
            hoisted += args[i : i + 2] if takes_next else [arg]
            i += 2 if takes_next else 1
            continue
        if not arg.startswith("-") and not seen_command:
            previous = args[i - 1].split("=", 1)[0] if i else ""
            seen_command = not (previous in GLOBAL_OPTIONS and "=" not in args[i - 1])
            command_at = len(rest)
        rest.append(arg)
        i += 1
    return rest[:command_at] + hoisted + rest[command_at:]


def _narrow_terminal(formatter) -> bool:
    """True (and the formatter set to the terminal's width: click's own minimum is 50) on a
    terminal narrower than :data:`NARROW_HELP`."""
    columns = shutil.get_terminal_size((80, 24)).columns
    if columns >= NARROW_HELP:
        return False
    formatter.width = max(20, columns - 2)
    # Option names longer than a third of the line go on a line of their own, their help under
    # them: the help column keeps two thirds of the line.
    formatter.write_dl = functools.partial(type(formatter).write_dl, formatter, col_max=max(8, columns // 3))
    return True


class ReadcliGroup(TyperGroup):
    """Turns every error into one line on stderr and an exit status (see the module doc).

    It lives in the command group so CliRunner tests see exactly what users see.
    """

    def format_help(self, ctx, formatter) -> None:
        if _narrow_terminal(formatter):
            return super(TyperGroup, self).format_help(ctx, formatter)
        return super().format_help(ctx, formatter)

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        args = hoist_global_options(list(sys.argv[1:] if args is None else args))
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            code = self._run(args, prog_name, complete_var, **extra)
        finally:
            # Any terminal a view left in explicit bidi mode goes back to implicit mode, whatever
            # ended the command (the views restore it themselves; this is the safety net).
            restore_terminals()
        sys.exit(code)

    def _run(self, args, prog_name, complete_var, **extra) -> int:
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
            code = result if isinstance(result, int) else ExitStatus.OK
            _flush_stdout()
        except ReadcliError as error:
            say(str(error))
            code = error.exit_code
        except _PipeClosed:
            _silence_stdout()
            code = ExitStatus.OK
        except _Interrupted:
            say(_interrupt_note(), "note")
            code = ExitStatus.INTERRUPTED
        except typer.Abort:
            say("aborted")
            code = ExitStatus.ERROR
        except Exception as error:
            if not _is_click_error(error):
                raise
            if type(error).__name__ == "NoArgsIsHelpError":
                error.show()
                sys.exit(error.exit_code)
            context = getattr(error, "ctx", None)
            hint = f" (see '{context.command_path} --help')" if context is not None else ""
            say(error.format_message() + hint)
            code = error.exit_code
        return code

    def invoke(self, ctx):
        # click and typer turn a closed pipe into exit 1 and Ctrl-C into a silent 130; both are
        # carried past them to main() instead.
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            raise _PipeClosed() from None
        except KeyboardInterrupt:
            raise _Interrupted() from None
        except OSError as error:
            # A fault no command anticipated: still one line, never a traceback.
            raise os_fault(error, "use", error.filename or "a file") from None


class _PipeClosed(Exception):
    """The reader of stdout went away (``readcli list | head -1``): end quietly, exit 0."""


class _Interrupted(Exception):
    """Ctrl-C during a command."""


def _flush_stdout() -> None:
    """Flush what the command left buffered, with the same rules as its own writes."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        raise _PipeClosed() from None
    except OSError as error:
        raise OutputError(f"cannot write to standard output: {describe_os_error(error)}") from None


_INTERRUPT = {"note": "interrupted"}


def _interrupt_note() -> str:
    return _INTERRUPT["note"]


def on_interrupt(note: str) -> None:
    """What Ctrl-C should say for the running command (after ``readcli: ``)."""
    _INTERRUPT["note"] = note


class ReadcliCommand(TyperCommand):
    """Usage lines show a required argument as ``ID``, not typer's ``{ID}``."""

    def format_help(self, ctx, formatter) -> None:
        if _narrow_terminal(formatter):
            return super(TyperCommand, self).format_help(ctx, formatter)
        return super().format_help(ctx, formatter)

    def collect_usage_pieces(self, ctx) -> list[str]:
        pieces = super().collect_usage_pieces(ctx)
        return [p[1:-1] if p.startswith("{") and p.endswith("}") else p for p in pieces]


class ReadcliTyper(typer.Typer):
    """A Typer app whose commands are :class:`ReadcliCommand` (for sub-apps: models, cache)."""

    def command(self, *args, cls=None, **kwargs):
        return super().command(*args, cls=cls or ReadcliCommand, **kwargs)


app = ReadcliTyper(
    cls=ReadcliGroup,
    name="readcli",
    help="Read Arabic news in the terminal, translate it offline to English, build glossaries.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="markdown",
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)


@dataclass
class State:
    """What every command shares: the corpus option and the streams.

    ``env`` may be injected (``app(..., obj=State(env=...))``: tests give a terminal's view to
    streams of their own); by default it is the process's, made when the command runs.
    """

    corpus_option: Optional[Path] = None
    env: Environment = field(default_factory=Environment.from_process)

    @cached_property
    def corpus_location(self) -> tuple[Path, str]:
        return corpus_location(self.corpus_option)

    @property
    def corpus(self):
        from readcli.corpus import Corpus  # the corpus stack (sentences, decoding): not for --help

        return Corpus(self.corpus_location[0])

    def user_glossary(self) -> dict[str, str]:
        """The corpus' glossary.tsv (Arabic term -> English); empty when there is none."""
        from readcli.translate.user_glossary import load_user_glossary

        return load_user_glossary(self.corpus.root)

    def output_format(self, requested: str | None, view, *, command: str) -> str:
        """``--format`` if given, else the view's default for a terminal or a pipe."""
        return output_format(self.env, requested, view, command=command)

    def translator(self, *, beam: int = DEFAULT_BEAM, use_cache: bool = True, speed=None):
        from readcli.render.progress import BarProgress
        from readcli.translate.pipeline import Translator

        return Translator(
            beam_size=beam, use_cache=use_cache, glossary=self.user_glossary(), speed=speed,
            progress=BarProgress(self.env),
        )


def version_callback(value: bool) -> None:
    if value:
        typer.echo(f"readcli {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    ctx: typer.Context,
    corpus: Annotated[
        Optional[Path],
        typer.Option(
            "--corpus",
            help="Corpus folder (default: $READCLI_CORPUS, else ./corpus if it exists, else the "
            "data folder's corpus; `readcli info` shows which).",
            file_okay=False,
        ),
    ] = None,
    bidi: Annotated[
        Optional[str],
        typer.Option(
            "--bidi", metavar="app|terminal|auto",
            help="Who lays out right-to-left text on a terminal: readcli (app), the terminal "
            "(terminal: logical order, for terminals that reorder and ignore BDSM, such as mlterm), "
            "or picked from the terminal (auto; default: $READCLI_BIDI, else auto). See docs/terminals.md.",
        ),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=version_callback, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    from readcli.render.terminals import requested_mode

    requested_mode(bidi)  # a bad --bidi or $READCLI_BIDI: one usage line, before any work
    if isinstance(ctx.obj, State):  # injected (tests): keep its environment
        ctx.obj.corpus_option = corpus
        if bidi is not None:
            ctx.obj.env.bidi_option = bidi
    else:
        ctx.obj = State(corpus_option=corpus, env=Environment.from_process(bidi))
    _CURRENT["env"] = ctx.obj.env


def state(ctx: typer.Context) -> State:
    if not isinstance(ctx.obj, State):
        ctx.obj = State()
    return ctx.obj


def format_option(view, default: str) -> Any:
    """The one ``--format/-f`` option: ``view.formats`` offered (and completed), ``default`` told."""
    choices = tuple(view.formats)

    def complete(incomplete: str) -> list[str]:
        return [f for f in choices if f.startswith(incomplete)]

    def check(value: str | None) -> str | None:
        if value is not None and value not in choices:
            raise typer.BadParameter(f"{value!r} is not one of {', '.join(map(repr, choices))}")
        return value

    return typer.Option(
        "--format", "-f", metavar="|".join(choices), autocompletion=complete, callback=check,
        show_default=False, help=f"Output format: {', '.join(choices)} (default: {default}).",
    )


def confirm(st: State, question: str) -> None:
    """Ask ``question`` on a terminal before deleting the user's work; no answer but y/yes
    aborts (exit 1). Off a terminal (a script) there is nobody to ask: go on."""
    if not st.env.stdin_isatty:
        return
    st.env.stderr.write(f"readcli: {question} [y/N] ")
    st.env.stderr.flush()
    answer = st.env.stdin.readline().strip().lower()
    if answer not in ("y", "yes"):
        raise ReadcliError("nothing deleted (pass --yes to skip this question)")


def finish(skipped: int) -> None:
    """End a corpus-wide command: exit 3 when articles were skipped (README, "Exit status")."""
    if skipped:
        raise typer.Exit(ExitStatus.PARTIAL)

