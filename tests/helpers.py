"""Assertions the test modules share: one error line on stderr, and the heavy-import probe."""

from __future__ import annotations

import json
import subprocess
import sys

from readcli.testing.terminal import default_sigint  # noqa: F401  (tests import it from here)

# Modules no command that does not translate may import (start-up cost; torch-free install).
HEAVY_ROOTS = frozenset(
    {"stanza", "torch", "ctranslate2", "sentencepiece", "spacy", "onnxruntime", "minisbd",
     # web pages and feeds: only `add URL|page.html`, `feed add` and `pull` import them
     "trafilatura", "lxml", "feedparser", "htmldate", "justext", "courlan", "charset_normalizer",
     # the full-screen reader: only `read` imports it
     "textual",
     # the readcli[dask] extra: only `translate --executor dask...` imports it
     "dask", "distributed"}
)


def _streams(result) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of a click Result or a subprocess.CompletedProcess."""
    code = getattr(result, "exit_code", None)
    if code is None:
        code = result.returncode
    return code, result.stdout or "", result.stderr or ""


def one_error_line(result, *needles: str, code: int = 1, stdout_empty: bool = False) -> str:
    """Assert the run failed with exactly one ``readcli: error:`` line (or the Ctrl-C line for
    130) holding every needle, no traceback, and exactly exit ``code``. Returns it."""
    exit_code, stdout, stderr = _streams(result)
    assert exit_code == code, (exit_code, stdout, stderr)
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("readcli: error:") or exit_code == 130, lines[0]
    for needle in needles:
        assert needle in lines[0], lines[0]
    assert "Traceback" not in stdout + stderr
    if stdout_empty:
        assert stdout == ""
    return lines[0]


_RUN_CLI = """
import sys
from readcli.cli import app
try:
    app(sys.argv[1:], prog_name="readcli")
except SystemExit:
    pass
"""

_REPORT = """
import json, sys
heavy = sorted(m for m in sys.modules if m.split(".")[0] in set(json.loads(%r))
               or m.startswith("argostranslate.translate"))
print("MODULES:" + json.dumps(heavy), file=sys.stderr)
"""


def heavy_modules_after(code: str, *args: str) -> list[str]:
    """The heavy modules (HEAVY_ROOTS, argostranslate.translate) a fresh interpreter has imported
    after running ``code`` with ``args`` as sys.argv[1:]."""
    probe = code + _REPORT % json.dumps(sorted(HEAVY_ROOTS))
    proc = subprocess.run(
        [sys.executable, "-c", probe, *args], capture_output=True, text=True, encoding="utf-8",
        stdin=subprocess.DEVNULL,
    )
    found = [x for x in proc.stderr.splitlines() if x.startswith("MODULES:")]
    assert found, proc.stderr
    return json.loads(found[-1][len("MODULES:"):])


def imported_heavy_modules(*args: str) -> list[str]:
    """The heavy modules a readcli run with ``args`` imports (run in a fresh interpreter)."""
    return heavy_modules_after(_RUN_CLI, *args)


def used_package(tsv: str) -> str | None:
    """The package ``models list -f tsv`` marks as the one translate uses (first column set)."""
    used = [row.split("\t")[1] for row in tsv.splitlines() if row.split("\t")[0] not in ("", "no", "false")]
    return used[0] if len(used) == 1 else None


def terminal_env(stdout: bool = True, stderr: bool = False, stdin: str = "", stdin_tty: bool = False):
    """An Environment whose stdout (and optionally stderr) readcli sees as a terminal, with
    streams of its own, for ``cli(..., env=terminal_env())``: read ``env.stdout.getvalue()``."""
    import io

    from readcli.render.env import Environment

    return Environment(
        stdin=io.StringIO(stdin), stdout=io.StringIO(), stderr=io.StringIO(),
        stdin_isatty=stdin_tty, stdout_isatty=stdout, stderr_isatty=stderr,
    )
