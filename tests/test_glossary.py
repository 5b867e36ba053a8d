"""`readcli glossary` and `readcli show --gloss`, through the real CLI on the real corpus and lexicon."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from helpers import imported_heavy_modules, one_error_line, terminal_env
from pty_run import strip_ansi

from readcli.render.views import GLOSSARY

COLUMNS = GLOSSARY.names

# Particles and pronouns that must never be glossary terms.
FUNCTION_WORDS = set(
    "في من على إلى الى عن مع أن ان إن التي الذي الذين هذا هذه ذلك تلك بين كان قد ما لا لم لن "
    "كما أو او ثم حيث عند منذ بعد قبل حول خلال وفي ومن وعلى وأن بأن إلى هو هي هم أيضا أيضًا "
    "لدى لكن إذا كل غير".split()
)


def glossary_rows(cli, *args) -> list[dict]:
    result = cli("glossary", *args, "-f", "jsonl")
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def by_term(rows) -> dict[str, dict]:
    return {row["term"]: row for row in rows}


@pytest.fixture(scope="module")
def corpus_glossary(tmp_path_factory):
    """The glossary of the two seeds, built once for the read-only checks below."""
    import shutil

    from typer.testing import CliRunner

    from conftest import CORPUS
    from readcli.cli import app

    corpus = tmp_path_factory.mktemp("g") / "corpus"
    shutil.copytree(CORPUS, corpus)
    result = CliRunner().invoke(app, ["--corpus", str(corpus), "glossary", "--all", "-f", "jsonl", "--no-model"])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_a_phrase_inside_an_equally_frequent_longer_one_is_not_a_term(corpus_glossary):
    """الأمن الوطني الجزائري occurs twice; الأمن الوطني and الوطني الجزائري only inside it."""
    terms = by_term(corpus_glossary)
    assert terms["الأمن الوطني الجزائري"]["count"] == 2
    assert "الأمن الوطني" not in terms and "الوطني الجزائري" not in terms
    multi = [row for row in corpus_glossary if " " in row["term"]]
    for inner in multi:
        for outer in multi:
            if inner is not outer and f" {inner['term']} " in f" {outer['term']} ":
                assert inner["count"] > outer["count"], (inner["term"], outer["term"])


def test_places_are_counted_with_every_clitic_and_their_adjective(corpus_glossary):
    algeria = by_term(corpus_glossary)["الجزائر"]
    # The 28 is the number of tokens containing the letters "الجزائر"; the lemma also
    # takes للجزائر (li + al, written with one lam: 2 tokens), so the group counts 30:
    # الجزائر 17, والجزائر 2, بالجزائر 1, للجزائر 2, and the adjective الجزائري(ة/ين) 8.
    assert algeria["count"] == 30
    assert algeria["kind"] == "word"
    assert algeria["forms"] == {
        "الجزائر": 17, "الجزائري": 5, "للجزائر": 2, "والجزائر": 2, "الجزائريين": 2, "بالجزائر": 1, "الجزائرية": 1,
    }
    assert algeria["articles"] == ["000", "004"]
    assert algeria["english"].startswith("Algeria")
    assert algeria["source"] == "lexicon"
    assert algeria["lemma"] == "جَزائِر"
    assert "الجزائر" in algeria["example"]


def test_the_count_matches_the_tokens_in_the_text(corpus):
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*.txt")))
    tokens = [re.sub(r"[^\u0621-\u064a]", "", t) for t in text.split()]
    assert sum("الجزائر" in t for t in tokens) == 28
    forms = re.compile(r"^(?:[وفبك]?ال|[وف]?لل)جزائر(?:ي|ية|يين|يون)?$")
    assert sum(bool(forms.match(t)) for t in tokens) == 30


def test_names_with_counts(corpus_glossary):
    terms = by_term(corpus_glossary)
    assert terms["هاريس"]["count"] == 9
    assert terms["هاريس"]["english"] == "Harris"
    name = terms["جوشوا هاريس"]
    assert name["count"] == 2
    assert name["kind"] == "name"
    assert name["articles"] == ["000", "004"]
    # A name the lexicon lacks still gets a term; the lexicon alone cannot gloss جوشوا.
    assert terms["جوشوا"]["count"] == 2
    assert terms["جوشوا"]["source"] == ""
    assert terms["الأمم المتحدة"]["count"] >= 2
    # "the ambassador in Washington Sabri Boukadoum": the place is not part of the name.
    assert terms["صبري بوقادوم"]["count"] == 3
    assert "واشنطن صبري بوقادوم" not in terms
    # Words with a name reading next to a name: the lexicon glosses the name word by word.
    assert terms["معمر القذافي"]["english"] == "Mu'ammar + Qaddafi"
    assert terms["معمر القذافي"]["source"] == "lexicon-words"


def test_lexicon_glosses(corpus_glossary):
    terms = by_term(corpus_glossary)
    assert terms["السفير"]["english"] == "ambassador"
    assert terms["السفير"]["source"] == "lexicon"
    assert terms["السفير"]["count"] == 5  # السفير 2, سفير 1, للسفير 1, للسفيرة 1
    assert "security" in terms["الأمن"]["english"]


def test_no_function_words_in_the_top_terms(corpus_glossary):
    top = corpus_glossary[:50]
    for row in top:
        for word in row["term"].split():
            assert word not in FUNCTION_WORDS, row
    # Most frequent first.
    counts = [row["count"] for row in corpus_glossary]
    assert counts == sorted(counts, reverse=True)


def test_lexicon_alone_glosses_most_terms(corpus_glossary):
    glossed = [row for row in corpus_glossary if row["english"]]
    assert len(glossed) / len(corpus_glossary) > 0.9


def test_user_glossary_overrides_every_other_gloss(cli, corpus):
    (corpus / "glossary.tsv").write_text(
        "# my glossary\n"
        "السفير\tenvoy\n"
        "جوشوا هاريس\tJoshua Harris\n"
        "جوشوا\tJoshua\n"
        "مجلس الأمن\tSecurity Council\n",
        encoding="utf-8",
    )
    terms = by_term(glossary_rows(cli, "--all"))
    assert (terms["السفير"]["english"], terms["السفير"]["source"]) == ("envoy", "user")
    assert (terms["جوشوا هاريس"]["english"], terms["جوشوا هاريس"]["source"]) == ("Joshua Harris", "user")
    assert terms["جوشوا"]["english"] == "Joshua"
    # An entry that was not a term yet becomes one when it occurs.
    council = terms["مجلس الأمن"]
    assert (council["english"], council["source"], council["articles"]) == ("Security Council", "user", ["004"])
    assert council["count"] >= 1


def test_user_glossary_in_the_interlinear_view(cli, corpus):
    (corpus / "glossary.tsv").write_text("السفير\tenvoy\n", encoding="utf-8")
    result = cli("show", "004", "--gloss")
    assert "السفير\tسَفِير\tenvoy\tnew" in result.stdout.splitlines()  # status: the learner's, last


def test_bad_user_glossary_is_one_line(cli, corpus):
    (corpus / "glossary.tsv").write_text("السفير without a tab\n", encoding="utf-8")
    result = cli("glossary", "--all")
    assert result.exit_code == 1
    assert result.output.count("\n") == 1
    assert "glossary.tsv:1: expected 'Arabic term<TAB>English'" in result.output


def test_tsv_columns(cli):
    result = cli("glossary", "--all", "-f", "tsv", "--no-model")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    fields = lines[0].split("\t")
    assert len(fields) == len(COLUMNS) == 7
    assert fields[:6] == ["الجزائر", "جَزائِر", "Algeria; Algerian", "30", "000,004", "lexicon"]
    assert all(line.count("\t") == 6 for line in lines)


def test_csv_has_a_header(cli):
    result = cli("glossary", "004", "-f", "csv", "--top", "5")
    assert result.exit_code == 0
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == list(COLUMNS)
    assert len(rows) == 6
    assert rows[1][4] == "004"


def test_table_format(cli):
    result = cli("glossary", "--all", "--top", "5")
    assert result.exit_code == 0
    assert "Algeria" in result.stdout
    # Not a terminal: the Arabic stays logical, unshaped.
    assert "الجزائر" in result.stdout
    assert not re.search("[\ufe70-\ufeff]", result.stdout)


def test_top_and_min_count(cli):
    assert len(glossary_rows(cli, "--all", "--top", "3")) == 3
    rows = glossary_rows(cli, "--all", "--min-count", "5")
    assert rows and all(row["count"] >= 5 for row in rows)


def test_one_article_and_stdin(cli, corpus):
    rows = glossary_rows(cli, "000")
    assert all(row["articles"] == ["000"] for row in rows)
    text = next(corpus.glob("004_*.txt")).read_text(encoding="utf-8")
    result = cli("glossary", "-", "-f", "jsonl", input=text)
    assert result.exit_code == 0
    assert by_term(json.loads(l) for l in result.stdout.splitlines())["السفير"]["articles"] == ["-"]


@pytest.mark.parametrize(
    "args, code, message",
    [
        (["glossary"], 2, "name one or more articles, --all, or - for standard input"),
        (["glossary", "999"], 2, "no article '999'"),
        (["glossary", "000", "--all"], 2, "give article ids or --all, not both"),
        (["glossary", "--all", "--top", "0"], 2, "Invalid value"),
        (["glossary", "--all", "-f", "xml"], 2, "Invalid value"),
    ],
)
def test_errors_are_one_line(cli, args, code, message):
    one_error_line(cli(*args), message, code=code, stdout_empty=True)


def test_show_gloss_on_a_pipe_is_tsv(cli):
    result = cli("show", "004", "--gloss")
    assert result.exit_code == 0, result.output
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert all(len(row) == 4 for row in rows)  # word, lemma, gloss, status (the learner's)
    assert ["السفير", "سَفِير", "ambassador", "new"] in rows
    assert ["والجزائر", "جَزائِر", "and Algeria", "new"] in rows
    assert ["جوشوا", "جوشوا", "", "new"] in rows  # no analysis: no gloss, no crash
    assert not re.search("[\ufe70-\ufeff]", result.stdout)


def test_show_gloss_on_a_terminal_is_interlinear(cli, monkeypatch):
    from rich.cells import cell_len

    env = terminal_env()
    result = cli("show", "004", "--gloss", "--width", "60", env=env)
    assert result.exit_code == 0, result.output
    screen = env.stdout.getvalue()
    lines = strip_ansi(screen).splitlines()[1:]
    assert all(cell_len(line) <= 60 for line in lines)
    assert re.search("[\ufe70-\ufeff]", screen)  # shaped Arabic
    assert "ambassador" in screen and "Algeria" in screen
    # Right to left: the headline's first word is at the right end of the first line.
    assert lines[0].rstrip().endswith("ﻲﻓ")


def test_glossary_imports_nothing_heavy(corpus):
    assert imported_heavy_modules(corpus, "glossary", "--all", "-f", "tsv") == []
    assert imported_heavy_modules(corpus, "show", "004", "--gloss") == []


@pytest.fixture
def installed_model(argos_package_file):
    """The tiny random-weight ar->en package (conftest's, built once) installed for one test
    (in the test's own Argos folder: conftest's autouse ``isolated_homes``)."""
    from readcli.translate.packages import install_file

    return install_file(argos_package_file)


def test_the_lemma_prior_is_package_data_and_decides_between_readings(monkeypatch):
    """The prior learnt on FLORES ships as a TSV (readcli/data/lemma_prior.tsv) and is what picks
    "association" for الجمعية over the lexicon's equally supported "collective"."""
    from readcli.corpus import text_article
    from readcli.glossary import interlinear, lemma_prior, readings

    rows = readings.prior_path().read_text(encoding="utf-8").splitlines()
    assert rows[0] == "lemma_id\tprior" and len(rows) == 4975
    prior = lemma_prior()
    assert len(prior) == 4974 and prior["jamoEiy~ap_1"] > prior["jamoEiy~_1"]
    assert all(0 < value < 1 for value in prior.values())

    def glosses():
        return {w.word: w.gloss for w in interlinear(text_article("تعني الجمعية ذلك.\n"))[0] if w.word}

    assert glosses() == {"تعني": "it mean", "الجمعية": "association", "ذلك": "that"}
    monkeypatch.setattr(readings, "lemma_prior", dict)  # no prior: support and clitics alone
    assert glosses()["الجمعية"] == "collective"


def test_a_missing_lemma_prior_is_one_line(cli, monkeypatch, tmp_path):
    """A broken install (the package data left out of the wheel) says so and what to do."""
    from readcli.glossary import lemma_prior, readings

    monkeypatch.setattr(readings, "prior_path", lambda: tmp_path / "lemma_prior.tsv")
    lemma_prior.cache_clear()
    try:
        line = one_error_line(cli("glossary", "--all", "-f", "tsv", "--no-model"), stdout_empty=True)
    finally:
        lemma_prior.cache_clear()
    assert "lemma prior" in line and "No such file" in line and "reinstall readcli" in line


def test_model_glosses_what_the_lexicon_lacks(cli, corpus, installed_model):
    (corpus / "glossary.tsv").write_text("جوشوا\tJoshua\n", encoding="utf-8")
    terms = by_term(glossary_rows(cli, "--all"))
    # The fixture model's English is noise: only where glosses come from is checked.
    name = terms["جوشوا هاريس"]
    assert name["source"] == "model" and name["english"].strip()
    assert terms["بوقادوم"]["source"] == "model"
    assert terms["السفير"]["source"] == "lexicon"  # the lexicon before the model
    assert terms["جوشوا"]["source"] == "user"  # the user before everything
    # --no-model: the lexicon alone, word-by-word glosses for phrases.
    terms = by_term(glossary_rows(cli, "--all", "--no-model"))
    assert terms["جوشوا هاريس"]["source"] == ""
    assert terms["الأمم المتحدة"]["source"] == "lexicon-words"


def test_model_flag_without_a_package_is_one_line(cli):
    line = one_error_line(cli("glossary", "--all", "--model"), stdout_empty=True)
    assert line.startswith("readcli: error: no Arabic→English translation package is installed")


def test_words_run_together_are_split(cli):
    """Scraped text glues words (NTREX: وزيرالخارجية); pieces that occur alone are split off."""
    text = "زار وزير الخارجية الجزائر.\nثم عاد وزيرالخارجية إلى واشنطن.\nوقال شينينغ إن الزيارة مهمة.\n"
    result = cli("glossary", "-", "-f", "jsonl", "--no-model", input=text)
    assert result.exit_code == 0, result.output
    terms = by_term(json.loads(line) for line in result.stdout.splitlines())
    assert terms["وزير الخارجية"]["count"] == 2
    assert terms["وزير الخارجية"]["source"] == "lexicon-words"
    assert terms["وزير"]["count"] == 2
    assert "وزيرالخارجية" not in terms
    assert terms["شينينغ"]["count"] == 1  # an unknown name is not cut into known pieces


@given(
    words=st.lists(
        st.tuples(
            st.text(alphabet="ابتثجحخدذرزسشصضطظعغفقكلمنهوي", min_size=1, max_size=12),
            st.text(alphabet="abcdefghij ;+", max_size=40),
        ),
        min_size=1,
        max_size=30,
    ),
    width=st.integers(min_value=20, max_value=120),
)
@settings(max_examples=60, deadline=None)
def test_interlinear_lines_fit_the_width(words, width):
    from rich.cells import cell_len

    from readcli.glossary import WordGloss
    from readcli.render.interlinear import interlinear_lines

    from readcli.render.rtl import to_visual

    row = [WordGloss(word, word, word, gloss, "lexicon") for word, gloss in words]
    lines = interlinear_lines([row], width)
    assert all(cell_len(line) <= width for _, line in lines)
    # Each Arabic line is followed by its gloss line.
    assert [style for style, _ in lines] == ["bold", "dim"] * (len(lines) // 2)
    # Every word is shown once, in reading order: right to left along a line, lines top down.
    shown = [w for style, line in lines if style == "bold" for w in reversed(line.split())]
    assert shown == [to_visual(word) for word, _ in words]
