"""Commands that do not translate import nothing heavy (argostranslate.translate, stanza, torch…)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("argostranslate.translate", "stanza", "torch", "ctranslate2", "sentencepiece", "spacy")

PROBE = """
import json, sys
from readcli.cli import app
try:
    app(sys.argv[1:], prog_name="readcli")
except SystemExit:
    pass
heavy = sorted(m for m in sys.modules if m.split(".")[0] in {"stanza", "torch", "ctranslate2", "sentencepiece", "spacy"}
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
    [["show", "004"], ["list"], ["list", "-f", "tsv"], ["sentences", "004"], ["show", "999"]],
)
def test_reading_commands_import_nothing_heavy(corpus, args):
    assert imported_heavy_modules(corpus, *args) == []
