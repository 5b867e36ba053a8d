"""`readcli models list|install|remove`: Argos Translate packages, where argostranslate keeps them."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from readcli.cli.app import ReadcliTyper, app, confirm, format_option, state
from readcli.render import views
from readcli.render.output import emit

# readcli.translate.packages (zipfile, json, hashlib) is imported by the commands (start-up).

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
        st.env.note(f"no packages in {packages_dir()}; run `readcli models install`")
    emit(st.env, rows, views.MODELS, fmt)


class _DownloadBar:
    """A download bar (bytes, speed, time left) on the environment's stderr, only when it is a
    terminal, and only once the download itself starts (not while the index is fetched)."""

    def __init__(self, env) -> None:
        self.env = env
        self.progress = None
        self.task = None

    def __enter__(self) -> "_DownloadBar":
        return self

    def _start(self) -> None:
        from rich.progress import (  # rich.progress: only for a download on a terminal
            BarColumn,
            DownloadColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
            TransferSpeedColumn,
        )

        from readcli.render.console import stderr_console

        self.progress = Progress(
            TextColumn("downloading the ar→en package"),
            BarColumn(),
            DownloadColumn(),
            TransferSpeedColumn(),
            TimeRemainingColumn(),
            console=stderr_console(self.env),
            transient=True,
        )
        self.task = self.progress.add_task("download", total=None)
        self.progress.start()

    def update(self, done: int, total: int | None) -> None:
        if self.progress is None and self.env.stderr_isatty:
            self._start()
        if self.progress is not None:
            self.progress.update(self.task, completed=done, total=total)

    def __exit__(self, *exc) -> None:
        if self.progress is not None:
            self.progress.stop()


@models_app.command("install")
def models_install(
    ctx: typer.Context,
    file: Annotated[
        Optional[Path],
        typer.Argument(metavar="[FILE.argosmodel]", help="Install this file (offline) instead of downloading.", dir_okay=False),
    ] = None,
    allow_large: Annotated[
        bool, typer.Option("--allow-large", help="Install a package that unpacks to more than 4 GiB or to more than 20 times its size.")
    ] = False,
) -> None:
    """Install the Arabic→English package: from the Argos package index, or from a file.

    A file is checked first (zip, metadata.json, model/, sentencepiece.model) and refused if bad:
    unsafe or encrypted members, compression zip cannot read (deflate64), a type other than
    "translate", or (without --allow-large) a size unpacked over 4 GiB or 20 times the file's.
    Only http(s) links of the index are downloaded, within an hour in all.
    """
    from readcli.translate.packages import install_file

    st = state(ctx)
    if file is None:
        from readcli.translate.package_index import index_url, install_from_index

        if st.env.stderr_isatty:  # what happens before the download bar can show anything
            st.env.note(f"fetching the package index {index_url()}")
        with _DownloadBar(st.env) as bar:
            package = install_from_index(progress=bar.update, note=st.env.note, allow_large=allow_large)
    else:
        package = install_file(file, allow_large=allow_large)
    note = "" if package.is_ar_en else " (not ar→en: `readcli translate` will not use it)"
    st.env.status(f"installed {package.name} ({package.from_code}→{package.to_code} {package.version}) in {package.path}{note}")


@models_app.command("remove")
def models_remove(
    ctx: typer.Context,
    name: Annotated[
        Optional[str], typer.Argument(metavar="[NAME]", help="Folder name or from-to codes (default: the ar→en one).")
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Remove an installed package (by default the one `translate` uses).

    On a terminal it asks first, unless --yes is given.
    """
    from readcli.translate.packages import find_installed, remove_package, sweep_leftovers

    st = state(ctx)
    sweep_leftovers()
    package = find_installed(name)
    if not yes:
        confirm(st, f"remove the package {package.name} ({package.path})?")
    remove_package(package)
    st.env.status(f"removed {package.name} from {package.path.parent}")
