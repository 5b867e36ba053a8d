"""The learner store under faults: a read-only data folder and file, a full disk, kill -9 during
`known import`, a damaged file. Real SQLite files, real mounts (root), real SIGKILLs."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from helpers import one_error_line
from mounts import fill, read_only, small_disk

from readcli.learner.store import LearnerStore


def readcli(*args: str, home, timeout: float = 120) -> subprocess.CompletedProcess:
    env = {**os.environ, "READCLI_HOME": str(home)}
    return subprocess.run([sys.executable, "-m", "readcli", *args], capture_output=True, text=True, env=env,
                          timeout=timeout)


def ok(result) -> str:
    assert result.returncode == 0, (result.stdout, result.stderr)
    return result.stdout


def _no_deletion_advice(line: str) -> None:
    assert "cache clear" not in line and "delete" not in line, line


def test_read_only_folder_reads_and_refuses_writes_in_one_line(tmp_path, corpus):
    home = tmp_path / "home"
    ok(readcli("known", "add", "السفير", "مدينة", home=home))
    listed = ok(readcli("known", "list", home=home))
    coverage = ok(readcli("--corpus", str(corpus), "list", home=home))
    with read_only(home):
        assert ok(readcli("known", "list", home=home)) == listed
        assert ok(readcli("--corpus", str(corpus), "coverage", "004", home=home))
        assert [r.split("\t")[-1] for r in ok(readcli("--corpus", str(corpus), "list", home=home)).splitlines()] == [
            r.split("\t")[-1] for r in coverage.splitlines()
        ]
        line = one_error_line(readcli("known", "add", "زار", home=home), "learner store", "read-only")
        _no_deletion_advice(line)
        one_error_line(readcli("--corpus", str(corpus), "study", "add", "004", home=home), "read-only")
    assert ok(readcli("known", "list", home=home)) == listed  # nothing lost


def test_read_only_file_reads_and_refuses_writes(tmp_path):
    home = tmp_path / "home"
    ok(readcli("known", "add", "السفير", home=home))
    listed = ok(readcli("known", "list", home=home))
    with read_only(home / "learner.sqlite3"):
        assert ok(readcli("known", "list", home=home)) == listed
        _no_deletion_advice(one_error_line(readcli("known", "remove", "السفير", home=home), "read-only"))
    assert ok(readcli("known", "list", home=home)) == listed


def test_full_disk_is_one_line_and_loses_nothing(tmp_path):
    from readcli.testing.word_lists import word_list

    words = tmp_path / "words.txt"
    words.write_text("\n".join(word_list(20000)) + "\n", encoding="utf-8")
    with small_disk(tmp_path / "disk", "1m") as home:
        ok(readcli("known", "add", "السفير", "مدينة", home=home))
        listed = ok(readcli("known", "list", home=home))
        fill(home, leave=16 << 10)
        line = one_error_line(readcli("known", "import", str(words), home=home), "disk is full")
        _no_deletion_advice(line)
        assert ok(readcli("known", "list", home=home)) == listed
        (home / "filler").unlink()
        ok(readcli("known", "add", "زار", home=home))  # room again: it works again


def test_kill_9_during_import_leaves_the_store_as_before_or_complete(tmp_path):
    from readcli.testing.word_lists import word_list

    home = tmp_path / "home"
    words = tmp_path / "words.txt"
    words.write_text("\n".join(word_list(50000)) + "\n", encoding="utf-8")
    ok(readcli("known", "add", "السفير", home=home))
    env = {**os.environ, "READCLI_HOME": str(home)}
    counts = set()
    for delay in (0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 4.0):
        proc = subprocess.Popen([sys.executable, "-m", "readcli", "known", "import", str(words)], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        with LearnerStore.open(home / "learner.sqlite3") as store:
            counts.add(len(store.words()))
        if len(counts) > 1:
            break
    full = len(ok(readcli("known", "export", home=home)).splitlines()) - 1
    done = readcli("known", "import", str(words), home=home)
    ok(done)
    with LearnerStore.open(home / "learner.sqlite3") as store:
        total = len(store.words())
    assert counts <= {1, total}, (counts, total)  # before (one word) or the whole import: never half
    assert full in (1, total)
    assert total > 10000


def test_a_damaged_store_is_one_line_that_never_suggests_deleting_it(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / "learner.sqlite3").write_bytes(b"this is not a database, but the user's words may be in it" * 100)
    line = one_error_line(readcli("known", "list", home=home), "damaged")
    _no_deletion_advice(line)
    assert "move it aside" in line
    one_error_line(readcli("known", "add", "السفير", home=home), "damaged")
    assert (home / "learner.sqlite3").read_bytes().startswith(b"this is not a database")


def test_an_empty_store_is_never_created_by_reading(tmp_path, corpus):
    home = tmp_path / "home"
    ok(readcli("known", "list", home=home))
    ok(readcli("--corpus", str(corpus), "list", home=home))
    ok(readcli("--corpus", str(corpus), "show", "004", "--gloss", home=home))
    assert not (home / "learner.sqlite3").exists()


@pytest.mark.parametrize("args", [["known", "list"], ["study", "--due"], ["coverage", "004"]])
def test_learner_commands_import_neither_fsrs_nor_genanki_unless_they_need_them(corpus, args, tmp_path):
    probe = (
        "import sys\nfrom readcli.cli import app\n"
        "try:\n    app(sys.argv[1:], prog_name='readcli')\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('fsrs', 'genanki')), file=sys.stderr)\n"
    )
    env = {**os.environ, "READCLI_HOME": str(tmp_path / "home")}
    done = subprocess.run([sys.executable, "-c", probe, "--corpus", str(corpus), *args], capture_output=True,
                          text=True, env=env, timeout=120)
    assert done.stderr.strip().splitlines()[-1] == "[]", done.stderr
