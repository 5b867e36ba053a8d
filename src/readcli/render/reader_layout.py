"""The article as the reader (``readcli read``) shows it: lines laid out lazily, each cell traced
back to its sentence and word.

No Textual here (the app is :mod:`readcli.render.reader_app`); this module only lays out. Each
paragraph is laid out exactly as :func:`readcli.render.rtl.rtl_lines` lays it out for ``show``:
the logical text is wrapped (:func:`readcli.render.rtl.wrap_logical`), each line shaped and
reordered (:func:`readcli.render.bidi.reorder_indexed`, the same algorithm as
:func:`readcli.render.bidi.reorder`) and right-aligned. The index map that the reorder returns says
which logical character every visual cell shows, so the app can highlight the current sentence,
the word under the cursor and search hits on the visual line.

Only what is asked for is laid out: a paragraph's lines are computed in chunks of words, as far
as the screen needs (greedy wrapping is prefix-stable: the lines of a prefix of the words are the
lines of the whole paragraph, except the last, which is laid out again with the next chunk), so a
10 MB article (or a 10 MB paragraph) opens as fast as a short one.

A paragraph with no Arabic letter is left to right and left-aligned (readcli's paragraph rule,
:func:`readcli.render.rtl.paragraph_direction`).

In the ``terminal`` bidi mode (:func:`readcli.render.rtl.logical_order`, for terminals that lay
out right-to-left text themselves) the lines are wrapped the same way but left in logical order,
unshaped and unpadded, as ``show`` writes them there; every cell is then its own character.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rich.cells import cell_len

from readcli.render.article_view import is_headline
from readcli.render.bidi import reorder_indexed
from readcli.render.rtl import has_rtl, is_logical, paragraph_direction, shape, to_visual, wrap_logical
from readcli.render.safe import inert, visible

CHUNK_WORDS = 400  # words wrapped at a time in a long paragraph


def paragraph_base(text: str) -> int:
    """The paragraph's bidi level by readcli's rule (:func:`readcli.render.rtl.paragraph_direction`):
    1 (right to left, right-aligned) with an Arabic letter, else 0 (left to right, left-aligned)."""
    return 1 if paragraph_direction(text) == "R" else 0


def visual_block(lines, width: int, base: str = "L") -> list[str]:
    """Logical lines of mixed text (English with Arabic names, labels with Arabic words) wrapped to
    ``width`` and each reordered for the terminal; right to left lines are right-aligned."""
    out: list[str] = []
    for logical in lines:
        if not logical:
            out.append("")
            continue
        for line in wrap_logical(logical, width) or [""]:
            visual = to_visual(line, base)
            if base == "R":
                visual = " " * max(0, width - cell_len(visual)) + visual
            out.append(visual)
    return out


# --- the document ------------------------------------------------------------------------------


class Document:
    """An article's sentences grouped by paragraph, with each sentence's words (split on spaces,
    as the sentence text is folded: word ``i`` of a sentence is ``sentence.text.split()[i]``)."""

    def __init__(self, article_id: str, sentences):
        self.article_id = article_id
        self.sentences = list(sentences)
        starts: list[int] = []
        last = None
        for index, sentence in enumerate(self.sentences):
            if sentence.paragraph != last:
                starts.append(index)
                last = sentence.paragraph
        self.paragraph_starts = starts
        self._paragraph_of = None
        self._words: dict[int, list[str]] = {}

    @property
    def paragraph_count(self) -> int:
        return len(self.paragraph_starts)

    def paragraph_sentences(self, p: int) -> range:
        end = self.paragraph_starts[p + 1] if p + 1 < len(self.paragraph_starts) else len(self.sentences)
        return range(self.paragraph_starts[p], end)

    def paragraph_of(self, s: int) -> int:
        """The paragraph (index) that holds sentence index ``s``."""
        from bisect import bisect_right

        return bisect_right(self.paragraph_starts, s) - 1

    def words(self, s: int) -> list[str]:
        found = self._words.get(s)
        if found is None:
            found = self._words[s] = self.sentences[s].text.split()
        return found

    def word_starts(self, s: int) -> list[int]:
        """Offsets of each word in the sentence text (words are separated by one space)."""
        starts, offset = [], 0
        for word in self.words(s):
            starts.append(offset)
            offset += len(word) + 1
        return starts

    def paragraph_text(self, p: int) -> str:
        return " ".join(self.sentences[s].text for s in self.paragraph_sentences(p))


# --- lines -------------------------------------------------------------------------------------


@dataclass
class Line:
    """One visual line: its text (padded), its style, and runs of cells that belong to a sentence.

    ``runs`` are ``(start, end, sentence, word)`` over the characters of ``text``: ``word`` -1 is
    a space inside the sentence; characters in no run are padding or spaces between sentences.
    """

    text: str
    style: str = ""
    runs: list[tuple[int, int, int, int]] = field(default_factory=list)
    first: tuple[int, int] | None = None  # (sentence, word) of the first logical word on the line
    last: tuple[int, int] | None = None


class ParagraphLayout:
    """The lines of one paragraph at one width, computed on demand."""

    def __init__(self, doc: Document, p: int, width: int, *, headlines: bool):
        self.width = max(1, width)
        self.lines: list[Line] = [Line("")] if p > 0 else []  # a blank line between paragraphs
        self.blank = len(self.lines)
        self.logical = is_logical()  # the terminal lays the lines out (see the module doc)
        safe = visible if self.logical else inert  # as the wrapping makes the text safe
        # (sentence, word, text made safe) for each word of the paragraph
        self.tokens = [(s, w, safe(word)) for s in doc.paragraph_sentences(p) for w, word in enumerate(doc.words(s))]
        text = doc.paragraph_text(p)
        self.base = paragraph_base(text)
        self.style = "bold" if headlines and is_headline(text) else ""
        self._next = (0, 0)  # token, offset into its inert text: where the next line starts
        self.done = not self.tokens

    def ensure(self, count: int) -> None:
        """Lay out lines until there are ``count`` (or the paragraph ends)."""
        while len(self.lines) < count and not self.done:
            self._extend()

    def all(self) -> list[Line]:
        self.ensure(1 << 62)
        return self.lines

    def _extend(self) -> None:
        token, offset = self._next
        chunk = CHUNK_WORDS
        while True:
            end = min(len(self.tokens), token + chunk)
            words = [self.tokens[token][2][offset:]] + [t[2] for t in self.tokens[token + 1 : end]]
            logical = wrap_logical(" ".join(words), self.width)
            final = end == len(self.tokens)
            if final or len(logical) > 1:
                break
            chunk *= 4  # one line took the whole chunk: a wider chunk
        if not final:
            logical = logical[:-1]  # the last line may go on with the next words
        position = (token, offset)
        for text in logical:
            line, position = self._line(text, position)
            self.lines.append(line)
        self._next = position
        self.done = final

    def _line(self, logical: str, position: tuple[int, int]) -> tuple[Line, tuple[int, int]]:
        """The visual line of one wrapped logical line; the position after it."""
        token, offset = position
        pieces: list[tuple[int, int]] = []  # (sentence, word) of each piece of the line
        words = logical.split(" ")
        for word in words:
            if token >= len(self.tokens):
                pieces.append((-1, -1))
                continue
            s, w, text = self.tokens[token]
            rest = text[offset:]
            pieces.append((s, w))
            if word == rest:
                token, offset = token + 1, 0
            elif rest.startswith(word):
                offset += len(word)  # a word wider than the line, split
            else:  # cannot happen with wrap_logical's folding; never fail on it
                token, offset = token + 1, 0
        if self.logical:
            shaped_words = words
        else:
            shaped_words = shape(logical).split(" ") if has_rtl(logical) else words
            if len(shaped_words) != len(words):
                shaped_words = [shape(word) if has_rtl(word) else word for word in words]
        shaped = " ".join(shaped_words)
        owner: list[int] = []  # piece index of each character; -(i + 2): the space after piece i
        for i, form in enumerate(shaped_words):
            if i:
                owner.append(-(i - 1) - 2)
            owner.extend([i] * len(form))
        if self.logical:
            visual, positions = shaped, list(range(len(shaped)))
        else:
            visual, positions = reorder_indexed(shaped, self.base)
        pad = max(0, self.width - cell_len(visual)) if self.base == 1 and not self.logical else 0
        keys: list[tuple[int, int] | None] = []
        for k in positions:
            who = owner[k] if k < len(owner) else -1
            if who >= 0:
                keys.append(pieces[who])
            elif who <= -2:
                before, after = pieces[-who - 2], pieces[-who - 1]
                keys.append((before[0], -1) if before[0] == after[0] and before[0] >= 0 else None)
            else:
                keys.append(None)
        runs: list[tuple[int, int, int, int]] = []
        start = 0
        for i in range(1, len(keys) + 1):
            if i == len(keys) or keys[i] != keys[start]:
                key = keys[start]
                if key is not None and key[0] >= 0:
                    runs.append((pad + start, pad + i, key[0], key[1]))
                start = i
        real = [p for p in pieces if p[0] >= 0]
        line = Line(" " * pad + visual, self.style, runs, real[0] if real else None, real[-1] if real else None)
        return line, (token, offset)


class ArticleLayout:
    """Every paragraph's lines at one width, and a view (top line) that moves over them."""

    def __init__(self, doc: Document, width: int):
        self.doc = doc
        self.width = max(1, width)
        self.headlines = doc.paragraph_count > 1
        self._paragraphs: dict[int, ParagraphLayout] = {}
        self.top = (0, 0)  # paragraph, line index in it

    def paragraph(self, p: int) -> ParagraphLayout:
        found = self._paragraphs.get(p)
        if found is None:
            found = self._paragraphs[p] = ParagraphLayout(self.doc, p, self.width, headlines=self.headlines)
        return found

    def line_at(self, position: tuple[int, int]) -> Line | None:
        p, i = position
        if p >= self.doc.paragraph_count:
            return None
        layout = self.paragraph(p)
        layout.ensure(i + 1)
        return layout.lines[i] if i < len(layout.lines) else None

    def next_position(self, position: tuple[int, int]) -> tuple[int, int] | None:
        p, i = position
        layout = self.paragraph(p)
        layout.ensure(i + 2)
        if i + 1 < len(layout.lines):
            return (p, i + 1)
        return (p + 1, 0) if p + 1 < self.doc.paragraph_count else None

    def previous_position(self, position: tuple[int, int]) -> tuple[int, int] | None:
        p, i = position
        if i > 0:
            return (p, i - 1)
        if p == 0:
            return None
        return (p - 1, len(self.paragraph(p - 1).all()) - 1)

    def screen(self, height: int) -> list[Line]:
        """The lines from the top of the view, at most ``height``."""
        out: list[Line] = []
        position: tuple[int, int] | None = self.top
        while position is not None and len(out) < height:
            line = self.line_at(position)
            if line is None:
                break
            out.append(line)
            position = self.next_position(position)
        return out

    def move(self, position: tuple[int, int], count: int) -> tuple[int, int]:
        """``count`` lines down (negative: up) from ``position``, stopping at the ends."""
        step = self.next_position if count > 0 else self.previous_position
        for _ in range(abs(count)):
            following = step(position)
            if following is None:
                break
            position = following
        return position

    def sentence_lines(self, s: int) -> tuple[tuple[int, int], tuple[int, int]]:
        """The first and last line (positions) that hold sentence ``s``."""
        p = self.doc.paragraph_of(s)
        layout = self.paragraph(p)
        first = last = None
        i = layout.blank
        while True:
            layout.ensure(i + 1)
            if i >= len(layout.lines):
                break
            line = layout.lines[i]
            if line.first is not None and line.first[0] <= s <= line.last[0]:
                first = i if first is None else first
                last = i
            elif line.first is not None and line.first[0] > s:
                break
            i += 1
        if first is None:
            first = last = layout.blank if layout.blank < len(layout.lines) else 0
        return (p, first), (p, last)

    def rows_between(self, start: tuple[int, int], end: tuple[int, int], limit: int) -> int | None:
        """Lines from ``start`` down to ``end`` (0 when equal); None if ``end`` is before ``start``
        or more than ``limit`` lines away."""
        if end < start:
            return None
        rows, position = 0, start
        while position != end:
            position = self.next_position(position)
            rows += 1
            if position is None or rows > limit:
                return None
        return rows

    def show_sentence(self, s: int, height: int) -> None:
        """Scroll so that sentence ``s`` is on screen: as little as possible when it is just below
        the screen, else (far away, or above) with its first line at the top."""
        first, last = self.sentence_lines(s)
        if first < self.top:
            self.top = first
            return
        rows = self.rows_between(self.top, last, 2 * height)
        if rows is not None and rows < height:
            return
        span = self.rows_between(first, last, height)
        if rows is None or span is None or span >= height - 1:
            self.top = first
        else:
            self.top = self.move(last, -(height - 1))
            if self.top > first:
                self.top = first

    def page(self, height: int, direction: int) -> None:
        self.top = self.move(self.top, direction * max(1, height - 1))

    def first_sentence_on_screen(self, height: int) -> int | None:
        """The first sentence that starts on screen, else the one the top line is in."""
        lines = self.screen(height)
        for line in lines:
            starts = [s for _, _, s, w in line.runs if w == 0]
            if starts:
                return min(starts)
        for line in lines:
            if line.runs:
                return min(s for _, _, s, _ in line.runs)
        return None
