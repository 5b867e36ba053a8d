"""How fast sentences go through CTranslate2: the batch plan's and the engine's settings.

A light module (the CLI's option defaults come from here on every start; nothing heavy is
imported). See docs/translation-speed.md for what each setting does and how the defaults were
chosen.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

BATCH_TYPES = ("examples", "tokens")
BATCH_SIZES = {"examples": 16, "tokens": 1024}  # the default batch size of each batch type
COMPUTE_TYPES = ("auto", "int8", "int8_float32", "float32")
WAIT_POLICY = "PASSIVE"  # OpenMP threads sleep when idle instead of spinning (see quiet_threads)
M_TRIM_THRESHOLD, M_TOP_PAD, M_MMAP_THRESHOLD = -1, -2, -3  # glibc's mallopt parameters
MMAP_THRESHOLD = 32 * 1024 * 1024  # glibc's maximum: blocks below it come from the reusable heap
TRIM_THRESHOLD = 1024 * 1024 * 1024  # keep up to 1 GiB of freed heap instead of returning it
TOP_PAD = 64 * 1024 * 1024  # grow the heap 64 MiB at a time


@dataclass(frozen=True)
class Speed:
    """How sentences reach CTranslate2. None of it is part of the memory key: it changes speed,
    and the output only where a different batch shape or compute type changes the floats.

    Defaults measured on 2 cores (``bench/translate_speed.py --sweep``; docs/translation-speed.md).
    """

    batch_size: int = 16  # per CTranslate2 batch: examples, or tokens with batch_type "tokens"
    batch_type: str = "examples"
    read_ahead: int = 32  # batches per window: sorted by length together (after the first article)
    intra_threads: int = 0  # threads per batch (0: auto_intra_threads())
    inter_threads: int = 1  # batches decoded at once
    compute_type: str = "auto"

    def __post_init__(self) -> None:
        if self.batch_type not in BATCH_TYPES:
            raise ValueError(f"batch type must be one of {', '.join(BATCH_TYPES)}")
        if self.compute_type not in COMPUTE_TYPES:
            raise ValueError(f"compute type must be one of {', '.join(COMPUTE_TYPES)}")
        if self.batch_size < 1 or self.read_ahead < 1 or self.intra_threads < 0 or self.inter_threads < 1:
            raise ValueError("batch size, read-ahead and inter threads must be >= 1, intra threads >= 0")

    @property
    def window(self) -> int:
        """A window's budget, in the batch type's unit: read_ahead batches."""
        return self.batch_size * self.read_ahead


def auto_intra_threads() -> int:
    """Threads per batch when not given: half the cores this process may run on, 1 to 4.

    Measured on 2 shared cores (bench/translate_speed.py --sweep): one thread per batch took 0.68×
    the wall time and 0.80× the CPU of two, because a batch's threads wait for each other at every
    step whenever one of them is descheduled (the pipeline's own Python thread, other processes).
    CTranslate2's own default is one per core, at most 4.
    """
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return max(1, min(4, cores // 2))


def default_batch_size(batch_type: str) -> int:
    return BATCH_SIZES[batch_type]


def quiet_threads() -> None:
    """Before CTranslate2 loads: idle OpenMP threads sleep rather than spin, and freed memory is
    kept for reuse rather than handed back to the system. Each unless the environment already
    says otherwise.

    - CTranslate2's CPU kernels run on OpenMP (GNU libgomp in the wheels), whose idle threads spin
      by default: between batches and while Python decodes and stores, they burn user CPU that
      other work on the machine could use. ``OMP_WAIT_POLICY=PASSIVE`` makes them sleep. libgomp
      reads it once, when loaded, so this must run before ``import ctranslate2``.
    - Every decoding step allocates and frees buffers larger than glibc's mmap threshold, which
      glibc maps and unmaps each time: hundreds of thousands of page faults, a third of the CPU
      time as system time. ``mallopt`` raises the mmap and trim thresholds (as
      ``MALLOC_MMAP_THRESHOLD_`` / ``MALLOC_TRIM_THRESHOLD_`` would), so the pages are reused.
    """
    os.environ.setdefault("OMP_WAIT_POLICY", WAIT_POLICY)
    if any(name in os.environ for name in ("MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_", "MALLOC_TOP_PAD_")):
        return
    keep_freed_memory()


def keep_freed_memory() -> None:
    """glibc keeps freed blocks for reuse (the ``mallopt`` half of :func:`quiet_threads`, without
    its check of the environment: a Dask worker calls it to undo its nanny's setting)."""
    try:
        import ctypes

        libc = ctypes.CDLL(None)
        mallopt = libc.mallopt
    except (OSError, AttributeError):  # not glibc (musl, macOS, Windows): nothing to tune
        return
    mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)
    mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD)
    mallopt(M_TOP_PAD, TOP_PAD)
