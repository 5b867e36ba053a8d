"""Where readcli keeps its files. Computed on demand, never at import time."""

from __future__ import annotations

import os
from pathlib import Path

# Where the corpus came from, in the order corpus_location() tries them (see README, "The corpus").
FROM_OPTION = "--corpus"
FROM_ENVIRONMENT = "$READCLI_CORPUS"
FROM_WORKING_DIR = "./corpus"
FROM_DATA_DIR = "data folder"


def corpus_location(option: str | os.PathLike | None = None) -> tuple[Path, str]:
    """The corpus folder and where it came from.

    ``--corpus``, else ``$READCLI_CORPUS``, else ``./corpus`` when that folder exists, else
    ``corpus`` in readcli's data folder (created by the first ``readcli add``).
    """
    if option:
        return Path(option), FROM_OPTION
    env = os.environ.get("READCLI_CORPUS")
    if env:
        return Path(env), FROM_ENVIRONMENT
    local = Path("corpus")
    if local.is_dir():
        return local, FROM_WORKING_DIR
    return home_dir() / "corpus", FROM_DATA_DIR


def home_dir() -> Path:
    """readcli's data folder (translation memory, search index, default corpus): ``$READCLI_HOME``
    or the user data dir."""
    env = os.environ.get("READCLI_HOME")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_data_dir("readcli", appauthor=False))
