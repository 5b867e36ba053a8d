"""`readcli read`: the layout it draws, the core it reads from, and every key through Textual's
pilot (App.run_test). Text snapshots of the main screens are in tests/snapshots/reader-*.txt
(READCLI_UPDATE_SNAPSHOTS=1 writes them again; look at the diff before committing)."""

from __future__ import annotations

import asyncio
import io
import os
import re
from pathlib import Path

import pytest
from helpers import one_error_line

from readcli.corpus import Corpus
from readcli.render import bidi
from readcli.render.article_view import article_lines
from readcli.render.reader_layout import ArticleLayout, Document, paragraph_base, visual_block
from readcli.render.rtl import rtl_lines, shape

SNAPSHOTS = Path(__file__).parent / "snapshots"
ARABIC_WORD = re.compile("^[\u0621-\u064a]+$")


def load(corpus: Path, article_id: str):
    return Corpus(corpus).resolve(article_id)


# --- layout ------------------------------------------------------------------------------------


@pytest.mark.parametrize("width", [20, 40, 80, 137])
def test_article_lines_are_readclis_layout(corpus, width):
    """Every right-to-left paragraph is laid out exactly as `show` lays it out; a paragraph with no
    Arabic letter (004's `Shares:`) is left to right and left-aligned."""
    for article_id in ("000", "004"):
        article = load(corpus, article_id)
        doc = Document(article.id, article.sentences)
        mine = [line.text for line in ArticleLayout(doc, width).screen(10**6)]
        reference = [text for _, text in article_lines(article.text, width)]
        assert len(mine) == len(reference)
        for p in range(doc.paragraph_count):
            text = doc.paragraph_text(p)
            expected = rtl_lines(text, width) if paragraph_base(text) else [text]
            layout = ArticleLayout(doc, width).paragraph(p)
            assert [line.text for line in layout.all()[layout.blank:]] == expected


def test_logical_order_lines_are_shows(corpus):
    """In the `terminal` bidi mode the lines are `show`'s there: wrapped, logical, unshaped."""
    from readcli.render.rtl import logical_order

    article = load(corpus, "004")
    with logical_order():
        doc = Document(article.id, article.sentences)
        mine = [line.text for line in ArticleLayout(doc, 50).screen(10**6)]
        reference = [text for _, text in article_lines(article.text, 50)]
    assert mine == reference
    assert mine[0].startswith("في خطوة")


def test_ltr_paragraph_is_left_aligned(corpus):
    article = load(corpus, "004")
    doc = Document(article.id, article.sentences)
    last = ArticleLayout(doc, 40).paragraph(doc.paragraph_count - 1).all()[-1]
    assert last.text == "Shares:"


def test_lazy_chunks_equal_one_pass(corpus, monkeypatch):
    """Laying a paragraph out a few words at a time gives the lines of one pass (and long words
    split over lines keep their place)."""
    import readcli.render.reader_layout as layout_module

    article = load(corpus, "004")
    long_word = "ا" * 50
    sentences = article.sentences + []
    doc = Document("x", sentences)
    whole = [l.text for l in ArticleLayout(doc, 30).screen(10**6)]
    monkeypatch.setattr(layout_module, "CHUNK_WORDS", 3)
    assert [l.text for l in ArticleLayout(doc, 30).screen(10**6)] == whole
    from readcli.sentences import segment

    text = f"كلمة {long_word} أخرى {long_word}ب نهاية"
    doc = Document("y", segment(text))
    lines = ArticleLayout(doc, 12).screen(100)
    assert [l.text for l in lines] == rtl_lines(text, 12)


def test_runs_trace_cells_to_their_words(corpus):
    """Each Arabic word's cells, found through the line's runs, show that word shaped and
    reordered; the runs of a sentence cover exactly its words."""
    article = load(corpus, "004")
    doc = Document(article.id, article.sentences)
    layout = ArticleLayout(doc, 50)
    seen: dict[int, set[int]] = {}
    for line in layout.screen(10**6):
        for start, end, s, w in line.runs:
            if w < 0:
                assert set(line.text[start:end]) == {" "}
                continue
            seen.setdefault(s, set()).add(w)
            word = doc.words(s)[w]
            if ARABIC_WORD.match(word):
                assert line.text[start:end] == bidi.reorder(shape(word), 1)
    assert {s: len(ws) for s, ws in seen.items()} == {s: len(doc.words(s)) for s in range(len(doc.sentences))}


