"""Post use cases: publish, edit and delete (If-Match checked after the decision)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import replace
from typing import TypeVar

from collab_events.feed import Attachment
from servicekit.commands import CommandHandler, CommandResult, Decision, Loaded, execute, load_state
from servicekit.streams import Metadata

from feed_service.domain import posts as rules
from feed_service.domain.commands import DeletePost, EditPost, PublishPost
from feed_service.domain.model import Caller, Draft
from feed_service.domain.posts import PostContext
from feed_service.domain.streams import POST, post_subject
from feed_service.handlers.attachments import claim, take
from feed_service.handlers.drafts import compose
from feed_service.handlers.ports import Ports

C = TypeVar("C", PublishPost, EditPost, DeletePost)


async def publish(ports: Ports, command: PublishPost) -> CommandResult:
    """Publish a post in a group or on the caller's profile (a retry publishes nothing)."""
    post, _ = await load_state(ports.store, post_subject(command.post_id), POST)
    if post.exists:  # a retry: its uploads were verified (and the post holds them) before
        return await _run(ports, command, rules.decide_publish, None, None)
    draft = await compose(ports.places, command.text)
    # Uploads are read only for a post the caller may publish (the decision refuses others).
    place = await ports.places.view(command.group_id, command.caller)
    files = await _files(ports, command, ()) if place.postable else ()
    result = await _run(
        ports, command, rules.decide_publish, None, replace(draft, attachments=files)
    )
    await claim(ports.attachments, command.caller.employee_id, command.post_id, files)
    return result


async def edit(ports: Ports, command: EditPost, *, expected: int | None = None) -> CommandResult:
    """Replace the post's content (author only); honours If-Match."""
    post, _ = await load_state(ports.store, post_subject(command.post_id), POST)
    draft = await compose(ports.places, command.text)
    mine = post.live and post.author_id == command.caller.employee_id
    files = await _files(ports, command, post.content.attachments) if mine else ()
    result = await _run(
        ports, command, rules.decide_edit, expected, replace(draft, attachments=files)
    )
    await claim(ports.attachments, command.caller.employee_id, command.post_id, files)
    return result


async def _files(
    ports: Ports, command: PublishPost | EditPost, kept: Sequence[Attachment]
) -> tuple[Attachment, ...]:
    """The post's attachments: those it holds already and the caller's verified uploads."""
    return await take(
        ports.attachments,
        command.caller,
        command.attachments,
        kept,
        post_id=command.post_id,
        now=ports.now(),
    )


async def delete(
    ports: Ports, command: DeletePost, *, expected: int | None = None
) -> CommandResult:
    """Delete the post (author, group moderators and up, platform admins)."""
    return await _run(ports, command, rules.decide_delete, expected, None)


def _loader(ports: Ports, draft: Draft | None) -> Callable[[C], Awaitable[Loaded[PostContext]]]:
    async def load(command: C) -> Loaded[PostContext]:
        post, version = await load_state(ports.store, post_subject(command.post_id), POST)
        # A new post's place is the command's; an existing one's is where it was published.
        group_id = command.group_id if isinstance(command, PublishPost) else post.group_id
        place = await ports.places.view(group_id, command.caller)
        return Loaded(PostContext(post, place, draft), {post_subject(command.post_id): version})

    return load


async def _run(
    ports: Ports,
    command: C,
    decide: Callable[[C, PostContext], Decision],
    expected: int | None,
    draft: Draft | None,
) -> CommandResult:
    handler = CommandHandler(load=_loader(ports, draft), decide=decide, primary=_subject)
    outcome = await execute(
        ports.store, handler, command, metadata=by(command.caller), expected_version=expected
    )
    return outcome.result


def _subject(command: PublishPost | EditPost | DeletePost) -> str:
    return post_subject(command.post_id)


def by(caller: Caller) -> Metadata:
    """The metadata of a command the caller issued."""
    return Metadata(actor_id=caller.employee_id)
