"""Translating a corpus on a Dask cluster: ``readcli translate --executor dask[://HOST:PORT]``.

The optional extra ``readcli[dask]``. This module is the driver (this process):

- it runs the local pipeline (:meth:`readcli.translate.pipeline.Translator.stream`): reads the
  articles, splits their sentences, masks glossary terms, drops what the memory already holds, and
  plans the rest with :func:`readcli.translate.pipeline.plan_windows` and the same speed settings
  as a local run, so the same windows (it loads only the SentencePiece model, to count pieces);
- :class:`DaskRunner` sends each window as one Dask task
  (:func:`readcli.translate.worker.translate_window`); a worker loads the model once per process
  and keeps it, and translates the window with the local run's own
  :func:`readcli.translate.pipeline.translate_window`, so the same batches;
- only the driver writes the memory, one transaction per finished task, and fills in the records
  (glossary renderings included) with the local run's code; records stream in corpus order;
- every worker must use the very package the memory keys name (its fingerprint): a worker that
  lacks it gets the package from the driver once (a zip of the package folder, unpacked in the
  worker's readcli data folder); one with a different package of the same name is an error naming
  the worker.

Dask is imported only by :func:`translate_on_dask`, never when this module is imported (the CLI
parses ``--executor`` with it whether or not Dask is installed). See docs/cluster.md.
"""

from __future__ import annotations

import dataclasses
import os
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from readcli.errors import ModelError, ReadcliError, UsageError
from readcli.translate.engine import load_tokenizer
from readcli.translate.pipeline import WindowRunner, WorkItem, translate_articles
from readcli.translate.worker import Spec, package_archive, probe_package, receive_package
from readcli.translate.worker import translate_window as window_task  # pickled by reference: the workers import it

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
    items: list[WorkItem]  # one window of the batch plan
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
    address from :func:`parse_executor`. The workers use ``translator.speed``, with CTranslate2's
    threads per worker set to ``intra_threads`` when given; otherwise ``speed.intra_threads``,
    whose 0 on a new local cluster means the cores shared out between its workers (and
    elsewhere each worker's own half of its cores). Only the threads differ from a local run."""
    speed = translator.speed
    threads = speed.intra_threads if intra_threads is None else intra_threads
    if executor == NEW_CLUSTER and intra_threads is None and threads == 0:
        # The cores shared out between the workers, as one local run would use them all.
        threads = max(1, (os.cpu_count() or 1) // (workers or (os.cpu_count() or 1)))
    spec = Spec(
        name=translator.package.name, identity=translator.package.identity(), beam_size=translator.beam_size,
        speed=dataclasses.replace(speed, intra_threads=threads),
    )
    client, cluster = _connect(executor, workers, timeout)
    try:
        runner = DaskRunner(client, translator, spec, "a local Dask cluster" if executor == NEW_CLUSTER else executor, timeout)
        try:
            runner.check_workers()
        except (OSError, TimeoutError) as error:  # the scheduler went away before any task
            raise runner._lost(error) from None
        yield from translate_articles(articles, translator, runner)
    finally:
        _close(client, cluster)


class DaskRunner(WindowRunner):
    """Translates the batch plan's windows as Dask tasks, one task a window
    (:meth:`readcli.translate.pipeline.Translator.stream` stores and fills in what comes back)."""

    def __init__(self, client, translator, spec: Spec, where: str, timeout: float = DEFAULT_CONNECT_TIMEOUT):
        self.client = client
        self.timeout = timeout
        self.translator = translator
        self.spec = spec
        self.where = where
        self.token = os.urandom(4).hex()
        self.in_flight: dict[str, _Window] = {}  # future key -> window
        self.futures: dict[str, Any] = {}
        self.finished = 0  # tasks handed back (each stored at once)
        self._archive: bytes | None = None
        self.done_iter = None  # distributed.as_completed, made in batches()

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

    # -- the runner --

    def pieces(self, sources: list[str]) -> list[int]:
        """Counted with the package's SentencePiece model alone: the model itself stays on the workers."""
        return [len(p) for p in load_tokenizer(self.translator.package).encode(sources, out_type=str)]

    def batches(self, windows: Iterable[list[WorkItem]]) -> Iterator[list[tuple[WorkItem, str]]]:
        from distributed import as_completed

        try:
            threads = sum(self.client.nthreads().values()) or 1
        except Exception as error:  # noqa: BLE001 - the scheduler is gone, whatever Dask raises
            raise self._lost(error) from None
        limit = max(2, IN_FLIGHT_PER_THREAD * threads)
        self.done_iter = as_completed()
        for index, items in enumerate(windows):
            self.submit(_Window(index, items))
            while len(self.in_flight) >= limit:
                yield from self._next()
        while self.in_flight:
            yield from self._next()

    def finished_now(self) -> list[list[tuple[WorkItem, str]]]:
        """On Ctrl-C: what already came back (every finished task is stored)."""
        done = []
        for key, future in list(self.futures.items()):
            if future.status == "finished":
                try:
                    result = future.result(timeout=1)
                except Exception:  # noqa: BLE001 - a result that cannot be had is redone next run
                    continue
                if result[0] == "ok":
                    done.append(self._batch(self.in_flight[key], result))
        return done

    # -- tasks --

    def submit(self, window: _Window) -> None:
        window.attempts += 1
        key = f"readcli-window-{self.token}-{window.index}-{window.attempts}"
        future = self.client.submit(window_task, self.spec, window.items, key=key, pure=False)
        self.futures[key] = future
        self.in_flight[key] = window
        self.done_iter.add(future)

    def collect(self, future) -> list[tuple[WorkItem, str]] | None:
        """One finished task's (item, template) pairs; None when its window was sent again."""
        window = self.in_flight.pop(future.key)
        del self.futures[future.key]
        result = self._result(future)
        # Released here, not by the garbage collector: a Ctrl-C that lands in Future.__del__
        # would be printed and swallowed, and the run would go on to the end.
        future.release()
        status, worker = result[0], result[1]
        if status == "missing":
            if window.attempts > MISSING_RETRIES:
                raise ModelError(f"Dask worker {worker} still has no package {self.spec.name} after it was sent")
            self.send_package([worker])
            self.submit(window)
            return None
        if status == "different":
            raise self._different(worker, result[2])
        if status == "error":
            raise ReadcliError(f"on Dask worker {worker}: {result[2]}")
        self.finished += 1
        return self._batch(window, result)

    def _batch(self, window: _Window, result) -> list[tuple[WorkItem, str]]:
        pairs, stats = result[2], result[3]
        stats_here = self.translator.stats
        for name, value in stats.items():
            setattr(stats_here, name, getattr(stats_here, name) + value)
        by_source = {item.source: item for item in window.items}
        return [(by_source[source], template) for source, template in pairs]

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

    def _next(self) -> Iterator[list[tuple[WorkItem, str]]]:
        """Wait for a task to finish and hand back its pairs; an error when the cluster has no
        worker left for longer than the connect timeout (Dask would wait for one forever)."""
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
        batch = self.collect(future)
        if batch is not None:
            yield batch
