"""The search index: incremental sync (add, change, remove), damage and version rebuilds,
unreadable files, transactions, facts, translations from the memory. Real SQLite files."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from readcli.corpus import Corpus
from readcli.index import store
from readcli.index.facts import article_facts
from readcli.index.index import SearchIndex


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def small(tmp_path) -> Corpus:
    folder = tmp_path / "small"
    folder.mkdir()
    write(folder, "001_a.txt", "الأطفال في المدارس.\nذهب الطفل إلى المدرسة مع والده.\n")
    write(folder, "002_b.txt", "زار ترامب الجزائر. ثم عاد إلى واشنطن.\n")
    return Corpus(folder)


def found(corpus, query, **options):
    with SearchIndex.open(corpus) as index:
        index.update()
        return [(h["article"], h["sentence"]) for h in index.search(query, limit=0, **options)]


def test_first_search_builds_the_index_in_the_data_folder(small, isolated_homes):
    assert sorted(found(small, "طفل")) == [("001", 1), ("001", 2)]  # الأطفال and الطفل
    path = store.index_path(small.root)
    assert path.parent == isolated_homes / "search" and path.exists()
    assert store.index_path(Path(str(small.root) + "/.")) == path  # keyed by the resolved folder


def test_add_change_remove_are_picked_up(small):
    assert found(small, "واشنطن") == [("002", 2)]
    # add
    write(small.root, "003_c.txt", "وصل الوفد إلى واشنطن أمس.\n")
    assert sorted(found(small, "واشنطن")) == [("002", 2), ("003", 1)]
    # change (same name, new content)
    path = write(small.root, "003_c.txt", "وصل الوفد إلى باريس أمس.\n")
    os.utime(path, ns=(1, 1))
    assert found(small, "واشنطن") == [("002", 2)]
    assert found(small, "باريس") == [("003", 1)]
    # remove
    (small.root / "002_b.txt").unlink()
    assert found(small, "واشنطن") == []
    assert found(small, "ترامب") == []
    with SearchIndex.open(small) as index:
        index.update()
        count = index.connection.execute("SELECT count(*) FROM sentences").fetchone()[0]
        fts = index.connection.execute("SELECT count(*) FROM ar_fts").fetchone()[0]
        assert count == fts == 3  # no rows left behind by the change and the removal


def test_unchanged_corpus_reads_no_file(small, monkeypatch):
    found(small, "طفل")
    reads = []
    original = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: reads.append(self) or original(self))
    with SearchIndex.open(small) as index:
        result = index.update()
    assert reads == [] and result.changed == 0


def test_touched_but_identical_file_is_not_reindexed(small):
    found(small, "طفل")
    os.utime(small.root / "001_a.txt", ns=(5, 5))
    with SearchIndex.open(small) as index:
        result = index.update()
        assert result.new_sentences == []
        assert result.changed == 1  # only the stat was refreshed


def test_damaged_index_is_rebuilt_with_one_notice(small):
    found(small, "طفل")
    path = store.index_path(small.root)
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    path.write_bytes(b"this is not an SQLite file" * 100)
    with SearchIndex.open(small) as index:
        index.update()
        assert len(index.notices) == 1 and "damaged" in index.notices[0] and str(path) in index.notices[0]
        assert len(index.search("طفل", limit=0)) == 2


def test_damage_found_in_use_is_rebuilt(small, monkeypatch):
    found(small, "طفل")
    with SearchIndex.open(small) as index:
        calls = []
        real_sync = __import__("readcli.index.index", fromlist=["sync"]).sync

        def flaky(connection, corpus, *, sentences):
            if not calls:
                calls.append(1)
                raise sqlite3.DatabaseError("database disk image is malformed")
            return real_sync(connection, corpus, sentences=sentences)

        monkeypatch.setattr("readcli.index.index.sync", flaky)
        index.update()
        assert len(index.notices) == 1 and "damaged" in index.notices[0]
        assert len(index.search("طفل", limit=0)) == 2


def test_other_schema_version_is_rebuilt(small):
    found(small, "طفل")
    path = store.index_path(small.root)
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA user_version = 99")
    with SearchIndex.open(small) as index:
        assert len(index.notices) == 1 and "another version" in index.notices[0]
        index.update()
        assert len(index.search("طفل", limit=0)) == 2


def test_undecodable_file_is_skipped_and_reported(small):
    (small.root / "009_bad.txt").write_bytes(b"\x00\x01\x02binary\xff")
    with SearchIndex.open(small) as index:
        index.update()
        assert len(index.problems) == 1 and "009_bad.txt" in index.problems[0]
        assert len(index.search("طفل", limit=0)) == 2
    result = article_facts(small)
    assert [a["id"] for a in result.articles] == ["001", "002"]
    assert len(result.problems) == 1 and "binary" in result.problems[0]


def test_an_interrupted_update_leaves_the_last_consistent_state(small, monkeypatch):
    found(small, "طفل")
    write(small.root, "003_c.txt", "وصل الوفد إلى واشنطن.\n")
    write(small.root, "004_d.txt", "وصل الوفد إلى باريس.\n")
    import readcli.index.sync as sync_module

    real = sync_module.index_sentences
    calls = []

    def dies(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(sync_module, "index_sentences", dies)
    with SearchIndex.open(small) as index, pytest.raises(KeyboardInterrupt):
        index.update()
    monkeypatch.setattr(sync_module, "index_sentences", real)
    connection = sqlite3.connect(store.index_path(small.root))
    files = {row[0] for row in connection.execute("SELECT name FROM files")}
    names = {row[0] for row in connection.execute("SELECT DISTINCT name FROM sentences")}
    connection.close()
    assert files == names == {"001_a.txt", "002_b.txt"}  # the batch was rolled back whole
    assert sorted(found(small, "وصل")) == [("003", 1), ("004", 1)]  # and the next run finishes it


def test_facts_in_corpus_order_and_incremental(small, monkeypatch):
    result = article_facts(small)
    assert [(a["id"], a["sentences"], a["words"]) for a in result.articles] == [("001", 2, 9), ("002", 2, 7)]
    assert result.articles[0]["title"] == "الأطفال في المدارس."
    assert result.problems == [] and result.notices == []
    from readcli.corpus import Article

    expected = [(a.title, len(a.sentences), a.word_count) for a in small.articles()]
    assert [(a["title"], a["sentences"], a["words"]) for a in result.articles] == expected
    write(small.root, "000_z.txt", "عنوان جديد\nنص.\n")
    decoded = []
    real = Article.sentences.func

    monkeypatch.setattr(Article, "sentences", property(lambda self: decoded.append(self.id) or real(self)))
    result = article_facts(small)
    assert [a["id"] for a in result.articles] == ["000", "001", "002"]
    assert decoded == ["000"]  # only the new article was split
    assert result.articles[0]["title"] == "عنوان جديد"


def test_facts_never_load_the_lexicon(small):
    import subprocess
    import sys

    code = (
        "import sys; from pathlib import Path; from readcli.corpus import Corpus;"
        "from readcli.index.facts import article_facts;"
        f"article_facts(Corpus(Path({str(small.root)!r})));"
        "print('readcli.dictionary' in sys.modules, 'readcli.index.analyzer' in sys.modules and"
        " 'readcli.glossary' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


def test_translations_from_the_memory_are_indexed(cli, corpus, argos_package_file):
    assert cli("models", "install", str(argos_package_file)).exit_code == 0
    from readcli.translate.memory import Memory
    from readcli.translate.packages import installed_ar_en_package
    from readcli.translate.masking import mask_source
    from readcli.translate.stored import model_key

    corpus_ = Corpus(corpus)
    with SearchIndex.open(corpus_) as index:
        index.update()
        assert index.search("Washington", lang="en") == []
    article = corpus_.resolve("004")
    key = model_key(installed_ar_en_package(), 4)
    first = article.sentences[0]
    with Memory.open() as memory:
        memory.store(key, [(mask_source(first.text, []).text, "Washington and Algiers work together.")])
    with SearchIndex.open(corpus_) as index:
        index.update()
        hits = index.search("Washington", lang="en")
        assert [(h["article"], h["sentence"], h["field"]) for h in hits] == [("004", 1, "en")]
        assert hits[0]["en"][slice(*hits[0]["spans"][0])] == "Washington"
        arabic = index.search("الجزائر", limit=0)
        assert any(h["en"] == "Washington and Algiers work together." for h in arabic)


def test_cache_get_put_and_cleanup(small):
    from readcli.index.cache import open_cache

    facts = article_facts(small).articles
    first, second = facts[0]["hash"], facts[1]["hash"]
    with open_cache(small) as cache:
        assert cache.get(first, "lemma-counts", "1") is None
        cache.put_many({first: b"\x00one", second: b"two"}, "lemma-counts", "1")
        assert cache.get_many([first, second, "nope"], "lemma-counts", "1") == {first: b"\x00one", second: b"two"}
        assert cache.get(first, "lemma-counts", "2") is None
        cache.put(first, "lemma-counts", "2", b"new")  # a new version replaces the old ones
        assert cache.get_many([first, second], "lemma-counts", "1") == {}
        assert cache.get(first, "lemma-counts", "2") == b"new"
    (small.root / "001_a.txt").unlink()
    article_facts(small)
    with open_cache(small) as cache:
        assert cache.get(first, "lemma-counts", "2") is None  # content gone from the corpus


def test_listing_is_the_corpus_own(tmp_path):
    from readcli.index.sync import corpus_listing

    folder = tmp_path / "names"
    folder.mkdir()
    for name in ["010_b.txt", "002_a.txt", "x_y.txt", ".hidden_x.txt", "noslug.txt", "003_c.md",
                 "B-7_z.txt", "004_ü.txt", "005_a.txt.bak"]:
        (folder / name).write_text("نص.\n", encoding="utf-8")
    (folder / "006_dir.txt").mkdir()
    corpus = Corpus(folder)
    assert [(a.id, a.path) for a, _ in corpus_listing(corpus)] == [(a.id, a.path) for a in corpus.articles()]
    assert all(a.path.parent == folder for a, _ in corpus_listing(corpus))


def test_index_made_by_other_code_is_rebuilt(small):
    found(small, "طفل")
    path = store.index_path(small.root)
    with sqlite3.connect(path) as connection:  # as if sentences.py had changed since the build
        connection.execute("UPDATE meta SET value = 'older' WHERE key = 'code'")
    with SearchIndex.open(small) as index:
        assert len(index.notices) == 1 and "another version" in index.notices[0]
        index.update()
        assert len(index.search("طفل", limit=0)) == 2
    with SearchIndex.open(small) as index:
        assert index.notices == []
