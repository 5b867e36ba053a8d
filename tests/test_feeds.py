"""`feed add|list|remove` and `pull`: RSS and Atom with items repeated across pulls, conditional
GET, robots.txt, per-host delay, broken feeds, --dry-run; a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import one_error_line

from readcli.testing.webserver import WebServer

PAGES = Path(__file__).parent / "data" / "web"
NAMES = sorted(p.stem for p in PAGES.glob("*.html"))


@pytest.fixture
def server():
    with WebServer(max_seconds=10) as web:
        for name in NAMES:
            web.route(f"/news/{name}.html", body=(PAGES / f"{name}.html").read_bytes())
        yield web


def rss(server, names, title="أخبار اليوم") -> bytes:
    items = "".join(
        f"<item><title>{n}</title><link>{server.url(f'/news/{n}.html')}</link><guid isPermaLink='false'>id-{n}</guid>"
        f"<pubDate>Mon, 02 Dec 2024 10:00:00 GMT</pubDate></item>"
        for n in names
    )
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}</title>'
            f"<link>{server.url('/')}</link><description>d</description>{items}</channel></rss>").encode()


def atom(server, names) -> bytes:
    entries = "".join(
        f"<entry><title>{n}</title><id>urn:x:{n}</id><updated>2024-12-02T10:00:00Z</updated>"
        f"<link rel='alternate' href='/news/{n}.html'/></entry>"
        for n in names
    )
    return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom" '
            f"xml:base='{server.url('/')}'><title>Atom news</title><id>urn:x</id>"
            f"<updated>2024-12-02T10:00:00Z</updated>{entries}</feed>").encode()


def ids(result) -> list[str]:
    return result.stdout.split()


def test_rss_pull_then_nothing_new_then_one_new(cli, corpus, server):
    server.route("/rss.xml", body=rss(server, NAMES[:3]), content_type="application/rss+xml", etag=True)
    added = cli("feed", "add", server.url("/rss.xml"), "--name", "today")
    assert added.exit_code == 0 and added.stdout == "today\n"
    first = cli("pull", "--delay", "0")
    assert first.exit_code == 0, first.output
    assert ids(first) == ["005", "006", "007"]
    assert [json.loads((corpus / f"{p.stem}.json").read_text())["feed"] for p in sorted(corpus.glob("00[567]_*.txt"))] == ["today"] * 3
    pages_fetched = sum(server.hits(f"/news/{n}.html") for n in NAMES)
    assert pages_fetched == 3

    # Nothing new: one conditional request answered 304, no page fetched, nothing added.
    second = cli("pull", "--delay", "0")
    assert second.exit_code == 0 and second.stdout == ""
    assert "0 new articles" in second.stderr
    assert server.requests[-1][0] == "/rss.xml" and server.requests[-1][1]["if-none-match"]
    assert sum(server.hits(f"/news/{n}.html") for n in NAMES) == pages_fetched
    # ... and cheaply: neither feedparser nor trafilatura is loaded for a 304.
    from helpers import imported_heavy_modules

    assert imported_heavy_modules("--corpus", str(corpus), "pull", "--delay", "0") == []

    # The feed changes: the old items repeat, one is new; only the new one is fetched.
    server.route("/rss.xml", body=rss(server, NAMES[:4]), content_type="application/rss+xml", etag=True)
    third = cli("pull", "--delay", "0")
    assert ids(third) == ["008"]
    assert sum(server.hits(f"/news/{n}.html") for n in NAMES) == pages_fetched + 1
    assert len(list(corpus.glob("*.txt"))) == 6

    listed = cli("feed", "list").stdout.split("\t")
    assert listed[:4] == ["today", server.url("/rss.xml"), "أخبار اليوم", "4"]
    assert listed[5] == "1 new\n"


def test_atom_feed_with_relative_links(cli, corpus, server):
    server.route("/atom.xml", body=atom(server, NAMES[3:5]), content_type="application/atom+xml")
    assert cli("feed", "add", server.url("/atom.xml")).stdout == "127.0.0.1\n"
    first = cli("pull", "--delay", "0")
    assert ids(first) == ["005", "006"]
    again = cli("pull", "--delay", "0")  # no validators on this server: the items are seen
    assert again.stdout == "" and again.exit_code == 0
    assert sum(server.hits(f"/news/{n}.html") for n in NAMES) == 2


def test_the_same_article_in_two_feeds_is_added_once(cli, corpus, server):
    server.route("/a.xml", body=rss(server, NAMES[:2]), content_type="application/rss+xml")
    server.route("/b.xml", body=atom(server, NAMES[1:3]), content_type="application/atom+xml")
    cli("feed", "add", server.url("/a.xml"), "--name", "a")
    cli("feed", "add", server.url("/b.xml"), "--name", "b")
    result = cli("pull", "--delay", "0")
    assert ids(result) == ["005", "006", "007"]


def test_broken_feed_is_one_warning_and_the_rest_goes_on(cli, corpus, server):
    server.route("/good.xml", body=rss(server, NAMES[:1]), content_type="application/rss+xml")
    server.route("/bad.xml", body=rss(server, NAMES[1:2]), content_type="application/rss+xml")
    cli("feed", "add", server.url("/bad.xml"), "--name", "bad")
    cli("feed", "add", server.url("/good.xml"), "--name", "good")
    server.route("/bad.xml", body=b"<?xml version='1.0'?><rss><channel><title>x</ti", content_type="application/rss+xml")
    server.route("/news/gone.html", status=404)
    server.route("/good.xml", body=rss(server, [NAMES[0], "gone"]), content_type="application/rss+xml")
    result = cli("pull", "--delay", "0")
    assert result.exit_code == 3
    assert ids(result) == ["005"]
    warnings = result.stderr.strip().splitlines()
    assert warnings[0].startswith("readcli: warning: feed bad: feed bad: not a valid RSS or Atom feed")
    assert warnings[1] == f"readcli: warning: good: skipped {server.url('/news/gone.html')}: HTTP 404 Not Found"
    assert len(warnings) == 2 + ("new article" in result.stderr)


def test_feed_add_refuses_what_is_not_a_feed(cli, corpus, server):
    server.route("/page", body=(PAGES / "portal.html").read_bytes())
    one_error_line(cli("feed", "add", server.url("/page")), "not a valid RSS or Atom feed")
    one_error_line(cli("feed", "add", server.url("/missing.xml")), "HTTP 404")
    assert not (corpus / "feeds.json").exists()


def test_dry_run_adds_nothing_and_pull_name_takes_one_feed(cli, corpus, server):
    server.route("/a.xml", body=rss(server, NAMES[:2]), content_type="application/rss+xml", etag=True)
    server.route("/b.xml", body=rss(server, NAMES[2:3]), content_type="application/rss+xml")
    cli("feed", "add", server.url("/a.xml"), "--name", "a")
    cli("feed", "add", server.url("/b.xml"), "--name", "b")
    state = (corpus / "feeds.json").read_bytes()
    plan = cli("pull", "--dry-run")
    assert plan.exit_code == 0
    assert plan.stdout.splitlines() == [
        f"a\t{server.url(f'/news/{NAMES[0]}.html')}\t{NAMES[0]}",
        f"a\t{server.url(f'/news/{NAMES[1]}.html')}\t{NAMES[1]}",
        f"b\t{server.url(f'/news/{NAMES[2]}.html')}\t{NAMES[2]}",
    ]
    assert (corpus / "feeds.json").read_bytes() == state
    assert len(list(corpus.glob("*.txt"))) == 2
    assert ids(cli("pull", "b", "--delay", "0")) == ["005"]
    assert ids(cli("pull", "a", "--delay", "0")) == ["006", "007"]
    one_error_line(cli("pull", "nope"), "no feed 'nope'", code=2)


def test_feed_remove_keeps_the_articles(cli, corpus, server):
    server.route("/a.xml", body=rss(server, NAMES[:1]), content_type="application/rss+xml")
    cli("feed", "add", server.url("/a.xml"), "--name", "a")
    cli("pull", "--delay", "0")
    assert cli("feed", "remove", server.url("/a.xml")).exit_code == 0
    assert cli("feed", "list").stdout == ""
    assert len(list(corpus.glob("*.txt"))) == 3
    one_error_line(cli("pull"), "no feeds", code=2)


def test_robots_txt_is_respected_unless_ignored(cli, corpus, server):
    server.route("/robots.txt", body=b"User-agent: *\nDisallow: /news/portal\n", content_type="text/plain")
    server.route("/rss.xml", body=rss(server, ["portal", "feature"]), content_type="application/rss+xml")
    cli("feed", "add", server.url("/rss.xml"), "--name", "n")
    result = cli("pull", "--delay", "0")
    assert result.exit_code == 3 and ids(result) == ["005"]
    assert "robots.txt disallows it (--ignore-robots fetches it)" in result.stderr
    assert server.hits("/news/portal.html") == 0
    assert server.hits("/robots.txt") == 1
    assert ids(cli("pull", "--delay", "0")) == []  # remembered as skipped: no second warning
    (corpus / "feeds.json").write_text((corpus / "feeds.json").read_text().replace('"skipped: robots.txt"', '"x"'))
    cli("feed", "remove", "n")
    cli("feed", "add", server.url("/rss.xml"), "--name", "n")
    forced = cli("pull", "--delay", "0", "--ignore-robots")
    assert forced.exit_code == 0 and ids(forced) == ["006"]


def test_per_host_delay(cli, corpus, server):
    server.route("/rss.xml", body=rss(server, NAMES[:3]), content_type="application/rss+xml")
    cli("feed", "add", server.url("/rss.xml"), "--name", "n")
    assert len(ids(cli("pull", "--delay", "0.4"))) == 3
    times = [t for path, _, t in server.requests if path.startswith(("/news/", "/robots.txt", "/rss.xml"))]
    times = times[1:]  # the feed add's own fetch
    gaps = [b - a for a, b in zip(times, times[1:])]
    assert len(gaps) == 4  # feed, robots.txt, 3 pages: 5 requests
    assert min(gaps) >= 0.35, gaps


def test_two_pulls_at_once_do_not_both_run(corpus, server):
    """A second pull while one runs (held up by a stalled page) is refused with one line."""
    server.route("/stall.html", body=b"<html></html>", stall=6)
    server.route("/rss.xml", body=(
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>s</title><item><title>s</title>'
        f"<link>{server.url('/stall.html')}</link></item></channel></rss>").encode(), content_type="application/rss+xml")
    base = [sys.executable, "-m", "readcli", "--corpus", str(corpus)]
    assert subprocess.run(base + ["feed", "add", server.url("/rss.xml")], capture_output=True, timeout=60).returncode == 0
    first = subprocess.Popen(base + ["pull", "--delay", "0", "--timeout", "4"], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, stdin=subprocess.DEVNULL)
    try:
        for _ in range(200):  # until the first pull waits on the stalled page
            if server.hits("/stall.html"):
                break
            import time

            time.sleep(0.05)
        second = subprocess.run(base + ["pull"], capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
        one_error_line(second, "another readcli is pulling feeds")
    finally:
        out, err = first.communicate(timeout=60)
    assert first.returncode == 3 and "deadline" in err


def test_progress_on_a_terminal_only(corpus, server):
    """stderr on a real terminal: a progress bar while articles are fetched; stdout stays the ids."""
    from pty_run import run_with_pty, strip_ansi

    server.route("/rss.xml", body=rss(server, NAMES[:3]), content_type="application/rss+xml")
    base = ["--corpus", str(corpus)]
    run_with_pty(base + ["feed", "add", server.url("/rss.xml"), "--name", "n"], pty_stream="stderr")
    shown, out = run_with_pty(base + ["pull", "--delay", "0.5"], pty_stream="stderr")
    assert out.split() == ["005", "006", "007"]
    screen = strip_ansi(shown)
    assert "pulling" in screen and "/3 articles" in screen
    # Off a terminal: no bar, only the warnings (none here).
    piped = subprocess.run([sys.executable, "-m", "readcli", *base, "pull"], capture_output=True, text=True,
                           timeout=60, stdin=subprocess.DEVNULL)
    assert piped.stderr == "readcli: 0 new articles\n"


def test_ctrl_c_keeps_what_was_added_and_the_next_pull_goes_on(corpus, server):
    import signal

    from helpers import default_sigint

    server.route("/rss.xml", body=rss(server, NAMES[:3]), content_type="application/rss+xml", etag=True)
    base = [sys.executable, "-m", "readcli", "--corpus", str(corpus)]
    assert subprocess.run(base + ["feed", "add", server.url("/rss.xml")], capture_output=True, timeout=60).returncode == 0
    first = subprocess.Popen(base + ["pull", "--delay", "2"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, stdin=subprocess.DEVNULL, preexec_fn=default_sigint)
    assert first.stdout.readline() == "005\n"  # the first article is in; the next waits for the delay
    first.send_signal(signal.SIGINT)
    out, err = first.communicate(timeout=60)
    assert first.returncode == 130 and out == ""
    assert err.strip().splitlines() == [
        "readcli: interrupted; the articles added so far are kept: run `readcli pull` again to go on"
    ]
    again = subprocess.run(base + ["pull", "--delay", "0"], capture_output=True, text=True, timeout=60,
                           stdin=subprocess.DEVNULL)
    assert again.returncode == 0 and again.stdout.split() == ["006", "007"]
    assert [server.hits(f"/news/{n}.html") for n in NAMES[:3]] == [1, 1, 1]
    assert list(corpus.glob(".*readcli-tmp")) == []


def test_unreachable_robots_txt_allows_nothing(cli, corpus, server):
    """RFC 9309: a robots.txt answered with a server error means "disallow all"."""
    server.route("/robots.txt", status=500, body=b"oops")
    server.route("/rss.xml", body=rss(server, NAMES[:2]), content_type="application/rss+xml")
    cli("feed", "add", server.url("/rss.xml"), "--name", "n")
    result = cli("pull", "--delay", "0")
    assert result.exit_code == 3 and ids(result) == []
    assert result.stderr.count("robots.txt disallows it") == 2
    assert sum(server.hits(f"/news/{n}.html") for n in NAMES) == 0


def test_a_damaged_feed_list_is_one_line(cli, corpus):
    (corpus / "feeds.json").write_text('{"feeds": [{"name": 1', encoding="utf-8")
    one_error_line(cli("pull"), "feeds.json is damaged")
    one_error_line(cli("feed", "list"), "feeds.json is damaged")
