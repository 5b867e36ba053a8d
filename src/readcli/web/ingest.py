"""``add URL`` and ``add page.html``: fetch or read a page, extract its article, add it through
the corpus' one :meth:`readcli.corpus.Corpus.add` (same id reservation and text dedupe as any
file), with its metadata as the sidecar.

Dedupe by URL comes first: a URL (requested, after redirects, or the page's canonical URL) that
an article's sidecar already names gives that article, without adding anything.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from readcli.arabic import arabic_share
from readcli.corpus import normalise_url
from readcli.errors import InputError, ReadcliError, shorten
from readcli.fetch import DEFAULT_DEADLINE, DEFAULT_MAX_BYTES, FetchError, Response, check_url, fetch
from readcli.textio import decode_text, read_capped, size_text

# Kept lazy (start-up): web.page and web.charset, only for web pages, not for `add` of a text file.

MIN_ARABIC_SHARE = 0.5  # below this share of Arabic letters a page is "not Arabic"
HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
HTML_TYPES = ("text/html", "application/xhtml+xml", "")
CAP_HINT = " (--max-size)"  # how the commands that fetch raise the cap
ACCEPT_PAGE = "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.5,*/*;q=0.1"


class NotArabic(ReadcliError):
    """A page whose text is mostly not Arabic (added only with --force): a skipped item."""

    exit_code = 3


@dataclass(frozen=True)
class Limits:
    max_bytes: int = DEFAULT_MAX_BYTES
    deadline: float = DEFAULT_DEADLINE

    @property
    def connect_timeout(self) -> float:
        return min(10.0, self.deadline)


@dataclass
class Outcome:
    """What adding one page did: the article id, whether it was new, and what was found."""

    article_id: str
    new: bool
    path: Path | None = None
    how: str = ""  # "url" (an article already names this URL), "text" (same text), "" (added)
    meta: dict = field(default_factory=dict)


def now_iso() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def looks_like_html_file(path: Path, head: bytes) -> bool:
    if path.suffix.lower() in HTML_SUFFIXES:
        return True
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return start.startswith((b"<!doctype html", b"<html"))


def fetch_page(url: str, limits: Limits, *, etag: str | None = None) -> Response:
    return fetch(url, max_bytes=limits.max_bytes, deadline=limits.deadline,
                 connect_timeout=limits.connect_timeout, accept=ACCEPT_PAGE, etag=etag, cap_hint=CAP_HINT)


def page_text(response: Response, name: str):
    """The page (see :func:`readcli.web.page.extract`) in a fetched response; text/plain is an
    article as it is."""
    from readcli.web.page import Page, extract  # start-up: see the note at the top

    kind = response.content_type
    if kind == "text/plain":
        from readcli.web.charset import codec_for

        codec = codec_for(response.charset)
        text = response.body.decode(codec, "replace") if codec else decode_text(response.body, name).text
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        if not text.strip():
            raise InputError(f"{name}: empty page, no text")
        return Page(text=text, meta={"encoding": codec or "detected"}, arabic_share=arabic_share(text))
    if kind not in HTML_TYPES:
        raise InputError(f"{name} is {shorten(kind, 60)}, not an HTML page or text")
    return extract(response.body, url=response.url, header_charset=response.charset, name=name)


def _canonical(url: str | None) -> str | None:
    """The canonical URL worth keeping: an http(s) URL that is not a site's front page."""
    from urllib.parse import urlsplit

    if not url or not url.lower().startswith(("http://", "https://")):
        return None
    try:
        path = urlsplit(url).path
    except ValueError:
        return None
    return url if path.strip("/") else None


class Adder:
    """Adds pages to one corpus; keeps the corpus' URL index between pages (for ``pull``)."""

    def __init__(self, corpus, limits: Limits = Limits(), *, force: bool = False):
        self.corpus = corpus
        self.limits = limits
        self.force = force
        self._urls: dict[str, str] | None = None

    def known(self, url: str) -> str | None:
        """The id of the article whose sidecar names ``url``, if any."""
        if self._urls is None:
            self._urls = self.corpus.url_index() if self.corpus.root.is_dir() else {}
        return self._urls.get(normalise_url(url))

    def add_url(self, url: str, *, article_id: str | None = None, extra: dict | None = None) -> Outcome:
        check_url(url)
        existing = self.known(url)
        if existing is not None:
            return Outcome(existing, new=False, how="url")
        response = fetch_page(url, self.limits)
        page = page_text(response, shorten(url))
        meta = {"url": url, "fetched": now_iso()}
        if response.url != url:
            meta["final_url"] = response.url
        return self._store(page, meta, [url, response.url], article_id=article_id, extra=extra, name=shorten(url))

    def add_file(self, path: Path, *, article_id: str | None = None) -> Outcome:
        return self.add_bytes(read_capped(path, self.limits.max_bytes, hint=CAP_HINT), path.name, article_id=article_id,
                              name=str(path))

    def add_bytes(self, data: bytes, file: str | None, *, article_id: str | None = None,
                  name: str = "standard input") -> Outcome:
        """A saved page's bytes (a file, or standard input when ``file`` is None)."""
        from readcli.web.page import extract

        if len(data) > self.limits.max_bytes:
            raise InputError(f"{name}: over the {size_text(self.limits.max_bytes)} cap{CAP_HINT}")
        page = extract(data, name=name)
        meta = {"file": file, "added": now_iso()} if file else {"added": now_iso()}
        return self._store(page, meta, [], article_id=article_id, extra=None, name=name)

    def _store(self, page, meta: dict, urls: list[str], *, article_id, extra, name) -> Outcome:
        canonical = _canonical(page.meta.get("canonical_url"))
        for key, value in page.meta.items():
            if key != "canonical_url":
                meta[key] = value
        if canonical:
            meta["canonical_url"] = canonical
            urls = urls + [canonical]
        meta["arabic_share"] = round(page.arabic_share, 3)
        if extra:
            meta.update(extra)
        for url in urls[1:]:
            existing = self.known(url)
            if existing is not None:
                return Outcome(existing, new=False, how="url", meta=meta)
        if page.arabic_share < MIN_ARABIC_SHARE and not self.force:
            raise NotArabic(
                f"{name} is not Arabic: {page.arabic_share:.0%} of its letters are Arabic; "
                "not added (--force adds it anyway)"
            )
        added = self.corpus.add(page.text, article_id, force=self.force, meta=meta)
        article = added.article
        if added.new and self._urls is not None:
            for url in urls:
                self._urls.setdefault(normalise_url(url), article.id)
        return Outcome(article.id, new=added.new, path=article.path, how="" if added.new else "text", meta=meta)


# What skips one page and lets ``pull`` go on: fetch faults, pages without text, not Arabic.
SKIPPABLE = (FetchError, InputError, NotArabic)
