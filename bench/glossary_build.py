"""Glossary build time and lexicon coverage, on the corpus and on NTREX-128's 123 Arabic articles.

    python bench/glossary_build.py [--runs 5]

Reports (medians of --runs):
- the Buckwalter lexicon's load time (fresh ``Lexicon()``, in process);
- ``build_glossary`` on the corpus and on the 123 NTREX articles, lexicon already loaded, no model;
- wall time of the whole command ``readcli glossary --all -f tsv --no-model`` in a fresh process
  (start-up + lexicon + build + output) on both, NTREX written to a temporary corpus folder;
- on NTREX (words run together split apart, as the glossary does): distinct word forms, distinct *content* word forms (not function words), and the
  share of those the lexicon glosses; the same per token; the share of glossary terms (words,
  names, phrases) with any English gloss without a model;
- with ``--model tiny|base``: the whole command with a random-weight package installed (the
  model path's time only; its English is noise).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data"


def ntrex_articles():
    from readcli.corpus import text_article

    lines = (DATA / "ntrex128.arb.txt").read_text(encoding="utf-8").splitlines()
    ids = (DATA / "ntrex128.document_ids.tsv").read_text(encoding="utf-8").splitlines()
    docs: dict[str, list[str]] = {}
    for doc, line in zip(ids, lines):
        docs.setdefault(doc.split("\t")[0], []).append(line)
    return [text_article("\n".join(body) + "\n", f"{i:03d}") for i, body in enumerate(docs.values())]


def median_time(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def cli_time(corpus: Path, runs: int) -> float:
    cmd = [sys.executable, "-m", "readcli", "--corpus", str(corpus), "glossary", "--all", "-f", "tsv", "--no-model"]
    subprocess.run(cmd, capture_output=True, check=True)  # warm-up (page cache, .pyc)

    def run():
        subprocess.run(cmd, capture_output=True, check=True)

    return median_time(run, runs)


def coverage(articles) -> dict:
    from readcli.dictionary import lexicon
    from readcli.glossary import _Analyzer, _article_tokens

    counts = Counter(t.word for row in _article_tokens(articles, lexicon()) for t in row)
    analyzer = _Analyzer(lexicon(), counts)
    content = [w for w in counts if analyzer[w].content]
    glossed = [w for w in content if analyzer[w].best is not None]
    tokens_content = sum(counts[w] for w in content)
    tokens_glossed = sum(counts[w] for w in glossed)
    return {
        "distinct words": len(counts),
        "distinct content words": len(content),
        "content words glossed": len(glossed),
        "share of distinct content words glossed": len(glossed) / len(content),
        "share of content tokens glossed": tokens_glossed / tokens_content,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--model", choices=["none", "tiny", "base"], default="none",
                        help="also time the model path with a random-weight package of this size")
    args = parser.parse_args()

    from readcli.corpus import Corpus
    from readcli.dictionary import Lexicon, lexicon
    from readcli.glossary import build_glossary

    print(f"lexicon load (Lexicon()): {median_time(Lexicon, args.runs):.3f} s")
    lexicon()

    corpus = Corpus(REPO / "corpus").articles()
    ntrex = ntrex_articles()
    words = sum(a.word_count for a in ntrex)
    print(f"NTREX-128: {len(ntrex)} articles, {sum(len(a.sentences) for a in ntrex)} sentences, {words} words")

    for name, articles in (("corpus (2 seeds)", corpus), ("NTREX-128 (123 articles)", ntrex)):
        def fresh():
            lexicon()._cache.clear()  # every word analysed again, sentences segmented again
            return build_glossary([type(a)(a.id, a.path, a._text) for a in articles], model=False)

        seconds = median_time(fresh, args.runs)
        terms = build_glossary(articles, model=False)
        kinds = Counter(t.kind for t in terms)
        sources = Counter(t.source or "none" for t in terms)
        glossed = sum(1 for t in terms if t.english)
        print(
            f"build_glossary {name}: {seconds:.3f} s (lexicon loaded, analysis cache cold); "
            f"{len(terms)} terms {dict(kinds)}; sources {dict(sources)}; "
            f"{glossed / len(terms):.1%} of terms glossed without a model"
        )

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "ntrex"
        folder.mkdir()
        for article in ntrex:
            (folder / f"{article.id}_ntrex.txt").write_text(article.text, encoding="utf-8")
        print(f"readcli glossary --all -f tsv --no-model, corpus: {cli_time(REPO / 'corpus', args.runs):.3f} s wall")
        print(f"readcli glossary --all -f tsv --no-model, NTREX:  {cli_time(folder, args.runs):.3f} s wall")

    for key, value in coverage(ntrex).items():
        print(f"NTREX {key}: {value:.1%}" if isinstance(value, float) else f"NTREX {key}: {value}")

    if args.model != "none":
        model_path(ntrex, args.model)


def model_path(ntrex, size: str) -> None:
    """``readcli glossary --all`` with a random-weight package installed: the model path's cost.

    The package is the tests' builder (tests/argos_fixture.py), tiny or of Argos's real size
    (Transformer-base, int8). Its English is noise: this times the path, never its quality. Each
    run starts with an empty translation memory (a fresh READCLI_HOME); the re-run is cached.
    """
    import os

    sys.path.insert(0, str(REPO / "tests"))
    from argos_fixture import build_package

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        if size == "base":
            archive = build_package(tmp / "pkg", layers=6, d_model=512, ffn=2048, heads=8, vocab_size=16000,
                                    max_lines=3000, quantization="int8")
        else:
            archive = build_package(tmp / "pkg")
        env = {**os.environ, "ARGOS_PACKAGES_DIR": str(tmp / "packages"), "XDG_DATA_HOME": str(tmp / "xdg-data"),
               "XDG_CONFIG_HOME": str(tmp / "xdg-config"), "XDG_CACHE_HOME": str(tmp / "xdg-cache")}
        readcli = [sys.executable, "-m", "readcli"]
        subprocess.run([*readcli, "models", "install", str(archive)], env=env, check=True, capture_output=True)
        folder = tmp / "ntrex"
        folder.mkdir()
        for article in ntrex:
            (folder / f"{article.id}_ntrex.txt").write_text(article.text, encoding="utf-8")
        for name, corpus in (("corpus", REPO / "corpus"), ("NTREX", folder)):
            env["READCLI_HOME"] = str(tmp / f"home-{name}")
            cmd = [*readcli, "--corpus", str(corpus), "glossary", "--all", "-f", "tsv"]
            for label in ("empty memory", "re-run, cached"):
                start = time.perf_counter()
                out = subprocess.run(cmd, env=env, check=True, capture_output=True, text=True).stdout
                seconds = time.perf_counter() - start
                sources = Counter(line.split("\t")[5] or "none" for line in out.splitlines())
                print(f"with the {size} random-weight model, {name}, {label}: {seconds:.2f} s wall; sources {dict(sources)}")


if __name__ == "__main__":
    main()
