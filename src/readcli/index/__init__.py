"""The corpus index: one SQLite file of per-article facts, sentences and Arabic-aware search terms.

It serves ``readcli search``, the facts behind ``readcli list`` and ``glossary --all``, and the
glossary cache (:mod:`cache`).

Modules, one concept each, no terminal code:

- :mod:`normalize`: orthographic normalisation and tokenisation (offsets into the logical text);
- :mod:`analyzer`: the index terms of a word (lemma ids from the Buckwalter lexicon, clitic-free
  forms of words the lexicon does not know);
- :mod:`store`: the SQLite file (location, schema, damaged-file rebuild);
- :mod:`sync`: the stat/hash check against the corpus folder, transactional batches;
- :mod:`translations`: English from the translation memory for the indexed sentences;
- :mod:`facts`: per-article facts (title, sentences, words) for ``readcli list``;
- :mod:`cache`: blobs by (content hash, kind, version) for other commands;
- :mod:`index`: the facade: open, update, search (FTS5 candidates, exact check, spans);
- :mod:`query`: the query language, its FTS5 translation and exact matching with spans.

The lexicon is loaded only when a new word is indexed.
"""
