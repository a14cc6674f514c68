"""Who may read which post, and a page of posts turned into views."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from servicekit.projection import ReadModels

from feed_service.domain.model import Caller, PlaceView
from feed_service.projections.names import PINS, POSTS
from feed_service.projections.timelines import windows
from feed_service.queries.attachments import attachment_views
from feed_service.queries.enrich import (
    Names,
    active_pins,
    comment_counts,
    names_for,
    reactions_for,
)
from feed_service.queries.places import PlaceCache, ReplicaPlaces
from feed_service.queries.views import LinkView, PostView, Reactions
from feed_service.storage import AttachmentStore

Doc = dict[str, Any]
BATCH, MAX_SCAN = 50, 1000  # a filtered list reads at most MAX_SCAN documents per page
TOP = "\x7f"  # above every key
Keep = Callable[[Doc], bool]  # what a list keeps of the documents its query reads


class PostReader:
    """One request's reads of posts as ``caller``: access from the replicas, cached."""

    def __init__(
        self,
        models: ReadModels,
        caller: Caller,
        now: datetime,
        files: AttachmentStore | None = None,
    ) -> None:
        self.models, self.caller, self.now, self.files = models, caller, now, files
        self.places = PlaceCache(ReplicaPlaces(models), caller)
        self.replicas = self.places.places.replicas

    async def place(self, group_id: str | None) -> PlaceView:
        """The caller's view of a place (cached)."""
        return await self.places.view(group_id)

    async def may_read(self, doc: Doc | None) -> bool:
        """A live post in a place the caller may read; hidden ones for author and moderators."""
        if doc is None or doc.get("deleted", True):
            return False
        place = await self.place(doc.get("group_id"))
        if not place.readable:
            return False
        if doc.get("hidden"):
            mine = doc["author_id"] == self.caller.employee_id
            return mine or place.moderator or self.caller.platform_admin
        return True

    async def scan(
        self, query: Doc, after: str | None, limit: int, keep: Keep | None = None
    ) -> tuple[list[Doc], str | None]:
        """Readable posts matching ``query`` and ``keep``, newest first after key ``after``;
        next key.

        ``query`` holds only an index's fields (with the key range it is one bounded
        read); ``keep`` decides the rest in Python. Only documents it keeps count towards
        MAX_SCAN and the next key. The key range is read newest first in the bounded
        windows of ``timelines.windows`` (SecantusDB sorts every match of a range before
        its limit), each on below the last document read.
        """
        found: list[Doc] = []
        scanned, last = 0, after
        for lower, upper in windows(("", after or TOP), "", datetime.now(UTC)):
            position = upper
            while True:
                ranged = {**query, "key": {"$gt": lower, "$lt": position}}
                batch = await self.models[POSTS].find(ranged).sort("key", -1).to_list(BATCH)
                for doc in batch:
                    position = doc["key"]
                    if keep is not None and not keep(doc):
                        continue
                    scanned, last = scanned + 1, doc["key"]
                    if await self.may_read(doc):
                        found.append(doc)
                        if len(found) > limit:
                            return found[:limit], found[limit - 1]["key"]
                    if scanned >= MAX_SCAN:
                        return found, last
                if len(batch) < BATCH:
                    break
        return found, None

    async def views(self, docs: Sequence[Doc]) -> list[PostView]:
        """Views of readable post documents: names, mentions, counts, pins."""
        if not docs:
            return []
        ids = [d["_id"] for d in docs]
        names = await names_for(self.replicas, docs)
        reactions = await reactions_for(self.models, ids, self.caller.employee_id)
        comments = await comment_counts(self.models, "post_id", ids)
        pins = await self._pins({d["group_id"] for d in docs if d.get("group_id")})
        views = [_view(d, names, reactions[d["_id"]], comments[d["_id"]], pins) for d in docs]
        for view, doc in zip(views, docs, strict=True):
            view.attachments = attachment_views(doc, self.files)
        return views

    async def _pins(self, group_ids: set[str]) -> dict[str, Doc]:
        found: dict[str, Doc] = {}
        async for doc in self.models[PINS].find({"_id": {"$in": sorted(group_ids)}}):
            found.update(active_pins(doc, self.now))
        return found


def _view(
    d: Doc, names: Names, reactions: Reactions, comments: int, pins: dict[str, Doc]
) -> PostView:
    """One post document as its view."""
    return PostView(
        id=d["_id"],
        author=names.ref(d["author_id"]),
        group_id=d.get("group_id"),
        profile_id=d.get("profile_id"),
        visibility=d["visibility"],
        text=d["text"],
        links=[LinkView(**link) for link in d.get("links", [])],
        mentions=names.mentions(d.get("mentions", [])),
        topics=d.get("topics", []),
        created_at=d["created_at"],
        edited_at=d.get("edited_at"),
        version=d["_v"],
        pinned=d["_id"] in pins,
        pinned_until=pins.get(d["_id"], {}).get("until"),
        reactions=reactions,
        comment_count=comments,
        hidden=bool(d.get("hidden")),
    )
