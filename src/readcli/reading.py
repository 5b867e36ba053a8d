"""What the reader (``readcli read``) reads besides the article, with no terminal code: where it
left each article, what it says about a word, the article list.

Read positions: one small file per article.

Positions live in ``positions/`` in readcli's data folder (:func:`readcli.paths.home_dir`), one
file per article named by a hash of the article file's resolved path, holding the sentence number
(from 1, as ``readcli sentences`` numbers them). One file per article: two readers open at once
never overwrite each other's articles, and each write is atomic (:mod:`readcli.atomic`), so a
killed reader leaves the old position or the new one. A data folder that cannot be written (read
only, full) loses the position, never the reading: :meth:`Positions.save` reports it instead of
raising. No terminal code here.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from readcli.atomic import write_text_atomic
from readcli.corpus import Article
from readcli.errors import UsageError, os_fault
from readcli.paths import home_dir

# Kept lazy (start-up of `read`, ~50 ms): the lexicon's module and the glossary package (the word
# pane), the corpus index (the list screen) and the translation memory (its flags) load when used.

FOLDER = "positions"
MAX_BYTES = 64  # a position file holds one number


def article_key(article) -> str | None:
    """The article's key: its file's resolved path; None for text that is not in a file (stdin)."""
    path = getattr(article, "path", None)
    if path is None or str(path) == "-" or getattr(article, "_text", None) is not None:
        return None
    try:
        return str(Path(path).resolve())
    except OSError:
        return None


class Positions:
    def __init__(self, folder: Path | None = None):
        if folder is None:
            folder = home_dir() / FOLDER
        self.folder = Path(folder)

    def _file(self, key: str) -> Path:
        return self.folder / (hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:24] + ".txt")

    def load(self, key: str | None) -> int | None:
        """The saved sentence number, or None (never saved, unreadable, damaged)."""
        if key is None:
            return None
        try:
            with open(self._file(key), "rb") as handle:
                data = handle.read(MAX_BYTES + 1)
        except OSError:
            return None
        text = data.decode("ascii", "replace").strip()
        if len(data) > MAX_BYTES or not text.isdigit():
            return None
        number = int(text)
        return number if number >= 1 else None

    def save(self, key: str | None, number: int) -> str | None:
        """Save the sentence number; None when saved (or nothing to save), else why not."""
        if key is None:
            return None
        path = self._file(key)
        try:
            if self.load(key) == number:
                return None
            self.folder.mkdir(parents=True, exist_ok=True)
            write_text_atomic(path, f"{int(number)}\n")
        except OSError as error:
            return str(os_fault(error, "save the reading position in", self.folder))
        return None


# --- the word pane and the article list --------------------------------------------------------


def lookup_word(word: str) -> str:
    """The Arabic word inside a word of the text (punctuation off), as the lexicon keys it."""
    from readcli.dictionary import clean_word
    from readcli.glossary.tokens import ARABIC_RUN

    runs = ARABIC_RUN.findall(word)
    return clean_word(runs[0]) if len(runs) == 1 else ""


def word_info(word: str, key: str, sources) -> list[str]:
    """The word pane's lines (logical text): the word, the user glossary's English, the
    lexicon's analyses (as `readcli lookup`), the corpus count."""
    from readcli.dictionary import lookup_rows
    from readcli.index.normalize import strip_clitics

    lines = [word]
    if not key:
        return lines + ["not an Arabic word"]
    user = sources.user_glossary or {}
    own = user.get(key)
    if own is None:
        own = next((user[f] for f in strip_clitics(key)[1:] if f in user), None)
    if own:
        lines.append(f"your glossary: {own}")
    rows = lookup_rows(key)
    if not rows:
        lines.append("no analysis in the Buckwalter lexicon")
    for row in rows[:6]:
        # A Latin label between the two Arabic fields keeps them apart (one right-to-left run else).
        lines.append(f"{row['segmentation']}  lemma {row['lemma']}  {row['pos']}  {row['gloss']}")
    if len(rows) > 6:
        lines.append(f"… {len(rows) - 6} more (readcli lookup {key})")
    if sources.corpus_count is not None:
        count = sources.corpus_count(key)
        if isinstance(count, str):
            lines.append(count)
        else:
            occurrences, sentences, articles = count
            lines.append(
                f"in the corpus: {_plural(occurrences, 'time')} in {_plural(sentences, 'sentence')} of "
                f"{_plural(articles, 'article')} (all forms)"
            )
    return lines


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def article_rows(corpus, positions) -> tuple[list[dict], list]:
    """The list screen's rows (id, title, sentences, position) and the articles."""
    facts = None
    try:
        from readcli.index.facts import article_facts

        facts = article_facts(corpus).articles
    except Exception:  # noqa: BLE001 - the index is a cache (read-only data folder...)
        facts = None
    if facts is None:
        articles, _ = corpus.readable_articles()
        facts = [{"id": a.id, "title": a.title, "sentences": len(a.sentences), "path": str(a.path)} for a in articles]
    else:
        articles = [Article(id=f["id"], path=Path(f["path"])) for f in facts]
    rows = []
    for fact, article in zip(facts, articles):
        position = positions.load(article_key(article)) if positions is not None else None
        rows.append({"id": fact["id"], "title": fact["title"], "sentences": fact["sentences"], "position": position})
    if not rows:
        raise UsageError(f"no articles in {corpus.root}; add one with `readcli add FILE`")
    return rows, articles


def translated_flags(articles, sources) -> dict[str, bool]:
    """Article id -> every sentence stored in the memory ({} without a package)."""
    if sources.package is None or sources.package() is None:
        return {}
    from readcli.translate import stored

    return stored.translated_flags(articles)
