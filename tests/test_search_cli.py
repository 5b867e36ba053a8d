"""readcli search through the CLI: query language, tsv/jsonl, exit statuses, the terminal view."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import one_error_line
from pty_run import run_with_pty, strip_ansi



def rows(result) -> list[list[str]]:
    assert result.exit_code == 0, result.stderr
    return [line.split("\t") for line in result.stdout.splitlines()]


def records(result) -> list[dict]:
    assert result.exit_code == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_tsv_columns_and_spans(cli):
    out = rows(cli("search", "وزارة الخارجية"))
    assert out, "no hits"
    for article, sentence, score, spans, ar, en in out:
        assert article in ("000", "004") and int(sentence) >= 1 and float(score) >= 0
        pieces = [ar[int(s) : int(e)] for s, e in (p.split("-") for p in spans.split(","))]
        assert any("وزار" in p for p in pieces) and any("خارجي" in p for p in pieces)
        assert en == ""  # nothing translated


def test_sentence_numbers_are_those_of_readcli_sentences(cli):
    hits = records(cli("search", "هاريس", "-f", "jsonl"))
    assert hits
    for hit in hits:
        listed = records(cli("sentences", hit["article"], "-f", "jsonl"))
        assert listed[hit["sentence"] - 1]["text"] == hit["ar"]


def test_jsonl_records(cli):
    hits = records(cli("search", "والجزائر", "-f", "jsonl", "--limit", "3", "--context", "1"))
    assert len(hits) == 3
    for hit in hits:
        assert set(hit) >= {"article", "sentence", "ar", "en", "score", "spans", "before", "after"}
        assert hit["en"] is None
        for start, end in hit["spans"]:
            assert "جزائر" in hit["ar"][start:end]
    assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)


def test_clitics_and_article_filter(cli):
    everywhere = records(cli("search", "الجزائر", "-f", "jsonl"))
    words = {h["ar"][s:e] for h in everywhere for s, e in h["spans"]}
    assert {"الجزائر", "والجزائر"} <= words
    only = records(cli("search", "الجزائر", "-f", "jsonl", "--article", "004"))
    assert only and {h["article"] for h in only} == {"004"}
    assert len(only) < len(everywhere)


def test_limit(cli):
    assert len(rows(cli("search", "الجزائر", "--limit", "2"))) == 2
    assert len(rows(cli("search", "الجزائر", "--limit", "0"))) > 2


def test_phrase_is_stricter_than_and(cli):
    phrase = records(cli("search", '"وزارة الخارجية"', "-f", "jsonl"))
    both = records(cli("search", "وزارة AND الخارجية", "-f", "jsonl"))
    assert phrase and {(h["article"], h["sentence"]) for h in phrase} <= {(h["article"], h["sentence"]) for h in both}
    for hit in phrase:
        spans = hit["spans"]
        assert any(b[0] - a[1] == 1 for a, b in zip(spans, spans[1:]))  # two adjacent words


def test_or_not_prefix_and_exact(cli):
    key = lambda result: {(h["article"], h["sentence"]) for h in records(result)}  # noqa: E731
    algeria = key(cli("search", "الجزائر", "-f", "jsonl"))
    morocco = key(cli("search", "المغرب", "-f", "jsonl"))
    assert key(cli("search", "الجزائر OR المغرب", "-f", "jsonl")) == algeria | morocco
    assert key(cli("search", "الجزائر AND المغرب", "-f", "jsonl")) == algeria & morocco
    assert key(cli("search", "الجزائر NOT المغرب", "-f", "jsonl")) == algeria - morocco
    assert key(cli("search", "(الجزائر OR المغرب) NOT ليبيا", "-f", "jsonl")) < algeria | morocco
    exact = key(cli("search", "الجزائر", "--exact", "-f", "jsonl"))
    assert exact < algeria  # والجزائر and للجزائر are left out
    hits = records(cli("search", "الجزائر*", "--exact", "-f", "jsonl"))
    words = {h["ar"][s:e] for h in hits for s, e in h["spans"]}
    assert "الجزائرية" in words and all(w.startswith("الجزائر") for w in words)


def test_no_match_is_exit_1_with_nothing_on_stdout(cli):
    result = cli("search", "كلمةغيرموجودة")
    assert result.exit_code == 1 and result.stdout == "" and result.stderr == ""


@pytest.mark.parametrize(
    "query, needle",
    [('"وزارة', "quote"), ("(الجزائر", "parenthesis"), ("الجزائر)", "parenthesis"),
     ("NOT الجزائر", "NOT"), ("الجزائر OR", "ends"), ("", "empty"), ("«»", "no word")],
)
def test_bad_query_is_one_error_line_exit_2(cli, query, needle):
    one_error_line(cli("search", query), needle, code=2, stdout_empty=True)


def test_bad_options(cli):
    one_error_line(cli("search", "الجزائر", "--lang", "fr"), "--lang", code=2)
    one_error_line(cli("search", "الجزائر", "--article", "999"), "999", code=2)


def test_damaged_index_says_so_in_one_line(cli, corpus):
    from readcli.index.store import index_path

    assert cli("search", "الجزائر").exit_code == 0
    path = index_path(corpus)
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    path.write_bytes(b"garbage" * 1000)
    result = cli("search", "الجزائر")
    assert result.exit_code == 0 and result.stdout
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "damaged" in lines[0] and "rebuilding" in lines[0]
    assert cli("search", "الجزائر").stderr == ""


def test_english_query_without_translations_finds_nothing(cli):
    result = cli("search", "Algeria")
    assert result.exit_code == 1 and result.stdout == ""


def test_terminal_view_is_shaped_with_the_hit_highlighted(corpus):
    shown, err = run_with_pty(["--corpus", str(corpus), "search", "هاريس", "--limit", "1"], columns=80)
    plain = strip_ansi(shown)
    assert "·" in plain and "score" in plain
    # shaped: presentation forms, not the logical letters; reversed (visual order)
    assert any("\ufe70" <= c <= "\ufeff" for c in plain)
    assert "هاريس" not in plain
    from readcli.render.rtl import to_visual

    highlighted = "\x1b[1;7m" + to_visual("هاريس")
    assert highlighted in shown, shown
    for line in plain.splitlines():
        assert len(line) <= 80
    assert err == ""


def test_help_documents_columns_and_exit_status(cli):
    result = cli("search", "--help")
    text = " ".join(result.stdout.split())
    assert "tsv columns" in text and "article, sentence, score, spans" in text
    assert "1 when nothing matches" in text


def test_show_never_touches_the_index_and_list_indexes_no_sentences(cli, corpus, isolated_homes):
    import sqlite3

    from readcli.index.store import index_path

    assert cli("show", "004").exit_code == 0
    assert not (isolated_homes / "search").exists()
    assert cli("list", "-f", "tsv").exit_code == 0
    path = index_path(corpus)
    if path.exists():  # list may keep its per-article facts there, never sentences
        with sqlite3.connect(path) as connection:
            assert connection.execute("SELECT count(*) FROM sentences").fetchone()[0] == 0


def test_unusable_data_folder_is_one_line(cli, tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("READCLI_HOME", str(blocker))
    one_error_line(cli("search", "الجزائر"), "cannot create", code=1, stdout_empty=True)


def test_unreadable_article_is_a_warning_and_the_rest_is_searched(cli, corpus):
    (corpus / "009_bad.txt").write_bytes(b"\x00\x01binary\xff")
    result = cli("search", "الجزائر")
    assert result.exit_code == 3 and result.stdout
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("readcli: warning: skipped") and "009_bad.txt" in lines[0]


def test_translations_made_by_translate_are_found(cli, corpus, argos_package_file):
    """End to end: `translate` fills the memory, `search` shows and searches its English
    (with a corpus glossary, so the memory keys are the masked sentences)."""
    (corpus / "glossary.tsv").write_text("هاريس\tHarris\n", encoding="utf-8")
    assert cli("models", "install", str(argos_package_file)).exit_code == 0
    assert records(cli("search", "هاريس", "-f", "jsonl"))[0]["en"] is None
    translated = cli("translate", "004", "-f", "jsonl")
    assert translated.exit_code == 0, translated.stderr
    english = {r["sentence"]: r["en"] for r in records(translated)}
    hits = records(cli("search", "هاريس", "-f", "jsonl", "--article", "004"))
    assert hits and all(h["en"] == english[h["sentence"]] for h in hits)
    word = next(w for w in " ".join(english.values()).split() if w.isalpha() and len(w) > 3)
    found = records(cli("search", word, "--lang", "en", "-f", "jsonl", "--limit", "0"))
    assert found and all(h["field"] == "en" and h["article"] == "004" for h in found)
    assert any(word.lower() in h["en"].lower() for h in found)  # others may be stemmed forms
    assert all(h["en"][s:e] for h in found for s, e in h["spans"])
