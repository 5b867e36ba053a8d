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

Inside tmux or screen the outer terminal does the drawing, from the multiplexer's own screen: a
BDSM sequence readcli writes never reaches it. tmux's passthrough escape does not help: tmux
forwards it at once but redraws the pane later, so the text arrives after the mode was switched
back (measured in VTE: reversed). What works is the multiplexer itself keeping the outer
terminal in explicit mode while it is attached, which is right for any full-screen program:
``set -as terminal-overrides ',*:smcup=\\E[?1049h\\E[8l:rmcup=\\E[8h\\E[?1049l'`` in tmux.conf
(docs/terminals.md). So where the outer terminal reorders and honours BDSM (seen from the
variables it exports, which the multiplexer's shells inherit): tmux with that override -> ``app``
(no handshake needed); otherwise ``terminal`` (logical text, the outer terminal lays it out).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from typing import NamedTuple

from readcli.errors import UsageError

MODES = ("app", "terminal", "auto")
ENV_VAR = "READCLI_BIDI"

EXPLICIT = "\x1b[8l"  # BDSM reset: explicit mode, the terminal draws cells as written
IMPLICIT = "\x1b[8h"  # BDSM set: implicit mode, the terminal's own bidi (its default)


class BidiChoice(NamedTuple):
    mode: str  # "app" or "terminal"
    reason: str  # what the choice was made from


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


def tmux_explicit(environ: Mapping[str, str]) -> bool:
    """Whether the tmux server this shell runs in puts the outer terminal in explicit mode when
    it attaches (a ``terminal-overrides`` entry with ``CSI 8 l``; asks tmux, 2 s at most)."""
    import shutil
    import subprocess

    tmux = shutil.which("tmux")
    if not tmux:
        return False
    try:
        done = subprocess.run(
            [tmux, "show-options", "-gqv", "terminal-overrides"], capture_output=True, text=True,
            timeout=2, env=dict(environ), stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    text = done.stdout
    return done.returncode == 0 and any(f"{esc}[8l" in text for esc in ("\\E", "\\e", "\\033", "\x1b"))


def detect(environ: Mapping[str, str] | None = None,
           tmux_keeps_explicit: Callable[[Mapping[str, str]], bool] = tmux_explicit) -> BidiChoice:
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
    if kind == "bdsm" and multiplexer == "tmux" and tmux_keeps_explicit(environ):
        return BidiChoice("app", f"auto: {name} outside tmux, which keeps it in explicit mode")
    return BidiChoice("terminal", f"auto: {name} outside {multiplexer} lays out right-to-left text itself")


def choose(option: str | None, environ: Mapping[str, str] | None = None) -> BidiChoice:
    """The mode to use: the user's, or :func:`detect`'s for ``auto``."""
    environ = os.environ if environ is None else environ
    mode = requested_mode(option, environ)
    if mode == "auto":
        return detect(environ)
    source = "--bidi" if option is not None else f"${ENV_VAR}"
    return BidiChoice(mode, f"{source} {mode}")
