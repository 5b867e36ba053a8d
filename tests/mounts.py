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


@contextlib.contextmanager
def failing_disk(path: Path, size_mb: int = 8):
    """An ext4 file system on a loop device mounted on ``path``; yields a function that makes
    every block past the first MiB unreadable (the image file is cut short under the device,
    so reads there fail with EIO, as on a failing disk) and evicts ``files`` from the page cache."""
    _skip_unless_root("a loop device")
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    image = path.with_name(path.name + ".img")
    with open(image, "wb") as handle:
        handle.truncate(size_mb << 20)
    done = _run("losetup", "-f", "--show", str(image))
    if done.returncode != 0:
        pytest.skip(f"loop devices not available here: {done.stderr.strip()}")
    device = done.stdout.strip()
    try:
        made = _run("mkfs.ext4", "-q", "-F", device)
        if made.returncode != 0:
            pytest.skip(f"mkfs.ext4 failed here: {made.stderr.strip()}")
        mounted = _run("mount", device, str(path))
        if mounted.returncode != 0:
            pytest.skip(f"mounting a loop device not permitted here: {mounted.stderr.strip()}")
        try:

            def fail(*files: Path) -> None:
                for name in files:
                    fd = os.open(name, os.O_RDONLY)
                    try:
                        os.fsync(fd)
                        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
                    finally:
                        os.close(fd)
                os.truncate(image, 1 << 20)
                _run("losetup", "-c", device)

            yield fail
        finally:
            _umount(path)
    finally:
        _run("losetup", "-d", device)
        image.unlink(missing_ok=True)
