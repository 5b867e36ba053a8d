"""`readcli models list|install|remove`: Argos Translate packages, where argostranslate keeps them."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from readcli.cli.app import TableFormat, app

models_app = typer.Typer(
    help="Translation packages (Argos Translate format), shared with argospm.", no_args_is_help=True
)
app.add_typer(models_app, name="models")


@models_app.command("list")
def models_list(
    format: Annotated[TableFormat, typer.Option("--format", "-f", help="Output format.")] = TableFormat.table,
) -> None:
    """Installed packages; the one `translate` uses (ar→en) is marked with *.

    tsv columns: used (*), name, from, to, version, path; no header.
    """
    from readcli.models import installed_ar_en_package, installed_packages, packages_dir, sweep_leftovers

    sweep_leftovers()  # what killed installs left behind (skipped while another one runs)
    packages = installed_packages()
    used = installed_ar_en_package()
    rows = [
        {
            "used": "*" if used is not None and p.path == used.path else "",
            "name": p.name,
            "from": p.from_code or "",
            "to": p.to_code or "",
            "version": p.version,
            "path": str(p.path),
        }
        for p in packages
    ]
    columns = ["used", "name", "from", "to", "version", "path"]
    if format is TableFormat.tsv:
        from readcli.render.formats import write_tsv

        write_tsv(rows, columns, sys.stdout)
        return
    if format is TableFormat.jsonl:
        from readcli.render.formats import write_jsonl

        write_jsonl(({**r, "used": bool(r["used"])} for r in rows), sys.stdout)
        return
    if not rows:
        typer.echo(f"no packages in {packages_dir()}; run `readcli models install`", err=True)
        return
    from rich.table import Table

    from readcli.render.console import stdout_console

    table = Table(show_edge=False, pad_edge=False, header_style="bold")
    for column in columns:
        table.add_column("" if column == "used" else column, no_wrap=column != "path")
    for row in rows:
        table.add_row(*(row[c] for c in columns))
    stdout_console().print(table, crop=False)


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
    from readcli.models import install_file

    if file is None:
        from readcli.package_index import install_from_index

        with _DownloadBar() as bar:
            package = install_from_index(progress=bar.update)
    else:
        package = install_file(file)
    note = "" if package.is_ar_en else " (not ar→en: `readcli translate` will not use it)"
    typer.echo(f"installed {package.name} ({package.from_code}→{package.to_code} {package.version}) in {package.path}{note}", err=True)


@models_app.command("remove")
def models_remove(
    name: Annotated[
        Optional[str], typer.Argument(metavar="[NAME]", help="Folder name or from-to codes (default: the ar→en one).")
    ] = None,
) -> None:
    """Remove an installed package (by default the one `translate` uses)."""
    from readcli.models import find_installed, remove_package

    from readcli.models import sweep_leftovers

    sweep_leftovers()
    package = find_installed(name)
    remove_package(package)
    typer.echo(f"removed {package.name} from {package.path.parent}", err=True)
