"""Reading commands: list, show, sentences, add, info."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from readcli.cli.app import app, finish, format_option, on_interrupt, state
from readcli.cli.sources import complete_article, corpus_articles, fact_articles, indexed_corpus, resolve_source
from readcli.errors import ReadcliError, UsageError
from readcli.paths import home_dir
from readcli.render import views
from readcli.render.output import emit

# Subsystems (the index, translation, the glossary, the terminal renderers, the machine formats)
# are imported by the commands that use them, so a command pays only for its own start-up
# (bench/startup.py).

MAX_WIDTH = 1000  # --width above this is refused: 2 MB of padding helps nobody
RENDER_WIDTH = 80  # show --render off a terminal, without --width

Width = Annotated[
    Optional[int],
    typer.Option("--width", "-w", min=20, max=MAX_WIDTH, help="Line width (default: the terminal's)."),
]


@app.command("list")
def list_articles(
    ctx: typer.Context,
    format: Annotated[Optional[str], format_option(views.ARTICLES, "table on a terminal, else tsv")] = None,
) -> None:
    """List the corpus: id, title, sentences, words, whether it is translated, for fetched pages
    their date and source (site), and how much of each article you know.

    tsv columns: id, title, sentences, words, translated (yes/no), date, source, known (the share
    of running content words whose lemma is known or ignored, e.g. 87.5%; empty until `readcli
    known add`); no header. An unreadable file gets a warning line and the rest is listed (exit 3).
    """
    st = state(ctx)
    indexed = indexed_corpus(st)
    if indexed is None:  # no usable index: read every file
        articles, skipped = corpus_articles(st)
        rows = [{"id": a.id, "title": a.title, "sentences": len(a.sentences), "words": a.word_count} for a in articles]
        flags = _translated(lambda: articles)
    else:
        facts, skipped = indexed
        rows = [{k: f[k] for k in ("id", "title", "sentences", "words")} for f in facts]
        flags = _translated(lambda: fact_articles(facts))
    sources = _sources(st)
    for row in rows:
        row["translated"] = flags.get(row["id"], False)
        row["date"], row["source"] = sources.get(row["id"], ("", ""))
    view = _add_coverage(st, rows, facts if indexed is not None else None, articles if indexed is None else None)
    emit(st.env, rows, view, format, human=lambda rows: _titles_table(st, rows, view), command="list")
    finish(skipped)


def _sources(st) -> dict[str, tuple[str, str]]:
    """Article id -> (date, source) from the sidecars of fetched pages."""
    from readcli.web.meta import date_and_source

    try:
        sidecars = st.corpus.sidecars()
    except ReadcliError:
        return {}
    return {article_id: date_and_source(meta) for article_id, meta in sidecars.items()}


def _titles_table(st, rows: list[dict], view=views.ARTICLES) -> None:
    """The terminal's table: each title is its first sentence (cut to the width by the view)."""
    from readcli.render.output import print_table
    from readcli.sentences import segment

    def first_sentence(title: str) -> str:
        sentences = segment(title)
        return sentences[0].text if sentences else title

    print_table(st.env, [{**row, "title": first_sentence(row["title"])} for row in rows], view)


def _add_coverage(st, rows: list[dict], facts, articles):
    """Fill the rows' ``known`` column (readcli.learner.coverage); the view to show them with
    (the table leaves the column out while the learner store is empty)."""
    from readcli.learner.store import LearnerStore

    with LearnerStore.open() as store:
        if store.is_empty():
            shown = views.ARTICLES.table or views.ARTICLES.names
            return views.ARTICLES._replace(table=tuple(name for name in shown if name != "known"))
        statuses, revision = store.statuses(), store.revision()
    from readcli.learner.coverage import article_coverage, corpus_coverage, share

    user = st.user_glossary()
    if facts is not None:
        def notice(count: int) -> None:
            st.env.note(f"reading up to {count} articles for the known column (once: kept in the search index)")

        pairs = corpus_coverage(st.corpus, facts, statuses, revision, user, notice=notice)
    else:
        pairs = {a.id: article_coverage(a, statuses, user) for a in articles}
    for row in rows:
        row["known"] = share(pairs.get(row["id"]))
    return views.ARTICLES


def _translated(articles) -> dict[str, bool]:
    """Article id -> fully translated; ``articles()`` is called (the articles made) only when an
    ar→en package is installed."""
    from readcli.translate.packages import installed_ar_en_package

    if installed_ar_en_package() is None:
        return {}
    from readcli.translate.stored import translated_flags

    return translated_flags(articles())


# show's --format: text and tsv/jsonl for the article, table and tsv/jsonl with -b and -g.
SHOW_FORMATS = views.View(views.ARTICLE.columns, formats=("text", "table", "tsv", "jsonl"))


