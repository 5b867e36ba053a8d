"""`translate --all` on a 2-worker local Dask cluster against the local run, and the figures of the
cost model in docs/cluster.md.

A random-weight package smaller than Argos's (3+3 layers, d_model 256, ffn 1024, int8, 8k
pieces: tasks a few times shorter than with a real package, so the overhead ratio measured here
is an upper bound) and a corpus of ``--articles`` articles made from the samples
(:mod:`readcli.testing.articles`). Its English is noise: speed only.

1. Paired runs (``--pairs``): ``translate --all --no-memory -f jsonl`` locally, then with
   ``--executor dask --workers 2``, back to back; wall and CPU seconds (the processes' own
   accounting, workers included), the ratio per pair, and how many records' English differ.
2. In one process, on a LocalCluster of 2 single-thread workers (1 CTranslate2 thread each, as
   ``--executor dask --workers 2`` on 2 cores): each window task's compute time (Dask's task
   stream) and sentences, hence sentences/s per worker; the round trip of an empty task (the
   scheduler's and the driver's overhead per task); the driver's own CPU per sentence.
3. The translation memory's writer alone: rows/s stored in transactions of one window.

Usage: python bench/cluster.py [--articles 40] [--pairs 3] [--batch-size 16] [--read-ahead 32] [--workdir DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(command: list[str], env: dict) -> tuple[float, float, str]:
    cpu, start = children_cpu(), time.perf_counter()
    run = subprocess.run(command, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if run.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed: {run.stderr}")
    return wall, children_cpu() - cpu, run.stdout


def noop() -> None:
    return None


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=40)
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--read-ahead", type=int, default=32, help="batches per window (translate --read-ahead)")
    parser.add_argument("--workdir", type=Path, default=REPO / "bench" / "out" / "cluster")
    args = parser.parse_args()

    from readcli.testing.argos_package import TOP, build_package
    from readcli.testing.articles import write_articles

    work = args.workdir
    work.mkdir(parents=True, exist_ok=True)
    archive = work / f"{TOP}.argosmodel"
    if not archive.exists():
        print("building the package…", file=sys.stderr)
        build_package(work, layers=3, d_model=256, ffn=1024, heads=4, vocab_size=8000, max_lines=3000,
                      eos_bias=0.9, quantization="int8")
    corpus = work / f"corpus-{args.articles}"
    if not corpus.exists():
        write_articles(corpus, args.articles)
    env = {
        **os.environ,
        "ARGOS_PACKAGES_DIR": str(work / "packages"),
        "XDG_DATA_HOME": str(work / "xdg-data"),
        "READCLI_HOME": str(work / "home"),
        "ARGOS_PACKAGE_INDEX": "http://127.0.0.1:9/",
    }
    os.environ.update(env)
    subprocess.run([str(BIN / "readcli"), "models", "install", str(archive)], env=env, check=True,
                   capture_output=True)
    base = [str(BIN / "readcli"), "--corpus", str(corpus), "translate", "--all", "--no-memory", "-f", "jsonl",
            "--batch-size", str(args.batch_size), "--read-ahead", str(args.read_ahead)]

    # 1. paired runs
    rows = []
    for _ in range(args.pairs):
        local = timed(base, env)
        dask = timed([*base, "--executor", "dask", "--workers", "2"], env)
        a = [json.loads(line) for line in local[2].splitlines()]
        b = [json.loads(line) for line in dask[2].splitlines()]
        same_keys = [(r["article"], r["sentence"], r["ar"]) for r in a] == [(r["article"], r["sentence"], r["ar"]) for r in b]
        differ = sum(x["en"] != y["en"] for x, y in zip(a, b))
        rows.append((local[0], local[1], dask[0], dask[1], same_keys, differ, len(a)))
    print(f"## paired runs ({args.articles} articles, {rows[0][6]} sentences, batch {args.batch_size}, "
          f"read-ahead {args.read_ahead}, --no-memory)")
    print("| pair | local wall s | local CPU s | dask wall s | dask CPU s | wall ratio | CPU ratio | same records | en differing |")
    print("|---|---|---|---|---|---|---|---|---|")
    for i, (lw, lc, dw, dc, same, differ, n) in enumerate(rows, 1):
        print(f"| {i} | {lw:.2f} | {lc:.2f} | {dw:.2f} | {dc:.2f} | {dw / lw:.2f} | {dc / lc:.2f} | {same} | {differ}/{n} |")
    print(f"median wall ratio {statistics.median(r[2] / r[0] for r in rows):.2f}, "
          f"median CPU ratio {statistics.median(r[3] / r[1] for r in rows):.2f}")

    # 2. in one process: task times, per-task overhead, driver CPU
    import logging

    from distributed import Client, LocalCluster, get_task_stream

    from readcli.corpus import Corpus
    from readcli.translate.cluster import translate_on_dask
    from readcli.translate.pipeline import Translator
    from readcli.translate.speed import Speed

    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                           dashboard_address="127.0.0.1:0", silence_logs=logging.CRITICAL)
    client = Client(cluster)
    try:
        articles, _ = Corpus(corpus).readable_articles()
        translator = Translator(use_cache=False, speed=Speed(batch_size=args.batch_size, read_ahead=args.read_ahead))
        for _ in translate_on_dask(articles[:1], translator, executor=cluster.scheduler_address, intra_threads=1):
            pass  # warm-up: each worker loads the model
        articles, _ = Corpus(corpus).readable_articles()
        translator = Translator(use_cache=False, speed=Speed(batch_size=args.batch_size, read_ahead=args.read_ahead))
        cpu, start = time.process_time(), time.perf_counter()
        with get_task_stream(client) as stream:
            for _ in translate_on_dask(articles, translator, executor=cluster.scheduler_address, intra_threads=1):
                pass
        wall, driver_cpu = time.perf_counter() - start, time.process_time() - cpu
        tasks = [t for t in stream.data if str(t["key"]).startswith("readcli-window")]
        compute = [sum(s["stop"] - s["start"] for s in t["startstops"] if s["action"] == "compute") for t in tasks]
        sentences = translator.stats.translated
        per_worker = {}
        for t, c in zip(tasks, compute):
            per_worker[t["worker"]] = per_worker.get(t["worker"], 0.0) + c
        # The round trip of an empty task, one at a time: what each task costs beyond its work.
        trips = []
        for _ in range(100):
            begin = time.perf_counter()
            client.submit(noop, pure=False).result()
            trips.append(time.perf_counter() - begin)
        begin = time.perf_counter()
        client.gather(client.map(lambda i: i, range(1000), pure=False))
        throughput = 1000 / (time.perf_counter() - begin)
    finally:
        client.close()
        cluster.close()
    trip = statistics.median(trips)
    mean_task = statistics.mean(compute)
    print(f"\n## one run in-process ({len(tasks)} window tasks, {sentences} sentences translated, wall {wall:.1f} s)")
    print(f"task compute: mean {mean_task * 1000:.0f} ms, min {min(compute) * 1000:.0f}, max {max(compute) * 1000:.0f}; "
          f"{sentences / len(tasks):.1f} sentences per task")
    print(f"sentences/s per worker while computing: {sentences / sum(compute):.2f} "
          f"(compute s per worker: {', '.join(f'{c:.1f}' for c in per_worker.values())})")
    print(f"empty-task round trip: median {trip * 1000:.1f} ms; scheduler throughput {throughput:.0f} tasks/s")
    print(f"overhead/task-time ratio: {trip / mean_task:.4f}")
    print(f"driver CPU: {driver_cpu:.2f} s = {driver_cpu / max(1, translator.stats.sentences) * 1000:.2f} ms per sentence")

    # 3. the memory's writer alone
    from readcli.translate.memory import Memory

    path = work / "writer-bench.sqlite3"
    for side in ("", "-wal", "-shm"):
        Path(f"{path}{side}").unlink(missing_ok=True)
    memory = Memory.open(path, write=True)
    text = "في خطوة تعكس تزايد الاهتمام الدولي بالوضع في شمال أفريقيا ومنطقة الساحل " * 2
    begin = time.perf_counter()
    total = 0
    for window in range(200):
        pairs = [(f"{text} {window} {i}", "Rosa Flake noise " * 5) for i in range(128)]
        memory.store("ar-en-1.0-0123456789abcdef|beam=4", pairs)
        total += len(pairs)
    rate = total / (time.perf_counter() - begin)
    memory.close()
    print(f"\n## memory writer: {rate:.0f} rows/s in transactions of 128 rows")


if __name__ == "__main__":
    main()
