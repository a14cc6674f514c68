"""``python -m profile_service api|worker|all``."""

from __future__ import annotations

from servicekit.main import run_service

from profile_service.app import definition
from profile_service.config import Settings


def main() -> None:
    """Run the profile service in the role given on the command line."""
    run_service(definition(), Settings())


if __name__ == "__main__":
    main()
