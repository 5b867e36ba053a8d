"""How an article's sidecar metadata is shown: `list`'s date and source, `info ID`'s rows."""

from __future__ import annotations

from pathlib import Path

# The fields `info ID` shows, in this order (others follow, sorted).
FIELDS = (
    "title", "date", "author", "site_name", "canonical_url", "url", "final_url", "file", "feed",
    "fetched", "added", "encoding", "arabic_share", "description", "language",
)


def _host(url: str) -> str:
    from urllib.parse import urlsplit

    try:
        return (urlsplit(url).hostname or "").removeprefix("www.")
    except ValueError:
        return ""


def date_and_source(meta: dict) -> tuple[str, str]:
    """(publication date as YYYY-MM-DD or as given, site name or host) for `list`."""
    date = meta.get("date")
    date = str(date)[:10] if date else ""
    source = meta.get("site_name") or ""
    if not source:
        for key in ("canonical_url", "final_url", "url"):
            if meta.get(key):
                source = _host(str(meta[key]))
                break
    if not source and meta.get("file"):
        source = str(meta["file"])
    return date, " ".join(str(source).split())


def meta_rows(article_id: str, path: Path, meta: dict) -> list[dict]:
    rows = [{"field": "id", "value": article_id}, {"field": "path", "value": str(path)}]
    keys = [k for k in FIELDS if k in meta] + sorted(k for k in meta if k not in FIELDS)
    for key in keys:
        value = meta[key]
        if value is None or value == "":
            continue
        if not isinstance(value, (str, int, float)):
            import json

            value = json.dumps(value, ensure_ascii=False)
        rows.append({"field": key, "value": value})
    return rows
