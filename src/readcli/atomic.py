"""Atomic file writes: write a temporary file beside the target, then rename it over.

Temporary files are named ``.<target name>.<pid>-<random>.readcli-tmp`` and are locked
(``flock``) by their writer from creation until after the rename, so a later run can tell an
abandoned one (its writer was killed) from one being written: :func:`sweep` removes the
abandoned ones. New files get the mode the umask allows (0644 under umask 022), or the mode of
the file they replace. Write errors propagate as :class:`OSError` (callers classify them with
:func:`readcli.errors.os_fault`); the temporary file is always removed.
"""

from __future__ import annotations

import os
import re
import tempfile
import time
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - not on Linux/macOS
    fcntl = None  # type: ignore[assignment]

SUFFIX = ".readcli-tmp"
# A temp file whose PID is alive is left alone this long (it may not be locked yet, just created).
_GRACE_SECONDS = 60.0
# Without flock (or if flock is not honoured), a temp file this old is abandoned whatever its PID.
_STALE_SECONDS = 6 * 3600.0
_TEMP_NAME = re.compile(r"^\..+\.(\d+)-[A-Za-z0-9_]+" + re.escape(SUFFIX) + "$")
# Names left by readcli before this scheme (tempfile.mkstemp: ``.<name>.XXXXXXXX.tmp``).
_LEGACY_NAME = re.compile(r"^\..+\.[a-z0-9_]{8}\.tmp$")


def current_umask() -> int:
    """The process umask, read without changing it where the system allows."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def new_file_mode() -> int:
    """The mode ``open()`` would give a new file: 0o666 minus the umask."""
    return 0o666 & ~current_umask()


def _lock(fd: int) -> None:
    if fcntl is not None:
        fcntl.flock(fd, fcntl.LOCK_EX)


def write_bytes_atomic(path: Path, data: bytes, *, overwrite: bool = True) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one.

    With ``overwrite=False`` an existing file is never replaced (``FileExistsError``),
    even if it appears between the check and the rename.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}-", suffix=SUFFIX, dir=path.parent)
    try:
        _lock(fd)
        try:
            mode = os.stat(path).st_mode & 0o7777 if overwrite else new_file_mode()
        except OSError:
            mode = new_file_mode()
        os.fchmod(fd, mode)
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
        # Renamed while still open and locked, so a sweep never takes it for abandoned.
        if overwrite:
            os.replace(tmp, path)
        else:
            # link() fails if the target exists: no window in which we could clobber it.
            os.link(tmp, path)
            os.unlink(tmp)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    finally:
        os.close(fd)


def write_text_atomic(path: Path, text: str, *, overwrite: bool = True) -> None:
    """Write ``text`` as UTF-8 (newlines as given) to ``path``; see :func:`write_bytes_atomic`."""
    write_bytes_atomic(path, text.encode("utf-8"), overwrite=overwrite)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _abandoned(path: Path, now: float) -> bool:
    """True when ``path`` (a temp file of ours) looks abandoned: its writer's PID is gone, or it
    is older than the grace period (a PID from another PID namespace, or reused). The caller
    then checks the lock, which a live writer holds."""
    match = _TEMP_NAME.match(path.name)
    try:
        age = now - path.lstat().st_mtime
    except OSError:
        return False
    limit = _GRACE_SECONDS if fcntl is not None else _STALE_SECONDS
    return age > limit or (match is not None and not _pid_alive(int(match.group(1))))


def sweep(folder: Path) -> list[Path]:
    """Remove temp files that killed writers left in ``folder``; the paths removed.

    A temp file is removed only when its writer is gone: no process holds its lock, and its
    writer's PID is dead (or the file is over a minute old); files being written are never
    touched. Errors (a read-only folder) are
    ignored: sweeping is housekeeping, never a reason to fail a command.
    """
    folder = Path(folder)
    removed: list[Path] = []
    now = time.time()
    try:
        names = [e.name for e in os.scandir(folder) if e.name.startswith(".")]
    except OSError:
        return removed
    for name in names:
        legacy = _LEGACY_NAME.match(name) is not None
        if not (_TEMP_NAME.match(name) or legacy):
            continue
        candidate = folder / name
        if not _abandoned(candidate, now):
            continue
        if legacy:
            # Old-style names carry no lock: wait until they are clearly stale.
            try:
                if now - candidate.lstat().st_mtime < _STALE_SECONDS / 6:
                    continue
                candidate.unlink()
                removed.append(candidate)
            except OSError:
                pass
            continue
        if fcntl is None:
            try:
                candidate.unlink()
                removed.append(candidate)
            except OSError:
                pass
            continue
        try:
            fd = os.open(candidate, os.O_RDONLY | os.O_NOFOLLOW)
        except OSError:
            continue
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                continue  # a live writer holds it
            try:
                # Still the same file under that name? (the writer may have renamed it meanwhile)
                if os.path.samestat(os.fstat(fd), os.lstat(candidate)):
                    os.unlink(candidate)
                    removed.append(candidate)
            except OSError:
                pass
        finally:
            os.close(fd)
    return removed
