"""Extension point: callables run after ``collabctl up`` has started a healthy stack.

A module registers itself on import, e.g. the demo-data seeder::

    def seed_demo_organisation(ctx: StackContext) -> None:
        if not ctx.first_start:
            return
        ...  # call the services at ctx.services[...]
        ctx.mark_seeded()

    after_up_hooks.append(seed_demo_organisation)

Hooks run in registration order; an exception fails ``up`` and stops the stack.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from collabctl.paths import StackPaths


@dataclass(frozen=True)
class StackContext:
    """What a hook needs to talk to the running stack."""

    paths: StackPaths
    kafka_bootstrap: str
    mongo_url: str
    bucket_url: str
    private_key: Path
    public_key: Path
    services: dict[str, str] = field(default_factory=dict)  # name -> base URL (running only)

    @property
    def first_start(self) -> bool:
        """True until a hook has marked the demo data as seeded (``.local/seeded``)."""
        return not self.paths.seeded.exists()

    def mark_seeded(self) -> None:
        """Write the ``.local/seeded`` marker so later starts skip seeding."""
        self.paths.seeded.parent.mkdir(parents=True, exist_ok=True)
        self.paths.seeded.write_text("seeded by collabctl up\n")


AfterUpHook = Callable[[StackContext], None]

after_up_hooks: list[AfterUpHook] = []


def run_after_up_hooks(ctx: StackContext) -> None:
    """Run every registered hook in order."""
    for hook in after_up_hooks:
        hook(ctx)
