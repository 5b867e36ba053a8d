"""The corpus' feeds: ``feeds.json`` in the corpus folder (so a copied corpus keeps its feeds and
what was pulled from them), and RSS/Atom parsing with feedparser.

``feeds.json``::

    {"version": 1, "feeds": [{"name": "aljazeera", "url": "https://…/rss", "title": "…",
      "added": "2026-…Z", "etag": "…", "last_modified": "…", "pulled": "2026-…Z",
      "status": "3 new", "seen": {"<item id or link>": "<article id or a skip reason>"}}]}

Every change is made under an exclusive lock (``.feeds.lock`` in the corpus folder) and written
atomically; ``pull`` holds the lock for its whole run, so two pulls never fetch the same items.
"""

from __future__ import annotations

import json
import os
import re
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from readcli.atomic import write_bytes_atomic
from readcli.errors import InputError, ReadcliError, UsageError, os_fault, shorten

FEEDS_FILE = "feeds.json"
LOCK_FILE = ".feeds.lock"
MAX_FEEDS_FILE = 16 << 20
MAX_SEEN = 2000  # remembered items per feed (those still in the feed are always kept)
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")
ACCEPT_FEED = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1"


class Busy(ReadcliError):
    """Another process holds the feeds lock."""


@dataclass(frozen=True)
class Item:
    key: str  # the entry's id (guid), else its link
    link: str
    title: str


@dataclass(frozen=True)
class Parsed:
    title: str
    items: list[Item]


def parse_feed(data: bytes, url: str, content_type: str = "", name: str = "the feed") -> Parsed:
    """The items of an RSS or Atom document. :class:`InputError` when it is not a feed."""
    import feedparser

    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    try:
        parsed = feedparser.parse(data, response_headers=headers, sanitize_html=False, resolve_relative_uris=False)
    except Exception as error:  # noqa: BLE001 - feedparser on hostile input: one line, never a traceback
        raise InputError(f"{name}: not a valid RSS or Atom feed ({shorten(error, 80)})") from None
    version = parsed.get("version") or ""
    if not parsed.entries and (parsed.get("bozo") or not version):
        reason = parsed.get("bozo_exception")
        detail = f" ({shorten(reason, 80)})" if reason else ""
        raise InputError(f"{name}: not a valid RSS or Atom feed{detail}")
    from urllib.parse import urljoin

    items = []
    for entry in parsed.entries:
        link = entry.get("link") or ""
        if not link:
            for candidate in entry.get("links") or []:
                if candidate.get("href") and candidate.get("rel", "alternate") == "alternate":
                    link = candidate["href"]
                    break
        link = urljoin(url, link.strip()) if link else ""
        if not link.lower().startswith(("http://", "https://")):
            continue
        key = str(entry.get("id") or link).strip()
        title = " ".join(str(entry.get("title") or "").split())
        items.append(Item(key=key, link=link, title=title))
    title = " ".join(str(parsed.feed.get("title") or "").split())
    return Parsed(title=title, items=items)


class FeedStore:
    """``feeds.json`` of one corpus folder."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self.path = self.root / FEEDS_FILE

    def load(self) -> list[dict]:
        try:
            with open(self.path, "rb") as handle:
                data = handle.read(MAX_FEEDS_FILE + 1)
        except FileNotFoundError:
            return []
        except OSError as error:
            raise os_fault(error, "read", self.path) from None
        if len(data) > MAX_FEEDS_FILE:
            raise InputError(f"{self.path} is over {MAX_FEEDS_FILE >> 20} MB; it is not readcli's feed list")
        try:
            state = json.loads(data.decode("utf-8"))
            feeds = state["feeds"]
            if not isinstance(feeds, list) or not all(isinstance(f, dict) and "name" in f and "url" in f for f in feeds):
                raise ValueError("no list of feeds")
        except (ValueError, KeyError, TypeError) as error:
            raise InputError(
                f"{self.path} is damaged ({shorten(error, 60)}); fix it or remove it and add the feeds again"
            ) from None
        return feeds

    def save(self, feeds: list[dict]) -> None:
        data = json.dumps({"version": 1, "feeds": feeds}, ensure_ascii=False, indent=1).encode("utf-8") + b"\n"
        try:
            write_bytes_atomic(self.path, data)
        except OSError as error:
            raise os_fault(error, "write", self.path) from None

    @contextmanager
    def locked(self, *, wait: bool = True, what: str = "change the feeds"):
        """An exclusive lock on the corpus' feeds for the block (``wait=False``: :class:`Busy`
        when another process holds it)."""
        import fcntl

        try:
            self.root.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.root / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o666)
        except OSError as error:
            raise os_fault(error, "write", self.root / LOCK_FILE) from None
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
            except BlockingIOError:
                raise Busy(f"another readcli is pulling feeds into {self.root}; wait for it to finish, then "
                           f"{what} again") from None
            yield
        finally:
            os.close(fd)


def find_feed(feeds: list[dict], ref: str) -> dict:
    """The feed named ``ref`` or with the URL ``ref``."""
    for feed in feeds:
        if feed["name"] == ref or feed["url"] == ref:
            return feed
    names = ", ".join(f["name"] for f in feeds[:10]) or "none"
    raise UsageError(f"no feed {shorten(ref, 80)!r} (feeds: {names})")


def check_name(name: str) -> str:
    if not _NAME.match(name):
        raise UsageError(f"invalid feed name {shorten(name, 60)!r}: use letters, digits, '.', '_' and '-' (at most 40)")
    return name


def default_name(url: str, feeds: list[dict]) -> str:
    """The feed's host (without www.), made unique with -2, -3…"""
    from urllib.parse import urlsplit

    host = (urlsplit(url).hostname or "feed").removeprefix("www.")
    base = re.sub(r"[^A-Za-z0-9._-]", "-", host)[:36].strip("-._") or "feed"
    taken = {f["name"] for f in feeds}
    name, n = base, 1
    while name in taken:
        n += 1
        name = f"{base}-{n}"
    return name


def remember(feed: dict, current: list[Item], outcomes: dict[str, str]) -> None:
    """Record ``outcomes`` (item key -> article id or skip reason) in the feed's seen items,
    keeping those still in the feed and the most recent others (at most :data:`MAX_SEEN`)."""
    seen = dict(feed.get("seen") or {})
    seen.update(outcomes)
    if len(seen) > MAX_SEEN:
        keep = {item.key for item in current}
        extra = [k for k in seen if k not in keep]
        drop = set(extra[: len(seen) - MAX_SEEN])
        seen = {k: v for k, v in seen.items() if k not in drop}
    feed["seen"] = seen
