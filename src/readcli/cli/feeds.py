"""`readcli feed add|list|remove` and `readcli pull`: news feeds into the corpus (docs/ingest.md)."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from readcli.cli.app import ReadcliTyper, app, finish, format_option, on_interrupt, state
from readcli.render import views

feed_app = ReadcliTyper(help="The corpus' news feeds (RSS and Atom), for `readcli pull`.", no_args_is_help=True)
app.add_typer(feed_app, name="feed")

MaxSize = Annotated[
    float, typer.Option("--max-size", min=0.001, max=1024, metavar="MB", help="Refuse a page or feed larger than this many MB.")
]
Timeout = Annotated[
    float, typer.Option("--timeout", min=0.1, max=3600, metavar="SECONDS",
                        help="Give up on a page or feed that has not fully arrived after this long.")
]


def _limits(max_size: float, timeout: float):
    from readcli.web.ingest import Limits

    return Limits(max_bytes=int(max_size * 2**20), deadline=timeout)


@feed_app.command("add")
def feed_add(
    ctx: typer.Context,
    url: Annotated[str, typer.Argument(metavar="URL", help="The feed's http(s) URL (RSS 2.0 or Atom).")],
    name: Annotated[Optional[str], typer.Option("--name", help="A short name (default: the site's host).")] = None,
    max_size: MaxSize = 10.0,
    timeout: Timeout = 30.0,
) -> None:
    """Add a feed: it is fetched once to check that it is RSS or Atom; `readcli pull` then adds
    its articles. Prints the feed's name."""
    from readcli.errors import UsageError
    from readcli.fetch import check_url, fetch
    from readcli.web.feeds import ACCEPT_FEED, FeedStore, check_name, default_name, parse_feed
    from readcli.web.ingest import CAP_HINT, now_iso

    st = state(ctx)
    check_url(url)
    limits = _limits(max_size, timeout)
    response = fetch(url, max_bytes=limits.max_bytes, deadline=limits.deadline,
                     connect_timeout=limits.connect_timeout, accept=ACCEPT_FEED, what="the feed",
                     cap_hint=CAP_HINT)
    parsed = parse_feed(response.body, response.url, response.headers.get("content-type", ""), name=url)
    store = FeedStore(st.corpus.root)
    with store.locked():
        feeds = store.load()
        if any(f["url"] == url for f in feeds):
            raise UsageError(f"the feed {url} is already in the list as "
                             f"{next(f['name'] for f in feeds if f['url'] == url)}")
        if name is not None:
            check_name(name)
            if any(f["name"] == name for f in feeds):
                raise UsageError(f"there is a feed named {name} already; choose another --name")
        else:
            name = default_name(url, feeds)
        feeds.append({"name": name, "url": url, "title": parsed.title, "added": now_iso()})
        store.save(feeds)
    st.env.status(f"added feed {name}: {parsed.title or url} ({len(parsed.items)} items now; `readcli pull` adds them)")
    st.env.stdout.write(name + "\n")


@feed_app.command("list")
def feed_list(
    ctx: typer.Context,
    format: Annotated[Optional[str], format_option(views.FEEDS, "table on a terminal, else tsv")] = None,
) -> None:
    """The corpus' feeds.

    tsv columns: name, url, title, articles (added from it), pulled (time of the last pull),
    status (of the last pull); no header.
    """
    from readcli.render.output import emit
    from readcli.web.feeds import FeedStore

    st = state(ctx)
    st.output_format(format, views.FEEDS, command="feed list")  # a format the view lacks: exit 2 first
    rows = []
    for feed in FeedStore(st.corpus.root).load():
        seen = feed.get("seen") or {}
        rows.append({
            "name": feed["name"], "url": feed["url"], "title": feed.get("title", ""),
            "articles": sum(1 for v in seen.values() if not str(v).startswith("skipped")),
            "pulled": feed.get("pulled", ""), "status": feed.get("status", ""),
        })
    emit(st.env, rows, views.FEEDS, format, command="feed list")


@feed_app.command("remove")
def feed_remove(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(metavar="NAME|URL", help="The feed's name or URL.")],
) -> None:
    """Remove a feed from the list (the articles pulled from it stay in the corpus)."""
    from readcli.web.feeds import FeedStore, find_feed

    st = state(ctx)
    store = FeedStore(st.corpus.root)
    with store.locked():
        feeds = store.load()
        feed = find_feed(feeds, ref)
        feeds.remove(feed)
        store.save(feeds)
    st.env.status(f"removed feed {feed['name']} ({feed['url']})")


@app.command()
def pull(
    ctx: typer.Context,
    name: Annotated[Optional[str], typer.Argument(metavar="[NAME]", help="One feed (its name or URL); default: all.")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Fetch the feeds and list the new items; add nothing.")] = False,
    delay: Annotated[
        float, typer.Option("--delay", min=0, max=600, metavar="SECONDS", help="Pause between two requests to one site.")
    ] = 1.0,
    ignore_robots: Annotated[
        bool, typer.Option("--ignore-robots", help="Fetch articles that the site's robots.txt disallows.")
    ] = False,
    max_size: MaxSize = 10.0,
    timeout: Timeout = 30.0,
    format: Annotated[Optional[str], format_option(views.PULL_PLAN, "table on a terminal, else tsv; --dry-run only")] = None,
) -> None:
    """Fetch every feed and add its new articles (as `readcli add URL`); prints the new ids.

    A feed that has not changed costs one request (ETag / Last-Modified). A failing feed or
    article is one warning; the rest go on and the exit status is 3. With --dry-run, tsv of
    feed, url, title of the articles a pull would add.
    """
    from readcli.errors import UsageError
    from readcli.render.progress import BarProgress
    from readcli.web.feeds import FeedStore
    from readcli.web.pull import pull as run_pull

    st = state(ctx)
    if format is not None and not dry_run:
        raise UsageError("--format goes with --dry-run (pull itself prints one new id a line)")
    store = FeedStore(st.corpus.root)
    if not store.load():
        raise UsageError(f"no feeds in {st.corpus.root}; add one with `readcli feed add URL`")
    on_interrupt("interrupted; the articles added so far are kept: run `readcli pull` again to go on")

    def on_new(article_id: str) -> None:
        st.env.stdout.write(article_id + "\n")
        st.env.stdout.flush()

    limits = _limits(max_size, timeout)
    progress = BarProgress(st.env, label="pulling", unit="articles")
    with store.locked(wait=False, what="pull"):
        report = run_pull(st.corpus, store, name, limits=limits, delay=delay, robots=not ignore_robots,
                          dry_run=dry_run, warn=st.env.warning, on_new=on_new, progress=progress)
    if dry_run:
        from readcli.render.output import emit

        rows = [{"feed": w.feed["name"], "url": w.item.link, "title": w.item.title} for w in report.planned]
        emit(st.env, rows, views.PULL_PLAN, format, command="pull --dry-run")
    elif st.env.stderr_isatty or not report.new_ids:
        st.env.note(f"{len(report.new_ids)} new article{'s' if len(report.new_ids) != 1 else ''}")
    finish(report.failures)
