"""``readcli search`` on a terminal: keyword in context, Arabic shaped right to left, hits lit.

Each hit is a dim header (article id · sentence number, score), the context sentences before it
(dim), the sentence itself wrapped in logical order then shaped and reordered per line, right
aligned, with the hit words in bold reverse video, its English when the memory has one, and the
context after it. Hit words are found in the visual line by their own visual form (a whole word
shapes the same alone as in its line). Everything from data goes through the display transforms
(which make controls visible) or :func:`readcli.render.safe.visible`.
"""

from __future__ import annotations

from readcli.arabic import has_arabic_script

__all__ = ["print_hits", "rows_for_output"]

HIT_STYLE = "bold reverse"
HIT_MARK = "> "  # before each line of a hit sentence when there are no styles to show it
CONTEXT_MARK = "  "
# The columns are readcli.render.views.SEARCH; tsv and jsonl are written by
# readcli.render.output.emit, "table" on a terminal by print_hits.


def rows_for_output(hits: list[dict], fmt: str) -> list[dict]:
    """Hits as output records: tsv spans as ``start-end,start-end``; jsonl keeps lists."""
    if fmt != "tsv":
        return hits
    return [{**h, "spans": ",".join(f"{s}-{e}" for s, e in h["spans"])} for h in hits]


def _arabic_lines(text: str, spans, width: int, style: str = ""):
    from rich.text import Text

    # start-up: `--help` loads this module; rtl, safe and console only when hits are shown
    from readcli.render.rtl import display_width, is_logical, paragraph_direction, to_visual, wrap_logical

    hit_words = {text[s:e] for s, e in spans}
    visual_words = sorted({to_visual(w) for w in hit_words if w}, key=len, reverse=True)
    base = paragraph_direction(text)
    right = base == "R" and not is_logical()
    lines = []
    for line in wrap_logical(text, width):
        visual = to_visual(line, base)
        pad = max(0, width - display_width(line)) if right else 0
        rendered = Text(" " * pad + visual, style=style)
        for word in visual_words:
            start = visual.find(word)
            while start >= 0:
                end = start + len(word)
                if _is_edge(visual, start - 1) and _is_edge(visual, end):  # whole words only
                    rendered.stylize(HIT_STYLE, pad + start, pad + end)
                start = visual.find(word, end)
        lines.append(rendered)
    return lines


def _is_edge(text: str, index: int) -> bool:
    return index < 0 or index >= len(text) or not text[index].isalnum()


def _english_lines(text: str | None, spans, style: str):
    from rich.text import Text

    from readcli.render.safe import visible

    if not text:
        return []
    rendered = Text(visible(text), style=style)
    for s, e in spans:
        rendered.stylize(HIT_STYLE, s, e)
    return [rendered]


def print_hits(
    env, hits: list[dict], *, width: int | None = None, total: int | None = None, more: bool = False
) -> None:
    """The keyword-in-context view of ``hits`` (see the module doc); with ``total`` (the number
    of hits there are, or with ``more`` at least) larger than the hits shown, a last line says so."""
    from readcli.render.console import stdout_console

    with env.bidi_view():
        _print_hits(env, hits, stdout_console(env, width), total, more)


def _print_hits(env, hits: list[dict], console, count: int | None = None, more: bool = False) -> None:
    from rich.text import Text

    from readcli.render.safe import visible

    # Without styles (TERM=dumb, a --render file or pipe) hits are told from context by a
    # marker at the start of each line of the hit sentence, like grep's "file:" and "file-".
    marked = not env.styled
    total = console.width - (len(HIT_MARK) if marked else 0)
    for number, hit in enumerate(hits):
        if number:
            console.print()
        header = f"{visible(str(hit['article']))} · {hit['sentence']}   score {hit['score']:g}"
        console.print(Text(header, style="dim"))
        arabic_spans = hit["spans"] if hit.get("field", "ar") == "ar" else []
        english_spans = hit["spans"] if hit.get("field") == "en" else []
        lines = []
        for before in hit.get("before", []):
            lines += [(CONTEXT_MARK, line) for line in _arabic_lines(before["ar"], [], total, "dim")]
        lines += [(HIT_MARK, line) for line in _arabic_lines(hit["ar"], arabic_spans, total)]
        lines += [(HIT_MARK, line) for line in _english_lines(hit.get("en"), english_spans, "italic")]
        for after in hit.get("after", []):
            lines += [(CONTEXT_MARK, line) for line in _arabic_lines(after["ar"], [], total, "dim")]
        for mark, line in lines:
            if marked:
                line = Text(mark) + line
            if has_arabic_script(line.plain):
                console.print(line, no_wrap=True, overflow="ignore", crop=False, soft_wrap=True)
            else:
                console.print(line)
    if count is not None and count > len(hits):
        bound = "at least " if more else ""
        console.print()
        console.print(Text(f"{len(hits)} of {bound}{count:,} hits; --limit 0 for all", style="dim"))
