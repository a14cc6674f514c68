"""Routes of my notification preferences and post mutes."""

from __future__ import annotations

from typing import Annotated

from collab_events.ids import ID_PATTERN
from collab_events.notification import Channels, Digest, NotificationType, Preferences
from fastapi import APIRouter, Response
from pydantic import BaseModel, ConfigDict, Field
from servicekit.http.commands import ExpectedVersion, command_headers

from notification_service.api.deps import PREFERENCES_CONSISTENT, Me, Models, PortsDep, PostId
from notification_service.api.errors import DomainRoute
from notification_service.domain.catalog import CATALOG
from notification_service.domain.preferences import ChangePreferences, channels, replace_with
from notification_service.handlers.preferences import change_preferences, mute_post
from notification_service.queries.preferences import preferences_of

ItemId = Annotated[str, Field(pattern=ID_PATTERN, max_length=64)]
router = APIRouter(prefix="/v1/me", tags=["preferences"], route_class=DomainRoute)


class PreferencesBody(BaseModel):
    """My preferences; types left out keep their defaults."""

    model_config = ConfigDict(extra="forbid")

    types: dict[NotificationType, Channels] = Field(default_factory=dict, max_length=30)
    digest: Digest = "off"
    digest_hour: int = Field(default=8, ge=0, le=23)
    digest_weekday: int = Field(default=0, ge=0, le=6)
    muted_groups: list[ItemId] = Field(default_factory=list, max_length=500)
    muted_posts: list[ItemId] = Field(default_factory=list, max_length=1000)


class TypeChoice(BaseModel):
    """One type: what it is for and where it goes for me."""

    rule: str
    in_app: bool
    email: bool


class PreferencesView(BaseModel):
    """My effective preferences (defaults filled in) and their version."""

    types: dict[NotificationType, TypeChoice]
    digest: Digest
    digest_hour: int
    digest_weekday: int
    muted_groups: list[str]
    muted_posts: list[str]
    version: int


class Mute(BaseModel):
    """Whether a post is muted."""

    post_id: str
    muted: bool


def view(preferences: Preferences, version: int) -> PreferencesView:
    """The effective preferences."""
    types = {
        t: TypeChoice(rule=r.rule, **channels(preferences, t).model_dump())
        for t, r in CATALOG.items()
    }
    return PreferencesView(
        types=types,
        digest=preferences.digest,
        digest_hour=preferences.digest_hour,
        digest_weekday=preferences.digest_weekday,
        muted_groups=preferences.muted_groups,
        muted_posts=preferences.muted_posts,
        version=version,
    )


@router.get("/notification-preferences", dependencies=[PREFERENCES_CONSISTENT])
async def read_preferences(me: Me, models: Models) -> PreferencesView:
    """My preferences per type and channel, digest and mutes."""
    preferences, version = await preferences_of(models, me)
    return view(preferences, version)


@router.put("/notification-preferences")
async def put_preferences(
    body: PreferencesBody, response: Response, me: Me, ports: PortsDep, expected: ExpectedVersion
) -> PreferencesView:
    """Replace my preferences (``If-Match`` optional)."""
    chosen = Preferences.model_validate(body.model_dump())
    command = ChangePreferences(me, replace_with(chosen))
    result = await change_preferences(ports, command, expected_version=expected)
    command_headers(response, result)
    return view(chosen, result.version)


@router.put("/mutes/posts/{post_id}")
async def mute(post_id: PostId, response: Response, me: Me, ports: PortsDep) -> Mute:
    """Mute a post or thread: its notifications leave my centre and mail."""
    command_headers(response, await mute_post(ports, me, post_id, True))
    return Mute(post_id=post_id, muted=True)


@router.delete("/mutes/posts/{post_id}")
async def unmute(post_id: PostId, response: Response, me: Me, ports: PortsDep) -> Mute:
    """Unmute a post."""
    command_headers(response, await mute_post(ports, me, post_id, False))
    return Mute(post_id=post_id, muted=False)
