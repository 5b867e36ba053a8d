"""Machine-readable output: TSV, CSV and JSON Lines, always logical-order UTF-8.

Nothing here shapes or reorders text: these formats are for pipes and files.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import IO, Any

from readcli.sentences import join_paragraphs


# A tab or any character str.splitlines() breaks at: the only ones a TSV field must not hold.
_BREAKS = re.compile("[\t\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def tsv_field(value: Any) -> str:
    """A value as one TSV field: tabs and line breaks inside it become spaces."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)):
        value = ",".join(str(v) for v in value)
    text = str(value)
    if not _BREAKS.search(text):
        return text  # the common case, without splitting
    return " ".join(text.replace("\t", " ").splitlines())


def write_tsv(
    rows: Iterable[Mapping[str, Any]], columns: Sequence[str], out: IO[str], *, header: bool = False
) -> None:
    if header:
        out.write("\t".join(columns) + "\n")
    for row in rows:
        out.write("\t".join(tsv_field(row.get(c)) for c in columns) + "\n")


def write_csv(rows: Iterable[Mapping[str, Any]], columns: Sequence[str], out: IO[str]) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(
            [",".join(map(str, v)) if isinstance(v, (list, tuple)) else v for v in (row.get(c) for c in columns)]
        )


def write_jsonl(rows: Iterable[Mapping[str, Any]], out: IO[str]) -> None:
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")


def write_text_column(rows: Iterable[Mapping[str, Any]], out: IO[str], _fmt: str = "text", column: str = "text") -> None:
    """One value a line (``sentences`` off a terminal): the logical text, line breaks folded."""
    for row in rows:
        out.write(tsv_field(row.get(column)) + "\n")


def write_translations(records, out: IO[str], fmt: str) -> None:
    """One article's translation records (article, sentence, paragraph, ar, en) as ``text`` (the
    English, a paragraph a line) or ``md`` (a table: number, Arabic, English; ``|`` escaped so a
    value never adds a column)."""
    if fmt == "md":
        article = records[0].article if records else ""
        out.write(f"## {article}\n\n| # | Arabic | English |\n| --: | --- | --- |\n")
        for r in records:
            ar = tsv_field(r.ar).replace("|", "\\|")
            en = tsv_field(r.en).replace("|", "\\|")
            out.write(f"| {r.sentence} | {ar} | {en} |\n")
    else:
        for line in join_paragraphs((r.paragraph, r.en) for r in records):
            out.write(line + "\n")
