"""Translation: Argos packages (install, index, staging), the CTranslate2 engine, the translation
memory, glossary masking, the pipeline from articles to records, and the one lookup of the English
stored for a sentence (:mod:`readcli.translate.stored`).

Nothing here imports ctranslate2 or sentencepiece at import time; the engine loads them when a
model is first used.
"""

DEFAULT_BEAM = 4  # Argos's default beam size: `translate --beam`'s default, and what list and search look up
