"""Several readcli processes at once: the search index is built once, `add` never shares an id.

Real processes, started together, several rounds; the index rows and the corpus files are
checked afterwards.
"""

from __future__ import annotations

import os
import random
import sqlite3
import subprocess
import sys
from pathlib import Path

from readcli.index import store

REPO = Path(__file__).resolve().parents[1]
LINES = [
    line
    for path in sorted((REPO / "corpus").glob("*.txt"))
    for line in path.read_text(encoding="utf-8").splitlines()
    if line.strip()
]


def article_text(rng: random.Random, lines: int = 6) -> str:
    return "\n\n".join(rng.sample(LINES, lines)) + "\n"


def start(args: list[str], home: Path, corpus: Path) -> subprocess.Popen:
    env = dict(os.environ, READCLI_HOME=str(home))
    return subprocess.Popen(
        [sys.executable, "-m", "readcli", "--corpus", str(corpus), *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True, env=env,
    )


def finish(proc: subprocess.Popen) -> tuple[int, str, str]:
    out, err = proc.communicate(timeout=300)
    assert "Traceback" not in err, err
    return proc.returncode, out, err


def test_concurrent_searches_on_a_new_index_store_each_sentence_once(tmp_path):
    rng = random.Random(15)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for number in range(120):
        (corpus / f"{number:03d}_x.txt").write_text(article_text(rng), encoding="utf-8")
    for round_ in range(3):
        home = tmp_path / f"home{round_}"
        procs = [start(["search", "-f", "tsv", "الجزائر"], home, corpus) for _ in range(3)]
        results = [finish(p) for p in procs]
        assert all(code == 0 for code, _, _ in results), results
        outputs = {out for _, out, _ in results}
        assert len(outputs) == 1  # every process the same hits
        lines = results[0][1].splitlines()
        assert len(lines) == len(set(lines))  # no hit twice
        os.environ["READCLI_HOME"] = str(home)
        try:
            path = store.index_path(corpus)
        finally:
            os.environ.pop("READCLI_HOME")
        with sqlite3.connect(path) as db:
            rows = db.execute("SELECT count(*) FROM sentences").fetchone()[0]
            distinct = db.execute("SELECT count(*) FROM (SELECT DISTINCT name, number FROM sentences)").fetchone()[0]
            expected = db.execute(
                "SELECT sum(x.sentences) FROM files f JOIN facts x ON x.hash = f.hash"
            ).fetchone()[0]
            fts = db.execute("SELECT count(*) FROM ar_fts_docsize").fetchone()[0]
            files = db.execute("SELECT count(*) FROM files").fetchone()[0]
        assert files == 120
        assert rows == distinct == expected == fts, (round_, rows, distinct, expected, fts)


def test_an_index_holding_sentences_twice_is_rebuilt(tmp_path, isolated_homes):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "001_a.txt").write_text("ذهب الولد إلى المدرسة.\n", encoding="utf-8")
    first = subprocess.run(
        [sys.executable, "-m", "readcli", "--corpus", str(corpus), "search", "-f", "tsv", "المدرسة"],
        capture_output=True, text=True, stdin=subprocess.DEVNULL,
    )
    assert first.returncode == 0 and len(first.stdout.splitlines()) == 1, first
    # What concurrent updates by an older readcli left: every sentence stored twice.
    with sqlite3.connect(store.index_path(corpus)) as db:
        db.execute("DROP INDEX sentences_name")
        db.execute("CREATE INDEX sentences_name ON sentences (name, number)")
        db.execute("INSERT INTO sentences (name, number, ar) SELECT name, number, ar FROM sentences")
    again = subprocess.run(
        [sys.executable, "-m", "readcli", "--corpus", str(corpus), "search", "-f", "tsv", "المدرسة"],
        capture_output=True, text=True, stdin=subprocess.DEVNULL,
    )
    assert again.returncode == 0, again
    assert again.stdout == first.stdout
    assert "holding sentences twice; rebuilding it" in again.stderr


def test_concurrent_adds_never_share_an_id(tmp_path):
    rng = random.Random(2)
    home = tmp_path / "home"
    for round_ in range(8):
        corpus = tmp_path / f"corpus{round_}"
        corpus.mkdir()
        (corpus / "000_first.txt").write_text(article_text(rng), encoding="utf-8")
        texts = []
        for k in range(3):
            source = tmp_path / f"r{round_}-{k}.txt"
            source.write_text(article_text(rng), encoding="utf-8")
            texts.append(source.read_text(encoding="utf-8"))
        procs = [start(["add", str(tmp_path / f"r{round_}-{k}.txt")], home, corpus) for k in range(3)]
        results = [finish(p) for p in procs]
        assert all(code == 0 for code, _, _ in results), results
        ids = [out.strip() for _, out, _ in results]
        assert len(set(ids)) == 3, (round_, ids)
        names = sorted(p.name for p in corpus.glob("*.txt"))
        assert len({n.split("_")[0] for n in names}) == len(names) == 4, names
        for article_id, text in zip(ids, texts):
            (path,) = corpus.glob(f"{article_id}_*.txt")
            assert path.read_text(encoding="utf-8") == text


def test_concurrent_forced_adds_with_one_id_leave_one_file(tmp_path):
    rng = random.Random(3)
    home = tmp_path / "home"
    for round_ in range(8):
        corpus = tmp_path / f"corpus{round_}"
        corpus.mkdir()
        for k in range(3):
            (tmp_path / f"f{round_}-{k}.txt").write_text(article_text(rng), encoding="utf-8")
        procs = [
            start(["add", "--id", "777", "--force", str(tmp_path / f"f{round_}-{k}.txt")], home, corpus)
            for k in range(3)
        ]
        results = [finish(p) for p in procs]
        assert all(code == 0 and out == "777\n" for code, out, _ in results), results
        files = list(corpus.glob("777_*.txt"))
        assert len(files) == 1, files
