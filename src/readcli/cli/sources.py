"""Which articles a command works on: ids and prefixes in the corpus, file paths, standard
input, the whole corpus, and the corpus index's per-article facts.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from readcli.cli.app import State
from readcli.errors import ReadcliError, UsageError

# The corpus stack (decoding, splitting) is imported where an article is made: `--help` and
# completion of options never load it.


# The article selection shared by commands that take ``ID...``, ``--all`` or ``-``
# (see :func:`resolve_sources`).
ArticleRefs = Annotated[
    Optional[list[str]],
    typer.Argument(metavar="[ID...|-]", help="Article ids or file-name prefixes, text files, or - for stdin."),
]
AllArticles = Annotated[bool, typer.Option("--all", "-a", help="Every article of the corpus.")]


def read_stdin_article(st: State, *, implicit: bool = False):
    """The article on standard input (``-``), decoded like a file.

    ``implicit``: no article was named and stdin is read because it is a pipe; a terminal or an
    empty pipe then means the user named nothing.
    """
    from readcli.corpus import text_article
    from readcli.textio import decode_text

    if st.env.stdin is None or st.env.stdin_isatty:
        raise UsageError(
            _NOTHING_NAMED if implicit
            else "reading from standard input, but it is a terminal: pipe text in or name an article"
        )
    data = st.env.read_stdin_bytes()
    if implicit and not data.strip():
        raise UsageError(_NOTHING_NAMED)
    return text_article(decode_text(data, "standard input").text, "-")


def looks_like_a_path(ref: str) -> bool:
    """``/x``, ``./x``, ``~/x``, ``x.txt``: meant as a file, never as an article id."""
    return "/" in ref or ref.startswith(("~", ".")) or ref.endswith(".txt")


def resolve_source(st: State, ref: str | None, *, implicit: bool = False):
    """An article from an id or prefix in the corpus, a file path, or ``-`` (stdin; also when
    ``ref`` is None: ``implicit`` says no article was named, see :func:`read_stdin_article`)."""
    from readcli.corpus import text_article
    from readcli.textio import read_text_file

    if ref is None or ref == "-":
        return read_stdin_article(st, implicit=implicit and ref is None)
    path = Path(ref).expanduser()
    if ((looks_like_a_path(ref) or path.suffix) and path.is_file()) or (
        looks_like_a_path(ref) and not _is_article_ref(st, ref)
    ):
        # A missing file is "no such file", not "no article".
        return text_article(read_text_file(path).text, path.stem.split("_")[0] or path.stem)
    return st.corpus.resolve(ref)


def _is_article_ref(st: State, ref: str) -> bool:
    """True when ``ref`` names an article of the corpus (a file name with a dot, say)."""
    try:
        st.corpus.resolve(ref)
    except ReadcliError:
        return False
    return True


def complete_article(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Shell completion: the corpus' article ids (with their titles) that start with what is typed."""
    from readcli.render.safe import visible

    try:
        option = ctx.find_root().params.get("corpus")
        corpus = ctx.obj.corpus if isinstance(ctx.obj, State) else State(corpus_option=option).corpus
        articles = corpus.articles()
    except Exception:  # noqa: BLE001 - completion must never fail
        return []
    found = []
    for article in articles:
        if article.id.startswith(incomplete) or article.path.name.startswith(incomplete):
            try:
                title = article.title
            except Exception:  # noqa: BLE001 - an unreadable file still completes
                title = ""
            found.append((article.id, " ".join(visible(title).split())[:60]))  # data: made inert
    return found


def corpus_articles(st: State) -> tuple[list, int]:
    """Every readable article of the corpus, and how many were skipped (one warning line each)."""
    articles, problems = st.corpus.readable_articles()
    for problem in problems:
        st.env.warning(f"skipped {problem}")
    if not articles and not problems:
        raise no_articles(st)
    return articles, len(problems)


def no_articles(st: State) -> UsageError:
    return UsageError(f"no articles in {st.corpus.root}; add one with `readcli add FILE`")


_NOTHING_NAMED = "name one or more articles, --all, or - for standard input (or pipe text in)"


def index_failures() -> tuple:
    """What turns the search index off for a command: it is a cache, never a reason to fail."""
    import sqlite3  # only for commands that use the index

    return (ReadcliError, sqlite3.Error, OSError)


def indexed_corpus(st: State):
    """The whole corpus from the search index's per-article facts: (facts rows in corpus order,
    files skipped), or None when the index cannot be used (a read-only data folder...).

    Only files whose size or modification time changed are read (and hashed); unreadable ones get
    one warning line each.
    """
    if not st.corpus.root.is_dir():
        st.corpus.articles()  # the one error line for a missing corpus folder
    try:
        from readcli.index.facts import article_facts  # the index: loaded by the commands that use it

        facts = article_facts(st.corpus)
    except index_failures():
        return None
    for line in facts.notices:
        st.env.note(line)
    for problem in facts.problems:
        st.env.warning(f"skipped {problem}")
    if not facts.articles and not facts.problems:
        raise no_articles(st)
    return facts.articles, len(facts.problems)


def fact_articles(facts: list[dict]) -> list:
    """Articles for facts rows (made only when needed: 10,000 paths cost a tenth of a second)."""
    from readcli.corpus import Article

    return [Article(id=f["id"], path=Path(f["path"])) for f in facts]


def resolve_sources(st: State, refs: list[str], *, all_articles: bool = False) -> tuple[list, int]:
    """Articles for a command that takes ``ID...``, ``--all`` or ``-``, and the number skipped."""
    if all_articles and refs:
        raise UsageError("give article ids or --all, not both")
    if all_articles:
        return corpus_articles(st)
    if not refs:  # no article named: read a pipe if there is one (`echo … | readcli translate`)
        return [read_stdin_article(st, implicit=True)], 0
    if refs.count("-") > 1:
        raise UsageError("standard input (-) can be read only once")
    return [resolve_source(st, ref) for ref in refs], 0
