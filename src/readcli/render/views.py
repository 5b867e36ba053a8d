"""Each command's columns: the tsv/csv column order (the pipe contract) and the table layout.

These are the documented machine formats: tsv has no header and these columns in this order;
csv has them as a header row; jsonl records carry at least these keys.
"""

from __future__ import annotations

from readcli.render.output import Column, View

ARTICLES = View(
    (
        Column("id"),
        Column("title", rtl=True, wrap=True),
        Column("sentences", justify="right"),
        Column("words", justify="right"),
        Column("translated"),
    )
)

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

INFO = View((Column("setting"), Column("value", wrap=True), Column("source", wrap=True)))

SENTENCES = View(
    (Column("article"), Column("paragraph"), Column("sentence"), Column("text", rtl=True, wrap=True)),
    formats=("text", "tsv", "jsonl"),
)

TRANSLATIONS = View(
    (Column("article"), Column("sentence"), Column("ar", rtl=True, wrap=True), Column("en", wrap=True)),
    formats=("text", "tsv", "jsonl", "md"),
)
