"""The interlinear reading view: each Arabic word with its English gloss beneath it.

Words are laid out right to left. Each word is a column as wide as the wider of its shaped Arabic
and its (shortened) gloss; columns are packed into lines in logical order (first word at the
right) and only then each Arabic word is shaped on its own, so nothing visual is ever wrapped.
For the terminal only: pipes get TSV (word, lemma, gloss) from the CLI.
"""

from __future__ import annotations

from rich.cells import cell_len

from readcli.render.console import print_screen
from readcli.render.rtl import display_width, has_rtl, is_logical, to_visual
from readcli.render.safe import visible

GAP = 2
MAX_GLOSS = 18


def _short(gloss: str, limit: int) -> str:
    if cell_len(gloss) <= limit:
        return gloss
    return gloss[: max(1, limit - 1)] + "…"


def _column(item, max_gloss: int) -> tuple[str, str, int]:
    visual = to_visual(item.text) if has_rtl(item.text) else visible(item.text)
    gloss = _short(visible(item.gloss), max_gloss)
    width = max(display_width(item.text) if has_rtl(item.text) else cell_len(visual), cell_len(gloss), 1)
    return visual, gloss, width


def interlinear_lines(sentences, width: int) -> list[tuple[str, str]]:
    """(style, line) pairs: for each packed line of words, the Arabic line then the gloss line."""
    max_gloss = max(6, min(MAX_GLOSS, width - 2))
    out: list[tuple[str, str]] = []
    for row in sentences:
        if not row:
            continue
        if out:
            out.append(("", ""))
        columns = [_column(item, max_gloss) for item in row]
        line: list[tuple[str, str, int]] = []
        used = 0
        packed: list[list[tuple[str, str, int]]] = []
        for column in columns:
            need = column[2] + (GAP if line else 0)
            if line and used + need > width:
                packed.append(line)
                line, used, need = [], 0, column[2]
            line.append(column)
            used += need
        if line:
            packed.append(line)
        for line in packed:
            # Right to left: the first word in logical order goes to the right edge.
            cells = list(reversed(line))
            arabic = (" " * GAP).join(" " * (w - cell_len(v)) + v for v, _, w in cells)
            gloss = (" " * GAP).join(" " * (w - cell_len(g)) + g for _, g, w in cells)
            pad = max(0, width - cell_len(arabic))
            if is_logical():
                # The terminal lays the Arabic line out itself (right to left, at the right edge):
                # it gets the words in logical order, each column's padding after its word.
                arabic = (" " * GAP).join(v + " " * (w - cell_len(v)) for v, _, w in line)
                out.append(("bold", arabic))
            else:
                out.append(("bold", " " * pad + arabic))
            out.append(("dim", " " * pad + gloss))
    return out


def print_interlinear(env, article_id: str, sentences, *, width: int | None = None, pager: bool = False) -> None:
    header = f"{article_id} · interlinear glosses (Buckwalter lexicon)"
    print_screen(env, header, lambda total: interlinear_lines(sentences, total), width=width, pager=pager)
