"""``readcli read``: the full-screen reader, built on Textual.

Imported only by the ``read`` command (Textual costs start-up time every other command must not
pay). Textual has no bidi: the article pane draws the lines :mod:`readcli.render.reader_layout`
laid out (wrapped logically, then shaped and reordered by readcli's own code), and every other
pane lays its text out the same way before Textual sees it. Nothing from data reaches the
terminal raw: article text goes through :func:`readcli.render.safe.inert` (layout), everything
else through :func:`readcli.render.safe.visible` or the layout.

Slow work (loading the lexicon, translating, counting in the corpus index, searching a long
article) runs in worker threads, so keys always answer; the panes say what they wait for.
"""

from __future__ import annotations

import os
import sys
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Callable

from rich.cells import cell_len
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Container, Vertical
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import DataTable, Footer, Input, Static

from readcli.render.reader_layout import ArticleLayout, Document, paragraph_base, visual_block
from readcli.render.safe import visible

# --- the terminal's bidi mode ----------------------------------------------------------------------

# ECMA-48 BDSM (bi-directional support mode, mode 8): reset = explicit mode, the terminal shows
# cells in the order it gets them (readcli has laid the Arabic out); set = implicit mode, the
# terminal runs its own bidi (VTE's default). See the terminal-bidi issue; this is the one place
# the reader sends them, for the lead to point at the shared helper once it exists.
BIDI_EXPLICIT = "\x1b[8l"
BIDI_IMPLICIT = "\x1b[8h"


@contextmanager
def terminal_bidi_explicit(fd: int):
    """Explicit bidi mode on terminal ``fd`` while the block runs; implicit again on every way out
    (normal end, an exception, Ctrl-C)."""
    _write_fd(fd, BIDI_EXPLICIT)
    try:
        yield
    finally:
        _write_fd(fd, BIDI_IMPLICIT)


def _write_fd(fd: int, text: str) -> None:
    try:
        os.write(fd, text.encode("ascii"))
    except OSError:
        pass


# --- what the app is given ------------------------------------------------------------------------

SENTENCE_STYLE = "on #243b55"
WORD_STYLE = "reverse"
HIT_STYLE = "bold underline #ffd75f"
WHOLE_ARTICLE_GLOSS = 3000  # sentences: above this, `g` glosses the sentence on its own
SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"


@dataclass
class ReaderSources:
    """What the reader reads from: the corpus (None for a lone file or stdin), the user glossary,
    read positions, and how to translate. Built by the CLI; tests build their own."""

    corpus: Any = None
    user_glossary: dict = field(default_factory=dict)
    positions: Any = None
    # () -> the installed ar->en package or None
    package: Callable[[], Any] | None = None
    # (package, [sentence]) -> [english]
    translate: Callable[[Any, list[str]], list[str]] | None = None
    # (word) -> (occurrences, sentences, articles) in the corpus, or a string saying why not
    corpus_count: Callable[[str], Any] | None = None


@dataclass
class Start:
    """Where to open: sentence and word numbers (from 1), panes shown."""

    sentence: int | None = None
    word: int | None = None
    english: bool = False
    lookup: bool = False
    gloss: bool = False


# --- widgets ---------------------------------------------------------------------------------------


class ArticlePane(Widget, can_focus=True):
    """The article: only the lines on screen are laid out."""

    DEFAULT_CSS = "ArticlePane { width: 1fr; height: 1fr; }"

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.doc: Document | None = None
        self.layout_: ArticleLayout | None = None
        self.sentence = 0
        self.word = 0
        self.hits: dict[int, tuple[tuple[int, int], ...]] = {}  # sentence -> hit word ranges

    def set_document(self, doc: Document, sentence: int, word: int) -> None:
        self.doc = doc
        self.layout_ = None
        self.sentence, self.word = sentence, word
        self.hits = {}
        self.refresh()

    def _layout(self) -> ArticleLayout | None:
        if self.doc is None or self.size.width <= 0:
            return None
        if self.layout_ is None or self.layout_.width != self.size.width:
            self.layout_ = ArticleLayout(self.doc, self.size.width)
            self.layout_.show_sentence(self.sentence, max(1, self.size.height))
        return self.layout_

    def follow(self) -> None:
        """Scroll so the current sentence is on screen."""
        layout = self._layout()
        if layout is not None:
            layout.show_sentence(self.sentence, max(1, self.size.height))
        self.refresh()

    def on_resize(self) -> None:
        self.follow()

    def screen_lines(self):
        layout = self._layout()
        return [] if layout is None else layout.screen(max(1, self.size.height))

    def render(self) -> Text:
        out = Text(no_wrap=True, overflow="ignore", end="")
        for row, line in enumerate(self.screen_lines()):
            if row:
                out.append("\n")
            text = Text(line.text, style=line.style, no_wrap=True, overflow="ignore", end="")
            for start, end, s, w in line.runs:
                if s == self.sentence:
                    text.stylize(SENTENCE_STYLE, start, end)
                    if w == self.word and w >= 0:
                        text.stylize(WORD_STYLE, start, end)
                hit = self.hits.get(s)
                if hit and w >= 0 and any(a <= w < b for a, b in hit):
                    text.stylize(HIT_STYLE, start, end)
            out.append_text(text)
        return out


