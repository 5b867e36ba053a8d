"""Real read-only folders and real full disks for the fault tests (root only; else skipped).

Root ignores chmod, so a read-only folder is a read-only bind mount, and a full disk is a small
tmpfs. Each is a context manager that unmounts on the way out, even when the test fails.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
from pathlib import Path

import pytest


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(list(args), capture_output=True, text=True)


def _skip_unless_root(what: str) -> None:
    if os.geteuid() != 0:
        pytest.skip(f"{what} needs root (mount); chmod cannot make a folder read-only for root")


@contextlib.contextmanager
def read_only(path: Path):
    """``path`` (a folder or a file) mounted read-only over itself for the duration."""
    _skip_unless_root("a read-only bind mount")
    path = Path(path)
    done = _run("mount", "--bind", str(path), str(path))
    if done.returncode != 0:
        pytest.skip(f"bind mount not permitted here: {done.stderr.strip()}")
    try:
        done = _run("mount", "-o", "remount,ro,bind", str(path))
        if done.returncode != 0:
            pytest.skip(f"read-only remount not permitted here: {done.stderr.strip()}")
        yield path
    finally:
        _umount(path)


@contextlib.contextmanager
def small_disk(path: Path, size: str = "512k"):
    """A tmpfs of ``size`` mounted on the (new, empty) folder ``path``."""
    _skip_unless_root("a size-limited tmpfs")
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    done = _run("mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path))
    if done.returncode != 0:
        pytest.skip(f"tmpfs mount not permitted here: {done.stderr.strip()}")
    try:
        yield path
    finally:
        _umount(path)


def _umount(path: Path) -> None:
    done = _run("umount", str(path))
    if done.returncode != 0:  # a process still holds a file: detach lazily
        _run("umount", "-l", str(path))


def fill(folder: Path, leave: int = 0) -> Path:
    """Fill the file system holding ``folder`` until at most ``leave`` bytes are free."""
    filler = Path(folder) / "filler"
    chunk = b"\0" * 65536
    with open(filler, "ab") as handle:
        while True:
            stats = os.statvfs(folder)
            free = stats.f_bavail * stats.f_frsize
            if free <= leave:
                break
            try:
                handle.write(chunk[: max(1, min(len(chunk), free - leave))])
                handle.flush()
            except OSError:
                break
    return filler
