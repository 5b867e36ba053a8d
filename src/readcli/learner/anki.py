"""Anki decks of an article's (or the corpus') lemmas: an ``.apkg`` (``genanki``) or Anki's text
import format.

One note per lemma, with the fields:

- ``Arabic``: the word as first read; ``Lemma``; ``Gloss``; ``POS``;
- ``Sentence``: the sentence it was read in, the word in ``<b>…</b>``; ``English``: that
  sentence's English when the translation memory holds it;
- ``Source``: the article id and title; ``Key``: readcli's key of the lemma (a Buckwalter lemma
  id, or ``?`` and the form of a word the lexicon does not know).

Each note's GUID is made from its key alone (``genanki.guid_for``), and the note type and deck
ids are fixed, so importing a new export into Anki updates the notes already there instead of
adding copies. The Arabic fields are marked right-to-left for Anki's editor and shown in
``dir="rtl"`` blocks on the cards.

``genanki`` is imported only here, by ``readcli export anki``.
"""

from __future__ import annotations

import hashlib
import html
from typing import NamedTuple

from readcli.learner.study import split_marked

FIELDS = ("Arabic", "Lemma", "Gloss", "POS", "Sentence", "English", "Source", "Key")
RTL_FIELDS = frozenset({"Arabic", "Lemma", "Sentence"})
GUID_SALT = "readcli-lemma"
MODEL_NAME = "readcli word (Arabic)"
DECK_NAME = "readcli"


def _stable_id(name: str) -> int:
    """An Anki id (a positive 31-bit number, away from the small ids Anki uses itself) from a name."""
    return (1 << 30) + int(hashlib.sha256(name.encode()).hexdigest()[:7], 16)


MODEL_ID = _stable_id("readcli model: " + MODEL_NAME)
DECK_ID = _stable_id("readcli deck: " + DECK_NAME)

_FRONT = (
    '<div dir="rtl" lang="ar" class="arabic">{{Arabic}}</div>\n'
    '<div dir="rtl" lang="ar" class="sentence">{{Sentence}}</div>'
)
_BACK = (
    '{{FrontSide}}<hr id="answer">\n'
    '<div dir="rtl" lang="ar" class="lemma">{{Lemma}}</div>\n'
    '<div class="gloss">{{Gloss}} <span class="pos">{{POS}}</span></div>\n'
    '{{#English}}<div class="english">{{English}}</div>{{/English}}\n'
    '<div class="source">{{Source}}</div>'
)
_CSS = (
    ".card { font-family: sans-serif; font-size: 20px; text-align: center; }\n"
    ".arabic { font-size: 40px; }\n.sentence, .lemma { font-size: 26px; }\n"
    ".pos, .source { color: #888; font-size: 14px; }\n.english { font-style: italic; }\n"
)


class Note(NamedTuple):
    key: str
    arabic: str
    lemma: str
    gloss: str
    pos: str
    sentence: str  # marked with study.MARK_START/MARK_END around the word
    english: str
    source: str

    def fields(self) -> list[str]:
        """The note's fields as Anki HTML: text escaped, the word in the sentence in bold."""
        before, word, after = split_marked(self.sentence)
        sentence = html.escape(before) + (f"<b>{html.escape(word)}</b>" if word else "") + html.escape(after)
        plain = [self.arabic, self.lemma, self.gloss, self.pos]
        return [*map(html.escape, plain), sentence, html.escape(self.english), html.escape(self.source),
                html.escape(self.key)]

    @property
    def guid(self) -> str:
        return guid(self.key)


def guid(key: str) -> str:
    import genanki

    return genanki.guid_for(GUID_SALT, key)


def write_apkg(notes: list[Note], out) -> None:
    """Write the deck to ``out`` (a binary file object)."""
    import genanki

    model = genanki.Model(
        MODEL_ID,
        MODEL_NAME,
        fields=[{"name": name, "rtl": name in RTL_FIELDS} for name in FIELDS],
        templates=[{"name": "Word in its sentence", "qfmt": _FRONT, "afmt": _BACK}],
        css=_CSS,
    )
    deck = genanki.Deck(DECK_ID, DECK_NAME)
    for note in notes:
        deck.add_note(genanki.Note(model=model, fields=note.fields(), guid=note.guid, sort_field=note.lemma))
    genanki.Package(deck).write_to_file(out)


def tsv_lines(notes: list[Note]) -> list[str]:
    """Anki's text import format: header lines, then the fields and the GUID, tab-separated.

    The GUID is the last column: a GUID may begin with ``#``, which would make its line a
    comment if it came first.
    """
    lines = [
        "#separator:tab",
        "#html:true",
        f"#guid column:{len(FIELDS) + 1}",
        "#notetype:" + MODEL_NAME,
        "#deck:" + DECK_NAME,
        "#columns:" + "\t".join((*FIELDS, "GUID")),
    ]
    for note in notes:
        cells = [*note.fields(), note.guid]
        lines.append("\t".join(" ".join(c.split()) for c in cells))
    return lines
