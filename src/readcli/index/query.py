"""The query language: words, "phrases", AND / OR / NOT, parentheses, a prefix wildcard ``كتب*``.

Grammar (operators in capitals; two terms side by side mean AND)::

    query  := or
    or     := and ("OR" and)*
    and    := not (["AND"] not)*
    not    := atom ("NOT" atom)*        a NOT b: a, but not b
    atom   := WORD | WORD* | "WORD WORD ..." | ( query )

A query is parsed once (:func:`parse`), then used twice: :func:`fts_match` turns it into an FTS5
MATCH expression that finds every candidate sentence (a superset: a phrase is asked as all its
words, a NOT of a phrase is left to the second step), and :func:`evaluate` decides exactly,
word by word, whether a sentence matches and which words are the hits.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from readcli.errors import UsageError
from readcli.index.normalize import clean, normalize, tokens

__all__ = ["QueryError", "Word", "Phrase", "And", "Or", "Not", "parse", "words_of", "fts_match", "evaluate", "english_match"]


class QueryError(UsageError):
    """A query that cannot be parsed (exit status 2)."""


@dataclass(frozen=True)
class Word:
    text: str  # as typed, harakat removed
    prefix: bool = False  # كتب*


@dataclass(frozen=True)
class Phrase:
    words: tuple[Word, ...]


@dataclass(frozen=True)
class And:
    items: tuple


@dataclass(frozen=True)
class Or:
    items: tuple


@dataclass(frozen=True)
class Not:
    left: object
    right: object


_LEXEME = re.compile(r'\s*(?:(?P<quote>"[^"]*"?)|(?P<open>\()|(?P<close>\))|(?P<word>[^\s()"]+))')
_OPERATORS = {"AND", "OR", "NOT"}
# Bounds that keep every recursive step (parse, FTS expression, evaluation) far from Python's
# recursion limit: a NOT chain of MAX_TERMS terms nests that deep.
MAX_TERMS = 200
MAX_DEPTH = 32


def _split_words(text: str, where: str) -> list[Word]:
    words = []
    for token in tokens(text.replace("*", " * ")):
        words.append(Word(clean(token.text)))
    if text.rstrip().endswith("*") and words:
        words[-1] = Word(words[-1].text, prefix=True)
    if not words:
        raise QueryError(f"{where} has no word to search for (letters or digits)")
    return words


def parse(query: str):
    """The query's tree; :class:`QueryError` (one line, exit 2) when it cannot be read."""
    lexemes = _lexemes(query)
    _check_size(lexemes)
    return _Parser(lexemes).tree()


def _lexemes(query: str) -> list[tuple[str, str]]:
    """(kind, text) pairs: ``phrase``, ``word``, ``(``, ``)`` or an operator."""
    lexemes = []
    pos = 0
    while pos < len(query):
        match = _LEXEME.match(query, pos)
        if not match or match.end() == pos:
            break
        pos = match.end()
        if match["quote"] is not None:
            quoted = match["quote"]
            if len(quoted) < 2 or not quoted.endswith('"'):
                raise QueryError('unbalanced quote in the query: close the phrase with "')
            lexemes.append(("phrase", quoted[1:-1]))
        elif match["open"]:
            lexemes.append(("(", "("))
        elif match["close"]:
            lexemes.append((")", ")"))
        elif match["word"] in _OPERATORS:
            lexemes.append((match["word"], match["word"]))
        else:
            lexemes.append(("word", match["word"]))
    if not lexemes:
        raise QueryError("empty query: give a word, a \"phrase\", or an expression with AND, OR, NOT")
    return lexemes


def _check_size(lexemes: list[tuple[str, str]]) -> None:
    """Bounded queries: at most :data:`MAX_TERMS` terms and :data:`MAX_DEPTH` nested parentheses."""
    terms = sum(1 for kind, _ in lexemes if kind in ("word", "phrase"))
    if terms > MAX_TERMS:
        raise QueryError(f"the query has {terms} terms; at most {MAX_TERMS} are allowed")
    depth = deepest = 0
    for kind, _ in lexemes:
        depth += 1 if kind == "(" else -1 if kind == ")" else 0
        deepest = max(deepest, depth)
    if deepest > MAX_DEPTH:
        raise QueryError(f"the query nests parentheses {deepest} deep; at most {MAX_DEPTH} levels are allowed")


