"""`readcli read` on real terminals: a pseudo-terminal (the bidi mode sequences, Ctrl-C, a crash)
and tmux (what a user sees: the layout, the highlight, the English, quitting).

The tmux tests need tmux (`.ci/run` installs it when it can); they skip with the reason without it.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time
import uuid

import pytest
from helpers import imported_heavy_modules

from readcli.render.article_view import article_lines
from readcli.render.terminals import EXPLICIT as BIDI_EXPLICIT, IMPLICIT as BIDI_IMPLICIT
from readcli.render.reader_layout import visual_block
from readcli.testing.terminal import PtySession

ARABIC_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")

ANSI = re.compile(r"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>78]")


def test_read_imports_no_textual_off_a_terminal(corpus):
    """Off a terminal `read` stops before Textual is imported (and other commands never import it:
    tests/test_imports.py, with textual among the heavy modules)."""
    assert "textual" in __import__("helpers").HEAVY_ROOTS
    assert imported_heavy_modules("--corpus", str(corpus), "read", "004") == []


# --- a pseudo-terminal ---------------------------------------------------------------------------

_CRASH = """
import sys
from readcli.render.reader_app import ReaderApp
def planted(self, step):
    raise ZeroDivisionError("planted")
ReaderApp.move_sentence = planted
from readcli.cli import main
sys.argv[0] = "readcli"
main()
"""


def reader_terminal(args: list[str], *, code: str | None = None, columns: int = 80, rows: int = 24,
             env: dict | None = None) -> PtySession:
    """readcli (or ``python -c code``) on a new pseudo-terminal, in bidi ``app`` mode."""
    command = [sys.executable, "-c", code, *args] if code else [sys.executable, "-m", "readcli", *args]
    return PtySession(command, columns=columns, rows=rows, env={"READCLI_BIDI": "app", **(env or {})})


def started(text: str) -> bool:
    return "sentence 1/" in ANSI.sub("", text)


def test_bidi_mode_is_explicit_while_reading_and_restored_on_quit(corpus):
    term = reader_terminal(["--corpus", str(corpus), "read", "004"])
    assert term.read_until(started), term.text
    term.send(b"q")
    assert term.finish() == 0
    text = term.text
    first_arabic = ARABIC_FORMS.search(text).start()
    assert text.count(BIDI_EXPLICIT) == 1 and text.index(BIDI_EXPLICIT) < first_arabic
    assert text.count(BIDI_IMPLICIT) == 1 and text.rindex(BIDI_IMPLICIT) > text.rindex("\x1b[?1049l")
    assert text.endswith(BIDI_IMPLICIT), repr(text[-200:])


def test_ctrl_c_restores_the_terminal_and_exits_130(corpus):
    term = reader_terminal(["--corpus", str(corpus), "read", "004"])
    assert term.read_until(started), term.text
    term.send(b"\x03")
    assert term.finish() == 130
    after = term.text[term.text.rindex(BIDI_IMPLICIT) + len(BIDI_IMPLICIT):]
    assert after.strip() == "readcli: interrupted"


def test_sigint_restores_the_terminal(corpus):
    term = reader_terminal(["--corpus", str(corpus), "read", "004"])
    assert term.read_until(started), term.text
    os.kill(term.proc.pid, signal.SIGINT)
    assert term.finish() == 130
    text = term.text
    assert BIDI_IMPLICIT in text and "\x1b[?1049l" in text and "Traceback" not in text
    assert text[text.rindex(BIDI_IMPLICIT) + len(BIDI_IMPLICIT):].strip() == "readcli: interrupted"


def test_sigterm_restores_the_terminal_quietly(corpus):
    term = reader_terminal(["--corpus", str(corpus), "read", "004"])
    assert term.read_until(started), term.text
    os.kill(term.proc.pid, signal.SIGTERM)
    assert term.finish() == 143
    text = term.text
    assert "Traceback" not in text and text.rindex("\x1b[?1049l") < text.rindex(BIDI_IMPLICIT)
    assert text[text.rindex(BIDI_IMPLICIT) + len(BIDI_IMPLICIT):].strip() == ""


def test_a_crash_is_one_error_line_and_a_usable_terminal(corpus):
    term = reader_terminal(["--corpus", str(corpus), "read", "004"], code=_CRASH)
    assert term.read_until(started), term.text
    term.send(b"j")
    assert term.finish() == 1
    text = term.text
    assert "Traceback" not in text
    after = ANSI.sub("", text[text.rindex(BIDI_IMPLICIT) + len(BIDI_IMPLICIT):]).strip().splitlines()
    assert after == ["readcli: error: the reader stopped on an unexpected error: ZeroDivisionError: planted"]
    # Textual left the alternate screen and gave the keyboard back before the line.
    assert text.rindex("\x1b[?1049l") < text.rindex(BIDI_IMPLICIT)


def test_a_data_folder_that_cannot_be_written_loses_only_the_position(corpus, tmp_path):
    blocker = tmp_path / "home"
    blocker.write_text("a file where the data folder should be")
    term = reader_terminal(["--corpus", str(corpus), "read", "004"], env={"READCLI_HOME": str(blocker)})
    assert term.read_until(started), term.text
    term.send(b"jq")
    assert term.finish() == 0
    after = ANSI.sub("", term.text[term.text.rindex(BIDI_IMPLICIT) + len(BIDI_IMPLICIT):]).strip().splitlines()
    assert len(after) == 1 and after[0].startswith("readcli: warning: cannot save the reading position"), after


def test_terminal_bidi_mode_writes_logical_text_and_no_handshake(corpus):
    """`--bidi terminal` (terminals that lay Arabic out themselves): no BDSM, the lines in logical
    order, unshaped, as `show` writes them there."""
    term = reader_terminal(["--corpus", str(corpus), "--bidi", "terminal", "read", "004"])
    assert term.read_until(started), term.text
    term.send(b"q")
    assert term.finish() == 0
    assert BIDI_EXPLICIT not in term.text and BIDI_IMPLICIT not in term.text
    assert not ARABIC_FORMS.search(term.text)
    assert "في خطوة تعكس تزايد الاهتمام الدولي" in ANSI.sub("", term.text)


def test_an_error_before_the_screen_is_one_line(corpus):
    term = reader_terminal(["--corpus", str(corpus), "read", "999"])
    assert term.finish() == 2
    assert term.text.strip().startswith("readcli: error: no article '999'")
    assert BIDI_EXPLICIT not in term.text


# --- tmux ------------------------------------------------------------------------------------------

needs_tmux = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (apt-get install tmux)")
COLS, ROWS = 80, 24


class Tmux:
    """A private tmux server running one readcli command; screens read with capture-pane."""

    def __init__(self, command: str, cols: int = COLS, rows: int = ROWS):
        self.rows = rows
        self.socket = f"readcli-test-{uuid.uuid4().hex[:8]}"
        env_names = ("READCLI_HOME", "ARGOS_PACKAGES_DIR", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME",
                     "ARGOS_PACKAGE_INDEX", "PATH")
        exports = " ".join(f"{n}={shlex.quote(os.environ[n])}" for n in env_names if n in os.environ)
        script = f"env {exports} TERM=xterm-256color READCLI_BIDI=app {command}; echo READCLI_EXIT=$?; sleep 60"
        self.tmux("new-session", "-d", "-x", str(cols), "-y", str(rows), "sh", "-c", script)

    def tmux(self, *args: str) -> str:
        return subprocess.run(["tmux", "-L", self.socket, "-f", "/dev/null", *args], capture_output=True,
                              text=True, check=True, timeout=20).stdout

    def screen(self, escapes: bool = False) -> list[str]:
        return self.tmux("capture-pane", "-p", *(["-e"] if escapes else []), "-t", "0").split("\n")[: self.rows]

    def wait(self, predicate, timeout: float = 30.0) -> list[str]:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            lines = self.screen()
            if predicate(lines):
                return lines
            time.sleep(0.1)
        raise AssertionError("\n".join(self.screen()))

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "0", *keys)

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)


@pytest.fixture
def tmux_reader(corpus):
    sessions = []

    def start(*args: str, cols: int = COLS, rows: int = ROWS) -> Tmux:
        readcli = shlex.join([sys.executable, "-m", "readcli", "--corpus", str(corpus), "read", *args])
        session = Tmux(readcli, cols, rows)
        sessions.append(session)
        return session

    yield start
    for session in sessions:
        session.close()


def highlighted_rows(tmux: Tmux, background: str) -> list[int]:
    """The rows where some visible character is drawn on ``background`` (``48;5;23``)."""
    rows = []
    for i, line in enumerate(tmux.screen(escapes=True)):
        active = False
        for token in re.split(r"(\x1b\[[0-9;]*m)", line):
            if token.startswith("\x1b["):
                params = token[2:-1].split(";")
                if re.search(rf"(?<![0-9]){re.escape(background)}(?![0-9])", token[2:-1]):
                    active = True
                elif "48" in params or "49" in params or params in (["0"], [""]):
                    active = False
            elif active and token.strip():
                rows.append(i)
                break
    return rows


def sentence_style(tmux: Tmux) -> str:
    """The background the current sentence is drawn on (``48;5;N`` or ``48;2;R;G;B``): the one
    of the Arabic text on the first article row."""
    line = tmux.screen(escapes=True)[1]
    found = re.findall(r"48;(?:5;\d+|2;\d+;\d+;\d+)(?=[;m])[^\x1b]*?m[^\x1b\s]", line)
    assert found, repr(line)
    return re.match(r"48;(?:5;\d+|2;\d+;\d+;\d+)", found[-1]).group()


@needs_tmux
def test_tmux_first_screen_j_t_q(tmux_reader, corpus, cli, argos_package_file):
    # The random-weight package's English for 004 in the memory (its words are noise).
    assert cli("models", "install", str(argos_package_file)).exit_code == 0
    shown = cli("show", "004", "--bilingual")
    assert shown.exit_code == 0, shown.output
    english = {int(r.split("\t")[0]): r.split("\t")[2] for r in shown.stdout.splitlines()}

    session = tmux_reader("004", "--sentence", "1")
    lines = session.wait(lambda s: "sentence 1/" in s[0])
    # The first screen's Arabic lines are readcli's own layout of 004 at the pane's width (80).
    expected = [text.rstrip() for _, text in article_lines((corpus / "004_0cd59c3a196a67dd.txt").read_text("utf-8"), COLS)]
    article_rows = lines[1 : ROWS - 1]
    # Exact, harakat included: 004's يُشار starts a line, so its damma is in the last column
    # (tmux misplaces it there while Textual's autowrap-off is in force; the reader turns it on).
    assert [row.rstrip() for row in article_rows] == expected[: len(article_rows)]
    assert any("\u064f" in row for row in article_rows)
    assert sum(1 for row in article_rows if ARABIC_FORMS.search(row)) >= 15

    # j moves the highlight from the first sentence's rows to the second's.
    style = sentence_style(session)
    assert highlighted_rows(session, style) == [1, 2, 3]
    session.keys("j")
    session.wait(lambda s: "sentence 2/" in s[0] and highlighted_rows(session, style) == [5, 6, 7])

    # t shows the memory's English of the current sentence (sentence 2), laid out for the pane.
    session.keys("t")
    pane = visual_block([english[2]], COLS - 2)
    lines = session.wait(lambda s: all(" " + line.rstrip() in s for line in pane if line.strip()))
    assert "sentence 2/" in lines[0]

    # q exits 0, and the position is saved: the next start opens on sentence 2.
    session.keys("q")
    session.wait(lambda s: any("READCLI_EXIT=0" in line for line in s))
    again = tmux_reader("004")
    again.wait(lambda s: "sentence 2/" in s[0])


@needs_tmux
def test_tmux_narrow_terminal_stacks_the_panes(tmux_reader):
    from rich.cells import cell_len

    session = tmux_reader("004", "--sentence", "2", "--word", "3", "--lookup", cols=40, rows=30)
    lines = session.wait(lambda s: any("listening" in line for line in s))
    assert "sentence 2/" in lines[0]
    assert all(cell_len(line) <= 40 for line in lines)
    listening = next(i for i, line in enumerate(lines) if "listening" in line)
    arabic = [i for i, line in enumerate(lines) if ARABIC_FORMS.search(line) and "lemma" not in line]
    assert min(arabic) < listening  # the word pane is under the article