def test_reorder_indexed_maps_every_cell():
    samples = [
        "قال (الرئيس) إن 2024 كان «صعباً» [OK] — A.B.", "abc \u202bعربي\u202c def", "مرحباً بك‏ في readcli",
        "\u2067نص\u2069 text", "",
    ]
    for text in samples:
        for base in (0, 1):
            visual, positions = bidi.reorder_indexed(text, base)
            assert visual == bidi.reorder(text, base)
            assert len(positions) == len(visual)
            assert sorted(positions) == [i for i, c in enumerate(text) if c not in bidi.FORMATTING]


def test_visual_block_wraps_then_reorders():
    lines = visual_block(["the word الجزائر is Algeria", ""], 12)
    assert lines == ["the word", "ﺮﺋﺍﺰﺠﻟﺍ is", "Algeria", ""]


def test_show_sentence_scrolls_only_as_needed(corpus):
    article = load(corpus, "004")
    doc = Document(article.id, article.sentences)
    layout = ArticleLayout(doc, 40)
    layout.show_sentence(1, 20)
    assert layout.top == (0, 0)  # on screen already
    layout.show_sentence(1, 10)  # its last line is the bottom row now
    assert layout.rows_between(layout.top, layout.sentence_lines(1)[1], 10) == 9
    last = len(doc.sentences) - 1
    layout.show_sentence(last, 10)
    assert any(run[2] == last for line in layout.screen(10) for run in line.runs)
    layout.show_sentence(0, 10)
    assert layout.top == (0, 0)


# --- core: positions and in-article search -----------------------------------------------------


def test_positions_round_trip_and_faults(tmp_path):
    from readcli.reading import Positions

    positions = Positions(tmp_path / "positions")
    assert positions.load("/a/b.txt") is None
    assert positions.save("/a/b.txt", 7) is None
    assert positions.load("/a/b.txt") == 7
    assert positions.load("/a/c.txt") is None
    (file,) = (tmp_path / "positions").iterdir()
    file.write_bytes(b"\x1b[2Jgarbage")
    assert positions.load("/a/b.txt") is None
    assert positions.save(None, 3) is None


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_positions_in_a_read_only_folder_say_why(tmp_path):
    from readcli.reading import Positions

    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        problem = Positions(folder / "positions").save("/a/b.txt", 2)
    finally:
        folder.chmod(0o700)
    assert problem and "position" in problem


def test_positions_on_a_file_system_that_refuses(tmp_path):
    from readcli.reading import Positions

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    problem = Positions(blocker / "positions").save("/a/b.txt", 2)
    assert problem is not None and "reading position" in problem


def test_in_article_search_matches_readcli_search(corpus):
    """The same sentences and words as the corpus index finds, for word forms, lemmas and a phrase."""
    from readcli.index.in_article import ArticleMatcher
    from readcli.index.index import SearchIndex

    article = load(corpus, "004")
    texts = [s.text for s in article.sentences]
    with SearchIndex.open(Corpus(corpus)) as index:
        index.update(translations=False)
        for query in ("الجزائر", "أمريكي", '"مجلس الأمن"', "ليبيا OR السودان", "هاريس NOT الجزائر"):
            expected = [
                (h["sentence"] - 1, tuple(map(tuple, h["spans"])))
                for h in index.search(query, lang="ar", limit=0) if h["article"] == "004"
            ]
            found = [(h.sentence, h.spans) for h in ArticleMatcher().search(query, texts)]
            assert found == sorted(expected), query
            assert found, query


# --- the app through the pilot -----------------------------------------------------------------


