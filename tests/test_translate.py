"""`readcli translate` and `show --bilingual` with a real (random-weight) Argos package.

The package's English is noise: these tests check alignment, formats, the memory, resuming,
glossary enforcement and errors, never translation quality.
"""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import default_sigint, one_error_line
from pty_run import run_with_pty, strip_ansi

from readcli.sentences import segment

ARTICLE_000 = "000_65d835dc9d7ef3aa.txt"


@pytest.fixture
def installed(cli, argos_package_file):
    result = cli("models", "install", str(argos_package_file))
    assert result.exit_code == 0, result.stderr
    return argos_package_file


@pytest.fixture
def engine_calls(monkeypatch):
    """Records the sentences of each batch the engine is given (the real method still runs)."""
    from readcli.translate.engine import Engine

    calls: list[list[str]] = []
    real = Engine.submit

    def spy(self, sentences, **kwargs):
        calls.append(list(sentences))
        return real(self, sentences, **kwargs)

    monkeypatch.setattr(Engine, "submit", spy)
    return calls


def jsonl(result) -> list[dict]:
    assert result.exit_code == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def memory_rows(home: Path) -> int:
    with sqlite3.connect(home / "memory.sqlite3") as db:
        return db.execute("SELECT count(*) FROM translations").fetchone()[0]


def corpus_sentence_count(cli) -> int:
    return sum(len(cli("sentences", i).stdout.splitlines()) for i in ("000", "004"))


def test_no_package_is_one_line(cli):
    one_error_line(cli("translate", "004"), "readcli models install")
    one_error_line(cli("show", "004", "--bilingual"), "readcli models install")


def test_translate_texts_api(installed):
    from readcli.translate.pipeline import translate_texts

    out = translate_texts(["محمد بن سلمان", "قال الرئيس. ثم عاد.", ""])
    assert len(out) == 3 and all(isinstance(t, str) for t in out)
    assert out[2] == ""
    assert translate_texts(["محمد بن سلمان"]) == out[:1]  # from the memory, same text


def test_translate_texts_without_package_raises_model_error():
    from readcli.errors import ModelError
    from readcli.translate.pipeline import translate_texts

    with pytest.raises(ModelError, match="readcli models install"):
        translate_texts(["سلام"])


def test_jsonl_is_aligned_with_the_splitter(cli, installed):
    records = jsonl(cli("translate", "--all", "-f", "jsonl"))
    for article in ("000", "004"):
        mine = [r for r in records if r["article"] == article]
        assert [r["ar"] for r in mine] == cli("sentences", article).stdout.splitlines()
        assert [r["sentence"] for r in mine] == list(range(1, len(mine) + 1))
        assert all(set(r) == {"article", "sentence", "ar", "en"} for r in mine)
        assert all(r["en"] and isinstance(r["en"], str) for r in mine)
    assert [r["article"] for r in records] == sorted(r["article"] for r in records)


def test_tsv_text_md_and_output_dir(cli, installed, corpus, tmp_path):
    lines = cli("translate", "004", "-f", "tsv").stdout.splitlines()
    rows = [line.split("\t") for line in lines]
    assert all(len(r) == 4 for r in rows)
    assert [r[2] for r in rows] == cli("sentences", "004").stdout.splitlines()
    assert [r[0] for r in rows] == ["004"] * len(rows)
    text = (corpus / ARTICLE_000).read_text(encoding="utf-8")
    paragraphs = {s.paragraph for s in segment(text)}
    english = cli("translate", "000", "-f", "text")
    assert english.exit_code == 0 and len(english.stdout.splitlines()) == len(paragraphs)
    md = cli("translate", "000", "-f", "md").stdout.splitlines()
    assert md[0] == "## 000" and md[2] == "| # | Arabic | English |"
    # A | in a value is escaped: it never adds a column.
    piped = cli("translate", "--text", "الجزائر | المغرب", "-f", "md").stdout.splitlines()
    assert piped[4].startswith("| 1 | الجزائر \\| المغرب | ")
    assert all(len(re.findall(r"(?<!\\)\|", row)) == 4 for row in piped[2:])
    assert len([l for l in md if l.startswith("| ") and l[2].isdigit()]) == len(segment(text))
    out = tmp_path / "out"
    result = cli("translate", "--all", "-f", "jsonl", "--output-dir", str(out))
    assert result.exit_code == 0 and result.stdout == ""
    assert sorted(p.name for p in out.iterdir()) == ["000.jsonl", "004.jsonl"]
    assert (out / "004.jsonl").read_text(encoding="utf-8") == cli("translate", "004", "-f", "jsonl").stdout