class Pane(Static):
    """A side pane: lines laid out by readcli, never wrapped by Textual."""

    def show_lines(self, lines: list[str | Text]) -> None:
        out = Text(no_wrap=True, overflow="ellipsis", end="")
        for i, line in enumerate(lines):
            if i:
                out.append("\n")
            out.append_text(line if isinstance(line, Text) else Text(line))
        self.update(out)


class HelpScreen(ModalScreen):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > Static { width: auto; max-width: 100%; height: auto; max-height: 100%;
                          border: round $accent; padding: 0 1; background: $panel; }
    """
    BINDINGS = [Binding("escape,q,question_mark", "close", "close")]

    KEYS = [
        ("j / ↓   k / ↑", "next / previous sentence"),
        ("← / →", "word cursor, in screen direction (Arabic: ← next word)"),
        ("space / b", "page down / up"),
        ("t", "show or hide the English of the sentence"),
        ("enter", "look up the word under the cursor"),
        ("g", "interlinear glosses of the sentence"),
        ("/  n / N", "search the article (as readcli search); next/previous hit"),
        ("] / [", "next / previous article"),
        ("l", "the article list"),
        ("?", "this help"),
        ("q", "quit (the position is saved)"),
    ]

    def compose(self) -> ComposeResult:
        width = max(len(k) for k, _ in self.KEYS)
        lines = ["readcli read: keys", ""] + [f"{k.ljust(width)}  {v}" for k, v in self.KEYS]
        yield Static(Text("\n".join(lines)), id="help")

    def action_close(self) -> None:
        self.dismiss()


class ListScreen(Screen):
    """The article list: id, title, sentences, translated, read position. Enter opens one."""

    BINDINGS = [
        Binding("escape", "close", "back"),
        Binding("q", "app.quit_reader", "quit"),
        Binding("j", "cursor(1)", show=False),
        Binding("k", "cursor(-1)", show=False),
        Binding("question_mark", "app.help", "help"),
        Binding("ctrl+c", "app.interrupt", show=False, priority=True),
    ]
    DEFAULT_CSS = "ListScreen DataTable { height: 1fr; }"

    def __init__(self, rows: list[dict], current: str | None) -> None:
        super().__init__()
        self.rows = rows
        self.current = current

    def compose(self) -> ComposeResult:
        yield Static(Text("articles: enter opens one"), id="list-title")
        yield DataTable(cursor_type="row", zebra_stripes=False, id="articles")
        yield Footer()

    def on_mount(self) -> None:
        self.fill()

    def fill(self) -> None:
        table = self.query_one(DataTable)
        table.clear(columns=True)
        width = max(10, self.size.width or self.app.size.width)
        title_width = max(8, width - 5 - 9 - 11 - 9 - 10)
        table.add_column("id", width=5, key="id")
        table.add_column("title", width=title_width, key="title")
        table.add_column("sentences", width=9, key="sentences")
        table.add_column("translated", width=10, key="translated")
        table.add_column("position", width=8, key="position")
        for row in self.rows:
            table.add_row(
                visible(row["id"])[:5],
                _rtl_cell(row["title"], title_width),
                Text(str(row["sentences"]), justify="right"),
                row.get("translated", "…"),
                Text(str(row["position"] or "-"), justify="right"),
                key=row["id"],
            )
        ids = [r["id"] for r in self.rows]
        if self.current in ids:
            table.move_cursor(row=ids.index(self.current))
        table.focus()

    def set_translated(self, flags: dict[str, bool]) -> None:
        table = self.query_one(DataTable)
        for row in self.rows:
            row["translated"] = "yes" if flags.get(row["id"]) else "no"
            try:
                table.update_cell(row["id"], "translated", row["translated"])
            except Exception:  # noqa: BLE001 - the table was refilled meanwhile
                pass

    def action_cursor(self, step: int) -> None:
        table = self.query_one(DataTable)
        table.move_cursor(row=max(0, table.cursor_row + step))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.app.open_article_id(event.row_key.value)

    def action_close(self) -> None:
        if self.app.has_article:
            self.app.pop_screen()


def _rtl_cell(title: str, width: int) -> Text:
    from readcli.render.rtl import to_visual, wrap_logical

    lines = wrap_logical(title, width - 1) or [""]
    logical = lines[0] + ("…" if len(lines) > 1 else "")
    base = "R" if paragraph_base(logical) else "L"
    visual = to_visual(logical, base)
    if base == "R":
        visual = " " * max(0, width - cell_len(visual)) + visual
    return Text(visual, no_wrap=True, overflow="ignore")


class ReaderScreen(Screen):
    BINDINGS = [
        Binding("j,down", "sentence(1)", "next"),
        Binding("k,up", "sentence(-1)", "prev"),
        Binding("left", "word('left')", "word", key_display="←→"),
        Binding("right", "word('right')", "word", show=False),
        Binding("space", "page(1)", "page", key_display="spc/b"),
        Binding("b", "page(-1)", "page up", show=False),
        Binding("t", "english", "English"),
        Binding("enter", "lookup", "look up"),
        Binding("g", "gloss", "gloss"),
        Binding("slash", "search", "search"),
        Binding("n", "hit(1)", "next hit", show=False),
        Binding("N", "hit(-1)", "previous hit", show=False),
        Binding("right_square_bracket", "article(1)", "next article", show=False),
        Binding("left_square_bracket", "article(-1)", "previous article", show=False),
        Binding("l", "app.article_list", "list"),
        Binding("question_mark", "app.help", "help"),
        Binding("q", "app.quit_reader", "quit"),
        Binding("escape", "close_search", show=False),
        Binding("ctrl+c", "app.interrupt", show=False, priority=True),
    ]

    DEFAULT_CSS = """
    ReaderScreen { layout: vertical; }
    #status { height: 1; background: $panel; color: $text; }
    #body { height: 1fr; layout: vertical; }
    #side { height: auto; max-height: 50%; display: none; }
    ReaderScreen.wide #side { dock: left; width: 45%; height: 100%; max-height: 100%; border-right: vkey $panel; }
    #side.visible { display: block; }
    #english { height: auto; max-height: 8; padding: 0 1; border-top: hkey $panel; display: none; }
    #words { height: auto; padding: 0 1; border-top: hkey $panel; display: none; }
    ReaderScreen.wide #english { max-height: 50%; }
    #english.visible, #words.visible { display: block; }
    #search { dock: bottom; display: none; }
    #search.visible { display: block; }
    """

    WIDE = 100  # columns from which the panes stand beside the article (on its left: Arabic
    # lines end at the right edge of the screen, where they start)

    def compose(self) -> ComposeResult:
        yield Static("", id="status")
        with Container(id="body"):
            yield ArticlePane(id="article")
            with Vertical(id="side"):
                yield Pane("", id="english")
                yield Pane("", id="words")
        yield Input(placeholder="search the article (Enter; Esc cancels)", id="search")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(ArticlePane).focus()
        self.on_resize()

    def on_resize(self, event=None) -> None:
        self.set_class(self.app.size.width >= self.WIDE, "wide")

    # Actions are the app's: the screen only routes them.
    def action_sentence(self, step: int) -> None:
        self.app.move_sentence(step)

    def action_word(self, direction: str) -> None:
        self.app.move_word(direction)

    def action_page(self, direction: int) -> None:
        self.app.page(direction)

    def action_english(self) -> None:
        self.app.toggle_english()

    def action_lookup(self) -> None:
        self.app.lookup()

    def action_gloss(self) -> None:
        self.app.toggle_gloss()

    def action_search(self) -> None:
        self.app.open_search()

    def action_hit(self, step: int) -> None:
        self.app.next_hit(step)

    def action_article(self, step: int) -> None:
        self.app.next_article(step)

    def action_close_search(self) -> None:
        self.app.close_search()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.app.run_search(event.value)


# --- the app -----------------------------------------------------------------------------------------


class ReaderApp(App):
    TITLE = "readcli read"
    ENABLE_COMMAND_PALETTE = False
    CSS = "Screen { background: $background; }"

    def __init__(self, sources: ReaderSources, article=None, start: Start | None = None) -> None:
        super().__init__()
        self.sources = sources
        self.article = article
        self.start = start or Start()
        self.doc: Document | None = None
        self.english_shown = self.start.english
        self.word_mode: str | None = "lookup" if self.start.lookup else ("gloss" if self.start.gloss else None)
        self.english: dict[int, str] = {}
        self.english_pending: set[int] = set()
        self.lookups: dict[str, list[str]] = {}
        self.lookup_pending: set[str] = set()
        self.glosses: dict[int, Any] = {}
        self.gloss_article = None
        self.search_query = ""
        self.search_hits: list = []
        self.search_state = ""
        self.interrupted = False
        self.sentence_number = 1  # the current sentence, from 1 (kept for the position saved at exit)
        self.position_problem: str | None = None
        self._package = None
        self._package_known = False
        self._spin = 0
        self._lock = threading.Lock()

    # --- start and stop ---------------------------------------------------------------------------

    async def on_mount(self) -> None:
        await self.push_screen(ReaderScreen())
        if self.article is not None:
            self._open(self.article, self.start.sentence, self.start.word)
        else:
            self.action_article_list()
        self.set_interval(0.12, self._tick)

    @property
    def has_article(self) -> bool:
        return self.doc is not None

    def _handle_exception(self, error: Exception) -> None:
        # An unexpected error: leave the app (Textual restores the terminal) without printing
        # Textual's traceback; the CLI turns app.failure into one `readcli: error:` line.
        self._return_code = 1
        if self._exception is None:
            self._exception = error
            self._exception_event.set()
        self._close_messages_no_wait()

    @property
    def failure(self) -> BaseException | None:
        return self._exception

    def action_quit_reader(self) -> None:
        self.exit(return_code=0)

    def action_interrupt(self) -> None:
        self.interrupted = True
        self.exit(return_code=130)

    def save_position(self) -> None:
        """Save where the reader is in the current article (reported once if it cannot be)."""
        if self.doc is None or self.sources.positions is None or self.article is None:
            return
        from readcli.reading import article_key

        problem = self.sources.positions.save(article_key(self.article), self.sentence_number)
        if problem and not self.position_problem:
            self.position_problem = problem
            try:
                self.notify(problem, severity="warning")
            except Exception:  # noqa: BLE001 - the app is closing
                pass

    # --- the article ------------------------------------------------------------------------------

    @property
    def reader(self) -> ReaderScreen:
        for screen in self.screen_stack:
            if isinstance(screen, ReaderScreen):
                return screen
        raise LookupError("no reader screen")

    @property
    def pane(self) -> ArticlePane:
        return self.reader.query_one(ArticlePane)

    def _open(self, article, sentence: int | None = None, word: int | None = None) -> None:
        if self.doc is not None:
            self.save_position()
        self.article = article
        self.doc = Document(article.id, article.sentences)
        total = len(self.doc.sentences)
        if sentence is None and self.sources.positions is not None:
            from readcli.reading import article_key

            sentence = self.sources.positions.load(article_key(article))
        index = min(max(1, sentence or 1), max(1, total)) - 1
        words = len(self.doc.words(index)) if total else 0
        word_index = min(max(1, word or 1), max(1, words)) - 1
        self.english.clear()
        self.english_pending.clear()
        self.glosses.clear()
        self.gloss_article = None
        self.search_hits, self.search_query, self.search_state = [], "", ""
        self.pane.set_document(self.doc, index, word_index)
        self.pane.follow()
        self._changed()
        self._side_visibility()

    def open_article_id(self, article_id: str) -> None:
        corpus = self.sources.corpus
        if corpus is None:
            return
        from readcli.errors import ReadcliError

        try:
            article = corpus.resolve(article_id)
            article.text  # noqa: B018 - read it now: an unreadable file is a message, not a crash
        except ReadcliError as error:
            self.notify(visible(str(error)), severity="error")
            return
        while not isinstance(self.screen, ReaderScreen):
            self.pop_screen()
        self._open(article)

    def move_sentence(self, step: int) -> None:
        if not self.doc or not self.doc.sentences:
            return
        pane = self.pane
        target = min(max(0, pane.sentence + step), len(self.doc.sentences) - 1)
        if target != pane.sentence:
            pane.sentence, pane.word = target, 0
            pane.follow()
            self._changed()

    def move_word(self, direction: str) -> None:
        if not self.doc or not self.doc.sentences:
            return
        pane = self.pane
        s = pane.sentence
        rtl = paragraph_base(self.doc.paragraph_text(self.doc.paragraph_of(s))) == 1
        step = 1 if (direction == "left") == rtl else -1
        target = pane.word + step
        if 0 <= target < len(self.doc.words(s)):
            pane.word = target
        elif 0 <= s + step < len(self.doc.sentences):  # into the next or previous sentence
            pane.sentence = s + step
            pane.word = 0 if step > 0 else len(self.doc.words(s + step)) - 1
            pane.follow()
        else:
            return
        pane.refresh()
        self._changed(sentence_changed=pane.sentence != s)

    def page(self, direction: int) -> None:
        pane = self.pane
        layout = pane._layout()
        if layout is None:
            return
        height = max(1, pane.size.height)
        layout.page(height, direction)
        first = layout.first_sentence_on_screen(height)
        if first is not None and first != pane.sentence:
            pane.sentence, pane.word = first, 0
            self._changed()
        pane.refresh()

    def next_article(self, step: int) -> None:
        corpus = self.sources.corpus
        if corpus is None or self.article is None:
            self.notify("not a corpus article: no next or previous one", severity="warning")
            return
        from readcli.errors import ReadcliError

        try:
            articles = corpus.articles()
        except ReadcliError as error:
            self.notify(visible(str(error)), severity="error")
            return
        names = [a.path.name for a in articles]
        name = getattr(self.article.path, "name", None)
        if name not in names:
            self.notify("this article is not in the corpus", severity="warning")
            return
        index = names.index(name) + step
        if not 0 <= index < len(articles):
            self.notify("no next article" if step > 0 else "no previous article")
            return
        self.open_article_id(articles[index].id)

    # --- status and panes -------------------------------------------------------------------------

    def _changed(self, sentence_changed: bool = True) -> None:
        self.sentence_number = self.pane.sentence + 1
        self._status()
        if sentence_changed:
            self._english()
        self._words()

    def current_word(self) -> str:
        pane = self.pane
        words = self.doc.words(pane.sentence) if self.doc and self.doc.sentences else []
        return words[pane.word] if 0 <= pane.word < len(words) else ""

    def _status(self) -> None:
        if self.doc is None:
            return
        pane = self.pane
        total = len(self.doc.sentences)
        parts = [visible(self.doc.article_id), f"sentence {pane.sentence + 1}/{total}" if total else "empty"]
        if total:
            parts.append(f"word {pane.word + 1}/{len(self.doc.words(pane.sentence))}")
        if self.search_state:
            parts.append(self.search_state)
        self.reader.query_one("#status", Static).update(Text(" · ".join(parts), no_wrap=True, overflow="ellipsis"))

    def _side_visibility(self) -> None:
        reader = self.reader
        english = reader.query_one("#english")
        words = reader.query_one("#words")
        english.set_class(self.english_shown, "visible")
        words.set_class(self.word_mode is not None, "visible")
        reader.query_one("#side").set_class(self.english_shown or self.word_mode is not None, "visible")
        self.call_after_refresh(self._relayout)

    def _relayout(self) -> None:
        """After the panes changed size: the article follows, the panes are laid out again."""
        self.pane.follow()
        self._english()
        self._words()

    def _pane_width(self, pane_id: str) -> int:
        widget = self.reader.query_one(pane_id)
        width = widget.content_size.width
        if width <= 0:
            reader = self.reader
            width = self.size.width * 45 // 100 if reader.has_class("wide") else self.size.width
            width -= 3
        return max(10, width)

    def toggle_english(self) -> None:
        self.english_shown = not self.english_shown
        self._side_visibility()

    def _english(self) -> None:
        if not self.english_shown or self.doc is None or not self.doc.sentences:
            return
        s = self.pane.sentence
        pane = self.reader.query_one("#english", Pane)
        if s in self.english:
            self._show_english(s)
            return
        if not self._package_known:
            pane.show_lines([self._spinner() + " looking for a translation package…"])
        else:
            pane.show_lines([self._spinner() + " translating…"])
        if s not in self.english_pending:
            self.english_pending.add(s)
            text = self.doc.sentences[s].text
            doc = self.doc
            self.run_worker(lambda: self._translate_worker(doc, s, text), thread=True, exit_on_error=False,
                            group="english")

    def _translate_worker(self, doc, s: int, text: str) -> None:
        from readcli.errors import ReadcliError

        try:
            if not self._package_known:
                with self._lock:
                    if not self._package_known:
                        self._package = self.sources.package() if self.sources.package else None
                        self._package_known = True
            if self._package is None:
                result = ("hint", "No translation package: `readcli models install` installs one (then press t).")
            else:
                result = ("en", self.sources.translate(self._package, [text])[0])
        except ReadcliError as error:
            result = ("error", str(error))
        except Exception as error:  # noqa: BLE001 - a translation failure is a message, not a crash
            result = ("error", f"cannot translate: {type(error).__name__}: {error}")
        self._from_thread(self._english_done, doc, s, result)

    def _english_done(self, doc, s: int, result) -> None:
        if doc is not self.doc:
            return
        self.english_pending.discard(s)
        self.english[s] = result
        if self.pane.sentence == s:
            self._show_english(s)

    def _show_english(self, s: int) -> None:
        kind, text = self.english[s]
        pane = self.reader.query_one("#english", Pane)
        width = self._pane_width("#english")
        if kind == "en":
            lines = visual_block([text], width)
        else:
            lines = [Text(line, style="italic" if kind == "hint" else "red") for line in visual_block([text], width)]
        pane.show_lines(lines)

    def lookup(self) -> None:
        self.word_mode = None if self.word_mode == "lookup" else "lookup"
        self._side_visibility()

    def toggle_gloss(self) -> None:
        self.word_mode = None if self.word_mode == "gloss" else "gloss"
        self._side_visibility()

    def _words(self) -> None:
        if self.word_mode is None or self.doc is None or not self.doc.sentences:
            return
        pane = self.reader.query_one("#words", Pane)
        width = self._pane_width("#words")
        if self.word_mode == "gloss":
            s = self.pane.sentence
            if s in self.glosses:
                from readcli.render.interlinear import interlinear_lines

                rows = interlinear_lines([self.glosses[s]], width)
                pane.show_lines([Text(line, style=style, no_wrap=True) for style, line in rows])
            else:
                pane.show_lines([self._spinner() + " glossing the sentence (loading the lexicon)…"])
                doc = self.doc
                if ("gloss", s) not in self.lookup_pending:
                    self.lookup_pending.add(("gloss", s))
                    self.run_worker(lambda: self._gloss_worker(doc, s), thread=True, exit_on_error=False,
                                    group="gloss")
            return
        word = self.current_word()
        key = _lookup_word(word)
        if key in self.lookups:
            pane.show_lines(visual_block(self.lookups[key], width))
            return
        pane.show_lines(visual_block([word], width) + [self._spinner() + " looking up…"])
        if key in self.lookup_pending:
            return
        self.lookup_pending.add(key)
        doc = self.doc
        self.run_worker(lambda: self._lookup_worker(doc, word, key), thread=True, exit_on_error=False,
                        group="lookup", exclusive=True)

    def _lookup_worker(self, doc, word: str, key: str) -> None:
        try:
            lines = word_info(word, key, self.sources)
        except Exception as error:  # noqa: BLE001
            lines = [f"cannot look up: {type(error).__name__}: {error}"]
        self._from_thread(self._lookup_done, key, lines)

    def _lookup_done(self, key: str, lines: list[str]) -> None:
        self.lookup_pending.discard(key)
        self.lookups[key] = lines
        if self.word_mode == "lookup" and _lookup_word(self.current_word()) == key:
            self._words()

    def _gloss_worker(self, doc, s: int) -> None:
        from readcli.glossary.interlinear import interlinear

        try:
            if len(doc.sentences) <= WHOLE_ARTICLE_GLOSS:
                if self.gloss_article is None:
                    rows = interlinear(_Sentences(doc.sentences), user_glossary=self.sources.user_glossary)
                    self.gloss_article = rows
                result = {i: row for i, row in enumerate(self.gloss_article)}
            else:
                result = {s: interlinear(_Sentences([doc.sentences[s]]), user_glossary=self.sources.user_glossary)[0]}
        except Exception as error:  # noqa: BLE001
            from readcli.glossary.interlinear import WordGloss

            result = {s: [WordGloss(f"cannot gloss: {type(error).__name__}", "", "", "", "")]}
        self._from_thread(self._gloss_done, doc, result)

    def _gloss_done(self, doc, result) -> None:
        self.lookup_pending = {k for k in self.lookup_pending if not (isinstance(k, tuple) and k[1] in result)}
        if doc is self.doc:
            self.glosses.update(result)
            self._words()

    def _from_thread(self, callback, *args) -> None:
        try:
            self.call_from_thread(callback, *args)
        except RuntimeError:
            pass  # the app has ended

    def _spinner(self) -> str:
        return SPINNER[self._spin % len(SPINNER)]

    def _tick(self) -> None:
        busy = bool(self.english_pending) or any(
            w.is_running for w in self.workers if w.group in ("lookup", "gloss", "search")
        )
        if busy:
            self._spin += 1
            if self.english_pending and self.english_shown and self.pane.sentence in self.english_pending:
                self._english()
            if self.search_state.startswith(tuple(SPINNER)):
                self.search_state = self._spinner() + self.search_state[1:]
                self._status()

    # --- search -----------------------------------------------------------------------------------

    def open_search(self) -> None:
        box = self.reader.query_one("#search", Input)
        box.set_class(True, "visible")
        box.value = self.search_query
        box.focus()

    def close_search(self) -> None:
        box = self.reader.query_one("#search", Input)
        box.set_class(False, "visible")
        self.pane.focus()

    def run_search(self, query: str) -> None:
        self.close_search()
        query = query.strip()
        if not query or self.doc is None:
            return
        self.search_query = query
        self.search_state = self._spinner() + f" searching {visible(query)}…"
        self._status()
        doc = self.doc
        texts = [s.text for s in doc.sentences]
        self.run_worker(lambda: self._search_worker(doc, query, texts), thread=True, exit_on_error=False,
                        group="search", exclusive=True)

    def _search_worker(self, doc, query: str, texts: list[str]) -> None:
        from readcli.errors import ReadcliError
        from readcli.search.in_article import ArticleMatcher

        try:
            result = ArticleMatcher().search(query, texts)
        except ReadcliError as error:
            result = str(error)
        except Exception as error:  # noqa: BLE001
            result = f"cannot search: {type(error).__name__}: {error}"
        self._from_thread(self._search_done, doc, query, result)

    def _search_done(self, doc, query: str, result) -> None:
        if doc is not self.doc or query != self.search_query:
            return
        if isinstance(result, str):
            self.search_hits = []
            self.search_state = visible(result)
            self._status()
            return
        self.search_hits = result
        self.pane.hits = {h.sentence: _word_ranges(doc, h) for h in result}
        self.search_state = f"{len(result)} sentences match {visible(query)}"
        if result:
            self.next_hit(1, from_current=True)
        else:
            self._status()
            self.pane.refresh()

    def next_hit(self, step: int, from_current: bool = False) -> None:
        if not self.search_hits:
            if self.search_query:
                self.notify("no hits")
            return
        pane = self.pane
        here = pane.sentence
        order = [h.sentence for h in self.search_hits]
        if step > 0:
            later = [i for i, s in enumerate(order) if (s >= here if from_current else s > here)]
            index = later[0] if later else 0
        else:
            earlier = [i for i, s in enumerate(order) if s < here]
            index = earlier[-1] if earlier else len(order) - 1
        hit = self.search_hits[index]
        ranges = _word_ranges(self.doc, hit)
        pane.sentence, pane.word = hit.sentence, ranges[0][0] if ranges else 0
        self.search_state = f"hit {index + 1}/{len(order)}: {visible(self.search_query)}"
        pane.follow()
        self._changed(sentence_changed=True)

    # --- the list and help --------------------------------------------------------------------------

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_article_list(self) -> None:
        if isinstance(self.screen, ListScreen):
            return
        corpus = self.sources.corpus
        if corpus is None:
            self.notify("not reading a corpus: no article list", severity="warning")
            return
        from readcli.errors import ReadcliError

        try:
            rows, articles = article_rows(corpus, self.sources.positions)
        except ReadcliError as error:
            if self.doc is None:
                raise
            self.notify(visible(str(error)), severity="error")
            return
        current = self.article.id if self.article is not None else None
        screen = ListScreen(rows, current)
        self.push_screen(screen)
        self.run_worker(lambda: self._flags_worker(screen, articles), thread=True, exit_on_error=False, group="flags")

    def _flags_worker(self, screen: ListScreen, articles) -> None:
        try:
            flags = translated_flags(articles, self.sources)
        except Exception:  # noqa: BLE001 - the flags are a nicety
            flags = {}
        self._from_thread(screen.set_translated, flags)


class _Sentences:
    """What :func:`readcli.glossary.interlinear.interlinear` reads of an article."""

    def __init__(self, sentences) -> None:
        self.sentences = sentences


def _word_ranges(doc: Document, hit) -> tuple[tuple[int, int], ...]:
    """The hit's character spans as ranges of word indices (words split on spaces)."""
    starts = doc.word_starts(hit.sentence)
    ranges = []
    from bisect import bisect_right

    for start, end in hit.spans:
        first = bisect_right(starts, start) - 1
        last = bisect_right(starts, max(start, end - 1)) - 1
        ranges.append((max(0, first), max(0, last) + 1))
    return tuple(ranges)


