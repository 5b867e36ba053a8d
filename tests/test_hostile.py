"""Hostile and odd input: each is one clear line (or a bounded cost), never a traceback."""

from __future__ import annotations

import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from helpers import one_error_line

REPO = Path(__file__).resolve().parents[1]


def run(*args: str, corpus: Path, input: str | None = None, env: dict | None = None, **kw) -> subprocess.CompletedProcess:
    import os

    return subprocess.run(
        [sys.executable, "-m", "readcli", "--corpus", str(corpus), *args],
        capture_output=True, text=True, input=input, env={**os.environ, **(env or {})},
        stdin=None if input is not None else subprocess.DEVNULL, timeout=120, **kw,
    )


# --- item 11: add compares normalised text ---------------------------------------------------------


@pytest.mark.parametrize("variant", ["as-is", "crlf", "nfd", "no-final-newline", "extra-newlines"])
def test_add_does_not_store_the_same_text_twice(corpus, tmp_path, variant):
    original = sorted(corpus.glob("004_*.txt"))[0]
    text = original.read_bytes().decode("utf-8")
    if variant == "crlf":
        text = text.replace("\n", "\r\n")
    elif variant == "nfd":
        text = unicodedata.normalize("NFD", text)
        assert text != original.read_text(encoding="utf-8")
    elif variant == "no-final-newline":
        text = text.rstrip("\n")
    elif variant == "extra-newlines":
        text = text.rstrip("\n") + "\n\n"
    source = tmp_path / "again.txt"
    source.write_bytes(text.encode("utf-8"))
    before = sorted(p.name for p in corpus.iterdir())
    result = run("add", str(source), corpus=corpus)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "004\n"
    assert "not added again" in result.stderr
    assert sorted(p.name for p in corpus.iterdir()) == before


def test_add_finds_a_crlf_or_nfd_file_placed_by_hand(corpus, tmp_path):
    text = "ذهبت البنت إلى المدرسة.\n\nثم عادت إلى البيت.\n"
    (corpus / "050_hand.txt").write_bytes(unicodedata.normalize("NFD", text).replace("\n", "\r\n").encode("utf-8"))
    source = tmp_path / "new.txt"
    source.write_text(text, encoding="utf-8")
    result = run("add", str(source), corpus=corpus)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "050\n"


# --- item 3 and the minor item: file names that are not UTF-8, links that lead nowhere ---------


def odd_corpus(corpus: Path) -> list[str]:
    """Adds unusable article files to ``corpus``; the names each warning must show."""
    import os

    (corpus / os.fsdecode(b"012_bad\xffname.txt")).write_bytes("نص\n".encode("utf-8"))
    (corpus / "013_dangling.txt").symlink_to("nowhere")
    (corpus / "014_loop.txt").symlink_to("014_loop.txt")
    return ["012_bad\\xffname.txt: the file name is not valid UTF-8",
            "013_dangling.txt: cannot read (a broken symbolic link)",
            "014_loop.txt: cannot read (a symbolic link loop)"]


@pytest.mark.parametrize("command", [["list", "-f", "tsv"], ["search", "الجزائر", "-f", "tsv"], ["glossary", "--all", "-f", "tsv"]])
def test_unusable_article_files_are_skipped_with_a_visible_warning(corpus, command):
    expected = odd_corpus(corpus)
    result = run(*command, corpus=corpus)
    assert result.returncode == 3, result.stderr
    assert "Traceback" not in result.stderr
    warnings = result.stderr.splitlines()
    assert len(warnings) == 3, warnings
    for line, needle in zip(warnings, expected):
        assert line.startswith("readcli: warning: skipped ") and needle in line, line
    assert result.stdout  # the rest is done
    if command[0] == "list":
        assert [row.split("\t")[0] for row in result.stdout.splitlines()] == ["000", "004"]


def test_translate_all_to_a_folder_skips_an_undecodable_name(corpus, tmp_path, argos_package_file):
    env = {"READCLI_HOME": str(tmp_path / "home")}
    installed = run("models", "install", str(argos_package_file), corpus=corpus, env=env)
    assert installed.returncode == 0, installed.stderr
    odd_corpus(corpus)
    result = run("translate", "--all", "-o", str(tmp_path / "out"), corpus=corpus, env=env)
    assert result.returncode == 3, result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.name[:3] for p in (tmp_path / "out").iterdir()) == ["000", "004"]


