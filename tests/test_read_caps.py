"""Every read of an article has a size cap (readcli.textio.MAX_TEXT_BYTES): a file named on the
command line, standard input, and a corpus file met by the index are each one line, never a
whole-file read into memory."""

from __future__ import annotations

import subprocess
import sys

from helpers import one_error_line

from readcli.textio import MAX_TEXT_BYTES

def readcli(*args: str) -> list[str]:
    return [sys.executable, "-c", "from readcli.cli import main; main()", *args]


def sparse(path, size: int):
    with open(path, "wb") as handle:
        handle.truncate(size)
    return path


def test_a_file_over_the_cap_is_one_line(tmp_path):
    big = sparse(tmp_path / "big.txt", MAX_TEXT_BYTES + 1)
    done = subprocess.run(readcli("show", str(big)), capture_output=True, text=True, timeout=60)
    one_error_line(done, "big.txt: over the 64 MB cap", code=1)


def test_a_file_at_the_cap_is_read(tmp_path):
    from readcli.textio import read_capped

    exact = sparse(tmp_path / "exact.txt", 1024)
    assert len(read_capped(exact, 1024)) == 1024


def test_standard_input_over_the_cap_is_one_line(tmp_path):
    with open(sparse(tmp_path / "big.txt", MAX_TEXT_BYTES + 1), "rb") as stdin:
        done = subprocess.run(readcli("sentences", "-"), stdin=stdin, capture_output=True, text=True, timeout=60)
    one_error_line(done, "standard input: over the 64 MB cap", code=1)


def test_a_corpus_file_over_the_cap_is_skipped_with_a_warning(corpus):
    sparse(corpus / "009_huge.txt", MAX_TEXT_BYTES + 1)
    done = subprocess.run(readcli("--corpus", str(corpus), "list", "-f", "tsv"), capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 3, done.stderr
    assert [line for line in done.stderr.splitlines() if "009_huge.txt: over the 64 MB cap" in line]
    assert [row.split("\t")[0] for row in done.stdout.splitlines()] == ["000", "004"]
