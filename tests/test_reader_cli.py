"""The reading commands through the real CLI: list, show, sentences, add, and their errors."""

from __future__ import annotations

import json
import pytest
from helpers import one_error_line

from readcli.sentences import split_sentences

ARTICLE_004 = "004_0cd59c3a196a67dd.txt"


def presentation_forms(text: str) -> list[str]:
    return [c for c in text if 0xFB50 <= ord(c) <= 0xFDFF or 0xFE70 <= ord(c) <= 0xFEFF]


def assert_user_error(result, needle: str, code: int = 1):
    """One error line holding ``needle``, nothing on stdout, and exactly exit ``code``."""
    one_error_line(result, needle, code=code, stdout_empty=True)


def test_an_error_line_is_cut_at_400_characters(cli):
    ref = "x" * 1000
    line = one_error_line(cli("show", ref), "no article", code=2, stdout_empty=True)
    assert len(line) == len("readcli: error: ") + 400 and line.endswith("…")


def test_a_path_that_is_no_file_is_no_such_file(cli, tmp_path):
    for ref in (str(tmp_path / "nonexistent"), "./missing.txt", "~/missing-readcli-article"):
        assert_user_error(cli("show", ref), "no such file")


def test_a_number_finds_its_zero_padded_id(cli):
    assert cli("show", "4").stdout == cli("show", "004").stdout != ""
    assert_user_error(cli("show", "00"), "ambiguous", code=2)


def test_list_tsv(cli, corpus):
    result = cli("list", "--format", "tsv")
    assert result.exit_code == 0, result.output
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert [r[0] for r in rows] == ["000", "004"]
    text = (corpus / ARTICLE_004).read_text(encoding="utf-8")
    row = rows[1]
    assert row[1] == text.splitlines()[0]
    assert int(row[2]) == len(split_sentences(text))
    assert int(row[3]) == len(text.split())
    assert row[4] == "no"


def test_list_jsonl_and_table(cli):
    result = cli("list", "--format", "jsonl")
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in records] == ["000", "004"]
    assert set(records[0]) == {"id", "title", "sentences", "words", "translated", "date", "source"}
    table = cli("list")
    assert table.exit_code == 0
    assert "000" in table.stdout and "004" in table.stdout
    assert not presentation_forms(table.stdout)  # not a terminal: logical text


def test_show_on_a_pipe_is_the_original_text(cli, corpus):
    result = cli("show", "004")
    assert result.exit_code == 0
    original = (corpus / ARTICLE_004).read_text(encoding="utf-8")
    assert not original.endswith("\n")  # the seed as scraped
    assert result.stdout == original + "\n"
    assert not presentation_forms(result.stdout)
    # An article without a final newline gets one, and nothing else changes.
    (corpus / "009_x.txt").write_text("سطر واحد", encoding="utf-8")
    assert cli("show", "009").stdout == "سطر واحد\n"


@pytest.mark.parametrize("ref", ["004", "004_0cd", ARTICLE_004])
def test_id_resolution(cli, ref):
    result = cli("sentences", ref)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0].startswith("في خطوة تعكس")


def test_unknown_id(cli):
    assert_user_error(cli("show", "999"), "no article '999'", code=2)


def test_ambiguous_prefix(cli):
    assert_user_error(cli("show", "00"), "ambiguous", code=2)


def test_missing_corpus(runner, tmp_path):
    from readcli.cli import app

    result = runner.invoke(app, ["--corpus", str(tmp_path / "nope"), "list"])
    assert_user_error(result, "no corpus folder at")


def test_sentences_text_and_jsonl(cli, corpus):
    text = (corpus / ARTICLE_004).read_text(encoding="utf-8")
    plain = cli("sentences", "004")
    assert plain.stdout.splitlines() == split_sentences(text)
    records = [json.loads(line) for line in cli("sentences", "004", "--format", "jsonl").stdout.splitlines()]
    assert [r["sentence"] for r in records] == list(range(1, len(records) + 1))
    assert records[0]["paragraph"] == 1 and records[-1]["paragraph"] > 1
    assert all(r["article"] == "004" for r in records)
    assert [r["text"] for r in records] == split_sentences(text)


def test_sentences_from_stdin_and_file(cli, tmp_path):
    text = "قال الرئيس: نعم. ثم غادر؟ انتهى"
    result = cli("sentences", "-", input=text.encode("utf-8"))
    assert result.stdout.splitlines() == ["قال الرئيس: نعم.", "ثم غادر؟", "انتهى"]
    path = tmp_path / "x.txt"
    path.write_bytes("\ufeffسطر أول.\r\nسطر ثان.\r\n".encode("utf-8"))
    result = cli("sentences", str(path), "--format", "tsv")
    assert result.stdout.splitlines() == ["x\t1\t1\tسطر أول.", "x\t2\t2\tسطر ثان."]


