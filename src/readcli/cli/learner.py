"""The learner's commands: known, coverage (study and export anki: cli/study.py; see docs/learner.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from readcli.cli.app import ReadcliTyper, app, format_option, on_interrupt, state
from readcli.cli.sources import resolve_source
from readcli.errors import InputError, UsageError
from readcli.render import views

known_app = ReadcliTyper(
    help="Words you know, by lemma: every form of a known lemma counts as known.", no_args_is_help=True
)
app.add_typer(known_app, name="known")

Words = Annotated[list[str], typer.Argument(metavar="WORD...", help="Arabic words (any form: السفير، وبالسفير، سفراء).")]
Learning = Annotated[bool, typer.Option("--learning", help="Mark them learning, not known.")]
Ignore = Annotated[bool, typer.Option("--ignore", help="Mark them ignored (names, foreign words).")]
LemmaChoice = Annotated[
    Optional[str],
    typer.Option("--lemma", help="For a word with several readings: the lemma meant (Arabic, or a Buckwalter id from `lookup`)."),
]


def _status(learning: bool, ignore: bool) -> str:
    if learning and ignore:
        raise UsageError("choose one of --learning and --ignore")
    return "learning" if learning else "ignored" if ignore else "known"


def open_store(write: bool = False):
    from readcli.learner.store import LearnerStore

    return LearnerStore.open(write=write)


def _arabic_words(args: list[str]) -> list[str]:
    from readcli.learner.lemmas import words_of

    found = []
    for arg in args:
        words = words_of(arg)
        if not words:
            raise UsageError(f"{arg!r} is not an Arabic word")
        found.extend(words)
    return found


def _shown(env, text: str) -> str:
    """Arabic for a line on stderr: shaped and reordered on a terminal, safe everywhere."""
    from readcli.render.safe import visible

    if env.stderr_isatty:
        from readcli.render.rtl import to_visual

        return to_visual(text, "L")
    return visible(text)


def _choose(st, word: str, readings, lemma: str | None):
    """The reading of a word with several: ``--lemma``, else asked on a terminal, else the most
    likely (with a note)."""
    from readcli.dictionary import clean_word

    if lemma is not None:
        wanted = clean_word(lemma)
        for r in readings:
            if lemma in (r.key, r.key.rsplit("_", 1)[0]) or clean_word(r.lemma) == wanted:
                return r
        options = ", ".join(f"{r.lemma} ({r.key})" for r in readings)
        raise UsageError(f"--lemma {lemma} is not a reading of {word}; its readings: {options}")
    env = st.env
    if env.stdin_isatty and env.stderr_isatty:
        with env.bidi_view("stderr"):
            env.stderr.write(f"{_shown(env, word)} has {len(readings)} readings:\n")
            for number, r in enumerate(readings, start=1):
                env.stderr.write(f"  {number}  {_shown(env, r.lemma)}  {_shown(env, r.gloss)}  ({r.pos}, {r.key})\n")
            while True:
                env.stderr.write(f"which one? [1-{len(readings)}, Enter for 1] ")
                env.stderr.flush()
                answer = env.stdin.readline()
                if not answer:
                    raise UsageError(f"no reading chosen for {word}")
                answer = answer.strip() or "1"
                if answer.isdigit() and 1 <= int(answer) <= len(readings):
                    return readings[int(answer) - 1]
    best = readings[0]
    others = ", ".join(f"{r.gloss} ({r.key})" for r in readings[1:])
    st.env.note(f"{word} may also be {others}; took {best.gloss} ({best.key}): give --lemma to choose")
    return best


def entries_for(st, words: list[str], lemma: str | None):
    """(Entry, Reading or None) for each word: its lemma, or its form when it has no analysis."""
    from readcli.dictionary import lexicon
    from readcli.learner.lemmas import key_lemma, readings, unknown_key
    from readcli.learner.store import Entry

    lex = lexicon()
    out = []
    for word in _arabic_words(words):
        found = readings(word, lex)
        if not found:
            key = unknown_key(word)
            st.env.note(f"{word}: no analysis in the lexicon; stored by its form")
            out.append((Entry(key, key_lemma(key), word), None))
            continue
        chosen = found[0] if len(found) == 1 else _choose(st, word, found, lemma)
        out.append((Entry(chosen.key, chosen.lemma, word), chosen))
    return out


@known_app.command("add")
def known_add(ctx: typer.Context, words: Words, learning: Learning = False, ignore: Ignore = False,
              lemma: LemmaChoice = None) -> None:
    """Mark words known (by lemma: every form counts), or learning, or ignored."""
    st = state(ctx)
    status = _status(learning, ignore)
    entries = [entry for entry, _ in entries_for(st, words, lemma)]
    with open_store(write=True) as store:
        added, changed = store.set_status(entries, status)
    kept = len({e.key for e in entries}) - added - changed
    note = f" ({kept} already {status})" if kept else ""
    st.env.note(f"{status}: {added} added, {changed} changed{note}")


@known_app.command("remove")
def known_remove(ctx: typer.Context, words: Words) -> None:
    """Forget words (they are `new` again): every lemma the word may be, or a key from `known list`."""
    from readcli.dictionary import lexicon
    from readcli.learner.lemmas import readings, unknown_key

    st = state(ctx)
    keys: list[str] = []
    with open_store(write=True) as store:
        stored = store.statuses()
        lex = None
        for arg in words:
            if arg in stored:  # a key as `known list` shows it (safiyr_1, ?ترامب)
                keys.append(arg)
                continue
            for word in _arabic_words([arg]):
                lex = lex or lexicon()
                candidates = [r.key for r in readings(word, lex)] + [unknown_key(word)]
                hits = [k for k in candidates if k in stored]
                if not hits:
                    st.env.note(f"{word} is not in the learner store")
                keys.extend(hits)
        removed = store.remove(keys) if keys else 0
    st.env.note(f"removed {removed}")


@known_app.command("list")
def known_list(
    ctx: typer.Context,
    status: Annotated[Optional[str], typer.Option("--status", help="Only this status: learning, known or ignored.")] = None,
    format: Annotated[Optional[str], format_option(views.KNOWN, "table on a terminal, else tsv")] = None,
) -> None:
    """The learner store: lemma, status, form first added, date (tsv adds the key; no header)."""
    from readcli.learner.store import STORED_STATUSES
    from readcli.render.output import emit

    st = state(ctx)
    if status is not None and status not in STORED_STATUSES:
        raise UsageError(f"--status {status}: choose learning, known or ignored")
    fmt = st.output_format(format, views.KNOWN, command="known list")
    with open_store() as store:
        words = store.words()
    rows = [
        {"lemma": w.lemma, "status": w.status, "form": w.form, "date": w.added[:10], "key": w.key}
        for w in words if status is None or w.status == status
    ]
    emit(st.env, rows, views.KNOWN, fmt)


@known_app.command("import")
def known_import(
    ctx: typer.Context,
    file: Annotated[str, typer.Argument(metavar="FILE", help="One word per line, an Anki/LingQ/Lute export, a `known export`, or -.")],
    column: Annotated[
        Optional[str], typer.Option("--column", "-c", help="The Arabic column: a number from 1, or a header name (term).")
    ] = None,
    learning: Learning = False,
    ignore: Ignore = False,
) -> None:
    """Mark every word of a list known (or learning, ignored), each by its most likely lemma.

    Prints the words the lexicon has no analysis for (stored by their form), one per line, and
    on stderr how many words and lemmas matched. One transaction: an interrupted import changes
    nothing.
    """
    from readcli.dictionary import lexicon
    from readcli.learner.known import MAX_LIST_BYTES, parse_list, resolve
    from readcli.textio import decode_text

    st = state(ctx)
    status = _status(learning, ignore)
    name = "standard input" if file == "-" else file
    data = _read_capped(st, file, MAX_LIST_BYTES)
    parsed = parse_list(decode_text(data, name).text, name, column=column)
    on_interrupt("interrupted; nothing was imported")
    with open_store(write=True) as store:
        if parsed.exported is not None:
            count = store.restore(parsed.exported)
            st.env.note(f"restored {count} words from a readcli export")
            return
        result = resolve(parsed.fields, lexicon())
        added, changed = store.set_status(result.entries, status)
    for word in result.no_analysis:
        st.env.stdout.write(word + "\n")
    skipped = f"; {parsed.not_arabic} entries without Arabic skipped" if parsed.not_arabic else ""
    ambiguous = f" ({result.ambiguous} with several readings: the most likely taken)" if result.ambiguous else ""
    st.env.note(
        f"{result.words} words: {result.matched} matched {len(result.entries) - len(result.no_analysis)} lemmas"
        f"{ambiguous}, {len(result.no_analysis)} had no analysis (stored by their form, listed on stdout){skipped};"
        f" {added} added, {changed} changed to {status}"
    )


def _read_capped(st, file: str, limit: int) -> bytes:
    if file == "-":
        if st.env.stdin_isatty:
            raise UsageError("reading from standard input, but it is a terminal: pipe a word list in or name a file")
        data = st.env.read_stdin_bytes()
    else:
        from readcli.textio import read_capped

        data = read_capped(Path(file), limit)
    if len(data) > limit:
        raise InputError(f"standard input: over the {limit >> 20} MB cap")
    if not data.strip():
        raise InputError(f"{'standard input' if file == '-' else file}: empty file, no words")
    return data


@known_app.command("export")
def known_export(
    ctx: typer.Context,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write to this file (default: stdout).")] = None,
) -> None:
    """Every stored word as tsv with a header line (key, status, lemma, form, added):
    `known import` puts it back exactly."""
    from readcli.learner.known import export_lines

    st = state(ctx)
    with open_store() as store:
        text = "".join(line + "\n" for line in export_lines(store.words()))
    write_output(st, output, text.encode("utf-8"))


def write_output(st, output: Optional[Path], data: bytes) -> None:
    if output is None or str(output) == "-":
        st.env.stdout.write(data.decode("utf-8"))
        return
    from readcli.atomic import write_bytes_atomic
    from readcli.errors import os_fault

    try:
        write_bytes_atomic(output, data)
    except OSError as error:
        raise os_fault(error, "write", output) from None


@known_app.command("config")
def known_config(
    ctx: typer.Context,
    name: Annotated[Optional[str], typer.Argument(help="show-unknown (on/off) or promote (on/off).")] = None,
    value: Annotated[Optional[str], typer.Argument(help="on or off.")] = None,
) -> None:
    """Show or change the learner's settings.

    show-unknown: `show` marks unknown words on a terminal without --unknown. promote: a card
    graded easy whose next review is 21 days or more away moves its lemma to known.
    """
    from readcli.learner.store import SETTINGS

    st = state(ctx)
    if name is not None and name not in SETTINGS:
        raise UsageError(f"no setting {name!r}; settings: {', '.join(SETTINGS)}")
    if value is None:
        with open_store() as store:
            for key in [name] if name else SETTINGS:
                st.env.stdout.write(f"{key}\t{store.setting(key)}\n")
        return
    if value not in ("on", "off"):
        raise UsageError(f"{name} is on or off, not {value!r}")
    with open_store(write=True) as store:
        store.set_setting(name, value)


# --- coverage --------------------------------------------------------------------------------


def statuses_and_names(st):
    """(stored statuses, the corpus glossary, its names as ignored keys)."""
    from readcli.learner.coverage import glossary_names

    with open_store() as store:
        statuses = store.statuses()
    user = st.user_glossary()
    return statuses, user, glossary_names(user)


def status_of(key: str, statuses: dict, names) -> str:
    if key in names:
        return "ignored"
    return statuses.get(key, "new")


@app.command()
def coverage(
    ctx: typer.Context,
    article_id: Annotated[str, typer.Argument(metavar="ID", help="Article id or unique file-name prefix, a file, or -.")],
    top: Annotated[Optional[int], typer.Option("--top", "-n", min=1, help="Only the N most frequent lemmas.")] = None,
    format: Annotated[Optional[str], format_option(views.COVERAGE, "table on a terminal, else tsv")] = None,
) -> None:
    """What to learn next: the article's lemmas not yet known, most frequent first, with gloss
    and count.

    On a terminal a first line gives the article's coverage (the share of its running content
    words whose lemma is known or ignored). tsv columns: lemma, count, gloss, status, pos, form,
    key; no header.
    """
    from readcli.learner.lemmas import article_lemmas
    from readcli.render.output import emit

    st = state(ctx)
    st.output_format(format, views.COVERAGE, command="coverage")  # a wrong format: exit 2 before any work
    article = resolve_source(st, article_id)
    statuses, user, names = statuses_and_names(st)
    lemmas = article_lemmas(article, user_glossary=user)
    total = sum(o.count for o in lemmas.values())
    rows, done = [], 0
    for o in lemmas.values():
        status = status_of(o.key, statuses, names)
        if status in ("known", "ignored"):
            done += o.count
            continue
        rows.append({"lemma": o.lemma, "count": o.count, "gloss": o.gloss, "status": status, "pos": o.pos,
                     "form": o.form, "key": o.key})
    shown = rows[:top] if top else rows

    def human(table_rows) -> None:
        from readcli.learner.coverage import share
        from readcli.render.output import print_table

        known = share((done, total)) or "0%"
        st.env.stdout.write(f"{article.id}: {known} of {total} running content words known; "
                            f"{len(rows)} of {len(lemmas)} lemmas to learn\n")
        print_table(st.env, table_rows, views.COVERAGE)

    emit(st.env, shown, views.COVERAGE, format, human=human, command="coverage")
