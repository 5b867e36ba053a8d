"""The learner's study commands: study (reviews), study add, export anki (see docs/learner.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from readcli.cli.app import ReadcliTyper, app, finish, format_option, on_interrupt, state
from readcli.cli.learner import LemmaChoice, entries_for, open_store, write_output, status_of, statuses_and_names
from readcli.cli.sources import AllArticles, ArticleRefs, resolve_source, resolve_sources
from readcli.errors import UsageError
from readcli.render import views

# --- study -----------------------------------------------------------------------------------

study_app = ReadcliTyper(help="Review words with spaced repetition (FSRS).", invoke_without_command=True)
app.add_typer(study_app, name="study")


@study_app.callback(invoke_without_command=True)
def study(
    ctx: typer.Context,
    due: Annotated[bool, typer.Option("--due", help="List the cards due now (tsv off a terminal) instead of reviewing.")] = False,
    format: Annotated[Optional[str], format_option(views.DUE, "table on a terminal, else tsv")] = None,
) -> None:
    """Review the cards due now on a terminal: the word in its sentence, then the gloss, lemma
    and the sentence's English; grade 1 again, 2 hard, 3 good, 4 easy (q quits).

    Each grade is saved at once (Ctrl-C loses nothing). Make cards with `study add`.
    """
    if ctx.invoked_subcommand is not None:
        return
    from readcli.learner.study import iso, utcnow

    st = state(ctx)
    now = iso(utcnow())
    if due or format is not None or not (st.env.stdout_isatty and st.env.stdin_isatty):
        if not due and format is None:
            raise UsageError("reviewing needs a terminal; `readcli study --due` lists the due cards")
        from readcli.render.output import emit

        fmt = st.output_format(format, views.DUE, command="study --due")
        with open_store() as store:
            cards = store.cards(due_before=now)
        rows = [
            {"lemma": c.lemma, "form": c.form, "gloss": c.gloss, "due": c.due, "article": c.article,
             "sentence": c.sentence, "key": c.key}
            for c in cards
        ]
        emit(st.env, rows, views.DUE, fmt)
        return
    _review(st)


def _review(st) -> None:
    from readcli.learner.store import Entry
    from readcli.learner.study import grade, iso, utcnow
    from readcli.render.study import ReviewScreen

    on_interrupt("interrupted; every review given so far is saved")
    with open_store(write=True) as store, st.env.bidi_view():
        cards = store.cards(due_before=iso(utcnow()))
        screen = ReviewScreen(st.env)
        if not cards:
            screen.message("no cards due; `readcli study add ID --top 10` makes some")
            return
        promote = store.setting("promote") == "on"
        reviewed = 0
        for number, card in enumerate(cards, start=1):
            rating = screen.ask(card, number, len(cards))
            if rating is None:
                break
            graded = grade(card.state, rating)
            status = "known" if promote and graded.promote else None
            store.save_review(card.key, rating, graded.state, graded.due, status=status,
                              entry=Entry(card.key, card.lemma, card.form))
            reviewed += 1
            screen.graded(graded, status)
        screen.message(f"{reviewed} reviewed, {len(cards) - reviewed} still due")


@study_app.command("add")
def study_add(
    ctx: typer.Context,
    sources: Annotated[
        list[str], typer.Argument(metavar="ID|WORD...", help="An article (its most frequent unknown lemmas) or Arabic words.")
    ],
    top: Annotated[int, typer.Option("--top", "-n", min=1, help="Cards for the article's N most frequent unknown lemmas.")] = 10,
    lemma: LemmaChoice = None,
) -> None:
    """Make study cards: for an article's N most frequent lemmas not yet known (and without a
    card), or for the words given. The lemmas become `learning`."""
    from readcli.learner.lemmas import words_of
    from readcli.learner.store import Entry

    st = state(ctx)
    arabic = [s for s in sources if words_of(s)]
    if arabic and len(arabic) != len(sources):
        raise UsageError("give either one article or Arabic words, not both")
    with open_store(write=True) as store:
        have = store.card_keys()
        if arabic:
            from readcli.learner.study import word_card

            from readcli.learner.lemmas import Reading

            cards = [
                word_card(r or Reading(e.key, e.lemma, "", ""), e.form)
                for e, r in entries_for(st, arabic, lemma) if e.key not in have
            ]
        else:
            if len(sources) != 1:
                raise UsageError("study add takes one article at a time")
            cards = _article_cards(st, sources[0], top, have)
        added = store.add_cards(cards)
        if cards:
            # The lemmas studied become learning (a known or ignored one keeps its status).
            statuses = store.statuses()
            fresh = [Entry(c.key, c.lemma, c.form) for c in cards if statuses.get(c.key) is None]
            if fresh:
                store.set_status(fresh, "learning")
    st.env.note(f"{added} cards added")


def _article_cards(st, ref: str, top: int, have: set[str]):
    from readcli.learner.lemmas import article_lemmas
    from readcli.learner.study import article_cards
    from readcli.learner.study import sentence_english

    article = resolve_source(st, ref)
    statuses, user, names = statuses_and_names(st)
    wanted = [
        o for o in article_lemmas(article, user_glossary=user).values()
        if status_of(o.key, statuses, names) in ("new", "learning") and o.key not in have
    ][:top]
    english = sentence_english([article]) if wanted else {}
    return article_cards(wanted, article_id=article.id, english=english)


# --- export anki -----------------------------------------------------------------------------

export_app = ReadcliTyper(help="Export to other programs.", no_args_is_help=True)
app.add_typer(export_app, name="export")

ONLY = ("unknown", "learning", "all")


@export_app.command("anki")
def export_anki(
    ctx: typer.Context,
    articles: ArticleRefs = None,
    all_articles: AllArticles = False,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="The deck file (deck.apkg; tsv: default stdout).")] = None,
    only: Annotated[str, typer.Option("--only", help="unknown (new and learning, the default), learning, or all lemmas.")] = "unknown",
    format: Annotated[
        Optional[str], typer.Option("--format", "-f", metavar="apkg|tsv", help="apkg (default) or tsv (Anki's text import).")
    ] = None,
) -> None:
    """An Anki deck of the articles' lemmas: one note per lemma with the word as read, lemma,
    gloss, part of speech, the example sentence (word in bold) and its English when the memory
    has it, and the source article.

    Notes keep their GUID from one export to the next, so importing again updates them in Anki.
    """
    st = state(ctx)
    fmt = format or "apkg"
    if fmt not in ("apkg", "tsv"):
        raise UsageError(f"export anki has no --format {fmt} (choose apkg|tsv)")
    if only not in ONLY:
        raise UsageError(f"--only {only}: choose unknown, learning or all")
    if fmt == "apkg" and output is None:
        raise UsageError("give the deck file: -o deck.apkg")
    sources, skipped = resolve_sources(st, list(articles or []), all_articles=all_articles)
    notes = _notes(st, sources, only)
    if not notes:
        st.env.note(f"no {'' if only == 'all' else only + ' '}lemmas to export")
    if fmt == "tsv":
        from readcli.learner.anki import tsv_lines

        write_output(st, output, "".join(line + "\n" for line in tsv_lines(notes)).encode("utf-8"))
    else:
        import io

        from readcli.learner.anki import write_apkg

        buffer = io.BytesIO()
        write_apkg(notes, buffer)
        write_output(st, output, buffer.getvalue())
        st.env.note(f"{len(notes)} notes written to {output}")
    finish(skipped)


def _notes(st, sources, only: str):
    from readcli.learner.anki import Note
    from readcli.learner.lemmas import corpus_lemmas
    from readcli.learner.study import sentence_english

    statuses, user, names = statuses_and_names(st)
    wanted = {"unknown": ("new", "learning"), "learning": ("learning",), "all": None}[only]
    chosen: dict[str, tuple] = {}
    for article, lemmas in corpus_lemmas(sources, user_glossary=user):
        for o in lemmas.values():
            if o.key in chosen:
                continue
            if wanted is not None and status_of(o.key, statuses, names) not in wanted:
                continue
            chosen[o.key] = (article, o)
    english = sentence_english(sources) if chosen else {}
    from readcli.learner.study import marked

    notes = []
    for key, (article, o) in chosen.items():
        notes.append(Note(key, o.form, o.lemma, o.gloss, o.pos, marked(o.text, o.start, o.end),
                          english.get((article.id, o.sentence), ""), f"{article.id} {article.title}".strip()))
    return notes
