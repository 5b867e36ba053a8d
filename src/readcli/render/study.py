"""The review screen of ``readcli study``: a card's front, its back, and a grade read as one key.

Front: the word as read, and its sentence with the word marked. A key shows the back: the lemma,
gloss and part of speech, the sentence's English (when the translation memory has it) and the
source. Then 1 again, 2 hard, 3 good, 4 easy, q to stop. Keys are read one at a time with the
terminal in cbreak mode (Ctrl-C still interrupts); the terminal's mode is restored after each key.
"""

from __future__ import annotations

import datetime as _dt
import os

from rich.text import Text

from readcli.learner.study import split_marked
from readcli.render.console import screen_width, stdout_console
from readcli.render.marked import marked_lines
from readcli.render.safe import visible

GRADE_KEYS = {"1": 1, "2": 2, "3": 3, "4": 4, "١": 1, "٢": 2, "٣": 3, "٤": 4}
QUIT_KEYS = frozenset({"q", "Q", "\x1b", "\x04"})


def read_key(stream) -> str:
    """One key press from a terminal (empty at end of input)."""
    import termios
    import tty

    fd = stream.fileno()
    saved = termios.tcgetattr(fd)
    try:
        tty.setcbreak(fd, termios.TCSANOW)  # not TCSAFLUSH: keys typed ahead are kept
        # One character at a time: keys typed ahead stay queued for the next call.
        data = os.read(fd, 1)
        if data and data[0] >= 0xC0:  # the lead byte of a UTF-8 sequence (Arabic-Indic digits)
            data += os.read(fd, 3 if data[0] >= 0xF0 else 2 if data[0] >= 0xE0 else 1)
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)
    return data.decode("utf-8", "ignore")[:1] if data else ""


def describe_interval(interval: _dt.timedelta) -> str:
    seconds = max(0, int(interval.total_seconds()))
    if seconds < 3600:
        return f"{max(1, round(seconds / 60))} min"
    if seconds < 86400:
        return f"{round(seconds / 3600)} h"
    return f"{round(seconds / 86400)} days"


class ReviewScreen:
    def __init__(self, env):
        self.env = env
        self.console = stdout_console(env)
        self.width = screen_width(None, env)

    def _print(self, text, style: str = "") -> None:
        if isinstance(text, Text):
            self.console.print(text, no_wrap=True, overflow="ignore", crop=False, soft_wrap=True)
        else:
            self.console.print(Text(text, style=style), no_wrap=True, overflow="ignore", crop=False, soft_wrap=True)

    def _rtl(self, text: str, *, marked: set[int] | None = None, style: str = "") -> None:
        for line in marked_lines(text, self.width, marked or set()):
            if style:
                line.stylize(style)
            self._print(line)

    def message(self, text: str) -> None:
        self._print(visible(text), "dim")

    def ask(self, card, number: int, total: int) -> int | None:
        """Show the card, wait for a key, show the back, and return the grade (None: stop)."""
        from rich.rule import Rule


        source = f" · {card.article}" if card.article else ""
        self.console.print(Rule(visible(f"card {number} of {total}{source}"), style="dim"))
        self._rtl(card.form, style="bold")
        before, word, after = split_marked(card.example)
        if card.example:
            index = len(before.split()) if word else -1
            self._rtl(before + word + after, marked={index})
        self.message("any key: show the answer · q: stop")
        key = read_key(self.env.stdin)
        if not key or key in QUIT_KEYS:
            return None
        self._rtl(card.lemma)
        pos = f" ({card.pos})" if card.pos else ""
        self._print(visible(f"{card.gloss}{pos}"))
        if card.english:
            self._print(visible(card.english), "italic")
        self.message("grade: 1 again · 2 hard · 3 good · 4 easy · q: stop")
        while True:
            key = read_key(self.env.stdin)
            if not key or key in QUIT_KEYS:
                return None
            if key in GRADE_KEYS:
                return GRADE_KEYS[key]

    def graded(self, graded, status: str | None) -> None:
        note = f"; the lemma is now {status}" if status else ""
        self.message(f"next review in {describe_interval(graded.interval)}{note}")
