"""Hostile packages, package indexes and settings: one line each, bounded sizes, never a
traceback, and a working ar→en package is never replaced by something else."""

from __future__ import annotations

import json
import os
import struct
import subprocess
import time
import zipfile
from pathlib import Path

import pytest

from helpers import one_error_line
from test_models_index import TOP, packages, readcli, used_name

DEEP = "[" * 100_000 + "]" * 100_000


def repack(source: Path, target: Path, *, metadata: dict | None = None, raw_metadata: str | None = None,
           extra: dict[str, bytes] | None = None) -> Path:
    """A copy of the package ``source`` with its metadata changed and members added."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename == f"{TOP}/metadata.json":
                if raw_metadata is not None:
                    data = raw_metadata.encode()
                elif metadata is not None:
                    data = json.dumps({**json.loads(data), **metadata}).encode()
            new.writestr(info.filename, data)
        for name, data in (extra or {}).items():
            new.writestr(f"{TOP}/{name}", data)
    return target


def patch_member(path: Path, member: str, *, flags: int | None = None, method: int | None = None) -> None:
    """Set the flag bits or compression method of ``member`` in both of its zip headers."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    for signature, name_at, length_at, flags_at in ((b"PK\x03\x04", 30, 26, 6), (b"PK\x01\x02", 46, 28, 8)):
        start = 0
        while (start := data.find(signature, start)) >= 0:
            length = struct.unpack_from("<H", data, start + length_at)[0]
            if bytes(data[start + name_at : start + name_at + length]) == name:
                if flags is not None:
                    struct.pack_into("<H", data, start + flags_at, flags)
                if method is not None:
                    struct.pack_into("<H", data, start + flags_at + 2, method)
            start += 4
    path.write_bytes(bytes(data))


def install(path: Path, *extra: str) -> subprocess.CompletedProcess:
    return readcli("models", "install", str(path), *extra)


def nothing_installed() -> bool:
    return not packages().exists() or list(packages().iterdir()) == []


# --- item 5: encrypted and deflate64 members -------------------------------------------------------


@pytest.mark.parametrize("change, needle", [
    ({"flags": 0x1}, "is encrypted"),
    ({"method": 9}, "deflate64"),
])
def test_encrypted_or_deflate64_members_are_refused(argos_package_file, tmp_path, change, needle):
    bad = repack(argos_package_file, tmp_path / "bad.argosmodel")
    patch_member(bad, f"{TOP}/sentencepiece.model", **change)
    one_error_line(install(bad), needle)
    assert nothing_installed()


# --- item 4: deep JSON -----------------------------------------------------------------------------


def test_a_deeply_nested_metadata_json_in_a_package_is_one_line(argos_package_file, tmp_path):
    bad = repack(argos_package_file, tmp_path / "deep.argosmodel", raw_metadata=DEEP)
    one_error_line(install(bad), "metadata.json")
    assert nothing_installed()


def test_hand_placed_deep_json_breaks_no_command(argos_package_file, tmp_path, corpus):
    assert install(argos_package_file).returncode == 0
    (packages() / "hand-placed").mkdir()
    (packages() / "hand-placed" / "metadata.json").write_text(DEEP)
    settings = Path(os.environ["XDG_CONFIG_HOME"]) / "argos-translate" / "settings.json"
    settings.parent.mkdir(parents=True)
    settings.write_text(DEEP)
    env = dict(os.environ)
    for command in (["models", "list", "-f", "tsv"], ["info", "-f", "tsv"],
                    ["--corpus", str(corpus), "list", "-f", "tsv"],
                    ["--corpus", str(corpus), "translate", "000", "-f", "tsv"]):
        result = readcli(*command, env=env)
        assert result.returncode == 0, (command, result.stderr)
        assert "Traceback" not in result.stderr
    # The settings file is also what argostranslate reads: with the packages folder from it.
    env.pop("ARGOS_PACKAGES_DIR")
    for command in (["models", "list", "-f", "tsv"], ["info", "-f", "tsv"]):
        result = readcli(*command, env=env)
        assert result.returncode == 0 and "Traceback" not in result.stderr, (command, result.stderr)