def sources_for(corpus: Path, tmp_path: Path, **overrides):
    from readcli.cli.read import make_sources
    from readcli.reading import Positions
    from readcli.translate.user_glossary import load_user_glossary

    sources = make_sources(Corpus(corpus), load_user_glossary(corpus))
    sources.positions = Positions(tmp_path / "positions")
    for name, value in overrides.items():
        setattr(sources, name, value)
    return sources


def drive(app, size, script):
    """Run ``app`` headless at ``size`` and await ``script(pilot)``; returns the app."""

    async def main():
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await script(pilot)

    asyncio.run(main())
    return app


def screen_text(app) -> str:
    """The whole screen as text (what export_screenshot draws, without styles)."""
    from rich.console import Console

    console = Console(width=app.size.width, height=app.size.height, file=io.StringIO(), record=True,
                      force_terminal=True, color_system="truecolor", legacy_windows=False)
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return "\n".join(line.rstrip() for line in console.export_text(styles=False).splitlines())


async def settle(pilot, app, until=lambda: True, timeout=20.0):
    """Let workers finish (lexicon load, translation, search) until ``until()`` holds."""
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    await pilot.pause()
    while not until() and loop.time() < end:
        await pilot.pause(0.05)
    await app.workers.wait_for_complete()
    await pilot.pause()
    assert until()


def reader(corpus, tmp_path, article="004", **start):
    from readcli.render.reader_app import ReaderApp, Start

    sources = start.pop("sources", None) or sources_for(corpus, tmp_path)
    article = load(corpus, article) if isinstance(article, str) else article
    return ReaderApp(sources, article, Start(**start))


def highlighted_words(app) -> tuple[int, int]:
    return app.pane.sentence, app.pane.word


def test_sentence_keys(corpus, tmp_path):
    app = reader(corpus, tmp_path)
    seen = []

    async def script(pilot):
        for key in ("j", "down", "j", "k", "up"):
            await pilot.press(key)
            seen.append(app.pane.sentence)
        await pilot.press("k")  # at the first sentence: stays
        seen.append(app.pane.sentence)

    drive(app, (80, 24), script)
    assert seen == [1, 2, 3, 2, 1, 0]


def test_word_keys_follow_the_screen_direction(corpus, tmp_path):
    """In an Arabic line ← is the next word in reading order, → the previous; past the last word
    the cursor goes on into the next sentence."""
    app = reader(corpus, tmp_path)
    seen = []

    async def script(pilot):
        await pilot.press("left", "left")
        seen.append(highlighted_words(app))
        await pilot.press("right")
        seen.append(highlighted_words(app))
        await pilot.press("right")  # before the first word of the first sentence: stays
        seen.append(highlighted_words(app))
        words = len(app.doc.words(0))
        for _ in range(words):
            await pilot.press("left")
        seen.append(highlighted_words(app))

    drive(app, (80, 24), script)
    assert seen == [(0, 2), (0, 1), (0, 0), (1, 0)]


def test_word_keys_in_a_left_to_right_paragraph(corpus, tmp_path):
    app = reader(corpus, tmp_path, sentence=21)  # 004's last line, "Shares:", has one word
    article = load(corpus, "004")
    assert app is not None and article.sentences[20].text == "Shares:"
    seen = []

    async def script(pilot):
        await pilot.press("right")  # left to right: → is the next word; there is none
        seen.append(highlighted_words(app))
        await pilot.press("left")  # ← the previous one: the last word of sentence 20
        seen.append(highlighted_words(app))

    drive(app, (80, 24), script)
    assert seen[0] == (20, 0)
    assert seen[1] == (19, len(article.sentences[19].text.split()) - 1)


def test_page_keys(corpus, tmp_path):
    app = reader(corpus, tmp_path)
    seen = []

    async def script(pilot):
        await pilot.press("space")
        seen.append((app.pane.sentence, app.pane.layout_.top))
        await pilot.press("b")
        seen.append((app.pane.sentence, app.pane.layout_.top))

    drive(app, (40, 12), script)
    (down, top_down), (up, top_up) = seen
    assert down > 0 and top_down > (0, 0)
    assert up == 0 and top_up == (0, 0)


