"""The one HTTP client: GET a URL with a size cap, a connect timeout and an overall deadline.

Every download readcli makes goes through :func:`fetch`: pages, feeds and robots.txt
(:mod:`readcli.web`), the Argos package index and packages (:mod:`readcli.translate.package_index`:
``sink`` streams the body to a file, ``progress`` reports bytes). The rules:

- http and https only, also for every redirect; redirects followed up to ``max_redirects``, a
  loop is named as one;
- ``User-Agent: readcli/<version>``;
- ``connect_timeout`` bounds connecting and each wait for data (a stalled server); ``deadline``
  bounds the whole request, redirects included (a drip-feed server that sends a byte a second
  is cut off): a watchdog shuts the socket when it passes;
- the body is capped at ``max_bytes`` (the Content-Length is checked first; gzip bodies are capped
  after decompression too);
- conditional GET: ``etag``/``last_modified`` are sent as If-None-Match/If-Modified-Since and a
  304 comes back as ``Response(not_modified=True)``.

Every failure is a :class:`FetchError`: one line naming the URL and what happened.
Standard library only (``http.client``), imported when a fetch is made.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import BinaryIO

from readcli import __version__
from readcli.errors import ReadcliError, shorten
from readcli.textio import size_text

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_CONNECT_TIMEOUT = 10.0
DEFAULT_DEADLINE = 30.0
DEFAULT_MAX_REDIRECTS = 5
_CHUNK = 1 << 16
_REDIRECTS = (301, 302, 303, 307, 308)


# FetchError.kind: what went wrong.
HTTP_STATUS = "http"  # the server answered with an error status (``status`` holds it)
UNREACHABLE = "unreachable"  # DNS, refused, reset, timed out, TLS, not HTTP (``reason`` says which)
DEADLINE = "deadline"  # the overall deadline passed
TOO_BIG = "too-big"  # over the size cap
CUT_OFF = "cut-off"  # fewer bytes than announced, or a damaged gzip body
REFUSED_URL = "url"  # not http(s), a redirect loop or too many redirects


class FetchError(ReadcliError):
    """A URL could not be fetched: ``kind`` (above) says why, ``status`` is the HTTP status when
    the server answered one, ``reason`` a few words (for callers that phrase their own line)."""

    def __init__(self, message: str, kind: str = UNREACHABLE, *, status: int | None = None, reason: str = ""):
        super().__init__(message)
        self.kind = kind
        self.status = status
        self.reason = reason


class _SinkFailed(Exception):
    """Writing the body to the caller's sink failed (an OSError of the caller's, not the network's)."""

    def __init__(self, error: OSError):
        super().__init__(error)
        self.error = error


def user_agent() -> str:
    return f"readcli/{__version__}"


@dataclass
class Response:
    url: str  # the final URL, after redirects
    status: int
    headers: dict[str, str] = field(default_factory=dict)  # lower-case names
    body: bytes = b""
    not_modified: bool = False

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def charset(self) -> str | None:
        """The charset parameter of Content-Type, if any."""
        for part in self.headers.get("content-type", "").split(";")[1:]:
            name, _, value = part.partition("=")
            if name.strip().lower() == "charset" and value.strip():
                return value.strip().strip("\"'").lower()
        return None


def check_url(url: str) -> str:
    """``url`` if it is an absolute http(s) URL, else a :class:`FetchError`."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
    except ValueError:
        raise FetchError(f"not a valid URL: {shorten(url)}", REFUSED_URL, reason="not a valid URL") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise FetchError(f"only http and https URLs are fetched, not {shorten(url)}", REFUSED_URL,
                         reason="not an http(s) URL")
    if not parts.hostname:
        raise FetchError(f"no host name in {shorten(url)}", REFUSED_URL, reason="no host name")
    return url


def is_url(text: str) -> bool:
    return text.lower().startswith(("http://", "https://"))


class _Watchdog:
    """Shuts a connection's socket down when the deadline passes (a blocked read then ends)."""

    def __init__(self, seconds: float):
        import threading

        self.expired = False
        self._sock = None
        self._lock = threading.Lock()
        self._timer = threading.Timer(max(0.0, seconds), self._fire)
        self._timer.daemon = True
        self._timer.start()

    def watch(self, sock) -> None:
        """Watch this socket (kept: http.client drops its own reference once the answer starts)."""
        with self._lock:
            self._sock = sock
            if self.expired:
                self._shut()

    def _fire(self) -> None:
        with self._lock:
            self.expired = True
            self._shut()

    def _shut(self) -> None:
        import socket

        sock = self._sock
        if sock is not None:
            try:
                # The plain socket's shutdown, also under TLS (the SSL object is left alone).
                socket.socket.shutdown(sock, socket.SHUT_RDWR)
            except OSError:
                pass

    def cancel(self) -> None:
        self._timer.cancel()


