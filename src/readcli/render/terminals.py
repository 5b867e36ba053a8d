"""Who lays out right-to-left text: readcli (``app``) or the terminal (``terminal``).

Terminals come in three kinds (docs/terminals.md has the table, from each one's docs or source):

- most draw each character in the cell it is written to (xterm, kitty, Alacritty, foot,
  Windows Terminal, WezTerm by default, tmux's and screen's own screens): readcli must shape and
  reorder Arabic itself;
- VTE (GNOME Terminal, Tilix, Terminator, xfce4-terminal...) and mintty run the Unicode bidi
  algorithm on what they receive ("implicit mode") unless the program switches it off with
  ECMA-48 BDSM ``CSI 8 l`` ("explicit mode") and back on with ``CSI 8 h`` when it is done, as the
  terminal-wg bidi recommendation says; VTE keeps the mode each line was written in, so text
  written before and after readcli is drawn as it would be without readcli;
- mlterm (and Konsole, Apple's Terminal, PuTTY, an Emacs shell buffer) reorder too but ignore
  BDSM: there readcli writes logical text and lets the terminal lay it out.

So ``app`` = readcli reorders, with the BDSM handshake around its output; ``terminal`` = logical
order, no handshake. ``auto`` picks one from the environment, see :func:`detect`.

Inside tmux or screen the outer terminal does the drawing. A multiplexer passes BDSM on only
through its passthrough escape (``ESC P tmux; … ESC \\`` when tmux's ``allow-passthrough`` is
on; screen always passes ``ESC P … ESC \\``), so where the outer terminal is one that reorders
(seen from the variables it exports, which the multiplexer's shells inherit): tmux with
passthrough on → ``app``, with the handshake wrapped for tmux; otherwise ``terminal``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Mapping
from typing import NamedTuple

from readcli.errors import UsageError

MODES = ("app", "terminal", "auto")
ENV_VAR = "READCLI_BIDI"

EXPLICIT = "\x1b[8l"  # BDSM reset: explicit mode, the terminal draws cells as written
IMPLICIT = "\x1b[8h"  # BDSM set: implicit mode, the terminal's own bidi (its default)


class BidiChoice(NamedTuple):
    mode: str  # "app" or "terminal"
    reason: str  # what the choice was made from (for `readcli info` and the docs)
    wrap: str = ""  # "tmux" or "screen": the handshake goes through that multiplexer's passthrough


def requested_mode(option: str | None, environ: Mapping[str, str] | None = None) -> str:
    """``--bidi`` if given, else ``$READCLI_BIDI``, else ``auto`` (a bad value is a usage error)."""
    environ = os.environ if environ is None else environ
    value = option if option is not None else (environ.get(ENV_VAR) or "auto")
    value = value.strip().lower()
    if value not in MODES:
        source = "--bidi" if option is not None else f"${ENV_VAR}"
        raise UsageError(f"{source} must be one of {', '.join(MODES)}, not {value!r}")
    return value


def _outer(environ: Mapping[str, str]) -> tuple[str, str] | None:
    """(kind, name) of a terminal that reorders, seen from the variables it exports.

    kind: "bdsm" (reorders, honours BDSM) or "own" (reorders, ignores BDSM).
    """
    if environ.get("MLTERM"):
        return "own", "mlterm"
    if environ.get("INSIDE_EMACS"):  # M-x shell / eshell: Emacs' own bidi reorders the buffer
        return "own", "Emacs"
    if environ.get("KONSOLE_VERSION") or environ.get("KONSOLE_DBUS_SESSION"):
        return "own", "Konsole"
    program = environ.get("TERM_PROGRAM", "")
    if program == "Apple_Terminal":
        return "own", "Apple Terminal"
    if environ.get("VTE_VERSION"):
        return "bdsm", "VTE"
    if program == "mintty" or environ.get("MINTTY_SHORTCUT"):
        return "bdsm", "mintty"
    return None


def tmux_passthrough(environ: Mapping[str, str]) -> bool:
    """Whether the tmux server this shell runs in has ``allow-passthrough`` on (asks tmux)."""
    tmux = shutil.which("tmux")
    if not tmux:
        return False
    try:
        done = subprocess.run(
            [tmux, "show-options", "-gqv", "allow-passthrough"], capture_output=True, text=True,
            timeout=2, env=dict(environ),
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0 and done.stdout.strip() in ("on", "all")


def detect(environ: Mapping[str, str] | None = None,
           passthrough: Callable[[Mapping[str, str]], bool] = tmux_passthrough) -> BidiChoice:
    """The ``auto`` choice for the terminal the environment describes."""
    environ = os.environ if environ is None else environ
    outer = _outer(environ)
    multiplexer = "tmux" if environ.get("TMUX") else "screen" if environ.get("STY") else ""
    if outer is None:
        where = f"{multiplexer} " if multiplexer else ""
        return BidiChoice("app", f"auto: {where}terminal draws cells as written")
    kind, name = outer
    if not multiplexer:
        if kind == "bdsm":
            return BidiChoice("app", f"auto: {name} (explicit mode while readcli writes)")
        return BidiChoice("terminal", f"auto: {name} lays out right-to-left text itself")
    if kind == "bdsm" and multiplexer == "tmux" and passthrough(environ):
        return BidiChoice("app", f"auto: {name} outside tmux, through tmux passthrough", wrap="tmux")
    return BidiChoice("terminal", f"auto: {name} outside {multiplexer} lays out right-to-left text itself")


def choose(option: str | None, environ: Mapping[str, str] | None = None) -> BidiChoice:
    """The mode to use: the user's, or :func:`detect`'s for ``auto``."""
    environ = os.environ if environ is None else environ
    mode = requested_mode(option, environ)
    if mode == "auto":
        return detect(environ)
    source = "--bidi" if option is not None else f"${ENV_VAR}"
    wrap = ""
    if mode == "app" and _outer(environ):  # harmless where passthrough is off: it is dropped
        wrap = "tmux" if environ.get("TMUX") else "screen" if environ.get("STY") else ""
    return BidiChoice(mode, f"{source} {mode}", wrap)


def wrapped(sequence: str, wrap: str) -> str:
    """``sequence`` as the terminal should receive it: direct, plus through the multiplexer."""
    if wrap == "tmux":
        return sequence + "\x1bPtmux;" + sequence.replace("\x1b", "\x1b\x1b") + "\x1b\\"
    if wrap == "screen":
        return sequence + "\x1bP" + sequence + "\x1b\\"
    return sequence
