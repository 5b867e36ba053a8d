"""Argos Translate packages: find, validate, install and remove them.

Packages live where argostranslate keeps them, so a package installed with ``argospm`` is found
and one installed here is seen by argostranslate. The folder is computed at call time the way
``argostranslate.settings`` computes it at import time: ``$ARGOS_PACKAGES_DIR``, else the
``ARGOS_PACKAGES_DIR`` key of ``$XDG_CONFIG_HOME/argos-translate/settings.json``, else
``$XDG_DATA_HOME/argos-translate/packages`` (``~/.local/share`` by default; snap aware).

This module is light: it never imports argostranslate.translate, torch, stanza, ctranslate2 or
sentencepiece, and importing it has no side effects. Installs are crash-safe (see
:mod:`readcli.translate.staging`); the package index is :mod:`readcli.translate.package_index`.

An ``.argosmodel`` is a zip of one folder holding ``metadata.json``, a CTranslate2 model in
``model/`` (``model.bin``, ``config.json`` and vocabularies) and ``sentencepiece.model``.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from readcli.errors import ModelError, os_fault, shorten
from readcli.translate.staging import NEW, REMOVE_PREFIX, Workspace, pause_point, swap_in

SOURCE_CODE = "ar"
TARGET_CODE = "en"
INSTALL_HINT = "readcli models install FILE.argosmodel"


# --- where packages live -------------------------------------------------------------------


def _argos_home() -> Path:
    home = Path.home()
    if "SNAP" in os.environ and os.environ.get("SNAP_USER_DATA"):
        home = Path(os.environ["SNAP_USER_DATA"])
    return home


# Caps on what is read from files other programs (or people) place: metadata and settings.
MAX_JSON_FILE = 1 << 20
# An .argosmodel may unpack to at most this much, and to at most RATIO times its own size (a
# real package is a model of floats: it barely compresses); --allow-large lifts both.
MAX_UNPACKED = 4 << 30
MAX_RATIO = 20


def load_json(data: bytes | str):
    """``json.loads`` whose every failure is a ValueError (nesting too deep included)."""
    try:
        return json.loads(data)
    except RecursionError:
        raise ValueError("nested too deeply") from None


def read_json_file(path: Path, limit: int = MAX_JSON_FILE):
    """The JSON value in ``path``: a regular file of at most ``limit`` bytes (a FIFO or a device
    is never opened for a blocking read). OSError or ValueError when it cannot be had."""
    import stat

    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ValueError("not a regular file")
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise ValueError(f"larger than {limit} bytes")
    return load_json(data)


def argos_setting(key: str) -> str | None:
    """An argostranslate setting: the environment first, then its settings.json."""
    value = os.environ.get(key)
    if value is not None:
        return value
    config = Path(os.environ.get("XDG_CONFIG_HOME") or _argos_home() / ".config") / "argos-translate"
    try:
        data = read_json_file(config / "settings.json")
    except (OSError, ValueError):
        return None
    value = data.get(key) if isinstance(data, dict) else None
    return str(value) if value is not None else None


def argos_data_dir() -> Path:
    return Path(os.environ.get("XDG_DATA_HOME") or _argos_home() / ".local" / "share") / "argos-translate"


def packages_dir() -> Path:
    """The folder argostranslate installs packages into (not created here)."""
    configured = argos_setting("ARGOS_PACKAGES_DIR")
    return Path(configured) if configured else argos_data_dir() / "packages"


def package_dirs() -> list[Path]:
    """Every folder argostranslate searches for packages (snap bundles included)."""
    dirs = [packages_dir()]
    snap = os.environ.get("SNAP")
    if snap:
        bundled = Path(snap) / "snap_custom" / "packages"
        if bundled.is_dir():
            dirs.append(bundled)
        content = Path(snap) / "snap_custom" / "content_snap_packages"
        if content.is_dir():
            dirs.extend(p for p in sorted(content.iterdir()) if p.is_dir())
    return dirs


# --- installed packages --------------------------------------------------------------------


@dataclass(frozen=True)
class ArgosPackage:
    """An installed package (a folder with metadata.json)."""

    path: Path
    metadata: dict = field(repr=False, compare=False)

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def type(self) -> str:
        return str(self.metadata.get("type", "translate"))

    @property
    def from_code(self) -> str | None:
        return self.metadata.get("from_code")

    @property
    def to_code(self) -> str | None:
        return self.metadata.get("to_code")

    @property
    def version(self) -> str:
        return str(self.metadata.get("package_version", ""))

    @property
    def target_prefix(self) -> str:
        return str(self.metadata.get("target_prefix", "") or "")

    @property
    def model_dir(self) -> Path:
        return self.path / "model"

    @property
    def sentencepiece_model(self) -> Path:
        return self.path / "sentencepiece.model"

    @property
    def is_ar_en(self) -> bool:
        return self.type == "translate" and self.from_code == SOURCE_CODE and self.to_code == TARGET_CODE

    def identity(self) -> str:
        """A short fingerprint of the model files, part of every translation-memory key.

        Hashes metadata.json, sentencepiece.model, the model's config and vocabularies, and the
        size plus first and last MiB of model.bin: cheap (milliseconds for a 100 MB model) and
        different for any re-trained or re-quantised model.
        """
        digest = hashlib.sha256()
        files = [self.path / "metadata.json", self.sentencepiece_model]
        if self.model_dir.is_dir():
            files += sorted(p for p in self.model_dir.iterdir() if p.is_file() and p.name != "model.bin")
        for path in files:
            digest.update(path.name.encode() + b"\0")
            try:
                digest.update(path.read_bytes())
            except OSError:
                digest.update(b"<missing>")
        binary = self.model_dir / "model.bin"
        try:
            size = binary.stat().st_size
            with open(binary, "rb") as handle:
                digest.update(str(size).encode())
                digest.update(handle.read(1 << 20))
                if size > 2 << 20:
                    handle.seek(-(1 << 20), os.SEEK_END)
                    digest.update(handle.read(1 << 20))
        except OSError:
            digest.update(b"<no model.bin>")
        return f"{self.from_code}-{self.to_code}-{self.version}-{digest.hexdigest()[:16]}"

    def check_usable(self) -> None:
        """ModelError unless the files a translation needs are there."""
        missing = [
            str(p.relative_to(self.path))
            for p in (self.model_dir / "model.bin", self.sentencepiece_model)
            if not p.is_file()
        ]
        if missing:
            raise ModelError(
                f"package {self.path} is incomplete (missing {', '.join(missing)}); "
                f"reinstall it with {INSTALL_HINT}"
            )


def read_package(path: Path) -> ArgosPackage | None:
    try:
        metadata = read_json_file(path / "metadata.json")
    except (OSError, ValueError):
        return None
    if not isinstance(metadata, dict):
        return None
    return ArgosPackage(path=path, metadata=metadata)


def installed_packages() -> list[ArgosPackage]:
    """Every installed package, in folder-name order; unreadable folders are skipped."""
    found = []
    for directory in package_dirs():
        try:
            children = sorted(p for p in directory.iterdir() if p.is_dir())
        except OSError:
            continue
        for child in children:
            package = read_package(child)
            if package is not None:
                found.append(package)
    return found


def version_key(version: str) -> tuple:
    """Sort key for package versions (PEP 440 via ``packaging``); an invalid one sorts lowest."""
    from packaging.version import InvalidVersion, Version

    try:
        return (1, Version(str(version)))
    except InvalidVersion:
        return (0, str(version))


def installed_ar_en_package() -> ArgosPackage | None:
    """The installed Arabic→English translate package (the newest, if several), else None.

    Light: reads metadata.json files only.
    """
    candidates = [p for p in installed_packages() if p.is_ar_en]
    if not candidates:
        return None
    return max(candidates, key=lambda p: (version_key(p.version), p.name))


def require_ar_en_package() -> ArgosPackage:
    package = installed_ar_en_package()
    if package is None and sweep_leftovers():
        # A reinstall killed between its renames (where the system cannot exchange them) had
        # moved the package aside: the sweep has put it back.
        package = installed_ar_en_package()
    if package is None:
        raise ModelError(
            "no Arabic→English translation package is installed: run `readcli models install` "
            f"(or `{INSTALL_HINT}` offline)"
        )
    package.check_usable()
    return package


# --- validating and installing .argosmodel files ---------------------------------------------


@dataclass(frozen=True)
class PackageFile:
    """A validated .argosmodel: its single top folder and its metadata."""

    path: Path
    top: str
    metadata: dict


def validate_package_file(path: Path, *, allow_large: bool = False) -> PackageFile:
    """Check a .argosmodel without extracting it; ModelError says what is wrong.

    Refused: unsafe member names, encrypted members or compression methods zipfile cannot
    read (deflate64), a package that unpacks to more than :data:`MAX_UNPACKED` or to more
    than :data:`MAX_RATIO` times its size (unless ``allow_large``), a package whose type is
    not "translate", damaged members.
    """
    path = Path(path)
    where = str(path)
    if not path.exists():
        raise ModelError(f"no such file: {where}")
    if not path.is_file():
        raise ModelError(f"not a file: {where}")
    if not zipfile.is_zipfile(path):
        raise ModelError(f"{where} is not an Argos package (.argosmodel files are zip archives)")
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            names = [info.filename for info in infos]
            _check_members(where, path, infos, allow_large)
            bad = archive.testzip()
            if bad is not None:
                raise ModelError(f"{where} is damaged (bad CRC in {shorten(bad, 80)}); download it again")
            tops = set()
            for name in names:
                pure = PurePosixPath(name)
                if pure.is_absolute() or ".." in pure.parts or "\\" in name or not pure.parts:
                    raise ModelError(
                        f"{where} is not a safe Argos package (member {shorten(name, 80)!r} escapes its folder)"
                    )
                tops.add(pure.parts[0])
            if len(tops) != 1:
                raise ModelError(
                    f"{where} is not an Argos package: expected one top folder, found {len(tops)}"
                )
            top = tops.pop()
            members = set(names)
            if f"{top}/metadata.json" not in members:
                raise ModelError(f"{where} is not an Argos package: {top}/metadata.json is missing")
            if archive.getinfo(f"{top}/metadata.json").file_size > MAX_JSON_FILE:
                raise ModelError(f"{where}: {top}/metadata.json is larger than {MAX_JSON_FILE} bytes")
            try:
                metadata = load_json(archive.read(f"{top}/metadata.json").decode("utf-8"))
            except (ValueError, UnicodeDecodeError) as error:
                raise ModelError(f"{where}: {top}/metadata.json is not valid JSON ({shorten(error, 80)})") from None
            if not isinstance(metadata, dict):
                raise ModelError(f"{where}: {top}/metadata.json must hold a JSON object")
            if metadata.get("type", "translate") != "translate":
                raise ModelError(
                    f"{where} is a {shorten(metadata.get('type'), 30)!r} package; readcli installs"
                    " translate packages only"
                )
            for key in ("from_code", "to_code"):
                if not isinstance(metadata.get(key), str) or not metadata[key]:
                    raise ModelError(f"{where}: {top}/metadata.json has no {key!r}")
            for needed in ("model/model.bin", "model/config.json", "sentencepiece.model"):
                if f"{top}/{needed}" not in members:
                    raise ModelError(f"{where} is not a usable Argos package: {top}/{needed} is missing")
            if not any(
                n.startswith(f"{top}/model/") and "vocabulary" in n.rsplit("/", 1)[-1] for n in members
            ):
                raise ModelError(f"{where} is not a usable Argos package: no vocabulary in {top}/model/")
    except (zipfile.BadZipFile, RuntimeError, NotImplementedError, EOFError, zlib.error) as error:
        # RuntimeError: an encrypted member; NotImplementedError: an unknown compression method.
        raise ModelError(f"{where} is not a readable zip archive ({shorten(error, 80)})") from None
    except OSError as error:
        raise os_fault(error, "read", where) from None
    return PackageFile(path=path, top=top, metadata=metadata)


_READABLE_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}


def _check_members(where: str, path: Path, infos, allow_large: bool) -> None:
    """Refuse encrypted members, unknown compression methods, and packages too large unpacked."""
    for info in infos:
        if info.flag_bits & 0x1:
            raise ModelError(f"{where} is not a usable Argos package: {shorten(info.filename, 80)} is encrypted")
        if info.compress_type not in _READABLE_METHODS:
            method = "deflate64" if info.compress_type == 9 else f"method {info.compress_type}"
            raise ModelError(
                f"{where} is not a usable Argos package: {shorten(info.filename, 80)} is compressed with"
                f" {method}, which cannot be read; repack it with deflate"
            )
    if allow_large:
        return
    unpacked = sum(info.file_size for info in infos)
    packed = max(path.stat().st_size, 1)
    if unpacked > MAX_UNPACKED or unpacked > MAX_RATIO * max(packed, 1 << 20):
        raise ModelError(
            f"{where} unpacks to {unpacked / 1e6:,.0f} MB ({unpacked / packed:,.0f} times its size): more than"
            f" readcli installs (at most {MAX_UNPACKED >> 30} GiB and {MAX_RATIO} times); use --allow-large"
            " if you trust it"
        )


# --- installing: a locked workspace, a staging folder, an atomic swap (readcli.translate.staging) --------


def _workspace(target_dir: Path, *, wait: bool = True):
    return Workspace(target_dir, wait=wait, complete=lambda p: read_package(p) is not None)


def sweep_leftovers() -> list[Path]:
    """Remove what killed installs and removals left beside the packages folder, after putting
    back a package a killed reinstall had moved aside; the folders removed. Skipped, not waited
    for, while another readcli installs; errors (a read-only folder) are ignored."""
    with _workspace(packages_dir(), wait=False) as workspace:
        return workspace.sweep() if workspace is not None else []


def _locked_workspace(target_dir: Path):
    try:
        target_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise os_fault(error, "create", target_dir) from None
    return _workspace(target_dir)


def install_file(path: Path, *, allow_large: bool = False) -> ArgosPackage:
    """Validate and install a .argosmodel; replaces an installed package of the same name.

    Extracts into a staging folder beside the packages folder, then swaps it into place
    (:func:`readcli.translate.staging.swap_in`): a killed install leaves the old package or the new one,
    and its staging folder is removed by the next install, list or remove.
    """
    checked = validate_package_file(path, allow_large=allow_large)
    target_dir = packages_dir()
    with _locked_workspace(target_dir) as workspace:
        if workspace is None:
            raise ModelError(f"cannot open {target_dir.parent} to install into {target_dir}")
        workspace.sweep()
        return _install_locked(workspace, checked)


def _install_locked(workspace, checked: PackageFile) -> ArgosPackage:
    target_dir = workspace.target
    final = target_dir / checked.top
    current = read_package(final)
    metadata = checked.metadata
    if current is not None and current.is_ar_en and (metadata.get("from_code"), metadata.get("to_code")) != (SOURCE_CODE, TARGET_CODE):
        raise ModelError(
            f"{checked.path} ({metadata.get('from_code')}→{metadata.get('to_code')}) would replace the ar→en package"
            f" in {final}; remove that one first (readcli models remove {checked.top})"
        )
    try:
        staging = workspace.new_staging()
    except OSError as error:
        raise os_fault(error, "write to", target_dir.parent) from None
    try:
        with zipfile.ZipFile(checked.path) as archive:
            archive.extractall(staging / NEW)
        pause_point("extracted")
        swap_in(staging / NEW / checked.top, final, staging)
    except OSError as error:
        raise os_fault(error, "install into", target_dir) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    package = read_package(final)
    if package is None:
        raise ModelError(f"the package installed in {final} has no readable metadata.json")
    return package


def install_downloaded(download: Callable[[Path], Path], *, allow_large: bool = False) -> ArgosPackage:
    """Install the file ``download(folder)`` fetches into ``folder``: a staging folder on the
    packages' disk (no other disk needs the space), removed by the next run if this one is
    killed. The workspace stays locked from the download to the swap."""
    target_dir = packages_dir()
    with _locked_workspace(target_dir) as workspace:
        if workspace is None:
            raise ModelError(f"cannot open {target_dir.parent} to install into {target_dir}")
        workspace.sweep()
        try:
            folder = workspace.new_staging()
        except OSError as error:
            raise os_fault(error, "write to", target_dir.parent) from None
        try:
            checked = validate_package_file(download(folder), allow_large=allow_large)
            return _install_locked(workspace, checked)
        finally:
            shutil.rmtree(folder, ignore_errors=True)


def remove_package(package: ArgosPackage) -> None:
    """Delete an installed package's folder (renamed away first, so it vanishes at once)."""
    with _workspace(package.path.parent) as workspace:
        if workspace is None:
            raise ModelError(f"cannot open {package.path.parent.parent} to remove {package.path}")
        workspace.sweep()
        try:
            trash = workspace.new_staging(REMOVE_PREFIX)
            os.rename(package.path, trash / package.path.name)
        except OSError as error:
            raise os_fault(error, "remove", package.path) from None
        shutil.rmtree(trash, ignore_errors=True)


def find_installed(name: str | None) -> ArgosPackage:
    """An installed package by folder name or ``from-to`` code pair; the ar→en one by default."""
    if name is None:
        package = installed_ar_en_package()
        if package is None:
            raise ModelError("no Arabic→English package is installed; nothing to remove")
        return package
    packages = installed_packages()
    for package in packages:
        if name in (package.name, f"{package.from_code}-{package.to_code}", f"{package.from_code}_{package.to_code}"):
            return package
    known = ", ".join(p.name for p in packages) or "none"
    raise ModelError(f"no installed package {name!r} (installed: {known})")
