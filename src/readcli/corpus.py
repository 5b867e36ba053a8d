"""The corpus: a folder of UTF-8 text articles named ``<id>_<slug>.txt``.

An article is addressed by its id (``004``) or by any unique prefix of its file name.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from readcli.atomic import sweep, write_text_atomic
from readcli.errors import InputError, ReadcliError, UsageError, os_fault
from readcli.sentences import Sentence, segment
from readcli.textio import read_text_file

# An article file: ``<id>_<slug>.txt`` (the search index lists the folder with the same rule).
ARTICLE_NAME = re.compile(r"^(?P<id>[^_\s./][^_\s/]*)_(?P<slug>[^/]*)\.txt$")
_VALID_ID = re.compile(r"^[A-Za-z0-9-]{1,32}$")


@dataclass(frozen=True)
class Article:
    id: str
    path: Path
    _text: str | None = field(default=None, repr=False, compare=False)

    @cached_property
    def text(self) -> str:
        if self._text is not None:
            return self._text
        return read_text_file(self.path).text

    @property
    def title(self) -> str:
        """The first non-empty line."""
        for line in self.text.splitlines():
            if line.strip():
                return " ".join(line.split())
        return ""

    @cached_property
    def sentences(self) -> list[Sentence]:
        return segment(self.text)

    @property
    def word_count(self) -> int:
        return len(self.text.split())


def text_article(text: str, article_id: str = "-") -> Article:
    """An article that lives only in memory (stdin, a file outside the corpus)."""
    return Article(id=article_id, path=Path(article_id), _text=text)


def content_hash(text: str) -> str:
    """The hash that names an added article's file and finds text already in the corpus."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Added:
    """What :meth:`Corpus.add` did: the article, and whether it was new (False: the same text
    was already in the corpus under ``article.id``)."""

    article: Article
    new: bool


class Corpus:
    def __init__(self, root: Path):
        self.root = Path(root)

    def _check_root(self) -> None:
        if not self.root.is_dir():
            raise InputError(
                f"no corpus folder at {self.root}: `readcli add FILE` creates it, or choose one with "
                "--corpus DIR or READCLI_CORPUS"
            )

    def readable_articles(self) -> tuple[list[Article], list[str]]:
        """The articles whose text can be read, and one line per file that cannot (why)."""
        readable, problems = [], []
        for article in self.articles():
            try:
                article.text  # noqa: B018 - read (and cache) it now
            except ReadcliError as error:
                problems.append(str(error))
                continue
            readable.append(article)
        return readable, problems

    def entries(self) -> list[os.DirEntry]:
        """The article files' directory entries, in file-name order (one directory scan, no
        ``Path`` objects: cheap on a large folder)."""
        self._check_root()
        try:
            with os.scandir(self.root) as scan:
                entries = sorted((e for e in scan if ARTICLE_NAME.match(e.name)), key=lambda e: e.name)
        except OSError as error:
            raise os_fault(error, "read the corpus folder", self.root) from None
        found = []
        for entry in entries:
            try:
                if entry.is_file():
                    found.append(entry)
            except OSError:
                continue
        return found

    def articles(self) -> list[Article]:
        """Every article file, in file-name order."""
        return [
            Article(id=ARTICLE_NAME.match(entry.name)["id"], path=self.root / entry.name)
            for entry in self.entries()
        ]

    def resolve(self, ref: str) -> Article:
        """The article with id ``ref``, or the one whose file name starts with ``ref``, or for a
        number written without leading zeros, the one whose zero-padded id it is (``4``: ``004``)."""
        articles = self.articles()
        exact = [a for a in articles if a.id == ref or a.path.name == ref]
        if len(exact) == 1:
            return exact[0]
        matches = exact or [a for a in articles if a.path.name.startswith(ref)]
        if len(matches) != 1 and ref.isdigit() and ref == str(int(ref)):
            numbered = [a for a in articles if a.id.isdigit() and int(a.id) == int(ref)]
            matches = numbered if len(numbered) == 1 else matches
        if not matches:
            known = ", ".join(a.id for a in articles[:10]) or "none"
            raise UsageError(f"no article {ref!r} in {self.root} (ids: {known})")
        if len(matches) > 1:
            names = ", ".join(a.path.name for a in matches[:5])
            raise UsageError(f"article id {ref!r} is ambiguous: it matches {names}")
        return matches[0]

    def next_id(self) -> str:
        numbers = [int(a.id) for a in self.articles() if a.id.isdigit()]
        return f"{(max(numbers) + 1) if numbers else 0:03d}"

    def find_text(self, text: str) -> Article | None:
        """The article whose file holds exactly ``text`` (as :meth:`add` stores it), if any.

        Files named with the text's hash are checked first; otherwise only files of the same
        size are read.
        """
        stored = text.encode("utf-8")
        digest = content_hash(text)
        articles = self.articles()
        for article in articles:
            if article.path.stem.endswith("_" + digest):
                return article
        for article in articles:
            try:
                if article.path.stat().st_size == len(stored) and article.path.read_bytes() == stored:
                    return article
            except OSError:
                continue
        return None

    def add(self, text: str, article_id: str | None = None, *, force: bool = False) -> Added:
        """Store ``text`` as a new article, atomically; never replaces one unless ``force``, and
        never stores a text the corpus already holds (its article is returned, ``new=False``).

        Creates the corpus folder when there is none.
        """
        if not text.endswith("\n"):
            text += "\n"
        if article_id is not None and not _VALID_ID.match(article_id):
            raise UsageError(
                f"invalid article id {article_id!r}: use letters, digits and '-' (no '_')"
            )
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise os_fault(error, "create the corpus folder", self.root) from None
        sweep(self.root)
        existing = self.find_text(text)
        if existing is not None:
            return Added(existing, new=False)
        article_id = article_id or self.next_id()
        same_id = [a for a in self.articles() if a.id == article_id]
        if same_id and not force:
            raise UsageError(
                f"article {article_id} exists ({same_id[0].path.name}); use --force to replace it"
            )
        path = self.root / f"{article_id}_{content_hash(text)}.txt"
        try:
            write_text_atomic(path, text)
        except OSError as error:
            raise os_fault(error, "write", path) from None
        for old in same_id:
            if old.path != path:
                try:
                    old.path.unlink(missing_ok=True)
                except OSError as error:
                    raise os_fault(error, "remove the replaced article", old.path) from None
        return Added(Article(id=article_id, path=path), new=True)
