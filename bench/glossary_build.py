"""Glossary build time and lexicon coverage, on the corpus and on NTREX-128's 123 Arabic articles.

    python bench/glossary_build.py [--runs 5]

Reports (medians of --runs):
- the Buckwalter lexicon's load time (fresh ``Lexicon()``, in process);
- ``build_glossary`` on the corpus and on the 123 NTREX articles, lexicon already loaded, no model;
- wall time of the whole command ``readcli glossary --all -f tsv --no-model`` in a fresh process
  (start-up + lexicon + build + output) on both, NTREX written to a temporary corpus folder;
- on NTREX (words run together split apart, as the glossary does): distinct word forms, distinct *content* word forms
  (not function words), and the
  share of those the lexicon glosses; the same per token; the share of glossary terms (words,
  names, phrases) with any English gloss without a model;
- a proxy for choosing the right reading: the share of NTREX content tokens whose chosen gloss
  has a word in the line's English reference (against the lexicon's first reading, and the best
  any reading could do);
- ``--make-prior`` regenerates ``src/readcli/data/lemma_prior.tsv`` from FLORES-200 devtest;
- with ``--model tiny|base``: the whole command with a random-weight package installed (the
  model path's time only; its English is noise).
"""

from __future__ import annotations

import argparse
import dataclasses
import re
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
    from readcli.glossary import Analyzer, article_tokens

    counts = Counter(t.word for row in article_tokens(articles, lexicon()) for t in row)
    analyzer = Analyzer(lexicon(), counts)
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


def english_words(text: str) -> set[str]:
    import snowballstemmer

    stemmer = snowballstemmer.stemmer("english")
    return {stemmer.stemWord(w) for w in re.findall(r"[a-z]+", text.lower()) if w not in _EN_STOP}


_EN_STOP = set("the a an of to in on for and or with by at from as be is are was were it he she they his her its "
               "their this that".split())


def make_prior(out: Path) -> None:
    """Write src/readcli/data/lemma_prior.tsv: how often each lemma's gloss is the right one, from FLORES.

    For every Arabic word of FLORES-200 devtest with two or more candidate lemmas, a lemma scores
    when a word of its English gloss (stemmed) occurs in the line's English reference. The prior is
    (hits + 0.5) / (candidacies + 1). NTREX is not used: it is the held-out test. The file is a
    header line, then ``lemma_id<TAB>prior`` sorted by lemma id; lemmas never met are absent (the
    glossary uses 0.35 for them). FLORES-200 is CC BY-SA 4.0 (Meta AI).
    """
    from readcli.dictionary import lexicon
    from readcli.glossary import tokenize

    arabic = (DATA / "flores200-devtest.arb_Arab.txt").read_text(encoding="utf-8").splitlines()
    english = (DATA / "flores200-devtest.eng_Latn.txt").read_text(encoding="utf-8").splitlines()
    lex = lexicon()
    hits: Counter = Counter()
    seen: Counter = Counter()
    for ar_line, en_line in zip(arabic, english):
        reference = english_words(en_line)
        for word, _, _ in tokenize(ar_line):
            lemmas: dict = {}
            for a in lex.analyze(word):
                lemmas.setdefault(a.lemma_id, a)
            if len(lemmas) < 2:
                continue
            for lemma_id, a in lemmas.items():
                seen[lemma_id] += 1
                if english_words(a.gloss.replace(";", " ")) & reference:
                    hits[lemma_id] += 1
    prior = {k: round((hits[k] + 0.5) / (seen[k] + 1), 3) for k in sorted(seen)}
    with open(out, "w", encoding="utf-8", newline="\n") as handle:
        handle.write("lemma_id\tprior\n")
        handle.writelines(f"{k}\t{v}\n" for k, v in prior.items())
    print(f"wrote {out}: {len(prior)} lemmas from {len(arabic)} FLORES lines")


def gloss_hit_rate(articles_lines) -> None:
    """NTREX proxy for gloss choice: share of content tokens whose chosen gloss has a word in the
    English reference line, against the lexicon's first-listed reading and the best possible."""
    from readcli.dictionary import lexicon
    from readcli.glossary import Analyzer, tokenize

    arabic, english = articles_lines
    counts: Counter = Counter()
    lines = []
    for ar_line, en_line in zip(arabic, english):
        words = [w for w, _, _ in tokenize(ar_line)]
        counts.update(words)
        lines.append((words, english_words(en_line)))
    analyzer = Analyzer(lexicon(), counts)
    chosen = first = oracle = total = 0
    for words, reference in lines:
        for word in words:
            info = analyzer[word]
            if not info.content or info.best is None:
                continue
            total += 1
            hit = lambda a: bool(english_words(a.gloss.replace(";", " ")) & reference)  # noqa: E731
            chosen += hit(info.best)
            first += hit(info.analyses[0])
            oracle += any(hit(a) for a in info.analyses)
    print(
        f"NTREX gloss hit rate (a gloss word in the English reference line), {total} content tokens: "
        f"chosen reading {chosen / total:.1%}, lexicon's first reading {first / total:.1%}, "
        f"best possible {oracle / total:.1%}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--model", choices=["none", "tiny", "base"], default="none",
                        help="also time the model path with a random-weight package of this size")
    parser.add_argument("--make-prior", action="store_true", help="regenerate src/readcli/data/lemma_prior.tsv and stop")
    args = parser.parse_args()
    if args.make_prior:
        make_prior(REPO / "src" / "readcli" / "data" / "lemma_prior.tsv")
        return

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
            lexicon().clear_cache()  # every word analysed again, sentences segmented again
            return build_glossary([dataclasses.replace(a) for a in articles], model=False)

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
    gloss_hit_rate((
        (DATA / "ntrex128.arb.txt").read_text(encoding="utf-8").splitlines(),
        (DATA / "ntrex128.eng.txt").read_text(encoding="utf-8").splitlines(),
    ))

    if args.model != "none":
        model_path(ntrex, args.model)


def model_path(ntrex, size: str) -> None:
    """``readcli glossary --all`` with a random-weight package installed: the model path's cost.

    The package is the tests' builder (readcli.testing.argos_package), tiny or of Argos's real size
    (Transformer-base, int8). Its English is noise: this times the path, never its quality. Each
    run starts with an empty translation memory (a fresh READCLI_HOME); the re-run is cached.
    """
    import os

    from readcli.testing.argos_package import build_package

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
