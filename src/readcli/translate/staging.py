"""Crash-safe folder installs: a locked workspace, staging folders, an atomic swap, a sweep.

A :class:`Workspace` is the folder that holds a target folder (for Argos packages: the folder
holding ``packages/``). While readcli changes the target it holds an ``flock`` on the workspace
folder itself (no lock file is left behind) and works in staging folders named
``.readcli-install-<pid>-<random>`` (or ``.readcli-remove-…``) beside the target, never inside it.
Whoever holds the lock may sweep: any staging folder it sees was left by a killed run.

:func:`swap_in` moves a finished folder into place so that at every instant one complete
version is installed: on Linux the old and new folders are exchanged in one step
(``renameat2(RENAME_EXCHANGE)``); elsewhere the old one is moved aside into the staging folder
first, and a run killed between the two renames is repaired by the next sweep (the old folder
is put back when the target is missing).
"""

from __future__ import annotations

import errno
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

INSTALL_PREFIX = ".readcli-install-"
REMOVE_PREFIX = ".readcli-remove-"
NEW, OLD = "new", "old"
_RENAME_EXCHANGE = 2  # linux/fs.h
_AT_FDCWD = -100


def pause_point(name: str) -> None:
    """Test seam: with READCLI_TEST_PAUSE_AT=name, say so on stderr and wait to be killed."""
    if os.environ.get("READCLI_TEST_PAUSE_AT") == name:
        import time

        print(f"readcli-test: paused at {name}", file=sys.stderr, flush=True)
        while True:
            time.sleep(60)


def exchange(a: Path, b: Path) -> bool:
    """Swap two existing paths in one step (Linux renameat2); False where not supported."""
    if os.environ.get("READCLI_TEST_NO_EXCHANGE") or not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # glibc < 2.28, musl without it
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    renameat2.restype = ctypes.c_int
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, getattr(errno, "ENOTSUP", errno.EINVAL)):
        return False  # a kernel or file system without RENAME_EXCHANGE
    raise OSError(code, os.strerror(code), str(b))


def swap_in(new: Path, final: Path, staging: Path) -> None:
    """Move the finished folder ``new`` to ``final`` (see the module docstring)."""
    if os.path.lexists(final):
        if exchange(new, final):
            return
        aside = staging / OLD
        aside.mkdir(exist_ok=True)
        os.rename(final, aside / final.name)
        pause_point("old-moved-aside")
    os.rename(new, final)


class Workspace:
    """The folder holding ``target``, locked while readcli changes ``target``.

    ``with Workspace(target) as ws`` gives None when the folder cannot be opened, or (with
    ``wait=False``) when another readcli holds the lock. ``complete(folder)`` tells the sweep
    whether a folder moved aside is a whole version worth putting back.
    """

    def __init__(self, target: Path, *, wait: bool = True, complete: Callable[[Path], bool] = Path.is_dir):
        self.target = Path(target)
        self.folder = self.target.parent
        self.wait = wait
        self.complete = complete
        self.fd: int | None = None

    def __enter__(self) -> "Workspace | None":
        try:
            self.fd = os.open(self.folder, os.O_RDONLY | os.O_DIRECTORY)
        except OSError:
            return None
        try:
            import fcntl

            fcntl.flock(self.fd, fcntl.LOCK_EX | (0 if self.wait else fcntl.LOCK_NB))
        except ImportError:  # pragma: no cover - not on Linux/macOS
            pass
        except OSError:  # another readcli holds it: its folders are not leftovers
            os.close(self.fd)
            self.fd = None
            return None
        return self

    def __exit__(self, *exc) -> None:
        if self.fd is not None:
            os.close(self.fd)  # releases the lock
            self.fd = None

    def new_staging(self, prefix: str = INSTALL_PREFIX) -> Path:
        return Path(tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}-", dir=self.folder))

    def sweep(self) -> list[Path]:
        """Put back what a killed swap had moved aside, then delete every staging folder; the
        folders deleted. Errors (a read-only folder) are ignored: this is housekeeping."""
        try:
            leftovers = sorted(
                p
                for p in self.folder.iterdir()
                if p.name.startswith((INSTALL_PREFIX, REMOVE_PREFIX)) and p.is_dir() and not p.is_symlink()
            )
        except OSError:
            return []
        for leftover in leftovers:
            self._restore(leftover)
        removed = []
        for leftover in leftovers:
            shutil.rmtree(leftover, ignore_errors=True)
            if not os.path.lexists(leftover):
                removed.append(leftover)
        return removed

    def _moved_aside(self, leftover: Path) -> list[tuple[Path, str]]:
        if leftover.name.startswith(INSTALL_PREFIX) and leftover.name.endswith("-old"):
            # Left by readcli before 2026-11-23: this folder is the old package itself, and its
            # name is that of the one folder in the staging folder beside it.
            beside = leftover.with_name(leftover.name[: -len("-old")])
            try:
                names = [p.name for p in beside.iterdir()]
            except OSError:
                names = []
            return [(leftover, names[0])] if len(names) == 1 else []
        try:
            return [(p, p.name) for p in (leftover / OLD).iterdir()]
        except OSError:
            return []

    def _restore(self, leftover: Path) -> None:
        for source, name in self._moved_aside(leftover):
            final = self.target / name
            if os.path.lexists(final) or not self.complete(source):
                continue
            try:
                self.target.mkdir(parents=True, exist_ok=True)
                os.rename(source, final)
            except OSError:
                pass
