"""Translating a corpus on a Dask cluster: ``readcli translate --executor dask[://HOST:PORT]``.

The optional extra ``readcli[dask]``. This module is the driver (this process):

- it reads the articles, splits their sentences, drops what the memory already holds, and cuts
  the rest into the same windows as a local run (:func:`readcli.translate.pipeline.article_groups`):
  one Dask task per window (:func:`readcli.translate.worker.translate_window`);
- a worker loads the model once per process and keeps it; a task returns (masked source, template)
  pairs, translated in the same batches as a local run;
- only the driver writes the memory, one transaction per finished task; records stream in corpus
  order as soon as every window up to theirs has come back;
- every worker must use the very package the memory keys name (its fingerprint): a worker that
  lacks it gets the package from the driver once (a zip of the package folder, unpacked in the
  worker's readcli data folder); one with a different package of the same name is an error naming
  the worker.

Dask is imported only by :func:`translate_on_dask`, never when this module is imported (the CLI
parses ``--executor`` with it whether or not Dask is installed). See docs/cluster.md.
"""

from __future__ import annotations

import os
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from readcli.errors import ModelError, ReadcliError, UsageError
from readcli.translate.worker import Spec, package_archive, probe_package, receive_package

DEFAULT_CONNECT_TIMEOUT = 10.0
IN_FLIGHT_PER_THREAD = 2  # windows queued per worker thread: the next one is there when one ends
POLL = 0.02  # seconds between looks for a finished task
WORKER_CHECK = 1.0  # seconds between looks at the number of workers
MISSING_RETRIES = 3  # a window sent again after its worker was sent the package
EXTRA_HINT = "pip install 'readcli[dask]'"


# --- executors ----------------------------------------------------------------------------------


LOCAL = "local"
NEW_CLUSTER = "dask"


def parse_executor(value: str) -> str:
    """``local``, ``dask`` (a new local cluster) or a scheduler address (``tcp://HOST:PORT``)."""
    text = value.strip()
    if text in (LOCAL, NEW_CLUSTER):
        return text
    for scheme in ("dask://", "tcp://"):
        if text.startswith(scheme):
            rest = text[len(scheme):].rstrip("/")
            host, _, port = rest.rpartition(":")
            if host and port.isdigit() and 0 < int(port) < 65536:
                return f"tcp://{host}:{port}"
    raise UsageError(f"--executor takes local, dask or dask://HOST:PORT, not {value!r}")


# --- the driver ---------------------------------------------------------------------------------


@dataclass
class _Window:
    index: int
    articles: list
    masked: list  # per article, the Masked of each sentence
    keys: list[str]  # the masked sources this window's task translates
    templates: dict[str, str] = field(default_factory=dict)
    later: set = field(default_factory=set)  # keys an earlier window translates
    done: bool = False
    attempts: int = 0


def _connect(address: str, workers: int | None, timeout: float):
    """(client, cluster or None); one ReadcliError line when the scheduler cannot be reached."""
    import logging

    try:
        import distributed
    except ImportError:
        raise ReadcliError(f"--executor {address} needs the optional Dask extra: {EXTRA_HINT}") from None
    # The driver speaks in readcli's lines only: Dask's own log (a lost worker, a reconnect) stays quiet.
    for name in [*logging.root.manager.loggerDict, "distributed", "tornado"]:
        if name.split(".")[0] in ("distributed", "tornado"):
            logging.getLogger(name).setLevel(logging.CRITICAL + 1)
    cluster = None
    try:
        if address == NEW_CLUSTER:
            cluster = _local_cluster(distributed, workers or (os.cpu_count() or 1))
            client = distributed.Client(cluster, timeout=timeout)
        else:
            client = distributed.Client(address, timeout=timeout)
    except (OSError, TimeoutError) as error:
        if cluster is not None:
            cluster.close()
        where = "start a local Dask cluster" if address == NEW_CLUSTER else f"reach the Dask scheduler at {address}"
        detail = " ".join(str(error).split()) or type(error).__name__
        raise ReadcliError(f"cannot {where} within {timeout:g} s ({detail})") from None
    try:
        client.wait_for_workers(1, timeout=timeout)
    except (OSError, TimeoutError):
        _close(client, cluster)
        raise ReadcliError(f"the Dask scheduler at {address} has no worker (waited {timeout:g} s)") from None
    return client, cluster


