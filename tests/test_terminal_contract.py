"""What reaches a real terminal: no escape sequence or control character from data, a pager that
works with a stock `less`, sane widths, and tables that keep every value at any width."""

from __future__ import annotations

import re
import shutil

import pytest
from helpers import one_error_line, terminal_env
from pty_run import run_with_pty, strip_ansi

# What Rich itself may write: SGR (colours, bold); and readcli's own bidi handshake (BDSM
# explicit mode before laid-out Arabic, implicit mode after it). Nothing else.
SGR = re.compile(r"\x1b\[[0-9;]*m|\x1b\[8[lh]")
HOSTILE = "\x1b]0;pwned\x07\x1b[2J\x9b31m\u202e"


def assert_inert(screen: str) -> None:
    """Nothing but SGR sequences: no OSC (title), no CSI commands, no BEL, C1 or bidi controls."""
    rest = SGR.sub("", screen)
    assert "\x1b" not in rest, repr(rest[rest.index("\x1b") - 20 : rest.index("\x1b") + 20])
    assert "\x07" not in rest and "\u202e" not in rest
    assert not re.search("[\x80-\x9f]", rest)
    assert not re.search("[\x00-\x08\x0b-\x0c\x0e-\x1f]", rest.replace("\r", ""))


@pytest.fixture
def hostile_corpus(corpus):
    """A corpus whose file name, id, title and text carry escape sequences and controls."""
    # Article text cannot hold C0 controls (ESC, BEL): such a file is refused as binary. It can
    # hold C1 controls (U+009B is CSI on many terminals) and bidi overrides, in a Latin title too.
    text_hostile = "\x9b2J\x9d0;pwned\x9c\u202e"
    (corpus / f"007_{HOSTILE}.txt").write_text(
        f"Breaking {text_hostile} news\nنص المقال {text_hostile} هنا. جملة ثانية عن الجزائر.\n",
        encoding="utf-8",
    )
    (corpus / "x\x1b[2J_y.txt").write_text("الجزائر والمغرب.\n", encoding="utf-8")
    return corpus


@pytest.mark.parametrize(
    "args",
    [
        ["list"],
        ["show", "007"],
        ["show", "007", "--gloss"],
        ["sentences", "007"],
        ["glossary", "--all", "--no-model"],
        ["info"],
    ],
)
def test_no_control_from_data_reaches_the_terminal(hostile_corpus, args):
    screen, _ = run_with_pty(["--corpus", str(hostile_corpus), *args], columns=100)
    assert_inert(screen)
    if args[0] in ("list", "show", "sentences"):
        assert "␛" in screen or "<U+009B>" in screen  # a visible placeholder, not dropped


def test_an_error_naming_hostile_data_is_inert(hostile_corpus):
    stderr, _ = run_with_pty(
        ["--corpus", str(hostile_corpus), "show", "\x1b]0;pwned\x07"], pty_stream="stderr", check=False
    )
    assert_inert(stderr)
    assert "readcli: error: no article" in strip_ansi(stderr)
    assert "pwned" in stderr


def test_pipes_keep_the_bytes(hostile_corpus, cli):
    # Off a terminal data stays byte for byte logical text (the controls too).
    result = cli("show", "007")
    assert result.stdout.startswith("Breaking \x9b2J\x9d0;pwned\x9c\u202e news\n")


@pytest.mark.skipif(shutil.which("less") is None, reason="less is not installed")
def test_pager_works_with_a_stock_less(corpus):
    screen, _ = run_with_pty(
        ["--corpus", str(corpus), "show", "004", "--pager"], columns=80, stdin_tty=True, keys=b"q",
        env={"LESS": None, "PAGER": None, "MANPAGER": None},
    )
    # less without -R would show the bold header as a literal "ESC[1m".
    plain = strip_ansi(screen)
    assert "ESC[" not in plain and "^[" not in plain
    assert re.search("[\ufe70-\ufeff]", screen)  # shaped Arabic reached the screen


@pytest.mark.parametrize("width", ["100000", "10", "-5"])
def test_absurd_widths_are_refused_with_one_line(cli, width):
    one_error_line(cli("show", "004", "--width", width), "--width", code=2)


@pytest.mark.parametrize("columns", [20, 30, 50, 80])
@pytest.mark.parametrize("command", [["list"], ["lookup", "السفير"], ["glossary", "004", "--no-model", "--top", "8"], ["info"]])
def test_narrow_tables_keep_every_value(cli, monkeypatch, command, columns):
    from rich.cells import cell_len

    from readcli.render.output import MIN_WRAP
    from readcli.render.rtl import display_width, has_rtl, to_visual

    monkeypatch.setenv("COLUMNS", str(columns))
    machine = cli(*command, "-f", "tsv").stdout.splitlines()
    env = terminal_env()
    assert cli(*command, env=env).exit_code == 0
    screen = strip_ansi(env.stdout.getvalue())
    lines = screen.splitlines()
    assert all(cell_len(line) <= columns for line in lines), (columns, [l for l in lines if cell_len(l) > columns])
    # Every value of the table's columns is on the screen: Arabic shaped, so compare the words
    # of each Latin/number value, and the shaped width of the Arabic ones.
    from readcli.render import views

    view = {"list": views.ARTICLES, "lookup": views.LOOKUP, "glossary": views.GLOSSARY, "info": views.INFO}[command[0]]
    shown = "".join(lines).replace(" ", "")
    on_screen = [view.names.index(c.name) for c in view.table_columns]
    # A cut column (list's titles) shows one line: its first word, at least, is there.
    cut = {view.names.index(c.name) for c in view.table_columns if c.cut}
    # The narrowest a wrapped value can be: a table column, or a record's value beside its label.
    narrowest = min(MIN_WRAP, columns - max(len(c.header or c.name) for c in view.table_columns) - 2)
    for row in machine:
        values = row.split("\t")
        for index in on_screen:
            words = values[index].split()
            for word in words[:1] if index in cut else words:
                if word.isascii() and word.isalnum() and not word.startswith("/"):
                    assert word in shown, (word, screen)
                elif has_rtl(word) and display_width(word) <= narrowest - (index in cut):
                    # An Arabic word narrower than any wrapped column is shown whole, shaped
                    # as it is alone.
                    assert to_visual(word) in shown, (word, screen)


def test_a_narrow_list_switches_to_records(cli, monkeypatch):
    monkeypatch.setenv("COLUMNS", "20")
    env = terminal_env()
    cli("list", env=env)
    lines = strip_ansi(env.stdout.getvalue()).splitlines()
    assert lines[0].startswith("id:") and any(line.startswith("translated:") for line in lines)
