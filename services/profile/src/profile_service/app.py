"""Composition root of the profile service: routers, projections, start-up hooks."""

from __future__ import annotations

from servicekit.service import ServiceDefinition, ServiceRuntime

from profile_service.api import directory, employees, following, privacy
from profile_service.api.scim import routes as scim
from profile_service.handlers.acknowledged import AcknowledgedWrites
from profile_service.handlers.claims import COLLECTION as CLAIMS
from profile_service.projections import PROJECTIONS

DESCRIPTION = (
    "Employees and their profiles, the company directory (name search ignoring case and "
    "accents), the org chart, following colleagues, SCIM 2.0 provisioning and GDPR export "
    "and erasure."
)


async def create_claim_indexes(runtime: ServiceRuntime) -> None:
    """Index the userName claims by holder (erasure and export look them up), and the
    acknowledged writes by key (SCIM filters look them up)."""
    await runtime.db[CLAIMS].create_index("employee_id")
    await AcknowledgedWrites(runtime.db).setup()


def definition() -> ServiceDefinition:
    """The profile service."""
    return ServiceDefinition(
        name="profile",
        title="Profile",
        description=DESCRIPTION,
        routers=[employees.router, directory.router, following.router, privacy.router, scim.router],
        projections=PROJECTIONS,
        on_startup=[create_claim_indexes],
    )
