"""The learner's three speed targets (issue 18), each command in a fresh process:

- ``readcli known import`` of a 50,000-word list (target < 5 s): a fresh data folder each run;
  the list is :func:`readcli.testing.word_lists.word_list` (lexicon stems with and without
  proclitics, one word in 50 made up);
- ``readcli list -f tsv`` with coverage on 10,000 articles, warm (target < 0.5 s): the synthetic
  corpus of bench/corpus_scale.py (16 random NTREX/FLORES lines per article), a store of 2,000
  known lemmas; cold (nothing in the index: facts, then every article's lemma counts), warm (the
  same again: the coverage cache), after a ``known add`` (the store changed: coverage again from
  the cached lemma counts, no lexicon), and without the learner store (the column empty: the
  cost of the feature when unused);
- ``readcli export anki --all -o deck.apkg`` on 1,000 articles (target < 10 s), and ``-f tsv``.

Reported: wall seconds, CPU seconds of the child (user+sys) and its peak RSS; warm runs are the
median of 3 by CPU time. The machine is shared: CPU time is the steadier number.

    python bench/learner.py [--sizes import,list,anki] [--articles 10000] [--anki-articles 1000]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus_scale import OUT, environment, make_corpus, measured, median_of  # noqa: E402


def show(label: str, run) -> None:
    wall, cpu, rss, _ = run
    print(f"| {label} | {wall:.2f} s | {cpu:.2f} s | {rss:.0f} MB |", flush=True)


def known_words(home: Path, count: int) -> None:
    """A store with ``count`` known lemmas (words from the same list as the import bench)."""
    from readcli.testing.word_lists import word_list

    words = home.parent / "known.txt"
    words.write_text("\n".join(word_list(count, seed=7)) + "\n", encoding="utf-8")
    measured(["known", "import", str(words)], environment(home))


def bench_import(repeat: int) -> None:
    from readcli.testing.word_lists import word_list

    with tempfile.TemporaryDirectory(prefix="learner-import-") as tmp:
        words = Path(tmp) / "words.txt"
        words.write_text("\n".join(word_list(50000)) + "\n", encoding="utf-8")
        runs = []
        for number in range(repeat):
            home = Path(tmp) / f"home{number}"
            runs.append(measured(["known", "import", str(words)], environment(home)))
        show("`known import` 50,000 words (fresh store)", median_of(runs))
        again = measured(["known", "import", str(words)], environment(Path(tmp) / "home0"))
        show("`known import` 50,000 words (all already known)", again)


def bench_list(articles: int, repeat: int) -> None:
    folder = make_corpus(OUT / f"corpus{articles}", articles)
    with tempfile.TemporaryDirectory(prefix="learner-list-") as tmp:
        corpus = Path(tmp) / "corpus"
        shutil.copytree(folder, corpus)
        home = Path(tmp) / "home"
        env = environment(home)
        args = ["--corpus", str(corpus), "list", "-f", "tsv"]
        measured(args, env)  # the index's facts (as bench/corpus_scale.py's cold list)
        show(f"`list -f tsv`, {articles:,} articles, no learner store (warm)",
             median_of([measured(args, env) for _ in range(repeat)]))
        known_words(home, 2000)
        show(f"`list -f tsv`, {articles:,} articles, first with a store (every article analysed)", measured(args, env))
        show(f"`list -f tsv`, {articles:,} articles, warm", median_of([measured(args, env) for _ in range(repeat)]))
        measured(["known", "add", "السفير"], env)
        show(f"`list -f tsv`, {articles:,} articles, after a `known add`", measured(args, env))
        out = measured(args, env)[3].decode()
        shares = [float(line.rsplit("\t", 1)[1].rstrip("%")) for line in out.splitlines() if line.rsplit("\t", 1)[1]]
        print(f"coverage over the corpus with 2,000 known lemmas: median {sorted(shares)[len(shares) // 2]}%")


def bench_anki(articles: int, repeat: int) -> None:
    folder = make_corpus(OUT / f"corpus{articles}", articles)
    with tempfile.TemporaryDirectory(prefix="learner-anki-") as tmp:
        home = Path(tmp) / "home"
        env = environment(home)
        known_words(home, 2000)
        deck = Path(tmp) / "deck.apkg"
        args = ["--corpus", str(folder), "export", "anki", "--all", "-o", str(deck)]
        show(f"`export anki --all -o deck.apkg`, {articles:,} articles",
             median_of([measured(args, env) for _ in range(repeat)]))
        print(f"deck: {deck.stat().st_size / 1e6:.1f} MB")
        tsv = ["--corpus", str(folder), "export", "anki", "--all", "-f", "tsv"]
        run = measured(tsv, env)
        show(f"`export anki --all -f tsv`, {articles:,} articles", run)
        print(f"notes: {sum(1 for line in run[3].decode().splitlines() if not line.startswith('#'))}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="import,list,anki")
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--anki-articles", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    print("| what | wall | CPU | peak RSS |\n|---|---:|---:|---:|")
    wanted = options.only.split(",")
    if "import" in wanted:
        bench_import(options.repeat)
    if "anki" in wanted:
        bench_anki(options.anki_articles, options.repeat)
    if "list" in wanted:
        bench_list(options.articles, options.repeat)


if __name__ == "__main__":
    main()
