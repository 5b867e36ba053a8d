"""`translate --all --shard K/N` and `readcli memory merge` (issue 20: jobs without Dask)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from helpers import one_error_line

from readcli.translate.shards import parse_shard, shard_of

SHARDS = 3


@pytest.fixture
def big_corpus(tmp_path) -> Path:
    from readcli.testing.articles import write_articles

    folder = tmp_path / "big-corpus"
    write_articles(folder, 30, sentences=3)
    return folder


@pytest.fixture
def run(runner, big_corpus, argos_package_file, monkeypatch, tmp_path):
    """run("translate", ..., home="name") -> click Result, with READCLI_HOME=tmp_path/name."""
    from readcli.cli import app

    assert runner.invoke(app, ["models", "install", str(argos_package_file)]).exit_code == 0

    def invoke(*args, home: str = "home"):
        monkeypatch.setenv("READCLI_HOME", str(tmp_path / home))
        return runner.invoke(app, ["--corpus", str(big_corpus), *args])

    return invoke


def rows(tmp_path: Path, home: str) -> set[tuple]:
    with sqlite3.connect(tmp_path / home / "memory.sqlite3") as db:
        return set(db.execute("SELECT model, source, target FROM translations"))


def keys(result) -> list[tuple]:
    assert result.exit_code == 0, result.stderr
    return [(r["article"], r["sentence"], r["ar"]) for r in map(json.loads, result.stdout.splitlines())]


def test_shard_numbers_are_a_stable_hash_of_the_id():
    # Literal: the same article lands in the same shard on every machine, in every release.
    assert [shard_of(f"{i:04d}", 3) for i in range(8)] == [2, 2, 1, 3, 3, 2, 2, 2]
    assert shard_of("004", 1) == 1
    assert parse_shard("2/3") == (2, 3)


@pytest.mark.parametrize("value", ["0/3", "4/3", "3", "a/b", "1/0", "1/2/3"])
def test_bad_shard_is_a_usage_error(run, value):
    one_error_line(run("translate", "--all", "--shard", value), "--shard", code=2)


def test_shard_needs_all(run):
    one_error_line(run("translate", "0001", "--shard", "1/2"), "--all", code=2)


def test_shards_partition_the_corpus_and_merge_into_one_memory(run, tmp_path):
    whole = keys(run("translate", "--all", "-f", "jsonl", home="whole"))
    parts = [keys(run("translate", "--all", "--shard", f"{k}/{SHARDS}", "-f", "jsonl", home=f"shard{k}"))
             for k in range(1, SHARDS + 1)]
    assert all(parts)
    # Every record in exactly one shard, each shard in corpus order.
    assert sorted(r for part in parts for r in part) == sorted(whole)
    for part in parts:
        assert part == [r for r in whole if r in set(part)]

    merged = run("memory", "merge", *[str(tmp_path / f"shard{k}" / "memory.sqlite3") for k in range(1, SHARDS + 1)],
                 "-f", "tsv", home="merged")
    assert merged.exit_code == 0, merged.stderr
    union = set().union(*(rows(tmp_path, f"shard{k}") for k in range(1, SHARDS + 1)))
    assert rows(tmp_path, "merged") == union
    sources = {(model, source) for model, source, _ in union}
    added = [int(line.split("\t")[1]) for line in merged.stdout.splitlines()]
    assert sum(added) == len(sources)  # a source two shards translated is kept once
    assert {(m, s) for m, s, _ in rows(tmp_path, "whole")} == sources

    # Merging again adds nothing; everything already there is counted as present.
    again = run("memory", "merge", str(tmp_path / "shard1" / "memory.sqlite3"), "-f", "tsv", home="merged")
    assert again.exit_code == 0, again.stderr
    # The pinned tsv row (render.views.CACHE_MERGE): file, added, present.
    assert again.stdout == f"{tmp_path / 'shard1' / 'memory.sqlite3'}\t0\t{len(rows(tmp_path, 'shard1'))}\n"
    assert rows(tmp_path, "merged") == union

    # The merged memory answers the whole corpus: nothing is left to translate.
    before = len(rows(tmp_path, "merged"))
    assert keys(run("translate", "--all", "-f", "jsonl", home="merged")) == whole
    assert len(rows(tmp_path, "merged")) == before


def test_merge_keeps_other_models_apart(run, tmp_path):
    keys(run("translate", "--all", "--shard", "1/2", "-f", "jsonl", home="a"))
    path = tmp_path / "a" / "memory.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute("UPDATE translations SET model = 'ar-en-9-other|beam=4', target = 'other model'")
    keys(run("translate", "--all", "--shard", "1/2", "-f", "jsonl", home="b"))
    own = rows(tmp_path, "b")
    result = run("memory", "merge", str(path), "-f", "tsv", home="b")
    assert result.exit_code == 0, result.stderr
    merged = rows(tmp_path, "b")
    assert merged - own == rows(tmp_path, "a")
    # This model's translations are still its own.
    assert "other model" not in run("translate", "--all", "--shard", "1/2", "-f", "tsv", home="b").stdout


def test_merge_faults_are_one_line(run, tmp_path):
    keys(run("translate", "--all", "--shard", "1/2", "-f", "jsonl", home="a"))
    one_error_line(run("memory", "merge", str(tmp_path / "nothing.sqlite3")), "no such file")
    text = tmp_path / "notes.sqlite3"
    text.write_text("not a database at all " * 100)
    one_error_line(run("memory", "merge", str(text)), "not a readcli translation memory")
    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE t (x)")
    one_error_line(run("memory", "merge", str(other)), "not a readcli translation memory")
    one_error_line(run("memory", "merge", str(tmp_path / "a" / "memory.sqlite3"), home="a"), "itself", code=2)