def test_t_without_a_package_says_how_to_install(corpus, tmp_path):
    app = reader(corpus, tmp_path)
    texts = []

    async def script(pilot):
        await pilot.press("t")
        await settle(pilot, app, lambda: 0 in app.english)
        texts.append(screen_text(app))
        await pilot.press("t")
        await pilot.pause()
        texts.append(screen_text(app))

    drive(app, (80, 24), script)
    assert "readcli models install" in texts[0]
    assert "readcli models install" not in texts[1]


@pytest.fixture
def translated(cli, argos_package_file):
    """The random-weight package installed and 004 translated into the memory; English by sentence."""
    assert cli("models", "install", str(argos_package_file)).exit_code == 0
    result = cli("show", "004", "--bilingual")
    assert result.exit_code == 0, result.output
    return {int(row.split("\t")[0]): row.split("\t")[2] for row in result.stdout.splitlines()}


def test_t_shows_the_memorys_english(corpus, tmp_path, translated):
    from readcli.translate import pipeline

    pipeline._engine.cache_clear()
    calls = []
    sources = sources_for(corpus, tmp_path)
    real = sources.translate
    sources.translate = lambda package, texts: calls.append(texts) or real(package, texts)
    app = reader(corpus, tmp_path, sources=sources)
    texts = []

    async def script(pilot):
        await pilot.press("t")
        await settle(pilot, app, lambda: 0 in app.english)
        texts.append(screen_text(app))
        await pilot.press("j")
        await settle(pilot, app, lambda: 1 in app.english)
        texts.append(screen_text(app))

    drive(app, (80, 24), script)
    for number, text in ((1, texts[0]), (2, texts[1])):
        for line in visual_block([translated[number]], 78):
            assert line.rstrip() in text
    assert app.english[0] == ("en", translated[1], "memory")
    assert calls == [[load(corpus, "004").sentences[0].text], [load(corpus, "004").sentences[1].text]]
    assert pipeline._engine.cache_info().currsize == 0  # the memory's English: no model loaded


def test_t_translates_a_new_sentence_with_the_model(corpus, tmp_path, translated):
    from readcli.corpus import text_article
    from readcli.render.reader_app import ReaderApp, Start
    from readcli.translate.memory import Memory

    article = text_article("جملة جديدة لا يعرفها أحد بعد.\n", "new")
    app = ReaderApp(sources_for(corpus, tmp_path), article, Start(english=True))
    texts = []

    async def script(pilot):
        await settle(pilot, app, lambda: 0 in app.english)
        texts.append(screen_text(app))

    drive(app, (80, 24), script)
    kind, english, origin = app.english[0]
    assert (kind, origin) == ("en", "model") and english
    assert "(translated now by the model)" in texts[0]
    with Memory.open(create=False) as memory:  # stored for the next time
        assert memory is not None


def test_english_is_translated_in_the_background(corpus, tmp_path, translated, monkeypatch):
    """A sentence the memory lacks is translated by a worker: the pane says so meanwhile and the
    keys still answer."""
    import threading

    release = threading.Event()
    sources = sources_for(corpus, tmp_path)

    def slow(package, texts):
        release.wait(10)
        return [("slow english", "model")]

    sources.translate = slow
    app = reader(corpus, tmp_path, sources=sources)
    texts = []

    async def script(pilot):
        await pilot.press("t")
        await pilot.pause(0.3)
        texts.append(screen_text(app))
        await pilot.press("j", "k")  # answered while the worker waits
        texts.append(app.pane.sentence)
        release.set()
        await settle(pilot, app, lambda: 0 in app.english)
        texts.append(screen_text(app))

    drive(app, (80, 24), script)
    assert "translating" in texts[0]
    assert texts[1] == 0
    assert "slow english" in texts[2] and "(translated now by the model)" in texts[2]