@app.command()
def show(
    ctx: typer.Context,
    article_id: Annotated[
        Optional[str],
        typer.Argument(metavar="[ID|FILE|-]", help="Article id or unique file-name prefix, a text file, or - for stdin "
                       "(the default when text is piped in).", autocompletion=complete_article),
    ] = None,
    width: Width = None,
    pager: Annotated[bool, typer.Option("--pager", help="Show the article in a pager (less).")] = False,
    bilingual: Annotated[
        bool, typer.Option("--bilingual", "-b", help="Arabic and English side by side, sentence by sentence.")
    ] = False,
    gloss: Annotated[
        bool, typer.Option("--gloss", "-g", help="Interlinear view: each Arabic word with its English gloss.")
    ] = False,
    render: Annotated[
        bool,
        typer.Option(
            "--render", "-r",
            help="Write the terminal layout (shaped, reordered, wrapped to --width, default 80) also to a "
            "pipe or file, for viewers without bidi (less -R, an editor). Styles only with FORCE_COLOR.",
        ),
    ] = False,
    format: Annotated[Optional[str], format_option(SHOW_FORMATS, "text; with -b or -g, table on a terminal, else tsv")] = None,
    meta: Annotated[
        bool, typer.Option("--meta", help="The article's metadata (title, date, author, site, URL...), as `info ID`.")
    ] = False,
    unknown: Annotated[
        Optional[bool],
        typer.Option(
            "--unknown/--no-unknown",
            help="Mark the words whose lemma you do not know yet (underlined; bold with NO_COLOR). "
            "Default: the `show-unknown` setting (`readcli known config`).",
        ),
    ] = None,
) -> None:
    """Read an article: shaped right-to-left Arabic on a terminal, logical text on a pipe.

    Off a terminal the original text is printed unchanged (tsv/jsonl: its sentences, as
    `readcli sentences` gives them); with --bilingual, tsv of sentence, ar, en; with --gloss, tsv
    of word, lemma, gloss, status (the learner's: new, learning, known, ignored); with --render,
    the terminal view; with --meta, field, value (the article's metadata, as `info ID`); with
    --unknown, the words whose lemma is not known yet marked.
    """
    if sum((bilingual, gloss, meta)) > 1:
        raise UsageError("choose one of --bilingual, --gloss and --meta")
    st = state(ctx)
    view = views.BILINGUAL if bilingual else views.GLOSS if gloss else views.ARTICLE_META if meta else views.ARTICLE
    command = "show --bilingual" if bilingual else "show --gloss" if gloss else "show --meta" if meta else "show"
    st.output_format(format, view, command=command)  # a format the view lacks: exit 2 before any work
    article = resolve_source(st, article_id, implicit=True)
    if meta:
        _print_meta(st, article, format, command="show --meta")
        return
    if render and not st.env.stdout_isatty:
        width = width or RENDER_WIDTH
    shown = {"width": width, "pager": pager, "render": render}
    if bilingual:
        _show_bilingual(st, article, format, **shown)
    elif gloss:
        _show_gloss(st, article, format, **shown)
    else:
        _show_text(st, article, format, unknown=unknown, **shown)


def _sentence_rows(article) -> list[dict]:
    return [
        {"article": article.id, "paragraph": s.paragraph, "sentence": s.number, "text": s.text}
        for s in article.sentences
    ]


def _show_text(st, article, fmt: str | None, *, width: int | None, pager: bool, render: bool,
               unknown: bool | None = None) -> None:
    """The article shaped on a terminal; its text unchanged on a pipe; tsv/jsonl its sentences."""

    def human(_rows) -> None:
        from readcli.render.article_view import print_article

        marked = _unknown_spans(st, article) if _marks_unknown(unknown) else None
        print_article(st.env, article, width=width, pager=pager, marked=marked)

    def text(_rows, out, _fmt) -> None:
        out.write(article.text if article.text.endswith("\n") else article.text + "\n")

    rows = _sentence_rows(article) if fmt in ("tsv", "jsonl") else []
    emit(st.env, rows, views.ARTICLE, fmt, human=human, text=text, render=render, command="show")


def _marks_unknown(option: bool | None) -> bool:
    if option is not None:
        return option
    from readcli.learner.store import LearnerStore

    with LearnerStore.open() as store:
        return store.setting("show-unknown") == "on"


def _unknown_spans(st, article) -> set[tuple[int, int]]:
    from readcli.cli.learner import status_of, statuses_and_names
    from readcli.learner.lemmas import unknown_spans

    statuses, user, names = statuses_and_names(st)
    return unknown_spans(
        article, lambda key: status_of(key, statuses, names) in ("known", "ignored"), user_glossary=user
    )


