"""The user's glossary: ``glossary.tsv`` in the corpus folder, one ``Arabic<TAB>English`` a line.

Lines starting with ``#`` and blank lines are ignored. Its entries override every other gloss
(``readcli glossary``) and are enforced in translations (``readcli translate``).
"""

from __future__ import annotations

from pathlib import Path

from readcli.errors import InputError
from readcli.sentences import normalise_space
from readcli.textio import read_text_file

FILE_NAME = "glossary.tsv"


def load_user_glossary(corpus_root: Path) -> dict[str, str]:
    """Arabic term -> English rendering; empty when the file does not exist."""
    path = Path(corpus_root) / FILE_NAME
    if not path.exists():
        return {}
    entries: dict[str, str] = {}
    for number, line in enumerate(read_text_file(path).text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) < 2 or not parts[0].strip() or not parts[1].strip():
            raise InputError(f"{path}:{number}: expected 'Arabic term<TAB>English', got {line!r}")
        entries[normalise_space(parts[0])] = normalise_space(parts[1])
    return entries
