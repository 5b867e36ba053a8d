"""Translation speed: `readcli translate --all --no-cache` vs the `argos-translate` CLI vs bare CTranslate2.

All three run the same random-weight package of Argos's real size (Transformer-base: 6+6 layers,
d_model 512, ffn 2048, 8 heads, int8 like Argos's packages, 16k SentencePiece vocabulary) on the
same articles: the corpus plus FLORES-200 devtest Arabic lines grouped ten to an article. Random
weights never choose </s>, so the output layer gets a bias on </s> (``--eos-bias``) that makes
outputs end at roughly sentence-like lengths instead of running to the length limit; the share of
outputs that still hit a limit is reported. The English is noise: this measures speed only.

- readcli: end to end, one process (``translate --all --no-cache -f jsonl``), and in-process with
  the model loaded (``Translator.translate``), which is what bare CTranslate2 is compared with;
- argos-translate: the CLI a user would otherwise run, the full ``argostranslate`` 1.11 (stanza,
  spaCy, torch), installed by this script in its own virtualenv (``--argos-venv``, default
  bench/out/argos-full-venv: ``pip install torch==2.13.0`` first, the CPU wheel, then
  ``argostranslate==1.11.*``); readcli itself depends on the torch-free ``argos-translate-lt``.
  Offline, it runs with ``ARGOS_CHUNK_TYPE=SPACY``: spaCy's rule-based sentencizer on a blank
  pipeline saved as ``spacy/`` inside the package, and the same blank pipeline as argostranslate's
  cached ``xx_sent_ud_sm`` so that it tries no download (stanza's neural splitter, which the real
  package would use, cannot be downloaded here and would only be slower). Once per article as a
  user runs it, and once over all articles at once (its best case);
- bare CTranslate2: ``translate_batch`` over the same sentences (SentencePiece-encoded), beam 4,
  length_penalty 0.2, replace_unknowns, max_batch_size 32, max_decoding_length = readcli's guard
  for the longest source: the practical limit.

Sentences/s always counts readcli's sentences (the splitter's), whoever translates them. Peak
memory is the maximum resident set size from /usr/bin/time -v.

Also measured: the re-run of ``translate --all`` with everything in the memory, and how often a
glossary placeholder survives the model on its own (with this package and with the tests' tiny
package) versus needing the attention fallback.

Paired runs (``--paired N``, default 2): readcli end to end, then the CLI over all articles, N
times, each pair back to back, so load from other work on the machine hits both alike.

Usage: python bench/translate_speed.py [--flores 60] [--workdir DIR] [--eos-bias 0.9] [--paired 2]
       [--argos-venv DIR] [--skip-argos] [--paired-only]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data"
BIN = Path(sys.executable).parent

GLOSSARY = {
    "جوشوا هاريس": "Joshua Harris",
    "الجزائر": "Algeria",
    "المغرب": "Morocco",
    "ليبيا": "Libya",
    "الولايات المتحدة": "the United States",
    "واشنطن": "Washington",
    "جو بايدن": "Joe Biden",
    "روسيا": "Russia",
    "الصين": "China",
}


def timed(command: list[str], env: dict, *, stdin: Path | None = None, stdout=subprocess.DEVNULL) -> tuple[float, int, float]:
    """(wall seconds, peak RSS in MB, CPU seconds: user + system) of one command, via /usr/bin/time -v."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        start = time.perf_counter()
        with open(stdin, "rb") if stdin else open(os.devnull, "rb") as source:
            subprocess.run(
                ["/usr/bin/time", "-v", "-o", report.name, *command],
                env=env, stdin=source, stdout=stdout, stderr=subprocess.DEVNULL, check=True,
            )
        wall = time.perf_counter() - start
        text = report.read()
        rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1))
        cpu = sum(float(re.search(rf"{kind} time \(seconds\): ([\d.]+)", text).group(1)) for kind in ("User", "System"))
    return wall, rss // 1024, cpu


