"""Search terms of posts and comments, on the platform's one text folding (``servicekit.text``).

Every prefix of every word in both spellings (folded and transliterated), as in people
and group search: ``mull`` finds "Müller", ``digit`` finds "#Digitalisierung". A long
text is indexed by its first MAX_WORDS distinct words, which bounds the array.
"""

from __future__ import annotations

from servicekit.text import fold, word_prefixes, words

MAX_WORDS = 400


def search_terms(text: str) -> list[str]:
    """The indexed prefixes of ``text`` (``@{id}`` markers and markup are only more words)."""
    distinct = {fold(word): word for word in words(text)}  # keeps a spelling per word
    return word_prefixes(" ".join(list(distinct.values())[:MAX_WORDS]))
