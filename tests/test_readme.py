"""README.md is for users: short, no paths outside the repository, and every example runs.

Each line of its ``sh`` blocks is run as written with bash, in a folder holding a copy of the
corpus (so ``./corpus`` is the corpus), with the tests' random-weight translation package
installed and stdin on a terminal (as a user types them). Lines whose comment says they need the
network are only checked to name a real command; the two set-up commands are what CI itself
runs (.ci/run); ``models remove`` runs last, since the translation examples need the model.
"""

from __future__ import annotations

import os
import pty
import re
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text(encoding="utf-8")
SETUP = ("python3 -m venv", "bash .ci/run")


def examples() -> list[str]:
    blocks = re.findall(r"```sh\n(.*?)```", README, flags=re.S)
    return [line.strip() for block in blocks for line in block.splitlines() if line.strip()]


def test_the_readme_is_short_and_stays_in_the_repository():
    assert len(README.splitlines()) <= 200
    for outside in ("../", "/tmp/", "/work/", "~/", "/home/", "/root/"):
        assert outside not in README, outside
    assert not re.search(r"\b[0-9a-f]{7,40}\b", README), "a commit hash"


def test_the_set_up_commands_are_what_ci_runs():
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "bash .ci/run" in examples()
    assert "-e '.[dev]'" in ci and ci.rstrip().endswith("python -m pytest -q")
    assert any(line.startswith("python3 -m venv") and line.endswith("readcli show 004") for line in examples())


def test_every_example_runs(tmp_path, argos_package_file):
    shutil.copytree(REPO / "corpus", tmp_path / "corpus")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}", "COLUMNS": "100"}
    installed = subprocess.run([sys.executable, "-m", "readcli", "models", "install", str(argos_package_file)],
                               cwd=tmp_path, env=env, capture_output=True, text=True)
    assert installed.returncode == 0, installed.stderr
    lines = [line for line in examples() if not line.startswith(SETUP)]
    lines = [line for line in lines if "models remove" not in line] + [line for line in lines if "models remove" in line]
    assert len(lines) >= 30
    for line in lines:
        if "needs the network" in line:
            command = line.split()[1]
            assert subprocess.run([sys.executable, "-m", "readcli", command, "--help"], env=env,
                                  capture_output=True).returncode == 0, line
            continue
        master, slave = pty.openpty()  # stdin on a terminal, as when the user types the line
        try:
            done = subprocess.run(["bash", "-c", line], cwd=tmp_path, env=env, stdin=slave,
                                  capture_output=True, text=True, timeout=300)
        finally:
            os.close(slave)
            os.close(master)
        allowed = {0, 1} if "exit 1" in line else {0}
        assert done.returncode in allowed, (line, done.stdout[-500:], done.stderr[-500:])
        assert "Traceback" not in done.stderr and "readcli: error" not in done.stderr, (line, done.stderr)
        quiet = done.returncode == 1 or "--yes" in line or "feed list" in line  # nothing to say
        assert done.stdout.strip() or done.stderr.strip() or quiet, line
