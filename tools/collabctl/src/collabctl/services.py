"""Load a service's definition and settings, pointed at the local stack by default."""

from __future__ import annotations

import importlib
import os
from typing import Any

import typer
from servicekit.embedded import mongo_url_for
from servicekit.projection import Projection
from servicekit.service import ServiceDefinition
from servicekit.settings import ServiceSettings

from collabctl.launcher import StackPorts
from collabctl.paths import stack_paths
from collabctl.runstate import load_state


def local_endpoints() -> dict[str, str]:
    """Kafka and MongoDB addresses of the running local stack (or the default ports)."""
    try:
        state = load_state(stack_paths().run)
    except RuntimeError:
        state = {}
    ports = StackPorts()
    return {
        "kafka": state["kafka"][1] if "kafka" in state else f"127.0.0.1:{ports.kafka}",
        "mongo": state["mongo"][1] if "mongo" in state else mongo_url_for(ports.mongo),
    }


def load_service(name: str) -> tuple[ServiceDefinition, ServiceSettings]:
    """``<name>_service.app.definition()`` and its Settings (COLLAB_* env wins)."""
    try:
        app_module = importlib.import_module(f"{name}_service.app")
        config_module = importlib.import_module(f"{name}_service.config")
    except ModuleNotFoundError:
        raise typer.BadParameter(f"no service named {name!r} is installed") from None
    overrides: dict[str, Any] = {}
    endpoints = local_endpoints()
    if "COLLAB_KAFKA_BOOTSTRAP" not in os.environ:
        overrides["kafka_bootstrap"] = endpoints["kafka"]
    if "COLLAB_MONGO_URL" not in os.environ:
        overrides["mongo_url"] = endpoints["mongo"]
    settings = config_module.Settings(**overrides)
    return app_module.definition(), settings


def find_projection(definition: ServiceDefinition, name: str) -> Projection:
    """The service's projection called ``name``."""
    for projection in definition.projections:
        if projection.name == name:
            return projection
    known = ", ".join(p.name for p in definition.projections) or "none"
    raise typer.BadParameter(f"{definition.name} has no projection {name!r} (known: {known})")
