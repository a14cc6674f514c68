"""Composition root of the profile service: ports, routers, projections, start-up hooks."""

from __future__ import annotations

from servicekit.service import ServiceDefinition, ServiceRuntime

from profile_service.api import directory, employees, following, privacy
from profile_service.api.scim import routes as scim
from profile_service.ports import Ports, build_ports
from profile_service.projections import PROJECTIONS

DESCRIPTION = (
    "Employees and their profiles, the company directory (name search ignoring case and "
    "accents), the org chart, following colleagues, SCIM 2.0 provisioning and GDPR export "
    "and erasure."
)


def ports(runtime: ServiceRuntime) -> Ports:
    """What handlers and queries need: the runtime's store and read models, the registries."""
    return build_ports(runtime.store, runtime.models, runtime.db)


async def prepare_registries(runtime: ServiceRuntime) -> None:
    """Index the userName claims by holder (erasure and export look them up), and the
    acknowledged writes by key (SCIM filters look them up)."""
    built: Ports = runtime.ports
    await built.claims.setup()
    await built.acknowledged.setup()


def definition() -> ServiceDefinition:
    """The profile service."""
    return ServiceDefinition(
        name="profile",
        title="Profile",
        description=DESCRIPTION,
        routers=[employees.router, directory.router, following.router, privacy.router, scim.router],
        projections=PROJECTIONS,
        ports=ports,
        on_startup=[prepare_registries],
    )
