"""A corpus of many articles made from the checkout's sample articles (tests and bench/cluster.py).

Each article is a few sentences of the samples, each marked with a number so that most
sentences are new; about one sentence in eight is an exact copy of an earlier one, so articles
share translations across windows as real news does.
"""

from __future__ import annotations

import random
from pathlib import Path

from readcli.sentences import segment
from readcli.testing.argos_package import REPO

DIGITS = "٠١٢٣٤٥٦٧٨٩"


def sample_sentences(corpus: Path | None = None) -> list[str]:
    corpus = REPO / "corpus" if corpus is None else Path(corpus)
    found = []
    for path in sorted(corpus.glob("*.txt")):
        found += [s.text for s in segment(path.read_text(encoding="utf-8"))]
    return found


def write_articles(folder: Path, count: int, *, sentences: int = 6, seed: int = 7) -> list[str]:
    """Write ``count`` articles ``NNNN_cluster.txt`` (2 paragraphs each) into ``folder``; their ids."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    pool = sample_sentences()
    rng = random.Random(seed)
    made: list[str] = []
    ids = []
    for number in range(count):
        lines = []
        for _ in range(rng.randint(max(1, sentences - 3), sentences + 3)):
            if made and rng.random() < 0.125:
                text = rng.choice(made)
            else:
                base = rng.choice(pool).rstrip(".")
                mark = "".join(DIGITS[int(d)] for d in str(len(made) + 1))
                text = f"{base} ({mark})."
                made.append(text)
            lines.append(text)
        half = len(lines) // 2 or 1
        body = " ".join(lines[:half]) + "\n\n" + " ".join(lines[half:]) + "\n"
        article_id = f"{number:04d}"
        (folder / f"{article_id}_cluster.txt").write_text(body, encoding="utf-8")
        ids.append(article_id)
    return ids
