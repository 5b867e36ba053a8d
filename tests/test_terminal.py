"""`readcli show` on a real pseudo-terminal versus a pipe, in a subprocess."""

from __future__ import annotations

import subprocess
import sys

from pty_run import run_with_pty, strip_ansi
from rich.cells import cell_len

from readcli.render.rtl import wrap_logical


def run_in_pty(args: list[str], columns: int = 70) -> str:
    return run_with_pty(args, columns=columns)[0]


def test_show_on_a_terminal_is_shaped_right_aligned_and_wrapped(corpus):
    screen = strip_ansi(run_in_pty(["--corpus", str(corpus), "show", "004"], columns=70))
    lines = [line for line in screen.split("\n") if line.strip()]
    body = lines[1:]  # after the header rule
    assert "004" in lines[0]
    shaped = [line for line in body if any(0xFE70 <= ord(c) <= 0xFEFF for c in line)]
    assert len(shaped) > 30
    assert all(cell_len(line) <= 70 for line in body)
    # right-aligned: every line of a paragraph but its last fills the width up to the right edge
    assert sum(cell_len(line) == 70 for line in body) > len(body) / 2
    # as many lines as wrapping the logical paragraphs gives
    text = (corpus / "004_0cd59c3a196a67dd.txt").read_text(encoding="utf-8")
    expected = sum(len(wrap_logical(p, 70)) for p in text.splitlines() if p.strip())
    assert len(body) == expected


def test_show_on_a_pipe_is_logical(corpus):
    proc = subprocess.run(
        [sys.executable, "-m", "readcli", "--corpus", str(corpus), "show", "004"],
        capture_output=True, check=True,
    )
    text = (corpus / "004_0cd59c3a196a67dd.txt").read_bytes()
    assert proc.stdout.rstrip(b"\n") == text.rstrip(b"\n")


def test_width_option_overrides_the_terminal(corpus):
    screen = strip_ansi(run_in_pty(["--corpus", str(corpus), "show", "000", "--width", "40"], columns=100))
    body = [line for line in screen.split("\n") if line.strip()][1:]
    assert max(cell_len(line) for line in body) == 40


def test_list_on_a_terminal_shapes_titles(corpus):
    screen = strip_ansi(run_in_pty(["--corpus", str(corpus), "list"], columns=100))
    rows = [line for line in screen.split("\n") if line.startswith(("000", "004"))]
    assert len(rows) == 2
    assert all(any(0xFE70 <= ord(c) <= 0xFEFF for c in row) for row in rows)
    assert all(cell_len(row) <= 100 for row in rows)
