"""``python -m gateway_service``: serve the web app (roles ``api`` and ``all`` are the same)."""

from __future__ import annotations

import sys

import uvicorn

from gateway_service.app import create_app
from gateway_service.config import Settings


def main(argv: list[str]) -> None:
    """Run the gateway on its configured host and port."""
    role = argv[0] if argv else "all"
    if role not in ("api", "all"):
        raise SystemExit(f"unknown role {role!r}: the gateway runs as api or all")
    settings = Settings()
    uvicorn.run(
        create_app(settings),
        host=settings.http_host,
        port=settings.http_port,
        log_level="info",
        proxy_headers=True,
    )


if __name__ == "__main__":
    main(sys.argv[1:])
