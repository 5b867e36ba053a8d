"""The batch plan (windows and batches) and the speed settings of `translate`."""

from __future__ import annotations

import json

import pytest

from helpers import one_error_line

from readcli.translate.pipeline import WorkItem, plan_batches, plan_windows
from readcli.translate.speed import Speed


def items(spec: str) -> list[WorkItem]:
    """'a3 a1 b2 ...': article letter and piece count; the source is article+position."""
    out = []
    for number, word in enumerate(spec.split(), start=1):
        out.append(WorkItem(article=word[0], sentence=number, source=f"{word[0]}{number}", pieces=int(word[1:])))
    return out


def sources(groups) -> list[list[str]]:
    return [[item.source for item in group] for group in groups]


def test_first_window_is_the_first_article_then_read_ahead_batches():
    stream = items("a3 a1 a2 b5 b1 c2 c2 c9 d1 d1")
    speed = Speed(batch_size=2, read_ahead=2)  # windows of 4 examples after the first
    assert sources(plan_windows(stream, speed)) == [
        ["a1", "a2", "a3"], ["b4", "b5", "c6", "c7"], ["c8", "d9", "d10"],
    ]
    # The plan is lazy: it reads no further than the window it hands out.
    consumed = []
    lazy = plan_windows((consumed.append(i) or i for i in stream), speed)
    next(lazy)
    assert len(consumed) == 4


def test_windows_in_tokens_and_a_long_first_article_is_capped():
    stream = items("a3 a1 a2 a5 b1 b2 b9 b1")
    speed = Speed(batch_size=4, batch_type="tokens", read_ahead=2)  # windows of 8 pieces
    assert sources(plan_windows(stream, speed)) == [["a1", "a2", "a3"], ["a4", "b5", "b6"], ["b7"], ["b8"]]


def test_batches_sort_by_length_and_keep_slotted_sentences_apart():
    window = [
        WorkItem("a", 1, "long one", 7), WorkItem("a", 2, "ZX1 here", 3), WorkItem("a", 3, "short", 1),
        WorkItem("a", 4, "mid", 4), WorkItem("a", 5, "ZX1 ZX2", 2), WorkItem("a", 6, "tiny", 1),
    ]
    assert sources(plan_batches(window, Speed(batch_size=2))) == [
        ["short", "tiny"], ["mid", "long one"], ["ZX1 ZX2", "ZX1 here"],
    ]
    # Tokens: CTranslate2's rule, (examples + 1) x longest > batch_size starts a new batch.
    assert sources(plan_batches(window, Speed(batch_size=8, batch_type="tokens"))) == [
        ["short", "tiny"], ["mid"], ["long one"], ["ZX1 ZX2", "ZX1 here"],
    ]


def test_speed_settings_are_checked():
    with pytest.raises(ValueError):
        Speed(batch_type="sentences")
    with pytest.raises(ValueError):
        Speed(compute_type="float16")
    assert Speed(batch_size=3, read_ahead=5).window == 15


@pytest.fixture
def installed(cli, argos_package_file):
    assert cli("models", "install", str(argos_package_file)).exit_code == 0
    return argos_package_file


def test_every_plan_gives_the_same_records(cli, installed):
    """Whatever the batch plan and threads, every article, sentence and source comes once, in
    order (the English may differ where a batch shape changes CTranslate2's floats)."""
    runs = [
        [],
        ["--batch-size", "1", "--read-ahead", "1"],
        ["--batch-type", "tokens", "--batch-size", "64", "--read-ahead", "2"],
        ["--inter-threads", "2", "--intra-threads", "1", "--compute-type", "float32"],
    ]
    keys = []
    for options in runs:
        result = cli("translate", "--all", "--no-cache", "-f", "jsonl", *options)
        assert result.exit_code == 0, result.stderr
        keys.append([(r["article"], r["sentence"], r["ar"]) for r in map(json.loads, result.stdout.splitlines())])
    expected = [
        (article, number, ar)
        for article in ("000", "004")
        for number, ar in enumerate(cli("sentences", article).stdout.splitlines(), start=1)
    ]
    assert all(k == expected for k in keys)


def test_bad_speed_options_are_usage_errors(cli, installed):
    one_error_line(cli("translate", "004", "--batch-type", "lines"), "'lines' is not one of 'examples', 'tokens'", code=2)
    one_error_line(cli("translate", "004", "--compute-type", "float16"), "'float16' is not one of", code=2)
    one_error_line(cli("translate", "004", "--read-ahead", "0"), "read-ahead", code=2)


@pytest.mark.parametrize("cores, threads", [(1, 1), (2, 1), (4, 2), (8, 4), (64, 4)])
def test_auto_intra_threads_is_half_the_cores(monkeypatch, cores, threads):
    from readcli.translate import speed

    monkeypatch.setattr(speed.os, "sched_getaffinity", lambda pid: set(range(cores)), raising=False)
    assert speed.auto_intra_threads() == threads


def test_quiet_threads_leaves_a_chosen_wait_policy(monkeypatch):
    from readcli.translate import speed

    monkeypatch.setenv("OMP_WAIT_POLICY", "ACTIVE")
    speed.quiet_threads()
    assert speed.os.environ["OMP_WAIT_POLICY"] == "ACTIVE"
    monkeypatch.delenv("OMP_WAIT_POLICY")
    monkeypatch.setenv("MALLOC_TRIM_THRESHOLD_", "0")  # and malloc alone
    speed.quiet_threads()
    assert speed.os.environ["OMP_WAIT_POLICY"] == "PASSIVE"
