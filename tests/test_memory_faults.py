"""The translation memory under resource faults: read-only file and folder, full disk, lock,
damage, undecodable stored text, and `clear` as the way out. Real SQLite files, real mounts."""

from __future__ import annotations

import errno
import sqlite3

import pytest

from mounts import fill, read_only, small_disk
from readcli import errors
from readcli.errors import StoreError, os_fault
from readcli.translate.memory import sqlite_fault
from readcli.translate.memory import Memory, remove_memory

PAIRS = [("سلام", "peace"), ("حرب", "war")]


def _make(path):
    with Memory.open(path) as memory:
        memory.store("m", PAIRS)
    return path


def _no_deletion_advice(message: str) -> None:
    assert "memory clear" not in message and "delete" not in message, message


def test_read_only_file_reads_and_refuses_writes_before_work(tmp_path):
    path = _make(tmp_path / "m.sqlite3")
    with read_only(path):
        with Memory.open(path, create=False) as memory:
            assert memory.lookup("m", ["سلام", "حرب"]) == dict(PAIRS)
            assert memory.count() == 2
        with pytest.raises(StoreError) as caught:
            Memory.open(path)  # for writing: refused at once, not at the first store
        assert caught.value.kind == errors.PERMISSION
        message = str(caught.value)
        assert str(path) in message and "read-only" in message and "--no-memory" in message
        _no_deletion_advice(message)
    with Memory.open(path) as memory:  # writable again: nothing was lost
        assert memory.count() == 2


def test_read_only_folder_reads_cached_translations(tmp_path):
    folder = tmp_path / "home"
    path = _make(folder / "m.sqlite3")
    assert sorted(p.name for p in folder.iterdir()) == ["m.sqlite3"]  # no -wal/-shm after close
    with read_only(folder):
        with Memory.open(path, create=False) as memory:
            assert memory.lookup("m", ["سلام", "غير"]) == {"سلام": "peace"}
            assert memory.count("m") == 2
        with pytest.raises(StoreError) as caught:
            Memory.open(path)
        assert caught.value.kind == errors.PERMISSION
        _no_deletion_advice(str(caught.value))
        # A memory that does not exist yet cannot be created there either: one line.
        with pytest.raises(StoreError) as caught:
            Memory.open(folder / "new.sqlite3")
        assert caught.value.kind == errors.PERMISSION
        assert Memory.open(folder / "new.sqlite3", create=False) is None


def test_read_only_open_of_an_empty_new_database(tmp_path):
    path = tmp_path / "m.sqlite3"
    sqlite3.connect(path).close()  # 0 bytes: no table yet
    with Memory.open(path, create=False) as memory:
        assert memory.lookup("m", ["سلام"]) == {} and memory.count() == 0
    assert path.stat().st_size == 0  # reading never writes


def test_full_disk_is_no_space_and_loses_nothing(tmp_path):
    with small_disk(tmp_path / "disk", "256k") as disk:
        path = disk / "m.sqlite3"
        stored = 0
        with Memory.open(path) as memory:
            with pytest.raises(StoreError) as caught:
                for batch in range(10000):
                    memory.store("m", [(f"جملة {batch} {i} " + "س" * 200, "x" * 300) for i in range(8)])
                    stored += 8
        assert caught.value.kind == errors.NO_SPACE, caught.value
        message = str(caught.value)
        assert "disk is full" in message and str(path) in message
        _no_deletion_advice(message)
        assert stored > 0
        (disk / "room").unlink(missing_ok=True)
        with sqlite3.connect(path) as db:
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert db.execute("SELECT count(*) FROM translations").fetchone()[0] == stored


def test_full_disk_is_refused_before_work(tmp_path):
    with small_disk(tmp_path / "disk", "256k") as disk:
        path = _make(disk / "m.sqlite3")
        filler = fill(disk, leave=8192)
        with pytest.raises(StoreError) as caught:  # at opening (WAL index) or the space check
            with Memory.open(path) as memory:
                memory.require_space(64 * 1024)
        assert caught.value.kind == errors.NO_SPACE
        assert "--no-memory" in str(caught.value)
        _no_deletion_advice(str(caught.value))
        filler.unlink()
        with Memory.open(path, create=False) as memory:
            assert memory.count() == 2


def test_locked_memory_says_wait(tmp_path, monkeypatch):
    import readcli.translate.memory

    monkeypatch.setattr(readcli.translate.memory, "BUSY_MS", 200)
    path = _make(tmp_path / "m.sqlite3")
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another program in the middle of a write
    try:
        with pytest.raises(StoreError) as caught:
            Memory.open(path)
        assert caught.value.kind == errors.LOCKED
        assert "locked" in str(caught.value) and "wait" in str(caught.value)
        _no_deletion_advice(str(caught.value))
        with Memory.open(path, create=False) as memory:  # WAL: readers are not blocked
            assert memory.count() == 2
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_undecodable_stored_text_is_damage_without_the_bytes(tmp_path):
    path = _make(tmp_path / "m.sqlite3")
    junk = b"\xff\xfe\x01\x02\x1b[31m" * 60
    with sqlite3.connect(path) as db:
        db.execute("UPDATE translations SET target = CAST(? AS TEXT) WHERE source = ?", (junk, "حرب"))
    with Memory.open(path, create=False) as memory:
        with pytest.raises(StoreError) as caught:
            memory.lookup("m", ["حرب"])
    message = str(caught.value)
    assert caught.value.kind == errors.DAMAGED and "readcli memory clear" in message
    assert len(message) < 250 and message.isprintable(), message


