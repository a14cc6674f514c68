"""HTTP routers of the polling service."""

from __future__ import annotations

from polling_service.api import polls, privacy, results, voting

ROUTERS = [polls.router, voting.router, results.router, privacy.router]
