"""Leftovers of killed runs: `models install` and `add` SIGKILLed at random instants.

For each code version (``before``: a git revision, default 1343afc, exported with git archive;
``after``: this checkout), N times: start the command, SIGKILL it at a random instant within
the time an uninterrupted run takes (installs: up to 0.3 of it after the staging folder appears;
``add``: up to 20 ms after its temp file appears), then measure what it left (bytes of ``.readcli-install-*``
staging folders beside the packages folder, hidden temp files in the corpus) and whether a
complete package was still installed; then run the next command (``models list``, ``add``) and
measure again. A reinstall is what is killed (a package is installed first), so "no package"
means the kill left the user without one.

Also: two ``translate --all`` at once on one memory (both must succeed; every sentence stored
once; integrity_check), and SIGKILLs during ``translate --all`` (integrity_check, identical re-run).

Usage: python bench/faults.py [--kills 5] [--before 1343afc] [--workdir bench/out/faults] [--skip-memory]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TOP = "translate-ar_en-1_0"


def env_for(work: Path, src: Path) -> dict:
    return {
        **os.environ,
        "PYTHONPATH": str(src),
        "READCLI_HOME": str(work / "home"),
        "ARGOS_PACKAGES_DIR": str(work / "argos" / "packages"),
        "XDG_DATA_HOME": str(work / "xdg-data"),
        "XDG_CONFIG_HOME": str(work / "xdg-config"),
        "XDG_CACHE_HOME": str(work / "xdg-cache"),
        "ARGOS_PACKAGE_INDEX": "http://127.0.0.1:9/",
    }


def run(env, *args, check=True) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "readcli", *args], env=env, capture_output=True, text=True,
                          check=check, stdin=subprocess.DEVNULL)


def killed_at(env, delay: float, *args) -> None:
    proc = subprocess.Popen([sys.executable, "-m", "readcli", *args], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait()


def killed_when(env, appears, extra: float, *args, limit: float = 60.0) -> None:
    """SIGKILL the command ``extra`` seconds after ``appears()`` first holds (polled every 2 ms)."""
    proc = subprocess.Popen([sys.executable, "-m", "readcli", *args], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    start = time.perf_counter()
    while proc.poll() is None and not appears() and time.perf_counter() - start < limit:
        time.sleep(0.002)
    time.sleep(extra)
    proc.send_signal(signal.SIGKILL)
    proc.wait()


def size_of(paths) -> int:
    total = 0
    for path in paths:
        if path.is_file():
            total += path.stat().st_size
        for sub in path.rglob("*") if path.is_dir() else []:
            if sub.is_file():
                total += sub.stat().st_size
    return total


def staging(work: Path) -> list[Path]:
    return [p for p in (work / "argos").iterdir() if p.name.startswith(".readcli-")]


def hidden(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if p.name.startswith(".")]


def timed(env, *args) -> float:
    start = time.perf_counter()
    run(env, *args)
    return time.perf_counter() - start


def install_kills(label: str, src: Path, package: Path, root: Path, kills: int, rng) -> None:
    work = root / f"install-{label}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    env = env_for(work, src)
    run(env, "models", "install", str(package))
    span = timed(env, "models", "install", str(package))
    package_less = hit = 0
    for _ in range(kills):
        before = {p.name for p in staging(work)}
        killed_when(env, lambda: any(p.name not in before for p in staging(work)), rng.uniform(0, 0.3 * span),
                    "models", "install", str(package))
        hit += any(p.name not in before for p in staging(work))
        if not (work / "argos" / "packages" / TOP / "model" / "model.bin").is_file():
            package_less += 1
    left = staging(work)
    left_bytes = size_of(left)
    run(env, "models", "list", "-f", "tsv", check=False)
    after = staging(work)
    print(f"{label:7s} models install: {kills} kills in {span:.2f} s runs ({hit} left a new staging folder) -> "
          f"{len(left)} staging folders, "
          f"{left_bytes / 1e6:.1f} MB ({left_bytes / 1e6 / kills:.1f} MB/kill); package-less after a kill: "
          f"{package_less}/{kills}; after the next `models list`: {len(after)} folders, "
          f"{size_of(after) / 1e6:.1f} MB")


def add_kills(label: str, src: Path, root: Path, kills: int, rng) -> None:
    work = root / f"add-{label}"
    shutil.rmtree(work, ignore_errors=True)
    corpus = work / "corpus"
    corpus.mkdir(parents=True)
    env = env_for(work, src)
    article = work / "big.txt"
    article.write_text("قال الرئيس إن الاجتماع كان مثمرا.\n" * 400_000, encoding="utf-8")  # ~23 MB
    span = timed(env, "--corpus", str(corpus), "add", str(article), "--id", "900", "--force")
    hit = 0
    for index in range(kills):
        before = {p.name for p in hidden(corpus)}
        with open(article, "a", encoding="utf-8") as handle:  # a new text each time (add skips duplicates)
            handle.write(f"سطر {index}.\n")
        killed_when(env, lambda: any(p.name not in before for p in hidden(corpus)), rng.uniform(0, 0.02),
                    "--corpus", str(corpus), "add", str(article),
                  "--id", str(901 + index), "--force")
        hit += any(p.name not in before for p in hidden(corpus))
    left = hidden(corpus)
    left_bytes = size_of(left)
    small = work / "small.txt"
    small.write_text("خبر قصير جدا.\n", encoding="utf-8")
    run(env, "--corpus", str(corpus), "add", str(small), check=False)
    after = hidden(corpus)
    print(f"{label:7s} add (23 MB): {kills} kills in {span:.2f} s runs ({hit} left a new temp file) -> "
          f"{len(left)} temp files, "
          f"{left_bytes / 1e6:.1f} MB; after the next `add`: {len(after)} files, {size_of(after) / 1e6:.1f} MB")


def memory_checks(src: Path, package: Path, root: Path, rng) -> None:
    work = root / "memory"
    shutil.rmtree(work, ignore_errors=True)
    corpus = work / "corpus"
    corpus.mkdir(parents=True)
    lines = (REPO.parent / "shared" / "data" / "flores200-devtest.arb_Arab.txt").read_text(encoding="utf-8").splitlines()
    for index in range(12):
        (corpus / f"{index:03d}_x.txt").write_text("\n".join(lines[index * 20 : index * 20 + 20]) + "\n", encoding="utf-8")
    env = env_for(work, src)
    run(env, "models", "install", str(package))
    database = work / "home" / "memory.sqlite3"
    args = ["--corpus", str(corpus), "translate", "--all", "-f", "tsv"]
    procs = [subprocess.Popen([sys.executable, "-m", "readcli", *args], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outs = [p.communicate() for p in procs]
    codes = [p.returncode for p in procs]
    with sqlite3.connect(database) as db:
        rows = db.execute("SELECT count(*) FROM translations").fetchone()[0]
        distinct = db.execute("SELECT count(DISTINCT source) FROM translations").fetchone()[0]
        check = db.execute("PRAGMA integrity_check").fetchone()[0]
    locked = sum("locked" in err for _, err in outs)
    print(f"two translate --all at once: exit codes {codes}, 'locked' errors {locked}, {rows} rows, "
          f"{distinct} distinct sources, integrity {check}, same output {outs[0][0] == outs[1][0]}")
    reference = outs[0][0]
    span = 0.0
    results = []
    for _ in range(6):
        for path in database.parent.glob("memory.sqlite3*"):
            path.unlink()
        if not span:
            span = timed(env, *args)
            for path in database.parent.glob("memory.sqlite3*"):
                path.unlink()
        killed_at(env, rng.uniform(0.1 * span, 0.9 * span), *args)
        with sqlite3.connect(database) as db:
            check = db.execute("PRAGMA integrity_check").fetchone()[0]
            kept = db.execute("SELECT count(*) FROM translations").fetchone()[0]
        again = run(env, *args).stdout
        results.append((check, kept, again == reference))
    print("SIGKILL during translate --all (integrity, rows kept, re-run identical): "
          + "; ".join(f"{c} {k} {same}" for c, k, same in results))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--kills", type=int, default=5)
    parser.add_argument("--before", default="1343afc")
    parser.add_argument("--workdir", type=Path, default=REPO / "bench" / "out" / "faults")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--skip-memory", action="store_true", help="only the kill/leftover measures")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    root = args.workdir.resolve()
    root.mkdir(parents=True, exist_ok=True)
    package = root / "package" / f"{TOP}.argosmodel"
    if not package.exists():
        from readcli.testing.argos_package import build_package

        # Bigger than the tests' package so that a kill lands inside the extraction.
        package = build_package(root / "package", layers=3, d_model=512, ffn=2048, heads=8, vocab_size=8000,
                                max_lines=2000, quantization="int8")
    print(f"package: {package.stat().st_size / 1e6:.1f} MB")
    before = root / "before-src"
    if not before.exists():
        before.mkdir()
        archive = subprocess.run(["git", "-C", str(REPO), "archive", args.before, "src"], capture_output=True, check=True)
        subprocess.run(["tar", "-x", "-C", str(before)], input=archive.stdout, check=True)
    for label, src in (("before", before / "src"), ("after", REPO / "src")):
        install_kills(label, src, package, root, args.kills, rng)
        add_kills(label, src, root, args.kills, rng)
    if not args.skip_memory:
        memory_checks(REPO / "src", package, root, rng)


if __name__ == "__main__":
    main()
