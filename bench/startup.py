"""Start-up cost of `readcli show 004` against the floor of `python -c "import typer, rich"`.

    python bench/startup.py [--runs 15]

Runs each command --runs times (after one warm-up) and reports the median wall time. `show` is
measured on a pipe (logical text) and on a pseudo-terminal (shaped, reordered). Also lists any
heavy module (argostranslate.translate, stanza, torch, ctranslate2, sentencepiece, spacy,
onnxruntime, minisbd) that the command imported.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from readcli.testing.terminal import run_on_pty

REPO = Path(__file__).resolve().parents[1]
HEAVY = (
    "argostranslate.translate", "stanza", "torch", "ctranslate2", "sentencepiece", "spacy", "onnxruntime", "minisbd",
)


def timed(cmd: list[str], *, tty: bool) -> float:
    start = time.perf_counter()
    if tty:
        run_on_pty(cmd, cwd=REPO)
    else:
        subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True, cwd=REPO)
    return time.perf_counter() - start


def median_time(cmd: list[str], runs: int, *, tty: bool = False) -> float:
    timed(cmd, tty=tty)
    return statistics.median(timed(cmd, tty=tty) for _ in range(runs))


def heavy_imports(args: list[str]) -> list[str]:
    code = (
        "import sys\n"
        "from readcli.cli import app\n"
        f"try:\n    app({args!r}, prog_name='readcli')\n"
        "except SystemExit:\n    pass\n"
        f"print('HEAVY:' + ','.join(sorted(m for m in sys.modules if m.startswith({HEAVY!r}))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    line = [x for x in out.stdout.splitlines() if x.startswith("HEAVY:")][-1]
    return [m for m in line[len("HEAVY:"):].split(",") if m]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    # The search index that `list` keeps goes to a scratch data folder, not the user's.
    os.environ.setdefault("READCLI_HOME", tempfile.mkdtemp(prefix="readcli-startup-"))
    floor = median_time([sys.executable, "-c", "import typer, rich"], args.runs)
    readcli = [sys.executable, "-m", "readcli", "show", "004"]
    pipe = median_time(readcli, args.runs)
    tty = median_time(readcli, args.runs, tty=True)
    listing = median_time([sys.executable, "-m", "readcli", "list", "-f", "tsv"], args.runs)
    print(f"runs per command: {args.runs} (median wall time)\n")
    print("| command | median ms | ratio to import typer, rich |")
    print("|---|---|---|")
    print(f'| python -c "import typer, rich" | {floor * 1000:.0f} | 1.00 |')
    print(f"| readcli show 004 > pipe | {pipe * 1000:.0f} | {pipe / floor:.2f} |")
    print(f"| readcli show 004 on a terminal | {tty * 1000:.0f} | {tty / floor:.2f} |")
    print(f"| readcli list -f tsv > pipe (warm index) | {listing * 1000:.0f} | {listing / floor:.2f} |")
    for command in (["show", "004"], ["list"], ["sentences", "004"], ["glossary", "004", "--no-model"], ["info"]):
        found = heavy_imports(command)
        print(f"\nheavy modules imported by `readcli {' '.join(command)}`: {', '.join(found) or 'none'}")


if __name__ == "__main__":
    main()
