"""readcli's command line: a thin layer wiring the core to the terminal.

Each module below registers its commands on :data:`app`; heavy libraries are imported inside
the commands that need them, never here.
"""

from readcli.cli.app import app
from readcli.cli import reader  # noqa: F401  (registers list, show, sentences, add)
from readcli.cli import translate  # noqa: F401  (registers translate, cache)
from readcli.cli import models  # noqa: F401  (registers models)
from readcli.cli import glossary  # noqa: F401  (registers lookup, glossary)
from readcli.cli import search  # noqa: F401  (registers search)
from readcli.cli import feeds  # noqa: F401  (registers feed, pull)
from readcli.cli import read  # noqa: F401  (registers read)
from readcli.cli import learner  # noqa: F401  (registers known, coverage)
from readcli.cli import study  # noqa: F401  (registers study, export)

__all__ = ["app", "main"]


def main() -> None:
    app(prog_name="readcli")
