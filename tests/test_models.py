"""`readcli models`: install from a real .argosmodel, validation of bad files, list, remove."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from helpers import heavy_modules_after, imported_heavy_modules, one_error_line, used_package


def packages_dir() -> Path:
    return Path(os.environ["ARGOS_PACKAGES_DIR"])


def installed_names() -> list[str]:
    folder = packages_dir()
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_list_with_nothing_installed(cli):
    result = cli("models", "list", "-f", "tsv")
    assert result.exit_code == 0
    assert result.stdout == ""
    table = cli("models", "list", "-f", "table")
    assert table.exit_code == 0
    assert "readcli models install" in table.stderr


def test_install_file_then_list_and_remove(cli, argos_package_file):
    result = cli("models", "install", str(argos_package_file))
    assert result.exit_code == 0, result.stderr
    assert "installed translate-ar_en-1_0" in result.stderr
    assert installed_names() == ["translate-ar_en-1_0"]
    # Nothing left behind beside the packages folder (staging is cleaned up).
    assert [p.name for p in packages_dir().parent.iterdir()] == ["packages"] or all(
        not p.name.startswith(".readcli-") for p in packages_dir().parent.iterdir()
    )
    listing = cli("models", "list", "-f", "tsv").stdout
    assert used_package(listing) == "translate-ar_en-1_0"
    rows = [line.split("\t") for line in listing.splitlines()]
    assert [row[1:] for row in rows] == [["translate-ar_en-1_0", "ar", "en", "1.0", str(packages_dir() / "translate-ar_en-1_0")]]
    records = [json.loads(l) for l in cli("models", "list", "-f", "jsonl").stdout.splitlines()]
    assert records[0]["used"] is True and records[0]["from"] == "ar"
    # Installing again replaces the package in place.
    again = cli("models", "install", str(argos_package_file))
    assert again.exit_code == 0
    assert installed_names() == ["translate-ar_en-1_0"]
    removed = cli("models", "remove")
    assert removed.exit_code == 0, removed.stderr
    assert installed_names() == []
    one_error_line(cli("models", "remove"), "nothing to remove")
    one_error_line(cli("models", "remove", "fr-de"), "no installed package 'fr-de'")


def test_argostranslate_sees_our_install_and_we_see_argospm_installs(cli, argos_package_file, tmp_path):
    """Same folder, same format: argostranslate.package lists what readcli installed and vice versa."""
    assert cli("models", "install", str(argos_package_file)).exit_code == 0
    probe = (
        "from argostranslate import package\n"
        "print([(p.from_code, p.to_code, p.package_path.name) for p in package.get_installed_packages()])\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert "('ar', 'en', 'translate-ar_en-1_0')" in out
    # Now a package installed by argostranslate itself (what argospm does), in an empty folder.
    other = tmp_path / "argospm-packages"
    env = {**os.environ, "ARGOS_PACKAGES_DIR": str(other)}
    # install_from_path clears a translate cache by importing argostranslate.translate (slow):
    # extract exactly as it does instead, with its own settings.
    install = (
        "import zipfile\nfrom argostranslate import settings\n"
        f"zipfile.ZipFile({str(argos_package_file)!r}).extractall(settings.package_data_dir)\n"
    )
    subprocess.run([sys.executable, "-c", install], env=env, check=True)
    listing = subprocess.run(
        [sys.executable, "-m", "readcli", "models", "list", "-f", "tsv"], env=env, capture_output=True, text=True
    )
    assert used_package(listing.stdout) == "translate-ar_en-1_0"


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def _package_members(argos_package_file: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(argos_package_file) as zf:
        return {n: zf.read(n) for n in zf.namelist() if not n.endswith("/")}


@pytest.mark.parametrize(
    "case, needle",
    [
        ("not-zip", "not an Argos package (.argosmodel files are zip archives)"),
        ("no-metadata", "metadata.json is missing"),
        ("bad-json", "metadata.json is not valid JSON"),
        ("no-codes", "has no 'from_code'"),
        ("no-model", "model/model.bin is missing"),
        ("no-sentencepiece", "sentencepiece.model is missing"),
        ("two-tops", "expected one top folder"),
        ("escape", "escapes its folder"),
        ("missing", "no such file"),
    ],
)
def test_bad_package_files_are_refused(cli, argos_package_file, tmp_path, case, needle):
    members = _package_members(argos_package_file)
    top = "translate-ar_en-1_0"
    path = tmp_path / f"{case}.argosmodel"
    if case == "not-zip":
        path.write_bytes(b"this is not a zip")
    elif case == "no-metadata":
        _zip(path, {k: v for k, v in members.items() if not k.endswith("metadata.json")})
    elif case == "bad-json":
        _zip(path, {**members, f"{top}/metadata.json": b"{not json"})
    elif case == "no-codes":
        _zip(path, {**members, f"{top}/metadata.json": b'{"type": "translate"}'})
    elif case == "no-model":
        _zip(path, {k: v for k, v in members.items() if not k.endswith("model.bin")})
    elif case == "no-sentencepiece":
        _zip(path, {k: v for k, v in members.items() if not k.endswith("sentencepiece.model")})
    elif case == "two-tops":
        _zip(path, {**members, "other/README.md": b"x"})
    elif case == "escape":
        _zip(path, {**members, f"{top}/../../evil.txt": b"x"})
    result = cli("models", "install", str(path))
    one_error_line(result, needle)
    assert installed_names() == []


def test_install_from_index_offline_is_one_clear_line(cli):
    result = cli("models", "install")
    line = one_error_line(result, "network is unreachable", "readcli models install FILE.argosmodel")
    assert "127.0.0.1:9" in line


def test_installed_ar_en_package_is_light(argos_package_file, cli):
    """The glossary engineer's probe: no torch, stanza, argostranslate.translate, ctranslate2."""
    assert cli("models", "install", str(argos_package_file)).exit_code == 0
    probe = (
        "from readcli.translate.packages import installed_ar_en_package\n"
        "p = installed_ar_en_package()\nassert (p.name, p.from_code, p.to_code) == ('translate-ar_en-1_0', 'ar', 'en')\n"
    )
    assert heavy_modules_after(probe) == []


@pytest.mark.parametrize("args", [["models", "list"], ["models", "remove", "xx"], ["list"], ["cache", "info"]])
def test_non_translating_commands_import_nothing_heavy(cli, corpus, argos_package_file, args):
    assert cli("models", "install", str(argos_package_file)).exit_code == 0
    assert cli("translate", "000").exit_code == 0  # so `list` has a memory to read
    assert imported_heavy_modules("--corpus", str(corpus), *args) == []
