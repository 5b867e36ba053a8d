"""Word lists in and out of the learner store: ``known import`` and ``known export``.

A list is one word per line, or a table (tab-separated, or comma-separated with quotes as in a
``.csv``) whose Arabic column is chosen by number or header name: an Anki notes export (its
``#separator:``/``#html:`` header lines are read and skipped, HTML is stripped from fields), a
LingQ or Lute CSV export (``--column term``). A field may hold several words (a phrase): each
counts. Each word is keyed by its most likely lemma (:func:`readcli.learner.lemmas.best_key`);
a word the lexicon cannot analyse is stored by its normalised form.

``known export`` writes a tab-separated file with a header line (``key``, ``status``, ``lemma``,
``form``, ``added``) that ``known import`` puts back exactly, statuses and dates included.
"""

from __future__ import annotations

import csv
import html
import io
import re
from dataclasses import dataclass, field

from readcli.arabic import is_arabic
from readcli.errors import InputError, UsageError
from readcli.learner.store import STORED_STATUSES, Entry, Word

EXPORT_HEADER = ("key", "status", "lemma", "form", "added")
MAX_LIST_BYTES = 64 << 20  # a word list larger than this is refused (one line)
_TAG = re.compile(r"<[^>]*>")


@dataclass
class Parsed:
    """The entries of a word list: Arabic fields, and how many fields were not Arabic."""

    fields: list[str] = field(default_factory=list)
    not_arabic: int = 0
    exported: list[Word] | None = None  # a readcli export: restored as it is


@dataclass
class Resolved:
    entries: list[Entry] = field(default_factory=list)  # one per distinct key, first form kept
    words: int = 0  # distinct words read
    matched: int = 0  # distinct words the lexicon analysed
    ambiguous: int = 0  # of those, words with more than one lemma (the most likely taken)
    no_analysis: list[str] = field(default_factory=list)  # distinct words stored by their form


def _clean_field(text: str) -> str:
    return html.unescape(_TAG.sub(" ", text)).strip()


def parse_list(text: str, name: str, *, column: str | None = None) -> Parsed:
    """The Arabic fields of a word list (see the module doc); one error line for a list with
    nothing to import or one that is mostly not Arabic."""
    lines = text.splitlines()
    if lines and tuple(lines[0].split("\t")) == EXPORT_HEADER:
        return Parsed(exported=_exported(lines[1:], name))
    separator = None
    body = []
    for line in lines:
        if line.startswith("#") and ":" in line and not is_arabic(line.split(":", 1)[0]):
            key, _, value = line[1:].partition(":")  # Anki's header lines
            if key.strip().lower() == "separator":
                separator = {"tab": "\t", "comma": ",", "semicolon": ";", "space": " ", "pipe": "|"}.get(
                    value.strip().lower(), value.strip()[:1] or None
                )
            continue
        if line.strip():
            body.append(line)
    if not body:
        raise InputError(f"{name}: no words to import (the file is empty)")
    if separator is None:
        separator = "\t" if any("\t" in line for line in body) else ("," if column is not None else None)
    if separator is None:
        rows = [[line] for line in body]
    else:
        rows = list(csv.reader(io.StringIO("\n".join(body)), delimiter=separator))
    index = 0
    if column is not None:
        if column.isdigit():
            index = int(column) - 1
            if index < 0:
                raise UsageError("--column counts from 1")
        else:
            header = [_clean_field(h).lower() for h in rows[0]]
            if column.lower() not in header:
                shown = ", ".join(h for h in header if h)[:200]
                raise UsageError(f"{name}: no column named {column!r} in its first line ({shown})")
            index = header.index(column.lower())
            rows = rows[1:]
    parsed = Parsed()
    for row in rows:
        if index >= len(row):
            continue
        value = _clean_field(row[index])
        if not value:
            continue
        if is_arabic(value):
            parsed.fields.append(value)
        else:
            parsed.not_arabic += 1
    total = len(parsed.fields) + parsed.not_arabic
    if not parsed.fields:
        which = f"column {column}" if column is not None else "its first column"
        raise InputError(f"{name}: no Arabic words in {which}; choose the Arabic column with --column")
    if parsed.not_arabic * 2 > total:
        raise InputError(
            f"{name}: mostly not Arabic ({parsed.not_arabic} of {total} entries have no Arabic letters); "
            "choose the Arabic column with --column"
        )
    return parsed


def _exported(lines: list[str], name: str) -> list[Word]:
    words = []
    for number, line in enumerate(lines, start=2):
        if not line.strip():
            continue
        cells = line.split("\t")
        if len(cells) != len(EXPORT_HEADER) or cells[1] not in STORED_STATUSES or not cells[0]:
            raise InputError(f"{name}: line {number} is not a `readcli known export` line")
        words.append(Word(*cells))
    return words


def resolve(fields: list[str], lex) -> Resolved:
    """Each distinct word of the fields keyed by its most likely lemma (fast: no full analyses)."""
    # start-up: the glossary package and the lemmas' code only here, not for `known export`
    from readcli.glossary.readings import lemma_prior
    from readcli.learner.lemmas import best_key, key_lemma, unknown_key, words_of

    prior = lemma_prior()
    result = Resolved()
    seen_words: set[str] = set()
    entries: dict[str, Entry] = {}
    for value in fields:
        for word in words_of(value):
            if word in seen_words:
                continue
            seen_words.add(word)
            found = best_key(word, lex, prior)
            if found is None:
                key = unknown_key(word)
                result.no_analysis.append(word)
            else:
                key, count = found
                result.matched += 1
                result.ambiguous += count > 1
            if key not in entries:
                entries[key] = Entry(key, key_lemma(key), word)
    result.words = len(seen_words)
    result.entries = list(entries.values())
    return result


def export_lines(words: list[Word]) -> list[str]:
    """The lines of ``known export`` (header first); tabs and line breaks never occur in keys,
    lemmas or forms (they are Arabic words), dates are ISO."""
    return ["\t".join(EXPORT_HEADER)] + ["\t".join(w) for w in words]
