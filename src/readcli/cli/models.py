"""`readcli models list|install|remove`: Argos Translate packages, where argostranslate keeps them."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from readcli.cli.app import ReadcliTyper, app, format_option, say, state
from readcli.render import views

models_app = ReadcliTyper(
    help="Translation packages (Argos Translate format), shared with argospm.", no_args_is_help=True
)
app.add_typer(models_app, name="models")


@models_app.command("list")
def models_list(
    ctx: typer.Context,
    format: Annotated[Optional[str], format_option(views.MODELS, "table on a terminal, else tsv")] = None,
) -> None:
    """Installed packages; `used` marks the one `translate` uses (ar→en).

    tsv columns: used (yes/no), name, from, to, version, path; no header.
    """
    from readcli.translate.packages import installed_ar_en_package, installed_packages, packages_dir, sweep_leftovers
    from readcli.render.output import emit

    st = state(ctx)
    fmt = st.output_format(format, views.MODELS, command="models list")
    sweep_leftovers()  # what killed installs left behind (skipped while another one runs)
    packages = installed_packages()
    used = installed_ar_en_package()
    rows = [
        {
            "used": used is not None and p.path == used.path,
            "name": p.name,
            "from": p.from_code or "",
            "to": p.to_code or "",
            "version": p.version,
            "path": str(p.path),
        }
        for p in packages
    ]
    if not rows and fmt == "table":
        say(f"no packages in {packages_dir()}; run `readcli models install`", "readcli: ")
    emit(st.env, rows, views.MODELS, fmt)


class _DownloadBar:
    """A download bar (bytes, speed, time left) on stderr, only when stderr is a terminal."""

    def __init__(self) -> None:
        self.progress = None
        self.task = None

    def __enter__(self) -> "_DownloadBar":
        if sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                DownloadColumn,
                Progress,
                TextColumn,
                TimeRemainingColumn,
                TransferSpeedColumn,
            )

            self.progress = Progress(
                TextColumn("downloading the ar→en package"),
                BarColumn(),
                DownloadColumn(),
                TransferSpeedColumn(),
                TimeRemainingColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self.task = self.progress.add_task("download", total=None)
            self.progress.start()
        return self

    def update(self, done: int, total: int | None) -> None:
        if self.progress is not None:
            self.progress.update(self.task, completed=done, total=total)

    def __exit__(self, *exc) -> None:
        if self.progress is not None:
            self.progress.stop()


@models_app.command("install")
def models_install(
    file: Annotated[
        Optional[Path],
        typer.Argument(metavar="[FILE.argosmodel]", help="Install this file (offline) instead of downloading.", dir_okay=False),
    ] = None,
) -> None:
    """Install the Arabic→English package: from the Argos package index, or from a file.

    A file is checked first (zip, metadata.json, model/, sentencepiece.model) and refused if bad.
    """
    from readcli.translate.packages import install_file

    if file is None:
        from readcli.translate.package_index import install_from_index

        with _DownloadBar() as bar:
            package = install_from_index(progress=bar.update)
    else:
        package = install_file(file)
    note = "" if package.is_ar_en else " (not ar→en: `readcli translate` will not use it)"
    say(f"installed {package.name} ({package.from_code}→{package.to_code} {package.version}) in {package.path}{note}", "")


@models_app.command("remove")
def models_remove(
    name: Annotated[
        Optional[str], typer.Argument(metavar="[NAME]", help="Folder name or from-to codes (default: the ar→en one).")
    ] = None,
) -> None:
    """Remove an installed package (by default the one `translate` uses)."""
    from readcli.translate.packages import find_installed, remove_package, sweep_leftovers

    sweep_leftovers()
    package = find_installed(name)
    remove_package(package)
    say(f"removed {package.name} from {package.path.parent}", "")
