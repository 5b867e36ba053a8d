"""Crash safety: real SIGKILLs during installs and atomic writes, the sweep of their leftovers,
file modes, write errors on real full and read-only file systems, and reads without write access
(a read-only data folder) through the CLI."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from helpers import one_error_line
from mounts import fill, read_only, small_disk

TOP = "translate-ar_en-1_0"


def packages() -> Path:
    return Path(os.environ["ARGOS_PACKAGES_DIR"])


def used_name(tsv: str) -> str | None:
    """The package `models list -f tsv` marks as the one translate uses (first column set)."""
    used = [row.split("\t")[1] for row in tsv.splitlines() if row.split("\t")[0] not in ("", "no", "false")]
    return used[0] if len(used) == 1 else None


def leftovers() -> list[Path]:
    folder = packages().parent
    return sorted(p for p in folder.iterdir() if p.name.startswith(".readcli")) if folder.exists() else []


def readcli(*args: str, env: dict | None = None, cwd=None, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "readcli", *args], capture_output=True, text=True, encoding="utf-8",
        env={**os.environ, **(env or {})}, stdin=subprocess.DEVNULL, timeout=timeout, cwd=cwd,
    )


def start_paused(args: list[str], point: str, env: dict | None = None) -> subprocess.Popen:
    """Start a readcli subprocess that stops at the test point ``point`` (and waits there)."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "readcli", *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        text=True, env={**os.environ, "READCLI_TEST_PAUSE_AT": point, **(env or {})},
    )
    line = proc.stderr.readline()
    assert f"paused at {point}" in line, line + proc.stderr.read()
    return proc


def kill(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    proc.stderr.close()


def installed() -> list[str]:
    return sorted(p.name for p in packages().iterdir()) if packages().exists() else []


def complete(name: str = TOP) -> bool:
    folder = packages() / name
    return (folder / "metadata.json").is_file() and (folder / "model" / "model.bin").is_file()


def folder_bytes(paths) -> int:
    return sum(f.stat().st_size for p in paths for f in p.rglob("*") if f.is_file())


# --- installs killed at chosen points ------------------------------------------------------------


def test_a_killed_install_leaves_nothing_after_the_next_command(argos_package_file):
    proc = start_paused(["models", "install", str(argos_package_file)], "extracted")
    kill(proc)
    assert installed() == []  # never a half-written package in the packages folder
    left = leftovers()
    assert left and folder_bytes(left) > 0  # what the kill left: the staging folder
    listing = readcli("models", "list", "-f", "tsv")
    assert listing.returncode == 0 and listing.stdout == ""
    assert leftovers() == []


def test_a_killed_reinstall_keeps_the_old_package(argos_package_file):
    assert readcli("models", "install", str(argos_package_file)).returncode == 0
    marker = packages() / TOP / "old-marker"
    marker.write_text("old")
    proc = start_paused(["models", "install", str(argos_package_file)], "extracted")
    kill(proc)
    assert complete() and marker.exists()
    assert readcli("models", "install", str(argos_package_file)).returncode == 0
    assert complete() and not marker.exists()  # the new one went in
    assert leftovers() == []


def test_a_reinstall_killed_between_its_renames_is_repaired(argos_package_file):
    """Without renameat2 the old package is moved aside first: a kill then leaves no package,
    and the next models command puts the old one back."""
    assert readcli("models", "install", str(argos_package_file)).returncode == 0
    (packages() / TOP / "old-marker").write_text("old")
    proc = start_paused(["models", "install", str(argos_package_file)], "old-moved-aside",
                        env={"READCLI_TEST_NO_EXCHANGE": "1"})
    kill(proc)
    assert installed() == []  # the window the exchange closes
    listing = readcli("models", "list", "-f", "tsv")
    assert used_name(listing.stdout) == TOP
    assert complete() and (packages() / TOP / "old-marker").exists()
    assert leftovers() == []


def test_translate_puts_back_a_package_a_killed_reinstall_moved_aside(argos_package_file, corpus):
    assert readcli("models", "install", str(argos_package_file)).returncode == 0
    proc = start_paused(["models", "install", str(argos_package_file)], "old-moved-aside",
                        env={"READCLI_TEST_NO_EXCHANGE": "1"})
    kill(proc)
    assert installed() == []
    done = readcli("--corpus", str(corpus), "translate", "004", "-f", "tsv")
    assert done.returncode == 0, done.stderr
    assert complete() and leftovers() == []


def test_the_exchange_swaps_in_one_step(tmp_path):
    from readcli.translate.staging import exchange

    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / "x").write_text("a")
    (b / "x").write_text("b")
    if not exchange(a, b):
        pytest.skip("renameat2(RENAME_EXCHANGE) is not available here")
    assert (a / "x").read_text() == "b" and (b / "x").read_text() == "a"