ARGOS_FULL = "argostranslate==1.11.*"
TORCH_CPU = "torch==2.13.0"  # the CPU wheel here; a plain `pip install torch` elsewhere pulls CUDA


def argos_full_venv(venv: Path) -> Path:
    """The full argostranslate 1.11 (with stanza, spaCy and torch) in its own virtualenv; its bin/."""
    binary = venv / "bin"
    if not (binary / "argos-translate").exists():
        print(f"installing {TORCH_CPU} then {ARGOS_FULL} into {venv}…", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True)
        pip = [str(binary / "python"), "-m", "pip", "install", "--quiet"]
        subprocess.run([*pip, TORCH_CPU], check=True)
        subprocess.run([*pip, ARGOS_FULL], check=True)
    return binary


def versions(python: Path, names: tuple[str, ...]) -> str:
    code = ("import sys\nfrom importlib.metadata import version\n"
            "print(', '.join(f'{n} {version(n)}' for n in sys.argv[1:]))")
    return subprocess.run([str(python), "-c", code, *names], check=True, capture_output=True, text=True).stdout.strip()


def make_corpus(folder: Path, flores: int) -> Path:
    corpus = folder / "corpus"
    if corpus.exists():
        shutil.rmtree(corpus)
    corpus.mkdir(parents=True)
    for path in (REPO / "corpus").glob("*_*.txt"):
        shutil.copy(path, corpus / path.name)
    lines = (SHARED / "flores200-devtest.arb_Arab.txt").read_text(encoding="utf-8").splitlines()[:flores]
    for number, start in enumerate(range(0, len(lines), 10), start=100):
        (corpus / f"{number}_flores.txt").write_text("\n".join(lines[start : start + 10]) + "\n", encoding="utf-8")
    return corpus


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--flores", type=int, default=60, help="FLORES lines added to the corpus (default 60)")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "readcli-bench")
    parser.add_argument("--eos-bias", type=float, default=0.9)
    parser.add_argument("--skip-argos", action="store_true")
    parser.add_argument("--argos-venv", type=Path, default=REPO / "bench" / "out" / "argos-full-venv",
                        help="virtualenv with the full argostranslate 1.11 (created when missing)")
    parser.add_argument("--paired", type=int, default=2, help="paired runs: readcli then the CLI, N times")
    parser.add_argument("--paired-only", action="store_true", help="only the paired runs")
    parser.add_argument("--batch-sizes", type=int, nargs="*", default=[8, 32], help="also run readcli with these batch sizes")
    args = parser.parse_args()

    from readcli.testing.argos_package import TOP, build_package

    work = args.workdir
    work.mkdir(parents=True, exist_ok=True)
    archive = work / f"{TOP}.argosmodel"
    stamp = work / "package.json"
    wanted = {"eos_bias": args.eos_bias, "layers": 6, "d_model": 512, "vocab": 16000}
    if not archive.exists() or not stamp.exists() or json.loads(stamp.read_text()) != wanted:
        print("building the Transformer-base package…", file=sys.stderr)
        build_package(work, layers=6, d_model=512, ffn=2048, heads=8, vocab_size=16000, max_lines=3000,
                      eos_bias=args.eos_bias, quantization="int8")
        stamp.write_text(json.dumps(wanted))
    env = {
        **os.environ,
        "ARGOS_PACKAGES_DIR": str(work / "packages"),
        "XDG_DATA_HOME": str(work / "xdg-data"),
        "XDG_CONFIG_HOME": str(work / "xdg-config"),
        "XDG_CACHE_HOME": str(work / "xdg-cache"),
        "READCLI_HOME": str(work / "home"),
        "ARGOS_CHUNK_TYPE": "SPACY",
        "ARGOS_PACKAGE_INDEX": "http://127.0.0.1:9/",
    }
    os.environ.update(env)
    shutil.rmtree(work / "packages", ignore_errors=True)
    shutil.rmtree(work / "home", ignore_errors=True)
    readcli = [str(BIN / "readcli")]
    subprocess.run([*readcli, "models", "install", str(archive)], env=env, check=True)
    argos_bin = None
    if not args.skip_argos:
        argos_bin = argos_full_venv(args.argos_venv)
        # Offline sentence splitting for the CLI (see the docstring): a blank spaCy pipeline in the
        # package, and as argostranslate's cached xx_sent_ud_sm so it attempts no download.
        # (argostranslate.networking.cache_spacy loads the cache folder once senter/model is in it.)
        cached = work / "xdg-cache" / "argos-translate" / "spacy"
        blank = ("import spacy, sys\nfor folder in sys.argv[1:]:\n"
                 "    spacy.blank('xx').to_disk(folder)")
        shutil.rmtree(cached, ignore_errors=True)
        cached.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([str(argos_bin / "python"), "-c", blank, str(work / "packages" / TOP / "spacy"), str(cached)],
                       env=env, check=True)
        (cached / "senter" / "model").mkdir(parents=True)
        print("argos-translate CLI from " + versions(argos_bin / "python", ("argostranslate", "torch", "stanza", "spacy")),
              file=sys.stderr)

    corpus = make_corpus(work, args.flores)
    from readcli.corpus import Corpus

    articles = Corpus(corpus).articles()
    sentences = [s.text for a in articles for s in a.sentences]
    n = len(sentences)
    print(f"{len(articles)} articles, {n} sentences (readcli's splitter), {os.cpu_count()} CPUs", file=sys.stderr)
    results: dict[str, dict] = {}
    argos = [str(argos_bin / "argos-translate"), "-f", "ar", "-t", "en"] if argos_bin else None
    joined = work / "all.txt"
    joined.write_text("\n".join(a.text.strip() for a in articles) + "\n", encoding="utf-8")
    end_to_end = [*readcli, "--corpus", str(corpus), "translate", "--all", "--no-cache", "-f", "jsonl"]
    if args.paired_only:
        paired(end_to_end, argos, joined, env, n, args.paired)
        return

    # readcli end to end (process start, model load, translation, output).
    out = work / "readcli.jsonl"
    with open(out, "w") as handle:
        wall, rss, _ = timed(end_to_end, env, stdout=handle)
    results["readcli translate --all --no-cache"] = {"s": wall, "rss": rss}
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == n

    # In-process, warm model: the pipeline against bare translate_batch on the same sentences.
    probe = work / "inprocess.py"
    probe.write_text(INPROCESS, encoding="utf-8")
    inproc = json.loads(subprocess.run([sys.executable, str(probe), str(corpus)], env=env, check=True,
                                       capture_output=True, text=True).stdout)
    for size in (32, 16):
        results[f"readcli pipeline, model loaded, batches of {size} (best of 2)"] = {"s": inproc[f"readcli_{size}_s"], "rss": None}
        results[f"bare CTranslate2, same batches of {size} (best of 2)"] = {"s": inproc[f"bare_batched_{size}_s"], "rss": None}
    results["bare CTranslate2, one translate_batch call (max_batch_size 32)"] = {"s": inproc["bare_s"], "rss": None}
    results["readcli pipeline, guard off (max 256 pieces, as Argos)"] = {"s": inproc["readcli_noguard_s"], "rss": None}

    for size in args.batch_sizes:
        wall, rss, _ = timed([*readcli, "--corpus", str(corpus), "translate", "--all", "--no-cache", "--batch-size", str(size)], env)
        results[f"readcli translate --all --no-cache --batch-size {size}"] = {"s": wall, "rss": rss}

    # Memory re-run: everything cached.
    subprocess.run([*readcli, "--corpus", str(corpus), "translate", "--all"], env=env, check=True, stdout=subprocess.DEVNULL)
    rerun, rerun_rss, _ = timed([*readcli, "--corpus", str(corpus), "translate", "--all"], env)

    if argos:
        total, peak = 0.0, 0
        for article in articles:
            wall, rss, _ = timed(argos, env, stdin=article.path)
            total += wall
            peak = max(peak, rss)
        results["argos-translate CLI, once per article"] = {"s": total, "rss": peak}
        wall, rss, _ = timed(argos, env, stdin=joined)
        results["argos-translate CLI, all articles in one run"] = {"s": wall, "rss": rss}

    print(f"\n{n} sentences, {len(articles)} articles; Transformer-base random weights (int8), beam 4, {os.cpu_count()} CPUs\n")
    print("| run | seconds | sentences/s | peak RSS |")
    print("| --- | ---: | ---: | ---: |")
    for name, row in results.items():
        rss = f"{row['rss']} MB" if row["rss"] else "—"
        print(f"| {name} | {row['s']:.2f} | {n / row['s']:.1f} | {rss} |")
    e2e = results["readcli translate --all --no-cache"]["s"]
    for name in ("argos-translate CLI, once per article", "argos-translate CLI, all articles in one run"):
        if name in results:
            print(f"\nreadcli end to end vs {name}: {results[name]['s'] / e2e:.2f}x faster")
    for size in (32, 16):
        print(f"readcli pipeline vs bare CTranslate2, batches of {size}: "
              f"{inproc[f'readcli_{size}_s'] / inproc[f'bare_batched_{size}_s'] - 1:+.1%} time")
    print(f"readcli pipeline (32) vs one bare translate_batch call: {inproc['readcli_32_s'] / inproc['bare_s'] - 1:+.1%} time")
    print(f"outputs that hit the length limit: readcli {inproc['readcli_capped']}/{n}, bare {inproc['bare_capped']}/{n}; "
          f"mean target/source pieces {inproc['ratio']:.2f}")
    print(f"re-run with everything in the memory: {rerun * 1000:.0f} ms, peak RSS {rerun_rss} MB")
    print(f"glossary placeholders (Transformer-base random): {inproc['glossary']}")
    tiny = work / "tiny"
    tiny_archive = build_package(tiny) if not (tiny / f"{TOP}.argosmodel").exists() else tiny / f"{TOP}.argosmodel"
    tiny_env = {**env, "ARGOS_PACKAGES_DIR": str(tiny / "packages"), "READCLI_HOME": str(tiny / "home")}
    shutil.rmtree(tiny / "packages", ignore_errors=True)
    subprocess.run([*readcli, "models", "install", str(tiny_archive)], env=tiny_env, check=True)
    tiny_stats = json.loads(subprocess.run([sys.executable, str(probe), str(corpus), "--glossary-only"], env=tiny_env,
                                           check=True, capture_output=True, text=True).stdout)
    print(f"glossary placeholders (tests' tiny fixture package): {tiny_stats['glossary']}")
    if argos:
        paired(end_to_end, argos, joined, env, n, args.paired)


