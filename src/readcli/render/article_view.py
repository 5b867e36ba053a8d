"""An article as a reader wants it in a terminal: title, then right-aligned shaped paragraphs."""

from __future__ import annotations

import re

from readcli.render.console import print_screen
from readcli.render.rtl import rtl_lines

_HEADLINE_END = re.compile(r"[.!?؟…:،,]$")


def is_headline(line: str) -> bool:
    """A short first line without a final stop reads as a headline."""
    return len(line.split()) <= 20 and not _HEADLINE_END.search(line.strip())


def article_lines(text: str, width: int) -> list[tuple[str, str]]:
    """(style, visual line) pairs: headlines and sub-heads in bold, blank lines between paragraphs."""
    paragraphs = [" ".join(p.split()) for p in text.splitlines() if p.strip()]
    out: list[tuple[str, str]] = []
    for paragraph in paragraphs:
        style = "bold" if len(paragraphs) > 1 and is_headline(paragraph) else ""
        if out:
            out.append(("", ""))
        out.extend((style, line) for line in rtl_lines(paragraph, width))
    return out


NUMBER_WIDTH = 5  # a sentence number and a space, to the left of a numbered line


def numbered_lines(number: int, text: str, width: int) -> list[str]:
    """A sentence shaped right to left in ``width`` cells, its number in a left gutter on the
    first line (``sentences`` on a terminal: the numbers search and translate refer to)."""
    lines = rtl_lines(text, max(1, width - NUMBER_WIDTH)) or [""]
    return [(f"{number:>{NUMBER_WIDTH - 1}} " if i == 0 else " " * NUMBER_WIDTH) + line for i, line in enumerate(lines)]


def print_article(env, article, *, width: int | None = None, pager: bool = False) -> None:
    header = f"{article.id} · {len(article.sentences)} sentences · {article.word_count} words"
    print_screen(env, header, lambda total: article_lines(article.text, total), width=width, pager=pager)
