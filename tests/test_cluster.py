"""`translate --all --executor dask...` on real Dask processes on 127.0.0.1 (issue 20).

Every run is compared with a local run of the same corpus (36 articles made from the samples),
package, beam and batch size: the same (article, sentence, ar) in the same order, each once, and
the same English (the windows and batches are the local run's; see docs/cluster.md for when the
English may differ). Skipped when the optional extra readcli[dask] is not installed.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("distributed", reason="the optional extra readcli[dask] (dask, distributed) is not installed")

from helpers import default_sigint, one_error_line  # noqa: E402

PRELOAD = Path(__file__).with_name("cluster_preload.py")
ARTICLES = 36
BATCH = "4"  # small batches: more windows, so a fault can land mid-run
DEADLINE = 120  # seconds for any one readcli run


@pytest.fixture
def big_corpus(tmp_path) -> Path:
    from readcli.testing.articles import write_articles

    folder = tmp_path / "big-corpus"
    write_articles(folder, ARTICLES)
    return folder


@pytest.fixture
def installed(argos_package_file):
    run = subprocess.run(
        [sys.executable, "-m", "readcli", "models", "install", str(argos_package_file)],
        capture_output=True, text=True, timeout=DEADLINE,
    )
    assert run.returncode == 0, run.stderr
    return argos_package_file


def readcli(corpus: Path, *args: str, home: Path | None = None, **kwargs) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    if home is not None:
        env["READCLI_HOME"] = str(home)
    return subprocess.run(
        [sys.executable, "-m", "readcli", "--corpus", str(corpus), *args],
        capture_output=True, text=True, env=env, timeout=DEADLINE, **kwargs,
    )


def translate_args(*extra: str) -> list[str]:
    return ["translate", "--all", "-f", "jsonl", "--batch-size", BATCH, *extra]


def records(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines()]


@pytest.fixture
def local_run(big_corpus, installed, tmp_path) -> list[dict]:
    """The local run's records (its own data folder: the cluster runs start with an empty memory)."""
    run = readcli(big_corpus, *translate_args(), home=tmp_path / "local-home")
    assert run.returncode == 0, run.stderr
    found = records(run.stdout)
    assert len(found) > 5 * ARTICLES
    return found


def memory_rows(home: Path) -> int:
    with sqlite3.connect(home / "memory.sqlite3") as db:
        return db.execute("SELECT count(*) FROM translations").fetchone()[0]


def assert_same_as_local(found: list[dict], local: list[dict]) -> None:
    """Every (article, sentence, ar) once, in the local run's order, with the same English."""
    assert [(r["article"], r["sentence"], r["ar"]) for r in found] == [
        (r["article"], r["sentence"], r["ar"]) for r in local
    ]
    differing = [(a, b) for a, b in zip(found, local) if a["en"] != b["en"]]
    assert differing == [], f"{len(differing)} of {len(local)} records differ in en"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class DaskProcesses:
    """A `dask scheduler` and `dask worker` processes on 127.0.0.1, all ended by close()."""

    def __init__(self, tmp_path: Path):
        self.tmp_path = tmp_path
        self.port = free_port()
        self.address = f"tcp://127.0.0.1:{self.port}"
        self.processes: list[subprocess.Popen] = []
        self.scheduler = self._start(
            "scheduler", ["scheduler", "--host", "127.0.0.1", "--port", str(self.port), "--no-dashboard"]
        )
        self._wait_for_port()

    def _start(self, name: str, args: list[str], env: dict | None = None) -> subprocess.Popen:
        log = open(self.tmp_path / f"dask-{name}.log", "w")
        proc = subprocess.Popen(
            [sys.executable, "-m", "dask", *args], stdout=log, stderr=subprocess.STDOUT, env=env or dict(os.environ),
            stdin=subprocess.DEVNULL,
        )
        log.close()
        self.processes.append(proc)
        return proc

    def _wait_for_port(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.1)
        raise AssertionError("the dask scheduler did not start")

    def worker(self, name: str, *, port: int | None = None, **env: str) -> subprocess.Popen:
        """A worker without a nanny (killing it removes it); ``env`` is added to its environment."""
        args = [
            "worker", self.address, "--name", name, "--nthreads", "1", "--no-nanny", "--no-dashboard",
            "--host", "127.0.0.1", "--death-timeout", "30", "--preload", str(PRELOAD),
        ]
        if port is not None:
            args += ["--worker-port", str(port)]
        return self._start(name, args, {**os.environ, **env})

    def wait_for_workers(self, count: int) -> None:
        from distributed import Client

        with Client(self.address, timeout=30) as client:
            client.wait_for_workers(count, timeout=60)

    def close(self) -> None:
        for proc in reversed(self.processes):
            if proc.poll() is None:
                proc.kill()
        for proc in self.processes:
            proc.wait(timeout=30)


