"""Read model ``unread``: per person, the unread notifications the centre shows and their count.

The badge reads one document by ``_id``: ``{_id: person, n, ids: {key: {t, g, p}}, hides,
pv}``. ``ids`` holds every unread notification of the person under its id (with the type,
group and post that preferences can hide), ``n`` counts those ``hides`` leaves shown, and
``hides`` is the inbox's copy of the person's types off in-app and mutes
(``NotificationPreferencesChanged``, version ``pv``). Each change is an update pipeline on
that one document, so the check and the write are one atomic step: an entry is set or unset
by its key, and ``n`` moves by one only when the key was absent (or present) and shown. A
replay or a redelivery sets what is set and unsets what is gone: no unguarded ``$inc``.
Whoever writes a notification's read state (the inbox, the timer, erasure, retention)
brings the entry in line with the document afterwards; a change of preferences and
read-all recount the person from their unread notifications.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from collab_events.notification import Preferences
from pymongo import UpdateOne
from servicekit.projection import ReadModels

from notification_service.domain.preferences import in_app_off
from notification_service.projections.names import NOTIFICATIONS, PREFERENCES, UNREAD

# The fields of a notification the counter needs (what ``track`` and ``recount`` read).
TRACKED = {"recipient": 1, "read": 1, "type": 1, "group_id": 1, "post_id": 1}
Doc = Mapping[str, Any]


def key_of(notification_id: str) -> str:
    """The notification's key in ``ids``: a field path cannot hold a dot."""
    return notification_id.replace(".", "|")


def facets(doc: Doc) -> dict[str, Any]:
    """What preferences can hide a notification by: its type, group and post."""
    return {"t": doc.get("type"), "g": doc.get("group_id"), "p": doc.get("post_id")}


def hides_of(preferences: Preferences) -> dict[str, list[str]]:
    """What the person's preferences hide from the centre."""
    return {
        "types": list(in_app_off(preferences)),
        "groups": list(preferences.muted_groups),
        "posts": list(preferences.muted_posts),
    }


def _hidden(type_: Any, group: Any, post: Any) -> dict[str, Any]:
    """Whether ``hides`` leaves out an entry with these facets (expressions)."""

    def among(value: Any, kind: str) -> dict[str, Any]:
        return {"$in": [value, {"$ifNull": [f"$hides.{kind}", []]}]}

    return {"$or": [among(type_, "types"), among(group, "groups"), among(post, "posts")]}


def _moved(sign: int, condition: dict[str, Any]) -> dict[str, Any]:
    """``n`` moved by ``sign`` when ``condition`` holds."""
    change = {"$cond": [condition, sign, 0]}
    return {"$add": [{"$ifNull": ["$n", 0]}, change]}


def _added(key: str, doc: Doc) -> list[dict[str, Any]]:
    path, found = f"ids.{key}", facets(doc)
    literal = [{"$literal": found[f]} for f in ("t", "g", "p")]
    counts = {"$and": [{"$eq": [{"$type": f"${path}"}, "missing"]}, {"$not": [_hidden(*literal)]}]}
    return [{"$set": {"n": _moved(1, counts), path: {"$literal": found}}}]


def _dropped(key: str) -> list[dict[str, Any]]:
    path = f"ids.{key}"
    stored = (f"${path}.t", f"${path}.g", f"${path}.p")
    counted = {"$and": [{"$ne": [{"$type": f"${path}"}, "missing"]}, {"$not": [_hidden(*stored)]}]}
    return [{"$set": {"n": _moved(-1, counted)}}, {"$unset": path}]


RECOUNT = {
    "$set": {
        "n": {
            "$size": {
                "$filter": {
                    "input": {"$objectToArray": {"$ifNull": ["$ids", {}]}},
                    "as": "e",
                    "cond": {"$not": [_hidden("$$e.v.t", "$$e.v.g", "$$e.v.p")]},
                }
            }
        }
    }
}


async def track(models: ReadModels, docs: Iterable[Doc]) -> None:
    """Bring the counters in line with these notifications as they are now (after their
    write): unread ones are in, read ones out. One update per recipient, one bulk."""
    stages: dict[str, list[dict[str, Any]]] = defaultdict(list)
    adds: set[str] = set()
    for doc in docs:
        recipient, key = doc["recipient"], key_of(doc["_id"])
        if doc.get("read") is False:
            stages[recipient] += _added(key, doc)
            adds.add(recipient)
        else:
            stages[recipient] += _dropped(key)
    await _write(models, stages, adds)


async def untrack(models: ReadModels, docs: Iterable[Doc]) -> None:
    """Take deleted notifications out of their recipients' counters."""
    stages: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for doc in docs:
        stages[doc["recipient"]] += _dropped(key_of(doc["_id"]))
    await _write(models, stages, set())


async def _write(
    models: ReadModels, stages: Mapping[str, list[dict[str, Any]]], adds: set[str]
) -> None:
    # Only an entry added creates a counter: one left behind for an erased person would
    # keep their id.
    ops = [UpdateOne({"_id": r}, s, upsert=r in adds) for r, s in stages.items()]
    if ops:
        await models[UNREAD].bulk_write(ops, ordered=False)


async def recount(
    models: ReadModels,
    recipient: str,
    *,
    hides: dict[str, list[str]] | None = None,
    version: int = 0,
) -> None:
    """Count the person again from their unread notifications (by the ``(recipient, read)``
    index); ``hides`` replaces what is hidden unless a newer change set it already."""
    query = {"recipient": recipient, "read": False}
    found = models[NOTIFICATIONS].find(query, TRACKED)
    ids = {key_of(d["_id"]): facets(d) async for d in found}
    first: dict[str, Any] = {"ids": {"$literal": ids}}
    if hides is not None:
        newer = {"$lt": [{"$ifNull": ["$pv", 0]}, version]}
        first["hides"] = {"$cond": [newer, {"$literal": hides}, "$hides"]}
        first["pv"] = {"$max": [{"$ifNull": ["$pv", 0]}, version]}
    upsert = bool(ids) or hides is not None
    await models[UNREAD].update_one({"_id": recipient}, [{"$set": first}, RECOUNT], upsert=upsert)


async def forget(models: ReadModels, recipient: str) -> None:
    """An erased person's counter goes with their notifications."""
    await models[UNREAD].delete_one({"_id": recipient})


async def count_existing(models: ReadModels) -> int:
    """Counters for notifications stored before there were counters (once: while there is
    no counter yet but an unread notification); how many people were counted."""
    if await models[UNREAD].find_one({}, {"_id": 1}) is not None:
        return 0
    notes = models[NOTIFICATIONS]
    if await notes.find_one({"read": False}, {"_id": 1}) is None:
        return 0
    people = {d["recipient"] async for d in notes.find({"read": False}, {"recipient": 1})}
    for person in people:
        prefs = await models[PREFERENCES].find_one({"_id": person})
        if prefs is None:
            await recount(models, person)
            continue
        hides = hides_of(Preferences.model_validate(prefs))
        await recount(models, person, hides=hides, version=int(prefs.get("_v", 0)))
    return len(people)
