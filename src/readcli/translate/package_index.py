"""The Argos package index: find the ar→en package in ``index.json``, download it, install it.

The index URL is argostranslate's ``ARGOS_PACKAGE_INDEX`` setting (environment or settings.json)
or the public index. Errors say what actually happened: an HTTP status with its URL (the server
answered), or "cannot reach" with the reason (name not found, connection refused, timed out),
and always the offline way (``readcli models install FILE.argosmodel``). The download goes to a
staging folder beside the packages folder (see :func:`readcli.translate.packages.install_downloaded`) and
reports its progress (bytes done, bytes expected or None) to an optional callback.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from readcli.errors import ModelError, os_fault, shorten
from readcli.fetch import CUT_OFF, DEADLINE, HTTP_STATUS, TOO_BIG, FetchError, fetch, network_reason
from readcli.translate.packages import (
    INSTALL_HINT, SOURCE_CODE, TARGET_CODE, ArgosPackage, argos_setting, install_downloaded, load_json, version_key,
)

DEFAULT_INDEX = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/"
_OFFLINE = f"download translate-ar_en-*.argosmodel elsewhere and run `{INSTALL_HINT}`"

Progress = Callable[[int, "int | None"], None]


def index_url() -> str:
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
    try:
        data = fetch(url, max_bytes=MAX_INDEX_BYTES, connect_timeout=timeout, deadline=timeout * 3,
                     accept="application/json, */*;q=0.1").body
    except FetchError as error:
        raise fetch_error(url, error) from None
    try:
        index = load_json(data.decode("utf-8"))  # nesting too deep is a ValueError too
    except (ValueError, UnicodeDecodeError) as error:
        raise ModelError(f"the Argos package index at {shorten(url)} is not valid JSON ({shorten(error, 60)})") from None
    if not isinstance(index, list):
        raise ModelError(f"the Argos package index at {shorten(url)} is not a list of packages")
    return index


def download(
    url: str, target: Path, *, timeout: float = 120.0, progress: Progress | None = None, deadline: float | None = None
) -> Path:
    """Save ``url`` to ``target``, calling ``progress(done, total)`` as bytes arrive; finished by
    ``deadline`` (monotonic seconds: one deadline for all mirrors), else :data:`PACKAGE_DEADLINE`
    from now."""
    remaining = PACKAGE_DEADLINE if deadline is None else deadline - time.monotonic()
    try:
        if remaining <= 0:
            raise FetchError(f"the package download {shorten(url)}: no time left", "deadline")
        with open(target, "wb") as out:
            fetch(url, max_bytes=MAX_PACKAGE_BYTES, connect_timeout=timeout, deadline=remaining,
                  sink=out, progress=progress)
    except FetchError as error:
        raise fetch_error(url, error, "the package download") from None
    except OSError as error:
        raise os_fault(error, "write", target.parent) from None
    return target


class IndexEntry(NamedTuple):
    """The fields readcli uses of one package-index entry."""

    type: str
    from_code: str
    to_code: str
    version: str
    links: tuple[str, ...]

    @property
    def file_name(self) -> str:  # argospm's name for it
        return f"{self.type}-{self.from_code}_{self.to_code}.argosmodel"


def index_entries(index: list) -> tuple[list[IndexEntry], int]:
    """The well-formed entries of an index, and how many were skipped (fields of the wrong type:
    ``"links": "http://…"`` is not a list of links, ``"from_code": 5`` is not a code)."""
    entries, skipped = [], 0
    for item in index:
        if not isinstance(item, dict):
            skipped += 1
            continue
        kind = item.get("type", "translate")
        codes = item.get("from_code"), item.get("to_code")
        version = item.get("package_version", "")
        links = item.get("links") or []
        if (
            not isinstance(kind, str) or not all(isinstance(c, str) and c for c in codes)
            or not isinstance(version, (str, int, float)) or isinstance(version, bool)
            or not isinstance(links, list) or not all(isinstance(link, str) for link in links)
        ):
            skipped += 1
            continue
        entries.append(IndexEntry(kind, codes[0], codes[1], str(version), tuple(links)))
    return entries, skipped


def install_from_index(
    timeout: float = 20.0, progress: Progress | None = None, note: Callable[[str], None] | None = None,
    allow_large: bool = False,
) -> ArgosPackage:
    """Download the newest ar→en package the index lists, then install it like a file.

    Entries with fields of the wrong type are skipped (``note`` is told how many); only http(s)
    links are followed; all mirrors together get :data:`PACKAGE_DEADLINE`.
    """
    url = index_url()
    entries, skipped = index_entries(fetch_index(url, timeout))
    if skipped and note is not None:
        note(f"skipped {skipped} malformed {'entry' if skipped == 1 else 'entries'} of the Argos package index at {shorten(url)}")
    wanted = [e for e in entries if e.type == "translate" and e.from_code == SOURCE_CODE and e.to_code == TARGET_CODE]
    if not wanted:
        raise ModelError(f"the Argos package index at {shorten(url)} lists no ar→en package")
    best = max(wanted, key=lambda e: version_key(e.version))
    links = [link for link in best.links if link.lower().startswith(("http://", "https://"))]
    if not links:
        raise ModelError(
            f"the Argos package index at {shorten(url)} gives no http(s) download link for the ar→en package"
        )
    deadline = time.monotonic() + PACKAGE_DEADLINE

    def download_package(folder: Path) -> Path:
        target = folder / best.file_name
        for link in links[:-1]:
            try:
                return download(link, target, timeout=timeout * 6, progress=progress, deadline=deadline)
            except ModelError:
                continue  # a mirror failed: try the next one
        return download(links[-1], target, timeout=timeout * 6, progress=progress, deadline=deadline)

    return install_downloaded(download_package, allow_large=allow_large)
