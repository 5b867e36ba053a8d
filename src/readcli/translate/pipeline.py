"""The translation pipeline: articles → sentences → memory → batches → engine → memory → records.

Every English sentence is paired with its Arabic source: sentences come from the project's one
splitter (:func:`readcli.sentences.segment`), and each is translated on its own.

Translation memory key: ``model key`` (package fingerprint + decoding settings) and the
*masked* normalised source (see below). What is stored is the model's output for that masked
source, with the placeholders still in it; the user's renderings are filled in afterwards. So a
change of rendering in the glossary needs no re-translation, and a new or removed term changes the
masked source and therefore the key.

User glossary enforcement (``corpus/glossary.tsv``, issue 4). Argos models mangle names, so each
glossary term found in a sentence is replaced, before translation, by a placeholder ``ZX1``,
``ZX2``… (Latin letters and digits: NMT models trained on web text copy such identifiers through
unchanged, since they read the same in both languages). After translation:

1. if the placeholder came through (spacing and case tolerated), it is the slot;
2. if it was lost, the target word that attends most to the placeholder's source pieces
   (CTranslate2 ``return_attention``, asked for only in batches that hold placeholders) becomes
   the slot; its trailing punctuation is kept;
3. if there is no target word to take (empty output), the placeholder is appended.

The slot is then replaced by the user's English, so the rendering always appears. Step counts are
kept in :class:`Stats` (``placeholders``, ``survived``, ``aligned``, ``appended``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from readcli.errors import ModelError
from readcli.translate.memory import Memory, normalise_source

DEFAULT_BATCH_SIZE = 16  # as fast as 32 on 2 cores with half the peak memory (bench/translate_speed.py)
PLACEHOLDER = "ZX{}"
_PLACEHOLDER_OUT = re.compile(r"\bZ\s?X\s?(\d{1,3})(?!\d)", re.IGNORECASE)
_PLACEHOLDER_EXACT = re.compile(r"ZX(\d{1,3})(?!\d)")
_PROCLITICS = ("و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل", "وك")
_ARABIC_LETTER = re.compile(r"[\u0621-\u064A\u066E-\u06D3\u06FA-\u06FF]")
_WORDISH = re.compile(r"[\w'’\-]+")


# --- glossary masking (pure) -------------------------------------------------------------------


@dataclass(frozen=True)
class Masked:
    """A normalised source with glossary terms replaced by placeholders."""

    text: str
    renderings: tuple[str, ...] = ()  # slot i+1 → English


def prepare_glossary(glossary: dict[str, str] | None) -> list[tuple[str, str]]:
    """(normalised Arabic term, English) pairs, longest term first."""
    if not glossary:
        return []
    pairs = {normalise_source(ar): " ".join(en.split()) for ar, en in glossary.items() if ar.strip() and en.strip()}
    return sorted(pairs.items(), key=lambda item: (-len(item[0]), item[0]))


def _boundary_before(text: str, start: int) -> int | None:
    """Where the word holding ``text[start]`` begins, if only a proclitic lies before it."""
    word_start = start
    while word_start > 0 and _ARABIC_LETTER.match(text[word_start - 1]):
        word_start -= 1
    if word_start == start or text[word_start:start] in _PROCLITICS:
        return word_start
    return None


def mask(source: str, terms: Sequence[tuple[str, str]]) -> Masked:
    """Replace whole-word glossary terms (optionally after و ف ب ل ك) by placeholders."""
    if not terms:
        return Masked(source)
    spans: list[tuple[int, int, str]] = []
    taken = [False] * len(source)
    for term, english in terms:
        start = source.find(term)
        while start != -1:
            end = start + len(term)
            after_ok = end == len(source) or not _ARABIC_LETTER.match(source[end])
            if after_ok and _boundary_before(source, start) is not None and not any(taken[start:end]):
                spans.append((start, end, english))
                for i in range(start, end):
                    taken[i] = True
            start = source.find(term, start + 1)
    if not spans:
        return Masked(source)
    spans.sort()
    parts, renderings, last = [], [], 0
    for start, end, english in spans:
        before = source[last:start]
        # Keep a proclitic as its own word so the placeholder stays a whole token.
        if before and _ARABIC_LETTER.match(before[-1]):
            before += " "
        parts.append(before)
        renderings.append(english)
        parts.append(PLACEHOLDER.format(len(renderings)))
        last = end
    parts.append(source[last:])
    return Masked(" ".join("".join(parts).split()), tuple(renderings))


def fill(template: str, renderings: Sequence[str]) -> str:
    """The stored template with slots replaced by the user's English; stray slots dropped."""

    def replace(match: re.Match) -> str:
        number = int(match.group(1))
        return renderings[number - 1] if 1 <= number <= len(renderings) else ""

    return " ".join(_PLACEHOLDER_EXACT.sub(replace, template).split())