def fetch(
    url: str,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT,
    deadline: float = DEFAULT_DEADLINE,
    max_redirects: int = DEFAULT_MAX_REDIRECTS,
    etag: str | None = None,
    last_modified: str | None = None,
    accept: str = "*/*",
    sink: BinaryIO | None = None,
    progress: Callable[[int, "int | None"], None] | None = None,
    what: str = "",
    cap_hint: str = "",
) -> Response:
    """GET ``url`` under the rules of the module doc; ``what`` names it in errors ("the feed").

    With ``sink`` the body is written there (``Response.body`` stays empty); an OSError of the
    sink's write propagates as it is (a full disk is not a network error).
    """
    check_url(url)
    label = f"{what} {shorten(url)}".strip()
    watchdog = _Watchdog(deadline)
    started = time.monotonic()
    try:
        return _fetch(url, label, watchdog, started, max_bytes=max_bytes, connect_timeout=connect_timeout,
                      deadline=deadline, max_redirects=max_redirects, etag=etag, last_modified=last_modified,
                      accept=accept, sink=sink, progress=progress, cap_hint=cap_hint)
    except _SinkFailed as failed:
        raise failed.error from None
    except Exception as error:  # socket errors, TLS errors, malformed HTTP, a cut-off answer
        if watchdog.expired:  # the watchdog cut it: say so, whatever the read saw
            raise FetchError(f"cannot fetch {label}: no complete answer within the {deadline:g} s deadline",
                             DEADLINE, reason="no complete answer within the deadline") from None
        if isinstance(error, FetchError):
            raise
        reason = network_reason(error)
        raise FetchError(f"cannot fetch {label}: {reason}", UNREACHABLE, reason=reason) from None
    finally:
        watchdog.cancel()


