"""Search over post and comment text: prefixes in any spelling, only what the caller may read."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.integration


async def _found(api, who: str, q: str, token: str | None = None) -> list[str]:
    answer = await api.call("GET", "/v1/posts", who, params={"q": q}, token=token)
    assert answer.status_code == 200, answer.text
    return [p["id"] for p in answer.json()["items"]]


async def test_search_posts_and_comments_readable_only(api, world, ids) -> None:
    author, member, outsider = ids(), ids(), ids()
    word = ids("w").replace("-", "")  # unique per run: the module's posts share one database
    public, _ = await api.post(author, f"Jürgen Müller präsentiert {word}alpha heute")
    other, _ = await api.post(author, "nothing to see")
    group_id = await world.group(author, "private")
    await world.join(group_id, member)
    hidden, _ = await api.post(author, f"{word}alpha in the private group", group_id)
    comment = await api.call(
        "POST", f"/v1/posts/{other}/comments", member, json={"text": f"see {word}beta roadmap"}
    )
    token = comment.headers["consistency-token"]
    assert await _found(api, outsider, f"{word}alpha mueller", token) == [public]
    assert await _found(api, outsider, f"MULL {word}AL") == [public]
    assert await _found(api, member, f"{word}alpha") == [hidden, public]
    assert await _found(api, outsider, f"{word}beta road") == [other]
    assert await _found(api, outsider, f"{word}alpha nowhere") == []
    deleted = await api.call("DELETE", f"/v1/posts/{public}", author)
    assert await _found(api, member, f"{word}alpha", deleted.headers["consistency-token"]) == [
        hidden
    ]