# --- results -----------------------------------------------------------------------------------


@dataclass
class Stats:
    sentences: int = 0  # sentences asked for
    unique: int = 0  # distinct (masked) sources
    cached: int = 0  # found in the memory
    translated: int = 0  # sent to the model
    placeholders: int = 0  # glossary slots in translated sentences
    survived: int = 0  # ... that came through the model on their own
    aligned: int = 0  # ... restored through attention
    appended: int = 0  # ... appended (no target word to take)


@dataclass(frozen=True)
class Record:
    article: str
    sentence: int
    paragraph: int
    ar: str
    en: str

    def as_dict(self) -> dict:
        return {"article": self.article, "sentence": self.sentence, "ar": self.ar, "en": self.en}


class Progress:
    """What the pipeline reports; the CLI draws a bar from it."""

    def start(self, total: int) -> None:  # sentences to translate (not cached)
        pass

    def advance(self, done: int) -> None:
        pass

    def stop(self) -> None:
        pass


# --- the pipeline ------------------------------------------------------------------------------


def model_key(package, beam_size: int) -> str:
    """The model half of every translation-memory key: package fingerprint + decoding settings.

    ``translate`` stores under it and ``list`` (:mod:`readcli.translate.stored`) looks up under it.
    """
    from readcli.translate.engine import settings_key

    return f"{package.identity()}|{settings_key(beam_size)}"


def mask_source(sentence: str, terms: Sequence[tuple[str, str]]) -> Masked:
    """A sentence as the memory keys it: normalised, glossary terms replaced by placeholders."""
    return mask(normalise_source(sentence), terms)


@functools.lru_cache(maxsize=2)
def _engine(package_path: Path, identity: str, beam_size: int):
    from readcli.translate.engine import Engine
    from readcli.translate.packages import read_package

    package = read_package(package_path)
    if package is None:
        raise ModelError(f"the package in {package_path} has no readable metadata.json")
    return Engine(package, beam_size=beam_size)


