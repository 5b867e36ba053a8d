"""Commands that do not translate import nothing heavy.

Heavy: argostranslate.translate, stanza, torch, ctranslate2, sentencepiece, spacy, onnxruntime and
minisbd (argos-translate-lt's sentence splitter, which loads onnxruntime).
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

PROBE = """
import json, sys
from readcli.cli import app
try:
    app(sys.argv[1:], prog_name="readcli")
except SystemExit:
    pass
HEAVY_ROOTS = {"stanza", "torch", "ctranslate2", "sentencepiece", "spacy", "onnxruntime", "minisbd"}
heavy = sorted(m for m in sys.modules if m.split(".")[0] in HEAVY_ROOTS
               or m.startswith("argostranslate.translate"))
print("MODULES:" + json.dumps(heavy), file=sys.stderr)
"""


def imported_heavy_modules(corpus, *args: str) -> list[str]:
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, "--corpus", str(corpus), *args],
        capture_output=True, text=True, encoding="utf-8",
    )
    line = [x for x in proc.stderr.splitlines() if x.startswith("MODULES:")][-1]
    return json.loads(line[len("MODULES:"):])


@pytest.mark.parametrize(
    "args",
    [
        ["show", "004"], ["list"], ["list", "-f", "tsv"], ["sentences", "004"], ["show", "999"],
        ["lookup", "السفير"], ["glossary", "004", "--no-model"], ["models", "list"], ["cache", "info"],
        ["--help"],
    ],
)
def test_reading_commands_import_nothing_heavy(corpus, args):
    assert imported_heavy_modules(corpus, *args) == []
