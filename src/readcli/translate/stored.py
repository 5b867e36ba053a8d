"""The English stored for a sentence: the one lookup ``translate``, ``list`` and search share.

A sentence's key in the translation memory is the model key (the package's identity and the
decoding settings, :func:`model_key`) and the sentence normalised with the corpus glossary's
terms masked (:func:`readcli.translate.masking.mask_source`); what is stored is the model's output
with the slots still in it, filled with the user's renderings on the way out
(:func:`readcli.translate.masking.fill`). ``translate`` stores under that key
(:class:`readcli.translate.pipeline.Translator`), ``list`` asks whether every sentence of an
article is there (:func:`translated_flags`) and the index copies the English for search
(:mod:`readcli.index.translations`): all three through :func:`look_up`, so they cannot drift.

Light on purpose: reads the package's metadata and the SQLite file, never loads the model
(no ctranslate2, sentencepiece or argostranslate import) and never creates the memory file.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from readcli.errors import ReadcliError
from readcli.translate import DEFAULT_BEAM
from readcli.translate.engine import settings_key
from readcli.translate.masking import Masked, fill, mask_source, prepare_glossary
from readcli.translate.memory import Memory
from readcli.translate.packages import installed_ar_en_package
from readcli.translate.user_glossary import load_user_glossary

__all__ = ["DEFAULT_BEAM", "model_key", "installed_model_key", "corpus_terms", "look_up", "english", "translated_flags"]

def model_key(package, beam_size: int = DEFAULT_BEAM) -> str:
    """The model half of every translation-memory key: package fingerprint + decoding settings."""
    return f"{package.identity()}|{settings_key(beam_size)}"


def installed_model_key(beam_size: int = DEFAULT_BEAM) -> str | None:
    """The model key of the installed ar→en package, None when there is none."""
    package = installed_ar_en_package()
    return None if package is None else model_key(package, beam_size)


def corpus_terms(root: Path) -> list[tuple[str, str]]:
    """The glossary terms of the corpus folder ``root`` as masking uses them; none when its
    glossary cannot be read (``translate`` reports that)."""
    try:
        return prepare_glossary(load_user_glossary(root))
    except ReadcliError:
        return []


def look_up(
    memory: Memory | None, key: str, sentences: Sequence[str], terms: Sequence[tuple[str, str]]
) -> tuple[list[Masked], dict[str, str]]:
    """Each sentence masked with ``terms``, and the stored templates found for them under ``key``
    (masked text -> template; empty sentences and a missing memory find nothing)."""
    masked = [mask_source(sentence, terms) for sentence in sentences]
    if memory is None:
        return masked, {}
    return masked, memory.lookup(key, [m.text for m in masked if m.text])


def english(masked: Masked, templates: dict[str, str]) -> str | None:
    """The English for one masked sentence: its template with the renderings filled in; ``""``
    for an empty sentence, None when nothing is stored."""
    if not masked.text:
        return ""
    template = templates.get(masked.text)
    return None if template is None else fill(template, masked.renderings)


def looked_up(articles, *, beam_size: int = DEFAULT_BEAM):
    """For each article: (article, its masked sentences, the templates stored for them), with the
    installed model's key and the article's corpus glossary, as ``readcli translate`` keys them.

    Yields nothing when no ar→en package is installed or the memory cannot be read (a command
    that only shows stored English still works; ``translate`` reports a damaged file). Never
    loads a model.
    """
    key = installed_model_key(beam_size)
    if key is None:
        return
    try:
        memory = Memory.open(create=False)
    except ReadcliError:
        return
    if memory is None:
        return
    terms: dict[Path, list] = {}
    with memory:
        for article in articles:
            root = article.path.parent
            if root not in terms:
                terms[root] = corpus_terms(root)
            try:
                masked, found = look_up(memory, key, [s.text for s in article.sentences], terms[root])
            except ReadcliError:
                return
            yield article, masked, found


def stored_english(articles, *, beam_size: int = DEFAULT_BEAM) -> dict[tuple[str, int], str]:
    """(article id, sentence number) -> the English the memory holds for it; sentences with none
    are left out."""
    found: dict[tuple[str, int], str] = {}
    for article, masked, templates in looked_up(articles, beam_size=beam_size):
        for sentence, source in zip(article.sentences, masked):
            text = english(source, templates)
            if text:
                found[(article.id, sentence.number)] = text
    return found


def translated_flags(articles, *, beam_size: int = DEFAULT_BEAM) -> dict[str, bool]:
    """Article id -> True when every sentence has a stored translation for the installed model.

    Uses the same keys as ``readcli translate`` with its default settings (:func:`look_up`).
    """
    flags = {article.id: False for article in articles}
    for article, masked, found in looked_up(articles, beam_size=beam_size):
        texts = [m.text for m in masked if m.text]
        flags[article.id] = bool(texts) and all(t in found for t in texts)
    return flags
