"""How fast the reader (`readcli read`) answers: first screen, one move, a 10 MB article.

    python bench/reader.py [--repeat N] [--cols 100] [--rows 30]

Two kinds of figure:

- end to end, in tmux (needs tmux): `readcli read ID` is started in a detached tmux session of
  COLS x ROWS, and the screen is polled (capture-pane, every 10 ms) until the status line shows
  the article; a key is then sent (send-keys) and the screen polled until the status line shows
  the move. This is what a user waits for, process start-up and tmux included;
- in process (Textual's pilot, headless): the time of one move (the handler, then the whole
  screen composed as Textual draws it), and of opening an article up to its first laid-out
  screen, without start-up.

The 10 MB article is 004 repeated (its paragraphs, 30,000 sentences), written into a scratch
corpus with 004; the data folder is a scratch folder too. Prints one `key: value` a line.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ARTICLE = REPO / "corpus" / "004_0cd59c3a196a67dd.txt"
BIG_BYTES = 10_000_000
SOCKET = f"readcli-bench-{os.getpid()}"  # a private tmux server


def scratch() -> tuple[Path, Path]:
    root = Path(tempfile.mkdtemp(prefix="readcli-reader-bench-"))
    corpus = root / "corpus"
    corpus.mkdir()
    shutil.copy(ARTICLE, corpus / ARTICLE.name)
    text = ARTICLE.read_text(encoding="utf-8")
    copies = BIG_BYTES // len(text.encode("utf-8")) + 1
    (corpus / "900_big.txt").write_text((text.rstrip("\n") + "\n\n") * copies, encoding="utf-8")
    home = root / "home"
    home.mkdir()
    return corpus, home


def _capture(session: str) -> str:
    return subprocess.run(["tmux", "-L", SOCKET, "capture-pane", "-t", session, "-p"], capture_output=True, text=True).stdout


def _wait_for(session: str, needle: str, deadline: float = 30.0) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < deadline:
        if needle in _capture(session):
            return time.perf_counter()
        time.sleep(0.01)
    raise TimeoutError(f"{needle!r} never appeared:\n{_capture(session)}")


def tmux_run(corpus: Path, home: Path, article: str, cols: int, rows: int, moves: int) -> dict:
    global SOCKET
    SOCKET = f"readcli-bench-{os.getpid()}-{time.monotonic_ns()}"  # a new private server each run
    session = f"readcli-bench-{os.getpid()}"
    readcli = str(Path(sys.executable).with_name("readcli"))
    # exec: the pane's process is the reader itself (its CPU time is read from /proc)
    command = f"READCLI_HOME={home} exec {readcli} --corpus {corpus} read {article} --sentence 1"
    env = {**os.environ, "TERM": "xterm-256color"}
    start = time.perf_counter()
    subprocess.run(["tmux", "-L", SOCKET, "new-session", "-d", "-s", session, "-x", str(cols), "-y", str(rows), command],
                   env=env, check=True)
    try:
        first = _wait_for(session, "sentence 1/") - start
        cpu = _reader_cpu(session)
        times = []
        for k in range(moves):
            sent = time.perf_counter()
            subprocess.run(["tmux", "-L", SOCKET, "send-keys", "-t", session, "j"], check=True)
            times.append(_wait_for(session, f"sentence {k + 2}/") - sent)
        words = []
        for k in range(moves):
            sent = time.perf_counter()
            subprocess.run(["tmux", "-L", SOCKET, "send-keys", "-t", session, "Left"], check=True)
            words.append(_wait_for(session, f"word {k + 2}/") - sent)
        subprocess.run(["tmux", "-L", SOCKET, "send-keys", "-t", session, "q"], check=True)
    finally:
        subprocess.run(["tmux", "-L", SOCKET, "kill-server"], capture_output=True)
    return {"first": first, "cpu": cpu, "sentence": statistics.median(times), "word": statistics.median(words)}


def _reader_cpu(session: str) -> float:
    """CPU seconds (user + system) the reader process has used so far: a figure the other
    programs on a busy machine do not inflate, unlike the wall-clock time."""
    shell = subprocess.run(["tmux", "-L", SOCKET, "display", "-p", "-t", session, "#{pane_pid}"],
                           capture_output=True, text=True).stdout.strip()
    try:
        stat = Path(f"/proc/{shell}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(stat[11]) + int(stat[12])) / os.sysconf("SC_CLK_TCK")


def tmux_baseline(cols: int, rows: int, moves: int) -> float:
    """The same round trip with `cat` instead of the reader: send-keys, then capture-pane polls until
    the key shows (the share of a move's figure that is tmux and the polling, not the reader)."""
    global SOCKET
    SOCKET = f"readcli-bench-{os.getpid()}-{time.monotonic_ns()}"
    session = "baseline"
    subprocess.run(["tmux", "-L", SOCKET, "new-session", "-d", "-s", session, "-x", str(cols), "-y", str(rows), "cat"], check=True)
    try:
        times = []
        for k in range(moves):
            sent = time.perf_counter()
            subprocess.run(["tmux", "-L", SOCKET, "send-keys", "-t", session, f"k{k}z"], check=True)
            times.append(_wait_for(session, f"k{k}z") - sent)
    finally:
        subprocess.run(["tmux", "-L", SOCKET, "kill-server"], capture_output=True)
    return statistics.median(times)


async def pilot_run(corpus: Path, article_id: str, cols: int, rows: int, moves: int) -> dict:
    from readcli.corpus import Corpus
    from readcli.reading import Positions
    from readcli.render.reader_app import ReaderApp, ReaderSources, Start

    store = Corpus(corpus)
    sources = ReaderSources(corpus=store, positions=Positions(corpus.parent / "positions"))
    app = ReaderApp(sources, store.resolve(article_id), Start(sentence=1))
    async with app.run_test(size=(cols, rows)) as pilot:
        await pilot.pause()
        pane = app.pane

        def timed(action) -> float:
            start = time.perf_counter()
            action()
            app.screen._compositor.render_update(full=True)  # the whole screen, as Textual draws it
            return time.perf_counter() - start

        print(f"uptime load: {os.getloadavg()[0]:.1f}")
        sentence = [timed(lambda: app.move_sentence(1)) for _ in range(moves)]
        word = [timed(lambda: app.move_word("left")) for _ in range(moves)]
        start = time.perf_counter()
        app.open_article_id(article_id)  # again: read, split, first screen laid out
        pane.strips()
        reopen = time.perf_counter() - start
        await pilot.press("q")
    return {"sentence": statistics.median(sentence), "word": statistics.median(word), "open": reopen}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--moves", type=int, default=10)
    parser.add_argument("--cols", type=int, default=100)
    parser.add_argument("--rows", type=int, default=30)
    args = parser.parse_args()
    corpus, home = scratch()
    print(f"terminal: {args.cols}x{args.rows}; 10 MB article: {(corpus / '900_big.txt').stat().st_size / 1e6:.1f} MB")
    if shutil.which("tmux"):
        for article, label in (("004", "004"), ("900", "10 MB")):
            runs = [tmux_run(corpus, home, article, args.cols, args.rows, args.moves) for _ in range(args.repeat)]
            print(f"tmux {label} first screen (s): " + " ".join(f"{r['first']:.2f}" for r in runs))
            print(f"tmux {label} CPU used by the first screen (s): " + " ".join(f"{r['cpu']:.2f}" for r in runs))
            print(f"tmux {label} one sentence, median (ms): " + " ".join(f"{r['sentence'] * 1000:.0f}" for r in runs))
            print(f"tmux {label} one word, median (ms): " + " ".join(f"{r['word'] * 1000:.0f}" for r in runs))
        print(f"tmux round trip with cat instead, median (ms): {tmux_baseline(args.cols, args.rows, args.moves) * 1000:.0f}")
    else:
        print("tmux: not installed, end-to-end figures skipped")
    for article, label in (("004", "004"), ("900", "10 MB")):
        result = asyncio.run(pilot_run(corpus, article, args.cols, args.rows, args.moves))
        print(f"in process {label}: one sentence {result['sentence'] * 1000:.1f} ms, one word "
              f"{result['word'] * 1000:.1f} ms, open to first screen {result['open']:.2f} s")
    shutil.rmtree(corpus.parent, ignore_errors=True)


if __name__ == "__main__":
    main()
