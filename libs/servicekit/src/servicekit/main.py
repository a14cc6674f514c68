"""Process entry point shared by every service's ``__main__``."""

from __future__ import annotations

import argparse
import logging

import uvicorn

from servicekit.http.app import create_app
from servicekit.service import Role, ServiceDefinition, ServiceRuntime
from servicekit.settings import ServiceSettings
from servicekit.tracing import configure_tracing


def run_service(
    definition: ServiceDefinition, settings: ServiceSettings, argv: list[str] | None = None
) -> None:
    """Run one role of a service: ``api``, ``worker`` or ``all``."""
    parser = argparse.ArgumentParser(prog=f"{definition.name}_service")
    parser.add_argument("role", choices=["api", "worker", "all"], default="all", nargs="?")
    role: Role = parser.parse_args(argv).role
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    configure_tracing(definition.name)
    app = create_app(ServiceRuntime(settings, definition), role)
    uvicorn.run(
        app, host=settings.http_host, port=settings.http_port, log_level="info", access_log=False
    )
