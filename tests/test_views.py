"""The pipe contract, pinned: one literal tsv row per documented view (README, "Output").

Every view of readcli.render.views has its row here, so a change of a column's order, its name
or how a value is written shows as a failing line, as sqlite-utils' tests pin their output.
Paths are written with {home}, {corpus} and {packages} for the test's own folders.
"""

from __future__ import annotations

import os

import pytest

from readcli.render import views

FIRST_004 = (
    "في خطوة تعكس تزايد الاهتمام الدولي بالوضع في شمال أفريقيا ومنطقة الساحل، كشفت الولايات المتحدة "
    "والجزائر عن تنسيق مشترك لمعالجة الأزمات في المنطقة، مع التركيز بشكل خاص على الوضع في ليبيا."
)
SECOND_004 = (
    "وفي جلسة استماع أمام الكونغرس الأمريكي، صرح جوشوا هاريس، السفير الأمريكي الجديد المعين لدى "
    "الجزائر، بأن البلدين يعملان معًا على مستوى مجلس الأمن لتعزيز الأمن الإقليمي."
)

# (view, command, a tsv line expected in its output). Without a translation model.
ROWS = [
    # No date, no source (a text file), no known share (the learner store is empty).
    (views.ARTICLES, ["list"], f"004\t{FIRST_004}\t21\t585\tno\t\t\t"),
    (views.ARTICLE_META, ["info", "004"], "path\t{corpus}/004_0cd59c3a196a67dd.txt"),
    (views.SENTENCES, ["sentences", "004"], f"004\t1\t1\t{FIRST_004}"),
    (views.ARTICLE, ["show", "004"], f"004\t1\t1\t{FIRST_004}"),
    (views.GLOSS, ["show", "004", "--gloss"], "في\tفِي\tin\tnew"),
    (views.COVERAGE, ["coverage", "004"], "جَزائِر\t13\tAlgeria\tnew\tNOUN_PROP\tوالجزائر\tjazA}}ir_1"),  # }} : str.format
    (views.SEARCH, ["search", "السفير"], f"004\t2\t7.63\t57-63\t{SECOND_004}\t"),
    (views.LOOKUP, ["lookup", "السفير"], "السفير\tال+سفير\tسَفِير\tDET+NOUN\tthe + ambassador\tالسَفِير\tAlsafiyr\tsafiyr_1"),
    (views.GLOSSARY, ["glossary", "004", "--no-model"], f"الجزائر\tجَزائِر\tAlgeria; Algerian\t16\t004\tlexicon\t{FIRST_004}"),
    (views.CACHE, ["memory", "info"], "{home}/memory.sqlite3\t0"),
    (views.INFO, ["info"], "corpus\t{corpus}\t--corpus"),
]


def fill(line: str, corpus, home) -> str:
    packages = os.path.join(os.environ["ARGOS_PACKAGES_DIR"])
    return line.format(home=home, corpus=corpus, packages=packages)


@pytest.mark.parametrize("view, command, expected", ROWS, ids=[" ".join(c) for _, c, _ in ROWS])
def test_each_view_s_tsv_row(cli, corpus, isolated_homes, view, command, expected):
    result = cli(*command, "-f", "tsv")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert fill(expected, corpus, isolated_homes) in lines, lines[:3]
    assert all(line.count("\t") == len(view.names) - 1 for line in lines)


def test_info_rows(cli, corpus, isolated_homes):
    rows = [line.split("\t")[:2] for line in cli("info", "-f", "tsv").stdout.splitlines()]
    assert [name for name, _ in rows] == [
        "corpus", "data folder", "translation memory", "packages", "search index", "learner store", "bidi",
    ]
    assert dict(rows)["translation memory"] == f"{isolated_homes}/memory.sqlite3"
    assert dict(rows)["search index"].startswith(f"{isolated_homes}/search/")


def test_the_views_with_a_model(cli, argos_package_file):
    """translate, show --bilingual and models list: the model's English is noise, so the
    Arabic columns are pinned and the English is only there."""
    assert cli("models", "install", str(argos_package_file)).exit_code == 0
    packages = os.environ["ARGOS_PACKAGES_DIR"]
    models = cli("models", "list", "-f", "tsv").stdout.splitlines()
    assert models == [f"yes\ttranslate-ar_en-1_0\tar\ten\t1.0\t{packages}/translate-ar_en-1_0"]
    translated = cli("translate", "004", "-f", "tsv").stdout.splitlines()[0].split("\t")
    assert translated[:3] == ["004", "1", FIRST_004] and translated[3]
    assert len(translated) == len(views.TRANSLATIONS.names)
    pair = cli("show", "004", "--bilingual", "-f", "tsv").stdout.splitlines()[0].split("\t")
    assert pair[:2] == ["1", FIRST_004] and pair[2] == translated[3]
    assert len(pair) == len(views.BILINGUAL.names)


def test_every_view_is_pinned():
    pinned = {id(view) for view, _, _ in ROWS} | {id(views.MODELS), id(views.TRANSLATIONS), id(views.BILINGUAL)}
    pinned |= {id(views.FEEDS), id(views.PULL_PLAN)}  # tests/test_feeds.py (a feed server on 127.0.0.1)
    pinned |= {id(views.CACHE_MERGE)}  # tests/test_shards.py (memory merge of shard memories)
    pinned |= {id(views.KNOWN), id(views.DUE)}  # tests/test_learner.py (they need stored words and cards)
    documented = [name for name, value in vars(views).items() if isinstance(value, views.View)]
    assert [name for name in documented if id(getattr(views, name)) not in pinned] == []