def _lookup_word(word: str) -> str:
    """The Arabic word inside a word of the text (punctuation off), as the lexicon keys it."""
    from readcli.dictionary import clean_word
    from readcli.glossary.tokens import ARABIC_RUN

    runs = ARABIC_RUN.findall(word)
    return clean_word(runs[0]) if len(runs) == 1 else ""


def word_info(word: str, key: str, sources: ReaderSources) -> list[str]:
    """The word pane's lines (logical text): the word, the user glossary's English, the
    lexicon's analyses (as `readcli lookup`), the corpus count."""
    from readcli.dictionary import lookup_rows

    lines = [word]
    if not key:
        return lines + ["not an Arabic word"]
    user = sources.user_glossary or {}
    own = user.get(key)
    if own is None:
        from readcli.search.normalize import strip_clitics

        own = next((user[f] for f in strip_clitics(key)[1:] if f in user), None)
    if own:
        lines.append(f"your glossary: {own}")
    rows = lookup_rows(key)
    if not rows:
        lines.append("no analysis in the Buckwalter lexicon")
    for row in rows[:6]:
        # A Latin label between the two Arabic fields keeps them apart (one right-to-left run else).
        lines.append(f"{row['segmentation']}  lemma {row['lemma']}  {row['pos']}  {row['gloss']}")
    if len(rows) > 6:
        lines.append(f"… {len(rows) - 6} more (readcli lookup {key})")
    if sources.corpus_count is not None:
        count = sources.corpus_count(key)
        if isinstance(count, str):
            lines.append(count)
        else:
            occurrences, sentences, articles = count
            lines.append(
                f"in the corpus: {_plural(occurrences, 'time')} in {_plural(sentences, 'sentence')} of "
                f"{_plural(articles, 'article')} (all forms)"
            )
    return lines


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def article_rows(corpus, positions) -> tuple[list[dict], list]:
    """The list screen's rows (id, title, sentences, position) and the articles."""
    from readcli.corpus import Article
    from readcli.reading import article_key

    facts = None
    try:
        from readcli.search.facts import article_facts

        facts = article_facts(corpus).articles
    except Exception:  # noqa: BLE001 - the index is a cache (read-only data folder...)
        facts = None
    if facts is None:
        articles, _ = corpus.readable_articles()
        facts = [{"id": a.id, "title": a.title, "sentences": len(a.sentences), "path": str(a.path)} for a in articles]
    else:
        articles = [Article(id=f["id"], path=__import__("pathlib").Path(f["path"])) for f in facts]
    rows = []
    for fact, article in zip(facts, articles):
        position = positions.load(article_key(article)) if positions is not None else None
        rows.append({"id": fact["id"], "title": fact["title"], "sentences": fact["sentences"], "position": position})
    if not rows:
        from readcli.errors import UsageError

        raise UsageError(f"no articles in {corpus.root}; add one with `readcli add FILE`")
    return rows, articles


def translated_flags(articles, sources: ReaderSources) -> dict[str, bool]:
    if sources.package is None or sources.package() is None:
        return {}
    from readcli.translation_status import translated_flags as flags

    return flags(articles)
