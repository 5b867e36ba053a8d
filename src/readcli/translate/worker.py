"""The worker side of ``translate --executor dask`` (see :mod:`readcli.translate.cluster`).

Runs inside Dask worker processes: finds (or receives from the driver) the package whose
fingerprint the driver's memory keys use, loads the model once per process, and translates one
window per task (:func:`readcli.translate.pipeline.translate_window`, the local run's own
function, with the driver's speed settings). Imports Dask only to ask for the worker's address.
"""

from __future__ import annotations

import io
import os
import threading
import zipfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from readcli.errors import ReadcliError
from readcli.translate import pipeline
from readcli.translate import speed
from readcli.translate.speed import Speed

PACKAGES_FOLDER = "cluster-packages"  # in a worker's readcli data folder: packages sent to it


@dataclass(frozen=True)
class Spec:
    """What a worker needs to translate exactly as the driver would."""

    name: str  # the package's folder name
    identity: str  # its fingerprint, as in the memory keys
    beam_size: int
    speed: Speed  # the driver's batch plan and engine settings; only intra_threads may differ


def package_archive(package) -> bytes:
    """The installed package folder as an .argosmodel (a zip with the folder on top)."""
    buffer = io.BytesIO()
    root = Path(package.path)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for path in sorted(root.rglob("*")):
            if path.is_file():
                archive.write(path, f"{root.name}/{path.relative_to(root).as_posix()}")
    return buffer.getvalue()


class _Different(Exception):
    def __init__(self, identity: str):
        super().__init__(identity)
        self.identity = identity


def _worker_address() -> str:
    try:
        from distributed import get_worker

        return get_worker().address
    except (ImportError, ValueError):
        import socket

        return socket.gethostname()


def _cache_folder(spec: Spec) -> Path:
    from readcli.paths import home_dir

    return home_dir() / PACKAGES_FOLDER / spec.identity


def _locate(spec: Spec):
    """The worker's package with the driver's fingerprint, None if it has none; _Different if
    the package installed under that name is another one."""
    from readcli.translate.packages import installed_packages, read_package

    same_name = [p for p in installed_packages() if p.name == spec.name]
    for package in same_name:
        if package.identity() == spec.identity:
            return package
    if same_name:
        raise _Different(same_name[0].identity())
    sent = read_package(_cache_folder(spec) / spec.name)
    if sent is not None and sent.identity() == spec.identity:
        return sent
    return None


def probe_package(spec: Spec) -> tuple[str, str]:
    """On a worker: ("ok"|"missing"|"different", detail)."""
    try:
        package = _locate(spec)
    except _Different as different:
        return "different", different.identity
    return ("ok", str(package.path)) if package is not None else ("missing", "")


def receive_package(spec: Spec, data: bytes) -> tuple[str, str]:
    """On a worker: unpack the driver's package into its data folder; ("ok"|"error", detail)."""
    import shutil
    import tempfile

    from readcli.translate.packages import read_package

    target = _cache_folder(spec)
    try:
        if read_package(target / spec.name) is None:
            target.parent.mkdir(parents=True, exist_ok=True)
            scratch = Path(tempfile.mkdtemp(prefix=".receiving-", dir=target.parent))
            try:
                with zipfile.ZipFile(io.BytesIO(data)) as archive:
                    archive.extractall(scratch / "package")
                try:
                    os.rename(scratch / "package", target)  # atomic: a whole package or none
                except OSError:
                    if read_package(target / spec.name) is None:  # not another worker's copy
                        raise
            finally:
                shutil.rmtree(scratch, ignore_errors=True)
        package = read_package(target / spec.name)
        if package is None or package.identity() != spec.identity:
            return "error", f"the package sent to {target} does not have the fingerprint {spec.identity}"
    except (OSError, zipfile.BadZipFile) as error:
        return "error", f"cannot unpack the package into {target}: {error}"
    return "ok", str(package.path)


_LOCK = threading.Lock()
_ENGINES: dict[Spec, Any] = {}
def _undo_dask_malloc_trim() -> None:
    """Dask's nanny starts workers with ``MALLOC_TRIM_THRESHOLD_=65536``, which also fixes glibc's
    mmap threshold at 128 KiB: every larger buffer CTranslate2 allocates is then an mmap and a
    munmap, about 3x the CPU of a local run (bench/cluster.py). The worker gets the local run's
    allocator settings instead (:func:`readcli.translate.speed.keep_freed_memory`)."""
    if "MALLOC_TRIM_THRESHOLD_" in os.environ:
        speed.keep_freed_memory()


def _worker_engine(spec: Spec):
    """The worker process's engine for ``spec`` (the model loaded once, then kept)."""
    with _LOCK:
        engine = _ENGINES.get(spec)
        if engine is None:
            package = _locate(spec)
            if package is None:
                return None
            _undo_dask_malloc_trim()
            engine = _ENGINES[spec] = pipeline.load_engine(package, spec.beam_size, spec.speed)
        return engine


def translate_window(spec: Spec, window: list) -> tuple:
    """A Dask task: translate one window of the driver's batch plan (a list of
    :class:`readcli.translate.pipeline.WorkItem`) in the batches a local run makes
    (:func:`readcli.translate.pipeline.translate_window` with the driver's speed settings).

    Returns ("ok", worker, [(source, template)...], stats) or ("missing"|"different"|"error",
    worker, detail): readcli's errors travel as values, so they are never lost in pickling.
    """
    worker = _worker_address()
    try:
        engine = _worker_engine(spec)
        if engine is None:
            return "missing", worker, ""
        with _LOCK:  # one window at a time per process: the engine is shared
            stats = pipeline.Stats()
            pairs = [
                (item.source, template)
                for batch in pipeline.translate_window(engine, window, spec.speed, stats)
                for item, template in batch
            ]
    except _Different as different:
        return "different", worker, different.identity
    except ReadcliError as error:
        return "error", worker, str(error)
    return "ok", worker, pairs, asdict(stats)
