"""A large user glossary must cost about what none costs: a fully cached ``translate --all``.

Builds a corpus of about 600 distinct sentences (the bundled articles, each sentence prefixed
with a different day), a random-weight ar→en package (its English is noise), and glossaries of 0,
1,000 and 50,000 terms (random Arabic letter strings, plus a few real names so some sentences
are masked). For each glossary: one ``readcli translate --all -f tsv`` run fills the translation
memory, then the rerun (every sentence cached) is timed, best of --runs, as a whole process.

    python bench/glossary_terms.py [--runs 3] [--terms 0,1000,50000]

Run it with another checkout's ``src`` first on PYTHONPATH to measure that code.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
DAYS = ["الأول", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن", "التاسع", "العاشر",
        "الحادي عشر", "الثاني عشر", "الثالث عشر", "الرابع عشر", "الخامس عشر"]
REAL = {"الجزائر": "Algeria", "ليبيا": "Libya", "جوشوا هاريس": "Joshua Harris", "الولايات المتحدة": "the United States"}


def make_corpus(folder: Path) -> int:
    sys.path.insert(0, str(REPO / "src"))
    from readcli.sentences import segment

    folder.mkdir(parents=True)
    sentences = [
        s.text for path in sorted((REPO / "corpus").glob("*.txt"))
        for s in segment(path.read_text(encoding="utf-8"))
    ]
    for number, day in enumerate(DAYS[:14]):
        text = "\n\n".join(f"في اليوم {day}، {s}" for s in sentences) + "\n"
        (folder / f"{number:03d}_day.txt").write_text(text, encoding="utf-8")
    return 14 * len(sentences)


def write_glossary(path: Path, count: int) -> None:
    rng = random.Random(count)
    lines = [f"{ar}\t{en}" for ar, en in REAL.items()] if count else []
    while len(lines) < count:
        word = "".join(rng.choice(LETTERS) for _ in range(rng.randint(3, 12)))
        lines.append(f"{word}\tterm{len(lines)}")
    if count:
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    elif path.exists():
        path.unlink()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--terms", default="0,1000,50000")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        sentences = make_corpus(tmp / "corpus")
        from readcli.testing.argos_package import build_package

        package = build_package(tmp / "package")
        env = {**os.environ, "READCLI_HOME": str(tmp / "home"), "ARGOS_PACKAGES_DIR": str(tmp / "packages"),
               "XDG_CONFIG_HOME": str(tmp / "config"), "XDG_DATA_HOME": str(tmp / "data")}
        readcli = [sys.executable, "-m", "readcli", "--corpus", str(tmp / "corpus")]
        subprocess.run([*readcli, "models", "install", str(package)], env=env, check=True, capture_output=True)
        print(f"{sentences} sentences; `readcli translate --all -f tsv`, every sentence in the memory:")
        print("| glossary terms | first run (fills the memory) | cached rerun (best of %d) |" % args.runs)
        print("|---|---|---|")
        for count in (int(c) for c in args.terms.split(",")):
            write_glossary(tmp / "corpus" / "glossary.tsv", count)
            start = time.perf_counter()
            subprocess.run([*readcli, "translate", "--all", "-f", "tsv"], env=env, check=True, stdout=subprocess.DEVNULL)
            first = time.perf_counter() - start
            best = None
            for _ in range(args.runs):
                start = time.perf_counter()
                subprocess.run([*readcli, "translate", "--all", "-f", "tsv"], env=env, check=True, stdout=subprocess.DEVNULL)
                elapsed = time.perf_counter() - start
                best = elapsed if best is None else min(best, elapsed)
            print(f"| {count:,} | {first:.2f} s | {best:.2f} s |")


if __name__ == "__main__":
    main()