def test_clear_removes_a_folder_in_the_memory_s_place(tmp_path):
    path = tmp_path / "m.sqlite3"
    (path / "inside").mkdir(parents=True)
    with pytest.raises(StoreError) as caught:
        Memory.open(path)
    assert caught.value.kind == errors.DAMAGED and "readcli memory clear" in str(caught.value)
    assert remove_memory(path) == [path]
    with Memory.open(path) as memory:
        assert memory.count() == 0


def test_clear_removes_a_damaged_wal(tmp_path):
    path = _make(tmp_path / "m.sqlite3")
    wal = path.with_name(path.name + "-wal")
    wal.write_bytes(b"\x37\x7f\x06\x82" + b"\xee" * 5000)  # a WAL header with garbage after it
    (path.with_name(path.name + "-shm")).write_bytes(b"\xff" * 32768)
    deleted = remove_memory(path)
    assert path in deleted and wal in deleted
    assert not wal.exists() and not path.exists()
    with Memory.open(path) as memory:
        assert memory.count() == 0


def _sqlite_error(code: int, name: str, text: str) -> sqlite3.OperationalError:
    error = sqlite3.OperationalError(text)
    error.sqlite_errorcode = code
    error.sqlite_errorname = name
    return error


@pytest.mark.parametrize(
    "code, name, text, kind",
    [
        (5, "SQLITE_BUSY", "database is locked", errors.LOCKED),
        (6, "SQLITE_LOCKED", "database table is locked", errors.LOCKED),
        (8, "SQLITE_READONLY", "attempt to write a readonly database", errors.PERMISSION),
        (13, "SQLITE_FULL", "database or disk is full", errors.NO_SPACE),
        (10, "SQLITE_IOERR", "disk I/O error", errors.IO_ERROR),
        (778, "SQLITE_IOERR_WRITE", "disk I/O error", errors.IO_ERROR),
        (11, "SQLITE_CORRUPT", "database disk image is malformed", errors.DAMAGED),
        (26, "SQLITE_NOTADB", "file is not a database", errors.DAMAGED),
    ],
)
def test_every_sqlite_fault_has_its_kind(tmp_path, code, name, text, kind):
    fault = sqlite_fault(_sqlite_error(code, name, text), tmp_path / "m.sqlite3")
    assert fault.kind == kind
    message = str(fault)
    assert str(tmp_path / "m.sqlite3") in message and "\n" not in message
    assert ("readcli memory clear" in message) == (kind == errors.DAMAGED)


@pytest.mark.parametrize(
    "code, kind, words",
    [
        (errno.ENOSPC, errors.NO_SPACE, "the disk is full"),
        (errno.EDQUOT, errors.NO_SPACE, "quota"),
        (errno.EROFS, errors.PERMISSION, "read-only"),
        (errno.EACCES, errors.PERMISSION, "permission denied"),
        (errno.EPERM, errors.PERMISSION, "permission denied"),
        (errno.EIO, errors.IO_ERROR, "input/output error"),
        (errno.ENAMETOOLONG, errors.OTHER, "too long"),
    ],
)
def test_os_faults_are_one_line_with_what_to_do(code, kind, words):
    import os

    fault = os_fault(OSError(code, os.strerror(code)), "write", "/x/corpus")
    assert fault.kind == kind
    message = str(fault)
    assert message.startswith("cannot write /x/corpus: ") and words in message.lower()
    assert "\n" not in message and "delete" not in message
    if kind != errors.OTHER:
        assert "run the command again" in message


def test_space_check_counts_the_free_bytes(tmp_path):
    path = _make(tmp_path / "m.sqlite3")
    with Memory.open(path) as memory:
        memory.require_space(1024)  # plenty
        with pytest.raises(StoreError) as caught:
            memory.require_space(1 << 60)
    assert caught.value.kind == errors.NO_SPACE and "KiB free" in str(caught.value)


def test_a_failing_disk_is_an_io_error_not_damage(tmp_path):
    from mounts import failing_disk

    with failing_disk(tmp_path / "disk") as fail:
        path = tmp_path / "disk" / "m.sqlite3"
        with Memory.open(path) as memory:
            memory.store("m", [(f"جملة {i}", "x" * 200) for i in range(3000)])  # past the first MiB
        fail(path)
        with pytest.raises(StoreError) as caught:
            with Memory.open(path, create=False) as memory:
                memory.count()
    assert caught.value.kind == errors.IO_ERROR, caught.value
    message = str(caught.value)
    assert "input/output error" in message and "dmesg" in message
    _no_deletion_advice(message)


_KILLED_WRITER = """
import sys
from readcli.translate.memory import Memory
memory = Memory.open(sys.argv[1])
memory.store("m", [(f"s{i}", f"t{i}") for i in range(300)])  # committed
memory.connection.execute("BEGIN IMMEDIATE")
memory.connection.executemany("INSERT INTO translations VALUES ('m', ?, 'x', 0)", [(f"u{i}",) for i in range(300)])
print("mid-transaction", flush=True)
import time; time.sleep(3600)
"""


def test_reading_after_a_writer_was_killed_mid_transaction(tmp_path):
    import signal
    import subprocess
    import sys

    path = tmp_path / "m.sqlite3"
    proc = subprocess.Popen([sys.executable, "-c", _KILLED_WRITER, str(path)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "mid-transaction"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    proc.stdout.close()
    assert path.with_name(path.name + "-wal").exists()  # the WAL the killed writer left
    with Memory.open(path, create=False) as memory:
        assert memory.count() == 300 and memory.lookup("m", ["s7", "u7"]) == {"s7": "t7"}
    with Memory.open(path) as memory:
        memory.store("m", [("u7", "y")])
        assert memory.count() == 301
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
