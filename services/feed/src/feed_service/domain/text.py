"""Mentions and topics in post text (pure: resolving handles is the handler's job).

A resolved ``@userName`` is stored as a marker ``@{<employee id>}``: the view shows the
person's current name (a rename shows at once), and no stored text keeps a handle, which
is often an e-mail address, once that person is erased. ``#Tags`` become topics folded
like search (``servicekit.text.fold``): ``#Digitalisierung`` = ``#digitalisierung``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from collab_events.feed import MAX_MENTIONS, MAX_TOPICS
from collab_replicas import mention_handles
from servicekit.text import fold

MAX_TOPIC = 40
_MENTION = re.compile(r"(?<![\w@.])@(\w(?:[\w.%+\-@]*\w)?)")
_MARKER = re.compile(r"@\{([A-Za-z0-9][A-Za-z0-9._-]{0,63})\}")
_TOPIC = re.compile(r"(?<![\w#&])#([^\W_][\w-]*)")

__all__ = ["handles", "marker_ids", "replace_handles", "topic_key", "topics"]


def handles(text: str) -> list[str]:
    """The ``@handles`` written in ``text`` (markers are not handles)."""
    return mention_handles(text)


def replace_handles(text: str, resolved: Mapping[str, str]) -> str:
    """``text`` with each resolved ``@handle`` replaced by its ``@{employee id}`` marker."""

    def marker(match: re.Match[str]) -> str:
        employee_id = resolved.get(match.group(1))
        return match.group(0) if employee_id is None else f"@{{{employee_id}}}"

    return _MENTION.sub(marker, text)


def marker_ids(text: str) -> list[str]:
    """The employee ids of the ``@{id}`` markers in ``text``, in order, without repeats."""
    return list(dict.fromkeys(m.group(1) for m in _MARKER.finditer(text)))[:MAX_MENTIONS]


def topic_key(tag: str) -> str:
    """The folded key of a tag (a leading ``#`` is ignored); empty when it has no word."""
    return fold(tag.strip().removeprefix("#"))[:MAX_TOPIC]


def topics(text: str) -> list[str]:
    """The folded topics of ``text``, in order of appearance, without repeats."""
    keys: Iterable[str] = (topic_key(m.group(1)) for m in _TOPIC.finditer(text))
    return list(dict.fromkeys(k for k in keys if k))[:MAX_TOPICS]