class Translator:
    """Translates sentences through the memory; the engine is loaded only if something is new."""

    def __init__(
        self,
        *,
        beam_size: int = 4,
        use_cache: bool = True,
        glossary: dict[str, str] | None = None,
        batch_size: int = DEFAULT_BATCH_SIZE,
        progress: Progress | None = None,
        package=None,
    ):
        from readcli.translate.packages import require_ar_en_package

        self.package = package or require_ar_en_package()
        self.beam_size = beam_size
        self.use_cache = use_cache
        self.terms = prepare_glossary(glossary)
        self.batch_size = max(1, batch_size)
        self.progress = progress or Progress()
        self.stats = Stats()
        self.model_key = model_key(self.package, beam_size)

    @property
    def engine(self):
        return _engine(self.package.path, self.model_key, self.beam_size)

    def translate(self, sentences: Sequence[str]) -> list[str]:
        """English for each sentence, in order."""
        masked = [mask_source(s, self.terms) for s in sentences]
        keys = list(dict.fromkeys(m.text for m in masked))
        self.stats.sentences += len(sentences)
        self.stats.unique += len(keys)
        templates: dict[str, str] = {}
        # Read-only first: cached translations need no write access (a read-only data folder).
        memory = Memory.open(create=False) if self.use_cache else None
        try:
            if memory is not None:
                templates.update(memory.lookup(self.model_key, keys))
            self.stats.cached += len(templates)
            pending = [k for k in keys if k not in templates]
            if pending and self.use_cache:
                # Fail before the work: a memory that cannot be written (read-only, full disk)
                # is one line now, not after the model has translated everything.
                if memory is not None:
                    memory.close()
                memory = None
                memory = Memory.open(write=True)
                memory.require_space(64 * 1024 + sum(4 * len(k.encode()) + 512 for k in pending))
            if pending:
                self._run(pending, templates, memory)
        finally:
            if memory is not None:
                memory.close()
        return [fill(templates[m.text], m.renderings) if m.text else "" for m in masked]

    def _run(self, pending: list[str], templates: dict[str, str], memory: Memory | None) -> None:
        # Similar lengths share a batch (less padding); sentences with slots are batched apart
        # because only they need attention.
        pending = sorted(pending, key=lambda k: (bool(_PLACEHOLDER_EXACT.search(k)), len(k)))
        empty = [k for k in pending if not k]
        for k in empty:
            templates[k] = ""
        pending = [k for k in pending if k]
        engine = self.engine
        self.progress.start(len(pending))
        done = 0
        try:
            for start in range(0, len(pending), self.batch_size):
                batch = pending[start : start + self.batch_size]
                slotted = [bool(_PLACEHOLDER_EXACT.search(k)) for k in batch]
                if any(slotted) and not all(slotted):
                    cut = slotted.index(True)
                    groups = [batch[:cut], batch[cut:]]
                else:
                    groups = [batch]
                pairs = []
                for group in groups:
                    wants_attention = bool(_PLACEHOLDER_EXACT.search(group[0]))
                    outputs = engine.translate(group, attention=wants_attention)
                    for source, output in zip(group, outputs):
                        pairs.append((source, self._template(engine, source, output)))
                if memory is not None:
                    memory.store(self.model_key, pairs)
                templates.update(pairs)
                self.stats.translated += len(batch)
                done += len(batch)
                self.progress.advance(done)
        finally:
            self.progress.stop()

    def _template(self, engine, source: str, output) -> str:
        """The model output with every slot of ``source`` marked as ``ZXn`` exactly once or more."""
        slots = sorted({int(n) for n in _PLACEHOLDER_EXACT.findall(source)})
        text = output.text
        if not slots:
            # A placeholder-like string the model invented must not be filled later.
            return _PLACEHOLDER_EXACT.sub(lambda m: m.group(0).lower(), text)
        self.stats.placeholders += len(slots)
        found = {int(m.group(1)) for m in _PLACEHOLDER_OUT.finditer(text)}
        text = _mark_slots(text, slots)
        lost = [n for n in slots if n not in found]
        self.stats.survived += len(slots) - len(lost)
        if not lost:
            return " ".join(text.split())
        words = _target_words(engine, output)
        if words:
            scores = _slot_scores(engine, source, output, words, lost)
            texts = [w[0] for w in words]
            taken = {i for i, t in enumerate(texts) if _PLACEHOLDER_EXACT.search(t)}
            for number in lost:
                ranked = sorted(
                    (i for i in range(len(words)) if i not in taken),
                    key=lambda i: -scores[number][i],
                )
                if not ranked:
                    break
                best = ranked[0]
                taken.add(best)
                texts[best] = _put_slot(texts[best], PLACEHOLDER.format(number))
                self.stats.aligned += 1
            # Re-mark surviving slots in the rebuilt text the same way.
            text = _mark_slots(" ".join(texts), slots)
        present = {int(n) for n in _PLACEHOLDER_EXACT.findall(text)}
        for number in slots:
            if number not in present:
                text = f"{text} {PLACEHOLDER.format(number)}"
                self.stats.appended += 1
        from readcli.translate.engine import clean_output

        return clean_output(text)


def _mark_slots(text: str, slots: Sequence[int]) -> str:
    """Placeholders the model wrote loosely (``zx 1``) in canonical form; unknown ones dropped."""
    return _PLACEHOLDER_OUT.sub(
        lambda m: PLACEHOLDER.format(int(m.group(1))) if int(m.group(1)) in slots else "", text
    )


def _target_words(engine, output) -> list[tuple[str, list[int]]]:
    """(decoded word, its target piece indices) for the output; a word starts at ``▁``."""
    pieces = output.pieces or []
    groups: list[list[int]] = []
    for i, piece in enumerate(pieces):
        if not groups or piece.startswith("▁"):
            groups.append([i])
        else:
            groups[-1].append(i)
    words = []
    for group in groups:
        text = engine.decode([pieces[i] for i in group]).strip()
        if text:
            words.append((text, group))
    return words