def test_enter_looks_up_the_word(corpus, tmp_path):
    app = reader(corpus, tmp_path, sentence=2, word=3)  # وفي جلسة استماع
    texts = []

    async def script(pilot):
        await pilot.press("enter")
        await settle(pilot, app, lambda: "استماع" in app.lookups)
        texts.append(screen_text(app))
        await pilot.press("enter")
        await pilot.pause()
        texts.append(screen_text(app))

    (corpus / "glossary.tsv").write_text("استماع\thearing\n", encoding="utf-8")
    drive(app, (80, 24), script)
    lines = app.lookups["استماع"]
    assert lines[0] == "استماع"
    assert "listening" in texts[0] and "NOUN" in texts[0]
    assert "in the corpus: " in texts[0]
    assert "listening" not in texts[1]


def test_lookup_shows_the_user_glossary_and_the_corpus_count(corpus, tmp_path):
    from readcli.render.reader_app import word_info

    (corpus / "glossary.tsv").write_text("الجزائر\tAlgeria (user)\n", encoding="utf-8")
    sources = sources_for(corpus, tmp_path)
    lines = word_info("والجزائر،", "والجزائر", sources)
    assert "your glossary: Algeria (user)" in lines
    count = [line for line in lines if line.startswith("in the corpus:")]
    from readcli.index.index import SearchIndex

    with SearchIndex.open(Corpus(corpus)) as index:
        index.update()
        hits = index.search("والجزائر", lang="ar", limit=0)
    occurrences = sum(len(h["spans"]) for h in hits)
    assert count == [f"in the corpus: {occurrences} times in {len(hits)} sentences of 2 articles (all forms)"]
    assert word_info("2024،", "", sources) == ["2024،", "not an Arabic word"]


def test_g_shows_interlinear_glosses(corpus, tmp_path):
    from readcli.glossary import interlinear
    from readcli.render.interlinear import interlinear_lines

    app = reader(corpus, tmp_path)
    texts = []

    async def script(pilot):
        await pilot.press("g")
        await settle(pilot, app, lambda: 0 in app.glosses)
        texts.append(screen_text(app))
        texts.append(app.reader.query_one("#words").content_size.width)
        await pilot.press("g")
        await pilot.pause()
        texts.append(screen_text(app))

    drive(app, (120, 30), script)
    rows = interlinear(load(corpus, "004"))
    expected = interlinear_lines([rows[0]], texts[1])
    missing = [line for _, line in expected if line.strip() not in texts[0]]
    assert not missing, (missing, texts[0])
    assert "Algeria" in texts[0]
    assert "Algeria" not in texts[2]


def test_search_keys(corpus, tmp_path):
    app = reader(corpus, tmp_path)
    seen = []

    async def script(pilot):
        await pilot.press("slash")
        await pilot.press(*"الجزائر")
        await pilot.press("enter")
        await settle(pilot, app, lambda: bool(app.search_hits))
        seen.append(highlighted_words(app))
        await pilot.press("n")
        seen.append(highlighted_words(app))
        await pilot.press("N", "N")
        seen.append(highlighted_words(app))
        seen.append(app.search_state)

    drive(app, (80, 24), script)
    from readcli.index.in_article import ArticleMatcher

    hits = ArticleMatcher().search("الجزائر", [s.text for s in load(corpus, "004").sentences])
    first_words = [len(load(corpus, "004").sentences[h.sentence].text[: h.spans[0][0]].split()) for h in hits]
    assert seen[0] == (hits[0].sentence, first_words[0])
    assert seen[1] == (hits[1].sentence, first_words[1])
    assert seen[2] == (hits[-1].sentence, first_words[-1])  # N from the first hit wraps to the last
    assert seen[3] == f"hit {len(hits)}/{len(hits)}: الجزائر"


