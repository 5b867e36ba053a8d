"""The widgets and screens of ``readcli read`` (:mod:`readcli.render.reader_app`): the article pane,
the side panes, the help, the article list and the reader screen with its keys.

Imported only by the ``read`` command. Every line they draw is laid out by readcli before Textual
sees it (Textual has no bidi): see :mod:`readcli.render.reader_layout`.
"""

from __future__ import annotations

import functools

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Vertical
from textual.screen import ModalScreen, Screen
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import DataTable, Footer, Input, Static

from readcli.render.reader_layout import ArticleLayout, Document, paragraph_base
from readcli.render.rtl import to_visual, wrap_logical
from readcli.render.safe import visible

SENTENCE_STYLE = "on #243b55"
WORD_STYLE = "reverse"
HIT_STYLE = "bold underline #ffd75f"


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
        self._hits: dict[int, tuple[tuple[int, int], ...]] = {}  # sentence -> hit word ranges
        self._hits_version = 0
        self._strips: list[Strip] = []
        self._strips_key = None

    @property
    def hits(self) -> dict[int, tuple[tuple[int, int], ...]]:
        return self._hits

    @hits.setter
    def hits(self, value: dict[int, tuple[tuple[int, int], ...]]) -> None:
        self._hits = value
        self._hits_version += 1

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

    def render_line(self, y: int) -> Strip:
        """Textual's line API: each screen row as a strip made here, so Textual neither wraps
        nor measures the text again (a move redraws the pane in a fraction of the time)."""
        strips = self.strips()
        if y < len(strips):
            return strips[y]
        return Strip.blank(self.size.width, self.rich_style)

    def strips(self) -> list[Strip]:
        """The rows on screen, styled: the current sentence, the word under the cursor, hits."""
        layout = self._layout()
        if layout is None:
            return []
        height = max(1, self.size.height)
        key = (layout.width, height, layout.top, self.sentence, self.word, self._hits_version)
        if key != self._strips_key:
            self._strips_key = key
            base = self.rich_style
            self._strips = [self._strip(line, base, layout.width) for line in layout.screen(height)]
        return self._strips

    def _strip(self, line, base: Style, width: int) -> Strip:
        if line.style:
            base = base + _style(line.style)
        marks: list[tuple[int, int, Style]] = []
        for start, end, s, w in line.runs:
            style = None
            if s == self.sentence:
                style = _style(SENTENCE_STYLE + (" " + WORD_STYLE if w == self.word and w >= 0 else ""))
            hit = self.hits.get(s)
            if hit and w >= 0 and any(a <= w < b for a, b in hit):
                style = _style(HIT_STYLE) if style is None else style + _style(HIT_STYLE)
            if style is not None:
                marks.append((start, end, style))
        segments, at, text = [], 0, line.text
        for start, end, style in marks:
            if start > at:
                segments.append(Segment(text[at:start], base))
            segments.append(Segment(text[start:end], base + style))
            at = end
        if at < len(text):
            segments.append(Segment(text[at:], base))
        return Strip(segments).adjust_cell_length(width, base)

    def render_text(self) -> Text:
        """The screen as one styled Text (for tests and the benchmark; the app draws strips)."""
        out = Text(no_wrap=True, overflow="ignore", end="")
        for row, strip in enumerate(self.strips()):
            if row:
                out.append("\n")
            for segment in strip:
                out.append(segment.text, segment.style)
        return out


@functools.lru_cache(maxsize=64)
def _style(definition: str) -> Style:
    return Style.parse(definition)


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
