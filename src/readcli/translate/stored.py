"""Which articles the translation memory already holds in full (for ``readcli list``).

Light on purpose: reads the package's metadata and the SQLite file, never loads the model
(no ctranslate2, sentencepiece or argostranslate import) and never creates the memory file.
"""

from __future__ import annotations


def translated_flags(articles, *, beam_size: int = 4) -> dict[str, bool]:
    """Article id -> True when every sentence has a stored translation for the installed model.

    Uses the same keys as ``readcli translate`` with its default settings: the installed ar→en
    package's identity, the decoding settings, and each sentence masked with the corpus glossary.
    """
    flags = {article.id: False for article in articles}
    if not flags:
        return flags
    from readcli.errors import ReadcliError
    from readcli.translate.memory import Memory
    from readcli.translate.packages import installed_ar_en_package
    from readcli.translate.pipeline import mask_source, model_key, prepare_glossary
    from readcli.translate.user_glossary import load_user_glossary

    package = installed_ar_en_package()
    if package is None:
        return flags
    try:
        memory = Memory.open(create=False)
    except ReadcliError:
        return flags  # `list` still works; `translate` reports the damaged file
    if memory is None:
        return flags
    key = model_key(package, beam_size)
    glossaries: dict = {}
    with memory:
        for article in articles:
            root = article.path.parent
            if root not in glossaries:
                try:
                    glossaries[root] = prepare_glossary(load_user_glossary(root))
                except ReadcliError:
                    glossaries[root] = []
            keys = [mask_source(s.text, glossaries[root]).text for s in article.sentences]
            keys = [k for k in keys if k]
            try:
                found = memory.lookup(key, keys)
            except ReadcliError:
                return flags
            flags[article.id] = bool(keys) and all(k in found for k in keys)
    return flags
