"""readcli in a real VTE terminal (GNOME Terminal's widget) under a virtual display, by pixels.

VTE runs the bidi algorithm itself ("implicit mode") unless a program sends BDSM reset
(``CSI 8 l``). These tests take screenshots with ``<repo>/../shared/tools/vte-shot`` and compare
them with ImageMagick (``compare -metric AE``: the number of differing pixels):

- ``readcli show FILE`` must be pixel-identical to the same command wrapped in
  ``printf '\\e[8l'; …; printf '\\e[8h'`` (the corpus articles, a mixed Latin/Arabic file, and
  ``--bilingual`` with a test translation package);
- after readcli ends (normally, with an error line quoting Arabic, after Ctrl-C) the terminal is
  back in implicit mode: ``readcli …; cat ARABIC.txt`` is pixel-identical to the same with an
  explicit ``CSI 8 h`` before ``cat``.

Skipped, with the reason, without the tool or its Debian packages (xvfb, gir1.2-vte-2.91,
python3-gi, fonts-noto-core, imagemagick; .ci/run installs them best-effort). Each shot takes
about two seconds, so there are few.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHOT = REPO.parent / "shared" / "tools" / "vte-shot"
HERE = Path(__file__).resolve().parent
MIXED = HERE / "data" / "mixed_latin_arabic.txt"
ARABIC = "مرحبا بكم في الجزائر (2024).\nهذا سطر ثانٍ: abc 123 «نص».\nوفي جلسة استماع أمام الكونغرس الأمريكي، صرح جوشوا هاريس.\n"
COLUMNS, ROWS = 90, 36


def _missing() -> str | None:
    if not SHOT.is_file():
        return f"{SHOT} is absent (the VTE screenshot tool lives in shared/tools beside the repository)"
    for tool in ("xvfb-run", "compare"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed (apt-get install xvfb imagemagick)"
    probe = subprocess.run(["/usr/bin/python3", "-c", "import gi; gi.require_version('Vte', '2.91')"],
                           capture_output=True)
    if probe.returncode != 0:
        return "VTE's Python bindings are missing (apt-get install gir1.2-vte-2.91 python3-gi fonts-noto-core)"
    return None


pytestmark = pytest.mark.skipif(_missing() is not None, reason=_missing() or "")


def _environment() -> dict:
    environment = {k: v for k, v in os.environ.items()
                   if k not in ("TMUX", "STY", "MLTERM", "KONSOLE_VERSION", "TERM_PROGRAM", "INSIDE_EMACS",
                                "READCLI_BIDI", "NO_COLOR", "FORCE_COLOR", "COLUMNS", "LINES", "DISPLAY")}
    return environment


def shot(path: Path, script: str) -> Path:
    """A screenshot of VTE after ``sh -c script`` has run in it."""
    done = subprocess.run([str(SHOT), str(path), str(COLUMNS), str(ROWS), "sh", "-c", script],
                          capture_output=True, text=True, timeout=120, env=_environment())
    assert path.is_file(), done.stderr
    return path


def differing_pixels(a: Path, b: Path) -> int:
    done = subprocess.run(["compare", "-metric", "AE", str(a), str(b), "null:"], capture_output=True, text=True)
    return int(float(done.stderr.split()[0]))


def readcli(*args: str) -> str:
    return shlex.join([sys.executable, "-m", "readcli", *args])


def wrapped(command: str) -> str:
    return f"printf '\\033[8l'; {command}; printf '\\033[8h'"


def assert_same_as_wrapped(tmp_path: Path, name: str, command: str) -> None:
    plain = shot(tmp_path / f"{name}.png", command)
    explicit = shot(tmp_path / f"{name}-explicit.png", wrapped(command))
    assert differing_pixels(plain, explicit) == 0, f"{name}: see {plain} and {explicit}"


@pytest.mark.parametrize("article", ["000", "004"])
def test_show_is_drawn_as_in_explicit_mode(tmp_path, corpus, article):
    assert_same_as_wrapped(tmp_path, article, readcli("--corpus", str(corpus), "show", article))


def test_a_mixed_latin_arabic_file(tmp_path, corpus):
    assert_same_as_wrapped(tmp_path, "mixed", readcli("--corpus", str(corpus), "show", str(MIXED)))


def test_bilingual_with_a_test_package(tmp_path, corpus, argos_package_file):
    done = subprocess.run([sys.executable, "-m", "readcli", "models", "install", str(argos_package_file)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert_same_as_wrapped(tmp_path, "bilingual", readcli("--corpus", str(corpus), "show", "000", "--bilingual"))


@pytest.mark.parametrize(
    "name, command",
    [
        ("after-show", ["show", str(MIXED)]),
        ("after-error", ["show", "مرحبا"]),  # one error line quoting Arabic, on stderr
        ("after-ctrl-c", None),
    ],
)
def test_the_terminal_is_back_in_implicit_mode_afterwards(tmp_path, corpus, name, command):
    arabic = tmp_path / "arabic.txt"
    arabic.write_text(ARABIC, encoding="utf-8")
    if command is None:  # Ctrl-C half-way through the view (tests/view_faults.py)
        run = shlex.join([sys.executable, str(HERE / "view_faults.py"), "sigint", "--corpus", str(corpus),
                          "show", str(MIXED)])
    else:
        run = readcli("--corpus", str(corpus), *command)
    cat = shlex.join(["cat", str(arabic)])
    after = shot(tmp_path / f"{name}.png", f"{run}; {cat}")
    reset = shot(tmp_path / f"{name}-reset.png", f"printf '\\033[8l'; {run}; printf '\\033[8h'; {cat}")
    assert differing_pixels(after, reset) == 0, f"{name}: see {after} and {reset}"