def _show_bilingual(st, article, fmt: str | None, *, width: int | None, pager: bool, render: bool) -> None:
    """Side by side on a terminal; tsv (sentence, ar, en) on a pipe."""
    from readcli.translate.pipeline import translate_articles

    on_interrupt("interrupted; finished batches are saved: run the command again to resume")
    _, records = next(translate_articles([article], st.translator()))

    def human(_rows) -> None:
        from readcli.render.bilingual import print_bilingual

        print_bilingual(st.env, article.id, records, width=width, pager=pager)

    emit(st.env, [r.as_dict() for r in records], views.BILINGUAL, fmt, human=human, render=render,
         command="show --bilingual")


def _show_gloss(st, article, fmt: str | None, *, width: int | None, pager: bool, render: bool) -> None:
    """Interlinear view on a terminal; tsv (word, lemma, gloss) on a pipe."""
    from readcli.glossary import interlinear

    sentences = interlinear(article, user_glossary=st.user_glossary())

    def human(_rows) -> None:
        from readcli.render.interlinear import print_interlinear

        print_interlinear(st.env, article.id, sentences, width=width, pager=pager)

    from readcli.cli.learner import status_of, statuses_and_names

    statuses, _, names = statuses_and_names(st)
    rows = [
        {"word": w.word, "lemma": w.lemma, "gloss": w.gloss, "status": status_of(w.key, statuses, names) if w.key else ""}
        for row in sentences for w in row if w.word
    ]
    emit(st.env, rows, views.GLOSS, fmt, human=human, render=render, command="show --gloss")


@app.command()
def sentences(
    ctx: typer.Context,
    source: Annotated[
        Optional[str],
        typer.Argument(metavar="[ID|FILE|-]", help="Article id, a text file, or - for stdin (the default).",
                       autocompletion=complete_article),
    ] = None,
    format: Annotated[Optional[str], format_option(views.SENTENCES, "text")] = None,
) -> None:
    """Split an article into sentences, one per line, in logical order.

    This is the splitter every command uses, so its numbering is the translation alignment.
    text: one sentence a line (on a terminal, numbered and shaped right to left); tsv: article,
    paragraph, sentence, text; jsonl: {"article", "paragraph", "sentence", "text"}.
    """
    st = state(ctx)
    st.output_format(format, views.SENTENCES, command="sentences")
    article = resolve_source(st, source)

    def human(rows) -> None:
        from readcli.render.article_view import numbered_lines
        from readcli.render.console import print_lines

        print_lines(st.env, lambda total: [line for row in rows for line in numbered_lines(row["sentence"], row["text"], total)])

    from readcli.render.formats import write_text_column

    emit(st.env, _sentence_rows(article), views.SENTENCES, format, human=human, text=write_text_column,
         command="sentences")


MaxSize = Annotated[
    float, typer.Option("--max-size", min=0.001, max=1024, metavar="MB",
                        help="Refuse a page or file larger than this many MB.")
]
Timeout = Annotated[
    float, typer.Option("--timeout", min=0.1, max=3600, metavar="SECONDS",
                        help="Give up on a page that has not fully arrived after this long.")
]


@app.command()
def add(
    ctx: typer.Context,
    file: Annotated[str, typer.Argument(metavar="FILE|URL", help="A text file, an HTML page (file or http(s) URL), or - for stdin.")],
    article_id: Annotated[
        Optional[str], typer.Option("--id", help="Id for the new article (default: the next number).")
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace an article with the same id; add a page that is not Arabic.")
    ] = False,
    max_size: MaxSize = 10.0,
    timeout: Timeout = 30.0,
) -> None:
    """Add an article to the corpus: a text file (UTF-8 with or without BOM, CRLF, UTF-16 or
    cp1256 Arabic), a saved HTML page, or a web page's URL.

    The file is stored as UTF-8 with LF line ends, written atomically; the corpus folder is
    created if needed. Prints the article's id. A text already in the corpus is not added
    again: its id is printed, with a note on stderr. From a page only the article's text is
    kept (title first), and its metadata goes to a JSON file beside it (`readcli info ID`); a
    URL already added prints its article's id. See docs/ingest.md.
    """
    from readcli.fetch import is_url
    from readcli.textio import decode_text, read_text_file

    st = state(ctx)
    if is_url(file) or (Path(file).suffix.lower() in (".html", ".htm", ".xhtml", ".shtml") and file != "-"):
        _add_page(st, file, article_id=article_id, force=force, max_bytes=int(max_size * 2**20), deadline=timeout)
        return
    if file == "-":
        if st.env.stdin_isatty:
            raise UsageError("reading from standard input, but it is a terminal: pipe text in or name a file")
        data = st.env.read_stdin_bytes()
        from readcli.web.ingest import looks_like_html_file

        if looks_like_html_file(Path("-"), data[:512]):  # `curl -s URL | readcli add -`
            _add_page(st, data, article_id=article_id, force=force, max_bytes=int(max_size * 2**20), deadline=timeout)
            return
        decoded = decode_text(data, "standard input")
    else:
        if _is_html_file(Path(file)):
            _add_page(st, file, article_id=article_id, force=force, max_bytes=int(max_size * 2**20), deadline=timeout)
            return
        decoded = read_text_file(Path(file))
    added = st.corpus.add(decoded.text, article_id, force=force)
    article = added.article
    if added.new:
        note = f" (converted from {decoded.encoding})" if decoded.encoding in ("cp1256", "utf-16") else ""
        st.env.status(f"added {article.id}: {article.path}{note}")
    else:
        st.env.note(f"already in the corpus as {article.id} ({article.path.name}); not added again")
    st.env.stdout.write(article.id + "\n")