class _Parser:
    """Recursive descent: expr = and (OR and)*; and = not (AND? not)*; not = atom (NOT atom)*."""

    def __init__(self, lexemes: list[tuple[str, str]]):
        self.lexemes = lexemes
        self.position = 0

    def tree(self):
        tree = self.expr()
        if self.position < len(self.lexemes):
            raise QueryError("unbalanced parenthesis in the query: ')' without '('")
        return tree

    def peek(self):
        return self.lexemes[self.position][0] if self.position < len(self.lexemes) else None

    def take(self):
        self.position += 1
        return self.lexemes[self.position - 1]

    def atom(self):
        kind = self.peek()
        if kind is None:
            raise QueryError("the query ends where a word was expected (after AND, OR, NOT or '(')")
        if kind == "(":
            self.take()
            inner = self.expr()
            if self.peek() != ")":
                raise QueryError("unbalanced parenthesis in the query: add ')'")
            self.take()
            return inner
        if kind == "phrase":
            words = _split_words(self.take()[1], "a phrase")
            return words[0] if len(words) == 1 else Phrase(tuple(words))
        if kind == "word":
            raw = self.take()[1]
            words = _split_words(raw, f"{raw!r}")
            if len(words) > 1:  # punctuation inside, e.g. "U.S": a phrase of its parts
                return Phrase(tuple(words))
            return words[0]
        if kind == ")":
            raise QueryError("unbalanced parenthesis in the query: ')' without '('")
        raise QueryError(f"{kind} needs a term before it (e.g. a {kind} b)")

    def not_(self):
        left = self.atom()
        while self.peek() == "NOT":
            self.take()
            left = Not(left, self.atom())
        return left

    def and_(self):
        items = [self.not_()]
        while self.peek() not in (None, "OR", ")"):
            if self.peek() == "AND":
                self.take()
            items.append(self.not_())
        return items[0] if len(items) == 1 else And(tuple(items))

    def expr(self):
        items = [self.and_()]
        while self.peek() == "OR":
            self.take()
            items.append(self.and_())
        return items[0] if len(items) == 1 else Or(tuple(items))


def words_of(node) -> list[Word]:
    """Every word of the query (each once)."""
    found: list[Word] = []
    if isinstance(node, Word):
        found.append(node)
    elif isinstance(node, Phrase):
        found.extend(node.words)
    elif isinstance(node, (And, Or)):
        for item in node.items:
            found.extend(words_of(item))
    elif isinstance(node, Not):
        found.extend(words_of(node.left) + words_of(node.right))
    return list(dict.fromkeys(found))


def _quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def has_phrase(node) -> bool:
    if isinstance(node, Phrase):
        return True
    if isinstance(node, (And, Or)):
        return any(has_phrase(i) for i in node.items)
    if isinstance(node, Not):
        return has_phrase(node.left) or has_phrase(node.right)
    return False


def fts_match(node, keys: Callable[[Word], list[str]], *, exact: bool) -> str:
    """The FTS5 MATCH expression (over ``ar_fts``) that every matching sentence satisfies.

    ``keys(word)``: the word's keys in expanded mode (see :mod:`readcli.index.analyzer`).
    """
    if isinstance(node, Word):
        form = normalize(node.text)
        if node.prefix:
            parts = [f"surf : {_quote(form)} *"]
            if not exact:
                parts.append(f"keys : {_quote('s' + form)} *")
            return "(" + " OR ".join(parts) + ")"
        if exact:
            return f"surf : {_quote(form)}"
        # The exact form too, so it feeds the score (surf weighs more than keys, see store.py).
        terms = keys(node) or ["s" + form]
        return f"(surf : {_quote(form)} OR keys : (" + " OR ".join(_quote(t) for t in terms) + "))"
    if isinstance(node, Phrase):  # the index has no positions: adjacency is checked by evaluate()
        return "(" + " AND ".join(fts_match(w, keys, exact=exact) for w in node.words) + ")"
    if isinstance(node, And):
        return "(" + " AND ".join(fts_match(i, keys, exact=exact) for i in node.items) + ")"
    if isinstance(node, Or):
        return "(" + " OR ".join(fts_match(i, keys, exact=exact) for i in node.items) + ")"
    if isinstance(node, Not):
        base, rights = _not_chain(node)
        left = fts_match(base, keys, exact=exact)
        # "not the phrase" is not "not all its words": a phrase is decided by evaluate().
        excluded = [fts_match(r, keys, exact=exact) for r in rights if not has_phrase(r)]
        if not excluded:
            return left
        return f"({left} NOT ({' OR '.join(excluded)}))"
    raise TypeError(node)


