"""Post and comment text as safe HTML: escaped, mentions and #topics as links."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from markupsafe import Markup, escape

# The feed stores a resolved mention as ``@{employee_id}`` in the text.
_MARKER = re.compile(r"@\{([A-Za-z0-9][A-Za-z0-9._-]{0,63})\}")
_TOPIC = re.compile(r"(?<![\w&#])#(\w[\w-]{0,63})")


def rich_text(item: dict[str, Any]) -> Markup:
    """``item['text']`` escaped, with its mentions linked to profiles and topics to search."""
    names = {m["employee_id"]: m["display_name"] for m in item.get("mentions") or []}
    html = str(escape(item.get("text") or ""))

    def mention(match: re.Match[str]) -> str:
        employee_id = match.group(1)
        name = escape(names.get(employee_id, employee_id))
        return f'<a class="mention" href="/people/{employee_id}">@{name}</a>'

    def topic(match: re.Match[str]) -> str:
        tag = match.group(1)
        return f'<a class="topic" href="/topics/{quote(tag.lower())}">#{tag}</a>'

    html = _MARKER.sub(mention, html)
    html = _TOPIC.sub(topic, html)
    return Markup(html.replace("\n", "<br>\n"))