def test_hits_are_drawn_under_their_words(corpus, tmp_path):
    """The hit style marks exactly the hit words' cells, and a new search redraws it (even with as
    many hits as the last one)."""
    app = reader(corpus, tmp_path, sentence=2)
    drawn = []

    def underlined(text) -> str:
        return "".join(text.plain[span.start:span.end] for span in text.spans if "underline" in str(span.style))

    async def script(pilot):
        pane = app.pane
        pane.hits = {0: ((0, 1),)}
        drawn.append(underlined(pane.render_text()))
        pane.hits = {0: ((1, 2),)}
        drawn.append(underlined(pane.render_text()))

    drive(app, (80, 24), script)
    from readcli.render.rtl import to_visual

    words = load(corpus, "004").sentences[0].text.split()
    assert drawn == [to_visual(words[0]), to_visual(words[1])]


def test_search_error_is_a_status_line(corpus, tmp_path):
    app = reader(corpus, tmp_path)

    async def script(pilot):
        await pilot.press("slash")
        await pilot.press(*'"غير مغلق')
        await pilot.press("enter")
        await settle(pilot, app, lambda: not app.search_state.startswith("⠋"))

    drive(app, (80, 24), script)
    assert app.search_hits == [] and app.search_state and app.return_code is None


def test_article_keys_and_positions(corpus, tmp_path):
    app = reader(corpus, tmp_path)
    seen = []

    async def script(pilot):
        await pilot.press("j", "j")
        await pilot.press("left_square_bracket")  # 004 -> 000
        seen.append((app.article.id, app.pane.sentence))
        await pilot.press("left_square_bracket")  # no previous article
        seen.append(app.article.id)
        await pilot.press("right_square_bracket")  # back to 004, where it was left
        seen.append((app.article.id, app.pane.sentence))

    drive(app, (80, 24), script)
    assert seen == [("000", 0), "000", ("004", 2)]


def test_list_key_and_enter_opens(corpus, tmp_path):
    app = reader(corpus, tmp_path)
    seen = []

    async def script(pilot):
        await pilot.press("l")
        await pilot.pause()
        seen.append(type(app.screen).__name__)
        seen.append(screen_text(app))
        await pilot.press("k", "enter")
        await pilot.pause()
        seen.append((type(app.screen).__name__, app.article.id))

    drive(app, (80, 24), script)
    assert seen[0] == "ListScreen"
    assert "sentences" in seen[1] and "000" in seen[1]
    assert seen[2] == ("ReaderScreen", "000")


def test_no_id_opens_the_list(corpus, tmp_path):
    from readcli.render.reader_app import ReaderApp

    app = ReaderApp(sources_for(corpus, tmp_path), None)
    seen = []

    async def script(pilot):
        seen.append(type(app.screen).__name__)
        await pilot.press("escape")  # nothing to go back to
        seen.append(type(app.screen).__name__)
        await pilot.press("j", "enter")
        await pilot.pause()
        seen.append(app.article.id)

    drive(app, (80, 24), script)
    assert seen == ["ListScreen", "ListScreen", "004"]


def test_help_and_quit_keys(corpus, tmp_path):
    app = reader(corpus, tmp_path)
    seen = []

    async def script(pilot):
        await pilot.press("question_mark")
        seen.append(screen_text(app))
        await pilot.press("escape")
        seen.append(type(app.screen).__name__)
        await pilot.press("j", "q")

    drive(app, (80, 24), script)
    assert "next / previous sentence" in seen[0] and "/  n / N" in seen[0]
    assert seen[1] == "ReaderScreen"
    assert app.return_code == 0 and not app.interrupted
    app.save_position()
    from readcli.reading import article_key

    assert app.sources.positions.load(article_key(load(corpus, "004"))) == 2


def test_the_position_is_saved_while_reading(corpus, tmp_path, monkeypatch):
    """Not only on leaving: a reader that is killed loses a few seconds at most."""
    from readcli.reading import article_key
    from readcli.render.reader_app import ReaderApp

    monkeypatch.setattr(ReaderApp, "SAVE_EVERY", 0.1)
    app = reader(corpus, tmp_path)
    key = article_key(load(corpus, "004"))
    seen = []

    async def script(pilot):
        await pilot.press("j", "j", "j")
        await pilot.pause(0.4)
        seen.append(app.sources.positions.load(key))

    drive(app, (80, 24), script)
    assert seen == [4]


