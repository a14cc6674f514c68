"""Relaying a service's Server-Sent Events: parse its frames, send HTML frames on."""

from __future__ import annotations

from collections.abc import AsyncIterator


async def sse_frames(lines: AsyncIterator[str]) -> AsyncIterator[dict[str, str]]:
    """Server-Sent Events frames (field -> value; ``data`` lines joined) from text lines."""
    frame: dict[str, str] = {}
    async for line in lines:
        if not line:
            if frame:
                yield frame
            frame = {}
            continue
        field, _sep, value = line.partition(":")
        value = value[1:] if value.startswith(" ") else value
        if field == "data" and "data" in frame:
            value = f"{frame['data']}\n{value}"
        frame[field or "comment"] = value


def html_frame(event: str, html: str, event_id: str | None = None) -> str:
    """One SSE frame carrying ``html`` (one ``data:`` line per line, so it never ends early)."""
    head = f"event: {event}\n" + (f"id: {event_id}\n" if event_id else "")
    data = "".join(f"data: {line}\n" for line in html.splitlines() or [""])
    return f"{head}{data}\n"


KEEP_ALIVE = ": keep-alive\n\n"