def paired(readcli: list[str], argos: list[str] | None, joined: Path, env: dict, n: int, times: int) -> None:
    """readcli end to end, then the CLI over all articles, `times` times, back to back."""
    if not argos:
        return
    print(f"\npaired runs ({n} sentences): readcli translate --all --no-cache, then argos-translate over all articles")
    print("(CPU = user + system seconds: steadier than wall time when other work shares the machine)")
    print("| pair | load avg | readcli s (CPU s) | argos-translate s (CPU s) | wall ratio | CPU ratio |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    for pair in range(1, times + 1):
        load = " ".join(Path("/proc/loadavg").read_text().split()[:3]) if Path("/proc/loadavg").exists() else "?"
        ours, _, ours_cpu = timed(readcli, env)
        theirs, _, theirs_cpu = timed(argos, env, stdin=joined)
        print(f"| {pair} | {load} | {ours:.1f} ({ours_cpu:.0f}) | {theirs:.1f} ({theirs_cpu:.0f}) | "
              f"{theirs / ours:.1f}x | {theirs_cpu / ours_cpu:.1f}x |", flush=True)


INPROCESS = r"""
import json, sys, time
from readcli.corpus import Corpus
from readcli.translate import DEFAULT_BEAM
from readcli.translate.engine import ARGOS_LENGTH_PENALTY, Engine, max_target_pieces
from readcli.translate.pipeline import Translator
corpus = Corpus(sys.argv[1])
sentences = [s.text for a in corpus.articles() for s in a.sentences]
glossary = %(glossary)r
result = {}


def bare_batched(engine, size):
    # Bare CTranslate2 with readcli's batching: sorted by length, `size` a call, each call's
    # limit from its longest source.
    tokens = engine.sp.encode(sentences, out_type=str)
    order = sorted(range(len(tokens)), key=lambda i: len(sentences[i]))
    for begin in range(0, len(order), size):
        chunk = [tokens[i] for i in order[begin:begin + size]]
        out = engine.translator.translate_batch(
            chunk, beam_size=DEFAULT_BEAM, num_hypotheses=1, length_penalty=ARGOS_LENGTH_PENALTY, replace_unknowns=True,
            max_decoding_length=max(max_target_pieces(len(t)) for t in chunk))
        [engine.sp.decode_pieces(r.hypotheses[0]) for r in out]


if "--glossary-only" not in sys.argv:
    translator = Translator(use_cache=False)
    engine = translator.engine
    engine.translate(sentences[:4])  # warm-up
    # Alternate the runs (other load on the machine drifts); keep each one's best time.
    for size in (32, 16):
        best_readcli = best_bare = float("inf")
        for _ in range(2):
            start = time.perf_counter()
            english = Translator(use_cache=False, batch_size=size).translate(sentences)
            best_readcli = min(best_readcli, time.perf_counter() - start)
            start = time.perf_counter()
            bare_batched(engine, size)
            best_bare = min(best_bare, time.perf_counter() - start)
        result[f"readcli_{size}_s"] = best_readcli
        result[f"bare_batched_{size}_s"] = best_bare
    tokens = engine.encode(sentences)
    result["readcli_capped"] = sum(len(engine.encode([e])[0]) >= max_target_pieces(len(t)) for e, t in zip(english, tokens))
    start = time.perf_counter()
    tokens = engine.sp.encode(sentences, out_type=str)
    out = engine.translator.translate_batch(
        tokens, beam_size=DEFAULT_BEAM, num_hypotheses=1, length_penalty=ARGOS_LENGTH_PENALTY, replace_unknowns=True,
        max_batch_size=32, max_decoding_length=max(max_target_pieces(len(t)) for t in tokens))
    decoded = [engine.sp.decode_pieces(r.hypotheses[0]) for r in out]
    result["bare_s"] = time.perf_counter() - start
    result["bare_capped"] = sum(len(r.hypotheses[0]) >= max_target_pieces(len(t)) for r, t in zip(out, tokens))
    result["ratio"] = sum(len(r.hypotheses[0]) for r in out) / sum(len(t) for t in tokens)
    # The same pipeline with the runaway guard off (CTranslate2's default 256, as Argos runs).
    unguarded_engine = Engine(translator.package, length_guard=False)

    class Unguarded(Translator):
        @property
        def engine(self):
            return unguarded_engine

    start = time.perf_counter()
    Unguarded(use_cache=False).translate(sentences)
    result["readcli_noguard_s"] = time.perf_counter() - start
translator = Translator(use_cache=False, glossary=glossary)
translator.translate(sentences)
s = translator.stats
result["glossary"] = {"sentences": s.translated, "placeholders": s.placeholders, "survived": s.survived,
                      "aligned (attention fallback)": s.aligned, "appended": s.appended}
print(json.dumps(result))
""" % {"glossary": GLOSSARY}


if __name__ == "__main__":
    main()
