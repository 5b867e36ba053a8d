"""English for the indexed sentences, from the translation memory (for ``--lang en`` and the view).

The memory is keyed the way ``readcli translate`` stores (and ``readcli list`` checks) it: the
installed ar→en package's model key with the default beam, and each sentence masked with its
corpus' glossary (:func:`readcli.translate.pipeline.mask_source`); the stored English has slots for the
glossary terms, filled with the user's renderings (:func:`readcli.translate.pipeline.fill`) as
``translate`` does. No model is loaded.

The memory's state (model key, glossary and memory file stats) is kept in ``meta``: when only the
memory changed, the sentences still without English are looked up again; when the model or the
glossary changed, every sentence is; new sentences are always looked up.
"""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

__all__ = ["sync_translations"]

BEAM_SIZE = 4  # readcli translate's default
_CHUNK = 400


def _stat(path: Path) -> list[int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns]


def _memory_state(root: Path):
    """(model key or None, glossary terms, the stamp to compare with the last sync)."""
    from readcli.translate.memory import memory_path

    path = memory_path()
    if not path.exists():  # nothing translated yet: no need to look for a package
        return None, [], json.dumps(None)
    from readcli.errors import ReadcliError
    from readcli.translate.packages import installed_ar_en_package
    from readcli.translate.pipeline import model_key, prepare_glossary
    from readcli.translate.user_glossary import load_user_glossary

    package = installed_ar_en_package()
    if package is None:
        return None, [], json.dumps(None)
    key = model_key(package, BEAM_SIZE)
    try:
        terms = prepare_glossary(load_user_glossary(root))
    except ReadcliError:
        terms = []
    glossary_stat = _stat(root / "glossary.tsv")
    memory_stat = [_stat(path), _stat(path.with_name(path.name + "-wal"))]
    return key, terms, json.dumps({"model": key, "glossary": glossary_stat, "memory": memory_stat})


def _set_english(connection: sqlite3.Connection, rows, found: dict[str, str], keys: dict) -> int:
    """Store each sentence's English: the memory's template with the user's renderings filled in."""
    from readcli.translate.pipeline import fill

    changed = 0
    for sentence_id, old in rows:
        masked = keys[sentence_id]
        template = found.get(masked.text) if masked is not None else None
        new = fill(template, masked.renderings) if template is not None else None
        if new == old:
            continue
        if old is not None:
            connection.execute("INSERT INTO en_fts (en_fts, rowid, en) VALUES ('delete', ?, ?)", (sentence_id, old))
        connection.execute("UPDATE sentences SET en = ? WHERE id = ?", (new, sentence_id))
        if new is not None:
            connection.execute("INSERT INTO en_fts (rowid, en) VALUES (?, ?)", (sentence_id, new))
        changed += 1
    return changed


def sync_translations(connection: sqlite3.Connection, root: Path, new_ids: list[int]) -> int:
    """Fill ``sentences.en`` from the memory where it changed; the number of sentences updated."""
    from readcli.errors import ReadcliError
    from readcli.translate.memory import Memory
    from readcli.translate.pipeline import mask_source

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
    found: dict[str, str] = {}
    keys = {sentence_id: mask_source(ar, terms) for sentence_id, ar, _ in rows} if key else {}
    if key and rows:
        try:
            memory = Memory.open(create=False)
        except ReadcliError:
            memory = None  # a damaged memory: `translate` reports it; search goes on without it
        if memory is not None:
            with memory:
                unique = list(dict.fromkeys(m.text for m in keys.values() if m.text))
                try:
                    for start in range(0, len(unique), _CHUNK):
                        found.update(memory.lookup(key, unique[start : start + _CHUNK]))
                except ReadcliError:
                    found = {}
    if not key:
        keys = {sentence_id: None for sentence_id, _, _ in rows}
    connection.execute("BEGIN IMMEDIATE")
    try:
        changed = _set_english(connection, [(r[0], r[2]) for r in rows], found, keys)
        connection.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('translations', ?)", (stamp,))
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    return changed
