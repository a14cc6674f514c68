"""``python -m news_service all|api|worker``."""

from __future__ import annotations

from servicekit.main import run_service

from news_service.app import definition
from news_service.config import Settings

if __name__ == "__main__":
    run_service(definition(), Settings())
