"""Partial representations: ``attributes`` / ``excludedAttributes`` (RFC 7644 §3.4.2.5, §3.9).

Names are in standard attribute notation (``userName``, ``name.givenName``,
``emails.value``, ``urn:...:enterprise:2.0:User:department``, the core URN as
an optional prefix), compared case-insensitively. ``id`` and ``schemas`` are
always returned; everything else is returned by default. The RFC has clients send
one of the two; a client sending both gets the ``attributes`` less the excluded.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from profile_service.api.scim import codes
from profile_service.api.scim.errors import ScimError
from profile_service.api.scim.urns import CORE_USER, ENTERPRISE_USER

ALWAYS = frozenset({"id", "schemas"})
MAX_NAMES = 50
Path = tuple[str, ...]  # lower-cased: ("name", "givenname"), (enterprise urn, "department")
Step = Callable[[dict[str, Any], tuple[Path, ...]], dict[str, Any]]


@dataclass(frozen=True)
class Selection:
    """Which attributes a response carries: ``included`` (or all), less ``excluded``."""

    included: tuple[Path, ...] = field(default=())
    excluded: tuple[Path, ...] = field(default=())

    def apply(self, resource: dict[str, Any]) -> dict[str, Any]:
        """The resource reduced to the selected attributes."""
        kept = resource
        if self.included:
            kept = {k: v for k, v in resource.items() if k in ALWAYS} | _pick(
                resource, self.included
            )
        if self.excluded:
            kept = _drop(kept, self.excluded)
        if ENTERPRISE_USER not in kept and "schemas" in kept:
            kept["schemas"] = [s for s in kept["schemas"] if s != ENTERPRISE_USER]
        return kept


def selection(attributes: Iterable[str], excluded: Iterable[str]) -> Selection:
    """Parse both lists (each item may hold comma-separated names)."""
    return Selection(_paths(attributes), _paths(excluded))


def query_selection(attributes: str | None, excluded: str | None) -> Selection:
    """The selection named by the query parameters."""
    return selection([attributes or ""], [excluded or ""])


def _paths(items: Iterable[str]) -> tuple[Path, ...]:
    names = [n.strip() for item in items for n in item.split(",") if n.strip()]
    if len(names) > MAX_NAMES:
        raise ScimError(codes.INVALID, f"at most {MAX_NAMES} attribute names")
    return tuple(parse_path(name) for name in names)


def parse_path(name: str) -> Path:
    """``urn:...:User:name.givenName`` -> ``("name", "givenname")``."""
    lowered = name.lower()
    for urn in (ENTERPRISE_USER.lower(), CORE_USER.lower()):
        if lowered == urn:
            return (urn,)
        if lowered.startswith(urn + ":"):
            rest = tuple(lowered[len(urn) + 1 :].split("."))
            return (urn, *rest) if urn != CORE_USER.lower() else rest
    return tuple(lowered.split("."))


def _pick(node: dict[str, Any], paths: tuple[Path, ...]) -> dict[str, Any]:
    kept: dict[str, Any] = {}
    for key, value in node.items():
        inner = tuple(p[1:] for p in paths if p[0] == key.lower())
        if not inner:
            continue
        if any(not p for p in inner):  # the whole attribute was asked for
            kept[key] = value
        elif (picked := _descend(value, inner, _pick)) is not None:
            kept[key] = picked
    return kept


def _drop(node: dict[str, Any], paths: tuple[Path, ...]) -> dict[str, Any]:
    kept: dict[str, Any] = {}
    for key, value in node.items():
        inner = tuple(p[1:] for p in paths if p[0] == key.lower())
        if key in ALWAYS or not inner:
            kept[key] = value
        elif all(inner):  # only sub-attributes are excluded
            rest = _descend(value, inner, _drop) if isinstance(value, dict | list) else value
            if rest is not None:
                kept[key] = rest
    return kept


def _descend(value: Any, paths: tuple[Path, ...], step: Step) -> Any:
    """Apply ``step`` inside a complex value or each entry of a multi-valued one."""
    if isinstance(value, dict):
        return step(value, paths) or None
    if isinstance(value, list):
        entries = [e for e in (step(v, paths) for v in value if isinstance(v, dict)) if e]
        return entries or None
    return None
