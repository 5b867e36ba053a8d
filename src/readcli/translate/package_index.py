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
from collections.abc import Callable
from pathlib import Path

from readcli.errors import ModelError, os_fault, shorten
from readcli.translate.packages import INSTALL_HINT, SOURCE_CODE, TARGET_CODE, ArgosPackage, version_key

DEFAULT_INDEX = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/"
_OFFLINE = f"download translate-ar_en-*.argosmodel elsewhere and run `{INSTALL_HINT}`"

Progress = Callable[[int, "int | None"], None]


def index_url() -> str:
    from readcli.translate.packages import argos_setting

    base = argos_setting("ARGOS_PACKAGE_INDEX") or DEFAULT_INDEX
    return base if base.endswith(".json") else base.rstrip("/") + "/index.json"


# Caps and deadlines of the two downloads (readcli.fetch): the index is a small JSON file; a
# package is 50-200 MB, so it gets an hour on a slow line.
MAX_INDEX_BYTES = 32 << 20
MAX_PACKAGE_BYTES = 2 << 30
PACKAGE_DEADLINE = 3600.0


def fetch_error(url: str, error: BaseException, what: str = "the Argos package index") -> ModelError:
    """One line for a failed fetch of ``url``: the HTTP status, or why it could not be reached.

    ``error`` is a :class:`readcli.fetch.FetchError` (or an urllib error, as argostranslate's own
    code raises them)."""
    import http.client
    import urllib.error

    from readcli.fetch import CUT_OFF, DEADLINE, HTTP_STATUS, TOO_BIG, FetchError

    from readcli.fetch import network_reason

    code = status = None
    if isinstance(error, FetchError) and error.kind == HTTP_STATUS:
        code, status = error.status, error.reason  # "HTTP 404 Not Found"
    elif isinstance(error, urllib.error.HTTPError):
        code = error.code
        status = f"HTTP {code}" + (f" {shorten(error.reason, 40)}" if error.reason else "")
    if code is not None:
        if 500 <= code < 600:
            advice = "the server failed; try again later, or " + _OFFLINE
        else:
            advice = "check the address (ARGOS_PACKAGE_INDEX), or " + _OFFLINE
        return ModelError(f"{what} at {shorten(url)} answered {status}; {advice}")
    if isinstance(error, http.client.IncompleteRead) or (isinstance(error, FetchError) and error.kind == CUT_OFF):
        return ModelError(f"the download of {shorten(url)} was cut off; run the command again, or {_OFFLINE}")
    if isinstance(error, FetchError) and error.kind in (TOO_BIG, DEADLINE):
        limit = "too large" if error.kind == TOO_BIG else f"not complete within {PACKAGE_DEADLINE / 60:g} minutes"
        return ModelError(f"{what} at {shorten(url)} is {limit}; {_OFFLINE}")
    why = error.reason if isinstance(error, FetchError) and error.reason else network_reason(error)
    return ModelError(
        f"cannot reach {what} at {shorten(url)} ({why}); the network is unreachable or "
        f"blocked, or the server is down. {_OFFLINE[0].upper()}{_OFFLINE[1:]}"
    )


def fetch_index(url: str, timeout: float = 20.0) -> list:
    from readcli.fetch import FetchError, fetch

    try:
        data = fetch(url, max_bytes=MAX_INDEX_BYTES, connect_timeout=timeout, deadline=timeout * 3,
                     accept="application/json, */*;q=0.1").body
    except FetchError as error:
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
    from readcli.fetch import FetchError, fetch

    try:
        with open(target, "wb") as out:
            fetch(url, max_bytes=MAX_PACKAGE_BYTES, connect_timeout=timeout, deadline=PACKAGE_DEADLINE,
                  sink=out, progress=progress)
    except FetchError as error:
        raise fetch_error(url, error, "the package download") from None
    except OSError as error:
        raise os_fault(error, "write", target.parent) from None
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