def test_a_reinstall_never_moves_the_old_package_aside_where_it_can_exchange(argos_package_file, tmp_path):
    from readcli.translate.staging import exchange

    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    if not exchange(tmp_path / "a", tmp_path / "b"):
        pytest.skip("renameat2(RENAME_EXCHANGE) is not available here")
    assert readcli("models", "install", str(argos_package_file)).returncode == 0
    # Were the old package moved aside (the fallback), this run would stop there and time out.
    again = readcli("models", "install", str(argos_package_file), env={"READCLI_TEST_PAUSE_AT": "old-moved-aside"},
                    timeout=60)
    assert again.returncode == 0 and "paused" not in again.stderr
    assert complete() and leftovers() == []


def test_a_running_install_s_staging_is_not_swept(argos_package_file):
    proc = start_paused(["models", "install", str(argos_package_file)], "extracted")
    try:
        before = leftovers()
        assert before
        assert readcli("models", "list", "-f", "tsv").returncode == 0
        assert leftovers() == before  # the install holds the lock: its folder is not a leftover
    finally:
        kill(proc)
    readcli("models", "list", "-f", "tsv")
    assert leftovers() == []


def test_leftovers_of_the_old_layout_are_repaired(argos_package_file):
    """readcli before 2026-11-23 left `.readcli-install-X` (new, partial) and
    `.readcli-install-X-old` (the old package itself) when killed between its renames."""
    workspace = packages().parent
    packages().mkdir(parents=True)
    with zipfile.ZipFile(argos_package_file) as archive:
        archive.extractall(workspace / ".readcli-install-abc")
    os.rename(workspace / ".readcli-install-abc" / TOP, workspace / ".readcli-install-abc-old")
    (workspace / ".readcli-install-abc" / TOP).mkdir()  # a partial extraction
    assert used_name(readcli("models", "list", "-f", "tsv").stdout) == TOP
    assert complete() and leftovers() == []


def test_install_on_a_full_disk_is_one_line_and_leaves_nothing(tmp_path, argos_package_file, monkeypatch):
    size = argos_package_file.stat().st_size
    with small_disk(tmp_path / "disk", "1m") as disk:
        monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(disk / "argos" / "packages"))
        fill(disk, leave=size // 4)
        line = one_error_line(readcli("models", "install", str(argos_package_file)), "the disk is full")
        assert "delete" not in line and "memory clear" not in line
        assert installed() == [] and leftovers() == []


def test_install_into_a_read_only_folder_is_one_line(tmp_path, argos_package_file, monkeypatch):
    folder = tmp_path / "argos"
    (folder / "packages").mkdir(parents=True)
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(folder / "packages"))
    with read_only(folder):
        one_error_line(readcli("models", "install", str(argos_package_file)), "read-only", str(folder))
        assert readcli("models", "list", "-f", "tsv").returncode == 0


# --- atomic writes killed mid-way ----------------------------------------------------------------

_PAUSED_WRITER = """
import os, sys, time
from readcli import atomic
def stuck(fd):  # the data is written; the writer is killed before the rename
    print("written", flush=True)
    time.sleep(3600)
os.fsync = stuck
atomic.write_text_atomic(sys.argv[1], "x" * 100000)
"""


def _paused_writer(target: Path) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", _PAUSED_WRITER, str(target)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "written"
    return proc


def temp_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.name.startswith("."))


