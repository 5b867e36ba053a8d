"""Search quality on NTREX-128: readcli search against grep -F and grep -w.

A sentence (an NTREX line) is relevant to a query when its English reference line matches the
query's English pattern. The queries (nouns and names, each with at least 5 relevant lines) were
chosen before any tuning and are kept here unchanged. The corpus is NTREX's 123 articles, one line
per paragraph, in a temporary folder; readcli's hits (article, sentence) are mapped back to lines
through the paragraph numbers of :func:`readcli.sentences.segment`.

    python bench/search_quality.py            # table of recall/precision per query and macro
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
if not DATA.exists():
    DATA = Path("/work/shared/data")

# (Arabic query, English relevance pattern). Chosen before tuning; do not edit to improve scores.
QUERIES = [
    ("طفل", r"\bchild(ren)?\b"),
    ("مدرسة", r"\bschools?\b"),
    ("امرأة", r"\bwom[ae]n\b"),
    ("رئيس", r"\bpresident\b"),
    ("ترامب", r"\btrump\b"),
    ("شرطة", r"\bpolice\b"),
    ("حكومة", r"\bgovernments?\b"),
    ("مدينة", r"\b(city|cities)\b"),
    ("سيارة", r"\bcars?\b"),
    ("كتاب", r"\bbooks?\b"),
    ("لاعب", r"\bplayers?\b"),
    ("فيلم", r"\b(films?|movies?)\b"),
    ("مستشفى", r"\bhospitals?\b"),
    ("الصين", r"\bchina\b"),
    ("بريطانيا", r"\bbritain\b"),
    ("شركة", r"\bcompan(y|ies)\b"),
    ("ماء", r"\bwater\b"),
    ("حرب", r"\bwars?\b"),
    ("طالب", r"\bstudents?\b"),
    ("جامعة", r"\buniversit(y|ies)\b"),
    ("محكمة", r"\bcourts?\b"),
    ("لندن", r"\blondon\b"),
    ("فريق", r"\bteams?\b"),
    ("أستراليا", r"\baustralia\b"),
    ("إسرائيل", r"\bisrael\b"),
    ("عائلة", r"\bfamil(y|ies)\b"),
]
MIN_RELEVANT = 5


def load():
    arabic = (DATA / "ntrex128.arb.txt").read_text(encoding="utf-8").splitlines()
    english = (DATA / "ntrex128.eng.txt").read_text(encoding="utf-8").splitlines()
    docs = (DATA / "ntrex128.document_ids.tsv").read_text(encoding="utf-8").splitlines()
    return arabic, english, docs


def build_corpus(folder: Path, arabic: list[str], docs: list[str]) -> dict[str, list[int]]:
    """One article per NTREX document; article id -> the NTREX line of each paragraph."""
    order: dict[str, list[int]] = {}
    for line, doc in enumerate(docs):
        order.setdefault(doc, []).append(line)
    lines_of = {}
    for number, lines in enumerate(order.values()):
        article = f"{number:03d}"
        (folder / f"{article}_ntrex.txt").write_text("\n".join(arabic[i] for i in lines) + "\n", encoding="utf-8")
        lines_of[article] = lines
    return lines_of


def grep_lines(pattern: str, path: Path, *flags: str) -> set[int]:
    proc = subprocess.run(
        ["grep", "-n", *flags, "--", pattern, str(path)], capture_output=True, text=True,
        env={**os.environ, "LC_ALL": "C.UTF-8"},
    )
    return {int(line.split(":", 1)[0]) - 1 for line in proc.stdout.splitlines()}


def scores(found: set[int], relevant: set[int]) -> tuple[float, float]:
    recall = len(found & relevant) / len(relevant) if relevant else 0.0
    precision = len(found & relevant) / len(found) if found else 0.0
    return recall, precision


def main() -> None:
    os.environ.setdefault("READCLI_HOME", tempfile.mkdtemp(prefix="readcli-bench-home-"))
    from readcli.corpus import Corpus
    from readcli.index.index import SearchIndex

    arabic, english, docs = load()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        lines_of = build_corpus(folder, arabic, docs)
        corpus = Corpus(folder)
        paragraphs = {a.id: [s.paragraph for s in a.sentences] for a in corpus.articles()}
        with SearchIndex.open(corpus) as index:
            index.update(translations=False)
            systems = ["readcli", "readcli --exact", "grep -F", "grep -w"]
            totals = {name: [0.0, 0.0] for name in systems}
            print("| query | relevant | " + " | ".join(f"{s} R | {s} P" for s in systems) + " |")
            print("|---|---|" + "---|---|" * len(systems))
            used = 0
            for query, pattern in QUERIES:
                regex = re.compile(pattern, re.IGNORECASE)
                relevant = {i for i, line in enumerate(english) if regex.search(line)}
                if len(relevant) < MIN_RELEVANT:
                    print(f"(skipped {query}: {len(relevant)} relevant lines)", file=sys.stderr)
                    continue
                used += 1
                found = {}
                for name, exact in (("readcli", False), ("readcli --exact", True)):
                    hits = index.search(query, lang="ar", exact=exact, limit=0)
                    found[name] = {
                        lines_of[h["article"]][paragraphs[h["article"]][h["sentence"] - 1] - 1] for h in hits
                    }
                arb = DATA / "ntrex128.arb.txt"
                found["grep -F"] = grep_lines(query, arb, "-F")
                found["grep -w"] = grep_lines(query, arb, "-F", "-w")
                cells = []
                for name in systems:
                    r, p = scores(found[name], relevant)
                    totals[name][0] += r
                    totals[name][1] += p
                    cells.append(f"{r:.2f} | {p:.2f}")
                print(f"| {query} | {len(relevant)} | " + " | ".join(cells) + " |")
            macro = " | ".join(f"**{t[0] / used:.3f}** | **{t[1] / used:.3f}**" for t in totals.values())
            print(f"| macro ({used} queries) | | {macro} |")


if __name__ == "__main__":
    main()
