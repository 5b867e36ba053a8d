"""The README documents every command the CLI has."""

from __future__ import annotations

from pathlib import Path

import typer.main

from readcli.cli import app

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def command_paths(group, prefix=()):
    for name, command in group.commands.items():
        if getattr(command, "hidden", False):  # an old name kept as an alias
            continue
        path = (*prefix, name)
        if hasattr(command, "commands"):
            yield from command_paths(command, path)
        else:
            yield " ".join(path)


def test_every_command_has_a_usage_example_in_the_readme():
    group = typer.main.get_command(app)
    missing = [path for path in command_paths(group) if f"readcli {path}" not in README]
    assert not missing, f"commands without an example in README.md: {missing}"


def test_readme_states_the_test_command_that_ci_runs():
    ci = (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text(encoding="utf-8")
    assert "python -m pytest -q" in README
    assert ci.rstrip().splitlines()[-1] == "python -m pytest -q"