def _slot_scores(engine, source: str, output, words, numbers) -> dict[int, list[float]]:
    """For each lost slot, each target word's attention mass on the slot's source pieces."""
    source_words = source.split()
    per_word = engine.encode(source_words)
    slot_pieces: dict[int, list[int]] = {n: [] for n in numbers}
    position = 0
    for word, pieces in zip(source_words, per_word):
        match = _PLACEHOLDER_EXACT.fullmatch(word)
        if match and int(match.group(1)) in slot_pieces:
            slot_pieces[int(match.group(1))].extend(range(position, position + len(pieces)))
        position += len(pieces)
    attention = output.attention or []
    scores: dict[int, list[float]] = {}
    for number in numbers:
        columns = slot_pieces[number]
        row_scores = []
        for _, group in words:
            best = 0.0
            for t in group:
                if t < len(attention):
                    row = attention[t]
                    best = max(best, sum(row[j] for j in columns if j < len(row)))
            row_scores.append(best)
        scores[number] = row_scores
    return scores


def _put_slot(word: str, slot: str) -> str:
    """Replace a word's letters by the slot, keeping punctuation around it (``Riyadh,`` → ``ZX1,``)."""
    match = _WORDISH.search(word)
    if not match:
        return f"{word} {slot}"
    return word[: match.start()] + slot + word[match.end() :]


# --- articles ----------------------------------------------------------------------------------


def translate_articles(articles: Iterable, translator: Translator) -> Iterator[tuple[Any, list[Record]]]:
    """Each article with its aligned records (one per sentence of
    :func:`readcli.sentences.segment`), in order, as soon as that article is translated.

    Articles are translated in groups that grow: the first article alone (so its records come
    early), then groups of at least 2, 4, then 8 batches' worth of sentences, which the translator
    sorts by length across articles (similar lengths share a batch: less padding, and a runaway
    sentence does not hold up short ones). Each group's batches are stored as they finish.
    """
    step = max(1, translator.batch_size)
    limit, group, size = 0, [], 0
    for article in articles:
        group.append(article)
        size += len(article.sentences)
        if size >= limit:
            yield from _translate_group(group, translator)
            group, size = [], 0
            limit = min(max(2 * limit, 2 * step), 8 * step)
    if group:
        yield from _translate_group(group, translator)


def _translate_group(articles: list, translator: Translator) -> Iterator[tuple[Any, list[Record]]]:
    english = iter(translator.translate([s.text for article in articles for s in article.sentences]))
    for article in articles:
        yield article, [
            Record(article=article.id, sentence=s.number, paragraph=s.paragraph, ar=s.text, en=next(english))
            for s in article.sentences
        ]


def join_paragraphs(sentences: Iterable[tuple[int, str]]) -> list[str]:
    """(paragraph number, English sentence) pairs in order → one line of English per paragraph."""
    paragraphs: dict[int, list[str]] = {}
    for paragraph, english in sentences:
        paragraphs.setdefault(paragraph, []).append(english)
    return [" ".join(part for part in parts if part) for parts in paragraphs.values()]


def translate_texts(texts: list[str], *, use_cache: bool = True, glossary: dict[str, str] | None = None) -> list[str]:
    """English for each text (a name, a phrase or a paragraph), through the memory.

    A text of several sentences is split with the project's splitter and its translations are
    joined with spaces (lines with newlines). Raises :class:`ModelError` when no Arabic→English
    package is installed. These are side translations (glossary glosses): when the memory cannot
    be written (read-only folder, full disk) they are made without saving instead of failing.
    """
    from readcli.errors import NO_SPACE, PERMISSION, ResourceError
    from readcli.sentences import segment

    split = [segment(text) for text in texts]
    units = [s.text for sentences in split for s in sentences]
    try:
        english = iter(Translator(use_cache=use_cache, glossary=glossary).translate(units))
    except ResourceError as error:
        if not use_cache or error.kind not in (PERMISSION, NO_SPACE):
            raise
        english = iter(Translator(use_cache=False, glossary=glossary).translate(units))
    return ["\n".join(join_paragraphs((s.paragraph, next(english)) for s in sentences)) for sentences in split]
