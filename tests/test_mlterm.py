"""readcli in a real mlterm under a virtual display: ``auto`` must write logical text there.

mlterm lays out right-to-left text itself and ignores BDSM, so readcli's own layout would be
reversed (bench/mlterm-show-mixed-app.png). Given logical text it draws it right. The check, by
pixels (ImageMagick ``compare``): ``readcli show`` with no option is drawn exactly as
``--bidi terminal`` is, and not as ``--bidi app`` is. Skipped without mlterm, Xvfb or ImageMagick.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
MIXED = HERE / "data" / "mixed_latin_arabic.txt"
TOOLS = ("mlterm", "xvfb-run", "import", "compare")

pytestmark = pytest.mark.skipif(
    any(shutil.which(tool) is None for tool in TOOLS),
    reason="needs mlterm, xvfb-run and ImageMagick (apt-get install mlterm xvfb imagemagick)",
)

# mlterm runs the command, which writes a file when done; then the screen is saved.
SCRIPT = """
mlterm --geometry 90x16 --type=xft --fontsize=14 --sbmod=none -e sh -c "$1; touch $3; sleep 30" &
i=0; while [ ! -e "$3" ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i+1)); done
sleep 0.7
import -window root "$2"
kill $! 2>/dev/null
"""


def shot(tmp_path: Path, name: str, *args: str) -> Path:
    command = shlex.join([sys.executable, "-m", "readcli", *args, "show", str(MIXED)])
    out, done = tmp_path / f"{name}.png", tmp_path / f"{name}.done"
    environment = {k: v for k, v in os.environ.items()
                   if k not in ("READCLI_BIDI", "VTE_VERSION", "TMUX", "STY", "DISPLAY", "TERM_PROGRAM")}
    subprocess.run(["xvfb-run", "-a", "-s", "-screen 0 1000x400x24", "sh", "-c", SCRIPT, "sh", command, str(out),
                    str(done)], capture_output=True, timeout=90, env=environment)
    assert out.is_file() and done.is_file(), name
    return out


def differing_pixels(a: Path, b: Path) -> int:
    done = subprocess.run(["compare", "-metric", "AE", str(a), str(b), "null:"], capture_output=True, text=True)
    return int(float(done.stderr.split()[0]))


def test_auto_writes_logical_text_in_mlterm(tmp_path):
    auto = shot(tmp_path, "auto")
    terminal = shot(tmp_path, "terminal", "--bidi", "terminal")
    app = shot(tmp_path, "app", "--bidi", "app")
    assert differing_pixels(auto, terminal) == 0
    assert differing_pixels(auto, app) > 1000  # readcli's own layout, reversed by mlterm