def test_ctrl_c_leaves_with_130(corpus, tmp_path):
    app = reader(corpus, tmp_path)

    async def script(pilot):
        await pilot.press("ctrl+c")

    drive(app, (80, 24), script)
    assert app.interrupted and app.return_code == 130


def test_a_crash_is_kept_for_one_line(corpus, tmp_path, monkeypatch):
    from readcli.render.reader_app import ReaderApp

    def boom(self, step):
        raise ZeroDivisionError("planted")

    monkeypatch.setattr(ReaderApp, "move_sentence", boom)
    app = reader(corpus, tmp_path)

    async def script(pilot):
        await pilot.press("j")

    with pytest.raises(ZeroDivisionError):  # run_test re-raises it; `read` turns it into one line
        drive(app, (80, 24), script)
    assert isinstance(app.failure, ZeroDivisionError) and app.return_code == 1


def test_hostile_text_reaches_the_screen_inert(tmp_path):
    from readcli.corpus import text_article
    from readcli.render.reader_app import ReaderApp, ReaderSources

    article = text_article("عنوان \x1b]0;owned\x07 خبر \x1b[2J نهاية\u202e.\nسطر \x9b31m آخر.\n")
    app = ReaderApp(ReaderSources(), article)
    texts = []

    async def script(pilot):
        texts.append(screen_text(app))

    drive(app, (60, 12), script)
    assert "\x1b" not in texts[0] and "\x9b" not in texts[0] and "\u202e" not in texts[0]
    assert "␛]0;owned␇" in texts[0] and "<U+009B>" in texts[0]


# --- snapshots -----------------------------------------------------------------------------------


def check_snapshot(name: str, text: str) -> None:
    path = SNAPSHOTS / f"reader-{name}.txt"
    if os.environ.get("READCLI_UPDATE_SNAPSHOTS"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(text + "\n", encoding="utf-8")
    assert path.exists(), f"no snapshot {path.name}: run with READCLI_UPDATE_SNAPSHOTS=1"
    assert text + "\n" == path.read_text(encoding="utf-8")


def test_snapshot_first_screen(corpus, tmp_path):
    app = reader(corpus, tmp_path)
    texts = []

    async def script(pilot):
        texts.append(screen_text(app))

    drive(app, (80, 24), script)
    check_snapshot("004-80x24", texts[0])


def test_snapshot_narrow_with_panes(corpus, tmp_path):
    """40 columns: the panes are stacked under the article."""
    app = reader(corpus, tmp_path, sentence=2, word=3, lookup=True, english=True)
    texts = []

    async def script(pilot):
        await settle(pilot, app, lambda: "استماع" in app.lookups and 1 in app.english)
        texts.append(screen_text(app))

    drive(app, (40, 30), script)
    check_snapshot("004-40x30-panes", texts[0])


def test_snapshot_wide_with_glosses(corpus, tmp_path):
    app = reader(corpus, tmp_path, sentence=3, gloss=True)
    texts = []

    async def script(pilot):
        await settle(pilot, app, lambda: 2 in app.glosses)
        texts.append(screen_text(app))

    drive(app, (120, 30), script)
    check_snapshot("004-120x30-gloss", texts[0])


def test_snapshot_help_and_list(corpus, tmp_path):
    app = reader(corpus, tmp_path)
    texts = []

    async def script(pilot):
        await pilot.press("question_mark")
        texts.append(screen_text(app))
        await pilot.press("escape", "l")
        await settle(pilot, app, lambda: True)
        texts.append(screen_text(app))

    drive(app, (80, 24), script)
    check_snapshot("help-80x24", texts[0])
    check_snapshot("list-80x24", texts[1])


# --- the command -----------------------------------------------------------------------------------


def test_read_off_a_terminal_is_one_line_exit_2(cli):
    result = cli("read", "004")
    line = one_error_line(result, "needs a terminal", "show", code=2, stdout_empty=True)
    assert line.startswith("readcli: error: `read` needs a terminal")
