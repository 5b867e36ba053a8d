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
    # argostranslate's folders (packages, settings.json, downloads) and its package index.
    argos = tmp_path_factory.mktemp("argos")
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(argos / "packages"))
    for variable in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(variable, str(argos / variable.lower()))
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", "http://127.0.0.1:9/")  # never the network
    return home


@pytest.fixture(scope="session")
def argos_package_file(tmp_path_factory) -> Path:
    """A real .argosmodel (tiny random-weight CTranslate2 model), built once per session."""
    from readcli.testing.argos_package import build_package

    return build_package(tmp_path_factory.mktemp("argos-package"))


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
    """Run readcli on the temporary corpus: cli("show", "004") -> click Result; ``env`` (an
    injected Environment, see helpers.terminal_env) gives the command streams of its own."""
    from readcli.cli import app
    from readcli.cli.app import State

    def run(*args, input=None, env=None):
        obj = State(env=env) if env is not None else None
        return runner.invoke(app, ["--corpus", str(corpus), *args], input=input, obj=obj)

    return run


@pytest.fixture
def index(argos_package_file, monkeypatch):
    """A package index served on 127.0.0.1 (tests/test_models_index.py's IndexServer), used by
    ``models install``."""
    from test_models_index import IndexServer

    server = IndexServer(argos_package_file)
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", server.base)
    yield server
    server.close()
