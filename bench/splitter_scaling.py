"""How the sentence splitter's time grows with the input: long single lines and pathological text.

Times readcli's `segment` on
- 1, 2, 4 and 10 MB of NTREX-128 and FLORES-200 Arabic sentences joined by spaces into one line,
  and the same sentences one a line;
- 1 MB of each pathological input (a short unit repeated: abbreviations, dot runs, list numbers,
  quotes, brackets, whitespace runs, tiny sentences);
- the slowest units a hypothesis search finds (units of 1 to 12 characters from the property
  tests' alphabet, or of up to 6 tokens such as `ب.` `U.S.` `(` `«` `\t`, each repeated to 50 kB,
  with hypothesis.target steering towards the most seconds per MB; the worst three again at 1 MB);
before (the splitter as of --old-ref, loaded from `git show` into a temporary module) and after
(the working tree). MB means 10^6 bytes of UTF-8. Times are CPU seconds of this process (the
machine is shared; wall time is higher under load). "new" is the best of --runs runs, "old" one run
in a child process stopped after --timeout seconds. Old and new must return the same sentences
(text, paragraph, number, start, end): the "same" column says so for every input old finished.

    python bench/splitter_scaling.py [--data ../shared/data] [--no-old] [--timeout 30] [--runs 3]
"""

from __future__ import annotations

import argparse
import hashlib
import multiprocessing
import subprocess
import sys
import time
import types
from pathlib import Path

from readcli import sentences as new

ROOT = Path(__file__).resolve().parents[1]
OLD_REF = "30282979e7e0ffe0d6be55833d8a5666e1d1b2f9"  # the last quadratic splitter
MB = 1_000_000

PATHOLOGICAL = {
    "`ب. ` repeated": "ب. ",
    "`د. ` repeated": "د. ",
    "`U.S. ` repeated": "U.S. ",
    "`A. ` repeated (initials)": "A. ",
    "`(أ. ` repeated (bracketed initials)": "(أ. ",
    "`a.⇥b` repeated (tab, no spaces)": "a.\tb",
    "`.... ` repeated": ".... ",
    "one run of `.`": ".",
    "`1. 2. 3. ` repeated": "1. 2. 3. ",
    "`1. ` repeated": "1. ",
    "`(((` repeated": "(((",
    "`( ` repeated (unclosed brackets)": "( ",
    "`« ` repeated": "« ",
    "`\" ` repeated": '" ',
    "`x.) ` repeated (closers)": "x.) ",
    "a tab run": "\t",
    "a space run": " ",
    "`x! ` repeated (3-byte sentences)": "x! ",
    "`اب. ` repeated (6-byte sentences)": "اب. ",
    "`x!⏎` repeated (3-byte lines)": "x!\n",
    # found by the hypothesis search below: two 3-byte sentences a unit, each checked for an abbreviation
    "`1.⇥ب. ` repeated": "1.\tب. ",
    "`A.⇥A.⇥` repeated": "A.\tA.\t",
}
ALPHABET = (
    list("ابتثجحخدذرزسشصضطظعغفقكلمنهوي") + list("ءآأإؤئةى") + ["\u064b", "\u064e", "\u0651"]
    + list("abcXYZ0123456789٠١٢٣") + list(".!?؟…،؛:\"'«»“”()[]@/-") + [" ", " ", " ", "\t", "\u00a0"]
)