def test_memory_makes_the_second_run_translate_nothing(cli, installed, engine_calls, isolated_homes):
    total = corpus_sentence_count(cli)
    first = jsonl(cli("translate", "--all", "-f", "jsonl"))
    assert sum(len(c) for c in engine_calls) == len({r["ar"] for r in first})
    assert memory_rows(isolated_homes) == len({" ".join(r["ar"].split()) for r in first})
    engine_calls.clear()
    second = jsonl(cli("translate", "--all", "-f", "jsonl"))
    assert engine_calls == [] and second == first and len(second) == total
    # --no-cache translates everything again, gets the same (deterministic) output, stores nothing.
    fresh = jsonl(cli("translate", "--all", "-f", "jsonl", "--no-cache"))
    assert fresh == first and sum(len(c) for c in engine_calls) == len({r["ar"] for r in first})
    # Another beam size is another key.
    engine_calls.clear()
    assert cli("translate", "000", "--beam", "2").exit_code == 0
    assert engine_calls
    flags = [l.split("\t")[4] for l in cli("list", "-f", "tsv").stdout.splitlines()]
    assert flags == ["yes", "yes"]


def test_list_flags_follow_the_memory(cli, installed):
    assert [l.split("\t")[4] for l in cli("list", "-f", "tsv").stdout.splitlines()] == ["no", "no"]
    assert cli("translate", "004").exit_code == 0
    assert [l.split("\t")[4] for l in cli("list", "-f", "tsv").stdout.splitlines()] == ["no", "yes"]


def test_interrupt_at_a_batch_boundary_then_resume(cli, installed, monkeypatch, engine_calls, isolated_homes):
    """KeyboardInterrupt while the third batch is handed over: exit 130, one line; what was
    stored (the first batch at least) is not translated again, and nothing is lost or doubled."""
    from readcli.translate.engine import Engine

    spy = Engine.submit

    def interrupted(self, sentences, **kwargs):
        if len(engine_calls) == 2:
            raise KeyboardInterrupt
        return spy(self, sentences, **kwargs)

    monkeypatch.setattr(Engine, "submit", interrupted)
    one_error_line(cli("translate", "--all", "--batch-size", "5", "--read-ahead", "4"), "interrupted", code=130)
    kept = memory_rows(isolated_homes)
    assert kept in (5, 10)  # the first batch; the second too if CTranslate2 had finished it
    monkeypatch.setattr(Engine, "submit", spy)
    engine_calls.clear()
    records = jsonl(cli("translate", "--all", "-f", "jsonl", "--batch-size", "5"))
    redone = [s for call in engine_calls for s in call]
    assert len(redone) == len(set(redone)) == len({r["ar"] for r in records}) - kept
    assert memory_rows(isolated_homes) == len({r["ar"] for r in records})


def test_interrupt_while_waiting_keeps_the_finished_batch(cli, installed, monkeypatch, isolated_homes):
    """Ctrl-C lands while the second batch is awaited: CTranslate2 finished it, so it is stored
    with the first (10 rows), not lost with the interrupt."""
    from readcli.translate.engine import Pending

    real = Pending.outputs
    waits: list[int] = []

    def interrupted(self):
        outputs = real(self)
        waits.append(len(outputs))
        if len(waits) == 2:
            raise KeyboardInterrupt
        return outputs

    monkeypatch.setattr(Pending, "outputs", interrupted)
    one_error_line(cli("translate", "--all", "--batch-size", "5", "--read-ahead", "4"), "interrupted", code=130)
    assert memory_rows(isolated_homes) == 10


