"""``collabctl seed``: a demo organisation, registered through the profile service's API.

Also registers an after-up hook: ``collabctl up`` seeds a small organisation on
the first start of a stack that runs the profile service.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Annotated

import typer
from servicekit.auth import generate_key_pair

from collabctl.hooks import StackContext, after_up_hooks
from collabctl.paths import stack_paths_or_exit
from collabctl.seed.catchup import wait_caught_up
from collabctl.seed.client import SeedResult, seed_organisation
from collabctl.seed.feed import seed_feed
from collabctl.seed.groups import seed_groups
from collabctl.seed.news import seed_news
from collabctl.seed.polls import seed_polls

DEMO_EMPLOYEES = 200

__all__ = ["SeedResult", "seed", "seed_demo", "seed_demo_organisation", "seed_organisation"]


def seed(
    employees: Annotated[
        int, typer.Option("--employees", "-n", min=1, max=1_000_000, help="How many employees.")
    ] = DEMO_EMPLOYEES,
    url: Annotated[str, typer.Option(help="Profile service base URL.")] = "http://127.0.0.1:8101",
    concurrency: Annotated[
        int, typer.Option(min=1, max=256, help="Profile edits and follows in flight.")
    ] = 16,
    in_flight: Annotated[int, typer.Option(min=1, max=16, help="Bulk requests in flight.")] = 3,
    profiles: Annotated[
        bool, typer.Option(help="Complete every profile (skills, languages, about): one edit each.")
    ] = False,
    follows: Annotated[
        float, typer.Option(min=0, help="Follows per employee (average), one request each.")
    ] = 0.0,
    random_seed: Annotated[int, typer.Option("--seed", help="Seed of the generator.")] = 7,
    wait: Annotated[
        str, typer.Option(help="Wait for these services' read models ('' = do not wait).")
    ] = "profile,group",
    timeout: Annotated[float, typer.Option(help="Give up waiting after this many seconds.")] = 3600,
    private_key: Annotated[
        Path | None, typer.Option(help="PEM key signing the tokens [default: .local/keys]")
    ] = None,
) -> None:
    """Provision a believable organisation (countries, departments, managers) by SCIM Bulk
    and wait until every read model holds it; skills and follows on request."""
    key = private_key or generate_key_pair(stack_paths_or_exit().keys)[0]

    def progress(phase: str, done: int, total: int) -> None:
        typer.echo(f"  {phase}: {done}/{total}")

    started = time.perf_counter()
    result = asyncio.run(
        seed_organisation(
            url,
            employees,
            private_key_pem=key.read_text(),
            concurrency=concurrency,
            follows_per_employee=follows,
            seed=random_seed,
            progress=progress,
            in_flight=in_flight,
            profiles=profiles,
        )
    )
    typer.echo(describe(result))
    services = [name for name in wait.split(",") if name.strip()]
    if services:
        caught = asyncio.run(wait_caught_up(services, timeout_s=timeout, report=typer.echo))
        typer.echo(
            f"read models of {', '.join(services)} caught up {caught.caught_up_s:.1f}s after "
            f"the last write (outboxes empty after {caught.drained_s:.1f}s)"
        )
    total = time.perf_counter() - started
    typer.echo(f"total: {total:.1f}s = {result.employees / total:.0f} employees/s")


def describe(result: SeedResult) -> str:
    """The rate of each phase of a seeding run."""
    rate = result.employees / result.registration_s if result.registration_s else 0.0
    return (
        f"registered {result.employees} employees in {result.registration_s:.1f}s "
        f"({rate:.0f}/s, SCIM Bulk); profiles completed in {result.profiles_s:.1f}s; "
        f"{result.follows} follows in {result.follows_s:.1f}s"
    )


def seed_demo(base_url: str, employees: int, private_key_pem: str) -> SeedResult:
    """Seed a demo organisation of ``employees`` people (blocking)."""
    return asyncio.run(seed_organisation(base_url, employees, private_key_pem=private_key_pem))


def seed_demo_organisation(ctx: StackContext) -> None:
    """After-up hook: seed a small organisation on the first start of the stack."""
    if not ctx.first_start or "profile" not in ctx.services:
        return
    key = ctx.private_key.read_text()
    result = seed_demo(ctx.services["profile"], DEMO_EMPLOYEES, key)
    typer.echo(
        f"seeded a demo organisation: {result.employees} employees, {result.follows} follows"
    )
    if "group" in ctx.services:
        groups = asyncio.run(seed_groups(ctx.services["group"], result.ids, private_key_pem=key))
        typer.echo(f"seeded {groups.groups} groups with {groups.joins} joins and join requests")
        if "feed" in ctx.services:
            urls = (ctx.services["group"], ctx.services["feed"])
            feed = asyncio.run(seed_feed(*urls, result.ids, private_key_pem=key))
            counts = f"{feed.posts} posts, {feed.comments} comments, {feed.reactions} reactions"
            typer.echo(f"seeded {counts}")
        if "polling" in ctx.services:
            urls = (ctx.services["group"], ctx.services["polling"])
            polls = asyncio.run(seed_polls(*urls, result.ids, private_key_pem=key))
            typer.echo(f"seeded {polls.polls} polls with {polls.ballots} ballots")
    if "news" in ctx.services:
        news = asyncio.run(seed_news(ctx.services["news"], result.ids, private_key_pem=key))
        typer.echo(f"seeded {news.channels} news channels with {news.articles} articles")
    ctx.mark_seeded()


after_up_hooks.append(seed_demo_organisation)