def load_old(ref: str) -> types.ModuleType:
    source = subprocess.run(
        ["git", "show", f"{ref}:src/readcli/sentences.py"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout
    module = types.ModuleType("readcli_sentences_old")
    sys.modules[module.__name__] = module  # dataclasses look their module up
    exec(compile(source, f"{ref[:7]}:src/readcli/sentences.py", "exec"), module.__dict__)
    return module


def digest(sentences) -> str:
    rows = "\n".join(f"{s.paragraph}\t{s.number}\t{s.start}\t{s.end}\t{s.text}" for s in sentences)
    return hashlib.sha256(rows.encode()).hexdigest()


def repeat_to(unit: str, size: int) -> str:
    return unit * max(1, size // len(unit.encode()))


def sentences_text(data: Path, size: int, sep: str) -> str:
    lines = [line.strip() for name in ("ntrex128.arb.txt", "flores200-devtest.arb_Arab.txt")
             for line in (data / name).read_text(encoding="utf-8").splitlines() if line.strip()]
    out, total, i = [], 0, 0
    while total < size:
        line = lines[i % len(lines)]
        out.append(line)
        total += len(line.encode()) + 1
        i += 1
    return sep.join(out)


def best_time(segment, text: str, runs: int) -> tuple[float, str]:
    times = []
    for _ in range(runs):
        t0 = time.process_time()
        result = segment(text)
        times.append(time.process_time() - t0)
    return min(times), digest(result)


def _child(segment, text, conn) -> None:
    conn.send(best_time(segment, text, 1))


def timed_with_limit(segment, text: str, limit: float) -> tuple[float, str] | None:
    """One run of segment(text) in a forked child; None when it takes longer than limit."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(segment, text, send))
    child.start()
    send.close()
    got = receive.poll(limit)
    result = receive.recv() if got else None
    if child.is_alive():
        child.kill()
    child.join()
    return result


def slowest_units(examples: int) -> list[str]:
    """Units whose repetition the splitter takes longest over, per MB, slowest first."""
    from hypothesis import HealthCheck, Phase, given, settings, target
    from hypothesis import strategies as st

    tokens = ["ب.", "د.", "U.S.", "A.", "1.", "(", ")", "«", "»", '"', "...", ".", "!", "?", " ", "\t", "كلمة", "x"]
    units = st.one_of(
        st.text(st.sampled_from(ALPHABET), min_size=1, max_size=12),
        st.lists(st.sampled_from(tokens), min_size=1, max_size=6).map("".join),
    )
    seen: dict[str, float] = {}

    @settings(max_examples=examples, deadline=None, database=None, derandomize=True,
              phases=[Phase.generate, Phase.target], suppress_health_check=list(HealthCheck))
    @given(units)
    def probe(unit: str) -> None:
        text = repeat_to(unit, MB // 20)
        seconds, _ = best_time(new.segment, text, 1)
        seen[unit] = seconds / (len(text.encode()) / MB)
        target(seen[unit])

    probe()
    return sorted(seen, key=seen.get, reverse=True)


def row(name: str, text: str, old, args) -> None:
    size = len(text.encode()) / MB
    new_s, new_digest = best_time(new.segment, text, args.runs)
    cells = [name, f"{size:.1f}"]
    if old is not None:
        got = timed_with_limit(old.segment, text, args.timeout)
        if got is None:
            cells += [f"> {args.timeout:g}", f"> {args.timeout / size:.2f}"]
            same = "old did not finish"
        else:
            cells += [f"{got[0]:.2f}", f"{got[0] / size:.2f}"]
            same = "yes" if got[1] == new_digest else "**NO**"
    cells += [f"{new_s:.2f}", f"{new_s / size:.2f}"]
    if old is not None:
        cells.append(same)
    print("| " + " | ".join(cells) + " |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--old-ref", default=OLD_REF, help="git commit of the splitter to compare with")
    parser.add_argument("--no-old", action="store_true", help="time the working tree only")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds before an old run is stopped")
    parser.add_argument("--runs", type=int, default=3, help="runs of the new splitter (the best counts)")
    parser.add_argument("--sizes", default="1,2,4,10", help="MB of the sentence inputs")
    parser.add_argument("--search", type=int, default=300, help="hypothesis examples to try (0: none)")
    args = parser.parse_args()
    old = None if args.no_old else load_old(args.old_ref)

    header = ["input", "MB"] + (["old s", "old s/MB"] if old else []) + ["new s", "new s/MB"]
    header += ["same output"] if old else []
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    sizes = [float(size) for size in args.sizes.split(",")]
    for sep, label in ((" ", "one line"), ("\n", "one sentence a line")):
        for size in sizes:
            row(f"NTREX+FLORES, {label}", sentences_text(args.data, int(size * MB), sep), old, args)
    for name, unit in PATHOLOGICAL.items():
        row(name, repeat_to(unit, MB), old, args)

    if args.search:
        for unit in slowest_units(args.search)[:3]:
            row(f"hypothesis search: `{unit!r}` repeated", repeat_to(unit, MB), old, args)


if __name__ == "__main__":
    main()
