"""An article as a reader wants it in a terminal: title, then right-aligned shaped paragraphs."""

from __future__ import annotations

import re

from readcli.render.console import print_screen
from readcli.render.rtl import rtl_lines

_WORD = re.compile(r"\S+")
_HEADLINE_END = re.compile(r"[.!?؟…:،,]$")


def is_headline(line: str) -> bool:
    """A short first line without a final stop reads as a headline."""
    return len(line.split()) <= 20 and not _HEADLINE_END.search(line.strip())


def article_lines(text: str, width: int, marked: set[tuple[int, int]] | None = None) -> list[tuple[str, str]]:
    """(style, visual line) pairs: headlines and sub-heads in bold, blank lines between paragraphs.

    ``marked``: character spans of ``text`` (whitespace-separated words) to mark, such as the
    unknown words of ``show --unknown``; their lines are rich Text (see render/marked.py).
    """
    paragraphs = []
    offset = 0
    for raw in text.splitlines(keepends=True):
        if raw.strip():
            words = [(offset + m.start(), offset + m.end()) for m in _WORD.finditer(raw)]
            paragraphs.append((" ".join(raw.split()), words))
        offset += len(raw)
    out: list[tuple[str, str]] = []
    for paragraph, words in paragraphs:
        style = "bold" if len(paragraphs) > 1 and is_headline(paragraph) else ""
        if out:
            out.append(("", ""))
        indexes = {i for i, span in enumerate(words) if span in marked} if marked else set()
        if indexes:
            from readcli.render.marked import marked_lines  # start-up: only `show --unknown` marks words

            out.extend((style, line) for line in marked_lines(paragraph, width, indexes))
        else:
            out.extend((style, line) for line in rtl_lines(paragraph, width))
    return out


NUMBER_WIDTH = 5  # a sentence number and a space, to the left of a numbered line


def numbered_lines(number: int, text: str, width: int) -> list[str]:
    """A sentence shaped right to left in ``width`` cells, its number in a left gutter on the
    first line (``sentences`` on a terminal: the numbers search and translate refer to)."""
    lines = rtl_lines(text, max(1, width - NUMBER_WIDTH)) or [""]
    return [(f"{number:>{NUMBER_WIDTH - 1}} " if i == 0 else " " * NUMBER_WIDTH) + line for i, line in enumerate(lines)]


def print_article(env, article, *, width: int | None = None, pager: bool = False,
                  marked: set[tuple[int, int]] | None = None) -> None:
    header = f"{article.id} · {len(article.sentences)} sentences · {article.word_count} words"
    print_screen(env, header, lambda total: article_lines(article.text, total, marked), width=width, pager=pager)
