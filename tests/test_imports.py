"""Commands that do not translate import nothing heavy.

Heavy (tests/helpers.py HEAVY_ROOTS): argostranslate.translate, stanza, torch, ctranslate2,
sentencepiece, spacy, onnxruntime and minisbd (argos-translate-lt's sentence splitter, which loads
onnxruntime); trafilatura, lxml, feedparser and their helpers (only for web pages and feeds).
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
    ],
)
def test_reading_commands_import_nothing_heavy(corpus, args):
    assert imported_heavy_modules("--corpus", str(corpus), *args) == []
