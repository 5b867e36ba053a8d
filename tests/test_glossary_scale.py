"""`readcli glossary --all` with the search index's cache: the same output warm and cold, only new
or changed articles analysed again, and no cache (never an error) when the index cannot be used.

The speed itself is measured by bench/corpus_scale.py, not here.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from mounts import read_only

ARGS = ("glossary", "--all", "-f", "jsonl", "--no-model")
EXTRA = "وقال السفير الجزائري في لندن إن مجلس الأمن سيجتمع يوم السبت لبحث الأزمة.\n"


def glossary(cli, *args: str) -> str:
    result = cli(*(args or ARGS))
    assert result.exit_code == 0, result.output
    return result.stdout


def cold(cli, monkeypatch, tmp_path, name: str, *args: str) -> str:
    """The output with a fresh data folder: no index, no cache."""
    monkeypatch.setenv("READCLI_HOME", str(tmp_path / name))
    return glossary(cli, *args)


def cache_kinds(corpus) -> dict[str, int]:
    from readcli.index.store import index_path

    with sqlite3.connect(index_path(corpus)) as connection:
        return dict(connection.execute("SELECT kind, count(*) FROM cache GROUP BY kind"))


def counting(monkeypatch):
    """Count the articles analysed (tokens.sentence_rows calls) and the corpus-level builds."""
    from readcli import glossary as package
    from readcli.glossary import tokens

    calls = {"articles": 0, "corpus": 0}
    rows, terms = tokens.sentence_rows, package.model_free_terms

    def sentence_rows(article):
        calls["articles"] += 1
        return rows(article)

    def model_free_terms(*args, **kwargs):
        calls["corpus"] += 1
        return terms(*args, **kwargs)

    monkeypatch.setattr(tokens, "sentence_rows", sentence_rows)
    monkeypatch.setattr(package, "model_free_terms", model_free_terms)
    return calls


def test_warm_output_is_the_cold_output_and_costs_one_lookup(cli, corpus, monkeypatch, tmp_path):
    first = glossary(cli)
    assert cache_kinds(corpus) == {"glossary-rows": 2, "glossary-terms": 1}
    calls = counting(monkeypatch)
    assert glossary(cli) == first
    assert calls == {"articles": 0, "corpus": 0}  # one lookup: nothing analysed
    assert cold(cli, monkeypatch, tmp_path, "fresh") == first


def test_after_a_change_only_that_article_is_analysed_and_the_output_is_a_cold_build(
    cli, corpus, monkeypatch, tmp_path
):
    before = glossary(cli)
    changed = next(corpus.glob("004_*.txt"))
    changed.write_text(changed.read_text(encoding="utf-8") + EXTRA, encoding="utf-8")
    calls = counting(monkeypatch)
    after = glossary(cli)
    assert calls == {"articles": 1, "corpus": 1}
    assert after != before and "لندن" in after
    assert glossary(cli) == after and calls == {"articles": 1, "corpus": 1}  # warm again
    assert cold(cli, monkeypatch, tmp_path, "fresh") == after
    # An added article, then one removed: the same as a cold build each time.
    monkeypatch.setenv("READCLI_HOME", str(tmp_path / "readcli-home-kept"))
    glossary(cli)
    (corpus / "010_extra.txt").write_text(EXTRA * 2, encoding="utf-8")
    added = glossary(cli)
    assert added == cold(cli, monkeypatch, tmp_path, "fresh-added")
    monkeypatch.setenv("READCLI_HOME", str(tmp_path / "readcli-home-kept"))
    changed.unlink()
    removed = glossary(cli)
    assert removed == cold(cli, monkeypatch, tmp_path, "fresh-removed")


def test_the_user_glossary_is_part_of_the_key(cli, corpus):
    plain = glossary(cli)
    (corpus / "glossary.tsv").write_text("السفير\tenvoy\n", encoding="utf-8")
    mine = glossary(cli)
    assert mine != plain and '"english": "envoy"' in mine and '"source": "user"' in mine
    (corpus / "glossary.tsv").unlink()
    assert glossary(cli) == plain


def test_damaged_cache_entries_are_misses(cli, corpus, monkeypatch, tmp_path):
    from readcli.index.store import index_path

    first = glossary(cli)
    with sqlite3.connect(index_path(corpus)) as connection:
        connection.execute("UPDATE cache SET value = x'00ff' WHERE kind LIKE 'glossary-%'")
    calls = counting(monkeypatch)
    assert glossary(cli) == first
    assert calls == {"articles": 2, "corpus": 1}


def test_a_damaged_index_file_is_rebuilt_or_skipped_never_an_error(cli, corpus, monkeypatch, tmp_path):
    from readcli.index.store import index_path

    first = glossary(cli)
    path = index_path(corpus)
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    path.write_bytes(b"this is not an SQLite file" * 100)
    result = cli(*ARGS)
    assert result.exit_code == 0 and result.stdout == first
    assert glossary(cli) == first  # and warm again after the rebuild
    assert cache_kinds(corpus)["glossary-terms"] == 1


def test_a_read_only_data_folder_means_no_cache(cli, corpus, monkeypatch, tmp_path):
    expected = cold(cli, monkeypatch, tmp_path, "fresh")
    empty = tmp_path / "empty-home"
    empty.mkdir()
    warm = tmp_path / "warm-home"
    monkeypatch.setenv("READCLI_HOME", str(warm))
    glossary(cli)
    for home in (empty, warm):
        monkeypatch.setenv("READCLI_HOME", str(home))
        with read_only(home):
            result = cli(*ARGS)
            assert result.exit_code == 0, result.output
            assert result.stdout == expected and "error" not in result.output
            changed = next(corpus.glob("004_*.txt"))
            text = changed.read_text(encoding="utf-8")
            changed.write_text(text + EXTRA, encoding="utf-8")
            result = cli(*ARGS)
            changed.write_text(text, encoding="utf-8")
            assert result.exit_code == 0 and "error" not in result.output
            assert "لندن" in result.stdout


@pytest.mark.parametrize("how", ["stdin", "file", "id"])
def test_named_articles_never_touch_the_index(cli, corpus, tmp_path, how):
    from readcli.index.store import index_path

    text = next(corpus.glob("004_*.txt")).read_text(encoding="utf-8")
    if how == "stdin":
        result = cli("glossary", "-", "-f", "jsonl", "--no-model", input=text)
    elif how == "file":
        outside = tmp_path / "outside.txt"
        outside.write_text(text, encoding="utf-8")
        result = cli("glossary", str(outside), "-f", "jsonl", "--no-model")
    else:
        result = cli("glossary", "004", "-f", "jsonl", "--no-model")
    assert result.exit_code == 0 and result.stdout.strip()
    assert not index_path(corpus).exists()


def test_cached_process_matches_an_uncached_process(corpus, tmp_path):
    """Through real processes: cold, warm, and the old in-memory path (named ids, no cache)."""
    env_home = {"READCLI_HOME": str(tmp_path / "home")}
    ids = sorted(p.name.split("_")[0] for p in corpus.glob("*_*.txt"))

    def run(*args):
        import os

        done = subprocess.run(
            [sys.executable, "-m", "readcli", "--corpus", str(corpus), *args],
            capture_output=True, env={**os.environ, **env_home}, check=True,
        )
        return done.stdout

    cold_out, warm_out = run(*ARGS), run(*ARGS)
    uncached = run("glossary", *ids, "-f", "jsonl", "--no-model")
    assert cold_out == warm_out == uncached


def test_the_corpus_key_covers_every_content_hash(corpus):
    """The whole-corpus entry is keyed by every (id, content hash): the same ids with other
    content never get the old terms (here without a sync, which would drop them anyway)."""
    from readcli.corpus import Corpus, text_article
    from readcli.glossary import build_glossary
    from readcli.index.cache import open_cache

    def records(articles, cache=None, hashes=None):
        terms = build_glossary(articles, model=False, cache=cache, hashes=hashes)
        return [t.record() for t in terms]

    one = [text_article("قال السفير الجزائري إن مجلس الأمن اجتمع.\n", "001")]
    two = [text_article("افتتح وزير الصحة مستشفى جديدا في طرابلس.\n", "001")]
    with open_cache(Corpus(corpus)) as cache:
        assert records(one, cache, ["a" * 64]) == records(one)
        assert records(two, cache, ["b" * 64]) == records(two) != records(one)
        assert records(one, cache, ["a" * 64]) == records(one)  # from the cache


def test_an_upgrade_misses(cli, corpus, monkeypatch, tmp_path):
    """The versions cover the code the cached values come from, the sentence splitter included:
    a changed file gives another version, and another version analyses everything again."""
    import readcli.sentences
    from readcli.glossary import cache

    first = glossary(cli)
    before = (cache.rows_version(), cache.code_version())
    changed = tmp_path / "sentences.py"
    changed.write_text(Path(readcli.sentences.__file__).read_text(encoding="utf-8") + "\n# changed\n")
    monkeypatch.setattr(readcli.sentences, "__file__", str(changed))
    cache.rows_version.cache_clear()
    cache.code_version.cache_clear()
    try:
        after = (cache.rows_version(), cache.code_version())
        calls = counting(monkeypatch)
        assert glossary(cli) == first
    finally:
        cache.rows_version.cache_clear()
        cache.code_version.cache_clear()
    assert after[0] != before[0] and after[1] != before[1]
    assert calls == {"articles": 2, "corpus": 1}


def test_model_glosses_are_never_cached(corpus):
    """The cached entry is model-free: a run with the model, then one without, from the cache."""
    from readcli.corpus import Corpus
    from readcli.glossary import build_glossary
    from readcli.index.facts import article_facts
    from readcli.index.cache import open_cache

    corpus = Corpus(corpus)
    facts = article_facts(corpus).articles
    articles = corpus.articles()
    hashes = [f["hash"] for f in facts]

    def records(model, cache=None):
        translate = (lambda texts: ["MODEL"] * len(texts)) if model else None
        terms = build_glossary(articles, model=model, translate=translate, cache=cache,
                               hashes=hashes if cache is not None else None)
        return [t.record() for t in terms]

    with open_cache(corpus) as cache:
        with_model = records(True, cache)
        assert any(r["source"] == "model" for r in with_model)
        assert records(False, cache) == records(False)
        assert records(True, cache) == with_model == records(True)