def _local_cluster(distributed, workers: int):
    """A LocalCluster whose worker processes ignore SIGINT: Ctrl-C at a terminal reaches the whole
    process group, and only the driver should answer it (one line; it then closes the cluster)."""
    import logging
    import signal

    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)  # inherited by the spawned workers
    try:
        return distributed.LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
            dashboard_address="127.0.0.1:0", silence_logs=logging.CRITICAL,
        )
    finally:
        signal.signal(signal.SIGINT, previous)


def _close(client, cluster) -> None:
    for thing in (client, cluster):
        if thing is not None:
            try:
                thing.close(timeout=5) if thing is client else thing.close()
            except Exception:  # noqa: BLE001 - closing after a lost scheduler: nothing more to tell
                pass


def translate_on_dask(
    articles: Iterable, translator, *, executor: str, workers: int | None = None,
    timeout: float = DEFAULT_CONNECT_TIMEOUT, intra_threads: int | None = None,
) -> Iterator[tuple[Any, list]]:
    """Like :func:`readcli.translate.pipeline.translate_articles`, with the windows translated as Dask
    tasks. ``executor``: ``dask`` (a new local cluster of ``workers`` processes) or a scheduler
    address from :func:`parse_executor`. ``intra_threads``: CTranslate2's threads in each worker
    (default: the cores shared out between a local cluster's workers; CTranslate2's own default
    on a scheduler's workers)."""
    threads = 0 if intra_threads is None else intra_threads
    if executor == NEW_CLUSTER and intra_threads is None:
        # The cores shared out between the workers, as one local run would use them all.
        threads = max(1, (os.cpu_count() or 1) // (workers or (os.cpu_count() or 1)))
    spec = Spec(
        name=translator.package.name, identity=translator.package.identity(),
        beam_size=translator.beam_size, batch_size=translator.batch_size, intra_threads=threads,
    )
    client, cluster = _connect(executor, workers, timeout)
    try:
        run = _Run(client, translator, spec, "a local Dask cluster" if executor == NEW_CLUSTER else executor, timeout)
        try:
            run.check_workers()
        except (OSError, TimeoutError) as error:  # the scheduler went away before any task
            raise run._lost(error) from None
        yield from run.translate(articles)
    finally:
        _close(client, cluster)


class _Run:
    def __init__(self, client, translator, spec: Spec, where: str, timeout: float = DEFAULT_CONNECT_TIMEOUT):
        self.client = client
        self.timeout = timeout
        self.translator = translator
        self.spec = spec
        self.where = where
        self.token = os.urandom(4).hex()
        self.reader = None
        self.writer = None
        self.assigned: set[str] = set()  # keys sent to a window not yet written out
        self.in_flight: dict[str, _Window] = {}  # future key -> window
        self.futures: dict[str, Any] = {}
        self.finished = 0  # windows stored
        self._archive: bytes | None = None
        self.done_iter = None  # distributed.as_completed, made in translate()

    # -- the package --

    def archive(self) -> bytes:
        if self._archive is None:
            self._archive = package_archive(self.translator.package)
        return self._archive

    def check_workers(self) -> None:
        """Every worker has the package, or gets it now (once); a different one is an error."""
        answers = self.client.run(probe_package, self.spec)
        missing = []
        for worker, (status, detail) in sorted(answers.items()):
            if status == "different":
                raise self._different(worker, detail)
            if status == "missing":
                missing.append(worker)
        if missing:
            self.send_package(missing)

    def _different(self, worker: str, identity: str) -> ModelError:
        return ModelError(
            f"Dask worker {worker} has a different package {self.spec.name} (fingerprint {identity}; "
            f"this machine's is {self.spec.identity}): install the same .argosmodel on every worker, "
            "or remove it from that one so it is sent"
        )

    def send_package(self, workers: list[str]) -> None:
        answers = self.client.run(receive_package, self.spec, self.archive(), workers=workers)
        for worker, (status, detail) in sorted(answers.items()):
            if status != "ok":
                raise ModelError(f"Dask worker {worker}: {detail}")

    # -- planning --

    def lookup(self, keys: list[str]) -> dict[str, str]:
        memory = self.writer or self.reader
        return memory.lookup(self.translator.model_key, keys) if memory is not None and keys else {}

    def plan(self, index: int, group: list) -> _Window:
        from readcli.translate.masking import mask_source

        tr = self.translator
        masked = [[mask_source(s.text, tr.terms) for s in article.sentences] for article in group]
        keys = list(dict.fromkeys(m.text for ms in masked for m in ms if m.text))  # "" needs no model
        tr.stats.sentences += sum(len(ms) for ms in masked)
        tr.stats.unique += len(keys)
        window = _Window(index, group, masked, [])
        if tr.use_cache:
            later = [k for k in keys if k in self.assigned]
            window.later = set(later)
            window.templates = self.lookup([k for k in keys if k not in window.later])
            tr.stats.cached += len(window.templates)
            window.keys = [k for k in keys if k not in window.templates and k not in window.later]
            if window.keys and self.writer is None:
                # As a local run: a memory that cannot be written is one line before the work.
                from readcli.translate.memory import Memory

                if self.reader is not None:
                    self.reader.close()
                    self.reader = None
                self.writer = Memory.open(write=True)
                self.writer.require_space(64 * 1024 + sum(4 * len(k.encode()) + 512 for k in window.keys))
            self.assigned.update(window.keys)
        else:
            window.keys = keys
        return window

    # -- tasks --

    def submit(self, window: _Window) -> None:
        from readcli.translate.worker import translate_window as task  # pickled by reference

        window.attempts += 1
        key = f"readcli-window-{self.token}-{window.index}-{window.attempts}"
        future = self.client.submit(task, self.spec, window.keys, key=key, pure=False)
        self.futures[key] = future
        self.in_flight[key] = window
        self.done_iter.add(future)

    def collect(self, future) -> None:
        """Store one finished task's translations (one transaction) and mark its window done."""
        window = self.in_flight.pop(future.key)
        del self.futures[future.key]
        result = self._result(future)
        status, worker = result[0], result[1]
        if status == "missing":
            if window.attempts > MISSING_RETRIES:
                raise ModelError(f"Dask worker {worker} still has no package {self.spec.name} after it was sent")
            self.send_package([worker])
            self.submit(window)
            return
        if status == "different":
            raise self._different(worker, result[2])
        if status == "error":
            raise ReadcliError(f"on Dask worker {worker}: {result[2]}")
        pairs, stats = result[2], result[3]
        if self.writer is not None:
            self.writer.store(self.translator.model_key, pairs)
        window.templates.update(pairs)
        for name, value in stats.items():
            setattr(self.translator.stats, name, getattr(self.translator.stats, name) + value)
        window.done = True
        self.finished += 1

    def _result(self, future):
        from concurrent.futures import CancelledError

        from distributed.scheduler import KilledWorker

        try:
            return future.result()
        except KilledWorker:
            raise ReadcliError(
                f"a translation task on {self.where} killed every worker it ran on; "
                f"{self._kept()}"
            ) from None
        except (CancelledError, OSError, TimeoutError) as error:
            raise self._lost(error) from None
        except Exception as error:
            if type(error).__name__ in ("FutureCancelledError", "CommClosedError"):
                raise self._lost(error) from None
            raise

    def _kept(self) -> str:
        if self.translator.use_cache:
            return f"{self.finished} finished tasks are saved in the translation memory: run the command again to resume"
        return f"{self.finished} tasks had finished (--no-memory: nothing was saved)"

    def _lost(self, error: BaseException) -> ReadcliError:
        return ReadcliError(f"lost the Dask scheduler at {self.where} ({type(error).__name__}); {self._kept()}")

    def save_finished(self) -> None:
        """On Ctrl-C: keep what already came back (every finished task is stored)."""
        for future in list(self.futures.values()):
            if future.status == "finished":
                try:
                    result = future.result(timeout=1)
                except Exception:  # noqa: BLE001 - a result that cannot be had is redone next run
                    continue
                if result[0] == "ok" and self.writer is not None:
                    self.writer.store(self.translator.model_key, result[2])

    # -- the run --

    def translate(self, articles: Iterable) -> Iterator[tuple[Any, list]]:
        from distributed import as_completed

        from readcli.translate.memory import Memory
        from readcli.translate.pipeline import article_groups

        tr = self.translator
        if tr.use_cache:
            self.reader = Memory.open(create=False)
        threads = sum(self.client.nthreads().values()) or 1
        limit = max(2, IN_FLIGHT_PER_THREAD * threads)
        queue: deque[_Window] = deque()
        self.done_iter = as_completed()
        try:
            for index, group in enumerate(article_groups(articles, tr.batch_size)):
                window = self.plan(index, group)
                queue.append(window)
                if window.keys:
                    self.submit(window)
                else:
                    window.done = True
                while len(self.in_flight) >= limit:
                    self._next()
                yield from self.flush(queue)
            while self.in_flight:
                self._next()
                yield from self.flush(queue)
            yield from self.flush(queue)
        except KeyboardInterrupt:
            self.save_finished()
            raise
        finally:
            for memory in (self.reader, self.writer):
                if memory is not None:
                    memory.close()

    def _next(self) -> None:
        """Wait for a task to finish and collect it; an error when the cluster has no worker left
        for longer than the connect timeout (Dask would wait for one forever)."""
        alone_since = None
        checked = time.monotonic()
        while not self.done_iter.has_ready():
            time.sleep(POLL)
            now = time.monotonic()
            if now - checked >= WORKER_CHECK:
                checked = now
                try:
                    workers = len(self.client.nthreads())
                except Exception as error:  # noqa: BLE001 - the scheduler is gone, whatever Dask raises
                    raise self._lost(error) from None
                alone_since = None if workers else (alone_since or now)
                if alone_since is not None and now - alone_since > self.timeout:
                    raise ReadcliError(
                        f"the Dask scheduler at {self.where} has had no worker for {self.timeout:g} s; {self._kept()}"
                    )
        try:
            future = next(self.done_iter)
        except StopIteration:  # nothing left to wait for (cannot happen while tasks are in flight)
            raise self._lost(RuntimeError("no task left")) from None
        self.collect(future)

    def flush(self, queue: deque) -> Iterator[tuple[Any, list]]:
        """Records of every window whose predecessors are all done, in corpus order."""
        from readcli.translate.pipeline import Record
        from readcli.translate.stored import english

        while queue and queue[0].done:
            window = queue.popleft()
            if window.later:
                # Translated by an earlier window (now stored), or by it in this run (--no-memory
                # never shares keys between windows).
                window.templates.update(self.lookup(sorted(window.later)) if self.writer else {})
            self.assigned.difference_update(window.keys)
            for article, masked in zip(window.articles, window.masked):
                yield article, [
                    Record(
                        article=article.id, sentence=s.number, paragraph=s.paragraph, ar=s.text,
                        en=english(m, window.templates),
                    )
                    for s, m in zip(article.sentences, masked)
                ]
