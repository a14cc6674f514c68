"""``@userName`` mentions in text: finding the handles (resolving them is a people query)."""

from __future__ import annotations

import re

MAX_MENTIONS = 50
# A handle starts after "@" that does not continue a word or an e-mail address, and ends
# on a letter or digit, so "@ana.muller@example.com." mentions "ana.muller@example.com".
_MENTION = re.compile(r"(?<![\w@.])@(\w(?:[\w.%+\-@]*\w)?)")


def mention_handles(text: str, limit: int = MAX_MENTIONS) -> list[str]:
    """The distinct handles mentioned in ``text``, in order of appearance, at most ``limit``."""
    found = dict.fromkeys(m.group(1) for m in _MENTION.finditer(text))
    return list(found)[:limit]
