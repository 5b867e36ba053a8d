"""English for the indexed sentences, from the translation memory (for ``--lang en`` and the view).

The English is looked up the one way ``readcli translate`` stores it and ``readcli list`` checks
it (:func:`readcli.translate.stored.look_up`: the installed package's model key with the default
beam, each sentence masked with its corpus' glossary, the slots filled with the user's
renderings). No model is loaded.

The memory's state (model key, glossary and memory file stats) is kept in ``meta``: when only the
memory changed, the sentences still without English are looked up again; when the model or the
glossary changed, every sentence is; new sentences are always looked up.
"""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

from readcli.errors import ReadcliError
from readcli.sqlite import select_in
from readcli.translate import stored
from readcli.translate.memory import Memory, memory_path

__all__ = ["sync_translations"]


def _stat(path: Path) -> list[int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns]


def _memory_state(root: Path):
    """(model key or None, glossary terms, the stamp to compare with the last sync)."""
    path = memory_path()
    if not path.exists():  # nothing translated yet: no need to look for a package
        return None, [], json.dumps(None)
    key = stored.installed_model_key()
    if key is None:
        return None, [], json.dumps(None)
    terms = stored.corpus_terms(root)
    glossary_stat = _stat(root / "glossary.tsv")
    memory_stat = [_stat(path), _stat(path.with_name(path.name + "-wal"))]
    return key, terms, json.dumps({"model": key, "glossary": glossary_stat, "memory": memory_stat})


def _set_english(connection: sqlite3.Connection, rows, english: dict[int, str | None]) -> int:
    """Store each sentence's English (None: nothing stored); the number of sentences changed."""
    changed = 0
    for sentence_id, old in rows:
        new = english.get(sentence_id)
        if new == old:
            continue
        if old is not None:
            connection.execute("INSERT INTO en_fts (en_fts, rowid, en) VALUES ('delete', ?, ?)", (sentence_id, old))
        connection.execute("UPDATE sentences SET en = ? WHERE id = ?", (new, sentence_id))
        if new is not None:
            connection.execute("INSERT INTO en_fts (rowid, en) VALUES (?, ?)", (sentence_id, new))
        changed += 1
    return changed


def _lookup(key: str | None, terms, rows) -> dict[int, str | None]:
    """Sentence id -> the English stored for it (None: not stored, no model or no memory)."""
    if not key or not rows:
        return {}
    try:
        memory = Memory.open(create=False)
    except ReadcliError:
        return {}  # a damaged memory: `translate` reports it; search goes on without it
    if memory is None:
        return {}
    with memory:
        try:
            masked, found = stored.look_up(memory, key, [ar for _, ar, _ in rows], terms)
        except ReadcliError:
            return {}
    return {row[0]: stored.english(m, found) for row, m in zip(rows, masked)}


def sync_translations(connection: sqlite3.Connection, root: Path, new_ids: list[int]) -> int:
    """Fill ``sentences.en`` from the memory where it changed; the number of sentences updated."""
    key, terms, stamp = _memory_state(root)
    old = connection.execute("SELECT value FROM meta WHERE key = 'translations'").fetchone()
    old_stamp = json.loads(old[0]) if old else None
    new_stamp = json.loads(stamp)
    if old is not None and old[0] == stamp and not new_ids:
        return 0
    if old is not None and old[0] == stamp:
        where, params = f"id IN ({','.join('?' * len(new_ids))})", new_ids
        if len(new_ids) > 900:
            where, params = "id >= ?", [min(new_ids)]
    elif (
        isinstance(old_stamp, dict) and isinstance(new_stamp, dict)
        and old_stamp["model"] == new_stamp["model"] and old_stamp["glossary"] == new_stamp["glossary"]
    ):
        where, params = "en IS NULL", []
    else:
        where, params = "1", []
    rows = connection.execute(f"SELECT id, ar, en FROM sentences WHERE {where}", params).fetchall()
    english = _lookup(key, terms, rows)
    connection.execute("BEGIN IMMEDIATE")
    try:
        # What is stored now (another process may have filled it since the read above): the FTS
        # delete needs the exact old value, and a sentence removed meanwhile is left alone.
        ids = [r[0] for r in rows]
        current = dict(select_in(connection, "SELECT id, en FROM sentences WHERE id IN ({marks})", ids))
        changed = _set_english(connection, [(i, current[i]) for i in ids if i in current], english)
        connection.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('translations', ?)", (stamp,))
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    return changed
