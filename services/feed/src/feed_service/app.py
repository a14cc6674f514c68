"""Composition root: the feed service's routers, projections, policies, ports and timer."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from servicekit.service import ServiceDefinition, ServiceRuntime

from feed_service.api import ROUTERS
from feed_service.config import FeedSettings
from feed_service.handlers.ports import Ports
from feed_service.policies import POLICIES
from feed_service.policies.erasure import AUTHOR_FIELD, REACTOR_FIELD
from feed_service.projections import PROJECTIONS
from feed_service.queries.places import ReplicaPlaces
from feed_service.storage import AttachmentStore
from feed_service.worker import sweeper

log = logging.getLogger(__name__)

DESCRIPTION = (
    "Posts in groups and on profiles with attachments, comments with one level of replies, "
    "reactions, mentions and topics; every read decided from the service's own replicas of "
    "people, groups and memberships."
)


def port_builder(settings: FeedSettings) -> Callable[[ServiceRuntime], Ports]:
    """What handlers use: the event store, the replicas' facts, the attachment store."""

    def build_ports(runtime: ServiceRuntime) -> Ports:
        files = AttachmentStore(settings)
        return Ports(runtime.store, ReplicaPlaces(runtime.models), attachments=files)

    return build_ports


async def create_bucket(runtime: ServiceRuntime) -> None:
    """Outside production, create the attachment bucket when missing (the dev stack's S3)."""
    files = runtime.ports.attachments
    if files is None or runtime.settings.environment == "production":
        return
    try:
        await asyncio.to_thread(files.ensure_bucket)
    except Exception:  # S3 not up: uploads fail until it is, everything else works
        log.warning("attachment bucket not reachable; attachments unavailable", exc_info=True)


def definition(settings: FeedSettings | None = None) -> ServiceDefinition:
    """The feed service (its own settings from ``COLLAB_FEED_*`` unless given)."""
    settings = settings or FeedSettings()
    return ServiceDefinition(
        name="feed",
        title="Feed service",
        description=DESCRIPTION,
        routers=ROUTERS,
        projections=PROJECTIONS,
        policies=POLICIES,
        ports=port_builder(settings),
        # The erasure policy finds a person's posts, comments and reactions by these fields.
        indexed_fields=[AUTHOR_FIELD, REACTOR_FIELD],
        on_startup=[create_bucket],
        worker_tasks=[sweeper(settings.upload_sweep_interval_s)],
    )
