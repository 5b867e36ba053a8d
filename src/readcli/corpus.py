"""The corpus: a folder of UTF-8 text articles named ``<id>_<slug>.txt``.

An article is addressed by its id (``004``) or by any unique prefix of its file name.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from readcli.atomic import write_text_atomic
from readcli.errors import InputError, UsageError
from readcli.sentences import Sentence, segment
from readcli.textio import read_text_file

_ARTICLE_NAME = re.compile(r"^(?P<id>[^_\s./][^_\s/]*)_(?P<slug>[^/]*)\.txt$")
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


class Corpus:
    def __init__(self, root: Path):
        self.root = Path(root)

    def _check_root(self) -> None:
        if not self.root.is_dir():
            raise InputError(
                f"corpus folder not found: {self.root} (use --corpus DIR or set READCLI_CORPUS)"
            )

    def articles(self) -> list[Article]:
        self._check_root()
        found = []
        for path in sorted(self.root.iterdir()):
            match = _ARTICLE_NAME.match(path.name)
            if match and path.is_file():
                found.append(Article(id=match["id"], path=path))
        return found

    def resolve(self, ref: str) -> Article:
        """The article with id ``ref``, or the one whose file name starts with ``ref``."""
        articles = self.articles()
        exact = [a for a in articles if a.id == ref or a.path.name == ref]
        if len(exact) == 1:
            return exact[0]
        matches = exact or [a for a in articles if a.path.name.startswith(ref)]
        if not matches:
            known = ", ".join(a.id for a in articles[:10]) or "none"
            raise UsageError(f"no article {ref!r} in {self.root} (ids: {known})")
        if len(matches) > 1:
            names = ", ".join(a.path.name for a in matches[:5])
            raise UsageError(f"article id {ref!r} is ambiguous: it matches {names}")
        return matches[0]

    def resolve_many(self, refs: list[str]) -> list[Article]:
        return [self.resolve(ref) for ref in refs]

    def next_id(self) -> str:
        numbers = [int(a.id) for a in self.articles() if a.id.isdigit()]
        return f"{(max(numbers) + 1) if numbers else 0:03d}"

    def add(self, text: str, article_id: str | None = None, *, force: bool = False) -> Article:
        """Store ``text`` as a new article, atomically; never replaces one unless ``force``."""
        self._check_root()
        article_id = article_id or self.next_id()
        if not _VALID_ID.match(article_id):
            raise UsageError(
                f"invalid article id {article_id!r}: use letters, digits and '-' (no '_')"
            )
        same_id = [a for a in self.articles() if a.id == article_id]
        if same_id and not force:
            raise UsageError(
                f"article {article_id} exists ({same_id[0].path.name}); use --force to replace it"
            )
        if not text.endswith("\n"):
            text += "\n"
        slug = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
        path = self.root / f"{article_id}_{slug}.txt"
        write_text_atomic(path, text)
        for old in same_id:
            if old.path != path:
                old.path.unlink(missing_ok=True)
        return Article(id=article_id, path=path)