def test_a_killed_writer_s_temp_file_is_swept_and_a_live_one_is_not(tmp_path):
    from readcli.atomic import sweep

    proc = _paused_writer(tmp_path / "article.txt")
    try:
        [temp] = temp_files(tmp_path)
        assert str(proc.pid) in temp.name
        assert sweep(tmp_path) == [] and temp.exists()  # its writer is alive and holds the lock
        old = time.time() - 7200
        os.utime(temp, (old, old))
        assert sweep(tmp_path) == [] and temp.exists()  # old, but still locked by a live writer
    finally:
        proc.kill()
        proc.wait()
        proc.stdout.close()
    assert sweep(tmp_path) == [temp] and temp_files(tmp_path) == []
    assert not (tmp_path / "article.txt").exists()


def test_add_sweeps_what_a_killed_add_left(tmp_path, corpus):
    proc = _paused_writer(corpus / "009_x.txt")
    proc.kill()
    proc.wait()
    proc.stdout.close()
    assert len(temp_files(corpus)) == 1
    article = tmp_path / "new.txt"
    article.write_text("قال الرئيس إن الاجتماع كان مثمرا.\n", encoding="utf-8")
    done = readcli("--corpus", str(corpus), "add", str(article))
    assert done.returncode == 0, done.stderr
    assert temp_files(corpus) == []


def test_old_style_temp_files_are_swept_only_when_stale(tmp_path):
    from readcli.atomic import sweep

    stale, fresh = tmp_path / ".004_a.txt.k3j9x0ab.tmp", tmp_path / ".005_b.txt.q1w2e3r4.tmp"
    stale.write_text("partial")
    fresh.write_text("partial")
    old = time.time() - 7200
    os.utime(stale, (old, old))
    (tmp_path / ".hidden-user-file.tmp").write_text("keep")
    os.utime(tmp_path / ".hidden-user-file.tmp", (old, old))
    assert sweep(tmp_path) == [stale]
    assert fresh.exists() and (tmp_path / ".hidden-user-file.tmp").exists()


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_new_files_follow_the_umask(tmp_path, umask, mode):
    from readcli.atomic import write_text_atomic

    old = os.umask(umask)
    try:
        write_text_atomic(tmp_path / "a.txt", "x")
    finally:
        os.umask(old)
    assert (tmp_path / "a.txt").stat().st_mode & 0o777 == mode


def test_a_replaced_file_keeps_its_mode(tmp_path):
    from readcli.atomic import write_text_atomic

    target = tmp_path / "a.txt"
    target.write_text("old")
    target.chmod(0o640)
    write_text_atomic(target, "new")
    assert target.read_text() == "new" and target.stat().st_mode & 0o777 == 0o640


def test_write_errors_propagate_and_leave_no_temp_file(tmp_path):
    from readcli.atomic import write_text_atomic
    from readcli.errors import NO_SPACE, PERMISSION, os_fault

    with small_disk(tmp_path / "disk", "256k") as disk:
        with pytest.raises(OSError) as caught:
            write_text_atomic(disk / "big.txt", "x" * 400_000)
        assert caught.value.errno == errno.ENOSPC
        assert os_fault(caught.value, "write", disk / "big.txt").kind == NO_SPACE
        assert list(disk.iterdir()) == []
    folder = tmp_path / "ro"
    folder.mkdir()
    with read_only(folder):
        with pytest.raises(OSError) as caught:
            write_text_atomic(folder / "a.txt", "x")
        assert os_fault(caught.value, "write", folder).kind == PERMISSION
    assert list(folder.iterdir()) == []


def test_add_on_a_full_disk_is_one_line(tmp_path):
    with small_disk(tmp_path / "disk", "256k") as disk:
        corpus = disk / "corpus"
        corpus.mkdir()
        article = tmp_path / "big.txt"
        article.write_text("قال الرئيس إن الاجتماع كان مثمرا. " * 20000, encoding="utf-8")
        one_error_line(readcli("--corpus", str(corpus), "add", str(article)), "the disk is full")
        assert list(corpus.iterdir()) == []


# --- the translation memory through the CLI ------------------------------------------------------


