"""Commands that do not translate import nothing heavy.

Heavy (tests/helpers.py HEAVY_ROOTS): argostranslate.translate, stanza, torch, ctranslate2,
sentencepiece, spacy, onnxruntime and minisbd (argos-translate-lt's sentence splitter, which loads
onnxruntime); trafilatura, lxml, feedparser and their helpers (only for web pages and feeds); dask and
distributed (the readcli[dask] extra: only ``translate --executor dask`` loads it).
"""

from __future__ import annotations

import pytest
from helpers import imported_heavy_modules


@pytest.mark.parametrize(
    "args",
    [
        ["show", "004"], ["list"], ["list", "-f", "tsv"], ["sentences", "004"], ["show", "999"],
        ["lookup", "السفير"], ["glossary", "004", "--no-model"], ["models", "list"], ["cache", "info"],
        ["--help"], ["info", "004"], ["show", "004", "--meta"], ["feed", "list"], ["add", "--help"],
        ["translate", "--help"], ["memory", "merge", "--help"],
        ["known", "list"], ["coverage", "004"], ["study", "--due"],
    ],
)
def test_reading_commands_import_nothing_heavy(corpus, args):
    assert imported_heavy_modules("--corpus", str(corpus), *args) == []


def test_translating_here_imports_no_dask(corpus, argos_package_file, tmp_path, monkeypatch):
    """A local run, a shard and a merge translate or write without the readcli[dask] extra's modules."""
    base = ("--corpus", str(corpus))
    assert imported_heavy_modules("models", "install", str(argos_package_file)) == []
    for number, args in enumerate((
        ["translate", "004", "-f", "tsv"],
        ["translate", "--all", "--shard", "1/2", "-f", "tsv"],
        ["translate", "--all", "--executor", "local", "-f", "tsv"],
    )):
        monkeypatch.setenv("READCLI_HOME", str(tmp_path / f"home{number}"))  # an empty memory each
        heavy = imported_heavy_modules(*base, *args)
        assert "ctranslate2" in heavy  # it did translate
        assert [m for m in heavy if m.split(".")[0] in ("dask", "distributed")] == []
