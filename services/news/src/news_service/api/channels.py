"""Channel routes: platform admins create and change channels; everyone lists them."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response
from servicekit.http.commands import ExpectedVersion, command_headers

from news_service.api.deps import (
    CONSISTENT,
    ChannelId,
    CurrentCaller,
    Cursor,
    IdempotencyKey,
    Limit,
    PortsDep,
    new_id,
)
from news_service.api.errors import DomainRoute, raises
from news_service.api.models import (
    ChannelPatch,
    CommandAnswer,
    NewChannel,
)
from news_service.domain import errors
from news_service.domain.commands import CreateChannel, UpdateChannel
from news_service.handlers import channels as handle
from news_service.queries import channels as q
from news_service.queries.access import edits
from news_service.queries.views import ChannelPage, ChannelView, EditorialPage

CHANNEL_IDS = uuid.UUID("8a6f2c4d-1e3b-4f5a-9c7d-0b2e4f6a8c1d")
router = APIRouter(prefix="/v1/channels", tags=["channels"], route_class=DomainRoute)


@router.post("", status_code=201, responses=raises(errors.NotAllowed, errors.ChannelExists))
async def create_channel(
    body: NewChannel, response: Response, caller: CurrentCaller, ports: PortsDep,
    idempotency_key: IdempotencyKey = None,
) -> CommandAnswer:  # fmt: skip
    """Create a channel and name its editors (platform admins)."""
    channel_id = new_id(CHANNEL_IDS, caller, idempotency_key)
    command = CreateChannel(channel_id, body.title, body.description, tuple(body.editors), caller)
    result = await handle.create_channel(ports, command)
    command_headers(response, result)
    response.headers["Location"] = f"/v1/channels/{channel_id}"
    return CommandAnswer(id=channel_id, version=result.version)


@router.get("", dependencies=[CONSISTENT])
async def list_channels(
    caller: CurrentCaller, ports: PortsDep, cursor: Cursor = None, limit: Limit = 50
) -> ChannelPage:
    """Every channel, by id."""
    return await q.channels(ports.models, cursor, limit)


@router.get("/{channel_id}", dependencies=[CONSISTENT], responses=raises(errors.ChannelNotFound))
async def get_channel(channel_id: ChannelId, caller: CurrentCaller, ports: PortsDep) -> ChannelView:
    """One channel with its editors."""
    return await q.channel(ports.models, channel_id)


@router.patch("/{channel_id}", responses=raises(errors.ChannelNotFound, errors.NotAllowed))
async def update_channel(
    channel_id: ChannelId, body: ChannelPatch, response: Response, caller: CurrentCaller,
    ports: PortsDep, expected: ExpectedVersion,
) -> CommandAnswer:  # fmt: skip
    """Rename a channel or replace its editors (platform admins; If-Match)."""
    editors = None if body.editors is None else tuple(body.editors)
    command = UpdateChannel(channel_id, caller, body.title, body.description, editors)
    result = await handle.update_channel(ports, command, expected)
    command_headers(response, result)
    return CommandAnswer(id=channel_id, version=result.version)


Status = Literal["draft", "scheduled", "published", "unpublished", "archived"]


@router.get(
    "/{channel_id}/articles", dependencies=[CONSISTENT],
    responses=raises(errors.ChannelNotFound, errors.NotAllowed),
)  # fmt: skip
async def list_channel_articles(
    channel_id: ChannelId, caller: CurrentCaller, ports: PortsDep,
    status: Annotated[Status | None, Query(description="Only articles in this status.")] = None,
    cursor: Cursor = None, limit: Limit = 50,
) -> EditorialPage:  # fmt: skip
    """The channel's articles in every status, drafts included (its editors, admins)."""
    await q.channel(ports.models, channel_id)
    if not await edits(ports.models, channel_id, caller):
        raise errors.NotAllowed("the channel's editors and platform admins list its articles")
    return await q.channel_articles(ports.models, channel_id, status, cursor, limit)