def test_sigint_in_a_real_process_resumes(corpus, installed, isolated_homes):
    """A subprocess interrupted by SIGINT after its first committed batch exits 130, one line."""
    # Enough sentences that the run is still going when its first batch is committed: the test
    # never has a reason to skip itself.
    words = "قال الرئيس إن الاجتماع كان مثمرا وأضاف أن المحادثات ستستمر في العاصمة".split()
    many = "\n".join(f"{' '.join(words[i % 7 : i % 7 + 5])} رقم {i}." for i in range(400))
    (corpus / "100_many.txt").write_text(many + "\n", encoding="utf-8")
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-m", "readcli", "--corpus", str(corpus), "translate", "--all"]
    proc = subprocess.Popen(
        [*command, "--batch-size", "1"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        preexec_fn=default_sigint,
    )
    database = isolated_homes / "memory.sqlite3"
    deadline = time.monotonic() + 30
    rows = 0
    while time.monotonic() < deadline and proc.poll() is None:
        if database.exists():
            try:
                rows = memory_rows(isolated_homes)
            except sqlite3.Error:
                rows = 0
            if rows >= 1:
                proc.send_signal(signal.SIGINT)
                break
        time.sleep(0.005)
    out, err = proc.communicate(timeout=60)
    assert rows >= 1, "no batch was committed within 30 s"
    one_error_line(subprocess.CompletedProcess(command, proc.returncode, out, err), "interrupted", code=130)
    kept = memory_rows(isolated_homes)
    assert kept >= 1
    again = subprocess.run(command, env=env, capture_output=True, text=True)
    assert again.returncode == 0
    assert memory_rows(isolated_homes) > kept


def test_stdin(cli, installed):
    text = "قال الرئيس إن الاجتماع كان مثمرا. وأضاف أن المحادثات ستستمر.\nسطر ثان بلا نقطة"
    records = jsonl(cli("translate", "-", "-f", "jsonl", input=text.encode("utf-8")))
    assert [r["ar"] for r in records] == [s.text for s in segment(text)]
    assert {r["article"] for r in records} == {"-"}
    assert [r["sentence"] for r in records] == [1, 2, 3]


def test_usage_errors(cli, installed):
    one_error_line(cli("translate", "999"), "no article '999'", code=2)
    one_error_line(cli("translate", "004", "--all"), "not both", code=2)
    one_error_line(cli("translate"), "--all", code=2)
    one_error_line(cli("translate", "004", "004"), "more than once", code=2)


def test_corrupt_memory_is_one_line_with_the_way_out(cli, installed, isolated_homes):
    database = isolated_homes / "memory.sqlite3"
    database.write_bytes(b"SQLite format 3\x00" + os.urandom(4096))
    line = one_error_line(cli("translate", "004"), str(database), "readcli memory clear")
    assert "unreadable" in line
    assert cli("list", "-f", "tsv").exit_code == 0  # listing still works
    cleared = cli("cache", "clear")
    assert cleared.exit_code == 0 and not database.exists()
    assert cli("translate", "004").exit_code == 0
    info = cli("cache", "info", "-f", "tsv")
    assert info.stdout.strip().split("\t") == [str(database), str(len(cli("sentences", "004").stdout.splitlines()))]


def test_show_bilingual_on_a_pipe_is_tsv(cli, installed):
    rows = [l.split("\t") for l in cli("show", "004", "--bilingual").stdout.splitlines()]
    assert [r[1] for r in rows] == cli("sentences", "004").stdout.splitlines()
    assert [int(r[0]) for r in rows] == list(range(1, len(rows) + 1))
    assert all(len(r) == 3 for r in rows)


def test_bilingual_terminal_view_fits_and_is_shaped(cli, installed, corpus):
    from rich.cells import cell_len

    from readcli.corpus import Corpus
    from readcli.render.bilingual import bilingual_lines
    from readcli.translate.pipeline import Translator, translate_articles

    article = Corpus(corpus).resolve("004")
    [(_, records)] = translate_articles([article], Translator())
    for width in (60, 100, 140):
        lines = bilingual_lines(records, width)
        assert all(cell_len(line) <= width for line in lines), width
        shaped = "".join(lines)
        assert any(0xFE70 <= ord(c) <= 0xFEFF for c in shaped)  # presentation forms: shaped Arabic
        numbered = [l for l in lines if l[:3].strip().isdigit()]
        assert [int(l[:3]) for l in numbered] == list(range(1, len(records) + 1))


def test_glossary_renderings_are_enforced_and_cached_correctly(cli, installed, corpus, engine_calls):
    term, english = "جوشوا هاريس", "Joshua Harris"
    (corpus / "glossary.tsv").write_text(f"{term}\t{english}\nالجزائر\tAlgeria\n", encoding="utf-8")
    records = jsonl(cli("translate", "--all", "-f", "jsonl"))
    with_term = [r for r in records if term in r["ar"]]
    algeria = re.compile(r"(?:^|[^\u0621-\u064A])(?:[وفبلك]|وب|ول)?الجزائر(?![\u0621-\u064A])")
    with_algeria = [r for r in records if algeria.search(r["ar"])]
    assert with_term and with_algeria
    assert all(english in r["en"] for r in with_term)
    assert all("Algeria" in r["en"] for r in with_algeria)
    # A new rendering needs no re-translation: the memory holds the masked output.
    (corpus / "glossary.tsv").write_text(f"{term}\tJ. Harris\nالجزائر\tAlgeria\n", encoding="utf-8")
    engine_calls.clear()
    again = jsonl(cli("translate", "--all", "-f", "jsonl"))
    assert engine_calls == []
    assert all("J. Harris" in r["en"] and english not in r["en"] for r in again if term in r["ar"])
    # Removing a term re-translates exactly the sentences that held it.
    (corpus / "glossary.tsv").write_text("الجزائر\tAlgeria\n", encoding="utf-8")
    jsonl(cli("translate", "--all", "-f", "jsonl"))
    redone = [s for c in engine_calls for s in c]
    assert len(redone) == len({r["ar"] for r in with_term})
    assert all("هاريس" in s for s in redone)


def test_list_and_search_see_what_translate_stored_with_a_glossary(cli, installed, corpus):
    """One lookup of the stored English: with a glossary term in the corpus, `list` flags and
    the index's English use the masked key `translate` stored under."""
    (corpus / "glossary.tsv").write_text("الجزائر\tAlgeria\n", encoding="utf-8")
    records = jsonl(cli("translate", "--all", "-f", "jsonl"))
    assert any("Algeria" in r["en"] for r in records)
    assert [l.split("\t")[4] for l in cli("list", "-f", "tsv").stdout.splitlines()] == ["yes", "yes"]
    hits = cli("search", "Algeria", "--lang", "en", "-f", "jsonl", "--limit", "0")
    assert hits.exit_code == 0, hits.stderr
    found = {(h["article"], h["sentence"], h["en"]) for h in map(json.loads, hits.stdout.splitlines())}
    assert found == {(r["article"], r["sentence"], r["en"]) for r in records if "Algeria" in r["en"]}


def test_masking_and_filling():
    from readcli.translate.masking import fill, mask, prepare_glossary

    terms = prepare_glossary({"الرياض": "Riyadh", "محمد بن سلمان": "Mohammed bin Salman", "محمد": "Muhammad"})
    masked = mask("زار محمد بن سلمان الرياض والرياض جميلة ومحمد هنا والرياضة", terms)
    assert masked.text == "زار ZX1 ZX2 و ZX3 جميلة و ZX4 هنا والرياضة"
    assert masked.renderings == ("Mohammed bin Salman", "Riyadh", "Riyadh", "Muhammad")
    assert fill("ZX1 went to ZX2, ZX3 and ZX9.", masked.renderings) == "Mohammed bin Salman went to Riyadh, Riyadh and ."
    assert mask("لا شيء هنا", terms).renderings == ()


def test_engine_guards_and_cleans(installed):
    from readcli.translate.engine import Engine, clean_output, max_target_pieces
    from readcli.translate.packages import installed_ar_en_package

    assert clean_output("it&apos;s &amp;amp; ▁ok &quot;x&quot; , done") == 'it\'s & ok "x", done'
    engine = Engine(installed_ar_en_package())
    sources = ["قال", "قال الرئيس إن الاجتماع كان مثمرا وإن المحادثات ستستمر في الأسبوع المقبل"]
    outputs = engine.translate(sources, attention=True)
    for source, output in zip(sources, outputs):
        n = len(engine.encode([source])[0])
        assert len(output.pieces) <= max_target_pieces(n)
        assert len(output.attention) == len(output.pieces)
        assert "&apos;" not in output.text


def test_length_guard_can_be_turned_off(installed):
    """Benchmarks run the pipeline with Argos's 256-piece limit through a public parameter."""
    from readcli.translate.engine import MAX_LENGTH_CAP, Engine, max_target_pieces
    from readcli.translate.packages import installed_ar_en_package

    limits: list[int] = []
    sources = ["قال", "قال الرئيس إن الاجتماع كان مثمرا"]
    for guard in (True, False):
        engine = Engine(installed_ar_en_package(), length_guard=guard)
        real = engine.translator

        class Spy:
            def translate_batch(self, tokens, real=real, **options):
                limits.append(options["max_decoding_length"])
                return real.translate_batch(tokens, **options)

        engine.translator = Spy()
        assert len(engine.translate(sources)) == 2
    longest = max(len(engine.encode([s])[0]) for s in sources)
    assert limits == [max_target_pieces(longest) + len(engine.prefix_pieces), MAX_LENGTH_CAP + len(engine.prefix_pieces)]
    assert max_target_pieces(longest) < MAX_LENGTH_CAP


def test_show_bilingual_on_a_real_terminal(corpus, installed):
    from rich.cells import cell_len

    screen, _ = run_with_pty(["--corpus", str(corpus), "show", "000", "--bilingual"], pty_stream="stdout", columns=100)
    lines = strip_ansi(screen).split("\n")
    assert all(cell_len(l) <= 100 for l in lines)
    assert any(0xFE70 <= ord(c) <= 0xFEFF for c in screen)
    assert "│" in screen


def test_progress_bar_only_on_a_terminal(corpus, installed):
    bar, out = run_with_pty(["--corpus", str(corpus), "translate", "000", "--batch-size", "2"], pty_stream="stderr")
    assert "translating" in bar and "sentences" in bar
    assert out.strip()  # the translation itself went to stdout



_WORDS = ["الرياض", "محمد", "بن", "سلمان", "قال", "في", "الجزائر", "والرياض", "هاريس", "جوشوا", "،", "."]


@settings(max_examples=200, deadline=None)
@given(
    words=st.lists(st.sampled_from(_WORDS), min_size=1, max_size=12),
    terms=st.lists(st.sampled_from(["الرياض", "محمد بن سلمان", "جوشوا هاريس", "الجزائر", "بن"]), max_size=3, unique=True),
)
def test_masking_property(words, terms):
    """Every slot gets a rendering, no glossary term survives masking, fill restores every rendering."""
    from readcli.translate.masking import PLACEHOLDER, fill, mask, prepare_glossary

    glossary = {t: f"EN{i}" for i, t in enumerate(terms)}
    masked = mask(" ".join(words), prepare_glossary(glossary))
    slots = re.findall(r"ZX(\d+)", masked.text)
    assert [int(n) for n in slots] == list(range(1, len(masked.renderings) + 1))
    for term in terms:
        assert not re.search(rf"(?:^|\s)(?:و)?{term}(?:\s|$)", masked.text)
    filled = fill(masked.text, masked.renderings)
    for rendering in masked.renderings:
        assert rendering in filled
    assert PLACEHOLDER.format(1) not in filled


def test_damaged_installed_model_is_one_line(cli, installed):
    model = Path(os.environ["ARGOS_PACKAGES_DIR"]) / "translate-ar_en-1_0" / "model" / "model.bin"
    model.write_bytes(model.read_bytes()[:1000])
    one_error_line(cli("translate", "004", "--no-cache"), "cannot load the translation model", "translate-ar_en-1_0")
    model.unlink()
    one_error_line(cli("translate", "004"), "is incomplete", "readcli models install")
