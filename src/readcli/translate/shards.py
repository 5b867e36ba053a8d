"""Shards of a corpus for jobs without a scheduler (Slurm arrays, CI matrices).

``readcli translate --all --shard K/N`` keeps the articles whose id hashes to shard K of N, so N
jobs split a corpus between them with no coordination; ``readcli memory merge`` then gathers their
memories (:meth:`readcli.translate.memory.Memory.merge`). See docs/cluster.md.
"""

from __future__ import annotations

import hashlib

from readcli.errors import UsageError


def parse_shard(value: str) -> tuple[int, int]:
    """``K/N`` -> (K, N) with 1 <= K <= N; a UsageError otherwise."""
    try:
        k_text, n_text = value.split("/")
        k, n = int(k_text), int(n_text)
    except ValueError:
        raise UsageError(f"--shard takes K/N (shard K of N, 1 <= K <= N), not {value!r}") from None
    if not 1 <= k <= n:
        raise UsageError(f"--shard {value}: K must be between 1 and N")
    return k, n


def shard_of(article_id: str, n: int) -> int:
    """The shard (1..n) of an article: a stable hash of its id, the same on every machine."""
    digest = hashlib.sha256(article_id.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % n + 1


def in_shard(article_id: str, k: int, n: int) -> bool:
    return shard_of(article_id, n) == k
