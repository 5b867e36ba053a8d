"""``pull``: fetch each feed (conditional GET), then add its new items through :class:`Adder`
(the path of ``add URL``), politely: robots.txt for item URLs, a delay between two requests to
the same host (items are taken from the hosts in turn, so one slow host does not hold up the
rest), every request capped and deadlined by :mod:`readcli.fetch`.

A failing feed or item is reported through ``warn`` and counted; the rest go on.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from readcli.errors import shorten
from readcli.fetch import HTTP_STATUS, FetchError, fetch, user_agent
from readcli.web.feeds import ACCEPT_FEED, FeedStore, Item, find_feed, parse_feed, remember
from readcli.web.ingest import CAP_HINT, SKIPPABLE, Adder, Limits, NotArabic, now_iso

ROBOTS_MAX_BYTES = 512 * 1024
MAX_CRAWL_DELAY = 30.0


def host_of(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{(parts.netloc or '').lower()}"


class Pacer:
    """Waits so that two requests to one host are at least ``delay`` seconds apart."""

    def __init__(self, delay: float, sleep: Callable[[float], None] = time.sleep):
        self.delay = delay
        self.host_delay: dict[str, float] = {}
        self._last: dict[str, float] = {}
        self._sleep = sleep

    def ready_in(self, host: str) -> float:
        last = self._last.get(host)
        if last is None:
            return 0.0
        return max(0.0, last + self.host_delay.get(host, self.delay) - time.monotonic())

    def wait(self, host: str) -> None:
        pause = self.ready_in(host)
        if pause > 0:
            self._sleep(pause)
        self._last[host] = time.monotonic()


class Robots:
    """robots.txt of each host, fetched once per pull (RFC 9309: a 4xx answer allows everything;
    an unreachable robots.txt or a 5xx answer allows nothing)."""

    def __init__(self, limits: Limits, pacer: Pacer):
        self.limits = limits
        self.pacer = pacer
        self._parsers: dict[str, object] = {}

    def allowed(self, url: str) -> bool:
        host = host_of(url)
        if host not in self._parsers:
            self._parsers[host] = self._load(host)
        parser = self._parsers[host]
        if parser in (True, False):
            return bool(parser)
        return parser.can_fetch(user_agent(), url)

    def _load(self, host: str):
        from urllib.robotparser import RobotFileParser

        self.pacer.wait(host)
        try:
            response = fetch(host + "/robots.txt", max_bytes=ROBOTS_MAX_BYTES,
                             deadline=min(self.limits.deadline, 15.0), connect_timeout=self.limits.connect_timeout,
                             accept="text/plain, */*;q=0.1")
        except FetchError as error:
            # 4xx: there is no robots.txt, all is allowed; unreachable or 5xx: nothing is.
            return error.kind == HTTP_STATUS and 400 <= (error.status or 0) < 500
        parser = RobotFileParser()
        parser.parse(response.body.decode("utf-8", "replace").splitlines())
        delay = parser.crawl_delay(user_agent())
        if delay:
            try:
                self.pacer.host_delay[host] = max(self.pacer.delay, min(float(delay), MAX_CRAWL_DELAY))
            except (TypeError, ValueError):
                pass
        return parser


@dataclass
class Work:
    feed: dict
    item: Item


@dataclass
class Report:
    new_ids: list[str] = field(default_factory=list)
    failures: int = 0
    planned: list[Work] = field(default_factory=list)  # --dry-run: what would be fetched


def _interleave(work: list[Work]) -> list[Work]:
    """Items in turn from each host (the feed's order kept within a host)."""
    by_host: dict[str, list[Work]] = {}
    for w in work:
        by_host.setdefault(host_of(w.item.link), []).append(w)
    queues = list(by_host.values())
    out: list[Work] = []
    while queues:
        for queue in queues:
            out.append(queue.pop(0))
        queues = [q for q in queues if q]
    return out


def pull(corpus, store: FeedStore, select: str | None, *, limits: Limits, delay: float, robots: bool,
         dry_run: bool, warn: Callable[[str], None], on_new: Callable[[str], None], progress=None) -> Report:
    """Pull every feed of ``store`` (or the one named ``select``); the feed list is saved back
    after the feeds are fetched and at the end, unless ``dry_run``. The caller holds the lock."""
    report = Report()
    pacer = Pacer(delay)
    adder = Adder(corpus, limits)
    rules = Robots(limits, pacer) if robots else None
    everything = store.load()
    feeds = [find_feed(everything, select)] if select else everything
    by_name = {f["name"]: f for f in everything}

    # 1. The feeds (conditional GET): which items are new.
    fresh: dict[str, tuple[dict, list[Item], dict]] = {}
    work: list[Work] = []
    for feed in feeds:
        name = feed["name"]
        pacer.wait(host_of(feed["url"]))
        try:
            response = fetch(feed["url"], max_bytes=limits.max_bytes, deadline=limits.deadline,
                             connect_timeout=limits.connect_timeout, accept=ACCEPT_FEED,
                             etag=feed.get("etag"), last_modified=feed.get("last_modified"), what="the feed",
                             cap_hint=CAP_HINT)
            if response.not_modified:
                _note(by_name, name, "not modified", dry_run, store, everything)
                continue
            parsed = parse_feed(response.body, response.url, response.headers.get("content-type", ""),
                                name=f"feed {name}")
        except SKIPPABLE as error:
            warn(f"feed {name}: {error}")
            report.failures += 1
            _note(by_name, name, f"failed: {error}", dry_run, store, everything)
            continue
        seen = feed.get("seen") or {}
        new = []
        for item in parsed.items:
            if item.key in seen or any(w.item.link == item.link for w in work):
                continue
            if adder.known(item.link) is not None:
                continue
            new.append(item)
        fresh[name] = (response, parsed.items, {})
        work.extend(Work(feed, item) for item in new)
        if dry_run:
            report.planned.extend(Work(feed, item) for item in new)

    if dry_run:
        return report

    # 2. The new items, hosts in turn.
    failed_feeds: set[str] = set()
    # A feed whose new items were not all tried (Ctrl-C) keeps no validators either, so the next
    # pull reads it in full and takes the rest.
    left = {name: sum(1 for w in work if w.feed["name"] == name) for name in fresh}
    ordered = _interleave(work)
    if progress is not None:
        progress.start(len(ordered))
    try:
        for done, w in enumerate(ordered, 1):
            name = w.feed["name"]
            outcomes = fresh[name][2]
            link = w.item.link
            try:
                if rules is not None and not rules.allowed(link):
                    warn(f"{name}: skipped {shorten(link)}: robots.txt disallows it (--ignore-robots fetches it)")
                    outcomes[w.item.key] = "skipped: robots.txt"
                    report.failures += 1
                    continue
                pacer.wait(host_of(link))
                outcome = adder.add_url(link, extra={"feed": name})
            except NotArabic as error:
                warn(f"{name}: skipped {error}")
                outcomes[w.item.key] = "skipped: not Arabic"
                report.failures += 1
                continue
            except SKIPPABLE as error:
                warn(f"{name}: skipped {shorten(link)}: {_cause(error, link)}")
                failed_feeds.add(name)  # not remembered: tried again next pull
                report.failures += 1
                continue
            finally:
                left[name] -= 1
                if progress is not None:
                    progress.advance(done)
            outcomes[w.item.key] = outcome.article_id
            if outcome.new:
                report.new_ids.append(outcome.article_id)
                on_new(outcome.article_id)
    finally:
        if progress is not None:
            progress.stop()
        # 3. Feed state: seen items; the validators only when every item got through (so a
        # failed item is tried again next time, even if the feed has not changed).
        for name, (response, items, outcomes) in fresh.items():
            entry = by_name.get(name)
            if entry is None:
                continue
            remember(entry, items, outcomes)
            if name in failed_feeds or left.get(name):
                entry.pop("etag", None)
                entry.pop("last_modified", None)
            else:
                _set(entry, "etag", response.headers.get("etag"))
                _set(entry, "last_modified", response.headers.get("last-modified"))
            new = sum(1 for v in outcomes.values() if v in report.new_ids)
            entry["pulled"] = now_iso()
            entry["status"] = f"{new} new" + (", some items failed" if name in failed_feeds else "")
        if fresh:
            store.save(everything)
    return report


def _cause(error: BaseException, link: str) -> str:
    """The error's text without repeating the URL it names."""
    text = str(error)
    for prefix in (f"cannot fetch {shorten(link)}: ", f"{shorten(link)}: ", f"{shorten(link)} "):
        if text.startswith(prefix):
            return text[len(prefix):]
    return text


def _set(entry: dict, key: str, value: str | None) -> None:
    if value:
        entry[key] = value
    else:
        entry.pop(key, None)


def _note(by_name, name, status, dry_run, store, everything) -> None:
    if dry_run or name not in by_name:
        return
    by_name[name]["pulled"] = now_iso()
    by_name[name]["status"] = status if len(status) < 200 else status[:199] + "…"
    store.save(everything)