def _is_html_file(path: Path) -> bool:
    """A file whose first bytes are an HTML document (a page saved without .html)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(512)
    except OSError:
        return False  # read_text_file says why
    from readcli.web.ingest import looks_like_html_file

    return looks_like_html_file(path, head)


def _add_page(st, source: str | bytes, *, article_id, force: bool, max_bytes: int, deadline: float) -> None:
    from readcli.cli.app import ExitStatus
    from readcli.fetch import is_url
    from readcli.web.ingest import Adder, Limits, NotArabic

    adder = Adder(st.corpus, Limits(max_bytes=max_bytes, deadline=deadline), force=force)
    try:
        if isinstance(source, bytes):
            outcome = adder.add_bytes(source, None, article_id=article_id)
        elif is_url(source):
            outcome = adder.add_url(source, article_id=article_id)
        else:
            outcome = adder.add_file(Path(source), article_id=article_id)
    except NotArabic as error:
        st.env.warning(str(error))
        raise typer.Exit(ExitStatus.PARTIAL) from None
    if outcome.new:
        title = outcome.meta.get("title") or ""
        st.env.status(f"added {outcome.article_id}: {outcome.path}" + (f" ({title})" if title else ""))
    elif outcome.how == "url":
        st.env.note(f"already in the corpus as {outcome.article_id} (same URL); not added again")
    else:
        st.env.note(f"already in the corpus as {outcome.article_id} (same text); not added again")
    st.env.stdout.write(outcome.article_id + "\n")


@app.command()
def info(
    ctx: typer.Context,
    article_id: Annotated[
        Optional[str], typer.Argument(metavar="[ID]", help="An article: show its metadata instead.")
    ] = None,
    format: Annotated[Optional[str], format_option(views.INFO, "table on a terminal, else tsv")] = None,
) -> None:
    """Where readcli's files are: the corpus in use (and why), the data folder, the translation
    memory, the translation packages and the corpus' search index; and who lays out
    right-to-left text (--bidi). With an article id: that article's metadata (title, date,
    author, site, URLs, when it was fetched), from its JSON sidecar.

    tsv columns: setting, value, source; with ID: field, value; no header.
    """
    from readcli.index.store import index_path
    from readcli.learner.store import store_path as learner_path
    from readcli.translate.memory import memory_path
    from readcli.translate.packages import packages_dir

    st = state(ctx)
    if article_id is not None:
        _print_meta(st, st.corpus.resolve(article_id), format, command="info")
        return
    st.output_format(format, views.INFO, command="info")
    root, origin = st.corpus_location
    exists = "" if root.is_dir() else " (not created yet)"
    rows = [
        {"setting": "corpus", "value": f"{root.resolve()}", "source": origin + exists},
        {"setting": "data folder", "value": str(home_dir()), "source": "$READCLI_HOME or the user data folder"},
        {"setting": "translation memory", "value": str(memory_path()), "source": "data folder"},
        {"setting": "packages", "value": str(packages_dir()), "source": "argostranslate's settings"},
        {"setting": "search index", "value": str(index_path(root)),
         "source": "data folder (one per corpus folder" + ("" if index_path(root).exists() else "; not built yet") + ")"},
        {"setting": "learner store", "value": str(learner_path()),
         "source": "data folder (known words, study cards)" + ("" if learner_path().exists() else "; none yet")},
        {"setting": "bidi", "value": st.env.bidi.mode, "source": st.env.bidi.reason},
    ]
    emit(st.env, rows, views.INFO, format, command="info")


def _print_meta(st, article, format: str | None, *, command: str) -> None:
    """One row per metadata field of ``article`` (its id and file at least)."""
    from readcli.corpus import read_meta
    from readcli.web.meta import meta_rows

    emit(st.env, meta_rows(article.id, article.path, read_meta(article.path)), views.ARTICLE_META, format,
         command=command)
