"""Backward-compatibility rules for a released JSON Schema.

A change is compatible when every reader of the old version can still read new
data and every old payload is still valid: no property removed or retyped, and
no new required property. Anything else needs a new version plus an upcaster.
"""

from __future__ import annotations

from typing import Any

# Keys that document a schema without constraining data.
_DOC_KEYS = frozenset({"title", "description", "examples", "default", "$id", "$schema"})


def _shape(schema: Any) -> Any:
    """The schema without documentation keys, for comparing constraints."""
    if isinstance(schema, dict):
        return {k: _shape(v) for k, v in schema.items() if k not in _DOC_KEYS}
    if isinstance(schema, list):
        return [_shape(v) for v in schema]
    return schema


def incompatibilities(old: dict[str, Any], new: dict[str, Any], path: str = "") -> list[str]:
    """Every way ``new`` breaks readers or payloads of ``old`` (empty when compatible)."""
    problems: list[str] = []
    old_props: dict[str, Any] = old.get("properties", {})
    new_props: dict[str, Any] = new.get("properties", {})
    for name, old_prop in old_props.items():
        if name not in new_props:
            problems.append(f"{path}{name}: property removed")
        elif _shape(old_prop) != _shape(new_props[name]):
            problems.append(f"{path}{name}: type or constraints changed")
    added_required = set(new.get("required", [])) - set(old.get("required", []))
    problems += [f"{path}{name}: became required" for name in sorted(added_required)]
    old_defs: dict[str, Any] = old.get("$defs", {})
    new_defs: dict[str, Any] = new.get("$defs", {})
    for name, old_def in old_defs.items():
        if name not in new_defs:
            problems.append(f"$defs/{name}: definition removed")
        else:
            problems += incompatibilities(old_def, new_defs[name], f"$defs/{name}/")
    return problems
