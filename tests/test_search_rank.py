"""Search ranks by relevance: bm25 over the exact form, lemma, clitic-free forms and English."""

from __future__ import annotations

import json

import pytest

from readcli.corpus import Corpus
from readcli.index.index import SearchIndex

SENTENCES = {
    "001": "المدرسة قريبة من البيت والمدرسة كبيرة.",  # the word twice
    "002": "المدرسة قريبة من البيت والحديقة كبيرة.",  # once, same length
    "003": "المدرسة كبيرة.",  # once, shorter
    "004": "المدارس قريبة من البيت والحديقة كبيرة.",  # only the lemma (a plural)
    "005": "ذهب الولد إلى السوق مع أبيه.",
    "006": "اشترت الأم خبزا وحليبا من المتجر.",
    "007": "كان الجو حارا في الصيف الماضي.",
    "008": "قرأ الرجل الجريدة في الصباح الباكر.",
    "009": "لعب الأطفال في الحديقة العامة.",
    "010": "سافرت العائلة إلى المدينة الساحلية.",
    "011": "يعمل الطبيب في المستشفى الكبير.",
}


@pytest.fixture
def ranked(tmp_path) -> Corpus:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for article_id, text in SENTENCES.items():
        (folder / f"{article_id}_s.txt").write_text(text + "\n", encoding="utf-8")
    return Corpus(folder)


def order(corpus: Corpus, query: str, **options) -> list[str]:
    with SearchIndex.open(corpus) as index:
        index.update()
        return [hit["article"] for hit in index.search(query, limit=0, **options)]


def test_hits_are_ranked_by_occurrences_length_and_exact_form(ranked):
    # twice > once; shorter > longer; the exact form > a lemma-only match (same length).
    assert order(ranked, "المدرسة") == ["003", "001", "002", "004"]


def test_scores_are_real_and_decreasing(ranked):
    with SearchIndex.open(ranked) as index:
        index.update()
        scores = [hit["score"] for hit in index.search("المدرسة", limit=0)]
    assert all(score > 0 for score in scores), scores
    assert scores == sorted(scores, reverse=True) and len(set(scores)) == len(scores), scores


def test_exact_mode_ranks_too(ranked):
    # Only the exact form counts (والمدرسة is another word): the shortest sentence first.
    found = order(ranked, "المدرسة", exact=True)
    assert found[0] == "003" and sorted(found) == ["001", "002", "003"]


def test_limit_keeps_the_best_and_counts_the_rest(ranked):
    with SearchIndex.open(ranked) as index:
        index.update()
        hits = index.search("المدرسة", limit=2, count=True)
    assert [h["article"] for h in hits] == ["003", "001"]
    assert hits.total == 4


def test_terminal_view_says_how_many_hits_are_not_shown(ranked, runner):
    from readcli.cli import app

    result = runner.invoke(app, ["--corpus", str(ranked.root), "search", "المدرسة", "-f", "table", "--limit", "2"])
    assert result.exit_code == 0, result.output
    assert result.stdout.rstrip().splitlines()[-1] == "2 of 4 hits; --limit 0 for all"
    everything = runner.invoke(app, ["--corpus", str(ranked.root), "search", "المدرسة", "-f", "table", "--limit", "0"])
    assert "hits; --limit 0" not in everything.stdout


def test_jsonl_scores_are_not_zero(ranked, runner):
    from readcli.cli import app

    result = runner.invoke(app, ["--corpus", str(ranked.root), "search", "المدرسة", "-f", "jsonl"])
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["score"] > 0 for line in result.stdout.splitlines()] == [True] * 4


def test_search_on_an_empty_corpus_says_no_articles(tmp_path, runner):
    from readcli.cli import app

    (tmp_path / "empty").mkdir()
    result = runner.invoke(app, ["--corpus", str(tmp_path / "empty"), "search", "المدرسة"])
    assert result.exit_code == 2
    assert "no articles in" in result.stderr


def test_counts_of_word_and_phrase_queries(ranked, monkeypatch):
    from readcli.index import index as module

    with SearchIndex.open(ranked) as index:
        index.update()
        words = index.search("المدرسة OR الحديقة", limit=1, count=True)  # counted by FTS5
        assert (len(words), words.total, words.more) == (1, 5, False)
        assert len(index.search("المدرسة OR الحديقة", limit=0)) == 5  # what checking each gives
        phrase = index.search('"المدرسة قريبة"', limit=1, count=True)  # checked one by one
        assert (len(phrase), phrase.total, phrase.more) == (1, 3, False)  # 001, 002, 004 (المدارس)
        monkeypatch.setattr(module, "COUNT_BEYOND", 1)
        bounded = index.search('"المدرسة قريبة"', limit=1, count=True)
        assert (len(bounded), bounded.total, bounded.more) == (1, 3, True)


def test_terminal_line_for_a_lower_bound(runner):
    from readcli.render.env import Environment
    from readcli.render.search_view import print_hits
    import io

    from readcli.index.index import Hits

    hits = Hits([{"article": "001", "sentence": 1, "ar": "المدرسة", "en": None, "score": 1.0, "field": "ar", "spans": [[0, 7]]}])
    hits.total, hits.more = 1500, True
    out = io.StringIO()
    env = Environment(stdin=None, stdout=out, stderr=io.StringIO(), stdin_isatty=False, stdout_isatty=False, stderr_isatty=False)
    print_hits(env, hits, width=80, total=hits.total, more=hits.more)
    assert out.getvalue().rstrip().splitlines()[-1] == "1 of at least 1,500 hits; --limit 0 for all"
