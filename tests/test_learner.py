"""The learner's loop: known words by lemma, coverage, study with FSRS, Anki export.

Through the real CLI, the real lexicon and a real SQLite store in the test's data folder.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import zipfile

import pytest
from helpers import one_error_line

SMALL = "زار السفير مدينة طرابلس.\nالسفير يحب المدينة وسفيرها في المدينة مع سفراء آخرين.\n"


def ok(result) -> str:
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result.stdout


def tsv(text: str) -> list[list[str]]:
    return [line.split("\t") for line in text.splitlines()]


@pytest.fixture
def small(tmp_path):
    path = tmp_path / "small.txt"
    path.write_text(SMALL, encoding="utf-8")
    return path


def gloss_status(cli, ref) -> dict[str, str]:
    return {row[0]: row[3] for row in tsv(ok(cli("show", str(ref), "--gloss")))}


# --- known words by lemma ------------------------------------------------------------------


def test_forms_of_one_lemma_share_their_status(cli, small):
    assert set(gloss_status(cli, small).values()) == {"new"}
    ok(cli("known", "add", "وبالسفير"))  # a form with two proclitics marks the lemma
    status = gloss_status(cli, small)
    for form in ("السفير", "وسفيرها", "سفراء"):  # article, enclitic, broken plural
        assert status[form] == "known", form
    assert status["مدينة"] == status["المدينة"] == "new"
    rows = tsv(ok(cli("known", "list")))
    assert rows == [["سَفِير", "known", "وبالسفير", rows[0][3], "safiyr_1"]]
    dt.date.fromisoformat(rows[0][3])


def test_a_broken_plural_is_matched_through_the_lexicon(cli, small):
    ok(cli("known", "add", "سفراء", "--learning"))
    status = gloss_status(cli, small)
    assert status["السفير"] == status["وسفيرها"] == "learning"
    ok(cli("known", "add", "السفير"))  # learning -> known: one lemma, no second row
    assert [r[:2] for r in tsv(ok(cli("known", "list")))] == [["سَفِير", "known"]]


def test_remove_and_ignore(cli, small):
    ok(cli("known", "add", "مدينة", "السفير"))
    ok(cli("known", "remove", "سفيرها"))
    assert {r[4] for r in tsv(ok(cli("known", "list")))} == {"madiynap_1"}
    result = cli("known", "add", "ترامب", "--ignore")
    assert "no analysis" in ok(result) + result.stderr
    assert ["ترامب", "ignored", "ترامب"] == tsv(ok(cli("known", "list", "--status", "ignored")))[0][:3]


def test_a_word_with_several_readings_takes_lemma_or_the_likeliest_with_a_note(cli):
    result = cli("known", "add", "عام", "--lemma", "EAm~_1")
    ok(result)
    assert tsv(ok(cli("known", "list")))[0][4] == "EAm~_1"
    result = cli("known", "add", "كتب")
    ok(result)
    assert "--lemma" in result.stderr
    one_error_line(cli("known", "add", "عام", "--lemma", "بيت"), "not a reading of عام", code=2)


# --- coverage --------------------------------------------------------------------------------


def test_coverage_matches_a_hand_count(cli, small):
    # Running content words (function words في، مع and the light آخرين left out), counted by hand:
    # زار، السفير، مدينة، طرابلس، السفير، يحب، المدينة، وسفيرها، المدينة، سفراء = 10.
    rows = tsv(ok(cli("coverage", str(small))))
    assert [(r[6], r[1], r[5]) for r in rows] == [
        ("safiyr_1", "4", "السفير"), ("madiynap_1", "3", "مدينة"), ("zAr-u_1", "1", "زار"),
        ("TarAbulus_1", "1", "طرابلس"), ("Hab~i_1", "1", "يحب"),
    ]
    ok(cli("known", "add", "سفير"))
    assert [r[6] for r in tsv(ok(cli("coverage", str(small))))] == ["madiynap_1", "zAr-u_1", "TarAbulus_1", "Hab~i_1"]
    terminal = ok(cli("coverage", str(small), "-f", "table"))
    assert terminal.splitlines()[0] == "small: 40.0% of 10 running content words known; 4 of 5 lemmas to learn"


def test_list_gets_a_last_known_column_once_the_store_has_words(cli, corpus):
    before = tsv(ok(cli("list")))
    assert [len(r) for r in before] == [8, 8] and {r[-1] for r in before} == {""}  # known: the last column
    (corpus / "005_small.txt").write_text(SMALL, encoding="utf-8")
    ok(cli("known", "add", "السفير"))
    rows = {r[0]: r for r in tsv(ok(cli("list")))}
    assert rows["005"][-1] == "40.0%"  # 4 of 10, as counted by hand above
    assert [r[:-1] for r in tsv(ok(cli("list"))) if r[0] != "005"] == [r[:-1] for r in before]
    ok(cli("known", "add", "مدينة"))
    assert {r[0]: r for r in tsv(ok(cli("list")))}["005"][-1] == "70.0%"  # the cache follows the store
    # Names in the corpus glossary count as ignored: طرابلس.
    (corpus / "glossary.tsv").write_text("طرابلس\tTripoli\n", encoding="utf-8")
    assert {r[0]: r for r in tsv(ok(cli("list")))}["005"][-1] == "80.0%"
    assert gloss_status(cli, "005")["طرابلس"] == "ignored"


def test_list_coverage_is_the_same_without_the_index(cli, corpus, isolated_homes):
    (corpus / "005_small.txt").write_text(SMALL, encoding="utf-8")
    ok(cli("known", "add", "السفير"))
    with_index = ok(cli("list"))
    (isolated_homes / "search").rename(isolated_homes / "search-away")
    (isolated_homes / "search").write_text("not a folder")  # the index cannot be made
    assert ok(cli("list")) == with_index


# --- study -----------------------------------------------------------------------------------


def test_fsrs_due_dates_move_as_graded():
    from readcli.learner.study import grade, new_state

    start = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    state, due = new_state(start)
    assert due == "2026-01-01T00:00:00+00:00"
    dues = [dt.datetime.fromisoformat(grade(state, rating, start).due) for rating in (1, 2, 3, 4)]
    assert dues == sorted(dues) and len(set(dues)) == 4, dues  # again < hard < good < easy
    assert dues[3] - start >= dt.timedelta(days=1)
    # Good again and again: each next review further away.
    moment, intervals = start, []
    for _ in range(4):
        graded = grade(state, 3, moment)
        state, moment = graded.state, dt.datetime.fromisoformat(graded.due)
        intervals.append(graded.interval)
    assert intervals == sorted(intervals) and intervals[-1] > dt.timedelta(days=2), intervals
    assert json.loads(state)["stability"] > 0


def test_study_add_makes_cards_for_the_most_frequent_unknown_lemmas(cli, small):
    ok(cli("known", "add", "مدينة"))
    result = cli("study", "add", str(small), "--top", "2")
    assert "2 cards added" in ok(result) + result.stderr
    rows = tsv(ok(cli("study", "--due")))
    assert sorted(r[6] for r in rows) == ["safiyr_1", "zAr-u_1"]
    assert {r[4] for r in rows} == {"small"}
    statuses = {r[4]: r[1] for r in tsv(ok(cli("known", "list")))}
    assert statuses == {"madiynap_1": "known", "safiyr_1": "learning", "zAr-u_1": "learning"}
    ok(cli("study", "add", str(small), "--top", "2"))  # the next two: no second card for a lemma
    keys = sorted(r[6] for r in tsv(ok(cli("study", "--due"))))
    assert keys == ["Hab~i_1", "TarAbulus_1", "safiyr_1", "zAr-u_1"]


def test_study_add_words_makes_cards_without_a_sentence(cli):
    result = cli("study", "add", "سفراء", "مدينة", "بوقادوم")
    assert "3 cards added" in ok(result) + result.stderr
    rows = {r[6]: r for r in tsv(ok(cli("study", "--due")))}
    assert sorted(rows) == ["?بوقادوم", "madiynap_1", "safiyr_1"]
    assert rows["safiyr_1"][:3] == ["سَفِير", "سفراء", "ambassadors"]  # the plural stem's gloss and rows["safiyr_1"][4:6] == ["", ""]
    one_error_line(cli("study", "add", "004", "السفير"), "not both", code=2)


def test_study_loop_in_a_pty(corpus, isolated_homes):
    from pty_run import run_with_pty, strip_ansi

    from readcli.learner.store import LearnerStore

    env = {"READCLI_HOME": str(isolated_homes)}
    run_with_pty(["--corpus", str(corpus), "study", "add", "004", "--top", "3"], env=env)
    # Card 1: show, grade 3 (good); card 2: show, grade 4 (easy); card 3: q stops.
    out, _ = run_with_pty(["--corpus", str(corpus), "study"], stdin_tty=True, keys=b" 3 4q", env=env)
    text = strip_ansi(out)
    assert "card 1 of 3" in text and "card 2 of 3" in text and "card 3 of 3" in text
    assert "Algeria" in text and "grade: 1 again" in text
    assert "2 reviewed, 1 still due" in text
    with LearnerStore.open() as store:
        assert store.review_count() == 2
        now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        assert len(store.cards(due_before=now)) == 1
        ratings = [r[0] for r in store.connection.execute("SELECT rating FROM reviews ORDER BY id")]
    assert ratings == [3, 4]


def test_the_known_and_due_views_tsv_rows(cli):
    """The pipe contract of `known list` and `study --due` (tests/test_views.py pins the rest)."""
    from readcli.render import views

    ok(cli("known", "add", "سفراء"))
    ok(cli("study", "add", "004", "--top", "1"))
    today = dt.datetime.now(dt.timezone.utc).date().isoformat()
    assert sorted(ok(cli("known", "list")).splitlines()) == [  # the card's lemma became learning
        f"جَزائِر\tlearning\tوالجزائر\t{today}\tjazA}}ir_1", f"سَفِير\tknown\tسفراء\t{today}\tsafiyr_1",
    ]
    assert len(views.KNOWN.names) == 5
    (due,) = tsv(ok(cli("study", "--due")))
    assert due[:3] + due[4:] == ["جَزائِر", "والجزائر", "Algeria", "004", "1", "jazA}ir_1"]
    assert dt.datetime.fromisoformat(due[3]) <= dt.datetime.now(dt.timezone.utc)
    assert len(views.DUE.names) == 7


def test_study_off_a_terminal_points_at_due(cli):
    one_error_line(cli("study"), "study --due", code=2)


# --- Anki ------------------------------------------------------------------------------------


def notes_of(apkg) -> tuple[list[tuple[str, list[str]]], dict]:
    with zipfile.ZipFile(apkg) as archive:
        assert "collection.anki2" in archive.namelist()
        data = archive.read("collection.anki2")
    path = apkg.with_suffix(".anki2")
    path.write_bytes(data)
    with sqlite3.connect(path) as db:
        notes = [(guid, flds.split("\x1f")) for guid, flds in db.execute("SELECT guid, flds FROM notes ORDER BY id")]
        models = json.loads(db.execute("SELECT models FROM col").fetchone()[0])
    return notes, models


def test_apkg_is_a_zip_holding_a_collection_with_the_notes(cli, small, tmp_path):
    deck = tmp_path / "deck.apkg"
    ok(cli("known", "add", "مدينة"))
    ok(cli("export", "anki", str(small), "-o", str(deck)))
    notes, models = notes_of(deck)
    fields = {f[7]: f for _, f in notes}
    assert sorted(fields) == ["Hab~i_1", "TarAbulus_1", "safiyr_1", "zAr-u_1"]  # unknown only
    assert fields["safiyr_1"] == [
        "السفير", "سَفِير", "ambassador", "NOUN", "زار <b>السفير</b> مدينة طرابلس.", "", "small زار السفير مدينة طرابلس.",
        "safiyr_1",
    ]
    (model,) = models.values()
    assert [f["name"] for f in model["flds"]] == ["Arabic", "Lemma", "Gloss", "POS", "Sentence", "English", "Source", "Key"]
    assert [f["rtl"] for f in model["flds"]][:3] == [True, True, False]
    assert 'dir="rtl"' in model["tmpls"][0]["qfmt"]
    # Again, with --only all: the same GUIDs for the same lemmas, plus the known one.
    again = tmp_path / "again.apkg"
    ok(cli("export", "anki", str(small), "-o", str(again), "--only", "all"))
    guids = {f[7]: g for g, f in notes}
    guids_again = {f[7]: g for g, f in notes_of(again)[0]}
    assert set(guids_again) == set(guids) | {"madiynap_1"}
    assert all(guids_again[k] == guids[k] for k in guids)


def test_anki_tsv_has_the_import_header_lines(cli, small):
    out = ok(cli("export", "anki", str(small), "-f", "tsv", "--only", "learning"))
    assert out.splitlines()[:3] == ["#separator:tab", "#html:true", "#guid column:9"]
    ok(cli("known", "add", "سفير", "--learning"))
    lines = ok(cli("export", "anki", str(small), "-f", "tsv", "--only", "learning")).splitlines()
    body = [line for line in lines if not line.startswith("#")]
    assert len(body) == 1
    cells = body[0].split("\t")
    assert cells[:2] == ["السفير", "سَفِير"] and cells[7] == "safiyr_1" and len(cells) == 9
    from readcli.learner.anki import guid

    assert cells[8] == guid("safiyr_1")


# --- import, export, bad input ---------------------------------------------------------------


def test_import_one_word_per_line_reports_matches_and_words_without_analysis(cli, tmp_path):
    words = tmp_path / "words.txt"
    words.write_text("السفير\nسفراء\nمدينة\nبوقادوم\n\nالمدن\n", encoding="utf-8")
    result = cli("known", "import", str(words))
    assert ok(result) == "بوقادوم\n"  # the word without an analysis
    assert "5 words: 4 matched 2 lemmas" in result.stderr and "1 had no analysis" in result.stderr
    assert {r[4] for r in tsv(ok(cli("known", "list")))} == {"safiyr_1", "madiynap_1", "?بوقادوم"}


def test_import_an_anki_export_by_column_and_a_lute_csv_by_header(cli, tmp_path):
    anki = tmp_path / "anki.txt"
    anki.write_text("#separator:tab\n#html:true\nhello\t<b>السفير</b>\nworld\tمدينة&nbsp;\n", encoding="utf-8")
    ok(cli("known", "import", str(anki), "--column", "2"))
    lute = tmp_path / "lute.csv"
    lute.write_text('language,term,translation\nArabic,"طرابلس",Tripoli\nArabic,زار,visit\n', encoding="utf-8")
    ok(cli("known", "import", str(lute), "--column", "term", "--ignore"))
    statuses = {r[4]: r[1] for r in tsv(ok(cli("known", "list")))}
    assert statuses == {"safiyr_1": "known", "madiynap_1": "known", "TarAbulus_1": "ignored", "zAr-u_1": "ignored"}


def test_export_then_import_restores_the_store(cli, tmp_path, isolated_homes):
    ok(cli("known", "add", "السفير", "مدينة"))
    ok(cli("known", "add", "زار", "--learning"))
    exported = ok(cli("known", "export"))
    assert exported.splitlines()[0] == "key\tstatus\tlemma\tform\tadded"
    before = ok(cli("known", "list"))
    (isolated_homes / "learner.sqlite3").unlink()
    path = tmp_path / "known.tsv"
    path.write_text(exported, encoding="utf-8")
    ok(cli("known", "import", str(path)))
    assert ok(cli("known", "list")) == before


@pytest.mark.parametrize(
    "content, needle",
    [
        (None, "no such file"),
        (b"", "empty file"),
        (b"caf\xe9 na\xefve\nr\xe9sum\xe9\n", "not UTF-8"),
        ("hello\nworld\nfoo\nالسفير\n".encode(), "mostly not Arabic"),
    ],
    ids=["missing", "empty", "not-utf8", "mostly-latin"],
)
def test_bad_word_lists_get_one_error_line(cli, tmp_path, content, needle, isolated_homes):
    path = tmp_path / "list.txt"
    if content is not None:
        path.write_bytes(content)
    one_error_line(cli("known", "import", str(path)), needle, stdout_empty=True)
    assert not (isolated_homes / "learner.sqlite3").exists() or ok(cli("known", "list")) == ""


def test_bad_words_get_one_error_line(cli):
    one_error_line(cli("known", "add", "hello"), "not an Arabic word", code=2)
    one_error_line(cli("known", "list", "--status", "old"), "--status", code=2)
    one_error_line(cli("export", "anki", "004"), "-o deck.apkg", code=2)


# --- terminals: the reading asked for, Ctrl-C in study, unknown words marked -------------------


def _drive(args, home, *, until: list[tuple[bytes, bytes]], env=None, timeout=60):
    """Run readcli on a pty (stdin and stdout); each time the output holds the next marker, type
    its keys (None: send it SIGINT, as Ctrl-C would). Returns (output, exit code)."""
    import sys
    import time

    from readcli.testing.terminal import PtySession

    term = PtySession([sys.executable, "-m", "readcli", *args], columns=100,
                      env={"READCLI_HOME": str(home), **(env or {})})
    deadline = time.monotonic() + timeout
    for marker, keys in until:
        if not term.read_until(lambda text, marker=marker: marker.decode("utf-8") in text, max(0.0, deadline - time.monotonic())):
            break
        if keys is None:
            term.interrupt()
        else:
            term.send(keys)
    code = term.finish(max(1.0, deadline - time.monotonic()))
    return term.text, code


def test_known_add_asks_which_reading_on_a_terminal(isolated_homes):
    from readcli.learner.store import LearnerStore

    out, code = _drive(["known", "add", "عام"], isolated_homes, until=[(b"which one?", b"2\n")])
    assert code == 0, out
    assert "2 readings" in out
    with LearnerStore.open() as store:
        (word,) = store.words()
    from readcli.dictionary import lexicon
    from readcli.learner.lemmas import readings

    assert word.key == readings("عام", lexicon())[1].key  # the second one offered


def test_ctrl_c_in_study_keeps_the_reviews_given(corpus, isolated_homes):
    from readcli.learner.store import LearnerStore

    _drive(["--corpus", str(corpus), "study", "add", "004", "--top", "3"], isolated_homes, until=[])
    out, code = _drive(
        ["--corpus", str(corpus), "study"], isolated_homes,
        until=[(b"show the answer", b" "), (b"grade:", b"3"), (b"card 2 of 3", None)],
    )
    assert code == 130, out
    assert "every review given so far is saved" in out and "Traceback" not in out
    with LearnerStore.open() as store:
        assert store.review_count() == 1
        assert len(store.cards()) == 3


def test_show_unknown_underlines_unknown_words_only(corpus, isolated_homes, cli):
    from pty_run import run_with_pty

    ok(cli("known", "add", "السفير"))
    env = {"READCLI_HOME": str(isolated_homes), "READCLI_BIDI": "app"}  # readcli reorders (not the terminal)
    out, _ = run_with_pty(["--corpus", str(corpus), "show", "004", "--unknown"], env=env)
    underlined = {m for m in __import__("re").findall("\x1b\\[4m([^\x1b]*)\x1b\\[0m", out)}
    from readcli.render.rtl import to_visual

    assert to_visual("الأمريكي،") in underlined  # a new word (with its comma)
    assert to_visual("السفير") not in underlined and to_visual("السفير") in out  # known: plain
    plain, _ = run_with_pty(["--corpus", str(corpus), "show", "004"], env=env)
    assert "\x1b[4m" not in plain
    ok(cli("known", "config", "show-unknown", "on"))  # the setting makes --unknown the default
    assert ok(cli("known", "config")) == "show-unknown\ton\npromote\toff\n"
    marked, _ = run_with_pty(["--corpus", str(corpus), "show", "004"], env=env)
    assert marked == out
    unmarked, _ = run_with_pty(["--corpus", str(corpus), "show", "004", "--no-unknown"], env=env)
    assert unmarked == plain


def test_marked_words_are_bold_under_no_color(monkeypatch):
    from readcli.render.marked import marked_lines
    from readcli.render.rtl import rtl_lines

    text = "زار السفير مدينة طرابلس"
    lines = marked_lines(text, 40, {1})
    assert [line.plain for line in lines] == rtl_lines(text, 40)
    assert [(s.style, lines[0].plain[s.start:s.end]) for s in lines[0].spans] == [("underline", "ﺮﻴﻔﺴﻟﺍ")]
    monkeypatch.setenv("NO_COLOR", "1")
    assert [s.style for s in marked_lines(text, 40, {1})[0].spans] == ["bold"]


def test_promote_moves_an_easy_mature_card_to_known():
    import fsrs

    from readcli.learner.study import grade

    start = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    mature = fsrs.Card(state=fsrs.State.Review, stability=40.0, difficulty=5.0, due=start,
                       last_review=start - dt.timedelta(days=30))
    state = json.dumps(mature.to_dict())
    assert grade(state, 4, start).promote
    assert not grade(state, 3, start).promote or grade(state, 3, start).interval >= dt.timedelta(days=21)
    young = json.dumps(fsrs.Card(due=start).to_dict())
    assert not grade(young, 4, start).promote  # easy, but the next review is days away, not weeks


def test_marked_lines_in_the_terminal_bidi_mode_are_logical():
    from readcli.render.marked import marked_lines
    from readcli.render.rtl import logical_order, rtl_lines

    text = "زار السفير مدينة طرابلس"
    with logical_order():
        lines = marked_lines(text, 40, {1})
        assert [line.plain for line in lines] == rtl_lines(text, 40) == [text]
    assert [lines[0].plain[s.start:s.end] for s in lines[0].spans] == ["السفير"]


def test_the_sentence_english_comes_from_the_translation_memory(cli, argos_package_file):
    """The back of a card and the note's English field: what `translate` stored for the sentence
    (the random-weight model's English is noise: only its place is checked)."""
    import html
    import re

    ok(cli("models", "install", str(argos_package_file)))
    before = [line.split("\t") for line in ok(cli("export", "anki", "004", "-f", "tsv")).splitlines() if line[:1] != "#"]
    assert before and all(cells[5] == "" for cells in before)  # nothing translated yet
    english = {ar: en for _, _, ar, en in tsv(ok(cli("translate", "004", "-f", "tsv")))}
    notes = [line.split("\t") for line in ok(cli("export", "anki", "004", "-f", "tsv")).splitlines() if line[:1] != "#"]
    for cells in notes:
        sentence = html.unescape(re.sub("</?b>", "", cells[4]))
        assert cells[5] == html.escape(english[sentence]) and cells[5], cells
    ok(cli("study", "add", "004", "--top", "2"))
    from readcli.learner.store import LearnerStore

    with LearnerStore.open() as store:
        cards = store.cards()
    assert len(cards) == 2 and all(card.english and card.english in english.values() for card in cards)
