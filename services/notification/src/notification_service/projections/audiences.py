"""Audiences of articles and polls in the replicas' terms."""

from __future__ import annotations

from typing import Any

from collab_replicas import Audience, Criteria


def _criteria(c: dict[str, Any]) -> Criteria:
    return Criteria(
        tuple(c.get("countries", ())),
        tuple(c.get("departments", ())),
        tuple(c.get("locations", ())),
        tuple(c.get("languages", ())),
        tuple(c.get("groups", ())),
        tuple(c.get("employees", ())),
    )


def audience_of(doc: dict[str, Any]) -> Audience:
    """The replicas' audience of a stored article or poll audience (``model_dump``)."""
    return Audience(
        _criteria(doc.get("include", {})),
        _criteria(doc.get("exclude", {})),
        bool(doc.get("everyone")),
    )
