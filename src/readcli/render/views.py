"""Every command's columns, in one file: the pipe contract (README, "Output") and the table layout.

These are the documented machine formats: tsv has no header and these columns in this order;
csv has them as a header row; jsonl records carry at least these keys. A new column of an
existing view goes last, so ``cut -f`` pipelines keep working. Each view also says which format
a terminal and a pipe get when ``--format`` is not given; :func:`readcli.render.output.emit`
alone applies that.

=========================  ===================================================  ==============
command                    tsv columns                                          terminal, pipe
=========================  ===================================================  ==============
list                       id title sentences words translated date source known table, tsv
show                       (the article's text)                                 text, text
show --bilingual           sentence ar en                                       table, tsv
show --gloss               word lemma gloss status                              table, tsv
show --meta, info ID       field value                                          table, tsv
sentences                  article paragraph sentence text                      text, text
translate                  article sentence ar en                               text, text
search                     article sentence score spans ar en                   table, tsv
lookup                     word segmentation lemma pos gloss vocalized ...      table, tsv
glossary                   term lemma english count articles source example     table, tsv
models list                used name from to version path                       table, tsv
memory info                path translations                                    table, tsv
info                       setting value source                                 table, tsv
feed list                  name url title articles pulled status                table, tsv
pull --dry-run             feed url title                                       table, tsv
known list                 lemma status form date key                           table, tsv
coverage                   lemma count gloss status pos form key                table, tsv
study --due                lemma form gloss due article sentence key            table, tsv
=========================  ===================================================  ==============
"""

from __future__ import annotations

from readcli.render.output import Column, View

ARTICLES = View(
    (
        Column("id"),
        Column("title", rtl=True, wrap=True, cut=True),
        Column("sentences", justify="right"),
        Column("words", justify="right"),
        Column("translated"),
        # Where a fetched page came from (empty for text files): its date, its site.
        Column("date"),
        Column("source", wrap=True),
        # The learner's coverage (readcli.learner.coverage): empty while no word is marked known.
        # Keep it the LAST column: `cut -f` pipelines count the columns before it.
        Column("known", justify="right"),
    )
)

# An article's metadata (`info ID`, `show --meta`): one row per field that is set.
ARTICLE_META = View((Column("field"), Column("value", wrap=True)))

LOOKUP = View(
    (
        Column("word", rtl=True),
        Column("segmentation", rtl=True),
        Column("lemma", rtl=True),
        Column("pos", wrap=True),
        Column("gloss", wrap=True),
        Column("vocalized", rtl=True),
        Column("buckwalter"),
        Column("lemma_id"),
    ),
    table=("word", "segmentation", "lemma", "pos", "gloss"),
)

GLOSSARY = View(
    (
        Column("term", rtl=True, wrap=True),
        Column("lemma", rtl=True),
        Column("english", wrap=True),
        Column("count", justify="right"),
        Column("articles", wrap=True),
        Column("source"),
        Column("example", rtl=True, wrap=True),
    ),
    table=("term", "english", "count", "articles", "source"),
)

MODELS = View(
    (
        Column("used", header=""),
        Column("name", wrap=True),
        Column("from"),
        Column("to"),
        Column("version"),
        Column("path", wrap=True),
    )
)

CACHE = View((Column("path", wrap=True), Column("translations", justify="right")))

CACHE_MERGE = View(
    (Column("file", wrap=True), Column("added", justify="right"), Column("present", justify="right"))
)

INFO = View((Column("setting"), Column("value", wrap=True), Column("source", wrap=True)))

SENTENCES = View(
    (Column("article"), Column("paragraph"), Column("sentence"), Column("text", rtl=True, wrap=True)),
    formats=("text", "tsv", "jsonl"),
    terminal="text",
    pipe="text",
)

TRANSLATIONS = View(
    (Column("article"), Column("sentence"), Column("ar", rtl=True, wrap=True), Column("en", wrap=True)),
    formats=("text", "tsv", "jsonl", "md"),
    terminal="text",
    pipe="text",
)

SEARCH = View(
    (
        Column("article"), Column("sentence", justify="right"), Column("score", justify="right"),
        Column("spans"), Column("ar", rtl=True, wrap=True), Column("en", wrap=True),
    ),
    formats=("table", "tsv", "jsonl"),
)

# show (no option): the text itself; tsv/jsonl carry the sentences as `sentences` does.
ARTICLE = View(SENTENCES.columns, formats=("text", "tsv", "jsonl"), terminal="text", pipe="text")

BILINGUAL = View(
    (Column("sentence", justify="right"), Column("ar", rtl=True, wrap=True), Column("en", wrap=True)),
    formats=("table", "tsv", "jsonl"),
)

GLOSS = View(
    # status: the learner's status of the word's lemma (new, learning, known, ignored).
    (Column("word", rtl=True), Column("lemma", rtl=True), Column("gloss", wrap=True), Column("status")),
    formats=("table", "tsv", "jsonl"),
    table=("word", "lemma", "gloss"),
)

# The learner's store (`readcli known list`).
KNOWN = View(
    (Column("lemma", rtl=True), Column("status"), Column("form", rtl=True), Column("date"), Column("key")),
    table=("lemma", "status", "form", "date"),
)

# `readcli coverage ID`: the article's lemmas not yet known, most frequent first.
COVERAGE = View(
    (
        Column("lemma", rtl=True),
        Column("count", justify="right"),
        Column("gloss", wrap=True),
        Column("status"),
        Column("pos"),
        Column("form", rtl=True),
        Column("key"),
    ),
    table=("lemma", "count", "gloss", "status", "form"),
)

# `readcli study --due`: the cards due now.
DUE = View(
    (
        Column("lemma", rtl=True),
        Column("form", rtl=True),
        Column("gloss", wrap=True),
        Column("due"),
        Column("article"),
        Column("sentence", justify="right"),
        Column("key"),
    ),
    table=("lemma", "form", "gloss", "due", "article"),
)

# `feed list`: the corpus' feeds.
FEEDS = View(
    (
        Column("name"),
        Column("url", wrap=True),
        Column("title", rtl=True, wrap=True),
        Column("articles", justify="right"),
        Column("pulled"),
        Column("status", wrap=True),
    ),
    table=("name", "title", "articles", "pulled", "status"),
)

# `pull --dry-run`: the items a pull would fetch.
PULL_PLAN = View((Column("feed"), Column("url", wrap=True), Column("title", rtl=True, wrap=True)))
