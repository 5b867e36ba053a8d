"""Study cards and their scheduling with FSRS (the ``fsrs`` package: the scheduler Anki ships).

A card is one lemma with the word as read, its sentence and article, gloss and part of speech,
and the English of the sentence when the translation memory has it. Its schedule is an
``fsrs.Card`` kept as JSON in the learner store; grading it (1 again, 2 hard, 3 good, 4 easy)
runs ``fsrs.Scheduler.review_card`` and saves the new state, due time and a review row at once.

``fsrs`` is imported only here, by the commands that study.
"""

from __future__ import annotations

import datetime as _dt
import json
from typing import NamedTuple

from readcli.learner.store import Card

GRADES = {1: "again", 2: "hard", 3: "good", 4: "easy"}
PROMOTE_DAYS = 21  # Anki calls a card with an interval of 21 days or more mature


class Graded(NamedTuple):
    state: str  # the card's FSRS state as JSON
    due: str  # ISO 8601, UTC
    interval: _dt.timedelta  # from the review to the next due time
    promote: bool  # graded easy and mature: the lemma may become known


def utcnow() -> _dt.datetime:
    return _dt.datetime.now(_dt.timezone.utc)


def iso(moment: _dt.datetime) -> str:
    return moment.astimezone(_dt.timezone.utc).isoformat(timespec="seconds")


def _scheduler():
    import fsrs

    return fsrs.Scheduler()


def new_state(now: _dt.datetime | None = None) -> tuple[str, str]:
    """(state JSON, due) of a new card, due now."""
    import fsrs

    card = fsrs.Card(due=now or utcnow())
    return json.dumps(card.to_dict()), iso(card.due)


def grade(state: str, rating: int, now: _dt.datetime | None = None) -> Graded:
    """The card after a review graded ``rating`` (1–4) at ``now``."""
    import fsrs

    if rating not in GRADES:
        raise ValueError(rating)
    now = now or utcnow()
    card = fsrs.Card.from_dict(json.loads(state))
    card, _ = _scheduler().review_card(card, fsrs.Rating(rating), review_datetime=now)
    interval = card.due - now
    return Graded(json.dumps(card.to_dict()), iso(card.due), interval,
                  rating == 4 and interval >= _dt.timedelta(days=PROMOTE_DAYS))


def article_cards(occurrences, *, article_id: str, english: dict[tuple[str, int], str]) -> list[Card]:
    """New cards (due now) for lemmas of an article (:class:`readcli.learner.lemmas.Occurrence`)."""
    cards = []
    for o in occurrences:
        state, due = new_state()
        cards.append(Card(o.key, o.lemma, o.form, o.gloss, o.pos, article_id, o.sentence, marked(o.text, o.start, o.end),
                          english.get((article_id, o.sentence)), state, due))
    return cards


def word_card(reading, form: str) -> Card:
    """A new card for a word given on the command line (no sentence)."""
    state, due = new_state()
    return Card(reading.key, reading.lemma, form, reading.gloss, reading.pos, "", None, "", None, state, due)


# The example sentence keeps its word marked with these two characters (never in article text:
# readcli's decoder refuses control characters); the views turn them into a style or <b>…</b>.
MARK_START, MARK_END = "\x02", "\x03"


def marked(text: str, start: int, end: int) -> str:
    return text[:start] + MARK_START + text[start:end] + MARK_END + text[end:]


def unmarked(text: str) -> str:
    return text.replace(MARK_START, "").replace(MARK_END, "")


def split_marked(text: str) -> tuple[str, str, str]:
    """(before, the word, after) of a marked sentence; the word is empty when none is marked."""
    start = text.find(MARK_START)
    end = text.find(MARK_END, start + 1)
    if start < 0 or end < 0:
        return unmarked(text), "", ""
    return text[:start], text[start + 1 : end], unmarked(text[end + 1 :])


def sentence_english(articles) -> dict[tuple[str, int], str]:
    """(article id, sentence number) -> the English the translation memory holds for it
    (:func:`readcli.translate.stored.stored_english`, the one lookup of stored English);
    everything is left out when no ar→en package is installed. Never loads a model."""
    articles = [a for a in articles if a.path.is_file()]
    if not articles:
        return {}
    from readcli.translate.stored import stored_english  # start-up: not for `study --due`

    return stored_english(articles)