@pytest.fixture
def dask_processes(tmp_path):
    processes = DaskProcesses(tmp_path)
    yield processes
    processes.close()


def test_local_cluster_of_two_workers_matches_the_local_run(big_corpus, local_run, tmp_path):
    home = tmp_path / "dask-home"
    run = readcli(big_corpus, *translate_args("--executor", "dask", "--workers", "2"), home=home)
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""
    assert_same_as_local(records(run.stdout), local_run)
    assert memory_rows(home) == memory_rows(tmp_path / "local-home")
    # A second run finds everything in the memory and writes nothing.
    again = readcli(big_corpus, *translate_args("--executor", "dask", "--workers", "2"), home=home)
    assert again.returncode == 0, again.stderr
    assert records(again.stdout) == records(run.stdout)
    assert memory_rows(home) == memory_rows(tmp_path / "local-home")


@pytest.mark.parametrize("options", [
    {"batch_size": 4, "read_ahead": 3},
    {"batch_type": "tokens", "batch_size": 96, "read_ahead": 2},
], ids=["examples", "tokens"])
def test_the_driver_sends_the_local_runs_windows(big_corpus, installed, monkeypatch, options):
    """The windows the driver sends as tasks are the ones the local run gets from plan_windows
    (pieces counted with the tokenizer alone on the driver, with the engine locally), and the
    English is byte-identical on a local cluster of 2 workers (1 CTranslate2 thread, as locally);
    the workers made as many batches as the local run (a random-weight model's English alone
    would not tell other batches apart)."""
    from readcli.corpus import Corpus
    from readcli.translate import cluster, pipeline
    from readcli.translate.speed import Speed

    speed = Speed(intra_threads=1, **options)
    planned, sent = [], []
    local_batches, dask_submit = pipeline.LocalRunner.batches, cluster.DaskRunner.submit

    def recorded_batches(self, windows):
        windows = [list(w) for w in windows]
        planned.extend(windows)
        return local_batches(self, windows)

    def recorded_submit(self, window):
        sent.append(list(window.items))
        return dask_submit(self, window)

    monkeypatch.setattr(pipeline.LocalRunner, "batches", recorded_batches)
    monkeypatch.setattr(cluster.DaskRunner, "submit", recorded_submit)
    articles, _ = Corpus(big_corpus).readable_articles()
    local = pipeline.Translator(use_cache=False, speed=speed)
    local_records = [r for _, found in pipeline.translate_articles(articles, local) for r in found]
    on_dask = pipeline.Translator(use_cache=False, speed=speed)
    dask_records = [
        r for _, found in cluster.translate_on_dask(articles, on_dask, executor="dask", workers=2) for r in found
    ]
    assert len(planned) > 3
    assert {item.article for item in planned[0]} == {articles[0].id}  # the first article alone
    assert sent == planned
    assert dask_records == local_records  # every field, en byte for byte
    assert on_dask.stats == local.stats  # the same sentences, batches and glossary slots
    assert local.stats.batches > len(planned)


