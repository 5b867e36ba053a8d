"""Run readcli with a fault injected in the middle of a terminal view (for the bidi handshake
tests): ``python tests/view_faults.py FAULT readcli-args...``.

FAULT: ``sigint`` (the process sends itself SIGINT, as Ctrl-C does, once half of the view's
lines are written), ``sigterm`` (the same with SIGTERM), ``crash`` (an unexpected exception
there). Everything else is the real readcli.
"""

from __future__ import annotations

import os
import signal
import sys
import time


def main() -> None:
    fault, args = sys.argv[1], sys.argv[2:]
    signal.signal(signal.SIGINT, signal.default_int_handler)  # a test run may ignore SIGINT
    signal.signal(signal.SIGTERM, signal.SIG_DFL)

    from readcli.render import console

    original = console._print_lines

    def faulty(env, lines, **kwargs):
        original(env, lines[: len(lines) // 2], **kwargs)
        env.stdout.flush()
        if fault == "crash":
            raise RuntimeError("injected crash")
        os.kill(os.getpid(), signal.SIGINT if fault == "sigint" else signal.SIGTERM)
        time.sleep(10)  # the signal arrives before this ends
        raise AssertionError("the signal did not arrive")

    console._print_lines = faulty
    from readcli.cli import main as readcli_main

    sys.argv = ["readcli", *args]
    readcli_main()


if __name__ == "__main__":
    main()
