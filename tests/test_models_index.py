"""`readcli models install` from the Argos package index, against a real HTTP server on 127.0.0.1:
install, list, remove, the errors (HTTP status vs cannot reach), the download progress, and the
package folder shared with `argospm` (argos-translate-lt)."""

from __future__ import annotations

import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
import urllib.error
from pathlib import Path

import pytest

from helpers import one_error_line

TOP = "translate-ar_en-1_0"


class _Handler(http.server.BaseHTTPRequestHandler):
    routes: dict  # path -> (status, body, headers)

    def do_GET(self):  # noqa: N802 - http.server's name
        status, body, headers = self.server.routes.get(self.path, (404, b"not found", {}))
        if status == "hang":
            self.server.hung.wait(30)
            return
        slow = status == "slow"
        self.send_response(200 if slow else status)
        for key, value in {"Content-Length": str(len(body)), **headers}.items():
            self.send_header(key, value)
        self.end_headers()
        if not slow:
            self.wfile.write(body)
            return
        step = len(body) // 20 + 1
        for start in range(0, len(body), step):  # twenty pieces over about two seconds
            self.wfile.write(body[start : start + step])
            self.wfile.flush()
            self.server.hung.wait(0.1)

    def log_message(self, *args):
        pass


class IndexServer:
    """A package index on 127.0.0.1: ``index.json`` plus the package file it links to."""

    def __init__(self, package: Path):
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.httpd.daemon_threads = True
        self.httpd.routes = {}
        self.httpd.hung = threading.Event()
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.package_bytes = package.read_bytes()
        self.serve_index([self.entry()])
        self.route("/" + package.name, 200, self.package_bytes)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def entry(self, version: str = "1.0", link: str | None = None) -> dict:
        with __import__("zipfile").ZipFile(__import__("io").BytesIO(self.package_bytes)) as archive:
            metadata = json.loads(archive.read(f"{TOP}/metadata.json"))
        return {**metadata, "package_version": version, "links": [link or self.base + f"{TOP}.argosmodel"]}

    def route(self, path: str, status, body: bytes = b"", headers: dict | None = None) -> None:
        self.httpd.routes[path] = (status, body, headers or {})

    def serve_index(self, entries: list) -> None:
        self.route("/index.json", 200, json.dumps(entries).encode())

    def close(self) -> None:
        self.httpd.hung.set()
        self.httpd.shutdown()
        self.httpd.server_close()


def packages() -> Path:
    return Path(os.environ["ARGOS_PACKAGES_DIR"])


def readcli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "readcli", *args], capture_output=True, text=True, encoding="utf-8",
        env=env, stdin=subprocess.DEVNULL, timeout=300,
    )


def used_name(tsv: str) -> str | None:
    """The package `models list -f tsv` marks as the one translate uses (first column set)."""
    used = [row.split("\t")[1] for row in tsv.splitlines() if row.split("\t")[0] not in ("", "no", "false")]
    return used[0] if len(used) == 1 else None


def leftovers() -> list[str]:
    return sorted(p.name for p in packages().parent.iterdir() if p.name.startswith(".readcli"))


def test_install_from_the_index_then_list_and_remove(index):
    done = readcli("models", "install")
    assert done.returncode == 0, done.stderr
    assert f"installed {TOP}" in done.stderr
    assert sorted(p.name for p in packages().iterdir()) == [TOP]
    assert leftovers() == []
    rows = [line.split("\t") for line in readcli("models", "list", "-f", "tsv").stdout.splitlines()]
    assert [r[1:] for r in rows] == [[TOP, "ar", "en", "1.0", str(packages() / TOP)]]
    assert used_name(readcli("models", "list", "-f", "tsv").stdout) == TOP
    assert readcli("models", "remove").returncode == 0
    assert list(packages().iterdir()) == [] and leftovers() == []


def test_the_download_reports_its_progress(index):
    from readcli.translate.package_index import install_from_index

    calls: list[tuple[int, int | None]] = []
    package = install_from_index(progress=lambda done, total: calls.append((done, total)))
    size = len(index.package_bytes)
    assert package.name == TOP
    assert calls[0] == (0, size) and calls[-1] == (size, size)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)


