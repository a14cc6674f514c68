"""Prune the SeaweedFS filer's metadata log, which it keeps forever.

The filer logs every change (each Tansu heartbeat PUT among them) in
``/topics/.system/log/<YYYY-MM-DD>/``: ~0.6 GB a day for an idle local stack. Its
subscribers resume from about a minute back, so whole days older than ``keep_days``
are deleted at each start; the volume vacuum then reclaims the space.
"""

from __future__ import annotations

import datetime as dt
import json
import urllib.error
import urllib.request

LOG_DIR = "/topics/.system/log"
KEEP_DAYS = 2


def prune_meta_log(
    filer: str, keep_days: int = KEEP_DAYS, today: dt.date | None = None
) -> list[str]:
    """Delete the log's day folders older than ``keep_days``; the days deleted."""
    cutoff = (today or dt.datetime.now(dt.UTC).date()) - dt.timedelta(days=keep_days)
    old = [day for day in _days(filer) if (_date(day) or cutoff) < cutoff]
    for day in old:
        request = urllib.request.Request(f"{filer}{LOG_DIR}/{day}/?recursive=true", method="DELETE")
        with urllib.request.urlopen(request, timeout=30):
            pass
    return old


def _days(filer: str) -> list[str]:
    request = urllib.request.Request(
        f"{filer}{LOG_DIR}/?limit=1000", headers={"Accept": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            listing = json.loads(response.read())
    except urllib.error.HTTPError as exc:
        if exc.code == 404:  # nothing logged yet
            return []
        raise
    return [entry["FullPath"].rsplit("/", 1)[-1] for entry in listing.get("Entries") or []]


def _date(name: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(name)
    except ValueError:
        return None
