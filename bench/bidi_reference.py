"""Terminal display against the reference: mismatches per set, ICU's bidi algorithm as the judge.

    python bench/bidi_reference.py                 # the current render.rtl.to_visual
    python bench/bidi_reference.py --before 44c033e   # rtl.py as it was at a commit (git show)
    python bench/bidi_reference.py --write-data    # regenerate src/readcli/render/bidi_data.tsv
    python bench/bidi_reference.py --startup --before 44c033e   # `readcli show 004` on a pty, old vs new

For every line of corpus/ (the seed articles), NTREX-128 and FLORES-200 devtest Arabic
(../shared/data) and tests/data/bidi_adversarial.txt, compares what the terminal shows
(``to_visual(line)``, base right-to-left; and the adversarial set also with a left-to-right base)
with ICU ``writeReordered`` of the same prepared text, as cells (src/readcli/testing/icu_reference.py defines
the comparison). Counts mismatches and crashes. ``--before REV`` loads ``src/readcli/render/rtl.py``
from that commit into a temporary module (no checkout); the reference is the same for every
version (ICU on the current shaping, harakat after their letter). Needs PyICU (``pip install -e '.[dev]'``).
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA_FILE = REPO / "src" / "readcli" / "render" / "bidi_data.tsv"


def shared_data() -> Path | None:
    for candidate in (REPO.parent / "shared" / "data", Path("/work/shared/data")):
        if candidate.is_dir():
            return candidate
    return None


def line_sets() -> dict[str, list[str]]:
    sets: dict[str, list[str]] = {}
    sets["corpus"] = [
        line.strip()
        for path in sorted((REPO / "corpus").glob("*.txt"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    data = shared_data()
    if data:
        for name, file in (("ntrex", "ntrex128.arb.txt"), ("flores", "flores200-devtest.arb_Arab.txt")):
            text = (data / file).read_text(encoding="utf-8")
            sets[name] = [line.strip() for line in text.splitlines() if line.strip()]
    sets["adversarial"] = adversarial_lines()
    return sets


def adversarial_lines() -> list[str]:
    path = REPO / "tests" / "data" / "bidi_adversarial.txt"
    if not path.exists():
        return []
    return [decode_line(line) for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]


def decode_line(line: str) -> str:
    """The adversarial file writes invisible characters as \\uXXXX / \\UXXXXXXXX escapes."""
    return line.encode("ascii", "backslashreplace").decode("unicode_escape") if "\\" in line else line


def load_rtl(rev: str | None):
    if rev is None:
        from readcli.render import rtl

        return rtl
    source = subprocess.run(
        ["git", "show", f"{rev}:src/readcli/render/rtl.py"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout
    folder = Path(tempfile.mkdtemp(prefix="rtl-before-"))
    path = folder / f"rtl_{rev}.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location(f"rtl_{rev}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def count(rtl, lines: list[str], base_dir: str, show: int) -> tuple[int, int, float]:
    from readcli.testing import icu_reference

    mismatches = crashes = 0
    spent = 0.0
    for line in lines:
        try:
            start = time.perf_counter()
            visual = rtl.to_visual(line, base_dir=base_dir)
            spent += time.perf_counter() - start
        except Exception as error:  # noqa: BLE001 - a crash is what is being counted
            crashes += 1
            if show:
                print(f"    crash {type(error).__name__}: {error}: {line!r}")
            continue
        expected = icu_reference.reference_visual(line, base_dir)
        if icu_reference.cells(visual) != icu_reference.cells(expected):
            mismatches += 1
            if show and mismatches <= show:
                print(f"    mismatch: {line!r}\n      got      {visual!r}\n      expected {expected!r}")
    return mismatches, crashes, spent


def startup(rev: str, runs: int) -> None:
    """CPU and wall time of `readcli show 004` on a pseudo-terminal: the working tree against a
    copy of it whose render/rtl.py is the one at ``rev`` (PYTHONPATH, no checkout). CPU time
    (user + system of the child) is what to compare on a shared, busy machine."""
    import os
    import resource
    import shutil
    import statistics

    from readcli.testing.terminal import run_on_pty

    folder = Path(tempfile.mkdtemp(prefix="rtl-before-src-"))
    shutil.copytree(REPO / "src", folder / "src")
    old = subprocess.run(
        ["git", "show", f"{rev}:src/readcli/render/rtl.py"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout
    (folder / "src" / "readcli" / "render" / "rtl.py").write_text(old, encoding="utf-8")
    command = [sys.executable, "-m", "readcli", "show", "004"]
    environments = {
        f"rtl.py at {rev}": {**os.environ, "PYTHONPATH": str(folder / "src"), "COLUMNS": "80"},
        "working tree": {**os.environ, "COLUMNS": "80"},
    }

    def once(env) -> tuple[float, float]:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        run_on_pty(command, cwd=REPO, env=env)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)

    results: dict[str, list[tuple[float, float]]] = {name: [] for name in environments}
    for env in environments.values():
        once(env)  # warm the file cache and bytecode
    for _ in range(runs):  # interleaved, so load on the machine hits both alike
        for name, env in environments.items():
            results[name].append(once(env))
    print(f"`readcli show 004` on a pseudo-terminal, 80 columns, median of {runs} interleaved runs")
    print("| code | CPU ms | wall ms |\n|---|---|---|")
    for name, rows in results.items():
        cpu = statistics.median(r[1] for r in rows) * 1000
        wall = statistics.median(r[0] for r in rows) * 1000
        print(f"| {name} | {cpu:.0f} | {wall:.0f} |")
    shutil.rmtree(folder, ignore_errors=True)


def write_data() -> None:
    """What unicodedata (Unicode 14 in Python 3.11) lacks for the bidi algorithm, from ICU."""
    import icu
    from bidi.mirror import MIRRORED

    short = {
        "ARABIC_NUMBER": "AN", "BLOCK_SEPARATOR": "B", "BOUNDARY_NEUTRAL": "BN", "COMMON_NUMBER_SEPARATOR": "CS",
        "DIR_NON_SPACING_MARK": "NSM", "EUROPEAN_NUMBER": "EN", "EUROPEAN_NUMBER_SEPARATOR": "ES",
        "EUROPEAN_NUMBER_TERMINATOR": "ET", "FIRST_STRONG_ISOLATE": "FSI", "LEFT_TO_RIGHT": "L",
        "LEFT_TO_RIGHT_EMBEDDING": "LRE", "LEFT_TO_RIGHT_ISOLATE": "LRI", "LEFT_TO_RIGHT_OVERRIDE": "LRO",
        "OTHER_NEUTRAL": "ON", "POP_DIRECTIONAL_FORMAT": "PDF", "POP_DIRECTIONAL_ISOLATE": "PDI",
        "RIGHT_TO_LEFT": "R", "RIGHT_TO_LEFT_ARABIC": "AL", "RIGHT_TO_LEFT_EMBEDDING": "RLE",
        "RIGHT_TO_LEFT_ISOLATE": "RLI", "RIGHT_TO_LEFT_OVERRIDE": "RLO", "SEGMENT_SEPARATOR": "S",
        "WHITE_SPACE_NEUTRAL": "WS",
    }
    by_value = {getattr(icu.UCharDirection, name): code for name, code in short.items()}
    marks = {icu.UCharCategory.NON_SPACING_MARK, icu.UCharCategory.COMBINING_SPACING_MARK, icu.UCharCategory.ENCLOSING_MARK}
    rows: list[tuple[str, int, int, str]] = []

    def add_range(kind: str, code: int, value: str) -> None:
        if rows and rows[-1][0] == kind and rows[-1][2] == code - 1 and rows[-1][3] == value:
            rows[-1] = (kind, rows[-1][1], code, value)
        else:
            rows.append((kind, code, code, value))

    for code in range(0x110000):
        if 0xD800 <= code < 0xE000:
            continue
        char = chr(code)
        icu_class = by_value[icu.Char.charDirection(code)]
        if icu_class != (unicodedata.bidirectional(char) or "L"):
            add_range("class", code, icu_class)
    for code in range(0x110000):
        if 0xD800 <= code < 0xE000:
            continue
        char = chr(code)
        icu_mark = icu.Char.charType(code) in marks
        if icu_mark != unicodedata.category(char).startswith("M"):
            add_range("mark", code, "1" if icu_mark else "0")
    for code in range(0x110000):
        if 0xD800 <= code < 0xE000:
            continue
        char, mirrored = chr(code), chr(icu.Char.charMirror(code))
        if MIRRORED.get(char, char) != mirrored:
            rows.append(("mirror", code, code, f"{ord(mirrored):04X}"))
    for code in range(0x110000):
        if 0xD800 <= code < 0xE000:
            continue
        if icu.Char.getIntPropertyValue(code, icu.UProperty.BIDI_PAIRED_BRACKET_TYPE) == icu.UBidiPairedBracketType.OPEN:
            rows.append(("bracket", code, code, f"{icu.Char.getBidiPairedBracket(code):04X}"))
    header = (
        "# What Python's unicodedata (Unicode 14 in Python 3.11) lacks for the Unicode bidi algorithm,\n"
        f"# taken from ICU {icu.ICU_VERSION} (Unicode {icu.UNICODE_VERSION}) by `python bench/bidi_reference.py --write-data`.\n"
        "# kind\tfirst\tlast\tvalue\n"
        "# class: Bidi_Class where it differs from unicodedata.bidirectional(c) or 'L' (unassigned)\n"
        "# mark: 1 if a combining mark (Mn/Mc/Me) where unicodedata says otherwise, 0 the reverse\n"
        "# mirror: Bidi_Mirroring_Glyph where it differs from python-bidi's bidi.mirror.MIRRORED\n"
        "# bracket: Bidi_Paired_Bracket of each opening paired bracket (Bidi_Paired_Bracket_Type=Open)\n"
    )
    body = "".join(f"{kind}\t{first:04X}\t{last:04X}\t{value}\n" for kind, first, last, value in rows)
    DATA_FILE.write_text(header + body, encoding="utf-8")
    print(f"wrote {DATA_FILE.relative_to(REPO)}: {len(rows)} rows")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", metavar="REV", help="measure src/readcli/render/rtl.py as of this commit")
    parser.add_argument("--show", type=int, default=0, metavar="N", help="print the first N mismatches per set")
    parser.add_argument("--write-data", action="store_true", help="regenerate bidi_data.tsv from ICU")
    parser.add_argument("--startup", action="store_true", help="time `readcli show 004` on a pty (needs --before)")
    parser.add_argument("--runs", type=int, default=15, help="runs per version for --startup")
    args = parser.parse_args()
    if args.write_data:
        write_data()
        return
    if args.startup:
        startup(args.before or "44c033e", args.runs)
        return
    rtl = load_rtl(args.before)
    label = f"rtl.py at {args.before}" if args.before else "rtl.py (working tree)"
    print(f"{label}; reference ICU {__import__('icu').ICU_VERSION}")
    print(f"{'set':<16}{'lines':>7}{'mismatches':>12}{'crashes':>9}{'ms/line':>9}")
    for name, lines in line_sets().items():
        bases = ("R", "L") if name == "adversarial" else ("R",)
        for base in bases:
            mismatches, crashes, spent = count(rtl, lines, base, args.show)
            title = name if len(bases) == 1 else f"{name} ({base})"
            per_line = 1000 * spent / max(1, len(lines))
            print(f"{title:<16}{len(lines):>7}{mismatches:>12}{crashes:>9}{per_line:>9.3f}")


if __name__ == "__main__":
    main()
