"""Where the reader (``readcli read``) left each article: one small file per article.

Positions live in ``positions/`` in readcli's data folder (:func:`readcli.paths.home_dir`), one
file per article named by a hash of the article file's resolved path, holding the sentence number
(from 1, as ``readcli sentences`` numbers them). One file per article: two readers open at once
never overwrite each other's articles, and each write is atomic (:mod:`readcli.atomic`), so a
killed reader leaves the old position or the new one. A data folder that cannot be written (read
only, full) loses the position, never the reading: :meth:`Positions.save` reports it instead of
raising. No terminal code here.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

FOLDER = "positions"
MAX_BYTES = 64  # a position file holds one number


def article_key(article) -> str | None:
    """The article's key: its file's resolved path; None for text that is not in a file (stdin)."""
    path = getattr(article, "path", None)
    if path is None or str(path) == "-" or getattr(article, "_text", None) is not None:
        return None
    try:
        return str(Path(path).resolve())
    except OSError:
        return None


class Positions:
    def __init__(self, folder: Path | None = None):
        if folder is None:
            from readcli.paths import home_dir

            folder = home_dir() / FOLDER
        self.folder = Path(folder)

    def _file(self, key: str) -> Path:
        return self.folder / (hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:24] + ".txt")

    def load(self, key: str | None) -> int | None:
        """The saved sentence number, or None (never saved, unreadable, damaged)."""
        if key is None:
            return None
        try:
            with open(self._file(key), "rb") as handle:
                data = handle.read(MAX_BYTES + 1)
        except OSError:
            return None
        text = data.decode("ascii", "replace").strip()
        if len(data) > MAX_BYTES or not text.isdigit():
            return None
        number = int(text)
        return number if number >= 1 else None

    def save(self, key: str | None, number: int) -> str | None:
        """Save the sentence number; None when saved (or nothing to save), else why not."""
        if key is None:
            return None
        from readcli.atomic import write_text_atomic
        from readcli.errors import os_fault

        path = self._file(key)
        try:
            if self.load(key) == number:
                return None
            self.folder.mkdir(parents=True, exist_ok=True)
            write_text_atomic(path, f"{int(number)}\n")
        except OSError as error:
            return str(os_fault(error, "save the reading position in", self.folder))
        return None
