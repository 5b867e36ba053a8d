"""`readcli pull` of a 50-item feed from a local server, first run (50 new articles) and second
run (nothing new: one conditional request answered 304); and the extraction F1 on the page
fixtures (tests/data/web and the held-out shapes in tests/data/web-heldout).

Usage: python bench/pull.py [--items 50] [--runs 3] [--delay 0]

The 50 pages are the fixture pages, each made distinct (a number in its title, its canonical
URL). Each run uses a new corpus and data folder; times are wall seconds of the whole command
(process start included), median of the runs. F1 is sentence F1 against the gold texts, with
readcli's own sentence splitter (sentences compared after folding whitespace).
"""

from __future__ import annotations

import argparse
import collections
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from readcli.sentences import segment
from readcli.testing.webserver import WebServer
from readcli.web.charset import decode_html

ROOT = Path(__file__).resolve().parents[1]
SETS = {"own pages": ROOT / "tests/data/web", "held-out shapes": ROOT / "tests/data/web-heldout"}
HEADER_CHARSET = {"td-brs-cp1256": "windows-1256"}  # declared only in the HTTP header


def sentences(text: str) -> collections.Counter:
    return collections.Counter(" ".join(s.text.split()) for s in segment(text))


def f1(gold: str, got: str) -> float:
    g, o = sentences(gold), sentences(got)
    tp = sum((g & o).values())
    if not tp:
        return 0.0
    p, r = tp / sum(o.values()), tp / sum(g.values())
    return 2 * p * r / (p + r)


def extraction_scores() -> None:
    from readcli.web.page import extract

    for label, folder in SETS.items():
        scores = []
        for page in sorted(folder.glob("*.html")):
            got = extract(page.read_bytes(), header_charset=HEADER_CHARSET.get(page.stem)).text
            gold = page.with_name(page.stem + ".gold.txt").read_text(encoding="utf-8")
            scores.append((page.stem, f1(gold, got)))
        mean = statistics.mean(s for _, s in scores)
        print(f"extraction F1, {label}: mean {mean:.3f}, min {min(s for _, s in scores):.3f} "
              f"({', '.join(f'{n} {s:.2f}' for n, s in scores)})")


def distinct_pages(count: int) -> list[tuple[str, bytes, str]]:
    """(name, body, content type) of ``count`` distinct pages made from the fixtures."""
    sources = [p for folder in SETS.values() for p in sorted(folder.glob("*.html"))]
    pages = []
    for i in range(count):
        source = sources[i % len(sources)]
        charset = HEADER_CHARSET.get(source.stem)
        html, codec = decode_html(source.read_bytes(), charset)
        title = source.with_name(source.stem + ".gold.txt").read_text(encoding="utf-8").splitlines()[0]
        import html as markup

        for form in {title, markup.escape(title), markup.escape(title, quote=False)}:
            html = html.replace(form, f"{form} {i}")
        html = re.sub(r"(https://[a-z.-]+\.example/[^\"'<\s]*)", rf"\1-{i}", html)
        kind = f"text/html; charset={charset}" if charset else "text/html"
        pages.append((f"{source.stem}-{i}", html.encode(codec), kind))
    return pages


def rss(server, names: list[str]) -> bytes:
    items = "".join(
        f"<item><title>{n}</title><link>{server.url(f'/p/{n}.html')}</link><guid>{n}</guid></item>" for n in names
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>bench</title>{items}</channel></rss>'.encode()


def timed(command: list[str], env: dict) -> tuple[float, subprocess.CompletedProcess]:
    started = time.perf_counter()
    proc = subprocess.run(command, capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL, timeout=900)
    return time.perf_counter() - started, proc


def pull_times(items: int, runs: int, delay: float) -> None:
    first, second = [], []
    with WebServer(max_seconds=60) as server:
        pages = distinct_pages(items)
        for name, body, kind in pages:
            server.route(f"/p/{name}.html", body=body, content_type=kind)
        server.route("/feed.xml", body=rss(server, [n for n, _, _ in pages]), content_type="application/rss+xml",
                     etag=True)
        for _ in range(runs):
            with tempfile.TemporaryDirectory() as scratch:
                env = dict(os.environ, READCLI_HOME=str(Path(scratch) / "home"))
                base = [sys.executable, "-m", "readcli", "--corpus", str(Path(scratch) / "corpus")]
                subprocess.run(base + ["feed", "add", server.url("/feed.xml"), "--name", "bench"], env=env,
                               check=True, capture_output=True, stdin=subprocess.DEVNULL)
                seconds, proc = timed(base + ["pull", "--delay", str(delay)], env)
                added = proc.stdout.split()
                if proc.returncode != 0 or len(added) != items:
                    sys.exit(f"first pull: exit {proc.returncode}, {len(added)} ids; {proc.stderr[-400:]}")
                first.append(seconds)
                seconds, proc = timed(base + ["pull", "--delay", str(delay)], env)
                if proc.returncode != 0 or proc.stdout:
                    sys.exit(f"second pull: exit {proc.returncode}, {proc.stdout!r}; {proc.stderr[-400:]}")
                second.append(seconds)
    print(f"pull of a {items}-item feed (--delay {delay:g}), median of {runs}: first run {statistics.median(first):.2f} s "
          f"({items} articles added; runs {', '.join(f'{t:.2f}' for t in first)}), second run "
          f"{statistics.median(second):.2f} s (nothing new, 304; runs {', '.join(f'{t:.2f}' for t in second)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--delay", type=float, default=0.0)
    args = parser.parse_args()
    print(f"load average: {os.getloadavg()[0]:.2f}")
    extraction_scores()
    pull_times(args.items, args.runs, args.delay)


if __name__ == "__main__":
    main()
