"""The learner's loop, by lemma (docs/learner.md): pure core, no terminal code.

- :mod:`~readcli.learner.store`: the SQLite store of word statuses, study cards and reviews;
- :mod:`~readcli.learner.lemmas`: what a word is known by (its lemma), what an article is made of;
- :mod:`~readcli.learner.known`: word lists in (``known import``) and out (``known export``);
- :mod:`~readcli.learner.coverage`: the share of an article's running content words known;
- :mod:`~readcli.learner.study`: study cards scheduled with FSRS (``fsrs`` imported there only);
- :mod:`~readcli.learner.anki`: Anki decks and Anki's text import format (``genanki`` there only).
"""
