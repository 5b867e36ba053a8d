"""Where readcli keeps its files. Computed on demand, never at import time."""

from __future__ import annotations

import os
from pathlib import Path


def corpus_dir(option: str | os.PathLike | None = None) -> Path:
    """The corpus folder: ``--corpus``, else ``$READCLI_CORPUS``, else ``./corpus``."""
    if option:
        return Path(option)
    env = os.environ.get("READCLI_CORPUS")
    if env:
        return Path(env)
    return Path("corpus")


def home_dir() -> Path:
    """readcli's data folder (translation memory): ``$READCLI_HOME`` or the user data dir."""
    env = os.environ.get("READCLI_HOME")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_data_dir("readcli", appauthor=False))
