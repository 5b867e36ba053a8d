"""The translation pipeline: articles → sentences → memory → batches → engine → memory → records.

Every English sentence is paired with its Arabic source: sentences come from the project's one
splitter (:func:`readcli.sentences.segment`), and each is translated on its own.

Translation memory key: ``model key`` (package fingerprint + decoding settings) and the
*masked* normalised source (see below). What is stored is the model's output for that masked
source, with the placeholders still in it; the user's renderings are filled in afterwards. So a
change of rendering in the glossary needs no re-translation, and a new or removed term changes the
masked source and therefore the key.

User glossary enforcement (``corpus/glossary.tsv``): each glossary term found in a sentence is
replaced by a placeholder before translation (:mod:`readcli.translate.masking`); after it, the
slots are found in the output (:mod:`readcli.translate.slots`) and replaced by the user's English,
so the rendering always appears. Step counts are kept in :class:`Stats` (``placeholders``,
``survived``, ``aligned``, ``appended``). The lookup of what is already stored is the one
``list`` and search use (:func:`readcli.translate.stored.look_up`).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from readcli.errors import NO_SPACE, PERMISSION, ModelError, ResourceError
from readcli.sentences import join_paragraphs, segment
from readcli.translate import slots, stored
from readcli.translate.masking import prepare_glossary
from readcli.translate.memory import Memory
from readcli.translate.packages import read_package, require_ar_en_package
from readcli.translate import DEFAULT_BATCH_SIZE, DEFAULT_BEAM
from readcli.translate.stored import model_key


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


@functools.lru_cache(maxsize=2)
def _engine(package_path: Path, identity: str, beam_size: int, intra_threads: int = 0):
    from readcli.translate.engine import Engine  # ctranslate2 and sentencepiece: only when translating

    package = read_package(package_path)
    if package is None:
        raise ModelError(f"the package in {package_path} has no readable metadata.json")
    return Engine(package, beam_size=beam_size, intra_threads=intra_threads)


class Translator:
    """Translates sentences through the memory; the engine is loaded only if something is new."""

    def __init__(
        self,
        *,
        beam_size: int = DEFAULT_BEAM,
        use_cache: bool = True,
        glossary: dict[str, str] | None = None,
        batch_size: int = DEFAULT_BATCH_SIZE,
        progress: Progress | None = None,
        package=None,
        intra_threads: int = 0,
    ):
        self.package = package or require_ar_en_package()
        self.beam_size = beam_size
        self.use_cache = use_cache
        self.terms = prepare_glossary(glossary)
        self.batch_size = max(1, batch_size)
        self.progress = progress or Progress()
        self.stats = Stats()
        self.model_key = model_key(self.package, beam_size)
        self.intra_threads = intra_threads  # CTranslate2's threads (0: its default)

    @property
    def engine(self):
        return _engine(self.package.path, self.model_key, self.beam_size, self.intra_threads)

    def translate(self, sentences: Sequence[str]) -> list[str]:
        """English for each sentence, in order."""
        # Read-only first: cached translations need no write access (a read-only data folder).
        memory = Memory.open(create=False) if self.use_cache else None
        try:
            masked, templates = stored.look_up(memory, self.model_key, sentences, self.terms)
            keys = list(dict.fromkeys(m.text for m in masked))
            self.stats.sentences += len(sentences)
            self.stats.unique += len(keys)
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
        return [stored.english(m, templates) for m in masked]

    def _run(self, pending: list[str], templates: dict[str, str], memory: Memory | None) -> None:
        # Similar lengths share a batch (less padding); sentences with slots are batched apart
        # because only they need attention.
        pending = sorted(pending, key=lambda k: (slots.has_slot(k), len(k)))
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
                slotted = [slots.has_slot(k) for k in batch]
                if any(slotted) and not all(slotted):
                    cut = slotted.index(True)
                    groups = [batch[:cut], batch[cut:]]
                else:
                    groups = [batch]
                pairs = []
                for group in groups:
                    wants_attention = slots.has_slot(group[0])
                    outputs = engine.translate(group, attention=wants_attention)
                    for source, output in zip(group, outputs):
                        pairs.append((source, slots.template(engine, source, output, self.stats)))
                if memory is not None:
                    memory.store(self.model_key, pairs)
                templates.update(pairs)
                self.stats.translated += len(batch)
                done += len(batch)
                self.progress.advance(done)
        finally:
            self.progress.stop()

# --- articles ----------------------------------------------------------------------------------


def translate_articles(articles: Iterable, translator: Translator) -> Iterator[tuple[Any, list[Record]]]:
    """Each article with its aligned records (one per sentence of
    :func:`readcli.sentences.segment`), in order, as soon as that article is translated.

    Articles are translated in groups that grow: the first article alone (so its records come
    early), then groups of at least 2, 4, then 8 batches' worth of sentences, which the translator
    sorts by length across articles (similar lengths share a batch: less padding, and a runaway
    sentence does not hold up short ones). Each group's batches are stored as they finish.
    """
    for group in article_groups(articles, translator.batch_size):
        yield from _translate_group(group, translator)


def article_groups(articles: Iterable, batch_size: int) -> Iterator[list]:
    """The articles in the groups :func:`translate_articles` translates together (the first
    alone, then at least 2, 4, then 8 batches' worth of sentences); a cluster run sends the same
    groups as its tasks (:mod:`readcli.translate.cluster`)."""
    step = max(1, batch_size)
    limit, group, size = 0, [], 0
    for article in articles:
        group.append(article)
        size += len(article.sentences)
        if size >= limit:
            yield group
            group, size = [], 0
            limit = min(max(2 * limit, 2 * step), 8 * step)
    if group:
        yield group


def _translate_group(articles: list, translator: Translator) -> Iterator[tuple[Any, list[Record]]]:
    english = iter(translator.translate([s.text for article in articles for s in article.sentences]))
    for article in articles:
        yield article, [
            Record(article=article.id, sentence=s.number, paragraph=s.paragraph, ar=s.text, en=next(english))
            for s in article.sentences
        ]


def translate_texts(texts: list[str], *, use_cache: bool = True, glossary: dict[str, str] | None = None) -> list[str]:
    """English for each text (a name, a phrase or a paragraph), through the memory.

    A text of several sentences is split with the project's splitter and its translations are
    joined with spaces (lines with newlines). Raises :class:`ModelError` when no Arabic→English
    package is installed. These are side translations (glossary glosses): when the memory cannot
    be written (read-only folder, full disk) they are made without saving instead of failing.
    """
    split = [segment(text) for text in texts]
    units = [s.text for sentences in split for s in sentences]
    try:
        english = iter(Translator(use_cache=use_cache, glossary=glossary).translate(units))
    except ResourceError as error:
        if not use_cache or error.kind not in (PERMISSION, NO_SPACE):
            raise
        english = iter(Translator(use_cache=False, glossary=glossary).translate(units))
    return ["\n".join(join_paragraphs((s.paragraph, next(english)) for s in sentences)) for sentences in split]