# --- item 4: deep recursion -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query, needle",
    [
        ("(" * 250 + "الجزائر" + ")" * 250, "at most 32 levels"),
        (" NOT ".join(["الجزائر"] + [f"كلمة{i}" for i in range(1000)]), "at most 200 are allowed"),
        (" OR ".join(["الجزائر"] * 300), "at most 200 are allowed"),
    ],
)
def test_deeply_nested_or_huge_queries_are_a_usage_error(corpus, query, needle):
    result = run("search", query, corpus=corpus)
    one_error_line(result, needle, code=2)


def test_queries_at_the_limits_still_work(corpus):
    nested = "(" * 32 + "الجزائر" + ")" * 32
    assert run("search", "-f", "tsv", nested, corpus=corpus).returncode == 0
    chain = " NOT ".join(["الجزائر"] + [f"كلمة{i}" for i in range(199)])
    result = run("search", "-f", "tsv", chain, corpus=corpus)
    assert result.returncode == 0, result.stderr


# --- item 9: an output encoding that is not UTF-8 ------------------------------------------------------


@pytest.mark.parametrize("command", [["show", "004"], ["list", "-f", "tsv"], ["search", "الجزائر", "-f", "tsv"],
                                     ["sentences", "000"]])
def test_a_latin1_output_gets_replacement_characters_and_one_warning(corpus, command):
    result = subprocess.run(
        [sys.executable, "-m", "readcli", "--corpus", str(corpus), *command],
        capture_output=True, stdin=subprocess.DEVNULL, env={**__import__("os").environ, "PYTHONIOENCODING": "latin-1"},
    )
    stderr = result.stderr.decode("latin-1")
    assert result.returncode == 0, stderr
    assert stderr.splitlines() == [
        "readcli: warning: standard output uses the iso8859-1 encoding: characters it cannot show are"
        " written as '?'; use a UTF-8 locale or PYTHONIOENCODING=utf-8"
    ]
    assert b"???" in result.stdout


def test_a_latin1_error_line_is_still_one_line(corpus):
    result = subprocess.run(
        [sys.executable, "-m", "readcli", "--corpus", str(corpus), "show", "مقال"],
        capture_output=True, stdin=subprocess.DEVNULL, env={**__import__("os").environ, "PYTHONIOENCODING": "latin-1"},
    )
    assert result.returncode == 2
    assert result.stderr.decode("latin-1").splitlines() == [
        # Python writes stderr with backslash escapes for what its encoding lacks.
        f"readcli: error: no article '\\u0645\\u0642\\u0627\\u0644' in {corpus} (ids: 000, 004)"
    ]


# --- item 10: the user's glossary ------------------------------------------------------------------


@pytest.fixture
def with_package(corpus, tmp_path, argos_package_file):
    installed = run("models", "install", str(argos_package_file), corpus=corpus)
    assert installed.returncode == 0, installed.stderr
    return corpus


@pytest.mark.parametrize("content", [b"", b"\n\n  \n", b"# only a comment\n\n"])
def test_an_empty_glossary_means_no_terms(with_package, content):
    (with_package / "glossary.tsv").write_bytes(content)
    for command in (["translate", "000", "-f", "tsv"], ["show", "000", "--bilingual"],
                    ["glossary", "000", "-f", "tsv"]):
        result = run(*command, corpus=with_package)
        assert result.returncode == 0, (command, result.stderr)
        assert result.stderr == "", (command, result.stderr)


def test_an_escape_in_the_english_is_dropped_not_binary(with_package):
    (with_package / "glossary.tsv").write_text("الجزائر\tAlg\x1b[31meria\x1b]0;pwned\x07\n", encoding="utf-8")
    result = run("translate", "004", "-f", "tsv", corpus=with_package)
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "Alg[31meria]0;pwned" in result.stdout
    from readcli.translate.user_glossary import load_user_glossary

    assert load_user_glossary(with_package) == {"الجزائر": "Alg[31meria]0;pwned"}


@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "huge"])
def test_a_glossary_that_is_not_a_small_regular_file_is_one_line(corpus, kind):
    import os

    target = corpus / "glossary.tsv"
    if kind == "fifo":
        os.mkfifo(target)
        needle = "not a regular file"
    elif kind == "dev-zero":
        target.symlink_to("/dev/zero")
        needle = "not a regular file"
    else:
        with open(target, "wb") as handle:
            handle.truncate(33 << 20)
        needle = "larger than 32 MB"
    result = run("glossary", "000", "-f", "tsv", corpus=corpus)
    one_error_line(result, "glossary.tsv", needle)
