"""The SQLite translation memory: the real file, WAL, keys, damage and the way out."""

from __future__ import annotations

import sqlite3

import pytest

from readcli.errors import StoreError
from readcli.translate.memory import Memory, clear_memory, memory_path, normalise_source


def test_lives_in_readcli_home(isolated_homes):
    assert memory_path() == isolated_homes / "memory.sqlite3"


def test_store_lookup_reopen(tmp_path):
    path = tmp_path / "m.sqlite3"
    with Memory.open(path) as memory:
        memory.store("model-a", [("سلام", "peace"), ("حرب", "war")])
        memory.store("model-b", [("سلام", "hello")])
        assert memory.lookup("model-a", ["سلام", "حرب", "غير"]) == {"سلام": "peace", "حرب": "war"}
        assert memory.lookup("model-b", ["سلام", "حرب"]) == {"سلام": "hello"}
        assert memory.count() == 3 and memory.count("model-a") == 2
    with Memory.open(path) as memory:  # committed: visible after reopening
        assert memory.lookup("model-a", ["سلام"]) == {"سلام": "peace"}
        assert memory.connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_many_keys_in_one_lookup(tmp_path):
    with Memory.open(tmp_path / "m.sqlite3") as memory:
        pairs = [(f"جملة {i}", f"sentence {i}") for i in range(1500)]
        memory.store("m", pairs)
        assert len(memory.lookup("m", [s for s, _ in pairs])) == 1500


def test_open_without_create(tmp_path):
    assert Memory.open(tmp_path / "absent.sqlite3", create=False) is None
    assert not (tmp_path / "absent.sqlite3").exists()


def test_normalised_source():
    assert normalise_source("  قال \t الرئيس\n") == "قال الرئيس"
    # NFC: a decomposed and a composed alef with hamza are one key.
    assert normalise_source("\u0627\u0654") == normalise_source("\u0623")


@pytest.mark.parametrize("damage", ["garbage", "not-sqlite", "other-schema"])
def test_damaged_file_names_itself_and_the_way_out(tmp_path, damage):
    path = tmp_path / "m.sqlite3"
    if damage == "garbage":
        path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    elif damage == "not-sqlite":
        path.write_text("hello", encoding="utf-8")
    else:
        with sqlite3.connect(path) as db:
            db.execute("PRAGMA user_version = 99")
    with pytest.raises(StoreError) as caught:
        Memory.open(path)
    message = str(caught.value)
    assert str(path) in message and "readcli memory clear" in message
    assert clear_memory(path) is True and not path.exists()
    with Memory.open(path) as memory:
        assert memory.count() == 0


def test_a_failed_batch_leaves_nothing_half_written(tmp_path):
    path = tmp_path / "m.sqlite3"
    with Memory.open(path) as memory:
        memory.store("m", [("أ", "a")])
        with pytest.raises(StoreError):
            memory.store("m", [("ب", "b"), ("ج", None)])  # NOT NULL fails mid-batch
        assert memory.lookup("m", ["أ", "ب", "ج"]) == {"أ": "a"}
