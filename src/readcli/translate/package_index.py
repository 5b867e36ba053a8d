"""The Argos package index: find the ar→en package in ``index.json``, download it, install it.

The index URL is argostranslate's ``ARGOS_PACKAGE_INDEX`` setting (environment or settings.json)
or the public index. Errors say what actually happened: an HTTP status with its URL (the server
answered), or "cannot reach" with the reason (name not found, connection refused, timed out),
and always the offline way (``readcli models install FILE.argosmodel``). The download goes to a
staging folder beside the packages folder (see :func:`readcli.translate.packages.install_downloaded`) and
reports its progress (bytes done, bytes expected or None) to an optional callback.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Callable
from pathlib import Path

from readcli.errors import ModelError, os_fault, shorten
from readcli.translate.packages import INSTALL_HINT, SOURCE_CODE, TARGET_CODE, ArgosPackage, version_key

DEFAULT_INDEX = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/"
_CHUNK = 1 << 16
_OFFLINE = f"download translate-ar_en-*.argosmodel elsewhere and run `{INSTALL_HINT}`"

Progress = Callable[[int, "int | None"], None]


def index_url() -> str:
    from readcli.translate.packages import argos_setting

    base = argos_setting("ARGOS_PACKAGE_INDEX") or DEFAULT_INDEX
    return base if base.endswith(".json") else base.rstrip("/") + "/index.json"


class _WriteFailed(Exception):
    """An OSError writing the download (not a network error)."""

    def __init__(self, error: OSError):
        super().__init__(error)
        self.error = error


def _reason(error: BaseException) -> str:
    """Why a URL could not be fetched, in a few words."""
    reason = getattr(error, "reason", error)
    if isinstance(reason, socket.gaierror):
        return "the host name was not found (DNS)"
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    if isinstance(reason, (TimeoutError, socket.timeout)) or "timed out" in str(reason):
        return "timed out"
    if isinstance(reason, ConnectionResetError):
        return "the connection was reset"
    return shorten(reason, 80)


def fetch_error(url: str, error: BaseException, what: str = "the Argos package index") -> ModelError:
    """One line for a failed fetch of ``url``: the HTTP status, or why it could not be reached."""
    import http.client
    import urllib.error

    if isinstance(error, urllib.error.HTTPError):
        status = f"HTTP {error.code}" + (f" {shorten(error.reason, 40)}" if error.reason else "")
        if 500 <= error.code < 600:
            advice = "the server failed; try again later, or " + _OFFLINE
        else:
            advice = "check the address (ARGOS_PACKAGE_INDEX), or " + _OFFLINE
        return ModelError(f"{what} at {shorten(url)} answered {status}; {advice}")
    if isinstance(error, http.client.IncompleteRead):
        return ModelError(f"the download of {shorten(url)} was cut off; run the command again, or {_OFFLINE}")
    return ModelError(
        f"cannot reach {what} at {shorten(url)} ({_reason(error)}); the network is unreachable or "
        f"blocked, or the server is down. {_OFFLINE[0].upper()}{_OFFLINE[1:]}"
    )


def _open(url: str, timeout: float):
    import urllib.request

    request = urllib.request.Request(url, headers={"User-Agent": "ArgosTranslate"})
    return urllib.request.urlopen(request, timeout=timeout)


def fetch_index(url: str, timeout: float = 20.0) -> list:
    try:
        with _open(url, timeout) as response:
            data = response.read()
    except Exception as error:  # noqa: BLE001 - URLError, HTTPError, timeouts, TLS errors, resets
        raise fetch_error(url, error) from None
    try:
        index = json.loads(data.decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        raise ModelError(f"the Argos package index at {shorten(url)} is not valid JSON ({shorten(error, 60)})") from None
    if not isinstance(index, list):
        raise ModelError(f"the Argos package index at {shorten(url)} is not a list of packages")
    return index


def download(url: str, target: Path, *, timeout: float = 120.0, progress: Progress | None = None) -> Path:
    """Save ``url`` to ``target``, calling ``progress(done, total)`` as bytes arrive."""
    try:
        with _open(url, timeout) as response:
            length = response.headers.get("Content-Length")
            total = int(length) if length and length.isdigit() else None
            done = 0
            if progress is not None:
                progress(0, total)
            try:
                out = open(target, "wb")
            except OSError as error:
                raise _WriteFailed(error) from None
            with out:
                while True:
                    chunk = response.read(_CHUNK)
                    if not chunk:
                        break
                    try:
                        out.write(chunk)
                    except OSError as error:
                        raise _WriteFailed(error) from None
                    done += len(chunk)
                    if progress is not None:
                        progress(done, total)
            if total is not None and done < total:
                import http.client

                raise http.client.IncompleteRead(b"", total - done)
    except _WriteFailed as failed:
        raise os_fault(failed.error, "write", target.parent) from None
    except Exception as error:  # noqa: BLE001 - any failure of the download is one line
        raise fetch_error(url, error, "the package download") from None
    return target


def install_from_index(timeout: float = 20.0, progress: Progress | None = None) -> ArgosPackage:
    """Download the newest ar→en package the index lists, then install it like a file."""
    from argostranslate.package import AvailablePackage, argospm_package_name

    from readcli.translate.packages import install_downloaded

    url = index_url()
    available = [AvailablePackage(m) for m in fetch_index(url, timeout) if isinstance(m, dict)]
    wanted = [
        p for p in available if p.type == "translate" and p.from_code == SOURCE_CODE and p.to_code == TARGET_CODE
    ]
    if not wanted:
        raise ModelError(f"the Argos package index at {shorten(url)} lists no ar→en package")
    best = max(wanted, key=lambda p: version_key(str(p.package_version)))
    links = [link for link in (best.links or []) if isinstance(link, str)]
    if not links:
        raise ModelError(f"the Argos package index at {shorten(url)} gives no download link for {best}")

    def fetch(folder: Path) -> Path:
        target = folder / (argospm_package_name(best) + ".argosmodel")
        for link in links[:-1]:
            try:
                return download(link, target, timeout=timeout * 6, progress=progress)
            except ModelError:
                continue  # a mirror failed: try the next one
        return download(links[-1], target, timeout=timeout * 6, progress=progress)

    return install_downloaded(fetch)
