"""``collabctl rebuild SERVICE PROJECTION``: replay a read model and swap it in."""

from __future__ import annotations

import asyncio
from typing import Annotated

import typer
from pymongo import AsyncMongoClient
from servicekit.projection import ReadModels
from servicekit.rebuild import rebuild as rebuild_projection

from collabctl.services import find_projection, load_service


def rebuild(
    service: Annotated[str, typer.Argument(help="Service name, e.g. profile.")],
    projection: Annotated[str, typer.Argument(help="Projection name, e.g. directory.")],
    timeout: Annotated[float, typer.Option(help="Give up after this many seconds.")] = 3600.0,
) -> None:
    """Rebuild a projection from the earliest offset into fresh collections, then swap."""
    definition, settings = load_service(service)
    target = find_projection(definition, projection)

    async def run() -> None:
        client: AsyncMongoClient[dict[str, object]] = AsyncMongoClient(
            settings.mongo_url, tz_aware=True
        )
        try:
            models = ReadModels(client[settings.database])
            for setup in target.setups:
                await setup(models)
            result = await rebuild_projection(
                settings, target, models, registry=definition.registry, timeout_s=timeout
            )
        finally:
            await client.close()
        typer.echo(
            f"rebuilt {service}.{result.projection} in {result.seconds:.1f}s "
            f"(collections: {', '.join(result.collections)})"
        )

    asyncio.run(run())
