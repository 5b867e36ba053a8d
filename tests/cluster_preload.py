"""A Dask worker preload for tests/test_cluster.py (``dask worker --preload THIS_FILE``).

Makes every translation task of the worker announce itself (it writes its process id into
``$READCLI_TEST_TASK_MARK``) and then wait ``$READCLI_TEST_TASK_DELAY`` seconds before the real
work, so a test can kill the worker, or the scheduler, while a task is running.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import readcli.translate.worker as worker_module

_REAL = worker_module.translate_window


def _announced_translate_window(spec, keys):
    mark = os.environ.get("READCLI_TEST_TASK_MARK")
    if mark:
        Path(mark).write_text(str(os.getpid()))
    time.sleep(float(os.environ.get("READCLI_TEST_TASK_DELAY", "0")))
    return _REAL(spec, keys)


def dask_setup(worker) -> None:
    # Tasks name the function by reference (readcli.translate.worker.translate_window): this
    # worker resolves it to the wrapper.
    worker_module.translate_window = _announced_translate_window