@pytest.fixture
def translated(corpus, argos_package_file, isolated_homes):
    """The package installed and article 004 translated once: its translations are cached."""
    assert readcli("models", "install", str(argos_package_file)).returncode == 0
    first = readcli("--corpus", str(corpus), "translate", "004", "-f", "tsv")
    assert first.returncode == 0, first.stderr
    return first.stdout


def test_cached_reads_work_in_a_read_only_data_folder(translated, corpus, isolated_homes):
    glossary = readcli("--corpus", str(corpus), "glossary", "004", "-f", "tsv")  # model glosses stored
    assert glossary.returncode == 0, glossary.stderr
    with read_only(isolated_homes):
        cached = readcli("--corpus", str(corpus), "glossary", "004", "-f", "tsv")
        assert cached.returncode == 0, cached.stderr
        assert cached.stdout == glossary.stdout
        again = readcli("--corpus", str(corpus), "translate", "004", "-f", "tsv")
        assert again.returncode == 0, again.stderr
        assert again.stdout == translated
        info = readcli("cache", "info", "-f", "tsv")
        assert info.returncode == 0, info.stderr
        assert int(info.stdout.split("\t")[1].split()[0]) > 0
        listing = readcli("--corpus", str(corpus), "list", "-f", "tsv")
        flags = {row.split("\t")[0]: row.split("\t")[4] for row in listing.stdout.splitlines()}
        assert flags["004"] in ("yes", "true", "True", "1", "✓"), listing.stdout
        # New sentences need a write: refused with one line that says how to go on.
        line = one_error_line(readcli("--corpus", str(corpus), "translate", "000"), "read-only", "--no-memory")
        assert "memory clear" not in line
        no_cache = readcli("--corpus", str(corpus), "translate", "000", "--no-cache")
        assert no_cache.returncode == 0, no_cache.stderr


def test_a_read_only_memory_fails_before_the_work(translated, isolated_homes, argos_package_file):
    from readcli.errors import StoreError
    from readcli.translate.packages import installed_ar_en_package
    from readcli.translate.pipeline import Progress, Translator

    class Watch(Progress):
        started = False

        def start(self, total):
            Watch.started = True

    translator = Translator(package=installed_ar_en_package(), progress=Watch())
    with read_only(isolated_homes / "memory.sqlite3"):
        with pytest.raises(StoreError) as caught:
            translator.translate(["جملة لم تترجم من قبل في هذا الاختبار."])
    assert "--no-memory" in str(caught.value) and "memory clear" not in str(caught.value)
    assert not Watch.started  # no model loaded, nothing translated and lost


def test_cache_clear_gets_out_of_a_folder_in_the_memory_s_place(corpus, isolated_homes):
    (isolated_homes / "memory.sqlite3" / "x").mkdir(parents=True)
    one_error_line(readcli("cache", "info"), "readcli memory clear")
    cleared = readcli("cache", "clear")
    assert cleared.returncode == 0, cleared.stderr
    assert "memory.sqlite3" in cleared.stderr
    assert not (isolated_homes / "memory.sqlite3").exists()
    assert readcli("cache", "info", "-f", "tsv").returncode == 0


def test_translate_to_a_folder_sweeps_what_a_killed_run_left(translated, corpus, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    proc = _paused_writer(out / "004.tsv")
    proc.kill()
    proc.wait()
    proc.stdout.close()
    assert len(temp_files(out)) == 1
    done = readcli("--corpus", str(corpus), "translate", "004", "-f", "tsv", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert temp_files(out) == [] and (out / "004.tsv").read_text(encoding="utf-8") == translated
    assert (out / "004.tsv").stat().st_mode & 0o777 == 0o666 & ~_umask()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_glossary_model_glosses_without_a_writable_memory(translated, corpus, isolated_homes):
    # New terms need the model, but the memory cannot be written: the glosses are made without
    # saving (a side translation), not refused.
    with read_only(isolated_homes):
        result = readcli("--corpus", str(corpus), "glossary", "000", "-f", "tsv")
        assert result.returncode == 0, result.stderr
        assert "\tmodel\t" in result.stdout
