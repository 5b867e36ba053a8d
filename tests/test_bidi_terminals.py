"""The bidi handshake and the bidi modes, through a real pseudo-terminal.

Terminals that run the bidi algorithm themselves (VTE, mintty) get ECMA-48 BDSM reset
(``CSI 8 l``, explicit mode) before readcli's first laid-out line and BDSM set (``CSI 8 h``) on
every way out; pipes and files never see either. ``--bidi terminal`` (and ``auto`` in mlterm)
writes logical text instead. The real-terminal check (VTE's pixels) is tests/test_vte.py.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import shlex
import time
from pathlib import Path

import pytest
from pty_run import run_with_pty, strip_ansi
from rich.cells import cell_len

from readcli.render import terminals
from readcli.render.terminals import EXPLICIT, IMPLICIT
from readcli.testing.terminal import run_on_pty

HERE = Path(__file__).resolve().parent
ARTICLE_004_FIRST = "في خطوة تعكس تزايد الاهتمام الدولي"


_TERMINAL_HINTS = ("NO_COLOR", "FORCE_COLOR", "READCLI_BIDI", "TMUX", "STY", "VTE_VERSION", "MLTERM",
                   "KONSOLE_VERSION", "TERM_PROGRAM", "INSIDE_EMACS")


def run_pty(argv: list[str], *, env: dict | None = None, columns: int = 80, stdin_tty: bool = False,
            keys: bytes = b"") -> tuple[str, str, int]:
    """(terminal output, stderr, exit status) of ``argv`` with stdout on a pseudo-terminal, in an
    environment that names no particular terminal (unless ``env`` does)."""
    environment = {**dict.fromkeys(_TERMINAL_HINTS), **(env or {})}
    return tuple(run_on_pty(argv, env=environment, columns=columns, stdin_tty=stdin_tty, keys=keys))


def readcli(*args: str) -> list[str]:
    return [sys.executable, "-m", "readcli", *args]


def assert_handshake(screen: str) -> None:
    """Explicit mode first, implicit mode last, each exactly once."""
    assert screen.startswith(EXPLICIT), repr(screen[:80])
    assert screen.rstrip("\r\n").endswith(IMPLICIT), repr(screen[-80:])
    assert screen.count(EXPLICIT) == 1 and screen.count(IMPLICIT) == 1, repr(screen)


# --- what auto picks --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "environ, tmux_explicit, expected",
    [
        ({}, False, "app"),
        ({"TERM": "xterm-256color", "XTERM_VERSION": "XTerm(379)"}, False, "app"),
        ({"VTE_VERSION": "7006"}, False, "app"),
        ({"TERM_PROGRAM": "mintty"}, False, "app"),
        ({"KITTY_WINDOW_ID": "1", "TERM": "xterm-kitty"}, False, "app"),
        ({"TERM_PROGRAM": "WezTerm"}, False, "app"),
        ({"WT_SESSION": "x"}, False, "app"),
        ({"TERM_PROGRAM": "iTerm.app"}, False, "app"),
        ({"ALACRITTY_WINDOW_ID": "1"}, False, "app"),
        ({"MLTERM": "3.9.0"}, False, "terminal"),
        ({"KONSOLE_VERSION": "230805"}, False, "terminal"),
        ({"TERM_PROGRAM": "Apple_Terminal"}, False, "terminal"),
        ({"INSIDE_EMACS": "29.1,comint"}, False, "terminal"),
        ({"TMUX": "tmux-socket,1,0"}, False, "app"),
        ({"TMUX": "tmux-socket,1,0", "VTE_VERSION": "7006"}, True, "app"),
        ({"TMUX": "tmux-socket,1,0", "VTE_VERSION": "7006"}, False, "terminal"),
        ({"TMUX": "tmux-socket,1,0", "MLTERM": "3.9.0"}, True, "terminal"),
        ({"STY": "1.pts-0.host", "VTE_VERSION": "7006"}, False, "terminal"),
        ({"STY": "1.pts-0.host"}, False, "app"),
    ],
)
def test_auto_picks_per_terminal(environ, tmux_explicit, expected):
    choice = terminals.detect(environ, tmux_keeps_explicit=lambda _env: tmux_explicit)
    assert choice.mode == expected


def test_info_says_which_mode_and_why(corpus):
    def bidi_row(**env):
        environment = {k: v for k, v in os.environ.items() if k not in ("READCLI_BIDI", "TMUX", "STY", "VTE_VERSION")}
        done = subprocess.run(readcli("--corpus", str(corpus), "info", "-f", "tsv"), capture_output=True, text=True,
                              env={**environment, **env})
        return done.stdout.splitlines()[-1]

    assert bidi_row(MLTERM="3.9.0") == "bidi\tterminal\tauto: mlterm lays out right-to-left text itself"
    assert bidi_row(VTE_VERSION="7006") == "bidi\tapp\tauto: VTE (explicit mode while readcli writes)"
    assert bidi_row(READCLI_BIDI="terminal") == "bidi\tterminal\t$READCLI_BIDI terminal"


def test_the_user_choice_wins_and_bad_values_are_usage_errors():
    from readcli.errors import UsageError

    assert terminals.choose("terminal", {"VTE_VERSION": "7006"}).mode == "terminal"
    assert terminals.choose(None, {"READCLI_BIDI": "app", "MLTERM": "3.9"}).mode == "app"
    assert terminals.choose("app", {"READCLI_BIDI": "terminal"}).mode == "app"
    with pytest.raises(UsageError, match="--bidi must be one of app, terminal, auto"):
        terminals.choose("rtl", {})
    with pytest.raises(UsageError, match=r"\$READCLI_BIDI must be one of"):
        terminals.choose(None, {"READCLI_BIDI": "yes"})


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
@pytest.mark.parametrize("config, expected", [
    ("set -as terminal-overrides ',*:smcup=\\E[?1049h\\E[8l:rmcup=\\E[8h\\E[?1049l'\n", "app"),
    ("set -g allow-passthrough on\n", "terminal"),
])
def test_auto_asks_tmux_whether_it_keeps_the_outer_terminal_explicit(tmp_path, config, expected):
    socket, conf = tmp_path / "tmux.sock", tmp_path / "tmux.conf"
    conf.write_text(config)
    subprocess.run(["tmux", "-S", str(socket), "-f", str(conf), "new-session", "-d", "sleep 30"], check=True)
    try:
        environ = {**os.environ, "TMUX": f"{socket},1,0", "VTE_VERSION": "7006"}
        assert terminals.detect(environ).mode == expected
    finally:
        subprocess.run(["tmux", "-S", str(socket), "kill-server"], capture_output=True)


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_paragraph_direction_in_tmux(tmp_path, corpus):
    """A paragraph without Arabic letters is left-aligned left-to-right; Arabic ones right-aligned."""
    socket = tmp_path / "tmux.sock"
    mixed = HERE / "data" / "mixed_latin_arabic.txt"
    command = shlex.join([*readcli("--corpus", str(corpus), "show", str(mixed)), ]) + "; sleep 30"
    subprocess.run(["tmux", "-S", str(socket), "-f", "/dev/null", "new-session", "-d", "-x", "80", "-y", "30",
                    "env", "-u", "TMUX", "-u", "VTE_VERSION", "-u", "MLTERM", "-u", "READCLI_BIDI", "sh", "-c", command],
                   check=True)
    try:
        for _ in range(100):
            screen = subprocess.run(["tmux", "-S", str(socket), "capture-pane", "-p"], capture_output=True,
                                    text=True).stdout
            if "Shares:" in screen:
                break
            time.sleep(0.1)
    finally:
        subprocess.run(["tmux", "-S", str(socket), "kill-server"], capture_output=True)
    lines = [line for line in screen.splitlines() if line.strip()]
    assert lines[1:] == [
        "Breaking: Algeria and the US (Reuters)",
        "      ﻲﻓ 12/05/2024 ﻡﻮﻳ ﺖﻌﻗّﻭُ ﺕﺎﻴﻗﺎﻔﺗﺍ 3 ﻥﺇ (John Smith) ﺓﺭﺍﺯﻮﻟﺍ ﻢﺳﺎﺑ ﺙﺪﺤﺘﻤﻟﺍ ﻝﺎﻗ",
        "                                                                        .ﺮﺋﺍﺰﺠﻟﺍ",
        "               .and then left the room at 10:30 «ﻥﻭﺪﻌﺘﺴﻣ ﻦﺤﻧ» :The ministry said",
        "                      .«ﺯﺮﺘﻳﻭﺭ» ﻖﻓﻭ ،[Brent] ﻥﺪﻨﻟ ﻲﻓ (%2+) ﺭﻻﻭﺩ 85.5 ﻞﻴﻣﺮﺒﻟﺍ ﺮﻌﺳ",
        "Source: Reuters (AFP), 2024.",
        "Shares:",
    ]


# --- the handshake on every terminal view -----------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["show", "004"],
        ["show", "004", "--gloss"],
        ["list"],
        ["lookup", "السفير"],
        ["glossary", "004", "--no-model", "--top", "5"],
        ["search", "الجزائر", "-n", "2"],
        ["sentences", "004"],
    ],
)
def test_every_terminal_view_is_wrapped_in_the_handshake(corpus, args):
    screen, err, code = run_pty(readcli("--corpus", str(corpus), *args))
    assert code == 0, err
    assert_handshake(screen)
    assert "\ufe8d" in screen or "\ufe8e" in screen  # shaped Arabic (alef) between the two


@pytest.mark.parametrize(
    "args", [["show", "004"], ["show", "004", "--gloss"], ["show", "004", "--render"], ["list"],
             ["search", "الجزائر"], ["sentences", "004"], ["show", "nosuch"]],
)
def test_nothing_of_it_on_a_pipe(corpus, args):
    done = subprocess.run(readcli("--corpus", str(corpus), *args), capture_output=True, text=True,
                          env={**os.environ, "VTE_VERSION": "7006"})
    assert "\x1b[8" not in done.stdout and "\x1b[8" not in done.stderr
    assert "\x1b" not in done.stdout + done.stderr


def test_the_bilingual_view_too(corpus, argos_package_file):
    done = subprocess.run(readcli("models", "install", str(argos_package_file)), capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    screen, err, code = run_pty(readcli("--corpus", str(corpus), "show", "000", "--bilingual"))
    assert code == 0, err
    assert_handshake(screen)
    assert "│" in screen


def test_an_error_line_quoting_arabic_is_wrapped_on_a_terminal(corpus):
    screen, _ = run_with_pty(["--corpus", str(corpus), "show", "مرحبا"], pty_stream="stderr", check=False)
    shaped = "\ufe8e\ufe92\ufea3\ufeae\ufee3"  # مرحبا shaped, in visual order
    assert screen == f"{EXPLICIT}readcli: error: no article '{shaped}' in {corpus} (ids: 000, 004)\r\n{IMPLICIT}"


def test_an_error_line_without_arabic_is_left_alone(corpus):
    screen, _ = run_with_pty(["--corpus", str(corpus), "show", "nosuch"], pty_stream="stderr", check=False)
    assert screen == f"readcli: error: no article 'nosuch' in {corpus} (ids: 000, 004)\r\n"


@pytest.mark.parametrize("fault, code", [("sigint", 130), ("sigterm", 143), ("crash", 1)])
def test_every_way_out_restores_implicit_mode(corpus, fault, code):
    screen, err, status = run_pty([sys.executable, str(HERE / "view_faults.py"), fault, "--corpus", str(corpus),
                                   "show", "004"])
    assert status == code, err
    assert_handshake(screen)
    assert ARTICLE_004_FIRST not in screen  # laid out, and cut half-way
    if fault == "sigint":
        assert err == "readcli: interrupted\n"
    if fault == "crash":
        assert "injected crash" in err


def test_the_pager_quitting_early_restores_implicit_mode(corpus):
    # The pager reads three lines and quits: readcli's writes to it fail (a closed pipe).
    screen, err, code = run_pty(readcli("--corpus", str(corpus), "show", "004", "--pager"), stdin_tty=True,
                                env={"PAGER": "head -n 3"})
    assert code == 0, err
    assert_handshake(screen)
    assert len(strip_ansi(screen).strip().splitlines()) == 3


@pytest.mark.skipif(shutil.which("less") is None, reason="less is not installed")
def test_less_runs_inside_explicit_mode(corpus):
    screen, err, code = run_pty(readcli("--corpus", str(corpus), "show", "004", "--pager"), stdin_tty=True,
                                keys=b"q", env={"LESS": "RX"})
    assert code == 0, err
    # BDSM before less draws anything, the reset after less has left the screen.
    assert screen.startswith(EXPLICIT) and screen.endswith(IMPLICIT), (repr(screen[:60]), repr(screen[-60:]))
    assert screen.count(EXPLICIT) == 1 and screen.count(IMPLICIT) == 1


# --- the terminal mode: logical text ----------------------------------------------------------


@pytest.mark.parametrize(
    "args, env",
    [
        (["--bidi", "terminal"], {"VTE_VERSION": "7006"}),
        ([], {"READCLI_BIDI": "terminal"}),
        ([], {"MLTERM": "3.9.0"}),  # auto in mlterm
        ([], {"TMUX": "/nonexistent/tmux,1,0", "VTE_VERSION": "7006"}),  # tmux inside VTE
    ],
)
def test_terminal_mode_writes_logical_text_without_the_handshake(corpus, args, env):
    screen, err, code = run_pty(readcli("--corpus", str(corpus), *args, "show", "004"), env=env)
    assert code == 0, err
    assert "\x1b[8" not in screen
    assert ARTICLE_004_FIRST in screen  # logical order, not shaped
    assert "\r\nShares:\r\n" in screen


def test_terminal_mode_tables_stay_left_to_right(corpus):
    # a left-to-right mark starts each row with Arabic and follows each Arabic cell, so a
    # terminal doing its own bidi keeps the columns in order; the text itself is logical
    screen, err, code = run_pty(readcli("--corpus", str(corpus), "--bidi", "terminal", "list"), columns=200)
    assert code == 0, err
    rows = screen.replace("\r", "").splitlines()
    assert rows[1].startswith("\u200e000  ") and "تشهد العلاقات بين الجزائر" in rows[1]
    assert rows[1].endswith("\u200e         14    330  no")
    assert "\u200e" not in rows[0]  # the header has no Arabic
    assert "\x1b[8" not in screen


def test_app_mode_in_mlterm_when_asked(corpus):
    screen, _, code = run_pty(readcli("--corpus", str(corpus), "--bidi", "app", "show", "004"), env={"MLTERM": "3.9.0"})
    assert code == 0
    assert_handshake(screen)


# --- no terminal size, TERM=dumb, styles ------------------------------------------------------


def test_term_dumb_gets_no_escapes_and_the_width_of_columns(corpus):
    screen, err, code = run_pty(readcli("--corpus", str(corpus), "show", "004"), env={"TERM": "dumb", "COLUMNS": "50"},
                                columns=120)
    assert code == 0, err
    assert "\x1b" not in screen
    lines = screen.replace("\r", "").splitlines()
    assert max(cell_len(line) for line in lines) == 50  # the header rule, and right-aligned Arabic


def test_term_dumb_search_hits_are_marked(corpus):
    screen, err, code = run_pty(readcli("--corpus", str(corpus), "search", "الجزائر", "-n", "1", "-C", "1"),
                                env={"TERM": "dumb", "COLUMNS": "100"})
    assert code == 0, err
    lines = screen.replace("\r", "").splitlines()
    assert "\x1b" not in screen
    marked = [line for line in lines if line.startswith("> ")]
    context = [line for line in lines[1:] if line.startswith("  ")]
    assert marked and context
    assert all(cell_len(line) <= 100 for line in lines)


def test_no_color_drops_colour_but_keeps_bold_and_reverse(corpus):
    # no-color.org is about colour only: the hit stays in reverse video, the header dim, and no
    # colour code (30-49, 90-107, 38;..., 48;...) is sent.
    screen, _, code = run_pty(readcli("--corpus", str(corpus), "search", "الجزائر", "-n", "1"), env={"NO_COLOR": "1"})
    assert code == 0
    assert "\x1b[7m" in screen or ";7m" in screen
    codes = re.findall(r"\x1b\[([0-9;]*)m", screen)
    numbers = [int(n) for c in codes for n in c.split(";") if n]
    assert not [n for n in numbers if 30 <= n <= 49 or 90 <= n <= 107], codes


def test_render_writes_the_terminal_layout_to_a_pipe(corpus):
    screen, _, _ = run_pty(readcli("--corpus", str(corpus), "show", "004"), columns=80)
    done = subprocess.run(readcli("--corpus", str(corpus), "show", "004", "--render"), capture_output=True,
                          text=True, env={k: v for k, v in os.environ.items() if k not in ("COLUMNS", "FORCE_COLOR")})
    assert done.returncode == 0, done.stderr
    assert done.stdout == strip_ansi(screen).replace(EXPLICIT, "").replace(IMPLICIT, "")
    assert "\x1b" not in done.stdout
    assert done.stdout.endswith("\n\nShares:\n")
    narrow = subprocess.run(readcli("--corpus", str(corpus), "show", "004", "--render", "-w", "40"),
                            capture_output=True, text=True)
    assert max(cell_len(line) for line in narrow.stdout.splitlines()) == 40
    forced = subprocess.run(readcli("--corpus", str(corpus), "show", "004", "--render"), capture_output=True,
                            text=True, env={**os.environ, "FORCE_COLOR": "1"})
    assert "\x1b[2m" in forced.stdout and "\x1b[8" not in forced.stdout  # the dim header rule
    plain = subprocess.run(readcli("--corpus", str(corpus), "show", "004"), capture_output=True, text=True)
    assert plain.stdout == (corpus / "004_0cd59c3a196a67dd.txt").read_text(encoding="utf-8").rstrip("\n") + "\n"


def test_bad_bidi_values_are_one_usage_line(corpus):
    from helpers import one_error_line

    one_error_line(subprocess.run(readcli("--bidi", "rtl", "list"), capture_output=True, text=True),
                   "--bidi must be one of app, terminal, auto", code=2)
    one_error_line(subprocess.run(readcli("--corpus", str(corpus), "list"), capture_output=True, text=True,
                                  env={**os.environ, "READCLI_BIDI": "on"}), "$READCLI_BIDI", code=2)


def test_environment_bidi_view_is_reentrant_and_silent_off_a_terminal():
    import io

    from readcli.render.env import Environment

    out = io.StringIO()
    env = Environment(stdin=None, stdout=out, stderr=io.StringIO(), stdin_isatty=False, stdout_isatty=True,
                      stderr_isatty=False, bidi_option="app")
    with env.bidi_view():
        out.write("a")
        with env.bidi_view():
            out.write("b")
        out.write("c")
    assert out.getvalue() == f"{EXPLICIT}abc{IMPLICIT}"
    piped = Environment(stdin=None, stdout=io.StringIO(), stderr=io.StringIO(), stdin_isatty=False,
                        stdout_isatty=False, stderr_isatty=False, bidi_option="app")
    with piped.bidi_view():
        piped.stdout.write("x")
    assert piped.stdout.getvalue() == "x"
