"""Which articles the translation memory already holds in full (for ``readcli list``)."""

from __future__ import annotations


def translated_flags(articles) -> dict[str, bool]:
    """Article id -> True when every sentence has a stored translation for the installed model.

    Placeholder until the translation memory lands (issue 3): nothing is translated yet.
    """
    return {article.id: False for article in articles}
