"""Hostile and odd input: each is one clear line (or a bounded cost), never a traceback."""

from __future__ import annotations

import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def run(*args: str, corpus: Path, input: str | None = None, env: dict | None = None, **kw) -> subprocess.CompletedProcess:
    import os

    return subprocess.run(
        [sys.executable, "-m", "readcli", "--corpus", str(corpus), *args],
        capture_output=True, text=True, input=input, env={**os.environ, **(env or {})},
        stdin=None if input is not None else subprocess.DEVNULL, timeout=120, **kw,
    )


# --- item 11: add compares normalised text ---------------------------------------------------------


@pytest.mark.parametrize("variant", ["as-is", "crlf", "nfd", "no-final-newline", "extra-newlines"])
def test_add_does_not_store_the_same_text_twice(corpus, tmp_path, variant):
    original = sorted(corpus.glob("004_*.txt"))[0]
    text = original.read_bytes().decode("utf-8")
    if variant == "crlf":
        text = text.replace("\n", "\r\n")
    elif variant == "nfd":
        text = unicodedata.normalize("NFD", text)
        assert text != original.read_text(encoding="utf-8")
    elif variant == "no-final-newline":
        text = text.rstrip("\n")
    elif variant == "extra-newlines":
        text = text.rstrip("\n") + "\n\n"
    source = tmp_path / "again.txt"
    source.write_bytes(text.encode("utf-8"))
    before = sorted(p.name for p in corpus.iterdir())
    result = run("add", str(source), corpus=corpus)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "004\n"
    assert "not added again" in result.stderr
    assert sorted(p.name for p in corpus.iterdir()) == before


def test_add_finds_a_crlf_or_nfd_file_placed_by_hand(corpus, tmp_path):
    text = "ذهبت البنت إلى المدرسة.\n\nثم عادت إلى البيت.\n"
    (corpus / "050_hand.txt").write_bytes(unicodedata.normalize("NFD", text).replace("\n", "\r\n").encode("utf-8"))
    source = tmp_path / "new.txt"
    source.write_text(text, encoding="utf-8")
    result = run("add", str(source), corpus=corpus)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "050\n"
