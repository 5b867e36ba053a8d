"""Search index cost as the corpus grows: synthetic corpora of NTREX-128 and FLORES-200 lines.

For 10, 1,000 and 10,000 articles (each 16 random lines of NTREX and FLORES devtest, one
paragraph a line, fixed seed), measures:

- cold index build (``SearchIndex.update``: stat, hash, decode, split, analyse, FTS5) and the
  index file's size; a cold ``article_facts`` on a fresh index (what ``list`` would pay once);
- the warm no-change check (stat every file) and an incremental update after one ``add``;
- query latency p50/p95 (in process, warm connection, index current, --limit 20) for word,
  phrase and boolean queries, and one whole ``readcli search`` process;
- warm ``article_facts`` (the ``list -f tsv`` equivalent: facts + tsv written) and the whole
  ``readcli list -f tsv`` process of this checkout (best of 3, after the search runs).

    python bench/search_scale.py [--sizes 10,1000,10000]
"""

from __future__ import annotations

import argparse
import io
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DATA = Path("/work/shared/data")
LINES_PER_ARTICLE = 16
QUERIES = {
    "word": ["طفل", "الحكومة", "ترامب", "مدرسة", "الشرطة", "الصين", "حرب", "لندن"],
    "phrase": ['"الولايات المتحدة"', '"رئيس الوزراء"', '"وزارة الخارجية"', '"الأمم المتحدة"'],
    "boolean": ["ترامب AND الصين", "طفل OR مدرسة", "الشرطة NOT لندن", "(حرب OR جيش) AND سوريا"],
}


def lines() -> list[str]:
    found = []
    for name in ("ntrex128.arb.txt", "flores200-devtest.arb_Arab.txt"):
        found += [x for x in (DATA / name).read_text(encoding="utf-8").splitlines() if x.strip()]
    return found


def make_corpus(folder: Path, count: int, pool: list[str], seed: int = 7) -> None:
    rng = random.Random(seed)
    folder.mkdir(parents=True)
    for number in range(count):
        text = "\n".join(rng.sample(pool, LINES_PER_ARTICLE)) + "\n"
        (folder / f"{number:05d}_synthetic.txt").write_text(text, encoding="utf-8")


def timed(work, repeat: int = 1) -> tuple[float, object]:
    best, result = None, None
    for _ in range(repeat):
        start = time.perf_counter()
        result = work()
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    return best, result


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def index_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))


def run(size: int, pool: list[str], root: Path) -> dict:
    from readcli.corpus import Corpus
    from readcli.render.formats import write_tsv
    from readcli.index.facts import article_facts
    from readcli.index.index import SearchIndex

    folder = root / f"corpus{size}"
    make_corpus(folder, size, pool)
    corpus = Corpus(folder)
    out: dict = {"articles": size}
    os.environ["READCLI_HOME"] = str(root / f"home-facts{size}")
    out["facts_cold"], _ = timed(lambda: article_facts(corpus))
    os.environ["READCLI_HOME"] = str(root / f"home{size}")

    def build():
        with SearchIndex.open(corpus) as index:
            return index.update()

    out["build"], result = timed(build)
    out["sentences"] = len(result.new_sentences)
    with SearchIndex.open(corpus) as index:
        index.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        out["size_mb"] = index_size(index.path) / 1e6
        out["check"], _ = timed(index.update, repeat=3)
        corpus.add("\n".join(random.Random(1).sample(pool, LINES_PER_ARTICLE)) + "\n")
        out["add_update"], _ = timed(index.update)
        for kind, queries in QUERIES.items():
            latencies = []
            for _ in range(5):
                for query in queries:
                    t, _ = timed(lambda: index.search(query, limit=20))
                    latencies.append(t)
            out[f"{kind}_p50"] = percentile(latencies, 50)
            out[f"{kind}_p95"] = percentile(latencies, 95)

    def facts_tsv():
        result = article_facts(corpus)
        write_tsv(result.articles, ["id", "title", "sentences", "words"], io.StringIO())

    out["facts_warm"], _ = timed(facts_tsv, repeat=3)
    env = {**os.environ}
    command = [sys.executable, "-m", "readcli", "--corpus", str(folder)]
    out["cli_search"], _ = timed(
        lambda: subprocess.run([*command, "search", "الحكومة", "-f", "tsv"], env=env, stdout=subprocess.DEVNULL, check=True),
        repeat=3,
    )
    out["cli_list"], _ = timed(  # whatever `list` does in this checkout (facts or every file)
        lambda: subprocess.run([*command, "list", "-f", "tsv"], env=env, stdout=subprocess.DEVNULL, check=False),
        repeat=3,
    )
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10,1000,10000")
    args = parser.parse_args()
    pool = lines()
    with tempfile.TemporaryDirectory() as tmp:
        results = [run(int(size), pool, Path(tmp)) for size in args.sizes.split(",")]
    ms = lambda v: f"{v * 1000:.0f} ms" if v < 10 else f"{v:.0f} s"  # noqa: E731
    print("| articles | sentences | cold build | index size | facts cold | no-change check | update after add |"
          " word p50 / p95 | phrase p50 / p95 | boolean p50 / p95 | warm facts + tsv | `readcli search` process"
          " | `readcli list -f tsv` process |")
    print("|" + "---|" * 13)
    for r in results:
        print(
            f"| {r['articles']:,} | {r['sentences']:,} | {r['build']:.1f} s | {r['size_mb']:.1f} MB | {r['facts_cold']:.2f} s"
            f" | {ms(r['check'])} | {ms(r['add_update'])}"
            f" | {ms(r['word_p50'])} / {ms(r['word_p95'])} | {ms(r['phrase_p50'])} / {ms(r['phrase_p95'])}"
            f" | {ms(r['boolean_p50'])} / {ms(r['boolean_p95'])} | {ms(r['facts_warm'])} | {ms(r['cli_search'])}"
            f" | {ms(r['cli_list'])} |"
        )


if __name__ == "__main__":
    main()
