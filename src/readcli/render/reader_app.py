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

import threading
from dataclasses import dataclass, field
from typing import Any, Callable

from rich.text import Text
from textual.app import App
from textual.widgets import Input, Static

from readcli.errors import ReadcliError
from readcli.reading import article_key, article_rows, lookup_word, translated_flags, word_info
from readcli.render.reader_layout import Document, paragraph_base, visual_block
from readcli.render.reader_widgets import ArticlePane, HelpScreen, ListScreen, Pane, ReaderScreen
from readcli.render.safe import visible

# --- what the app is given ------------------------------------------------------------------------

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


# --- the app -----------------------------------------------------------------------------------------


class ReaderApp(App):
    TITLE = "readcli read"
    SAVE_EVERY = 5.0  # seconds between saves of a position that moved (and always on leaving)
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
        self._saved: tuple | None = None  # (article, sentence number) last saved
        self.position_problem: str | None = None
        self._package = None
        self._package_known = False
        self._spin = 0
        self._lock = threading.Lock()

    # --- start and stop ---------------------------------------------------------------------------

    async def on_mount(self) -> None:
        self._autowrap_on()
        await self.push_screen(ReaderScreen())
        if self.article is not None:
            self._open(self.article, self.start.sentence, self.start.word)
        else:
            self.action_article_list()
        self.set_interval(0.12, self._tick)
        self.set_interval(self.SAVE_EVERY, self._save_if_moved)

    def _autowrap_on(self) -> None:
        """Textual turns the terminal's autowrap off (DECAWM, ``CSI ? 7 l``). With it off, tmux puts
        a combining mark written into the last column on the cell before it (and right-aligned
        Arabic lines end there: يُشار at the start of a line lost its damma to the next letter).
        Textual never writes past the last column nor a newline after the last row (every line
        starts with a cursor move), so autowrap on changes nothing else; Textual turns it back
        on when it exits anyway."""
        driver = getattr(self, "_driver", None)
        if driver is not None and not self.is_headless:
            driver.write("\x1b[?7h")

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

    def _save_if_moved(self) -> None:
        """Every few seconds: a reader killed (kill -9, a power cut) loses at most that much."""
        if not self.position_problem and self._saved != (self.article, self.sentence_number):
            self.save_position()

    def save_position(self) -> None:
        """Save where the reader is in the current article (reported once if it cannot be)."""
        if self.doc is None or self.sources.positions is None or self.article is None:
            return
        self._saved = (self.article, self.sentence_number)
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
        try:
            if not self._package_known:
                with self._lock:
                    if not self._package_known:
                        self._package = self.sources.package() if self.sources.package else None
                        self._package_known = True
            if self._package is None:
                result = ("hint", "No translation package: `readcli models install` installs one (then press t).", "")
            else:
                english, origin = self.sources.translate(self._package, [text])[0]
                result = ("en", english, origin)
        except ReadcliError as error:
            result = ("error", str(error), "")
        except Exception as error:  # noqa: BLE001 - a translation failure is a message, not a crash
            result = ("error", f"cannot translate: {type(error).__name__}: {error}", "")
        self._from_thread(self._english_done, doc, s, result)

    def _english_done(self, doc, s: int, result) -> None:
        if doc is not self.doc:
            return
        self.english_pending.discard(s)
        self.english[s] = result
        if self.pane.sentence == s:
            self._show_english(s)

    def _show_english(self, s: int) -> None:
        kind, text, origin = self.english[s]
        pane = self.reader.query_one("#english", Pane)
        width = self._pane_width("#english")
        if kind == "en":
            lines = visual_block([text], width)
            if origin == "model":
                lines.append(Text("(translated now by the model)", style="dim italic"))
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
        key = lookup_word(word)
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
        if self.word_mode == "lookup" and lookup_word(self.current_word()) == key:
            self._words()

    def _gloss_worker(self, doc, s: int) -> None:
        # Kept lazy (start-up of `read`, ~30 ms): the glossary package, the in-article matcher and
        # the interlinear view load on the first gloss or search.
        from readcli.glossary.interlinear import WordGloss, interlinear

        try:
            if len(doc.sentences) <= WHOLE_ARTICLE_GLOSS:
                if self.gloss_article is None:
                    rows = interlinear(_Sentences(doc.sentences), user_glossary=self.sources.user_glossary)
                    self.gloss_article = rows
                result = {i: row for i, row in enumerate(self.gloss_article)}
            else:
                result = {s: interlinear(_Sentences([doc.sentences[s]]), user_glossary=self.sources.user_glossary)[0]}
        except Exception as error:  # noqa: BLE001
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
        from readcli.index.in_article import ArticleMatcher

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


