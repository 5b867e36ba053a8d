"""``readcli read``: the interactive full-screen reader (Textual, imported only here)."""

from __future__ import annotations

import signal
from typing import Annotated, Optional

import typer

from readcli.cli.app import app, state
from readcli.cli.sources import index_failures, resolve_source
from readcli.errors import ReadcliError, UsageError

NEEDS_TERMINAL = "`read` needs a terminal (standard input and output); `readcli show ID` works on pipes"


@app.command()
def read(
    ctx: typer.Context,
    article_id: Annotated[
        Optional[str],
        typer.Argument(metavar="[ID]", help="Article id or unique file-name prefix, or a file (default: the article list)."),
    ] = None,
    sentence: Annotated[
        Optional[int], typer.Option("--sentence", "-s", min=1, help="Open on sentence N (default: where you left off).")
    ] = None,
    word: Annotated[Optional[int], typer.Option("--word", min=1, help="Put the word cursor on word N of the sentence.")] = None,
    english: Annotated[bool, typer.Option("--english", "-e", help="Open with the English pane shown.")] = False,
    lookup: Annotated[bool, typer.Option("--lookup", help="Open with the word pane showing the word under the cursor.")] = False,
    gloss: Annotated[bool, typer.Option("--gloss", "-g", help="Open with the interlinear glosses of the sentence.")] = False,
) -> None:
    """Read in a full-screen reader: sentence by sentence, with the English, word lookup and search.

    Keys: j/k (or arrows) sentence, ←/→ word, space/b page, t English, enter look up, g glosses,
    / search (n/N), ]/[ article, l list, ? help, q quit. The position in each article is saved in
    the data folder. Needs a terminal; `readcli show` works on pipes.
    """
    st = state(ctx)
    env = st.env
    if not (env.stdin_isatty and env.stdout_isatty):
        raise UsageError(NEEDS_TERMINAL)
    if lookup and gloss:
        raise UsageError("choose one of --lookup and --gloss")
    article = None
    if article_id is not None:
        article = resolve_source(st, article_id)
        article.text  # noqa: B018 - read it before the screen changes: errors are one line
    elif not st.corpus.root.is_dir():
        st.corpus.articles()  # the one error line for a missing corpus folder
    corpus = st.corpus if st.corpus.root.is_dir() else None
    run_reader(st, corpus, article, sentence=sentence, word=word, english=english, lookup=lookup, gloss=gloss)


def make_sources(corpus, glossary: dict):
    """What the reader reads from: the corpus, its glossary, positions in the data folder, the
    installed package, the memory and model, the corpus index."""
    from readcli.reading import Positions
    from readcli.render.reader_app import ReaderSources

    return ReaderSources(
        corpus=corpus,
        user_glossary=glossary,
        positions=Positions(),
        package=_installed_package,
        translate=_translate(glossary),
        corpus_count=_corpus_counter(corpus),
    )


def run_reader(st, corpus, article, **start) -> None:
    from readcli.render.reader_app import ReaderApp, Start

    try:
        glossary = st.user_glossary() if corpus is not None else {}
    except ReadcliError:
        glossary = {}
    sources = make_sources(corpus, glossary)
    reader = ReaderApp(sources, article, Start(**start))
    stopped: list[int] = []

    def on_signal(signum, frame) -> None:
        # Ctrl-C sent as a signal (kill -INT; the key itself arrives as a key), SIGTERM, SIGHUP:
        # leave the app the way the ctrl+c key does, so Textual restores the terminal first.
        loop = getattr(reader, "_loop", None)
        if loop is None or loop.is_closed():
            raise KeyboardInterrupt if signum == signal.SIGINT else SystemExit(128 + signum)
        stopped.append(signum)
        loop.call_soon_threadsafe(reader.action_interrupt)

    # The terminal's bidi mode (explicit while the app runs, restored on every way out) or
    # logical text for terminals that lay it out themselves: readcli's one handshake.
    with st.env.bidi_view():
        handled = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
        previous = {signum: signal.signal(signum, on_signal) for signum in handled}
        try:
            reader.run(mouse=False)
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)
            reader.save_position()
    if stopped and stopped[0] != signal.SIGINT:
        raise SystemExit(128 + stopped[0])  # quietly, as every readcli view ends on SIGTERM
    if reader.position_problem:
        st.env.warning(reader.position_problem)  # reading goes on without positions; say it once
    if reader.interrupted:
        raise KeyboardInterrupt
    failure = reader.failure
    if failure is not None:
        if isinstance(failure, ReadcliError):
            raise failure
        raise ReadcliError(f"the reader stopped on an unexpected error: {type(failure).__name__}: {failure}")


def _installed_package():
    from readcli.translate.packages import installed_ar_en_package

    return installed_ar_en_package()


def _translate(glossary: dict):
    def translate(package, sentences: list[str]) -> list[tuple[str, str]]:
        """(English, where it came from) for each sentence: the English stored in the translation
        memory (the one lookup, :mod:`readcli.translate.stored`), else the model's (stored in the
        memory; a memory that cannot be written, read-only or full, is not a failure)."""
        from readcli.errors import NO_SPACE, PERMISSION, ResourceError
        from readcli.translate import stored
        from readcli.translate.masking import prepare_glossary
        from readcli.translate.memory import Memory
        from readcli.translate.pipeline import Translator

        key = stored.model_key(package)
        memory = Memory.open(create=False)
        try:
            masked, templates = stored.look_up(memory, key, sentences, prepare_glossary(glossary))
        finally:
            if memory is not None:
                memory.close()
        found = [stored.english(m, templates) for m in masked]
        if all(text is not None for text in found):
            return [(text, "memory") for text in found]
        try:
            made = Translator(package=package, glossary=glossary).translate(sentences)
        except ResourceError as error:
            if error.kind not in (PERMISSION, NO_SPACE):
                raise
            made = Translator(package=package, glossary=glossary, use_cache=False).translate(sentences)
        return [(new, "memory" if old is not None else "model") for old, new in zip(found, made)]

    return translate


def _corpus_counter(corpus):
    """(word) -> (occurrences, sentences, articles) of the word in any form in the corpus, from the
    search index (brought up to date on first use), or a line saying why there is no count."""
    if corpus is None:
        return None
    import threading

    updated = []
    lock = threading.Lock()  # one look at a time: the first brings the index up to date

    def count(word: str):
        from readcli.index.index import SearchIndex

        try:
            with lock, SearchIndex.open(corpus) as index:
                if not updated:
                    index.update()
                    updated.append(True)
                hits = index.search(word, lang="ar", limit=0)
        except index_failures() as error:
            return f"no corpus count (the search index: {error})"
        return sum(len(h["spans"]) for h in hits), len(hits), len({h["article"] for h in hits})

    return count