def test_sentences_stdin_bad_encoding(cli):
    assert_user_error(cli("sentences", "-", input=b"\x00\x01binary\x00\x02"), "standard input")


def test_add_utf8_bom_crlf(cli, corpus, tmp_path):
    path = tmp_path / "new.txt"
    path.write_bytes("\ufeffعنوان الخبر\r\nنص الخبر هنا.\r\n".encode("utf-8"))
    result = cli("add", str(path))
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "005"
    (stored,) = corpus.glob("005_*.txt")
    assert stored.read_bytes() == "عنوان الخبر\nنص الخبر هنا.\n".encode("utf-8")
    assert cli("show", "005").stdout == "عنوان الخبر\nنص الخبر هنا.\n"


def test_add_cp1256_is_converted(cli, corpus, tmp_path):
    text = "وزارة الخارجية الجزائرية أعلنت اليوم عن زيارة.\n"
    path = tmp_path / "legacy.txt"
    path.write_bytes(text.encode("cp1256"))
    result = cli("add", str(path), "--id", "legacy")
    assert result.exit_code == 0, result.output
    assert "cp1256" in result.stderr
    (stored,) = corpus.glob("legacy_*.txt")
    assert stored.read_text(encoding="utf-8") == text


def test_add_never_overwrites_without_force(cli, corpus, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("نص جديد.\n", encoding="utf-8")
    assert_user_error(cli("add", str(path), "--id", "004"), "--force", code=2)
    assert (corpus / ARTICLE_004).exists()
    result = cli("add", str(path), "--id", "004", "--force")
    assert result.exit_code == 0
    assert not (corpus / ARTICLE_004).exists()
    assert cli("show", "004").stdout == "نص جديد.\n"


@pytest.mark.parametrize(
    "content, needle",
    [
        (b"", "empty file"),
        (b"  \n\r\n", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        ("Größe ändern, naïve Übung".encode("latin-1"), "not UTF-8"),
    ],
)
def test_add_refuses_bad_files(cli, corpus, tmp_path, content, needle):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    before = sorted(p.name for p in corpus.iterdir())
    assert_user_error(cli("add", str(path)), needle)
    assert sorted(p.name for p in corpus.iterdir()) == before


def test_add_missing_file(cli):
    assert_user_error(cli("add", "/no/such/file.txt"), "no such file")


def test_add_bad_id(cli, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("نص.\n", encoding="utf-8")
    assert_user_error(cli("add", str(path), "--id", "a_b"), "invalid article id", code=2)


def test_corpus_from_environment(runner, corpus, monkeypatch):
    from readcli.cli import app

    monkeypatch.setenv("READCLI_CORPUS", str(corpus))
    result = runner.invoke(app, ["list", "-f", "tsv"])
    assert result.exit_code == 0 and result.stdout.startswith("000\t")


def test_python_dash_m(corpus):
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, "-m", "readcli", "--corpus", str(corpus), "sentences", "000"],
        capture_output=True, text=True, encoding="utf-8", check=True,
    )
    assert proc.stdout.splitlines()[0].startswith("تشهد العلاقات")


@pytest.mark.parametrize(
    "args, needle",
    [
        (["show"], "name one or more articles"),
        (["show", "004", "--bogus"], "No such option: --bogus"),
        (["list", "--format", "xml"], "'xml' is not one of"),
        (["show", "004", "--width", "5"], "--width"),
        (["nosuch"], "No such command 'nosuch'"),
    ],
)
def test_command_line_mistakes_are_one_line(cli, args, needle):
    assert_user_error(cli(*args), needle, code=2)


def test_bilingual_and_gloss_together_is_a_usage_error(cli):
    assert_user_error(cli("show", "004", "--bilingual", "--gloss"), "choose one", code=2)


def test_stdin_that_is_a_terminal_is_refused(monkeypatch):
    import sys

    class FakeTerminal:
        def isatty(self):
            return True

    monkeypatch.setattr(sys, "stdin", FakeTerminal())
    from readcli.cli.app import State
    from readcli.cli.sources import read_stdin_article
    from readcli.errors import UsageError

    with pytest.raises(UsageError, match="standard input"):
        read_stdin_article(State())