def _not_chain(node: Not) -> tuple[object, list]:
    """``a NOT b NOT c`` as (a, [b, c]): one flat FTS5 expression, not a nesting as deep as the
    chain is long (FTS5's parser has a small stack)."""
    rights = []
    while isinstance(node, Not):
        rights.append(node.right)
        node = node.left
    return node, rights[::-1]


def english_match(node) -> str:
    """The FTS5 MATCH expression over ``en_fts`` (English: FTS5 decides matches itself)."""
    if isinstance(node, Word):
        return _quote(node.text.lower()) + (" *" if node.prefix else "")
    if isinstance(node, Phrase):
        if any(w.prefix for w in node.words):
            return "(" + " AND ".join(english_match(w) for w in node.words) + ")"
        return _quote(" ".join(w.text.lower() for w in node.words))
    if isinstance(node, (And, Or)):
        op = " AND " if isinstance(node, And) else " OR "
        return "(" + op.join(english_match(i) for i in node.items) + ")"
    if isinstance(node, Not):
        base, rights = _not_chain(node)
        return f"({english_match(base)} NOT (" + " OR ".join(english_match(r) for r in rights) + "))"
    raise TypeError(node)


# --- exact evaluation on one sentence ------------------------------------------------------------


@dataclass(frozen=True)
class SentenceWords:
    """A sentence's words: offsets into the logical text, normalised forms, keys."""

    spans: tuple[tuple[int, int], ...]
    forms: tuple[str, ...]
    keys: tuple[frozenset, ...]


def sentence_words(text: str, word_keys: Callable[[str], str]) -> SentenceWords:
    spans, forms, keys = [], [], []
    for token in tokens(text):
        word = clean(token.text)
        if not word:
            continue
        spans.append((token.start, token.end))
        forms.append(normalize(word))
        keys.append(frozenset(word_keys(word).split()))
    return SentenceWords(tuple(spans), tuple(forms), tuple(keys))


def _word_hits(word: Word, sentence: SentenceWords, query_keys: dict, exact: bool) -> set[int]:
    form = normalize(word.text)
    hits = set()
    for i, (surface, keys) in enumerate(zip(sentence.forms, sentence.keys)):
        if word.prefix:
            if surface.startswith(form) or (
                not exact and any(k.startswith("s" + form) for k in keys)
            ):
                hits.add(i)
        elif surface == form or (not exact and keys & query_keys[word]):
            hits.add(i)
    return hits


def evaluate(node, sentence: SentenceWords, query_keys: dict, *, exact: bool) -> set[int] | None:
    """The indices of the words that match ``node`` in ``sentence``, or None when it does not match."""
    if isinstance(node, Word):
        hits = _word_hits(node, sentence, query_keys, exact)
        return hits or None
    if isinstance(node, Phrase):
        per_word = [_word_hits(w, sentence, query_keys, exact) for w in node.words]
        n = len(per_word)
        hits = set()
        for start in per_word[0]:
            if all(start + k in per_word[k] for k in range(1, n)):
                hits.update(range(start, start + n))
        return hits or None
    if isinstance(node, And):
        hits = set()
        for item in node.items:
            found = evaluate(item, sentence, query_keys, exact=exact)
            if found is None:
                return None
            hits |= found
        return hits
    if isinstance(node, Or):
        results = [evaluate(i, sentence, query_keys, exact=exact) for i in node.items]
        matched = [r for r in results if r is not None]
        return set().union(*matched) if matched else None
    if isinstance(node, Not):
        left = evaluate(node.left, sentence, query_keys, exact=exact)
        if left is None or evaluate(node.right, sentence, query_keys, exact=exact) is not None:
            return None
        return left
    raise TypeError(node)