def _fetch(url, label, watchdog, started, *, max_bytes, connect_timeout, deadline, max_redirects, etag,
           last_modified, accept, sink, progress, cap_hint) -> Response:
    import http.client
    from urllib.parse import urljoin, urlsplit

    seen = [url]
    while True:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = parts.port
        path = ascii_target(parts.path or "/", parts.query)
        if parts.scheme.lower() == "https":
            import ssl

            conn = http.client.HTTPSConnection(host, port, timeout=connect_timeout,
                                               context=ssl.create_default_context())
        else:
            conn = http.client.HTTPConnection(host, port, timeout=connect_timeout)
        headers = {"User-Agent": user_agent(), "Accept": accept, "Accept-Encoding": "gzip",
                   "Connection": "close"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        try:
            conn.connect()
            watchdog.watch(conn.sock)
            conn.request("GET", path, headers=headers)
            answer = conn.getresponse()
            status = answer.status
            got = {k.lower(): v for k, v in answer.getheaders()}
            if status in _REDIRECTS and got.get("location"):
                target = urljoin(url, got["location"].strip())
                if not is_url(target):
                    raise FetchError(f"cannot fetch {label}: it redirects to {shorten(target, 80)}, not an "
                                     "http(s) URL", REFUSED_URL, reason="a redirect to a non-http(s) URL")
                if target in seen:
                    raise FetchError(f"cannot fetch {label}: redirect loop ({len(seen)} redirects back to "
                                     f"{shorten(target, 80)})", REFUSED_URL, reason="a redirect loop")
                if len(seen) > max_redirects:
                    raise FetchError(f"cannot fetch {label}: more than {max_redirects} redirects", REFUSED_URL,
                                     reason="too many redirects")
                seen.append(target)
                url = target
                continue
            if status == 304:
                return Response(url=url, status=status, headers=got, not_modified=True)
            if status >= 400 or status < 200 or status in _REDIRECTS:
                reason = f" {shorten(answer.reason, 40)}" if answer.reason else ""
                raise FetchError(f"cannot fetch {label}: HTTP {status}{reason}", HTTP_STATUS, status=status,
                                 reason=f"HTTP {status}{reason}")
            length = got.get("content-length", "")
            if length.isdigit() and int(length) > max_bytes and "gzip" not in got.get("content-encoding", ""):
                raise FetchError(f"cannot fetch {label}: it is {size_text(int(length))}, over the "
                                 f"{size_text(max_bytes)} cap{cap_hint}", TOO_BIG, reason="over the size cap")
            body = _read_body(answer, got, label, max_bytes, sink, progress,
                              int(length) if length.isdigit() else None, cap_hint)
            if watchdog.expired or time.monotonic() - started > deadline:
                raise FetchError(f"cannot fetch {label}: no complete answer within the {deadline:g} s deadline",
                                 DEADLINE, reason="no complete answer within the deadline")
            return Response(url=url, status=status, headers=got, body=body)
        finally:
            conn.close()


def _read_body(answer, headers, label, max_bytes, sink, progress, total, cap_hint) -> bytes:
    import http.client
    import zlib

    gzip = "gzip" in headers.get("content-encoding", "").lower()
    inflate = zlib.decompressobj(16 + zlib.MAX_WBITS) if gzip else None
    chunks: list[bytes] = []
    size = 0
    received = 0

    def over() -> FetchError:
        return FetchError(f"cannot fetch {label}: it is over the {size_text(max_bytes)} cap{cap_hint}",
                          TOO_BIG, reason="over the size cap")

    def keep(data: bytes) -> None:
        nonlocal size
        size += len(data)
        if size > max_bytes:
            raise over()
        if sink is not None:
            try:
                sink.write(data)
            except OSError as error:
                raise _SinkFailed(error) from None
        else:
            chunks.append(data)

    if progress is not None:
        progress(0, total)
    while True:
        try:
            chunk = answer.read1(_CHUNK) if hasattr(answer, "read1") else answer.read(_CHUNK)
        except http.client.IncompleteRead:
            raise FetchError(f"cannot fetch {label}: the answer was cut off", CUT_OFF, reason="cut off") from None
        if not chunk:
            break
        received += len(chunk)
        if inflate is not None:
            try:
                data = inflate.decompress(chunk, max_bytes + 1 - size)
            except zlib.error:
                raise FetchError(f"cannot fetch {label}: its gzip body is damaged", CUT_OFF, reason="damaged gzip") from None
            keep(data)
            if inflate.unconsumed_tail:
                raise over()
        else:
            keep(chunk)
        if progress is not None:
            progress(received, total)
    if total is not None and received < total:
        raise FetchError(f"cannot fetch {label}: the answer was cut off ({received} of {total} bytes)", CUT_OFF,
                         reason="cut off")
    return b"".join(chunks)


def ascii_target(path: str, query: str) -> str:
    """The request target in ASCII: Arabic (any non-ASCII) characters of the path and query
    percent-encoded as UTF-8, what is already encoded left alone."""
    from urllib.parse import quote

    safe = "/%:@!$&'()*+,;=-._~"
    target = quote(path, safe=safe)
    if query:
        target += "?" + quote(query, safe=safe + "?")
    return target


def network_reason(error: BaseException) -> str:
    """Why a URL could not be fetched, in a few words."""
    import socket
    import ssl

    reason = getattr(error, "reason", error)
    if isinstance(reason, socket.gaierror):
        return "the host name was not found (DNS)"
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    if isinstance(reason, (TimeoutError, socket.timeout)) or "timed out" in str(reason):
        return "no answer (timed out)"
    if isinstance(reason, ConnectionResetError):
        return "the connection was reset"
    if isinstance(reason, ssl.SSLCertVerificationError):
        return "its TLS certificate is not valid"
    if type(reason).__name__ in ("RemoteDisconnected", "BadStatusLine", "LineTooLong"):
        return "the server's answer is not valid HTTP or it closed the connection"
    return shorten(reason, 80) or type(reason).__name__