def test_a_deeply_nested_index_is_one_line(index):
    index.route("/index.json", 200, DEEP.encode())
    one_error_line(readcli("models", "install"), "not valid JSON")


# --- item 6: index entries of the wrong types -------------------------------------------------------


def test_malformed_index_entries_are_skipped_and_the_good_one_installs(index):
    good = index.entry()
    index.serve_index([
        {**good, "from_code": "fr", "languages": 5, "source_languages": "x"},
        {**good, "from_code": 5},
        {**good, "links": index.base + f"{TOP}.argosmodel"},  # a string, not a list
        {**good, "package_version": ["1"]},
        "not an entry",
        good,
    ])
    done = readcli("models", "install")
    assert done.returncode == 0, done.stderr
    assert "readcli: skipped 4 malformed entries of the Argos package index" in done.stderr
    assert "Traceback" not in done.stderr
    assert used_name(readcli("models", "list", "-f", "tsv").stdout) == TOP


# --- item 7: sizes, link schemes, deadlines ----------------------------------------------------------


def test_a_package_that_unpacks_to_much_more_than_its_size_is_refused(argos_package_file, tmp_path):
    bomb = repack(argos_package_file, tmp_path / "bomb.argosmodel", extra={"model/padding.bin": bytes(64 << 20)})
    line = one_error_line(install(bomb), "unpacks to 6", "--allow-large")
    assert "times its size" in line
    assert nothing_installed()
    allowed = install(bomb, "--allow-large")
    assert allowed.returncode == 0, allowed.stderr
    assert (packages() / TOP / "model" / "padding.bin").stat().st_size == 64 << 20


def test_an_index_larger_than_the_cap_is_refused(index, monkeypatch):
    index.route("/index.json", 200, b"[" + b" " * (33 << 20) + b"]")
    one_error_line(readcli("models", "install"), "too large")


@pytest.mark.parametrize("link", ["file:///etc/passwd", "file:///dev/zero", "ftp://127.0.0.1/x.argosmodel"])
def test_only_http_links_of_an_index_are_fetched(index, link):
    index.serve_index([index.entry(link=link)])
    one_error_line(readcli("models", "install"), "no http(s) download link")
    staging = [p for p in packages().parent.iterdir()] if packages().parent.exists() else []
    assert all(not p.name.startswith(".readcli") or not any(p.rglob("*.argosmodel")) for p in staging)


def test_a_dripping_server_meets_the_overall_deadline(index, tmp_path):
    from readcli.errors import ModelError
    from readcli.translate.package_index import download

    index.route(f"/{TOP}.argosmodel", "slow", index.package_bytes)  # twenty pieces over ~2 s
    start = time.monotonic()
    with pytest.raises(ModelError, match="not complete within"):
        download(index.base + f"{TOP}.argosmodel", tmp_path / "x", timeout=5, deadline=time.monotonic() + 0.5)
    assert time.monotonic() - start < 1.5


# --- item 8: a package of another type never replaces the working one ----------------------------------


@pytest.mark.parametrize("metadata, needle", [
    ({"type": "sbd"}, "translate packages only"),
    ({"type": "translate", "from_code": "fr"}, "would replace the ar→en package"),
])
def test_a_package_that_is_not_ar_en_translate_never_replaces_the_working_one(argos_package_file, tmp_path, metadata, needle):
    assert install(argos_package_file).returncode == 0
    other = repack(argos_package_file, tmp_path / "other.argosmodel", metadata=metadata)
    one_error_line(install(other), needle)
    assert used_name(readcli("models", "list", "-f", "tsv").stdout) == TOP
    assert json.loads((packages() / TOP / "metadata.json").read_text())["from_code"] == "ar"
