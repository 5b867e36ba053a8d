"""The translation pipeline: articles → sentences → memory → windows → batches → engine → memory → records.

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
from collections import deque
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
from readcli.translate import DEFAULT_BEAM
from readcli.translate.speed import Speed
from readcli.translate.stored import model_key


# --- results -----------------------------------------------------------------------------------


@dataclass
class Stats:
    sentences: int = 0  # sentences asked for
    unique: int = 0  # distinct (masked) sources
    cached: int = 0  # found in the memory
    translated: int = 0  # sent to the model
    batches: int = 0  # translate_batch calls (the batch plan's batches)
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
def _engine(package_path: Path, identity: str, beam_size: int, intra_threads: int, inter_threads: int, compute_type: str):
    from readcli.translate.engine import Engine  # ctranslate2 and sentencepiece: only when translating

    package = read_package(package_path)
    if package is None:
        raise ModelError(f"the package in {package_path} has no readable metadata.json")
    return Engine(
        package, beam_size=beam_size, intra_threads=intra_threads, inter_threads=inter_threads, compute_type=compute_type
    )


def load_engine(package, beam_size: int = DEFAULT_BEAM, speed: Speed | None = None):
    """The loaded :class:`readcli.translate.engine.Engine` for ``package`` with ``speed``'s threads
    and compute type (one per process and settings: a cluster worker calls this once)."""
    speed = speed or Speed()
    return _engine(package.path, model_key(package, beam_size), beam_size, speed.intra_threads,
                   speed.inter_threads, speed.compute_type)


# --- the batch plan: the seam a cluster driver shares with a local run ---------------------------


@dataclass(frozen=True)
class WorkItem:
    """One distinct sentence to translate: its memory key and where it first occurs."""

    article: str  # id of the first article that holds it
    sentence: int  # its number there
    source: str  # the masked, normalised source: the memory key and the model's input
    pieces: int  # its SentencePiece pieces (the tokens CTranslate2 counts)


def plan_windows(items: Iterable[WorkItem], speed: Speed) -> Iterator[list[WorkItem]]:
    """The batch plan, step 1: work items, in input order, cut into ordered windows.

    The first window is the first article's items (so its records come as early as one article's
    translation allows); every later window holds ``speed.read_ahead`` batches' worth
    (``batch_size × read_ahead`` examples, or pieces with ``batch_type="tokens"``): what is sorted
    by length together, as ``translate_iterable``'s read-ahead. The plan depends only on the items
    and ``speed``, so a cluster driver that sends these windows as tasks to
    :func:`translate_window` gets the batches of a local run, and so the same floats.
    """
    tokens = speed.batch_type == "tokens"
    window: list[WorkItem] = []
    size = 0
    first = True
    for item in items:
        cost = item.pieces if tokens else 1
        if window and (size + cost > speed.window or (first and item.article != window[0].article)):
            yield window
            window, size, first = [], 0, False
        window.append(item)
        size += cost
    if window:
        yield window


def plan_batches(window: Sequence[WorkItem], speed: Speed) -> list[list[WorkItem]]:
    """The batch plan, step 2: a window's batches. Its items without glossary slots, then those
    with slots (only they need attention), each part sorted by length and cut by CTranslate2's
    own rule (``translate_iterable``'s): at most ``batch_size`` examples, or with
    ``batch_type="tokens"`` at most ``batch_size`` tokens counted as examples × longest source."""
    batches: list[list[WorkItem]] = []
    for slotted in (False, True):
        part = sorted((i for i in window if slots.has_slot(i.source) == slotted), key=lambda i: i.pieces)
        batch: list[WorkItem] = []
        longest = 0
        for item in part:
            if speed.batch_type == "tokens":
                longest = max(longest, item.pieces)
                if batch and (len(batch) + 1) * longest > speed.batch_size:
                    batches.append(batch)
                    batch, longest = [], item.pieces
            elif len(batch) == speed.batch_size:
                batches.append(batch)
                batch = []
            batch.append(item)
        if batch:
            batches.append(batch)
    return batches


def translate_window(engine, window: Sequence[WorkItem], speed: Speed, stats: Stats | None = None) -> "WindowRun":
    """Translate one window with a loaded engine (:func:`load_engine`). Iterate the result for each
    batch of :func:`plan_batches` as it finishes, as (item, template) pairs; a template is the
    model's output with the glossary slots marked ``ZXn`` (:func:`readcli.translate.slots.template`),
    what the memory stores under ``item.source``. A cluster task is
    ``[pair for batch in translate_window(engine, window, speed) for pair in batch]``.

    Each batch is one asynchronous ``translate_batch`` call with its own decoding limit (the
    length guard of its longest source; one limit for a whole window would let a runaway short
    sentence decode up to the window's longest). ``inter_threads + 1`` batches are in flight, so
    CTranslate2 decodes the next batch while this thread restores slots and stores the last.
    """
    return WindowRun(engine, window, speed, stats if stats is not None else Stats())


class WindowRun:
    """One window being translated (:func:`translate_window`)."""

    def __init__(self, engine, window: Sequence[WorkItem], speed: Speed, stats: Stats):
        self.engine, self.speed, self.stats = engine, speed, stats
        self.batches = plan_batches(window, speed)
        self.in_flight: deque = deque()  # (batch, Pending), oldest first

    def __iter__(self) -> Iterator[list[tuple[WorkItem, str]]]:
        for batch in self.batches:
            pending = self.engine.submit([i.source for i in batch], attention=slots.has_slot(batch[0].source))
            self.in_flight.append((batch, pending))
            if len(self.in_flight) > self.speed.inter_threads:
                yield self._finish()
        while self.in_flight:
            yield self._finish()

    def _finish(self) -> list[tuple[WorkItem, str]]:
        batch, pending = self.in_flight[0]
        outputs = pending.outputs()
        pairs = [(item, slots.template(self.engine, item.source, output, self.stats)) for item, output in zip(batch, outputs)]
        self.in_flight.popleft()  # only now: an interrupt before this leaves it to finished_now()
        self.stats.translated += len(batch)
        self.stats.batches += 1
        return pairs

    def finished_now(self) -> list[list[tuple[WorkItem, str]]]:
        """The batches in flight that CTranslate2 has finished, without waiting for the others
        (after Ctrl-C: what can still be kept)."""
        done = []
        while self.in_flight and self.in_flight[0][1].done():
            done.append(self._finish())
        return done


# --- the local run -------------------------------------------------------------------------------


class Translator:
    """Translates sentences through the memory; the engine is loaded only if something is new."""

    def __init__(
        self,
        *,
        beam_size: int = DEFAULT_BEAM,
        use_cache: bool = True,
        glossary: dict[str, str] | None = None,
        speed: Speed | None = None,
        progress: Progress | None = None,
        package=None,
    ):
        self.package = package or require_ar_en_package()
        self.beam_size = beam_size
        self.use_cache = use_cache
        self.terms = prepare_glossary(glossary)
        self.speed = speed or Speed()
        self.progress = progress or Progress()
        self.stats = Stats()
        self.model_key = model_key(self.package, beam_size)

    @property
    def engine(self):
        return load_engine(self.package, self.beam_size, self.speed)

    def translate(self, sentences: Sequence[str]) -> list[str]:
        """English for each sentence, in order."""
        [(_, english)] = self.stream([("", sentences)])
        return english

    def stream(
        self, units: Iterable[tuple[Any, Sequence[str]]], runner: "WindowRunner | None" = None
    ) -> Iterator[tuple[Any, list[str]]]:
        """(key, sentences) units → (key, English of each sentence), in order, each unit as soon as
        all its sentences are translated.

        Each distinct sentence is looked up in the memory once; the new ones go through
        :func:`plan_windows`, and ``runner`` translates the windows (:class:`LocalRunner`, in this
        process, by default; a cluster driver's runner sends each window as one task). Each batch
        the runner hands back is stored in one transaction at once (an interrupted run keeps it;
        the next run resumes after it), and the glossary's renderings are filled in here, so a
        cluster run's records are made by this same code.
        """
        runner = runner if runner is not None else LocalRunner(self)
        units = [(key, list(sentences)) for key, sentences in units]
        # Read-only first: cached translations need no write access (a read-only data folder).
        memory = Memory.open(create=False) if self.use_cache else None
        try:
            flat = [sentence for _, sentences in units for sentence in sentences]
            masked, templates = stored.look_up(memory, self.model_key, flat, self.terms)
            per_unit, start = [], 0
            for key, sentences in units:
                per_unit.append((key, masked[start : start + len(sentences)]))
                start += len(sentences)
            first_seen: dict[str, tuple[str, int]] = {}
            for key, unit_masked in per_unit:
                for number, m in enumerate(unit_masked, start=1):
                    first_seen.setdefault(m.text, (str(getattr(key, "id", key)), number))
            self.stats.sentences += len(flat)
            self.stats.unique += len(first_seen)
            self.stats.cached += len(templates)
            templates.setdefault("", "")
            pending = [k for k in first_seen if k not in templates]
            if pending and self.use_cache:
                # Fail before the work: a memory that cannot be written (read-only, full disk)
                # is one line now, not after the model has translated everything.
                if memory is not None:
                    memory.close()
                memory = None
                memory = Memory.open(write=True)
                memory.require_space(64 * 1024 + sum(4 * len(k.encode()) + 512 for k in pending))
            ready = 0

            def finished():
                nonlocal ready
                while ready < len(per_unit) and all(m.text in templates for m in per_unit[ready][1]):
                    key, unit_masked = per_unit[ready]
                    ready += 1
                    yield key, [stored.english(m, templates) for m in unit_masked]

            def keep(batch: list[tuple[WorkItem, str]]) -> None:
                pairs = [(item.source, template) for item, template in batch]
                if memory is not None:
                    memory.store(self.model_key, pairs)  # one transaction a batch
                templates.update(pairs)

            if pending:
                pieces = runner.pieces(pending)
                items = [WorkItem(*first_seen[k], k, max(1, p)) for k, p in zip(pending, pieces)]
                self.progress.start(len(items))
                done = 0
                try:
                    try:
                        for batch in runner.batches(plan_windows(items, self.speed)):
                            keep(batch)
                            done += len(batch)
                            self.progress.advance(done)
                            yield from finished()
                    except (KeyboardInterrupt, GeneratorExit):
                        # Ctrl-C, or the reader went away: batches already translated are kept too.
                        for batch in runner.finished_now():
                            keep(batch)
                        raise
                finally:
                    self.progress.stop()
            yield from finished()
        finally:
            if memory is not None:
                memory.close()


class WindowRunner:
    """What translates a run's windows (:meth:`Translator.stream`)."""

    def pieces(self, sources: list[str]) -> list[int]:
        """The SentencePiece pieces of each source (what :func:`plan_windows` counts)."""
        raise NotImplementedError

    def batches(self, windows: Iterable[list[WorkItem]]) -> Iterator[list[tuple[WorkItem, str]]]:
        """Translate every window; yield (item, template) batches as they finish, in any order."""
        raise NotImplementedError

    def finished_now(self) -> list[list[tuple[WorkItem, str]]]:
        """After Ctrl-C: batches translated but not yet yielded, without waiting for others."""
        return []


class LocalRunner(WindowRunner):
    """The windows translated in this process, one after the other (:func:`translate_window`)."""

    def __init__(self, translator: Translator):
        self.translator = translator
        self.run: WindowRun | None = None

    def pieces(self, sources: list[str]) -> list[int]:
        return [len(p) for p in self.translator.engine.encode(sources)]

    def batches(self, windows: Iterable[list[WorkItem]]) -> Iterator[list[tuple[WorkItem, str]]]:
        tr = self.translator
        engine = tr.engine
        for window in windows:
            self.run = translate_window(engine, window, tr.speed, tr.stats)
            yield from self.run

    def finished_now(self) -> list[list[tuple[WorkItem, str]]]:
        return self.run.finished_now() if self.run is not None else []


# --- articles ----------------------------------------------------------------------------------


def translate_articles(
    articles: Iterable, translator: Translator, runner: WindowRunner | None = None
) -> Iterator[tuple[Any, list[Record]]]:
    """Each article with its aligned records (one per sentence of
    :func:`readcli.sentences.segment`), in order, as soon as that article is translated.

    The new sentences of all articles go through one batch plan (:func:`plan_windows`: the first
    article's alone, then ``read_ahead`` batches' worth at a time, sorted by length across
    articles); each batch is stored in the memory as soon as it is done. ``runner``: who
    translates the windows (default: this process; :mod:`readcli.translate.cluster`: Dask tasks).
    """
    units = ((a, [s.text for s in a.sentences]) for a in articles)
    for article, english in translator.stream(units, runner):
        yield article, [
            Record(article=article.id, sentence=s.number, paragraph=s.paragraph, ar=s.text, en=en)
            for s, en in zip(article.sentences, english)
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
