"""Corpus-wide commands as the corpus grows: `readcli list` and `readcli glossary --all`.

Builds synthetic corpora of 10, 1,000 and 10,000 articles (each 16 random lines of NTREX-128 and
FLORES-200 devtest Arabic, one paragraph a line, fixed seed) in bench/out/ (git-ignored), plus the
123 NTREX documents as articles, then times, each in a fresh process:

- ``readcli list -f tsv`` and ``readcli glossary --all -f tsv --no-model``
- cold (a fresh READCLI_HOME: no index, no cache), warm (the same again), and warm after one
  ``readcli add`` (a new article: what a user does daily).

Reported per run: wall seconds, CPU seconds of the child (user+sys, from ``os.wait4``) and its
peak RSS (``ru_maxrss``); for the cold run, the size of the search index file it left (facts for
``list``; facts and the glossary's cache for ``glossary``). Warm runs are the median of 3 (by CPU time); cold runs and the runs
after an add are single (the first run after a change is the one being measured). The machine is
shared, so CPU time is the steadier number.

    python bench/corpus_scale.py [--sizes 10,1000,10000] [--check-old /tmp/gl-old/src] [--src DIR]

``--make-only`` only builds the corpora (``bench/out/corpus<N>``, ``bench/out/ntrex123``).
``--check-old SRC`` also runs ``glossary --all -f jsonl --no-model`` with PYTHONPATH=SRC (an old
checkout, e.g. a worktree of 197f406) on corpus/, the NTREX documents and the synthetic corpora of
up to 1,000 articles (the old code is quadratic), and compares the bytes with the new output,
cold and warm.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

DATA = Path("/work/shared/data")
OUT = Path(__file__).resolve().parent / "out"
LINES_PER_ARTICLE = 16
SEED = 7
EXTRA = "أعلنت وزارة الصحة في مدينة طرابلس اليوم عن افتتاح مستشفى جديد للأطفال في حي الأندلس.\n"


def pool() -> list[str]:
    found = []
    for name in ("ntrex128.arb.txt", "flores200-devtest.arb_Arab.txt"):
        found += [x for x in (DATA / name).read_text(encoding="utf-8").splitlines() if x.strip()]
    return found


def make_corpus(folder: Path, count: int, seed: int = SEED) -> Path:
    """``count`` articles of 16 random NTREX/FLORES lines each (kept if already built)."""
    done = folder / ".complete"
    if done.exists():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    rng = random.Random(seed)
    lines = pool()
    for number in range(count):
        text = "\n".join(rng.sample(lines, LINES_PER_ARTICLE)) + "\n"
        (folder / f"{number:05d}_synthetic.txt").write_text(text, encoding="utf-8")
    done.write_text("")
    return folder


def make_ntrex(folder: Path) -> Path:
    """The 123 NTREX-128 documents, one article each, in document order."""
    done = folder / ".complete"
    if done.exists():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    ids = (DATA / "ntrex128.document_ids.tsv").read_text(encoding="utf-8").splitlines()
    lines = (DATA / "ntrex128.arb.txt").read_text(encoding="utf-8").splitlines()
    docs: dict[str, list[str]] = {}
    for doc, line in zip(ids, lines):
        docs.setdefault(doc, []).append(line)
    for number, body in enumerate(docs.values()):
        (folder / f"{number:03d}_ntrex.txt").write_text("\n".join(body) + "\n", encoding="utf-8")
    done.write_text("")
    return folder


def measured(args: list[str], env: dict, stdin: bytes | None = None) -> tuple[float, float, float, bytes]:
    """(wall s, CPU s user+sys, peak RSS MB, stdout) of one readcli process, through os.wait4."""
    read_out, write_out = os.pipe()
    read_err, write_err = os.pipe()
    read_in, write_in = os.pipe()
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:  # child
        os.dup2(read_in, 0)
        os.dup2(write_out, 1)
        os.dup2(write_err, 2)
        for fd in (read_out, write_out, read_err, write_err, read_in, write_in):
            os.close(fd)
        os.execve(sys.executable, [sys.executable, "-m", "readcli", *args], env)
    os.close(write_out)
    os.close(write_err)
    os.close(read_in)
    if stdin:
        os.write(write_in, stdin)
    os.close(write_in)
    chunks: list[bytes] = []
    errors: list[bytes] = []
    import selectors

    selector = selectors.DefaultSelector()
    selector.register(read_out, selectors.EVENT_READ, chunks)
    selector.register(read_err, selectors.EVENT_READ, errors)
    open_fds = 2
    while open_fds:
        for key, _ in selector.select():
            data = os.read(key.fd, 1 << 16)
            if data:
                key.data.append(data)
            else:
                selector.unregister(key.fd)
                os.close(key.fd)
                open_fds -= 1
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0,):
        sys.stderr.write(b"".join(errors).decode("utf-8", "replace"))
        raise SystemExit(f"readcli {' '.join(args)} exited {code}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, b"".join(chunks)


def median_of(runs: list[tuple]) -> tuple:
    """The run with the median CPU time."""
    ordered = sorted(runs, key=lambda r: r[1])
    return ordered[len(ordered) // 2]


SRC: str | None = None  # --src: the readcli source to measure (default: the installed one)


def environment(home: Path, pythonpath: str | None = None) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("READCLI_")}
    env["READCLI_HOME"] = str(home)
    env["ARGOS_PACKAGES_DIR"] = str(home / "argos-packages")  # no model: --no-model anyway
    pythonpath = pythonpath or SRC
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    else:
        env.pop("PYTHONPATH", None)
    return env


LIST = ["list", "-f", "tsv"]
GLOSSARY = ["glossary", "--all", "-f", "tsv", "--no-model"]


def bench_size(name: str, folder: Path, repeat: int) -> list[dict]:
    """Cold, warm and after-one-add runs of list and glossary on a copy of ``folder``."""
    rows = []
    with tempfile.TemporaryDirectory(prefix="corpus-scale-") as tmp:
        corpus = Path(tmp) / "corpus"
        shutil.copytree(folder, corpus, ignore=shutil.ignore_patterns(".complete"))
        for command in (LIST, GLOSSARY):
            home = Path(tmp) / f"home-{command[0]}"
            env = environment(home)
            args = ["--corpus", str(corpus), *command]
            cold = measured(args, env)
            size = sum(p.stat().st_size for p in (home / "search").glob("*.sqlite3*")) / 1e6
            warm = median_of([measured(args, env) for _ in range(repeat)])
            if warm[3] != cold[3]:
                raise SystemExit(f"{name}: warm output of {command[0]} differs from the cold build")
            extra = Path(tmp) / "extra.txt"
            extra.write_text(EXTRA + f"مقال رقم {command[0]}.\n", encoding="utf-8")
            measured(["--corpus", str(corpus), "add", str(extra)], env)
            added = measured(args, env)
            # The same corpus, cold: the incremental result must equal a fresh build.
            fresh = measured(args, environment(Path(tmp) / f"fresh-{command[0]}"))
            if added[3] != fresh[3]:
                raise SystemExit(f"{name}: {command[0]} after one add differs from a cold build")
            # Leave the corpus as it was for the next command.
            for path in corpus.glob("*.txt"):
                if "مقال رقم" in path.read_text(encoding="utf-8"):
                    path.unlink()
            for label, result in (("cold", cold), ("warm", warm), ("after one add", added)):
                rows.append(
                    {"corpus": name, "command": command[0], "case": label,
                     "wall": result[0], "cpu": result[1], "rss": result[2],
                     "index": size if label == "cold" else None}
                )
                print(f"  {name:>8} {command[0]:>8} {label:>14}: {result[0]:7.2f} s wall "
                      f"{result[1]:7.2f} s CPU {result[2]:6.0f} MB", file=sys.stderr, flush=True)
    return rows


def check_old(name: str, folder: Path, old_src: str) -> None:
    """glossary --all -f jsonl --no-model: the old checkout against this one, byte for byte."""
    with tempfile.TemporaryDirectory(prefix="corpus-check-") as tmp:
        args = ["--corpus", str(folder), "glossary", "--all", "-f", "jsonl", "--no-model"]
        old = measured(args, environment(Path(tmp) / "old", old_src))
        cold = measured(args, environment(Path(tmp) / "new"))
        warm = measured(args, environment(Path(tmp) / "new"))
        same = old[3] == cold[3] == warm[3]
        print(f"  {name}: old {old[1]:.1f} s CPU {old[2]:.0f} MB, new cold {cold[1]:.1f} s CPU {cold[2]:.0f} MB,"
              f" warm {warm[1]:.2f} s CPU {warm[2]:.0f} MB; {len(old[3])} bytes;"
              f" {'identical' if same else 'DIFFERENT'}", file=sys.stderr, flush=True)
        if not same:
            raise SystemExit(f"{name}: output differs from {old_src}")


def table(rows: list[dict]) -> str:
    lines = [
        "| articles | command | case | wall s | CPU s | peak RSS MB | index file MB |",
        "|---:|---|---|---:|---:|---:|---:|",
    ]
    for r in rows:
        index = f"{r['index']:.1f}" if r["index"] is not None else ""
        lines.append(
            f"| {r['corpus']} | {r['command']} | {r['case']} | {r['wall']:.2f} | {r['cpu']:.2f} | {r['rss']:.0f} | {index} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,1000,10000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--make-only", action="store_true")
    parser.add_argument("--check-old", metavar="SRC", help="an old checkout's src/ to compare glossary output with")
    parser.add_argument("--no-bench", action="store_true", help="with --check-old: only compare")
    parser.add_argument("--src", help="measure this readcli source folder (PYTHONPATH), e.g. a worktree")
    args = parser.parse_args()
    global SRC
    SRC = args.src
    sizes = [int(s) for s in args.sizes.split(",") if s]
    corpora = {f"{size:,}": make_corpus(OUT / f"corpus{size}", size) for size in sizes}
    ntrex = make_ntrex(OUT / "ntrex123")
    if args.make_only:
        return
    if args.check_old:
        repo_corpus = Path(__file__).resolve().parents[1] / "corpus"
        small = {name: folder for (name, folder), size in zip(corpora.items(), sizes) if size <= 1000}
        for name, folder in {"corpus/": repo_corpus, "NTREX 123": ntrex, **small}.items():
            check_old(name, folder, args.check_old)
        if args.no_bench:
            return
    rows = []
    for name, folder in corpora.items():
        rows += bench_size(name, folder, args.repeat)
    print(table(rows))


if __name__ == "__main__":
    main()