def test_scheduler_and_two_workers_one_killed_mid_task(big_corpus, local_run, dask_processes, tmp_path):
    """The acceptance check: `dask scheduler`, two `dask worker`s, one killed while it runs a task."""
    mark = tmp_path / "busy"
    doomed = dask_processes.worker("doomed", READCLI_TEST_TASK_MARK=str(mark), READCLI_TEST_TASK_DELAY="2")
    # The other worker has no package of its own: the driver sends it the .argosmodel once.
    bare = tmp_path / "bare-worker"
    dask_processes.worker(
        "bare", ARGOS_PACKAGES_DIR=str(bare / "packages"), READCLI_HOME=str(bare / "home"),
        READCLI_TEST_TASK_DELAY="0.2",
    )
    dask_processes.wait_for_workers(2)
    home = tmp_path / "dask-home"
    env = {**os.environ, "READCLI_HOME": str(home)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "readcli", "--corpus", str(big_corpus),
         *translate_args("--executor", dask_processes.address.replace("tcp://", "dask://"))],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )
    deadline = time.monotonic() + DEADLINE
    while not mark.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert mark.exists(), "the doomed worker never started a task"
    doomed.kill()  # in the middle of its task (it waits 2 s before translating)
    out, err = proc.communicate(timeout=DEADLINE)
    assert proc.returncode == 0, err
    assert err == ""
    assert_same_as_local(records(out), local_run)
    assert memory_rows(home) == memory_rows(tmp_path / "local-home")
    received = list((bare / "home" / "cluster-packages").glob("*/translate-ar_en-1_0/metadata.json"))
    assert len(received) == 1


def _run_until_first_output(big_corpus, executor: str, home: Path) -> tuple[subprocess.Popen, str]:
    env = {**os.environ, "READCLI_HOME": str(home), "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "readcli", "--corpus", str(big_corpus),
         *translate_args("--executor", executor, "--connect-timeout", "3")],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, preexec_fn=default_sigint,
    )
    first = proc.stdout.readline()
    assert first, proc.stderr.read()
    return proc, first


def test_scheduler_lost_mid_run_is_one_line_and_keeps_finished_work(big_corpus, local_run, dask_processes, tmp_path):
    for name in ("a", "b"):
        dask_processes.worker(name, READCLI_TEST_TASK_DELAY="0.3")
    dask_processes.wait_for_workers(2)
    home = tmp_path / "dask-home"
    proc, first = _run_until_first_output(big_corpus, dask_processes.address, home)
    dask_processes.scheduler.kill()
    out, err = proc.communicate(timeout=DEADLINE)
    one_error_line(subprocess.CompletedProcess([], proc.returncode, first + out, err), "lost the Dask scheduler")
    kept = memory_rows(home)
    assert 0 < kept < memory_rows(tmp_path / "local-home")
    # Resume with no cluster at all: only what was lost is translated, and the output is whole.
    again = readcli(big_corpus, *translate_args(), home=home)
    assert again.returncode == 0, again.stderr
    assert [(r["article"], r["sentence"]) for r in records(again.stdout)] == [
        (r["article"], r["sentence"]) for r in local_run
    ]
    assert memory_rows(home) == memory_rows(tmp_path / "local-home")


def test_ctrl_c_keeps_finished_tasks_and_a_rerun_resumes(big_corpus, local_run, dask_processes, tmp_path):
    for name in ("a", "b"):
        dask_processes.worker(name, READCLI_TEST_TASK_DELAY="0.3")
    dask_processes.wait_for_workers(2)
    home = tmp_path / "dask-home"
    proc, first = _run_until_first_output(big_corpus, dask_processes.address, home)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=DEADLINE)
    one_error_line(subprocess.CompletedProcess([], proc.returncode, first + out, err), "interrupted", code=130)
    kept = memory_rows(home)
    assert kept > 0
    again = readcli(big_corpus, *translate_args("--executor", dask_processes.address), home=home)
    assert again.returncode == 0, again.stderr
    assert_same_as_local(records(again.stdout), local_run)
    assert memory_rows(home) == memory_rows(tmp_path / "local-home")