def test_the_download_bar_only_on_a_terminal(index):
    from pty_run import run_with_pty, strip_ansi

    index.route(f"/{TOP}.argosmodel", "slow", index.package_bytes)
    bar, _ = run_with_pty(["models", "install"], pty_stream="stderr")
    bar = strip_ansi(bar)
    assert "downloading the ar→en package" in bar and "MB" in bar
    assert f"installed {TOP}" in bar
    piped = readcli("models", "install")
    assert piped.returncode == 0 and piped.stderr.strip().splitlines() == [piped.stderr.strip()]
    assert "downloading" not in piped.stderr


def test_the_newest_version_is_chosen_and_bad_versions_sort_lowest(index):
    from readcli.translate.packages import version_key

    assert sorted(["1.10", "not a version", "1.9", "1.9.1"], key=version_key) == [
        "not a version", "1.9", "1.9.1", "1.10",
    ]
    index.serve_index([
        index.entry("1.9", link=index.base + "missing.argosmodel"),
        index.entry("1.10"),
        index.entry("nonsense", link=index.base + "missing.argosmodel"),
    ])
    done = readcli("models", "install")
    assert done.returncode == 0, done.stderr  # 1.10 (served) beats 1.9 (a 404)


@pytest.mark.parametrize("status, needles", [
    (404, ["HTTP 404", "check the address (ARGOS_PACKAGE_INDEX)"]),
    (500, ["HTTP 500", "try again later"]),
])
def test_an_http_error_on_the_index_says_its_status_and_url(index, status, needles):
    index.route("/index.json", status, b"oops")
    line = one_error_line(readcli("models", "install"), index.base + "index.json", *needles,
                          "readcli models install FILE.argosmodel")
    assert "unreachable" not in line


def test_an_http_error_on_the_package_names_the_link(index):
    index.route(f"/{TOP}.argosmodel", 404, b"gone")
    line = one_error_line(readcli("models", "install"), "HTTP 404", f"{index.base}{TOP}.argosmodel")
    assert "package download" in line
    assert not packages().exists() or list(packages().iterdir()) == []
    assert leftovers() == []


def test_a_refused_connection_cannot_reach(monkeypatch):
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", "http://127.0.0.1:9/")
    one_error_line(readcli("models", "install"), "cannot reach", "connection refused", "127.0.0.1:9",
                   "network is unreachable")


def test_a_silent_server_times_out(index):
    from readcli.errors import ModelError
    from readcli.translate.package_index import install_from_index

    index.route("/index.json", "hang")
    with pytest.raises(ModelError, match="cannot reach .*timed out"):
        install_from_index(timeout=0.5)


def test_a_cut_download_is_reported_and_leaves_nothing(index):
    body = index.package_bytes[: len(index.package_bytes) // 2]
    index.route(f"/{TOP}.argosmodel", 200, body, {"Content-Length": str(len(index.package_bytes))})
    one_error_line(readcli("models", "install"), "cut off")
    assert leftovers() == []


def test_name_resolution_failure_is_named():
    import socket

    from readcli.translate.package_index import fetch_error

    error = urllib.error.URLError(socket.gaierror(-2, "Name or service not known"))
    assert "host name was not found" in str(fetch_error("https://example.invalid/index.json", error))


# --- the package folder shared with argospm ----------------------------------------------------


def _argospm() -> str:
    found = shutil.which("argospm") or str(Path(sys.executable).with_name("argospm"))
    if not Path(found).exists():
        pytest.skip("argospm (argos-translate-lt) is not installed")
    return found


def argospm(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([_argospm(), *args], capture_output=True, text=True, timeout=300)


def test_argospm_and_readcli_share_the_package_folder(index):
    # argospm installs from the same (local) index: readcli sees it and uses it.
    assert argospm("update").returncode == 0
    done = argospm("install", "translate-ar_en")
    assert done.returncode == 0, done.stdout + done.stderr
    rows = [line.split("\t") for line in readcli("models", "list", "-f", "tsv").stdout.splitlines()]
    assert used_name("\n".join("\t".join(r) for r in rows)) == TOP
    # readcli reinstalls over it (the exchange path); argospm lists what readcli installed.
    assert readcli("models", "install").returncode == 0
    listed = argospm("list")
    assert listed.returncode == 0 and "translate-ar_en" in listed.stdout
    # argospm removes a package readcli installed; readcli then sees none.
    assert argospm("remove", "translate-ar_en").returncode == 0
    assert readcli("models", "list", "-f", "tsv").stdout == ""
