"""``python -m notification_service all|api|worker``."""

from __future__ import annotations

from servicekit.main import run_service

from notification_service.app import definition
from notification_service.config import Settings

if __name__ == "__main__":
    run_service(definition(), Settings())
