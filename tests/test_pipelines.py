"""The command-line contract, through real processes and real shell pipelines.

On a pipe: machine-readable logical text (never a table, never a cut value); a closed pipe ends
every command quietly with status 0; a write error is one line and status 1; a corpus-wide command
skips an unreadable file with one warning and status 3.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import default_sigint, one_error_line

BOX_OR_CUT = set("┃│━╇─┏┓┗┛┡┩…")


@pytest.fixture
def shell(tmp_path, corpus):
    """Run a bash pipeline with `readcli` on PATH (this interpreter) and the test corpus."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    wrapper = bin_dir / "readcli"
    wrapper.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m readcli "$@"\n', encoding="utf-8")
    wrapper.chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}", "READCLI_CORPUS": str(corpus)}

    def run(script: str, *, input: str | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
        return subprocess.run(
            ["bash", "-c", "set -o pipefail\n" + script], env=env, cwd=cwd or tmp_path, input=input,
            capture_output=True, text=True, encoding="utf-8", timeout=300,
            stdin=None if input is not None else subprocess.DEVNULL,
        )

    return run


@pytest.fixture
def installed_model(argos_package_file):
    from readcli.translate.packages import install_file

    install_file(argos_package_file)


def test_list_ids_feed_show(shell):
    result = shell("readcli list | cut -f1 | xargs -n1 readcli show > /dev/null")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def test_glossary_sorts_by_count(shell):
    # sort itself dies of SIGPIPE when head leaves early: the status checked is readcli's.
    result = shell("readcli glossary --all --no-model | sort -t$'\\t' -k4nr | head -3; exit ${PIPESTATUS[0]}")
    assert result.returncode == 0, result.stderr
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert len(rows) == 3 and all(len(row) == 7 for row in rows)
    assert rows[0][0] == "الجزائر" and int(rows[0][3]) >= int(rows[1][3]) >= int(rows[2][3])


def test_lookup_gloss_column(shell):
    result = shell("readcli lookup السفير | cut -f5")
    assert result.returncode == 0, result.stderr
    assert "the + ambassador" in result.stdout.splitlines()


def test_translate_reads_a_pipe_and_text(shell, installed_model):
    piped = shell('echo "مرحبا بالعالم. كيف حالك؟" | readcli translate -f jsonl')
    assert piped.returncode == 0, piped.stderr
    records = [json.loads(line) for line in piped.stdout.splitlines()]
    assert [r["ar"] for r in records] == ["مرحبا بالعالم.", "كيف حالك؟"]
    assert all(r["article"] == "-" and r["en"] for r in records)
    direct = shell('readcli translate -f jsonl --text "مرحبا بالعالم. كيف حالك؟"')
    assert direct.returncode == 0, direct.stderr
    assert direct.stdout == piped.stdout


def test_translate_all_streams_and_stops_with_its_reader(shell, installed_model, corpus, isolated_homes):
    # Eight articles; `head -1` takes the first record and goes away. A streaming translate writes
    # the first article (its own window) before translating the rest, and stops at its next
    # write: the memory then holds the first windows, not all eight articles. (Windows of one
    # batch: the default read-ahead would put all the other articles in the second window.)
    words = ["الوزير", "المدينة", "الحكومة", "الشركة", "المدرسة", "الجامعة", "المحكمة", "الشرطة", "الفريق", "العائلة"]
    for n in range(1, 7):  # sentences of their own, so none is in the memory through another article
        lines = [f"قال {words[k]} إن الاجتماع رقم {n}{k} عقد في {words[(k + n) % 10]}." for k in range(10)]
        (corpus / f"1{n:02d}_x.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = shell("readcli translate --all -f jsonl --read-ahead 1 | head -1")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["article"] == "000"
    assert result.stderr == ""
    import sqlite3

    stored = sqlite3.connect(isolated_homes / "memory.sqlite3").execute("select count(*) from translations").fetchone()[0]
    everything = len(set(shell("readcli sentences 000; for f in $READCLI_CORPUS/*.txt; do readcli sentences $f; done").stdout.splitlines()))
    first = len(shell("readcli sentences 000").stdout.splitlines())
    assert first <= stored < everything


COMMANDS = [
    "list", "list -f jsonl", "show 004", "sentences 004", "glossary 004 --no-model", "glossary --all -f csv --no-model",
    "lookup السفير", "info", "cache info", "models list", "show 004 --gloss",
]


@pytest.mark.parametrize("command", COMMANDS)
def test_pipe_output_is_machine_readable(shell, command):
    result = shell(f"readcli {command} | cat")
    assert result.returncode == 0, result.stderr
    assert not BOX_OR_CUT & set(result.stdout), result.stdout[:300]
    assert not any(0xFB50 <= ord(c) <= 0xFEFF for c in result.stdout)  # no presentation forms
    assert "\x1b" not in result.stdout


@pytest.mark.parametrize("command", [*COMMANDS, "translate 004", "show 004 --bilingual"])
def test_a_closed_pipe_is_quiet_and_status_0(shell, installed_model, command):
    # `true` exits at once: readcli's first or last write meets a closed pipe, or fits the buffer.
    result = shell(f"readcli {command} | true")
    assert (result.returncode, result.stderr) == (0, "")
    # A reader that takes one line and goes away, with output much larger than a pipe buffer.
    result = shell(f"for i in 1 2 3 4 5 6 7 8 9 10; do cat; done < <(readcli {command}) | head -c 1 > /dev/null")
    assert result.returncode == 0 and "Traceback" not in result.stderr


@pytest.mark.parametrize("command", ["show 004", "list", "sentences 004 -f jsonl", "glossary 004 --no-model"])
def test_a_full_disk_on_stdout_is_one_line(shell, command):
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full on this system")
    result = shell(f"readcli {command} > /dev/full")
    one_error_line(result, "cannot write to standard output", "no space left on device", code=1)


def test_an_unreadable_article_is_skipped_with_a_warning(shell, corpus):
    (corpus / "006_bin.txt").write_bytes(b"\x00\x01\x02binary\xff\xfe" * 50)
    result = shell("readcli list")
    assert result.returncode == 3, result.stderr
    assert [line.split("\t")[0] for line in result.stdout.splitlines()] == ["000", "004"]
    warnings = result.stderr.strip().splitlines()
    assert len(warnings) == 1 and warnings[0].startswith("readcli: warning: skipped") and "006_bin.txt" in warnings[0]
    glossary = shell("readcli glossary --all --no-model")
    assert glossary.returncode == 3 and glossary.stdout.startswith("الجزائر")


def test_add_creates_a_corpus_anywhere_and_never_duplicates(shell, tmp_path, corpus, isolated_homes):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    article = elsewhere / "article.txt"
    article.write_text("خبر جديد عن الجزائر.\n", encoding="utf-8")
    script = "unset READCLI_CORPUS; umask 022; readcli add article.txt; readcli add article.txt; readcli info -f tsv"
    result = shell(script, cwd=elsewhere)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == lines[1] == "000"
    assert "already in the corpus as 000" in result.stderr
    data_corpus = isolated_homes / "corpus"
    info = dict(line.split("\t")[:2] for line in lines[2:])
    assert info["corpus"] == str(data_corpus.resolve())
    files = list(data_corpus.glob("*.txt"))
    assert len(files) == 1
    assert stat.S_IMODE(files[0].stat().st_mode) == 0o644
    # ./corpus, when there is one, comes before the data folder.
    shutil.copytree(corpus, elsewhere / "corpus")
    here = shell("unset READCLI_CORPUS; readcli info -f tsv; readcli list -f tsv | cut -f1", cwd=elsewhere)
    assert f"corpus\t{(elsewhere / 'corpus').resolve()}\t./corpus" in here.stdout
    assert here.stdout.splitlines()[-2:] == ["000", "004"]


def _blocked_reading(pid: int, timeout: float = 30.0) -> None:
    """Wait until process ``pid`` sits in a read of its stdin pipe (or the timeout passes)."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            wchan = Path(f"/proc/{pid}/wchan").read_text()
        except OSError:
            wchan = ""
        if "pipe_read" in wchan or wchan == "pipe_wait":
            return
        time.sleep(0.05)


def test_ctrl_c_message_fits_the_command(corpus):
    # glossary reads a stdin that never ends; SIGINT (Ctrl-C) interrupts it: one line that fits.
    import signal

    env = {**os.environ, "READCLI_CORPUS": str(corpus)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "readcli", "glossary", "-", "--no-model"], stdin=subprocess.PIPE,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, start_new_session=True, preexec_fn=default_sigint,
    )
    try:
        _blocked_reading(proc.pid)
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=60)  # stdin stays open: readcli must stop on the signal, not on EOF
        stderr = proc.stderr.read().decode()
    finally:
        proc.kill()
        proc.stdin.close()
    assert (proc.returncode, stderr.strip()) == (130, "readcli: interrupted")
