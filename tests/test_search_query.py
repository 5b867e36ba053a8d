"""The query language: parsing, and exact evaluation on a small real index."""

from __future__ import annotations

import pytest

from readcli.corpus import Corpus
from readcli.index.index import SearchIndex
from readcli.index.query import And, Not, Or, Phrase, QueryError, Word, parse

TEXT = {
    "001_a.txt": "زار وزير الخارجية الجزائر.\nقالت وزارة الخارجية إن الوفد وصل.\n",
    "002_b.txt": "الخارجية أعلنت أن الوزارة تعمل.\nكتب الطالب كتابا عن الكتابة.\n",
}


@pytest.fixture
def index(tmp_path):
    folder = tmp_path / "c"
    folder.mkdir()
    for name, text in TEXT.items():
        (folder / name).write_text(text, encoding="utf-8")
    with SearchIndex.open(Corpus(folder)) as opened:
        opened.update()
        yield opened


def hits(index, query, **options):
    return [(h["article"], h["sentence"]) for h in index.search(query, limit=0, **options)]


def test_parse_tree():
    assert parse("أ ب") == And((Word("أ"), Word("ب")))
    assert parse("أ OR ب AND ج") == Or((Word("أ"), And((Word("ب"), Word("ج")))))
    assert parse("أ NOT ب") == Not(Word("أ"), Word("ب"))
    assert parse('"وزارة الخارجية"') == Phrase((Word("وزارة"), Word("الخارجية")))
    assert parse("كتب*") == Word("كتب", prefix=True)
    assert parse("(أ OR ب) ج") == And((Or((Word("أ"), Word("ب"))), Word("ج")))
    assert parse("مُدَرِّسَة") == Word("مدرسة")  # harakat dropped


@pytest.mark.parametrize("query", ['"أ', "(أ", "أ)", "NOT أ", "أ AND", "OR أ", "", "   ", "()", '""'])
def test_parse_errors(query):
    with pytest.raises(QueryError):
        parse(query)


def test_phrase_needs_adjacent_words(index):
    assert hits(index, '"وزارة الخارجية"') == [("001", 2)]
    assert sorted(hits(index, "وزارة الخارجية")) == [("001", 2), ("002", 1)]  # AND: any order, any distance
    assert sorted(hits(index, '"الخارجية وزارة"')) == []


def test_not_a_phrase_is_not_not_its_words(index):
    # 002/1 has both words but not as the phrase: it must stay.
    assert sorted(hits(index, 'الخارجية NOT "وزارة الخارجية"')) == [("001", 1), ("002", 1)]


def test_prefix_and_exact(index):
    assert hits(index, "كتب*", exact=True) == [("002", 2)]
    found = index.search("كتب*", exact=True, limit=0)[0]
    words = [found["ar"][s:e] for s, e in found["spans"]]
    assert words == ["كتب", "كتابا", "الكتابة"][:1] + [w for w in words[1:]]  # starts with كتب
    assert all(w.startswith("كتب") for w in words)
    assert hits(index, "وزارة", exact=True) == [("001", 2)]
    assert sorted(hits(index, "وزارة")) == [("001", 2), ("002", 1)]  # الوزارة: clitics expanded


def test_spans_point_at_the_hit_words(index):
    found = index.search("الوزارة", limit=0)
    assert {h["ar"][s:e] for h in found for s, e in h["spans"]} == {"وزارة", "الوزارة"}
