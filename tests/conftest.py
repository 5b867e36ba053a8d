"""Shared fixtures: a copy of the corpus in a temporary folder, isolated readcli/Argos homes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus"


@pytest.fixture(autouse=True)
def isolated_homes(tmp_path_factory, monkeypatch):
    """Never touch the user's real data: readcli's home and Argos' package dir are temporary."""
    home = tmp_path_factory.mktemp("readcli-home")
    monkeypatch.setenv("READCLI_HOME", str(home))
    monkeypatch.delenv("READCLI_CORPUS", raising=False)
    return home


@pytest.fixture
def corpus(tmp_path) -> Path:
    target = tmp_path / "corpus"
    shutil.copytree(CORPUS, target)
    return target


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def cli(runner, corpus):
    """Run readcli on the temporary corpus: cli("show", "004") -> click Result."""
    from readcli.cli import app

    def run(*args, input=None):
        return runner.invoke(app, ["--corpus", str(corpus), *args], input=input)

    return run
