"""Sentence-boundary F1 of readcli's splitter on NTREX-128, protocol of ../shared/README.md.

Each of the 123 articles is rebuilt by joining its lines in order, with a space after a line that
ends in . ! ? ؟ … or a closing quote or bracket and a newline after any other line; the rebuilt
text is split, and boundaries are compared with the original line ends as character offsets with
whitespace removed.

    python bench/splitter_f1.py [--data ../shared/data] [--others] [--errors N]

--others also scores a plain regex, spaCy's rule-based sentencizer and pySBD when installed
(pip install -e '.[bench]').
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import OrderedDict
from pathlib import Path

from readcli.sentences import split_sentences

ENDS = tuple(".!?؟…") + tuple("\"'”’»)]}›")


def load_articles(data: Path) -> list[list[str]]:
    lines = (data / "ntrex128.arb.txt").read_text(encoding="utf-8").splitlines()
    ids = (data / "ntrex128.document_ids.tsv").read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(ids), (len(lines), len(ids))
    articles: OrderedDict[str, list[str]] = OrderedDict()
    for doc, line in zip(ids, lines):
        articles.setdefault(doc.split("\t")[0], []).append(line.strip())
    return list(articles.values())


def rebuild(lines: list[str]) -> str:
    out = []
    for line in lines:
        out.append(line)
        out.append(" " if line.endswith(ENDS) else "\n")
    return "".join(out)


def boundaries(pieces: list[str]) -> set[int]:
    offsets, total = set(), 0
    for piece in pieces:
        total += len(re.sub(r"\s", "", piece))
        offsets.add(total)
    return offsets


def score(split, articles) -> tuple[float, float, float, int, float, list]:
    tp = fp = fn = 0
    n_sent = 0
    errors = []
    elapsed = 0.0
    for lines in articles:
        text = rebuild(lines)
        t0 = time.perf_counter()
        pieces = split(text)
        elapsed += time.perf_counter() - t0
        n_sent += len(pieces)
        gold, got = boundaries(lines), boundaries(pieces)
        tp += len(gold & got)
        fp += len(got - gold)
        fn += len(gold - got)
        if gold != got:
            errors.append((lines, pieces))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f1, n_sent, elapsed, errors


def regex_split(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?؟])\s+|\n", text) if s.strip()]


def per_line(split):
    """Give a splitter the line ends too: split each line on its own."""
    return lambda text: [s for line in text.split("\n") if line.strip() for s in split(line)]


def others() -> dict:
    splitters = {"regex [.!?؟]+space": regex_split}
    try:
        import spacy

        nlp = spacy.blank("xx")
        nlp.add_pipe("sentencizer")
        splitters["spaCy sentencizer (per line)"] = per_line(lambda t: [s.text for s in nlp(t).sents])
    except ImportError:
        print("spaCy not installed: skipped", file=sys.stderr)
    try:
        import pysbd

        seg = pysbd.Segmenter(language="ar", clean=False)
        splitters["pySBD (ar)"] = seg.segment
        splitters["pySBD (ar, per line)"] = per_line(seg.segment)
    except ImportError:
        print("pySBD not installed: skipped", file=sys.stderr)
    return splitters


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data")
    parser.add_argument("--others", action="store_true")
    parser.add_argument("--errors", type=int, default=0, help="print N mis-split articles' diffs")
    args = parser.parse_args()
    articles = load_articles(args.data)
    splitters = {"readcli": split_sentences}
    if args.others:
        splitters.update(others())
    print(f"{len(articles)} articles, {sum(map(len, articles))} reference lines\n")
    print("| splitter | precision | recall | F1 | sentences/s |")
    print("|---|---|---|---|---|")
    for name, split in splitters.items():
        p, r, f1, n, elapsed, errors = score(split, articles)
        print(f"| {name} | {p:.3f} | {r:.3f} | {f1:.3f} | {n / elapsed:,.0f} |")
        if name == "readcli" and args.errors:
            shown = 0
            for lines, pieces in errors:
                gold, got = set(lines), set(pieces)
                for piece in pieces:
                    if piece not in gold:
                        print("  GOT :", piece)
                        shown += 1
                for line in lines:
                    if line not in got:
                        print("  GOLD:", line)
                print()
                if shown >= args.errors:
                    break


if __name__ == "__main__":
    main()
