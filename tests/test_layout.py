"""The shape of the code: modules stay small, and each concept has one home (issue 16)."""

from __future__ import annotations

import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "readcli"
MAX_MODULE_LINES = 500
LONGER = {"render/reader_app.py": 650}  # the full-screen reader's Textual app (docs/reader.md)


def test_no_module_is_too_long_to_read():
    sizes = {str(p.relative_to(SRC)): len(p.read_text(encoding="utf-8").splitlines()) for p in SRC.rglob("*.py")}
    assert {name: n for name, n in sizes.items() if n > LONGER.get(name, MAX_MODULE_LINES)} == {}


def test_one_sqlite_connect_and_one_error_translator():
    """Connections are made by readcli.sqlite.connect; SQLite errors become lines in readcli.sqlite.fault."""
    connects = [str(p.relative_to(SRC)) for p in SRC.rglob("*.py") if "sqlite3.connect(" in p.read_text(encoding="utf-8")]
    assert connects == ["sqlite.py"]
    readers_of_sqlite_codes = [str(p.relative_to(SRC)) for p in SRC.rglob("*.py")
                               if re.search(r"sqlite_error(code|name)", p.read_text(encoding="utf-8"))]
    assert readers_of_sqlite_codes == ["sqlite.py"]


def test_the_beam_default_is_written_once():
    beam_four = re.compile(r"beam\w*\s*(:\s*int\s*)?=\s*4\b")
    hits = [str(p.relative_to(SRC)) for p in SRC.rglob("*.py") if beam_four.search(p.read_text(encoding="utf-8"))]
    assert hits == []