def test_unreachable_scheduler_is_one_line_after_the_timeout(big_corpus, installed):
    port = free_port()
    started = time.monotonic()
    run = readcli(big_corpus, *translate_args("--executor", f"dask://127.0.0.1:{port}", "--connect-timeout", "1.5"))
    elapsed = time.monotonic() - started
    one_error_line(run, f"cannot reach the Dask scheduler at tcp://127.0.0.1:{port} within 1.5 s", stdout_empty=True)
    assert 1.5 <= elapsed < 30


def test_a_worker_with_another_package_of_the_same_name_is_named(big_corpus, installed, dask_processes, tmp_path):
    from readcli.testing.argos_package import build_package

    other = build_package(tmp_path / "other-package", seed=11)  # same name, other weights
    packages = tmp_path / "other-worker" / "packages"
    install = subprocess.run(
        [sys.executable, "-m", "readcli", "models", "install", str(other)], capture_output=True, text=True,
        env={**os.environ, "ARGOS_PACKAGES_DIR": str(packages)}, timeout=DEADLINE,
    )
    assert install.returncode == 0, install.stderr
    port = free_port()
    dask_processes.worker("other", port=port, ARGOS_PACKAGES_DIR=str(packages))
    dask_processes.wait_for_workers(1)
    run = readcli(big_corpus, *translate_args("--executor", dask_processes.address))
    one_error_line(
        run, f"Dask worker tcp://127.0.0.1:{port} has a different package translate-ar_en-1_0", stdout_empty=True
    )


def test_without_the_extra_the_dask_executor_is_one_line(cli, monkeypatch, argos_package_file):
    assert cli("models", "install", str(argos_package_file)).exit_code == 0
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if readcli[dask] were not installed
    result = cli("translate", "004", "--executor", "dask")
    one_error_line(result, "pip install 'readcli[dask]'")


def test_every_worker_gone_is_one_line_after_the_timeout(big_corpus, installed, dask_processes, tmp_path):
    mark = tmp_path / "busy"
    only = dask_processes.worker("only", READCLI_TEST_TASK_MARK=str(mark), READCLI_TEST_TASK_DELAY="5")
    dask_processes.wait_for_workers(1)
    env = {**os.environ, "READCLI_HOME": str(tmp_path / "dask-home")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "readcli", "--corpus", str(big_corpus),
         *translate_args("--executor", dask_processes.address, "--connect-timeout", "2")],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )
    deadline = time.monotonic() + DEADLINE
    while not mark.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    only.kill()
    out, err = proc.communicate(timeout=DEADLINE)
    one_error_line(subprocess.CompletedProcess([], proc.returncode, out, err), "has had no worker for 2 s")


def test_ctrl_c_at_a_terminal_on_a_local_cluster_is_one_line(big_corpus, local_run, tmp_path):
    """Ctrl-C reaches the whole process group: the workers stay quiet, the driver says one line,
    leaves no process behind, and keeps what was finished."""
    home = tmp_path / "dask-home"
    command = [sys.executable, "-m", "readcli", "--corpus", str(big_corpus),
               *translate_args("--executor", "dask", "--workers", "2")]
    proc = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
        env={**os.environ, "READCLI_HOME": str(home)}, preexec_fn=default_sigint,
    )
    first = proc.stdout.readline()
    assert first, proc.stderr.read()
    os.killpg(proc.pid, signal.SIGINT)
    out, err = proc.communicate(timeout=DEADLINE)
    if proc.returncode == 0:
        pytest.skip("the run finished before it could be interrupted")
    one_error_line(subprocess.CompletedProcess(command, proc.returncode, first + out, err), "interrupted", code=130)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            os.killpg(proc.pid, 0)  # anything left in the group?
        except ProcessLookupError:
            break
        time.sleep(0.2)
    else:
        raise AssertionError("worker processes were left behind")
    assert memory_rows(home) > 0
    again = readcli(big_corpus, *translate_args(), home=home)
    assert again.returncode == 0, again.stderr
    assert [(r["article"], r["sentence"]) for r in records(again.stdout)] == [
        (r["article"], r["sentence"]) for r in local_run
    ]
