"""The corpus: a folder of UTF-8 text articles named ``<id>_<slug>.txt``.

An article is addressed by its id (``004``) or by any unique prefix of its file name.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from readcli.atomic import sweep, write_bytes_atomic, write_text_atomic
from readcli.errors import InputError, ReadcliError, UsageError, os_fault
from readcli.sentences import Sentence, segment
from readcli.textio import decode_text, read_text_file

# An article file: ``<id>_<slug>.txt`` (the search index lists the folder with the same rule).
ARTICLE_NAME = re.compile(r"^(?P<id>[^_\s./][^_\s/]*)_(?P<slug>[^/]*)\.txt$")
_VALID_ID = re.compile(r"^[A-Za-z0-9-]{1,32}$")
# An article's metadata (where it came from: title, date, author, site, URLs, time fetched) is a
# JSON sidecar beside it: ``<id>_<slug>.json`` for ``<id>_<slug>.txt`` (docs/ingest.md).
META_SUFFIX = ".json"
MAX_META_BYTES = 1 << 20


def meta_path(article_path: Path) -> Path:
    return Path(article_path).with_suffix(META_SUFFIX)


def read_meta(article_path: Path) -> dict:
    """The sidecar metadata of the article at ``article_path``; {} when it has none or it is
    unreadable (metadata is never a reason for a command to fail)."""
    try:
        with open(meta_path(article_path), "rb") as handle:
            data = handle.read(MAX_META_BYTES + 1)
        if len(data) > MAX_META_BYTES:
            return {}
        meta = json.loads(data.decode("utf-8"))
    except (OSError, ValueError):
        return {}
    return meta if isinstance(meta, dict) else {}


def normalise_url(url: str) -> str:
    """A URL as dedupe compares it: no fragment, lower-case scheme and host, no default port,
    non-ASCII characters percent-encoded (``/خبر`` and ``/%D8%AE%D8%A8%D8%B1`` are one URL)."""
    from urllib.parse import urlsplit, urlunsplit

    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").lower()
        port = parts.port
    except ValueError:
        return url.strip()
    from readcli.fetch import ascii_target  # start-up: only for a URL

    scheme = parts.scheme.lower()
    if port and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        host = f"{host}:{port}"
    path, _, query = ascii_target(parts.path or "/", parts.query).partition("?")
    return urlunsplit((scheme, host, path, query, ""))


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


def same_text_key(text: str) -> str:
    """``text`` as compared for "already in the corpus": LF line ends, one final newline, NFC."""
    import unicodedata

    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    return unicodedata.normalize("NFC", text.rstrip("\n") + "\n")


def content_hash(text: str) -> str:
    """The hash that names an added article's file and finds text already in the corpus (of the
    normalised text: the same text with other line ends or in NFD has the same hash)."""
    return hashlib.sha256(same_text_key(text).encode("utf-8")).hexdigest()[:16]


@contextmanager
def corpus_lock(root: Path):
    """Hold the corpus folder's add lock (``flock`` on the folder itself): two ``add`` at once,
    in any processes, choose ids and write one after the other, so no id is given twice."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not on Linux/macOS
        yield
        return
    try:
        fd = os.open(root, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError as error:
        raise os_fault(error, "open the corpus folder", root) from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
        except OSError:
            pass  # a file system without locks: as before
        yield
    finally:
        os.close(fd)  # releases the lock


@dataclass(frozen=True)
class Added:
    """What :meth:`Corpus.add` did: the article, and whether it was new (False: the same text
    was already in the corpus under ``article.id``)."""

    article: Article
    new: bool


def visible_name(name: str) -> str:
    """A file name as text that can be shown and stored: undecodable bytes as ``\\xff``."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


class Corpus:
    def __init__(self, root: Path):
        self.root = Path(root)
        self.skipped: list[str] = []  # files the last listing left out, one line each (why)

    def _check_root(self) -> None:
        if not self.root.is_dir():
            raise InputError(
                f"no corpus folder at {self.root}: `readcli add FILE` creates it, or choose one with "
                "--corpus DIR or READCLI_CORPUS"
            )

    def readable_articles(self) -> tuple[list[Article], list[str]]:
        """The articles whose text can be read, and one line per file that cannot (why)."""
        readable = []
        articles = self.articles()
        problems = list(self.skipped)
        for article in articles:
            try:
                article.text  # noqa: B018 - read (and cache) it now
            except ReadcliError as error:
                problems.append(str(error))
                continue
            readable.append(article)
        return readable, problems

    def entries(self) -> list[os.DirEntry]:
        """The article files' directory entries, in file-name order (one directory scan, no
        ``Path`` objects: cheap on a large folder).

        Names that look like articles but cannot be used are left out, one line each in
        :attr:`skipped` (for a warning, exit 3): a name that is not valid UTF-8, a symbolic link
        that leads nowhere or in a loop, something that is not a regular file.
        """
        self._check_root()
        try:
            with os.scandir(self.root) as scan:
                entries = sorted((e for e in scan if ARTICLE_NAME.match(e.name)), key=lambda e: e.name)
        except OSError as error:
            raise os_fault(error, "read the corpus folder", self.root) from None
        found = []
        self.skipped = []
        for entry in entries:
            shown = self.root / visible_name(entry.name)
            if shown.name != entry.name:
                self.skipped.append(f"{shown}: the file name is not valid UTF-8; rename it")
                continue
            try:
                if entry.is_file():
                    found.append(entry)
                    continue
                if entry.is_symlink():
                    os.stat(entry.path)  # raises: dangling, loop
                if entry.is_dir():
                    continue  # a folder is not an article
                self.skipped.append(f"{shown}: not a regular file")
            except OSError as error:
                if entry.is_symlink():
                    why = "a symbolic link loop" if error.errno == errno.ELOOP else "a broken symbolic link"
                    self.skipped.append(f"{shown}: cannot read ({why})")
                else:
                    self.skipped.append(f"{shown}: cannot read ({error.strerror or error})")
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
        """The article that holds ``text``, if any, compared as :func:`same_text_key` gives it
        (line ends, final newline and Unicode normalisation do not count).

        Files named with the text's hash are checked first; otherwise only files whose size
        could hold the same text are read.
        """
        key = same_text_key(text)
        digest = content_hash(text)
        articles = self.articles()
        for article in articles:
            if article.path.stem.endswith("_" + digest):
                return article
        size = len(key.encode("utf-8"))
        # NFD at most triples a character's bytes here; CRLF adds a byte a line; BOM 3 bytes.
        low, high = size - 1, 3 * size + key.count("\n") + 4

        for article in articles:
            try:
                if not low <= article.path.stat().st_size <= high:
                    continue
                if same_text_key(decode_text(article.path.read_bytes(), article.path.name).text) == key:
                    return article
            except (OSError, ReadcliError):
                continue
        return None

    def sidecars(self) -> dict[str, dict]:
        """Article id -> its sidecar metadata, for every article that has one (one folder scan)."""
        self._check_root()
        found: dict[str, dict] = {}
        try:
            with os.scandir(self.root) as scan:
                every = {e.name for e in scan}
        except OSError:
            return found
        for name in sorted(n for n in every if n.endswith(META_SUFFIX)):
            stem = name[: -len(META_SUFFIX)]
            match = ARTICLE_NAME.match(stem + ".txt")
            if match is None or stem + ".txt" not in every:
                continue  # not a sidecar, or one whose article was never written (a killed add)
            meta = read_meta(self.root / (stem + ".txt"))
            if meta:
                found[match["id"]] = meta
        return found

    def url_index(self) -> dict[str, str]:
        """Normalised URL (requested, final and canonical) -> article id, from the sidecars."""
        self._check_root()
        found: dict[str, str] = {}
        try:
            with os.scandir(self.root) as scan:
                names = sorted(e.name for e in scan if e.name.endswith(META_SUFFIX))
        except OSError:
            return found
        for name in names:
            match = ARTICLE_NAME.match(name[: -len(META_SUFFIX)] + ".txt")
            article_path = self.root / (name[: -len(META_SUFFIX)] + ".txt")
            if match is None or not article_path.is_file():
                continue  # not a sidecar, or one whose article was never written (a killed add)
            meta = read_meta(article_path)
            for key in ("url", "final_url", "canonical_url"):
                value = meta.get(key)
                if isinstance(value, str) and value:
                    found.setdefault(normalise_url(value), match["id"])
        return found

    def add(self, text: str, article_id: str | None = None, *, force: bool = False,
            meta: dict | None = None) -> Added:
        """Store ``text`` as a new article, atomically; never replaces one unless ``force``, and
        never stores a text the corpus already holds (its article is returned, ``new=False``).

        ``meta`` (where a fetched page came from) is written as the article's JSON sidecar,
        atomically and before the article itself, so an article never appears without it.
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
        with corpus_lock(self.root):
            return self._add_locked(text, article_id, force, meta)

    def _add_locked(self, text: str, article_id: str | None, force: bool, meta: dict | None) -> Added:
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
        if meta is not None:
            data = (json.dumps(meta, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")
            try:
                write_bytes_atomic(meta_path(path), data)
            except OSError as error:
                raise os_fault(error, "write", meta_path(path)) from None
        try:
            write_text_atomic(path, text)
        except OSError as error:
            raise os_fault(error, "write", path) from None
        for old in same_id:
            if old.path != path:
                try:
                    old.path.unlink(missing_ok=True)
                    meta_path(old.path).unlink(missing_ok=True)
                except OSError as error:
                    raise os_fault(error, "remove the replaced article", old.path) from None
        return Added(Article(id=article_id, path=path), new=True)
