"""One consistent command line (issue 16, section 4), each item as a new user tries it."""

from __future__ import annotations

import os
import subprocess
import sys

from helpers import one_error_line, terminal_env
from pty_run import run_with_pty, strip_ansi
from typer.testing import CliRunner

from readcli.cli import app


def test_glossary_with_no_argument_on_a_terminal_is_the_whole_corpus(cli):
    env = terminal_env(stdout=False, stdin_tty=True)
    assert cli("glossary", "--no-model", "-f", "tsv", env=env).exit_code == 0
    assert env.stdout.getvalue() == cli("glossary", "--all", "--no-model", "-f", "tsv").stdout != ""


def test_show_reads_a_pipe_without_a_dash(cli, corpus):
    text = "قال الرئيس إن الاجتماع كان مثمرا.\n"
    assert cli("show", input=text.encode("utf-8")).stdout == text
    assert cli("show", "-f", "tsv", input=text.encode("utf-8")).stdout == "-\t1\t1\tقال الرئيس إن الاجتماع كان مثمرا.\n"


def test_show_has_the_format_option(cli):
    assert cli("show", "004", "-f", "jsonl").stdout == cli("sentences", "004", "-f", "jsonl").stdout
    one_error_line(cli("show", "004", "--gloss", "-f", "text"), "show --gloss has no --format text", code=2)


def test_global_options_after_the_command(corpus):
    runner = CliRunner()
    after = runner.invoke(app, ["list", "-f", "tsv", "--corpus", str(corpus)])
    before = runner.invoke(app, ["--corpus", str(corpus), "list", "-f", "tsv"])
    assert after.exit_code == 0 and after.stdout == before.stdout != ""
    assert runner.invoke(app, ["show", f"--corpus={corpus}", "004"]).stdout == runner.invoke(
        app, ["--corpus", str(corpus), "show", "004"]).stdout


def test_sentences_are_numbered_on_a_terminal(cli):
    env = terminal_env()
    assert cli("sentences", "004", env=env).exit_code == 0
    numbered = [line for line in strip_ansi(env.stdout.getvalue()).splitlines() if line[:5].strip().isdigit()]
    assert [int(line[:5]) for line in numbered] == list(range(1, 22))


def test_list_titles_are_one_line_on_a_terminal(cli, monkeypatch):
    monkeypatch.setenv("COLUMNS", "60")
    env = terminal_env()
    cli("list", env=env)
    lines = strip_ansi(env.stdout.getvalue()).replace("\u200e", "").splitlines()
    assert [line.split()[0] for line in lines] == ["id", "000", "004"]  # one line each
    assert all(line.rstrip().endswith("no") and "…" in line for line in lines[1:])


def test_ids_complete_with_their_titles(corpus):
    env = {**os.environ, "_READCLI_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": f"readcli --corpus {corpus} show 00"}
    done = subprocess.run([sys.executable, "-m", "readcli"], env=env, capture_output=True, text=True, timeout=60)
    assert '"000":"تشهد العلاقات بين الجزائر' in done.stdout and '"004":"في خطوة تعكس' in done.stdout


def test_help_at_40_columns_keeps_option_names(corpus):
    for args in (["--help"], ["translate", "--help"], ["search", "--help"]):
        screen, _ = run_with_pty(args, columns=40)
        text = strip_ansi(screen)
        assert "…" not in text, text
        assert all(len(line) <= 40 for line in text.splitlines())
    assert "--version" in strip_ansi(run_with_pty(["--help"], columns=40)[0])


def test_memory_clear_asks_on_a_terminal(cli, isolated_homes):
    from readcli.translate.memory import Memory

    Memory.open().close()
    path = isolated_homes / "memory.sqlite3"
    refused = cli("memory", "clear", env=terminal_env(stdout=False, stdin="n\n", stdin_tty=True))
    assert refused.exit_code == 1 and path.exists()
    assert cli("memory", "clear", env=terminal_env(stdout=False, stdin="y\n", stdin_tty=True)).exit_code == 0
    assert not path.exists()
    Memory.open().close()
    assert cli("memory", "clear", "--yes", env=terminal_env(stdout=False, stdin_tty=True)).exit_code == 0
    assert not path.exists()
    # `cache` is the old name, kept hidden.
    assert cli("cache", "info", "-f", "tsv").stdout == cli("memory", "info", "-f", "tsv").stdout


def test_models_remove_asks_on_a_terminal(cli, argos_package_file):
    assert cli("models", "install", str(argos_package_file)).exit_code == 0
    refused = cli("models", "remove", env=terminal_env(stdout=False, stdin="\n", stdin_tty=True))
    assert refused.exit_code == 1
    assert cli("models", "list", "-f", "tsv").stdout.startswith("yes\t")
    assert cli("models", "remove", "--yes", env=terminal_env(stdout=False, stdin_tty=True)).exit_code == 0
    assert cli("models", "list", "-f", "tsv").stdout == ""


def test_models_install_names_the_index_before_the_bar(corpus):
    screen, _ = run_with_pty(["models", "install"], pty_stream="stderr", check=False,
                             env={"ARGOS_PACKAGE_INDEX": "http://127.0.0.1:9/"})
    lines = strip_ansi(screen).splitlines()
    assert lines[0] == "readcli: fetching the package index http://127.0.0.1:9/index.json"
    assert lines[-1].startswith("readcli: error: cannot reach the Argos package index at http://127.0.0.1:9/index.json")
    assert "downloading" not in screen
